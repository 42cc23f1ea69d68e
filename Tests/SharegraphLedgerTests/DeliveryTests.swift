// Delivery: Standard Webhooks signatures, retries, 410 and 429, e-mail files that cannot escape the
// outbox, JSON lines, relays, and logs that never carry an identifier.

import Foundation
import Logging
import SharegraphCore
import SharegraphLedger
import SharegraphTestSupport
import SharegraphYAML
import Synchronization
import Testing

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: WebhookTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [WebhookResponse]
    private(set) var deliveries: [(url: String, headers: [String: String], body: String)] = []

    init(_ answers: [WebhookResponse]) { self.answers = answers }

    func post(url: String, headers: [(String, String)], body: String) async throws -> WebhookResponse {
        lock.withLock {
            deliveries.append((url, Dictionary(headers, uniquingKeysWith: { $1 }), body))
            return answers.isEmpty ? WebhookResponse(status: 200) : answers.removeFirst()
        }
    }
}

/// Log lines kept in memory, to check what reaches the logs.
final class CapturedLogs: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var text: String { lock.withLock { lines.joined(separator: "\n") } }
    func append(_ line: String) { lock.withLock { lines.append(line) } }

    var logger: Logger {
        Logger(label: "test") { _ in Handler(logs: self) }
    }

    struct Handler: LogHandler {
        let logs: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            logs.append("\(event.level) \(event.message) \(event.metadata ?? [:])")
        }
    }
}

struct SigningTests {
    @Test func thePublishedStandardWebhooksVectorSigns() throws {
        let signer = try WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        #expect(
            signer.signature(
                id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: #"{"test": 2432232314}"#)
                == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test func badSecretsAreRefusedWithTheReason() {
        #expect(throws: WebhookSigner.SecretError.missingPrefix) {
            try WebhookSigner(secret: "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        }
        #expect(throws: WebhookSigner.SecretError.notBase64) { try WebhookSigner(secret: "whsec_not base64!") }
        #expect(throws: WebhookSigner.SecretError.tooShort) { try WebhookSigner(secret: "whsec_c2hvcnQ=") }
    }

    @Test func secretsComeFromTheEnvironmentByRecipient() {
        #expect(WebhookSecrets.variableName(for: "stripe-inc") == "SHAREGRAPH_WEBHOOK_SECRET_STRIPE_INC")
        let secrets = WebhookSecrets()
        #expect(
            secrets.secret(for: "stripe-inc", environment: ["SHAREGRAPH_WEBHOOK_SECRET_STRIPE_INC": "whsec_x"])
                == "whsec_x")
        #expect(secrets.secret(for: "stripe", environment: ["SHAREGRAPH_WEBHOOK_SECRET_STRIPE_INC": "whsec_x"]) == nil)
    }
}

struct OutboxTests {
    @Test func idsThatCouldEscapeTheOutboxAreRefused() {
        let outbox = EmailOutbox(directory: "/tmp/outbox", from: "dpo@example.no")
        for id in [
            "../etc/passwd", "/etc/passwd", "a/b", "ntc_\u{0}x", ".hidden", "", String(repeating: "a", count: 101),
            "ntc_é", "a\\b", "..",
        ] {
            #expect(throws: OutboxError.self, "\(id.debugDescription)") { try outbox.path(for: id) }
        }
        #expect((try? outbox.path(for: "ntc_0123abc")) == "/tmp/outbox/ntc_0123abc.eml")
    }

    @Test func anEmailIsAnRFC5322MessageWithCRLFAndOnlyTheRecipientsIdentifiers() throws {
        let store = try TemporaryLedger()
        let draft = RequestDraft(plan: try Seeds.plan("janteloppet-attendee-erasure"), controllerName: "Janteloppet")
        _ = try store.ledger.record([draft])
        let partners = try #require(
            try store.ledger.notices(NoticeFilter()).first { $0.recipient == "janteloppet-event-partners" })
        let message = NoticeEmail(notice: partners, to: "partners@example.no", date: Date(timeIntervalSince1970: 0))
            .message(from: "notices@janteloppet.com")
        #expect(
            message.hasPrefix(
                "From: notices@janteloppet.com\r\nTo: partners@example.no\r\nSubject: Sletting av personopplysninger [ntc_"
            ), "a Norwegian request gives a Norwegian e-mail")
        #expect(message.contains("\r\nDate: Thu, 01 Jan 1970 00:00:00 +0000\r\n"))
        #expect(message.contains("\r\nMessage-ID: <\(partners.id)@sharegraph.invalid>\r\n"))
        #expect(
            message.contains("\r\n\r\nTil Event partners"), "headers end with an empty line; the body is in Norwegian")
        #expect(!message.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        #expect(
            !message.contains("@example.no>") && !message.contains("attendee@"),
            "the e-mail address is not something event partners hold")
        #expect(message.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 998 })
    }
}

struct DeliveryTests {
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    /// The iGo request with its processor reachable by webhook, as a graph with an endpoint would give.
    static func webhookLedger() throws -> (TemporaryLedger, RequestDraft) {
        let store = try TemporaryLedger()
        var draft = RequestDraft(plan: try Seeds.plan("igo-employee-erasure"), controllerName: "iGo AS")
        for index in draft.notices.indices where draft.notices[index].recipient == "igo-processor" {
            draft.notices[index].channel = .webhook(url: "https://processor.example/hooks")
        }
        _ = try store.ledger.record([draft])
        return (store, draft)
    }

    static func deliverer(
        _ store: TemporaryLedger, _ transport: ScriptedTransport, logs: CapturedLogs = CapturedLogs(),
        clock: @escaping @Sendable () -> Date = { Date() }
    ) -> Deliverer {
        Deliverer(
            ledger: store.ledger,
            channels: DeliveryChannels(
                transport: transport, secrets: WebhookSecrets(["igo-processor": secret]), outbox: nil, jsonLines: nil,
                retry: RetryPolicy(delays: [0, 0.05, 0.05], jitter: 0), lingerSeconds: 1),
            logger: logs.logger, now: clock)
    }

    @Test func aFailedDeliveryIsRetriedWithTheSameIdAndBodyAndThenTheRelayFollows() async throws {
        let (store, draft) = try Self.webhookLedger()
        let transport = ScriptedTransport([
            WebhookResponse(status: 500), WebhookResponse(status: 503), WebhookResponse(status: 200),
        ])
        let summary = try await Self.deliverer(store, transport).deliverDue(today: CalendarDate(iso: "2026-02-01")!)
        #expect(summary.sent == 2 && summary.failed == 0, "the processor's webhook, then its sub-processors' relay")
        #expect(
            summary.waitingForRelay == 0 && summary.retrying == 0,
            "a relay that went out in a later pass is not also counted as waiting")
        #expect(transport.deliveries.count == 3)
        let processor = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        #expect(Set(transport.deliveries.map { $0.headers["webhook-id"] }) == [processor.id])
        #expect(Set(transport.deliveries.map(\.body)).count == 1)
        for delivery in transport.deliveries {
            let signer = try WebhookSigner(secret: Self.secret)
            let timestamp = try #require(Int(delivery.headers["webhook-timestamp"] ?? ""))
            #expect(
                delivery.headers["webhook-signature"]
                    == signer.signature(id: processor.id, timestamp: timestamp, body: delivery.body))
        }
        let sub = try #require(draft.notices.first { $0.recipient == "igo-processor-subprocessors" })
        #expect(try store.ledger.notice(sub.id)?.state == .sent)
        let kinds = try store.ledger.events(notice: processor.id).map(\.kind)
        #expect(kinds == ["planned", "attempt", "delivery-failed", "attempt", "delivery-failed", "attempt", "sent"])
    }

    @Test(.timeLimit(.minutes(1)))
    func noticesThatCannotGoEndTheRunAndAreCountedOnce() async throws {
        let (store, _) = try Self.webhookLedger()
        let transport = ScriptedTransport([])
        let deliverer = Deliverer(
            ledger: store.ledger,
            channels: DeliveryChannels(
                transport: transport, outbox: nil, jsonLines: nil, retry: RetryPolicy(delays: [0], jitter: 0)),
            logger: CapturedLogs().logger)
        let summary = try await deliverer.deliverDue(today: CalendarDate(iso: "2026-02-01")!)
        #expect(summary.notConfigured == 1 && summary.waitingForRelay == 1 && summary.sent == 0)
        #expect(transport.deliveries.isEmpty, "nothing is sent unsigned")
        let withoutTransport = Deliverer(
            ledger: store.ledger, channels: DeliveryChannels(transport: nil, outbox: nil, jsonLines: nil),
            logger: CapturedLogs().logger)
        let unrouted = try await withoutTransport.deliverDue(today: CalendarDate(iso: "2026-02-01")!)
        #expect(
            unrouted.noChannel == 1 && unrouted.noAddress == 0,
            "a webhook notice with no webhook channel in the run is counted as such, not as a notice without an address"
        )
    }

    /// `deliver` draws a progress bar from this: each pass tells how many of its notices are done,
    /// ending at all of them (the relay's pass after the processor's).
    @Test func eachPassReportsItsProgressToTheEnd() async throws {
        let (store, _) = try Self.webhookLedger()
        let transport = ScriptedTransport([WebhookResponse(status: 200)])
        let reports = Mutex<[[Int]]>([])
        var deliverer = Self.deliverer(store, transport)
        deliverer.progress = { done, total in reports.withLock { $0.append([done, total]) } }
        let summary = try await deliverer.deliverDue(today: CalendarDate(iso: "2026-02-01")!)
        #expect(summary.sent == 2)
        let seen = reports.withLock { $0 }
        #expect(!seen.isEmpty && seen.allSatisfy { $0[0] <= $0[1] })
        #expect(seen.last.map { $0[0] == $0[1] } == true, "the last report of a pass is all of it: \(seen)")
    }

    @Test func theLastRetryGivesUpAndRecordsTheFailure() async throws {
        let (store, draft) = try Self.webhookLedger()
        let transport = ScriptedTransport(Array(repeating: WebhookResponse(status: 500), count: 10))
        let summary = try await Self.deliverer(store, transport).deliverDue(today: CalendarDate(iso: "2026-02-01")!)
        #expect(summary.failed == 1 && transport.deliveries.count == 4, "the first attempt and three retries")
        let processor = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        #expect(try store.ledger.notice(processor.id)?.state == .failed)
        #expect(
            try store.ledger.events(notice: processor.id).last?.detail?.contains("gave up after 4 attempts") == true)
    }

    @Test func goneDisablesTheEndpoint() async throws {
        let (store, _) = try Self.webhookLedger()
        let transport = ScriptedTransport([WebhookResponse(status: 410)])
        let summary = try await Self.deliverer(store, transport).deliverDue(today: CalendarDate(iso: "2026-02-01")!)
        #expect(summary.failed == 1 && transport.deliveries.count == 1)
        #expect(try store.ledger.disabledEndpoints() == ["https://processor.example/hooks"])
    }

    @Test func tooManyRequestsWaitsAsLongAsRetryAfterSays() async throws {
        let (store, draft) = try Self.webhookLedger()
        let transport = ScriptedTransport([WebhookResponse(status: 429, retryAfter: "3600")])
        let start = Date()
        let summary = try await Self.deliverer(store, transport, clock: { start }).deliverDue(
            today: CalendarDate(iso: "2026-02-01")!)
        #expect(summary.retrying == 1 && transport.deliveries.count == 1, "an hour is left for a later run")
        let processor = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        let next = try #require(try store.ledger.notice(processor.id)?.nextAttemptAt)
        #expect(abs(next - start.addingTimeInterval(3600).timeIntervalSince1970) < 1)
    }

    @Test func emailsGoToTheOutboxFromTheControllersAddressAndNoAddressNoticesToJSONLines() async throws {
        let store = try TemporaryLedger()
        let vekstly = RequestDraft(
            plan: try Seeds.plan("vekstly-course-participant-erasure"), controllerName: "Vekstly AS")
        let janteloppet = RequestDraft(
            plan: try Seeds.plan("janteloppet-attendee-erasure"), controllerName: "Janteloppet")
        _ = try store.ledger.record([vekstly, janteloppet])
        let outbox = store.directory.appendingPathComponent("outbox").path
        let lines = store.directory.appendingPathComponent("notices.jsonl").path
        let deliverer = Deliverer(
            ledger: store.ledger,
            channels: DeliveryChannels(
                transport: nil, outbox: EmailOutbox(directory: outbox, from: "fallback@example.invalid"),
                senders: ["vekstly": "hei@vekstly.no"],
                jsonLines: try JSONLinesSink(path: lines)),
            logger: CapturedLogs().logger)
        let summary = try await deliverer.deliverDue(today: CalendarDate(iso: "2026-11-21")!)
        let emailed = vekstly.notices.filter { $0.channel.keyword == "email" }
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox).sorted()
        #expect(files == emailed.map { "\($0.id).eml" }.sorted())
        for file in files {
            let text = try String(contentsOfFile: "\(outbox)/\(file)", encoding: .utf8)
            #expect(text.hasPrefix("From: hei@vekstly.no\r\nTo: privacy@stripe.com\r\n"))
        }
        let unaddressed = janteloppet.notices.filter { $0.channel.keyword == "none" && $0.initialState == .planned }
        let written = try String(contentsOfFile: lines, encoding: .utf8).split(separator: "\n")
        #expect(written.count == unaddressed.count)
        for (line, notice) in zip(written, unaddressed) {
            #expect(line.contains("\"notice_id\":\"\(notice.id)\""))
            #expect(line.hasSuffix(",\"body\":\(notice.body)}"), "the stored body, unchanged")
        }
        #expect(summary.sent == emailed.count + unaddressed.count + 1, "and the relayed sub-processor")
        let ownTasks = try store.ledger.notices(NoticeFilter()).filter { $0.channel == .internal }
        #expect(
            !ownTasks.isEmpty && ownTasks.allSatisfy { $0.state == .planned },
            "the controller's own tasks are not sent anywhere")
        let again = try await deliverer.deliverDue(today: CalendarDate(iso: "2026-11-21")!)
        #expect(again.sent == 0, "a second run sends nothing twice")
    }

    @Test func theStandardScheduleIsTheSpecificationsWithJitter() {
        let policy = RetryPolicy.standard
        #expect(policy.delays == [0, 5, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 86_400])
        for _ in 0..<50 {
            let delay = policy.delay(afterAttempt: 3) ?? 0
            #expect(delay >= 270 && delay <= 330)
        }
        #expect(policy.delay(afterAttempt: 11) == nil)
        #expect(policy.delay(afterAttempt: 2, retryAfter: 60) == 60)
    }

    @Test func noIdentifierReachesTheLogs() async throws {
        let canary = "canary-7d1c@example.invalid"
        let loaded = Seeds.parse(
            """
            sharegraph-request: 1
            id: canary-1
            controller: vekstly
            received: 2026-11-16
            scope: erasure
            subject:
              reference: VK-CANARY
              relationships:
                - controller: vekstly
                  as: [course-participant, customer]
                  identifiers: {email: \(canary)}
                  events: {order: 2024-03-01, payment-completed: 2024-03-01, transaction: 2024-03-01, course-end: 2024-05-30}
            """)
        let plan = try Seeds.index.erasurePlan(for: try #require(loaded.requests.first))
        let store = try TemporaryLedger()
        var draft = RequestDraft(plan: plan, controllerName: "Vekstly AS")
        #expect(
            draft.notices.contains { $0.body.contains(canary) }, "the processor's notice carries the address it holds")
        for index in draft.notices.indices where draft.notices[index].recipient == "stripe" {
            draft.notices[index].channel = .webhook(url: "https://stripe.example/hooks")
        }
        _ = try store.ledger.record([draft])
        let logs = CapturedLogs()
        let transport = ScriptedTransport([WebhookResponse(status: 500), WebhookResponse(status: 200)])
        let deliverer = Deliverer(
            ledger: store.ledger,
            channels: DeliveryChannels(
                transport: transport, secrets: WebhookSecrets(["stripe": Self.secret]), outbox: nil, jsonLines: nil,
                retry: RetryPolicy(delays: [0], jitter: 0)),
            logger: logs.logger)
        _ = try await deliverer.deliverDue(today: CalendarDate(iso: "2026-11-21")!)
        #expect(!logs.text.isEmpty)
        #expect(!logs.text.contains("canary"))
        for notice in try store.ledger.notices(NoticeFilter()) {
            for event in try store.ledger.events(notice: notice.id) {
                #expect(!(event.detail ?? "").contains("canary"))
            }
        }
    }
}
