// Errors as RFC 9457 problem details (`application/problem+json`), carrying the same located
// diagnostics the CLI prints. A problem never quotes a request body.

import Foundation
public import HTTPTypes
public import Hummingbird
public import SharegraphCore
import SharegraphReport

/// An answer that went wrong, as RFC 9457 problem details.
public struct Problem: Error, Sendable {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// A short name for the kind of problem, the same for every occurrence.
    public var title: String
    /// What went wrong this time, and what to do.
    public var detail: String
    /// The diagnostics, with file, line and column, when the problem is in a document.
    public var diagnostics: [Diagnostic]
    /// Seconds after which the request may be tried again (429, 503).
    public var retryAfter: Int?

    /// Creates a problem.
    public init(
        _ status: HTTPResponse.Status, _ title: String, detail: String, diagnostics: [Diagnostic] = [],
        retryAfter: Int? = nil
    ) {
        self.status = status
        self.title = title
        self.detail = detail
        self.diagnostics = diagnostics
        self.retryAfter = retryAfter
    }

    /// The most diagnostics one answer lists.
    public static let maximumDiagnostics = 100

    /// The problem's type URI: a stable name for its kind.
    public var type: String {
        "urn:sharegraph:problem:"
            + title.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }.reduce(into: "") {
                $0.append($1)
            }
    }

    /// The problem as a response, for the request at `path`.
    public func response(path: String) -> Response {
        struct Body: Encodable {
            var type: String
            var title: String
            var status: Int
            var detail: String
            var instance: String
            var diagnostics: [CheckReport.Finding]?
        }
        // A body of many small mistakes cannot make a much larger answer: the first few are listed,
        // and the detail says how many were left out.
        let shown = diagnostics.prefix(Self.maximumDiagnostics)
        let omitted = diagnostics.count - shown.count
        let body = Body(
            type: type, title: title, status: Int(status.code),
            detail: omitted > 0
                ? "\(detail); the first \(shown.count) are listed, \(omitted) more were left out" : detail,
            instance: path,
            diagnostics: diagnostics.isEmpty ? nil : CheckReport(diagnostics: Array(shown), files: []).findings)
        var headers: HTTPFields = [.contentType: "application/problem+json", .cacheControl: "no-store"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSON.encode(body))))
    }

    /// 400: a document with errors at their places.
    static func invalid(_ what: String, _ diagnostics: [Diagnostic]) -> Problem {
        let errors = diagnostics.filter { $0.severity == .error }
        return Problem(
            .badRequest, "Invalid document",
            detail:
                "the \(what) has \(errors.count == 1 ? "1 error" : "\(errors.count) errors"); each is listed with its line and column",
            diagnostics: errors)
    }

    /// 400: a query parameter or header with a bad value.
    static func badParameter(_ detail: String) -> Problem { Problem(.badRequest, "Bad parameter", detail: detail) }

    /// 404: nothing with that id.
    static func notFound(_ detail: String) -> Problem { Problem(.notFound, "Not found", detail: detail) }
}

/// JSON as every answer writes it: sorted keys, slashes unescaped.
enum JSON {
    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    static func snakeCase(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }
}

extension Response {
    /// A response with `body` and its media type.
    static func body(_ body: some Sequence<UInt8>, type: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(
            status: status, headers: [.contentType: type, .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A JSON response.
    static func json(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        body(Array(text.utf8), type: "application/json", status: status)
    }

    /// A JSON response from a value, keys sorted.
    static func json(encoding value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        body(JSON.encode(value), type: "application/json", status: status)
    }
}
