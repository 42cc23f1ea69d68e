// OpenDSR as a processor: a controller's erasure request, received with a token that names the
// controller party, is mapped onto this organisation's own graph, planned by the same planner as
// every other request, and recorded in this ledger. Only this organisation's part of the plan is
// kept: its own task (an internal notice), and the notices to the sub-processors it instructs,
// which are delivered by their own channels. Its status (pending, in progress, completed,
// cancelled) follows the notices, and each change is posted, signed, to the controller.

import Crypto
import Foundation
import SharegraphCore
public import SharegraphLedger
import SharegraphSupport

/// This organisation's OpenDSR settings.
public struct OpenDSRConfiguration: Sendable {
    /// This organisation's party id in its graph: the processor requests are addressed to.
    public var party: String
    /// Signs answers and callbacks.
    public var signer: OpenDSRSigner
    /// Other organisations' public keys, by party: processors whose answers and callbacks are checked.
    public var keys: OpenDSRKeys
    /// The URL this server is reached at (`--public-url`), for the key's URL in discovery and the callback URL.
    public var publicURL: String?
    /// The URL processors post status callbacks to (this server's `/opendsr/v1/callbacks`), when it
    /// is reached at a public URL.
    public var callbackURL: String? {
        publicURL.map { ($0.hasSuffix("/") ? String($0.dropLast()) : $0) + "/opendsr/v1/callbacks" }
    }

    /// Creates the settings.
    public init(party: String, signer: OpenDSRSigner, keys: OpenDSRKeys, publicURL: String?) {
        self.party = party
        self.signer = signer
        self.keys = keys
        self.publicURL = publicURL
    }
}

/// An OpenDSR error answer (spec 7.5-7.6): never the identities or the token.
struct OpenDSRError: Error {
    var status: Int
    var message: String
    var reason: String

    var body: Data {
        struct Detail: Encodable {
            var domain = "Validation"
            var reason: String
            var message: String
        }
        struct Inner: Encodable {
            var code: Int
            var message: String
            var errors: [Detail]
        }
        struct Outer: Encodable { var error: Inner }
        return OpenDSR.encode(
            Outer(error: Inner(code: status, message: message, errors: [Detail(reason: reason, message: message)])))
    }
}

/// Plans and records received requests, and works out their status.
struct OpenDSRProcessor: Sendable {
    let configuration: OpenDSRConfiguration
    let environment: ServerEnvironment

    /// The request id a received request is recorded under.
    static func requestID(_ subjectRequestID: String) -> String { "opendsr-" + subjectRequestID }

    /// Records a received request (or finds it recorded) and gives the signed 201 answer.
    func receive(body: [UInt8], controller: String, now: Date) throws(OpenDSRError) -> (status: Int, body: Data) {
        guard let request = try? OpenDSR.decode(OpenDSRRequest.self, from: Data(body)) else {
            throw OpenDSRError(
                status: 400,
                message:
                    "the body is not an OpenDSR request: it needs subject_request_id, subject_request_type and submitted_time",
                reason: "InvalidRequest")
        }
        try Self.validate(request)
        guard request.subjectRequestType == "erasure" else {
            throw OpenDSRError(
                status: 400, message: "only erasure requests are supported here (see /opendsr/discovery)",
                reason: "UnsupportedRequestType")
        }
        guard (try? Date(request.submittedTime, strategy: .iso8601)) != nil else {
            throw OpenDSRError(status: 400, message: "submitted_time must be an RFC 3339 time", reason: "InvalidTime")
        }
        try Self.checkCallbackURLs(
            request.statusCallbackUrls ?? [],
            controllerIsInternal: environment.graphs.current?.graph.party(controller)?.contact.isInternal == true)
        let digest = Hex.encode(SHA256.hash(data: body))
        let ledger = environment.ledger
        if let known = try ledgerCall({ try ledger.incomingOpenDSR(request.subjectRequestId) }) {
            guard known.controller == controller, known.bodyDigest == digest else {
                throw OpenDSRError(
                    status: 409, message: "a different request with this subject_request_id was received before",
                    reason: "Conflict")
            }
            return (201, accepted(known, body: body))
        }
        guard let snapshot = environment.graphs.current else {
            throw OpenDSRError(status: 503, message: "the graphs are not loaded; try again", reason: "Unavailable")
        }
        let draft = try plan(request, controller: controller, graph: snapshot, today: environment.today())
        do {
            _ = try ledger.record([draft])
        } catch {
            throw OpenDSRError(status: 500, message: "the ledger could not record the request", reason: "LedgerError")
        }
        var expected = draft.deadline
        if let deadline = request.answerBy.flatMap(CalendarDate.init(iso:)), deadline < expected { expected = deadline }
        let incoming = IncomingOpenDSR(
            subjectRequestID: request.subjectRequestId, controller: controller, requestID: draft.id,
            bodyDigest: digest, receivedAt: OpenDSR.timestamp(now),
            expectedCompletion: expected.description + "T23:59:59Z", callbackURLs: request.statusCallbackUrls ?? [],
            cancelledAt: nil)
        let recorded = try ledgerCall { try ledger.recordIncomingOpenDSR(incoming) }
        return (201, accepted(recorded, body: body))
    }

    /// What section 7.1.1 requires of a request before it is acted on: the regulation (`gdpr`; a
    /// `ccpa` request is well formed but not handled here), a version 4 request id, and the person's
    /// identities, each of a type and format sections 5.1 and 5.2 list (others travel in extensions).
    static func validate(_ request: OpenDSRRequest) throws(OpenDSRError) {
        guard let regulation = request.regulation else {
            throw OpenDSRError(
                status: 400, message: "regulation is required: gdpr or ccpa (section 7.1.1)",
                reason: "MissingRegulation")
        }
        guard OpenDSRRequest.regulations.contains(regulation) else {
            throw OpenDSRError(
                status: 400, message: "regulation must be gdpr or ccpa (section 7.1.1)", reason: "UnknownRegulation")
        }
        guard regulation == "gdpr" else {
            throw OpenDSRError(
                status: 400, message: "this processor fulfils GDPR requests only (see /discovery)",
                reason: "UnsupportedRegulation")
        }
        guard OpenDSRRequest.isUUID(request.subjectRequestId) else {
            throw OpenDSRError(
                status: 400, message: "subject_request_id must be a lowercase version 4 UUID (section 1.1)",
                reason: "InvalidSubjectRequestId")
        }
        let identities = request.subjectIdentities ?? []
        guard !identities.isEmpty || !(request.sharegraph?.identities ?? []).isEmpty else {
            throw OpenDSRError(
                status: 400, message: "subject_identities is required: the person cannot be found without one",
                reason: "MissingIdentities")
        }
        for identity in identities {
            guard OpenDSRRequest.identityTypes.contains(identity.identityType) else {
                throw OpenDSRError(
                    status: 400,
                    message:
                        "identity_type must be one of section 5.1's (email, controller_customer_id, ...); others go in extensions",
                    reason: "UnsupportedIdentityType")
            }
            guard OpenDSRRequest.identityFormats.contains(identity.identityFormat) else {
                throw OpenDSRError(
                    status: 400, message: "identity_format must be raw, sha1, md5 or sha256 (section 5.2)",
                    reason: "UnsupportedIdentityFormat")
            }
        }
    }

    /// The most status callback URLs one request may list.
    static let maximumCallbackURLs = 4

    /// The controller's status callback URLs, judged as URLs from outside (they make this server
    /// post): at most `maximumCallbackURLs`, https, no literal private or loopback address, unless
    /// the controller is marked internal. Each is judged again on its resolved addresses before
    /// every post.
    static func checkCallbackURLs(_ urls: [String], controllerIsInternal: Bool) throws(OpenDSRError) {
        guard urls.count <= maximumCallbackURLs else {
            throw OpenDSRError(
                status: 400,
                message: "status_callback_urls lists \(urls.count) URLs; at most \(maximumCallbackURLs) are accepted",
                reason: "InvalidCallbackUrl")
        }
        guard !controllerIsInternal else { return }
        for url in urls {
            if let reason = EndpointGuard.refusalAtReceipt(url) {
                throw OpenDSRError(
                    status: 400, message: "\(reason); status callbacks go to public https URLs only",
                    reason: "InvalidCallbackUrl")
            }
        }
    }

    /// The 201 body: the controller's id, expected completion, receipt and the request as received.
    func accepted(_ incoming: IncomingOpenDSR, body: [UInt8]) -> Data {
        struct Accepted: Encodable {
            var controllerId: String
            var expectedCompletionTime: String
            var receivedTime: String
            var encodedRequest: String
            var subjectRequestId: String
            var apiVersion = OpenDSR.apiVersion
        }
        return OpenDSR.encode(
            Accepted(
                controllerId: incoming.controller, expectedCompletionTime: incoming.expectedCompletion,
                receivedTime: incoming.receivedAt, encodedRequest: Data(body).base64EncodedString(),
                subjectRequestId: incoming.subjectRequestID))
    }

    /// This organisation's part of the plan for the request, as a draft to record.
    func plan(_ request: OpenDSRRequest, controller: String, graph snapshot: GraphSnapshot, today: CalendarDate)
        throws(OpenDSRError) -> RequestDraft
    {
        let graph = snapshot.graph
        let place = SourceLocation(file: "opendsr", line: 1, column: 1)
        let purposes = graph.purposes(controlledBy: controller)
        guard !purposes.isEmpty else {
            throw OpenDSRError(
                status: 422,
                message: "this organisation's graph names no processing for the controller the token speaks for",
                reason: "UnknownController")
        }
        var subjectTypes: [String] = []
        for purpose in purposes {
            for type in purpose.subjects.map(\.value) where !subjectTypes.contains(type) { subjectTypes.append(type) }
        }
        // Identifier types as Sharegraph writes them; only raw values can be matched.
        let given = (request.subjectIdentities ?? []) + (request.sharegraph?.identities ?? [])
        let identifiers = given.filter { $0.identityFormat == "raw" }.map { identity in
            let type = identity.identityType == "controller_customer_id" ? "customer-number" : identity.identityType
            return Identifier(
                type: Located(type, at: place), value: identity.identityValue,
                category: Identifier.defaultCategory(forType: type))
        }
        // No events are known about the person here: every conditional holding is possible, and so
        // is notified; an unknown fact is never a reason to leave a recipient out.
        let relationship = Relationship(
            controller: Located(controller, at: place), subjectTypes: subjectTypes.map { Located($0, at: place) },
            identifiers: identifiers, location: place)
        let subject = Subject(
            reference: Located("opendsr:" + request.subjectRequestId, at: place), relationships: [relationship],
            file: "opendsr")
        let erasure = ErasureRequest(
            id: Located(Self.requestID(request.subjectRequestId), at: place), subject: subject,
            controller: Located(controller, at: place), received: Located(today, at: place), scope: .erasure,
            location: place)
        var plan: ErasurePlan
        do {
            plan = try snapshot.index.erasurePlan(for: erasure)
        } catch {
            throw OpenDSRError(
                status: 422, message: "the request cannot be planned here: \(error)", reason: "CannotPlan")
        }
        let me = configuration.party
        guard let mine = plan.notices.first(where: { $0.recipient == me }) else {
            throw OpenDSRError(
                status: 422,
                message: "this organisation's graph says it receives nothing from that controller for this person",
                reason: "NothingHeld")
        }
        var keys: Set<String> = [mine.key]
        var kept: [PlannedNotice] = []
        for var notice in plan.notices {
            if notice.key == mine.key {
                notice.channel = .internal
                notice.parent = nil
            } else if let parent = notice.parent, keys.contains(parent) {
                // Sent by this organisation now: the relay through itself becomes the party's own channel.
                if case .relay(let via) = notice.channel, via == me {
                    notice.channel = .direct(to: graph.party(notice.recipient), for: notice.action)
                }
            } else {
                continue
            }
            keys.insert(notice.key)
            kept.append(notice)
        }
        plan.notices = kept
        return RequestDraft(plan: plan, graph: graph)
    }

    /// Where a received request stands, from its notices.
    func status(of incoming: IncomingOpenDSR) throws(OpenDSRError) -> OpenDSRStatus {
        if incoming.cancelledAt != nil { return .cancelled }
        let ledger = environment.ledger
        let notices = try ledgerCall { try ledger.notices(NoticeFilter(request: incoming.requestID)) }
        if !notices.isEmpty, notices.allSatisfy({ $0.state == .completed || $0.state == .exempt }) { return .completed }
        if notices.contains(where: { $0.state != .planned }) { return .inProgress }
        return .pending
    }

    /// The signed status body for `incoming`, posted to `url` (nil for a status answer).
    func statusMessage(_ incoming: IncomingOpenDSR, status: OpenDSRStatus, url: String?) -> Data {
        OpenDSR.encode(
            OpenDSRStatusMessage(
                controllerId: incoming.controller, expectedCompletionTime: incoming.expectedCompletion,
                statusCallbackUrl: url, subjectRequestId: incoming.subjectRequestID, requestStatus: status))
    }

    /// Cancels a pending request: its notices are refused with the reason, and nothing more is sent.
    func cancel(_ incoming: IncomingOpenDSR, now: Date) throws(OpenDSRError) {
        guard try status(of: incoming) == .pending else {
            throw OpenDSRError(
                status: 409, message: "only a pending request can be cancelled; this one is already being acted on",
                reason: "NotPending")
        }
        let ledger = environment.ledger
        for notice in try ledgerCall({ try ledger.notices(NoticeFilter(request: incoming.requestID)) })
        where !notice.state.isFinal {
            _ = try ledgerCall {
                try ledger.acknowledge(
                    notice.id, .refused(reason: "the controller cancelled the request (OpenDSR)"), at: now,
                    note: "OpenDSR cancellation")
            }
        }
        try ledgerCall { try ledger.cancelIncomingOpenDSR(incoming.subjectRequestID, at: now) }
    }

    func ledgerCall<T>(_ body: () throws -> T) throws(OpenDSRError) -> T {
        do {
            return try body()
        } catch {
            throw OpenDSRError(status: 500, message: "the ledger could not answer", reason: "LedgerError")
        }
    }
}
