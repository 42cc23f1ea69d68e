// Notices as RFC 5322 files in the outbox, for a mail system to send.

import Foundation
import Logging
public import SharegraphCore

/// Writes each notice as an `.eml` file in the outbox.
public struct EmailChannel: DeliveryChannel {
    /// Where the files are written.
    public let outbox: EmailOutbox
    /// Each controller's own notice address, used as the sender instead of the outbox's default.
    public let senders: [String: String]

    /// Creates the channel.
    public init(outbox: EmailOutbox, senders: [String: String] = [:]) {
        self.outbox = outbox
        self.senders = senders
    }

    /// Notices to an e-mail address, all in one local queue.
    public func queue(for channel: NoticeChannel) -> String? {
        if case .endpoint(.email, _) = channel { "local" } else { nil }
    }

    /// Writes the message and records it as sent.
    public func deliver(_ notice: NoticeRecord, context: DeliveryContext) async throws(LedgerError) -> DeliveryOutcome {
        guard case .endpoint(_, let address) = notice.channel else { return .noAddress }
        let ledger = context.ledger
        // An address edited in the ledger (a list, a line break) never reaches a header.
        guard EmailAddress.parse(address) != nil else {
            try ledger.recordFailure(
                notice.id, at: context.now(), detail: "the stored address is not one plain e-mail address",
                retryAt: nil)
            context.logger.error("unusable e-mail address in the ledger", metadata: ["notice": "\(notice.id)"])
            return .failed
        }
        try ledger.recordAttempt(notice.id, at: context.now())
        let email = NoticeEmail(notice: notice, to: address, date: context.now())
        let message = email.message(from: email.controller.flatMap { senders[$0] } ?? outbox.from)
        do {
            let path = try outbox.write(id: notice.id, message: message)
            try ledger.recordSent(
                notice.id, at: context.now(), detail: "written to the outbox as \((path as NSString).lastPathComponent)"
            )
            context.logger.info(
                "notice written to the outbox",
                metadata: ["notice": "\(notice.id)", "recipient": "\(notice.recipient)"])
            return .sent
        } catch {
            return try context.fail(notice, attempt: notice.attempts + 1, detail: "\(error)", retryAfter: nil)
        }
    }
}
