// Reads erasure requests: one YAML file, or a JSON-lines batch with one request per line.
// Requests carry identifiers, which are personal data: no diagnostic repeats a value from them.

import Foundation
public import SharegraphCore
import SharegraphSupport

/// What reading requests produced.
public struct RequestLoadResult: Sendable {
    /// The requests read without errors, in file order.
    public var requests: [ErasureRequest]
    /// Every problem found, in report order.
    public var diagnostics: [Diagnostic]
    /// The texts read, for snippets, by path.
    public var sources: [String: SourceFile]
}

/// Reads request files and batches.
public struct RequestLoader: Sendable {
    /// The bounds each file must respect.
    public var limits: LoaderLimits
    /// Directories a request's `subject:` path may point into, besides the request file's own
    /// directory and the working directory: a request cannot make the tool read a file elsewhere.
    public var subjectDirectories: [String] = []
    /// Whether a request may name its subject by a file path; a server reads only inline subjects,
    /// so that a request body can never make it read a file.
    public var readsSubjectFiles = true

    /// Creates a loader.
    public init(limits: LoaderLimits = LoaderLimits()) {
        self.limits = limits
    }

    static let keys = [
        "sharegraph-request", "id", "subject", "controller", "received", "scope", "purposes", "extension", "language",
    ]
    static let scopes = ["erasure", "consent-withdrawal", "objection", "retention-sweep"]

    /// Reads one YAML request file; a `subject:` path is read relative to it.
    public func load(path: String, graph: Graph) -> RequestLoadResult {
        switch InputFile.read(
            path, limit: limits.maxFileBytes, what: "request file",
            hint: "check the path; see Samples/requests/ for examples")
        {
        case .failure(let problem): return RequestLoadResult(requests: [], diagnostics: [problem], sources: [:])
        case .success(let bytes): return parse(text: bytes, file: path, graph: graph)
        }
    }

    /// Parses one request's bytes.
    public func parse(text bytes: [UInt8], file: String, graph: Graph) -> RequestLoadResult {
        let text: String
        switch Prescan(file: file, limits: limits).validate(bytes) {
        case .failure(let problem): return RequestLoadResult(requests: [], diagnostics: [problem], sources: [:])
        case .success(let valid): text = valid
        }
        var result = decode(
            text: text, file: file, line: 1, graph: graph, budgetBytes: bytes.count, versionRequired: true)
        result.sources[file] = SourceFile(path: file, personalData: text)
        return result
    }

    /// Reads a JSON-lines batch: one request object per line; blank lines are skipped.
    /// Each line is read alone, so one bad line is reported with its line number and the others still load.
    public func loadBatch(path: String, graph: Graph) -> RequestLoadResult {
        let batch: RequestBatch
        switch RequestBatch.open(path: path, loader: self) {
        case .failure(let problem): return RequestLoadResult(requests: [], diagnostics: [problem], sources: [:])
        case .success(let opened): batch = opened
        }
        var seen = Set<String>()
        return batch.read(0..<batch.count, graph: graph, seen: &seen)
    }

    /// Decodes one request document whose first line is `line` of `file`. A request holds a
    /// person's identifiers, so every message quotes its values masked, whatever format the
    /// diagnostics are then written in (text, JSON, a server's problem).
    func decode(text: String, file: String, line: Int, graph: Graph, budgetBytes: Int, versionRequired: Bool)
        -> RequestLoadResult
    {
        var result = decodeQuoting(
            text: text, file: file, line: line, graph: graph, budgetBytes: budgetBytes,
            versionRequired: versionRequired)
        result.diagnostics = result.diagnostics.map { $0.maskingQuotedValues() }
        return result
    }

    private func decodeQuoting(
        text: String, file: String, line: Int, graph: Graph, budgetBytes: Int, versionRequired: Bool
    ) -> RequestLoadResult {
        let shift = { (location: SourceLocation) in
            location.moved(line: location.line + line - 1, column: location.column)
        }
        let root: Node
        do {
            guard let composed = try YAMLComposer.compose(text) else {
                return RequestLoadResult(
                    requests: [],
                    diagnostics: [
                        Diagnostic(
                            id: "missing-field", severity: .error, message: "the request is empty",
                            at: SourceLocation(file: file, line: line, column: 1),
                            hint:
                                "start with `sharegraph-request: 1`, then `id:`, `subject:`, `controller:`, `received:` and `scope:`"
                        )
                    ], sources: [:])
            }
            root = composed
        } catch {
            var diagnostic = GraphLoader.diagnostic(for: error, file: file, text: text)
            diagnostic.location = shift(diagnostic.location)
            return RequestLoadResult(requests: [], diagnostics: [diagnostic], sources: [:])
        }
        // The context places every value at its line in the file, so a request's ids and purposes
        // point into the batch as its diagnostics do.
        let context = DecodeContext(
            file: file, limits: limits, budget: limits.nodeBudget(forFileBytes: budgetBytes), firstLine: line,
            holdsPersonalData: true)
        var request: ErasureRequest?
        var subjectDiagnostics: [Diagnostic] = []
        var sources: [String: SourceFile] = [:]
        do {
            request = try RequestDecoder(
                context: context, graph: graph, limits: limits, subjectDirectories: subjectDirectories,
                readsSubjectFiles: readsSubjectFiles
            ).decode(
                root, versionRequired: versionRequired, subjectDiagnostics: &subjectDiagnostics, sources: &sources)
        } catch {
            context.error(
                "limit-exceeded", "the request expands to more YAML nodes than its size allows (alias expansion?)",
                at: SourceLocation(file: file, line: line, column: 1),
                hint: "aliases may not multiply the document; write the values out")
        }
        var diagnostics = context.diagnostics
        diagnostics += subjectDiagnostics
        diagnostics.sort(by: Diagnostic.reportOrder)
        let failed = diagnostics.containsErrors
        return RequestLoadResult(
            requests: failed ? [] : request.map { [$0] } ?? [], diagnostics: diagnostics, sources: sources)
    }
}

/// Decodes a request's nodes.
struct RequestDecoder {
    let context: DecodeContext
    let graph: Graph
    let limits: LoaderLimits
    var subjectDirectories: [String] = []
    var readsSubjectFiles = true

    func decode(
        _ root: Node, versionRequired: Bool, subjectDiagnostics: inout [Diagnostic], sources: inout [String: SourceFile]
    ) throws -> ErasureRequest? {
        guard let fields = try Fields(root, context, what: "a request", allowed: RequestLoader.keys) else { return nil }
        if let version = try fields.string("sharegraph-request", required: versionRequired), version.value != "1" {
            context.error(
                "invalid-value", "request format version `\(version.value.prefix(20))` is not supported",
                at: version.location,
                hint: "this version of sharegraph reads `sharegraph-request: 1`")
        }
        let id = try fields.id("id")
        let controller = try fields.id("controller")
        if let controller, graph.party(controller.value) == nil {
            context.add(
                .unknown(
                    "controller", controller, among: graph.parties.map(\.id.value), id: "unknown-reference",
                    hint: "name the controller that received the request"))
        }
        let received = try fields.date("received", required: true)
        let scopeWord = try fields.choice("scope", required: true, kind: "scope", options: RequestLoader.scopes) {
            word in
            RequestLoader.scopes.contains(word) ? word : nil
        }
        let purposes = try fields.references("purposes")
        for purpose in purposes where graph.purpose(purpose.value) == nil {
            context.add(
                .unknown(
                    "purpose", purpose, among: graph.purposes.map(\.id.value), id: "unknown-reference",
                    hint: "name purposes of the controller that received the request"))
        }
        var scope: ErasureScope?
        switch scopeWord?.value {
        case "erasure"?: scope = .erasure
        case "retention-sweep"?: scope = .retentionSweep
        case "consent-withdrawal"?: scope = .consentWithdrawal(purposes: purposes)
        case "objection"?:
            if purposes.isEmpty, let scopeWord {
                context.error(
                    "missing-field", "an objection names the purposes objected to", at: scopeWord.location,
                    hint: "add `purposes: [...]` with the controller's direct-marketing purposes")
            }
            scope = .objection(purposes: purposes)
        default: break
        }
        if let scopeWord, !purposes.isEmpty, scopeWord.value == "erasure" || scopeWord.value == "retention-sweep" {
            context.error(
                "invalid-value", "`purposes` applies only to consent-withdrawal and objection", at: scopeWord.location,
                hint: "remove `purposes`, or change the scope")
        }
        var deadlineExtension: DeadlineExtension?
        if let node = fields.node("extension"),
            let extensionFields = try Fields(node, context, what: "the extension", allowed: ["months", "reason"])
        {
            let months = try extensionFields.string("months", required: true)
            let reason = try extensionFields.string("reason", required: true)
            if let months {
                if let count = Int(months.value), (1...2).contains(count) {
                    if let reason, !reason.value.isEmpty {
                        deadlineExtension = DeadlineExtension(months: count, reason: reason.value)
                    }
                } else {
                    context.error(
                        "invalid-value", "an extension is 1 or 2 months (Art. 12(3)), not `\(months.value.prefix(20))`",
                        at: months.location)
                }
            }
        }
        let language = try fields.choice("language", kind: "language", options: ["en", "nb"]) {
            ["en", "nb"].contains($0) ? $0 : nil
        }
        let subject = try subject(fields, diagnostics: &subjectDiagnostics, sources: &sources)
        guard let id, let controller, let received, let scope, let subject else { return nil }
        return ErasureRequest(
            id: id, subject: subject, controller: controller, received: received, scope: scope,
            deadlineExtension: deadlineExtension,
            language: language?.value ?? "en", location: fields.location)
    }

    /// The subject: a path to a subject file (relative to the request) or the subject written inline.
    private func subject(_ fields: Fields, diagnostics: inout [Diagnostic], sources: inout [String: SourceFile]) throws
        -> Subject?
    {
        guard let node = fields.node("subject", required: true) else { return nil }
        if case .mapping = node {
            return try SubjectDecoder(context: context, graph: graph).decode(node, inline: true)
        }
        guard let path = try Fields.scalar(node, context, what: "`subject` in a request") else { return nil }
        guard readsSubjectFiles else {
            context.error(
                "invalid-value", "`subject:` names a file, which this service does not read", at: path.location,
                hint: "write the subject inline: `subject: {reference: ..., relationships: [...]}`")
            return nil
        }
        let directory = (context.file as NSString).deletingLastPathComponent
        let resolved =
            path.value.hasPrefix("/") || directory.isEmpty
            ? path.value : (directory as NSString).appendingPathComponent(path.value)
        guard FileManager.default.fileExists(atPath: resolved) else {
            context.error(
                "io-error", "cannot find the subject file `\(RequestLoader.printable(path.value))`", at: path.location,
                hint: "the path is read relative to the request file; see Samples/subjects/")
            return nil
        }
        let allowed =
            [directory.isEmpty ? "." : directory, FileManager.default.currentDirectoryPath] + subjectDirectories
        guard RequestLoader.isInside(resolved, anyOf: allowed) else {
            context.error(
                "io-error",
                "the subject file `\(RequestLoader.printable(path.value))` lies outside the request's directory and the working directory",
                at: path.location,
                hint: "move the subject file beside the request, or allow its directory with --subjects-from DIR")
            return nil
        }
        let loaded = SubjectLoader(limits: limits).load(path: resolved, graph: graph)
        diagnostics += loaded.diagnostics
        if let source = loaded.source { sources[resolved] = source }
        return loaded.subject
    }
}

extension RequestLoader {
    /// Whether `path`, with symbolic links resolved, lies inside one of the directories.
    static func isInside(_ path: String, anyOf directories: [String]) -> Bool {
        let file = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        return directories.contains { directory in
            let root = URL(fileURLWithPath: directory).resolvingSymlinksInPath().standardizedFileURL.path
            return file.hasPrefix(root.hasSuffix("/") ? root : root + "/")
        }
    }

    /// A path as it may be printed: control characters shown as `?`, at most 200 characters.
    static func printable(_ text: String) -> String {
        String(text.prefix(200).unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
    }
}

/// A JSON-lines batch of requests, opened once and read in slices, so that a batch of a million
/// requests is checked whole first and then planned and recorded a slice at a time.
public struct RequestBatch: Sendable {
    private let file: JSONLinesFile
    private let loader: RequestLoader

    /// The file.
    public var path: String { file.path }

    /// How many requests (non-blank lines) the batch holds.
    public var count: Int { file.lines.count }

    /// Reads the file and finds its lines; fails with a located diagnostic when it cannot be read.
    public static func open(path: String, loader: RequestLoader = RequestLoader()) -> Result<RequestBatch, Diagnostic> {
        JSONLinesFile.open(
            path: path, limits: loader.limits, what: "batch", line: "one request",
            hint: "split the batch into several files and record each; requests already in the ledger are skipped"
        )
        .map { RequestBatch(file: $0, loader: loader) }
    }

    /// The positions of the requests, cut into slices of `size`.
    public func slices(of size: Int = 1_000) -> [Range<Int>] {
        file.slices(of: size)
    }

    /// Reads and checks every request, a slice at a time, keeping none: each line's syntax and
    /// fields, ids unique across the whole batch, and what a plan needs (`TraceIndex.check`), so that
    /// a batch with any error records nothing. The diagnostics are all the batch's problems.
    public func check(index: TraceIndex, sliceSize: Int = 1_000) -> RequestLoadResult {
        var seen = Set<String>()
        var result = RequestLoadResult(requests: [], diagnostics: [], sources: [:])
        for slice in slices(of: sliceSize) {
            let read = read(slice, graph: index.graph, seen: &seen)
            result.diagnostics += read.diagnostics
            for request in read.requests {
                do throws(ErasurePlanError) {
                    try index.check(request)
                } catch {
                    result.diagnostics.append(
                        Diagnostic(
                            id: "cannot-plan", severity: .error, message: error.description, at: error.location,
                            hint:
                                "name the controller the subject has a relationship with, and only that controller's purposes"
                        ))
                }
            }
        }
        if !result.diagnostics.isEmpty {
            result.sources[path] = SourceFile(path: path, personalData: file.text)
            result.diagnostics.sort(by: Diagnostic.reportOrder)
        }
        return result
    }

    /// The requests in `range` (positions among the non-blank lines), read on all cores, in file
    /// order; lines with errors are left out (`check` reports them).
    public func requests(in range: Range<Int>, graph: Graph) -> [ErasureRequest] {
        var seen = Set<String>()
        return read(range, graph: graph, seen: &seen).requests
    }

    /// Reads the requests in `range` on all cores. Ids repeated within the range, or already in
    /// `seen`, are errors.
    func read(_ range: Range<Int>, graph: Graph, seen: inout Set<String>) -> RequestLoadResult {
        let decoded = Parallel.map(range.count) { position -> RequestLoadResult in
            let line = file.lines[range.lowerBound + position]
            let slice = file.bytes(at: range.lowerBound + position)
            guard slice.count <= loader.limits.maxFileBytes else {
                return RequestLoadResult(
                    requests: [],
                    diagnostics: [
                        Diagnostic(
                            id: "limit-exceeded", severity: .error,
                            message:
                                "the line is \(slice.count) bytes, more than the limit of \(loader.limits.maxFileBytes) for one request",
                            at: SourceLocation(file: path, line: line.number, column: 1),
                            hint: "write one request per line")
                    ],
                    sources: [:])
            }
            guard slice.first == UInt8(ascii: "{") else {
                return RequestLoadResult(
                    requests: [],
                    diagnostics: [
                        Diagnostic(
                            id: "wrong-type", severity: .error, message: "each line of a batch must be one JSON object",
                            at: SourceLocation(file: path, line: line.number, column: 1),
                            hint:
                                "write one request per line, e.g. {\"id\": \"dsr-1\", \"subject\": \"s.yaml\", \"controller\": \"vekstly\", \"received\": \"2026-11-02\", \"scope\": \"erasure\"}"
                        )
                    ],
                    sources: [:])
            }
            return loader.decode(
                text: String(decoding: slice, as: UTF8.self), file: path, line: line.number, graph: graph,
                budgetBytes: slice.count, versionRequired: false)
        }
        var result = RequestLoadResult(requests: [], diagnostics: [], sources: [:])
        for one in decoded {
            for request in one.requests {
                guard seen.insert(request.id.value).inserted else {
                    result.diagnostics.append(
                        Diagnostic(
                            id: "duplicate-id", severity: .error,
                            message: "request id `\(request.id.value)` appears twice in the batch",
                            at: request.id.location, hint: "give each request its own id"))
                    continue
                }
                result.requests.append(request)
            }
            result.diagnostics += one.diagnostics
        }
        if !result.diagnostics.isEmpty {
            result.sources[path] = SourceFile(path: path, personalData: file.text)
            result.diagnostics.sort(by: Diagnostic.reportOrder)
        }
        return result
    }
}
