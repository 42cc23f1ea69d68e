// Turns a plan into what the ledger stores: a request row and one notice per (recipient, action)
// with a stable id that is also the webhook id, and the body every delivery of it sends unchanged.

import Crypto
import Foundation
public import SharegraphCore
import SharegraphSupport

/// A request ready to record.
public struct RequestDraft: Sendable, Hashable {
    /// The request's id.
    public var id: String
    /// The controller that received it.
    public var controller: String
    /// The controller's reference for the person (never an identifier).
    public var subjectReference: String
    /// What the request covers: `all` or its purposes.
    public var scope: String
    /// The day the request was received.
    public var received: CalendarDate
    /// The day the answer is due (Art. 12(3)).
    public var deadline: CalendarDate
    /// Why the deadline was extended, when it was.
    public var extensionReason: String?
    /// The notices, parents before children.
    public var notices: [NoticeDraft]
    /// A digest of everything above: recording the same request twice must give the same digest.
    public var contentHash: String
}

/// A notice ready to record.
public struct NoticeDraft: Sendable, Hashable {
    /// The notice's id: the request id, the recipient and the action.
    public var id: String
    /// The recipient's party id.
    public var recipient: String
    /// The recipient's name.
    public var recipientName: String
    /// The recipient's role, empty for the controller.
    public var role: String
    /// What the recipient must do.
    public var action: ErasureAction
    /// The notice this one is relayed through, for a sub-processor.
    public var parentID: String?
    /// How it is delivered.
    public var channel: NoticeChannel
    /// The day the recipient must have answered by, if it must answer.
    public var deadline: CalendarDate?
    /// Not to be sent before this day.
    public var notBefore: CalendarDate?
    /// The last day of a restriction.
    public var restrictedUntil: CalendarDate?
    /// The JSON sent to the recipient: OpenDSR fields plus the action, reason, deadline and categories.
    public var body: String
    /// The first state: `planned`, or `exempt` for notices that go nowhere (no notice, hold).
    public var initialState: NoticeState
    /// The e-mail language.
    public var language: String
    /// The legal duty a restriction or follow-up belongs to, when the recipient keeps data under several.
    public var duty: String? = nil
}

/// Stable ids: the same request and recipient give the same id on every run and every machine.
public enum NoticeID {
    /// `ntc_` and 26 hex digits of SHA-256 over the request id and the notice key.
    public static func make(request: String, key: String) -> String {
        "ntc_" + Hex.encode(SHA256.hash(data: Data("\(request)\u{0}\(key)".utf8))).prefix(26)
    }

    /// A lowercase RFC 4122 UUID in the version 4 layout, as OpenDSR requires of `subject_request_id`
    /// (section 1.1): its 122 free bits come from SHA-256 of the request id rather than from a random
    /// source, so that recording the same request again gives the same id (and the same notices).
    public static func requestUUID(_ request: String) -> String {
        var bytes = Array(SHA256.hash(data: Data("sharegraph-request\u{0}\(request)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let text = Hex.encode(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(
                text[
                    text.index(
                        text.startIndex, offsetBy: range.lowerBound)..<text.index(
                            text.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }
}

/// The notice body, as JSON: OpenDSR where it fits.
struct NoticeBody: Codable, Hashable {
    var regulation = "gdpr"
    var apiVersion = OpenDSR.apiVersion
    var subjectRequestId: String
    var subjectRequestType: String
    var subjectIdentities: [Identity]
    var submittedTime: String
    var statusCallbackUrls: [String]
    var noticeId: String
    var controller: String
    var controllerName: String
    var recipient: String
    var action: String
    var legalReason: String
    var deadline: String?
    var notBefore: String?
    var instructions: [Instruction]
    /// Notice ids a processor must pass this instruction to, and wait for, before it confirms.
    var passOnTo: [String]

    struct Identity: Codable, Hashable {
        var identityType: String
        var identityValue: String
        var identityFormat = "raw"
    }

    struct Instruction: Codable, Hashable {
        var kind: String
        var categories: [String]
        var purposes: [String]
        var until: String?
        var law: String?
        var notBefore: String? = nil
        var duty: String? = nil
        /// `possible` when only a purpose that may not apply to the person brings these categories in.
        var certainty: String? = nil
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    /// The body as JSON, byte for byte what `encoder` writes (sorted snake-case keys, absent
    /// optionals left out, slashes unescaped), written directly: `JSONEncoder` took a third of a
    /// batch erasure's time. A test holds the two to the same bytes.
    func json() -> String {
        var out = JSONText()
        out.open()
        out.field("action", action)
        out.field("api_version", apiVersion)
        out.field("controller", controller)
        out.field("controller_name", controllerName)
        if let deadline { out.field("deadline", deadline) }
        out.key("instructions")
        out.array(instructions) { out, instruction in
            out.open()
            out.key("categories")
            out.strings(instruction.categories)
            if let certainty = instruction.certainty { out.field("certainty", certainty) }
            if let duty = instruction.duty { out.field("duty", duty) }
            out.field("kind", instruction.kind)
            if let law = instruction.law { out.field("law", law) }
            if let notBefore = instruction.notBefore { out.field("not_before", notBefore) }
            out.key("purposes")
            out.strings(instruction.purposes)
            if let until = instruction.until { out.field("until", until) }
            out.close()
        }
        out.field("legal_reason", legalReason)
        if let notBefore { out.field("not_before", notBefore) }
        out.field("notice_id", noticeId)
        out.key("pass_on_to")
        out.strings(passOnTo)
        out.field("recipient", recipient)
        out.field("regulation", regulation)
        out.key("status_callback_urls")
        out.strings(statusCallbackUrls)
        out.key("subject_identities")
        out.array(subjectIdentities) { out, identity in
            out.open()
            out.field("identity_format", identity.identityFormat)
            out.field("identity_type", identity.identityType)
            out.field("identity_value", identity.identityValue)
            out.close()
        }
        out.field("subject_request_id", subjectRequestId)
        out.field("subject_request_type", subjectRequestType)
        out.field("submitted_time", submittedTime)
        out.close()
        return out.text
    }
}

extension RequestDraft {
    /// The last day a notice's restrictions last: nil when one of them has no known end, so the
    /// ledger never labels a restriction with another duty's date.
    static func restrictedUntil(_ instructions: [ErasureInstruction]) -> CalendarDate? {
        let restrictions = instructions.filter { $0.kind == .restrict }
        let dates = restrictions.compactMap(\.until)
        return dates.count == restrictions.count ? dates.max() : nil
    }

    /// Drafts a plan for recording; `callbackURL` lets recipients report status (OpenDSR), when configured.
    public init(plan: ErasurePlan, controllerName: String, callbackURL: String? = nil) {
        let request = plan.request
        let requestID = request.id.value
        let ids = Dictionary(
            plan.notices.map { ($0.key, NoticeID.make(request: requestID, key: $0.key)) },
            uniquingKeysWith: { first, _ in first })
        var childKeys: [String: [String]] = [:]
        for notice in plan.notices {
            if let parent = notice.parent { childKeys[parent, default: []].append(notice.key) }
        }
        var notices: [NoticeDraft] = []
        notices.reserveCapacity(plan.notices.count)
        let requestUUID = NoticeID.requestUUID(requestID)
        for notice in plan.notices {
            let id = ids[notice.key] ?? NoticeID.make(request: requestID, key: notice.key)
            let children = (childKeys[notice.key] ?? []).compactMap { ids[$0] }
            let body = NoticeBody(
                subjectRequestId: requestUUID, subjectRequestType: "erasure",
                subjectIdentities: notice.identities.map {
                    NoticeBody.Identity(identityType: $0.type, identityValue: $0.value)
                },
                submittedTime: "\(request.received.value)T00:00:00Z",
                statusCallbackUrls: callbackURL.map { [$0] } ?? [],
                noticeId: id, controller: request.controller.value, controllerName: controllerName,
                recipient: notice.recipient, action: notice.action.rawValue,
                legalReason: notice.reason(in: request.language), deadline: notice.deadline?.description,
                notBefore: notice.notBefore?.description,
                instructions: notice.instructions.map {
                    NoticeBody.Instruction(
                        kind: $0.kind.rawValue, categories: $0.categories, purposes: $0.purposes,
                        until: $0.until?.description, law: $0.law, notBefore: $0.notBefore?.description,
                        duty: $0.duty, certainty: $0.certainty?.rawValue)
                },
                passOnTo: children)
            notices.append(
                NoticeDraft(
                    id: id, recipient: notice.recipient, recipientName: notice.recipientName,
                    role: notice.role?.rawValue ?? "controller",
                    action: notice.action, parentID: notice.parent.flatMap { ids[$0] }, channel: notice.channel,
                    deadline: notice.deadline,
                    notBefore: notice.notBefore, restrictedUntil: Self.restrictedUntil(notice.instructions),
                    body: body.json(),
                    initialState: notice.action.needsAnswer ? .planned : .exempt, language: request.language,
                    duty: notice.duty))
        }
        var digest = SHA256()
        let header = [
            requestID, request.controller.value, request.subject.reference.value, request.scope.keyword,
            request.received.value.description,
            plan.deadline.effective.description, request.deadlineExtension?.reason ?? "",
        ]
        digest.update(data: Data(header.joined(separator: "\u{0}").utf8))
        for notice in notices {
            digest.update(
                data: Data(
                    [
                        notice.id, notice.channel.keyword, notice.channel.detail ?? "", notice.parentID ?? "",
                        notice.body,
                    ].joined(separator: "\u{0}").utf8))
        }
        self.init(
            id: requestID, controller: request.controller.value, subjectReference: request.subject.reference.value,
            scope: request.scope.keyword,
            received: request.received.value, deadline: plan.deadline.effective,
            extensionReason: request.deadlineExtension?.reason,
            notices: notices, contentHash: Hex.encode(digest.finalize()))
    }
}

extension RequestDraft {
    /// Plans and drafts `requests` on all cores, in order; the controller's name comes from the graph.
    /// A request that cannot be planned comes back as its error, in its place.
    public static func drafts(
        for requests: [ErasureRequest], index: TraceIndex, callbackURL: String? = nil
    ) -> [Result<RequestDraft, ErasurePlanError>] {
        Parallel.map(requests.count) { position in
            Result { () throws(ErasurePlanError) in
                RequestDraft(
                    plan: try index.erasurePlan(for: requests[position]), graph: index.graph, callbackURL: callbackURL)
            }
        }
    }

    /// Drafts a plan, naming the controller as the graph does (its id when the graph has no name).
    public init(plan: ErasurePlan, graph: Graph, callbackURL: String? = nil) {
        let controller = plan.request.controller.value
        self.init(
            plan: plan, controllerName: graph.party(controller)?.name.value ?? controller, callbackURL: callbackURL)
    }
}
