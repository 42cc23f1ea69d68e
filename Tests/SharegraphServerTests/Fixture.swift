// A server over the seed graphs and a fresh ledger, with one token per scope, tested through
// HummingbirdTesting's router framework (no socket) unless a test needs a live one.

import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SharegraphCore
import SharegraphLedger
import SharegraphServer
import SharegraphTestSupport

final class ServerFixture: Sendable {
    let directory: URL
    let environment: ServerEnvironment
    let configuration: ServerConfiguration

    static let readToken = "sgt_read-token-for-tests"
    static let writeToken = "sgt_write-token-for-tests"
    static let bothToken = "sgt_both-token-for-tests"
    static let openDSRToken = "sgt_opendsr-token-for-tests"
    static let igoOpenDSRToken = "sgt_igo-opendsr-token-for-tests"

    static var tokens: TokenStore {
        // swiftlint:disable:next force_try
        try! TokenStore(
            text: [
                TokenStore.line(name: "reader", scopes: "read", token: readToken),
                TokenStore.line(name: "writer", scopes: "write", token: writeToken),
                TokenStore.line(name: "both", scopes: "read,write", token: bothToken),
                TokenStore.line(name: "vekstly-dsr", scopes: "opendsr=vekstly", token: openDSRToken),
                TokenStore.line(name: "igo-dsr", scopes: "opendsr=igo", token: igoOpenDSRToken),
            ].joined(separator: "\n"), origin: "test")
    }

    init(
        graphs: [String]? = nil, limits: ServerLimits = ServerLimits(), openDSR: OpenDSRConfiguration? = nil,
        today: CalendarDate = CalendarDate(iso: "2026-11-20")!
    ) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let store = GraphStore(
            paths: graphs ?? [Seeds.repository.appendingPathComponent("Graphs").path], logger: logger)
        store.reload()
        environment = ServerEnvironment(
            graphs: store, ledger: try SQLiteLedger(path: directory.appendingPathComponent("ledger.sqlite").path),
            limits: limits, toolVersion: "test", today: { today })
        configuration = ServerConfiguration(tokens: Self.tokens, deliveryInterval: nil, openDSR: openDSR)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    var application: some ApplicationProtocol {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return SharegraphServer.application(environment: environment, configuration: configuration, logger: logger)
    }

    /// Runs `body` with a client of the router.
    func test<T: Sendable>(_ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        try await application.test(.router, body)
    }
}

extension HTTPFields {
    static func bearer(_ token: String, _ extra: HTTPFields = [:]) -> HTTPFields {
        var fields = extra
        fields[.authorization] = "Bearer \(token)"
        return fields
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [String: Any] ?? [:]
    }
    var jsonArray: [[String: Any]] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView))) as? [[String: Any]] ?? []
    }
}

/// A request body from text.
func body(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

/// The Vekstly sample request with its subject inline, as a script would post it.
func vekstlyRequest(id: String = "vekstly-dsr-2026-0107") throws -> String {
    let subject = try String(
        contentsOf: Seeds.subjects.appendingPathComponent("vekstly-course-participant-card.yaml"), encoding: .utf8)
    let inline = subject.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.hasPrefix("sharegraph-subject") }
        .map { "  " + $0 }.joined(separator: "\n")
    return """
        sharegraph-request: 1
        id: \(id)
        controller: vekstly
        received: 2026-11-16
        scope: erasure
        subject:
        \(inline)
        """
}
