// A processor's status callback, received by the controller: authenticated by the signature of
// the processor it names, matched to the notice that went to that processor, refused when it was
// seen before, and then applied: `pending` and `in_progress` acknowledge the notice, `completed`
// completes it together with the relayed sub-processor notices under it (the processor reports
// for its own sub-processors), `cancelled` records a refusal. Nothing of the body is logged.

public import Foundation
import GRDB
public import Logging

/// What became of a callback.
public enum CallbackOutcome: Sendable, Equatable {
    /// Applied to the notice, now in this state.
    case applied(notice: String, state: NoticeState)
    /// Authentic and new, but the notice had already moved past it (an out-of-order callback).
    case stale(notice: String)
    /// Refused, with the HTTP status to answer and why (in words without content).
    case refused(status: Int, reason: String)
}

/// Receives OpenDSR status callbacks for the notices this ledger sent.
public struct OpenDSRCallbackReceiver: Sendable {
    /// The ledger the notices are in.
    public let ledger: SQLiteLedger
    /// The processors' pinned keys.
    public let keys: OpenDSRKeys
    /// The callback URL this server gave in its requests; a callback naming another is refused.
    public let callbackURL: String
    /// Where refusals are logged (never the body).
    public let logger: Logger

    /// Creates the receiver.
    public init(ledger: SQLiteLedger, keys: OpenDSRKeys, callbackURL: String, logger: Logger) {
        self.ledger = ledger
        self.keys = keys
        self.callbackURL = callbackURL
        self.logger = logger
    }

    /// Checks and applies one callback.
    public func receive(body: Data, signature: String?, domain: String?, at date: Date) -> CallbackOutcome {
        do {
            let outcome = try apply(body: body, signature: signature, domain: domain, at: date)
            if case .refused(let status, let reason) = outcome {
                logger.warning("OpenDSR callback refused", metadata: ["status": "\(status)", "reason": "\(reason)"])
            }
            return outcome
        } catch {
            logger.error("OpenDSR callback could not be recorded", metadata: ["error": "\(type(of: error))"])
            return .refused(status: 500, reason: "the ledger could not record it")
        }
    }

    private func apply(body: Data, signature: String?, domain: String?, at date: Date) throws -> CallbackOutcome {
        guard let signature, !signature.isEmpty, let domain, !domain.isEmpty else {
            return .refused(status: 401, reason: "unsigned: the OpenDSR signature and domain headers are required")
        }
        // The signature is checked before the body is read: against the key of each processor
        // whose endpoint is on the domain the callback names.
        let candidates = try ledger.openDSRRecipients(onDomain: domain)
        guard let party = candidates.first(where: { keys.verify(body, signature: signature, party: $0) }) else {
            return .refused(status: 403, reason: "the signature does not verify for any processor on that domain")
        }
        guard let message = try? OpenDSR.decode(OpenDSRStatusMessage.self, from: body) else {
            return .refused(status: 400, reason: "the body is not an OpenDSR status callback")
        }
        guard message.statusCallbackUrl == callbackURL else {
            return .refused(status: 400, reason: "the callback names another callback URL")
        }
        guard let sent = try ledger.openDSRNotice(subjectRequestID: message.subjectRequestId, recipient: party) else {
            return .refused(status: 404, reason: "no request with that id went to that processor")
        }
        guard
            try ledger.rememberCallback(
                body: body, signer: party, noticeID: sent.notice, status: message.requestStatus, at: date)
        else {
            return .refused(status: 409, reason: "replayed: this callback was received before")
        }
        let note = "OpenDSR callback from \(party): \(message.requestStatus.rawValue)"
        switch applyStatus(message.requestStatus, to: sent.notice, party: party, note: note, at: date) {
        case .success(let record): return .applied(notice: sent.notice, state: record.state)
        case .failure(.alreadyFinal): return .stale(notice: sent.notice)
        case .failure(let error): throw error
        }
    }

    private func applyStatus(_ status: OpenDSRStatus, to notice: String, party: String, note: String, at date: Date)
        -> Result<NoticeRecord, LedgerError>
    {
        Result { () throws(LedgerError) -> NoticeRecord in
            try applying(status, to: notice, party: party, note: note, at: date)
        }
    }

    private func applying(_ status: OpenDSRStatus, to notice: String, party: String, note: String, at date: Date)
        throws(LedgerError) -> NoticeRecord
    {
        switch status {
        case .pending, .inProgress:
            return try ledger.acknowledge(notice, .received, at: date, note: note)
        case .completed:
            // The processor answers for the sub-processors it instructed.
            let children = try ledger.notices(NoticeFilter()).filter { $0.parentID == notice && !$0.state.isFinal }
            for child in children {
                _ = try ledger.acknowledge(
                    child.id, .completed, at: date, note: "completed as \(party) reported by OpenDSR callback")
            }
            return try ledger.acknowledge(notice, .completed, at: date, note: note)
        case .cancelled:
            return try ledger.acknowledge(
                notice, .refused(reason: "cancelled by the processor (OpenDSR)"), at: date, note: note)
        }
    }
}

extension SQLiteLedger {
    /// The processors that OpenDSR requests went to on `domain` (the host of their endpoint).
    public func openDSRRecipients(onDomain domain: String) throws(LedgerError) -> [String] {
        let all = try read { db in
            try Row.fetchAll(db, sql: "SELECT DISTINCT recipient, endpoint FROM opendsr_sent").map {
                ($0["recipient"] as String, $0["endpoint"] as String)
            }
        }
        let wanted = domain.lowercased()
        return Array(
            Set(
                all.filter { _, endpoint in
                    guard let host = URLComponents(string: endpoint)?.host?.lowercased() else { return false }
                    let port = URLComponents(string: endpoint)?.port
                    return host == wanted || port.map { "\(host):\($0)" == wanted } == true
                }.map(\.0))
        ).sorted()
    }
}
