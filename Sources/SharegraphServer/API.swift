// The JSON API under /api/v1: what the CLI does, over HTTP, from the graph held compiled in memory.
// Routes are registered here; each answers from a snapshot of the graph taken when it starts, so a
// reload in the middle of a request never mixes two graphs.

import Foundation
import Hummingbird
public import SharegraphCore
public import SharegraphLedger
import SharegraphRender
import SharegraphReport
import SharegraphYAML

/// What the routes answer from.
public struct ServerEnvironment: Sendable {
    /// The graphs.
    public let graphs: GraphStore
    /// The ledger of requests and notices.
    public let ledger: SQLiteLedger
    /// Bounds on each request.
    public let limits: ServerLimits
    /// The tool's version, for SARIF and health.
    public let toolVersion: String
    /// The clock; tests move it.
    public let today: @Sendable () -> CalendarDate

    /// Creates the environment.
    public init(
        graphs: GraphStore, ledger: SQLiteLedger, limits: ServerLimits = ServerLimits(), toolVersion: String,
        today: @escaping @Sendable () -> CalendarDate = { .today() }
    ) {
        self.graphs = graphs
        self.ledger = ledger
        self.limits = limits
        self.toolVersion = toolVersion
        self.today = today
    }

    /// The graph being served, or a 503 problem with the last load's errors.
    func snapshot() throws -> GraphSnapshot {
        let health = graphs.health
        guard let current = health.current else {
            throw Problem(
                .serviceUnavailable, "Graphs not loaded",
                detail: "no graph has loaded without errors yet; fix the errors listed and the server reloads",
                diagnostics: health.lastFailure, retryAfter: 5)
        }
        return current
    }
}

/// The /api routes.
struct API {
    let environment: ServerEnvironment
    /// Where recipients post status callbacks (this server's /opendsr/callbacks), when it receives them.
    var callbackURL: String?

    func register(on router: Router<ServerContext>) {
        router.get("/api/health") { _, _ in health() }
        let v1 = router.group("/api/v1")
        v1.get("openapi.json") { _, context in
            _ = try context.requireRead()
            return Response.json(OpenAPIDocument.json)
        }
        v1.get("graph") { _, context in
            _ = try context.requireRead()
            return try graphSummary()
        }
        v1.get("graph/findings") { request, context in
            _ = try context.requireRead()
            return try findings(format: request.query("format") ?? "json")
        }
        v1.post("trace") { request, context in
            _ = try context.requireRead()
            var request = request
            return try await trace(request: &request)
        }
        v1.get("recipients") { request, context in
            _ = try context.requireRead()
            return try recipients(party: request.query("party"), category: request.query("category"))
        }
        v1.get("diagrams/:view") { request, context in
            _ = try context.requireRead()
            return try diagram(view: context.parameters.get("view") ?? "", request: request)
        }
        v1.post("diagrams/subject") { request, context in
            _ = try context.requireRead()
            var request = request
            return try await subjectDiagram(request: &request)
        }
        v1.post("erasure-requests") { request, context in
            let planOnly = request.query("plan") == "true"
            _ = try planOnly ? context.requireRead() : context.requireWrite()
            var request = request
            return try await erasure(request: &request, planOnly: planOnly)
        }
        v1.get("erasure-requests/:id") { _, context in
            _ = try context.requireRead()
            return try status(of: context.parameters.get("id") ?? "")
        }
        v1.get("erasure-requests/:id/events") { _, context in
            _ = try context.requireRead()
            return try events(of: context.parameters.get("id") ?? "")
        }
        v1.get("notices") { request, context in
            _ = try context.requireRead()
            return try notices(request)
        }
        v1.post("notices/:id/ack") { request, context in
            _ = try context.requireWrite()
            var request = request
            return try await acknowledge(context.parameters.get("id") ?? "", request: &request)
        }
    }

    // MARK: Health and the graph

    func health() -> Response {
        struct Health: Encodable {
            var status: String
            var version: String
            var graph: Graph?
            var reloadErrors: [CheckReport.Finding]
            struct Graph: Encodable {
                var version: Int
                var loadedAt: String
                var files: Int
                var parties: Int
                var flows: Int
            }
        }
        let health = environment.graphs.health
        let graph = health.current.map {
            Health.Graph(
                version: $0.version, loadedAt: $0.loadedAt.ISO8601Format(), files: $0.files.count,
                parties: $0.graph.parties.count, flows: $0.graph.flows.count)
        }
        let status = health.current == nil ? "unavailable" : health.lastFailure.isEmpty ? "ok" : "degraded"
        // Answered without a token: file names relative to the working directory, never where the
        // server's files live on disk.
        let findings = CheckReport(diagnostics: health.lastFailure, files: []).findings.map { finding in
            var finding = finding
            let shown = Self.relativeName(finding.file)
            finding.message = finding.message.replacingOccurrences(of: finding.file, with: shown)
            finding.file = shown
            return finding
        }
        let body = Health(
            status: status, version: environment.toolVersion, graph: graph, reloadErrors: findings)
        return Response.body(
            JSON.snakeCase(body), type: "application/json", status: health.current == nil ? .serviceUnavailable : .ok)
    }

    /// A file's name as the health check shows it: relative to the working directory when under
    /// it, else its last component.
    static func relativeName(_ path: String) -> String {
        guard path.hasPrefix("/") else { return path }
        let directory = FileManager.default.currentDirectoryPath
        if path.hasPrefix(directory + "/") { return String(path.dropFirst(directory.count + 1)) }
        return (path as NSString).lastPathComponent
    }

    func graphSummary() throws -> Response {
        struct Summary: Encodable {
            var version: Int
            var loadedAt: String
            var files: [String]
            var parties: Int
            var purposes: Int
            var flows: Int
            var contracts: Int
            var findings: CheckReport.Summary
        }
        let snapshot = try environment.snapshot()
        let report = CheckReport(diagnostics: snapshot.findings, files: snapshot.files)
        return Response.body(
            JSON.snakeCase(
                Summary(
                    version: snapshot.version, loadedAt: snapshot.loadedAt.ISO8601Format(), files: snapshot.files,
                    parties: snapshot.graph.parties.count, purposes: snapshot.graph.purposes.count,
                    flows: snapshot.graph.flows.count, contracts: snapshot.graph.contracts.count,
                    findings: report.summary)),
            type: "application/json")
    }

    func findings(format: String) throws -> Response {
        let snapshot = try environment.snapshot()
        switch format {
        case "json": return Response.json(try CheckReport(diagnostics: snapshot.findings, files: snapshot.files).json())
        case "sarif":
            let log = SARIFLog(
                diagnostics: snapshot.findings, files: snapshot.files, toolVersion: environment.toolVersion)
            return Response.body(Array(try log.json().utf8), type: "application/sarif+json")
        default: throw Problem.badParameter("`format` is json or sarif, not `\(format.prefix(20))`")
        }
    }

    // MARK: Tracing

    func subject(from request: inout Request, graph: Graph) async throws -> Subject {
        let bytes = try await request.bytes(limit: environment.limits.maxBodyBytes)
        let loaded = SubjectLoader().parse(text: bytes, file: "body", graph: graph)
        guard let subject = loaded.subject, !loaded.diagnostics.containsErrors else {
            throw Problem.invalid("subject", loaded.diagnostics)
        }
        return subject
    }

    func asOf(_ request: Request) throws -> CalendarDate {
        guard let text = request.query("as_of") else { return environment.today() }
        guard let date = CalendarDate(iso: text) else {
            throw Problem.badParameter("`as_of` is a date written YYYY-MM-DD")
        }
        return date
    }

    func trace(request: inout Request) async throws -> Response {
        let snapshot = try environment.snapshot()
        let date = try asOf(request)
        guard let format = TraceFormat(rawValue: request.query("format") ?? "json") else {
            throw Problem.badParameter(
                "`format` is \(TraceFormat.allCases.map(\.rawValue).joined(separator: ", ")), not `\(request.query("format")?.prefix(20) ?? "")`"
            )
        }
        guard let language = ReportLanguage(rawValue: request.query("lang") ?? "en") else {
            throw Problem.badParameter("`lang` is en or nb")
        }
        let person = try await subject(from: &request, graph: snapshot.graph)
        let trace = snapshot.index.trace(person, asOf: date)
        let document = TraceDocument(
            trace: trace, graph: snapshot.graph, subject: person,
            showIdentifiers: request.query("show_identifiers") == "true")
        let bytes = try format.render(document, trace: trace, graph: snapshot.graph, language: language, compact: true)
        return Response.body(bytes, type: format.mediaType)
    }

    func recipients(party: String?, category: String?) throws -> Response {
        guard (party == nil) != (category == nil) else {
            throw Problem.badParameter("give exactly one of `party` and `category`")
        }
        let snapshot = try environment.snapshot()
        do {
            return Response.json(
                try RecipientsDocument(index: snapshot.index, party: party, category: category).json())
        } catch let error as RecipientsDocument.QueryError {
            throw Problem.notFound(error.description)
        }
    }

    // MARK: Diagrams

    func diagramFormat(_ request: Request) throws -> (DiagramFormat, Detail) {
        guard let format = DiagramFormat(rawValue: request.query("format") ?? "svg") else {
            throw Problem.badParameter("`format` is svg, png, pdf, dot or mermaid")
        }
        guard let detail = Detail(rawValue: request.query("detail") ?? "auto") else {
            throw Problem.badParameter("`detail` is auto, systems, organisations or groups")
        }
        return (format, detail)
    }

    func rendered(_ diagram: Diagram, as format: DiagramFormat) throws -> Response {
        let bytes: [UInt8]
        do {
            bytes = try diagram.rendered(as: format)
        } catch {
            throw Problem(.internalServerError, "Rendering failed", detail: error.description)
        }
        let type =
            switch format {
            case .svg: "image/svg+xml"
            case .png: "image/png"
            case .pdf: "application/pdf"
            case .dot: "text/vnd.graphviz; charset=utf-8"
            case .mermaid: "text/plain; charset=utf-8"
            }
        return Response.body(bytes, type: type)
    }

    func diagram(view: String, request: Request) throws -> Response {
        let snapshot = try environment.snapshot()
        let (format, detail) = try diagramFormat(request)
        let id = request.query("id")
        let focus: MapView.Focus
        switch (view, id) {
        case ("overview", nil): focus = .whole
        case ("party", let id?): focus = .party(id)
        case ("purpose", let id?): focus = .purpose(id)
        case ("category", let id?): focus = .category(id)
        case ("overview", _): throw Problem.badParameter("the overview takes no `id`")
        case ("party", nil), ("purpose", nil), ("category", nil):
            throw Problem.badParameter("the \(view) view needs `id`")
        default:
            throw Problem.notFound(
                "no view `\(view.prefix(20))`: views are overview, party, purpose and category (and POST diagrams/subject)"
            )
        }
        do {
            return try rendered(MapView(index: snapshot.index, focus: focus, detail: detail).diagram(), as: format)
        } catch let error as ViewError {
            throw Problem.notFound(error.description)
        }
    }

    func subjectDiagram(request: inout Request) async throws -> Response {
        let snapshot = try environment.snapshot()
        let (format, detail) = try diagramFormat(request)
        let date = try asOf(request)
        let person = try await subject(from: &request, graph: snapshot.graph)
        let view = SubjectView(trace: snapshot.index.trace(person, asOf: date), graph: snapshot.graph, detail: detail)
        return try rendered(view.diagram(), as: format)
    }

    // MARK: Erasure and the ledger

    func erasure(request: inout Request, planOnly: Bool) async throws -> Response {
        let snapshot = try environment.snapshot()
        let bytes = try await request.bytes(limit: environment.limits.maxBodyBytes)
        var loader = RequestLoader()
        loader.readsSubjectFiles = false
        let loaded = loader.parse(text: bytes, file: "body", graph: snapshot.graph)
        guard let erasure = loaded.requests.first, !loaded.diagnostics.containsErrors else {
            throw Problem.invalid("request", loaded.diagnostics)
        }
        let plan: ErasurePlan
        do {
            plan = try snapshot.index.erasurePlan(for: erasure)
        } catch {
            throw Problem(
                .unprocessableContent, "Cannot plan", detail: error.description,
                diagnostics: [
                    Diagnostic(id: "cannot-plan", severity: .error, message: error.description, at: error.location)
                ])
        }
        if planOnly {
            return Response.json(try ErasurePlanDocument(plan: plan, graph: snapshot.graph).json())
        }
        let draft = RequestDraft(
            plan: plan, graph: snapshot.graph, callbackURL: request.query("callback_url") ?? callbackURL)
        let outcome: RecordOutcome
        do {
            outcome = try environment.ledger.record([draft])[0]
        } catch .conflict(let id) {
            throw Problem(
                .conflict, "Conflicting request",
                detail:
                    "request `\(id)` is already recorded with a different plan; a recorded request is never overwritten, give the new one another id"
            )
        } catch {
            throw Problem(.internalServerError, "Ledger error", detail: error.description)
        }
        struct Recorded: Encodable {
            var request: String
            var recorded: Bool
            var notices: Int
            var deadline: String
            var status: String
        }
        let body: Recorded
        switch outcome {
        case .recorded(let notices):
            body = Recorded(
                request: draft.id, recorded: true, notices: notices, deadline: plan.deadline.effective.description,
                status: "/api/v1/erasure-requests/\(draft.id)")
        case .alreadyRecorded:
            body = Recorded(
                request: draft.id, recorded: false, notices: draft.notices.count,
                deadline: plan.deadline.effective.description, status: "/api/v1/erasure-requests/\(draft.id)")
        }
        var response = Response.body(
            JSON.snakeCase(body), type: "application/json", status: body.recorded ? .created : .ok)
        response.headers[.location] = body.status
        return response
    }

    func status(of id: String) throws -> Response {
        guard let record = try ledger({ try environment.ledger.request(id) }) else {
            throw Problem.notFound("no request `\(id.prefix(128))` in the ledger")
        }
        let notices = try ledger { try environment.ledger.notices(NoticeFilter(request: id)) }
        let head = String(decoding: JSON.snakeCase(record), as: UTF8.self)
        let today = environment.today()
        let overdue = notices.filter { LedgerReport(today: today).isOverdue($0) }.map(\.id)
        let final = notices.allSatisfy(\.state.isFinal)
        return Response.json(
            "{\"complete\":\(final),\"notices\":\(LedgerReport.json(notices).trimmingCharacters(in: .whitespacesAndNewlines)),\"overdue\":\(String(decoding: JSON.encode(overdue), as: UTF8.self)),\"request\":\(head)}"
        )
    }

    func events(of id: String) throws -> Response {
        guard try ledger({ try environment.ledger.request(id) }) != nil else {
            throw Problem.notFound("no request `\(id.prefix(128))` in the ledger")
        }
        let notices = try ledger { try environment.ledger.notices(NoticeFilter(request: id)) }
        var events: [NoticeEvent] = []
        for notice in notices { events += try ledger { try environment.ledger.events(notice: notice.id) } }
        events.sort { $0.sequence < $1.sequence }
        return Response.body(JSON.snakeCase(events), type: "application/json")
    }

    func notices(_ request: Request) throws -> Response {
        var filter = NoticeFilter(request: request.query("request"))
        if let states = request.query("state") {
            var set = Set<NoticeState>()
            for word in states.split(separator: ",") {
                guard let state = NoticeState(rawValue: String(word)) else {
                    throw Problem.badParameter(
                        "`state` takes \(NoticeState.allCases.map(\.rawValue).joined(separator: ", ")), comma-separated"
                    )
                }
                set.insert(state)
            }
            filter.states = set
        }
        if request.query("overdue") == "true" { filter.overdueOn = try asOf(request) }
        let found = try ledger { try environment.ledger.notices(filter) }
        return Response.json(LedgerReport.json(found))
    }

    func acknowledge(_ id: String, request: inout Request) async throws -> Response {
        struct Answer: Decodable {
            var answer: String
            var reason: String?
        }
        let bytes = try await request.bytes(limit: 64 * 1024)
        guard let body = try? JSONDecoder().decode(Answer.self, from: Data(bytes)) else {
            throw Problem.badParameter(
                #"the body is {"answer": "received" | "completed" | "refused", "reason": "..."}"#)
        }
        let answer: Acknowledgment
        switch (body.answer, body.reason) {
        case ("received", _): answer = .received
        case ("completed", _): answer = .completed
        case ("refused", let reason?) where !reason.trimmingCharacters(in: .whitespaces).isEmpty:
            answer = .refused(reason: reason)
        case ("refused", _): throw Problem.badParameter("a refusal needs its `reason`")
        default: throw Problem.badParameter("`answer` is received, completed or refused")
        }
        do {
            let record = try environment.ledger.acknowledge(id, answer, at: Date())
            return Response.json(
                LedgerReport.json([record]).trimmingCharacters(in: .whitespacesAndNewlines).dropFirst().dropLast()
                    .trimmingCharacters(in: .whitespacesAndNewlines))
        } catch .unknownNotice {
            throw Problem.notFound("no notice `\(id.prefix(128))` in the ledger")
        } catch .waitingForChildren(_, let children) {
            throw Problem(
                .conflict, "Waiting for sub-processors",
                detail:
                    "a processor completes only after its sub-processors have answered (Art. 28(4)); waiting for \(children.joined(separator: ", "))"
            )
        } catch .alreadyFinal(_, let state) {
            throw Problem(.conflict, "Already final", detail: "the notice is already \(state.rawValue)")
        } catch .notAnswerable {
            throw Problem(.conflict, "Not answerable", detail: "this notice needs no answer")
        } catch {
            throw Problem(.internalServerError, "Ledger error", detail: error.description)
        }
    }

    func ledger<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Problem(.internalServerError, "Ledger error", detail: "\(error)")
        }
    }
}
