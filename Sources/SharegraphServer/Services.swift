// The server's background work: sending due notices (every channel, OpenDSR included), and, as a
// processor, posting signed status callbacks. Both keep their state in the ledger, so a restart
// resumes where the last run stopped and sends nothing twice that was recorded as sent.

public import Foundation
public import Logging
public import ServiceLifecycle
import SharegraphCore
public import SharegraphLedger

/// Sends due notices every `interval`.
public struct DeliveryService: Service {
    let environment: ServerEnvironment
    let keys: OpenDSRKeys
    let interval: Duration
    let logger: Logger
    let processEnvironment: [String: String]

    /// Creates the service.
    public init(
        environment: ServerEnvironment, keys: OpenDSRKeys, interval: Duration, logger: Logger,
        processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.environment = environment
        self.keys = keys
        self.interval = interval
        self.logger = logger
        self.processEnvironment = processEnvironment
    }

    /// Runs until the server shuts down; a run in progress finishes first.
    public func run() async throws {
        // A pass in progress finishes before the server stops; the wait between passes does not hold it up.
        repeat {
            await deliverOnce()
        } while await pause(interval)
    }

    /// One pass: every notice due now.
    func deliverOnce() async {
        guard let graph = environment.graphs.current?.graph else { return }
        // The same reading of the graph as `sharegraph deliver`: the organisation's own services on a
        // private network, and no secret for recipients that would read the same variable.
        let setup = DeliverySetup(graph: graph)
        for warning in setup.warnings { logger.warning("\(warning)") }
        let transport = HTTPWebhookTransport(internalEndpoints: setup.internalEndpoints)
        let channels = DeliveryChannels(
            [
                OpenDSRChannel(transport: transport, keys: keys, environment: processEnvironment),
                WebhookChannel(transport: transport, secrets: setup.secrets, environment: processEnvironment),
            ], lingerSeconds: 1)
        let deliverer = Deliverer(ledger: environment.ledger, channels: channels, logger: logger)
        do {
            let summary = try await deliverer.deliverDue(today: environment.today())
            if summary.sent + summary.failed > 0 {
                logger.info(
                    "delivery pass", metadata: ["sent": "\(summary.sent)", "failed": "\(summary.failed)"])
            }
        } catch {
            logger.error("delivery pass failed", metadata: ["error": "\(type(of: error))"])
        }
        await transport.shutdown()
    }
}

/// As a processor: queues a status callback for each change of a received request, and posts
/// the queue, signed, with retries.
public struct CallbackService: Service {
    let processor: OpenDSRProcessor
    let interval: Duration
    let logger: Logger

    /// Runs until the server shuts down.
    public func run() async throws {
        repeat {
            await passOnce()
        } while await pause(interval)
    }

    /// One pass: queue what changed, send what is due.
    func passOnce() async {
        let ledger = processor.environment.ledger
        do {
            try queueChanges()
            let due = try ledger.dueCallbacks(now: Date())
            guard !due.isEmpty else { return }
            let internalURLs = internalCallbacks(due)
            let transport = HTTPWebhookTransport(internalEndpoints: internalURLs, fromOutside: true)
            for callback in due {
                await send(callback, transport: transport)
            }
            await transport.shutdown()
        } catch {
            logger.error("callback pass failed", metadata: ["error": "\(type(of: error))"])
        }
    }

    /// Queues a callback for each status each open request has passed through since the last pass,
    /// in order and pending first (section 8.5: every change is called back), and closes requests
    /// that are done and whose callbacks are settled.
    func queueChanges() throws {
        let ledger = processor.environment.ledger
        for incoming in try ledger.openIncomingOpenDSR() {
            let status = try processor.status(of: incoming)
            for url in incoming.callbackURLs {
                for step in status.path {
                    try ledger.queueCallback(
                        subjectRequestID: incoming.subjectRequestID, url: url, status: step,
                        body: String(decoding: processor.statusMessage(incoming, status: step, url: url), as: UTF8.self)
                    )
                }
            }
            if status == .completed || status == .cancelled, try ledger.callbacksSettled(incoming.subjectRequestID) {
                try ledger.closeIncomingOpenDSR(incoming.subjectRequestID)
            }
        }
    }

    /// Callback URLs of controllers the graph marks as internal services.
    func internalCallbacks(_ due: [OutgoingCallback]) -> Set<String> {
        guard let graph = processor.environment.graphs.current?.graph else { return [] }
        let ledger = processor.environment.ledger
        var urls = Set<String>()
        for callback in due {
            guard let incoming = try? ledger.incomingOpenDSR(callback.subjectRequestID),
                graph.party(incoming.controller)?.contact.isInternal == true
            else { continue }
            urls.insert(callback.url)
        }
        return urls
    }

    func send(_ callback: OutgoingCallback, transport: HTTPWebhookTransport) async {
        let ledger = processor.environment.ledger
        let body = Data(callback.body.utf8)
        let attempt = callback.attempts + 1
        do {
            let response = try await transport.post(
                url: callback.url, headers: processor.configuration.signer.headers(body), body: callback.body)
            // 409: the controller has this callback already (sent before a crash, say): it is delivered.
            if (200..<300).contains(response.status) || response.status == 409 {
                try ledger.recordCallback(
                    callback.sequence, sent: true, detail: "HTTP \(response.status)", retryAt: nil)
                logger.info(
                    "OpenDSR callback sent",
                    metadata: ["status": "\(callback.status.rawValue)", "http": "\(response.status)"])
                return
            }
            try retry(callback, attempt: attempt, detail: "HTTP \(response.status)")
        } catch let refused as EndpointRefused {
            // A URL the rule refuses stays refused: dropped with its reason, never retried.
            try? ledger.recordCallback(
                callback.sequence, sent: false, detail: "refused: \(refused.reason)", retryAt: nil)
            logger.warning("OpenDSR callback URL refused", metadata: ["reason": "\(refused.reason)"])
        } catch {
            try? retry(callback, attempt: attempt, detail: "no answer: \(type(of: error))")
        }
    }

    func retry(_ callback: OutgoingCallback, attempt: Int, detail: String) throws {
        let delay = RetryPolicy.standard.delay(afterAttempt: attempt)
        try processor.environment.ledger.recordCallback(
            callback.sequence, sent: false, detail: detail, retryAt: delay.map { Date().addingTimeInterval(max($0, 1)) }
        )
        logger.warning("OpenDSR callback failed", metadata: ["attempt": "\(attempt)", "detail": "\(detail)"])
    }
}
