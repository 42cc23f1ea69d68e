// Turns a plan into what the ledger stores: a request row and one notice per (recipient, action)
// with a stable id that is also the webhook id, and the body every delivery of it sends unchanged.

public import SharegraphCore
import Crypto
import Foundation

/// A request ready to record.
public struct RequestDraft: Sendable, Hashable {
    public var id: String
    public var controller: String
    public var subjectReference: String
    public var scope: String
    public var received: CalendarDate
    public var deadline: CalendarDate
    public var extensionReason: String?
    public var notices: [NoticeDraft]
    /// A digest of everything above: recording the same request twice must give the same digest.
    public var contentHash: String
}

/// A notice ready to record.
public struct NoticeDraft: Sendable, Hashable {
    public var id: String
    public var recipient: String
    public var recipientName: String
    public var role: String
    public var action: ErasureAction
    public var parentID: String?
    public var channel: NoticeChannel
    public var deadline: CalendarDate?
    public var notBefore: CalendarDate?
    public var restrictedUntil: CalendarDate?
    /// The JSON sent to the recipient: OpenDSR fields plus the action, reason, deadline and categories.
    public var body: String
    /// The first state: `planned`, or `exempt` for notices that go nowhere (no notice, hold).
    public var initialState: NoticeState
    /// The e-mail language.
    public var language: String
}

/// Stable ids: the same request and recipient give the same id on every run and every machine.
public enum NoticeID {
    /// `ntc_` and 26 hex digits of SHA-256 over the request id and the notice key.
    public static func make(request: String, key: String) -> String {
        "ntc_" + hex(SHA256.hash(data: Data("\(request)\u{0}\(key)".utf8))).prefix(26)
    }

    /// An RFC 4122 UUID (version 5 layout) derived from the request id, for OpenDSR's `subject_request_id`.
    public static func requestUUID(_ request: String) -> String {
        var bytes = Array(SHA256.hash(data: Data("sharegraph-request\u{0}\(request)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x50
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let text = hex(bytes)
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(text[text.index(text.startIndex, offsetBy: range.lowerBound)..<text.index(text.startIndex, offsetBy: range.upperBound)])
        }
        return parts.joined(separator: "-")
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The notice body, as JSON: OpenDSR where it fits.
struct NoticeBody: Codable, Hashable {
    var regulation = "gdpr"
    var apiVersion = "0.1"
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
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    func json() -> String {
        // Encoding plain strings, arrays and optionals cannot fail.
        (try? String(decoding: Self.encoder.encode(self), as: UTF8.self)) ?? "{}"
    }
}

extension RequestDraft {
    /// Drafts a plan for recording; `callbackURL` lets recipients report status (OpenDSR), when configured.
    public init(plan: ErasurePlan, controllerName: String, callbackURL: String? = nil) {
        let request = plan.request
        let requestID = request.id.value
        let ids = Dictionary(plan.notices.map { ($0.key, NoticeID.make(request: requestID, key: $0.key)) }, uniquingKeysWith: { first, _ in first })
        var notices: [NoticeDraft] = []
        notices.reserveCapacity(plan.notices.count)
        for notice in plan.notices {
            let id = ids[notice.key] ?? NoticeID.make(request: requestID, key: notice.key)
            let children = plan.notices.filter { $0.parent == notice.key }.compactMap { ids[$0.key] }
            let body = NoticeBody(
                subjectRequestId: NoticeID.requestUUID(requestID), subjectRequestType: "erasure",
                subjectIdentities: notice.identities.map { NoticeBody.Identity(identityType: $0.type, identityValue: $0.value) },
                submittedTime: "\(request.received.value)T00:00:00Z", statusCallbackUrls: callbackURL.map { [$0] } ?? [],
                noticeId: id, controller: request.controller.value, controllerName: controllerName, recipient: notice.recipient, action: notice.action.rawValue,
                legalReason: notice.reason, deadline: notice.deadline?.description, notBefore: notice.notBefore?.description,
                instructions: notice.instructions.map {
                    NoticeBody.Instruction(kind: $0.kind.rawValue, categories: $0.categories, purposes: $0.purposes, until: $0.until?.description, law: $0.law)
                },
                passOnTo: children)
            notices.append(NoticeDraft(
                id: id, recipient: notice.recipient, recipientName: notice.recipientName, role: notice.role?.rawValue ?? "controller",
                action: notice.action, parentID: notice.parent.flatMap { ids[$0] }, channel: notice.channel, deadline: notice.deadline,
                notBefore: notice.notBefore, restrictedUntil: notice.instructions.compactMap(\.until).max(), body: body.json(),
                initialState: notice.action.needsAnswer ? .planned : .exempt, language: request.language))
        }
        var digest = SHA256()
        let header = [requestID, request.controller.value, request.subject.reference.value, request.scope.keyword, request.received.value.description,
                      plan.deadline.effective.description, request.deadlineExtension?.reason ?? ""]
        digest.update(data: Data(header.joined(separator: "\u{0}").utf8))
        for notice in notices {
            digest.update(data: Data([notice.id, notice.channel.keyword, notice.channel.detail ?? "", notice.parentID ?? "", notice.body].joined(separator: "\u{0}").utf8))
        }
        self.init(
            id: requestID, controller: request.controller.value, subjectReference: request.subject.reference.value, scope: request.scope.keyword,
            received: request.received.value, deadline: plan.deadline.effective, extensionReason: request.deadlineExtension?.reason,
            notices: notices, contentHash: NoticeID.hex(digest.finalize()))
    }
}
