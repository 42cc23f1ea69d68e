// Notices as signed HTTP POSTs (Standard Webhooks), with the specification's answers: 2xx is
// delivered, 410 disables the endpoint, 429 waits as long as Retry-After asks, anything else is
// retried on the schedule.

import Foundation
import Logging
public import SharegraphCore

/// Posts each notice to the recipient's webhook, signed with the recipient's secret.
public struct WebhookChannel: DeliveryChannel {
    /// How the POST is made.
    public let transport: any WebhookTransport
    /// The signing secrets of the recipients that have one.
    public let secrets: WebhookSecrets
    /// The environment, where secrets named `SHAREGRAPH_WEBHOOK_SECRET_<RECIPIENT>` are read.
    public let environment: [String: String]

    /// Creates the channel.
    public init(transport: any WebhookTransport, secrets: WebhookSecrets, environment: [String: String]) {
        self.transport = transport
        self.secrets = secrets
        self.environment = environment
    }

    /// Notices to a webhook, one queue per URL.
    public func queue(for channel: NoticeChannel) -> String? {
        if case .endpoint(.webhook, let url) = channel { "webhook " + url } else { nil }
    }

    /// Signs and posts the notice, and records the answer.
    public func deliver(_ notice: NoticeRecord, context: DeliveryContext) async throws(LedgerError) -> DeliveryOutcome {
        guard case .endpoint(_, let url) = notice.channel else { return .noAddress }
        let ledger = context.ledger
        let logger = context.logger
        if try ledger.disabledEndpoints().contains(url) {
            try ledger.recordFailure(
                notice.id, at: context.now(), detail: "endpoint disabled after 410 Gone", retryAt: nil)
            return .failed
        }
        guard let secret = secrets.secret(for: notice.recipient, environment: environment) else {
            logger.warning(
                "no webhook secret",
                metadata: [
                    "recipient": "\(notice.recipient)",
                    "variable": "\(WebhookSecrets.variableName(for: notice.recipient))",
                ])
            return .notConfigured
        }
        let signer: WebhookSigner
        do {
            signer = try WebhookSigner(secret: secret)
        } catch {
            logger.error(
                "unusable webhook secret", metadata: ["recipient": "\(notice.recipient)", "problem": "\(error)"])
            return .notConfigured
        }
        try ledger.recordAttempt(notice.id, at: context.now())
        let attempt = notice.attempts + 1
        let timestamp = Int(context.now().timeIntervalSince1970)
        do {
            let response = try await transport.post(
                url: url, headers: signer.headers(id: notice.id, timestamp: timestamp, body: notice.body),
                body: notice.body)
            logger.info(
                "webhook answered",
                metadata: ["notice": "\(notice.id)", "status": "\(response.status)", "attempt": "\(attempt)"])
            return try Self.record(response, of: notice, url: url, attempt: attempt, context: context)
        } catch let error as LedgerError {
            throw error
        } catch {
            return try Self.record(failure: error, of: notice, attempt: attempt, context: context)
        }
    }

    /// Records an HTTP answer: 2xx sent, 410 disables the endpoint, 429 honours Retry-After, else retry.
    static func record(
        _ response: WebhookResponse, of notice: NoticeRecord, url: String, attempt: Int, context: DeliveryContext
    ) throws(LedgerError) -> DeliveryOutcome {
        let ledger = context.ledger
        switch response.status {
        case 200..<300:
            try ledger.recordSent(notice.id, at: context.now(), detail: "HTTP \(response.status)")
            return .sent
        case 410:
            try ledger.disableEndpoint(url, at: context.now(), reason: "HTTP 410 Gone")
            try ledger.recordFailure(
                notice.id, at: context.now(), detail: "HTTP 410 Gone: endpoint disabled", retryAt: nil)
            return .failed
        case 429:
            return try context.fail(
                notice, attempt: attempt, detail: "HTTP 429",
                retryAfter: Deliverer.seconds(retryAfter: response.retryAfter, now: context.now()))
        default:
            return try context.fail(notice, attempt: attempt, detail: "HTTP \(response.status)", retryAfter: nil)
        }
    }

    /// Records an exchange that gave no answer: a refused endpoint fails for good, anything else is retried.
    static func record(failure error: any Error, of notice: NoticeRecord, attempt: Int, context: DeliveryContext)
        throws(LedgerError) -> DeliveryOutcome
    {
        if let refused = error as? EndpointRefused {
            context.logger.error(
                "endpoint refused", metadata: ["notice": "\(notice.id)", "reason": "\(refused.reason)"])
            try context.ledger.recordFailure(
                notice.id, at: context.now(), detail: "endpoint refused: \(refused.reason)", retryAt: nil)
            return .failed
        }
        context.logger.info(
            "delivery failed",
            metadata: ["notice": "\(notice.id)", "attempt": "\(attempt)", "error": "\(type(of: error))"])
        return try context.fail(
            notice, attempt: attempt, detail: "no answer: \(Deliverer.describe(error))", retryAfter: nil)
    }
}
