// Sends what is due: signed webhooks with the specification's retry schedule, e-mail files in the
// outbox, JSON lines for scripts; relayed sub-processor notices follow their processor's.
// Every attempt is logged in the ledger before it is made, so a crash never loses a notice; a
// notice may be delivered again after a crash, always with the same webhook id.

import AsyncHTTPClient
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import SharegraphCore
import Synchronization

/// The retry schedule and its jitter.
public struct RetryPolicy: Sendable {
    /// Delays before each retry, in seconds; after the last one the notice fails.
    public var delays: [Double]
    /// A fraction of each delay added or taken away at random.
    public var jitter: Double

    /// Standard Webhooks' schedule: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h.
    public static let standard = RetryPolicy(
        delays: [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400], jitter: 0.1)

    /// Creates a policy.
    public init(delays: [Double], jitter: Double) {
        self.delays = delays
        self.jitter = jitter
    }

    /// The delay after the `attempt`-th failed attempt (1-based), or nil when it was the last.
    public func delay(afterAttempt attempt: Int, retryAfter: Double? = nil) -> Double? {
        guard attempt >= 1, attempt <= delays.count else { return nil }
        let base = delays[attempt - 1]
        let jittered = base * (1 + Double.random(in: -jitter...jitter))
        return max(jittered, retryAfter ?? 0)
    }
}

/// What an HTTP endpoint answered.
public struct WebhookResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// The `Retry-After` header, when the endpoint sent one.
    public var retryAfter: String?
    /// The headers, names in lower case (the first of each name).
    public var headers: [String: String]
    /// The body, up to 64 KiB.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, retryAfter: String? = nil, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.retryAfter = retryAfter
        self.headers = headers
        self.body = body
    }
}

/// Posts a webhook; the production one is async-http-client, tests may substitute.
public protocol WebhookTransport: Sendable {
    func post(url: String, headers: [(String, String)], body: String) async throws -> WebhookResponse
}

/// async-http-client with redirects refused and a 15-second timeout.
public final class HTTPWebhookTransport: WebhookTransport {
    private let client: HTTPClient
    private let timeout: TimeAmount
    /// Endpoints of recipients marked internal, which may be on private addresses.
    private let internalEndpoints: Set<String>
    /// Whether the URLs came from another organisation (OpenDSR callback URLs): judged by
    /// `EndpointGuard.checkFromOutside`, https and public addresses only.
    private let fromOutside: Bool

    /// Creates a transport; call `shutdown()` when done.
    public init(timeoutSeconds: Int64 = 15, internalEndpoints: Set<String> = [], fromOutside: Bool = false) {
        self.internalEndpoints = internalEndpoints
        self.fromOutside = fromOutside
        timeout = .seconds(timeoutSeconds)
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = .init(connect: .seconds(timeoutSeconds), read: .seconds(timeoutSeconds))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Posts `body` to `url` with `headers`, within one deadline for the whole exchange.
    public func post(url: String, headers: [(String, String)], body: String) async throws -> WebhookResponse {
        // One deadline for the whole exchange: connecting, the answer's head and its body. A server
        // that trickles its answer a byte at a time cannot hold a delivery past it.
        if fromOutside {
            try EndpointGuard.checkFromOutside(url, isInternal: internalEndpoints.contains(url))
        } else {
            try EndpointGuard.check(url, isInternal: internalEndpoints.contains(url))
        }
        let limit = timeout
        // The answer is whichever comes first, the exchange or the deadline, and the caller has it
        // then: a task group would wait for the cancelled exchange to wind down, which under load
        // took seconds past the deadline. The exchange is cancelled and ends on its own.
        let outcome = Outcome()
        let exchange = Task { [self] in
            do {
                outcome.settle(.success(try await self.exchange(url: url, headers: headers, body: body)))
            } catch {
                outcome.settle(.failure(error))
            }
        }
        // The deadline runs on the client's event loop, not in a task: when every thread of the task
        // pool is busy (traces on a loaded server, or other suites of a test run), a sleeping task
        // wakes only when one is free, and a trickling answer could finish first. A test run on 2
        // cores saw a 1-second deadline pass over 50 seconds unnoticed. On the event loop it settles
        // the outcome on time; the caller takes the timeout when it next runs.
        let seconds = Int(limit.nanoseconds / 1_000_000_000)
        let deadline = client.eventLoopGroup.next().scheduleTask(in: limit) {
            if outcome.settle(.failure(DeliveryTimeout(seconds: seconds))) { exchange.cancel() }
        }
        defer { deadline.cancel() }
        return try await withTaskCancellationHandler {
            try await outcome.value()
        } onCancel: {
            exchange.cancel()
            outcome.settle(.failure(CancellationError()))
        }
    }

    /// The first result handed to it, for one waiter.
    private final class Outcome: Sendable {
        private struct State {
            var result: Result<WebhookResponse, any Error>?
            var waiter: CheckedContinuation<WebhookResponse, any Error>?
        }

        private let state = Mutex(State())

        /// Keeps `result` unless one came first; says whether it was the first.
        @discardableResult
        func settle(_ result: Result<WebhookResponse, any Error>) -> Bool {
            let (first, waiter) = state.withLock { state -> (Bool, CheckedContinuation<WebhookResponse, any Error>?) in
                guard state.result == nil else { return (false, nil) }
                state.result = result
                defer { state.waiter = nil }
                return (true, state.waiter)
            }
            waiter?.resume(with: result)
            return first
        }

        func value() async throws -> WebhookResponse {
            try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLock { state -> Result<WebhookResponse, any Error>? in
                    if let result = state.result { return result }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }

    private func exchange(url: String, headers: [(String, String)], body: String) async throws -> WebhookResponse {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "sharegraph")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await client.execute(request, timeout: timeout)
        // Read a little of the body (an OpenDSR answer is signed, and small), so the connection
        // can be reused, and no more.
        let body = (try? await response.body.collect(upTo: 64 * 1024)).map { Array($0.readableBytesView) } ?? []
        var headers: [String: String] = [:]
        for header in response.headers where headers[header.name.lowercased()] == nil {
            headers[header.name.lowercased()] = header.value
        }
        return WebhookResponse(
            status: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"),
            headers: headers, body: body)
    }

    /// Closes the client's connections.
    public func shutdown() async {
        try? await client.shutdown()
    }
}

/// The whole exchange with an endpoint took longer than the deadline.
public struct DeliveryTimeout: Error, CustomStringConvertible {
    /// The deadline that passed, in seconds.
    public var seconds: Int
    /// The timeout in words.
    public var description: String { "no complete answer within \(seconds) s" }
}

/// What one run did.
public struct DeliverySummary: Sendable, Equatable {
    /// Notices handed over this run.
    public var sent = 0
    /// Notices that failed and will be tried again.
    public var retrying = 0
    /// Notices that failed for good.
    public var failed = 0
    /// Notices with no address and no JSON-lines sink to hand them to.
    public var noAddress = 0
    /// Notices whose channel lacks what it needs for the recipient (a webhook secret, a signing key).
    public var notConfigured = 0
    /// Notices whose kind of address no channel of this run delivers.
    public var noChannel = 0
    /// Relayed notices whose processor has not been sent its notice yet.
    public var waitingForRelay = 0
    /// Notices not sent because their request's record in the ledger does not verify.
    public var unverified = 0

    /// Creates an empty summary.
    public init() {}
}

/// Counts the notices of one delivery pass as the queues finish them, and reports the count
/// under a lock, so that a progress bar is drawn by one task at a time.
final class PassCounter: Sendable {
    private let state = Mutex(0)
    let total: Int
    let report: (@Sendable (Int, Int) -> Void)?

    init(total: Int, report: (@Sendable (Int, Int) -> Void)?) {
        self.total = total
        self.report = report
    }

    func advance() {
        state.withLock { done in
            done += 1
            report?(done, total)
        }
    }
}

/// Delivers due notices from a ledger.
public struct Deliverer: Sendable {
    /// The ledger notices come from and states go to.
    public var ledger: any NoticeLedger
    /// Where notices are sent.
    public var channels: DeliveryChannels
    /// Where delivery is logged (ids and status codes only).
    public var logger: Logger
    /// The clock; tests move it.
    public var now: @Sendable () -> Date
    /// Who this deliverer is, for its claims on notices.
    public var claimant = Claimant.current()
    /// How long a claim holds: longer than any one delivery may take, so a live deliverer never
    /// loses a notice it is sending; a dead one's claim is taken over at once on the same host.
    public var lease: TimeInterval = 120
    /// Told after each notice of a pass is handled: how many of the pass's notices are done, of
    /// how many. A terminal draws a progress bar from it; it is called from one task at a time.
    public var progress: (@Sendable (_ done: Int, _ total: Int) -> Void)?

    /// Creates a deliverer.
    public init(
        ledger: any NoticeLedger, channels: DeliveryChannels, logger: Logger,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.ledger = ledger
        self.channels = channels
        self.logger = logger
        self.now = now
    }

    /// Sends everything due as of `today`, retrying short delays within the run.
    public func deliverDue(today: CalendarDate) async throws(LedgerError) -> DeliverySummary {
        var summary = DeliverySummary()
        // Notices this run could not send, by why; a later pass may still send them (a relay whose processor's went out).
        var held: [String: DeliveryOutcome] = [:]
        // Each request's chain is checked once a run, before any of its notices goes out: an edited
        // body, address or state is never sent.
        var verified: [String: Bool] = [:]
        var noChannel = Set<String>()
        while true {
            var progressed = false
            var sentThisPass = false
            // One queue per endpoint, run side by side (at most `parallelEndpoints` at once), so a
            // slow endpoint holds up only its own notices; within a queue, plan order is kept.
            var queues: [[NoticeRecord]] = []
            var queueOf: [String: Int] = [:]
            for candidate in try ledger.deliverable(now: now(), today: today) {
                if verified[candidate.requestID] == nil {
                    let breaks = try ledger.verify(request: candidate.requestID)
                    verified[candidate.requestID] = breaks.isEmpty
                    for found in breaks {
                        logger.error(
                            "ledger record does not verify; its notices are not sent", metadata: ["where": "\(found)"])
                    }
                }
                guard verified[candidate.requestID] == true else {
                    held[candidate.id] = .unverified
                    continue
                }
                let key: String
                switch candidate.channel {
                case .relay, .internal: key = "local"
                default:
                    guard let route = channels.route(candidate.channel) else {
                        held[candidate.id] = .noAddress
                        if case .endpoint(let kind, _) = candidate.channel {
                            noChannel.insert(candidate.id)
                            logger.warning(
                                "no channel delivers this kind of address in this run",
                                metadata: ["notice": "\(candidate.id)", "kind": "\(kind)"])
                        }
                        continue
                    }
                    key = route.queue
                }
                if let queue = queueOf[key] {
                    queues[queue].append(candidate)
                } else {
                    queueOf[key] = queues.count
                    queues.append([candidate])
                }
            }
            for (id, outcome) in try await run(queues, today: today) {
                switch outcome {
                case .sent:
                    summary.sent += 1
                    sentThisPass = true
                case .failed: summary.failed += 1
                case .retry: break
                case .noAddress, .notConfigured, .waiting, .unverified:
                    held[id] = outcome
                    continue
                }
                held[id] = nil
                progressed = true
            }
            // A relay waits for its processor's notice, which may have gone out in this pass.
            if sentThisPass, held.values.contains(.waiting) { continue }
            let retries = try ledger.pendingRetries()
            // Wait within the run only for a short retry that this pass scheduled; anything else is for the next run.
            guard progressed, let soonest = retries.soonest, soonest.timeIntervalSince(now()) <= channels.lingerSeconds
            else {
                summary.retrying = retries.count
                summary.noChannel = held.filter { $0.value == .noAddress && noChannel.contains($0.key) }.count
                summary.noAddress = held.values.filter { $0 == .noAddress }.count - summary.noChannel
                summary.notConfigured = held.values.filter { $0 == .notConfigured }.count
                summary.waitingForRelay = held.values.filter { $0 == .waiting }.count
                summary.unverified = held.values.filter { $0 == .unverified }.count
                return summary
            }
            let wait = max(soonest.timeIntervalSince(now()), 0)
            try? await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000) + 10_000_000)
        }
    }

    /// How many endpoints are sent to at once.
    public static let parallelEndpoints = 8

    /// Runs the queues side by side, each in order: claims each notice, sends it, and gives back
    /// the claim of one it could not send.
    private func run(_ queues: [[NoticeRecord]], today: CalendarDate) async throws(LedgerError) -> [(
        String, DeliveryOutcome
    )] {
        let counter = PassCounter(total: queues.reduce(0) { $0 + $1.count }, report: progress)
        do {
            return try await withThrowingTaskGroup(of: [(String, DeliveryOutcome)].self) { group in
                var results: [(String, DeliveryOutcome)] = []
                var next = 0
                func start() {
                    let queue = queues[next]
                    next += 1
                    group.addTask { try await self.runQueue(queue, today: today, counter: counter) }
                }
                while next < min(queues.count, Self.parallelEndpoints) { start() }
                while let finished = try await group.next() {
                    results += finished
                    if next < queues.count { start() }
                }
                return results
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }

    private func runQueue(_ queue: [NoticeRecord], today: CalendarDate, counter: PassCounter) async throws(LedgerError)
        -> [(String, DeliveryOutcome)]
    {
        var results: [(String, DeliveryOutcome)] = []
        for candidate in queue {
            defer { counter.advance() }
            // Another deliverer on this ledger may be sending it: only the one that claims it sends.
            guard try ledger.claim(candidate.id, by: claimant, now: now(), today: today, lease: lease),
                let notice = try ledger.notice(candidate.id), notice.state == .planned
            else { continue }
            let outcome = try await deliver(notice)
            if outcome.leavesNoticeUntouched {
                try ledger.release(notice.id, by: claimant)
            }
            results.append((notice.id, outcome))
        }
        return results
    }

    private func deliver(_ notice: NoticeRecord) async throws(LedgerError) -> DeliveryOutcome {
        if case .relay = notice.channel {
            guard let parentID = notice.parentID, let parent = try ledger.notice(parentID),
                [.sent, .acknowledged, .completed].contains(parent.state)
            else { return .waiting }
            try ledger.recordSent(
                notice.id, at: now(), detail: "passed on by \(parent.recipient) with notice \(parent.id)")
            logger.info("notice relayed", metadata: ["notice": "\(notice.id)", "via": "\(parent.recipient)"])
            return .sent
        }
        guard let route = channels.route(notice.channel) else { return .noAddress }
        let context = DeliveryContext(ledger: ledger, logger: logger, retry: channels.retry, clock: now)
        return try await route.channel.deliver(notice, context: context)
    }

    /// `Retry-After` as seconds or an HTTP date.
    static func seconds(retryAfter: String?, now: Date) -> Double? {
        guard let value = retryAfter?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        // A day at most, like the longest step of the retry schedule: `inf` or a date in the year
        // 506713 must not park a notice for ever.
        if let seconds = Double(value) { return seconds.isFinite ? min(max(0, seconds), maximumRetryAfter) : nil }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: value).map { min(max(0, $0.timeIntervalSince(now)), maximumRetryAfter) }
    }

    /// The longest wait a `Retry-After` may ask for.
    static let maximumRetryAfter: Double = 86_400

    static func describe(_ error: any Error) -> String {
        String("\(error)".prefix(200))
    }
}
