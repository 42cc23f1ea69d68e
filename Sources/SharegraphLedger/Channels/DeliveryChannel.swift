// The one protocol every way of delivering a notice conforms to. A channel is handed a notice
// that the deliverer has claimed, sends it, and records the attempt, the hand-over or the
// failure through its context; the deliverer does the rest (claims, order, verification, relays,
// retries within a run). Adding a way of delivering is one file that conforms to
// `DeliveryChannel`, plus its entry where the deliverer's channels are listed.

public import Foundation
public import Logging
public import SharegraphCore

/// A way of delivering notices: webhook, e-mail, JSON lines, OpenDSR.
public protocol DeliveryChannel: Sendable {
    /// Whether this channel delivers notices with `channel`, and if so the queue they wait in:
    /// notices in one queue go in plan order, and queues run side by side. Nil when it does not.
    func queue(for channel: NoticeChannel) -> String?

    /// Sends one claimed notice and records what happened through `context`.
    func deliver(_ notice: NoticeRecord, context: DeliveryContext) async throws(LedgerError) -> DeliveryOutcome
}

/// What one delivery came to.
public enum DeliveryOutcome: Sendable, Hashable {
    /// Handed over and recorded as sent.
    case sent
    /// Failed; a retry is scheduled.
    case retry
    /// Failed for good.
    case failed
    /// There is nowhere to send it (no address, or no channel for its kind in this run).
    case noAddress
    /// The channel lacks what it needs for this recipient (a signing secret or key).
    case notConfigured
    /// A relayed notice whose processor has not been sent its own yet.
    case waiting
    /// Its request's record does not verify; it is not sent.
    case unverified

    /// Whether the notice stays as it was, for a later run.
    var leavesNoticeUntouched: Bool { [.noAddress, .notConfigured, .waiting, .unverified].contains(self) }
}

/// What a channel may use while delivering: the ledger, the clock, the log and the retry schedule.
public struct DeliveryContext: Sendable {
    /// The ledger the notice is recorded in.
    public let ledger: any NoticeLedger
    /// Where delivery is logged (ids and status codes only).
    public let logger: Logger
    /// When a failed delivery is tried again.
    public let retry: RetryPolicy
    let clock: @Sendable () -> Date

    /// Creates a context.
    public init(ledger: any NoticeLedger, logger: Logger, retry: RetryPolicy, clock: @escaping @Sendable () -> Date) {
        self.ledger = ledger
        self.logger = logger
        self.retry = retry
        self.clock = clock
    }

    /// The time now.
    public func now() -> Date { clock() }

    /// Records a failed attempt, with a retry when the schedule has one left.
    public func fail(_ notice: NoticeRecord, attempt: Int, detail: String, retryAfter: Double?) throws(LedgerError)
        -> DeliveryOutcome
    {
        let at = now()
        if let delay = retry.delay(afterAttempt: attempt, retryAfter: retryAfter) {
            try ledger.recordFailure(notice.id, at: at, detail: detail, retryAt: at.addingTimeInterval(delay))
            return .retry
        }
        try ledger.recordFailure(
            notice.id, at: at, detail: "\(detail); gave up after \(attempt) attempts", retryAt: nil)
        return .failed
    }
}

/// The channels one delivery run uses, and how it retries.
public struct DeliveryChannels: Sendable {
    /// The channels, asked in order which one delivers a notice.
    public var channels: [any DeliveryChannel]
    /// When a failed delivery is tried again.
    public var retry: RetryPolicy
    /// How long one run waits for a short retry (the immediate and the 5-second ones) before leaving it to the next run.
    public var lingerSeconds: Double

    /// A run with these channels.
    public init(_ channels: [any DeliveryChannel], retry: RetryPolicy = .standard, lingerSeconds: Double = 10) {
        self.channels = channels
        self.retry = retry
        self.lingerSeconds = lingerSeconds
    }

    /// The standard set: signed webhooks (when a transport is given), e-mail files (when an outbox
    /// is), and JSON lines for notices without an address (when a sink is).
    public init(
        transport: (any WebhookTransport)?, secrets: WebhookSecrets = WebhookSecrets(),
        environment: [String: String] = [:],
        outbox: EmailOutbox?, senders: [String: String] = [:], jsonLines: JSONLinesSink?,
        retry: RetryPolicy = .standard,
        lingerSeconds: Double = 10
    ) {
        var channels: [any DeliveryChannel] = []
        if let transport {
            channels.append(WebhookChannel(transport: transport, secrets: secrets, environment: environment))
        }
        if let outbox { channels.append(EmailChannel(outbox: outbox, senders: senders)) }
        if let jsonLines { channels.append(JSONLinesChannel(sink: jsonLines)) }
        self.init(channels, retry: retry, lingerSeconds: lingerSeconds)
    }

    /// The channel that delivers `channel`, and the queue it goes in.
    func route(_ channel: NoticeChannel) -> (channel: any DeliveryChannel, queue: String)? {
        for candidate in channels {
            if let queue = candidate.queue(for: channel) { return (candidate, queue) }
        }
        return nil
    }
}
