// The event log as a hash chain per request, rooted in the request's content: an edit to a
// request, a notice (its body, address or URL) or an event, a deleted row, or a state that no
// event explains breaks the chain, and `sharegraph verify` reports the first break with its row.

import Crypto
import Foundation
import SharegraphCore
import SharegraphSupport

/// The hashes that tie a request's events together.
enum EventChain {
    /// SHA-256 of the fields joined by a separator that cannot occur in them (U+001F), in hex.
    static func digest(_ fields: [String?]) -> String {
        var hasher = SHA256()
        for (index, field) in fields.enumerated() {
            if index > 0 { hasher.update(data: separator) }
            hasher.update(data: Data((field ?? "\u{1E}").utf8))
        }
        return Hex.encode(hasher.finalize())
    }

    private static let separator = Data("\u{1F}".utf8)

    /// The chain's root: every field of the request row.
    static func root(_ request: RequestRecord) -> String {
        digest([
            "sharegraph-chain-v1", request.id, request.controller, request.subjectReference, request.scope,
            request.received,
            request.deadline, request.extensionReason, request.contentHash, request.recordedAt,
        ])
    }

    /// Everything about a notice that never changes once recorded: its recipient, role, channel
    /// and address, dates, language, body and place.
    static func noticeHash(_ notice: NoticeRecord) -> String {
        digest([
            "notice", notice.id, notice.requestID, notice.recipient, notice.recipientName, notice.role,
            notice.action.rawValue,
            notice.parentID,
            notice.channel.keyword, notice.channel.detail, notice.deadline, notice.notBefore, notice.restrictedUntil,
            notice.language, notice.body,
            String(notice.position),
        ])
    }

    /// One event's hash, over the previous hash of its request's chain.
    static func eventHash(
        previous: String, noticeID: String, at: String, kind: String, state: String, detail: String?, noticeHash: String
    ) -> String {
        digest(["event", previous, noticeID, at, kind, state, detail, noticeHash])
    }
}

/// Where a request's chain first breaks.
public struct ChainBreak: Sendable, Hashable, CustomStringConvertible {
    /// The request.
    public var request: String
    /// The event row (`seq`) where it breaks, when it is an event.
    public var event: Int64?
    /// The notice concerned, when one is.
    public var notice: String?
    /// What is wrong, in words.
    public var problem: String

    /// Where the chain breaks and what is wrong.
    public var description: String {
        var place = "request \(request)"
        if let event { place += ", event \(event)" }
        if let notice { place += ", notice \(notice)" }
        return "\(place): \(problem)"
    }
}
