// Delivery under attack and under careless operation: header injection, edited ledgers, absurd retry
// times, colliding secret names, and files that hold personal data readable by others.

import Foundation
import SharegraphCore
import SharegraphSupport
import SharegraphTestSupport
import Testing

@testable import SharegraphLedger

struct EmailAddressTests {
    /// One plain addr-spec each: nothing that could add a recipient or a header passes.
    @Test func onlyOnePlainAddressParses() {
        for good in ["dpo@example.no", "first.last+erasure@mail.example.co.uk", "a_b@x-y.example"] {
            #expect(EmailAddress.parse(good) == good)
        }
        for bad in [
            "a@b.example,root", "a@b.example\r\nBcc: x@evil.example", "Name <a@b.example>", "a@b", "@b.example",
            "a@.example",
            "a..b@example.no", "a@example..no", "a b@example.no", "a@b.example\n", "a@-b.example", "a@b.example>",
        ] {
            #expect(EmailAddress.parse(bad) == nil, "\(bad.debugDescription)")
        }
    }
}

struct MessageInjectionTests {
    /// A recipient name or identifier with CR/LF (from a graph or an edited ledger) cannot end a line
    /// of the message or add a header.
    @Test func noValueCanAddAHeader() throws {
        let store = try TemporaryLedger()
        let draft = RequestDraft(plan: try Seeds.plan("janteloppet-attendee-erasure"), controllerName: "Janteloppet")
        _ = try store.ledger.record([draft])
        let original = try #require(
            try store.ledger.notices(NoticeFilter()).first { $0.recipient == "janteloppet-event-partners" })
        var partners = original
        partners.recipientName = "Partners\r\nBcc: spy@evil.example\r\n"
        let message = NoticeEmail(notice: partners, to: "partners@example.no", date: Date(timeIntervalSince1970: 0))
            .message(from: "notices@janteloppet.com")
        #expect(!message.contains("\r\nBcc:"))
        #expect(message.components(separatedBy: "\r\n\r\n").count >= 2)
        let headers = message.components(separatedBy: "\r\n\r\n")[0]
        #expect(!headers.contains("spy@"))
        let forged = NoticeEmail(notice: original, to: "a@b.example\r\nBcc: spy@evil.example", date: Date()).message(
            from: "x@y.example,root@y.example")
        #expect(!forged.contains("spy@") && !forged.contains("root@"))
    }
}

struct RetryClampTests {
    /// `Retry-After: inf` or a date centuries ahead waits a day at most, not until the year 506713.
    @Test func retryAfterIsClampedToADay() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(Deliverer.seconds(retryAfter: "inf", now: now) == nil)
        #expect(Deliverer.seconds(retryAfter: "nan", now: now) == nil)
        #expect(Deliverer.seconds(retryAfter: "1e308", now: now) == 86_400)
        #expect(Deliverer.seconds(retryAfter: "Fri, 01 Jan 9999 00:00:00 GMT", now: now) == 86_400)
        #expect(Deliverer.seconds(retryAfter: "120", now: now) == 120)
    }

    /// A retry time edited to 1e308 in the ledger leaves the notice due now, not planned for ever.
    @Test func anAbsurdStoredRetryTimeIsDueNow() throws {
        let (store, draft) = try DeliveryTests.webhookLedger()
        let processor = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        try store.ledger.recordFailure(
            processor.id, at: Date(), detail: "HTTP 500", retryAt: Date(timeIntervalSince1970: 1e18))
        let stored = try #require(try store.ledger.notice(processor.id)?.nextAttemptAt)
        #expect(stored <= Date().addingTimeInterval(2 * 86_400 + 5).timeIntervalSince1970, "clamped when written")
        try store.sql("UPDATE notice SET next_attempt_at = 1e308 WHERE id = '\(processor.id)'")
        let due = try store.ledger.deliverable(now: Date(), today: CalendarDate(iso: "2026-02-01")!)
        #expect(due.contains { $0.id == processor.id }, "read as due when it lies beyond any retry the tool schedules")
    }
}

struct SecretNameTests {
    /// `pay-eu` and `pay.eu` would read one variable: neither reads it.
    @Test func collidingRecipientsGetNoSecret() {
        let ambiguous = WebhookSecrets.ambiguousRecipients(["pay-eu", "pay.eu", "stripe"])
        #expect(ambiguous == ["SHAREGRAPH_WEBHOOK_SECRET_PAY_EU": ["pay-eu", "pay.eu"]])
        var secrets = WebhookSecrets()
        secrets.ambiguous = Set(ambiguous.values.flatMap { $0 })
        let environment = [
            "SHAREGRAPH_WEBHOOK_SECRET_PAY_EU": "whsec_x", "SHAREGRAPH_WEBHOOK_SECRET_STRIPE": "whsec_y",
        ]
        #expect(secrets.secret(for: "pay-eu", environment: environment) == nil)
        #expect(secrets.secret(for: "pay.eu", environment: environment) == nil)
        #expect(secrets.secret(for: "stripe", environment: environment) == "whsec_y")
    }
}

struct PrivateFilesTests {
    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
    }

    /// Outbox, JSON-lines and ledger files hold personal data: created 0600 (the outbox 0700).
    @Test func filesWithPersonalDataAreTheOwnersAlone() throws {
        let store = try TemporaryLedger()
        #expect(Self.mode(store.directory.appendingPathComponent("ledger.sqlite").path) == 0o600)
        let outbox = EmailOutbox(directory: store.directory.appendingPathComponent("outbox").path, from: "a@b.example")
        let path = try outbox.write(id: "ntc_test", message: "To: x@y.example\r\n\r\nbody\r\n")
        #expect(Self.mode(path) == 0o600)
        #expect(Self.mode(outbox.directory) == 0o700)
        let lines = store.directory.appendingPathComponent("notices.jsonl").path
        let sink = try JSONLinesSink(path: lines)
        sink.write("{}")
        #expect(Self.mode(lines) == 0o600)
    }

    /// A temporary left by a writer that was killed is removed; one of a live writer is not.
    @Test func temporariesOfDeadWritersAreRemoved() throws {
        let store = try TemporaryLedger()
        let outbox = EmailOutbox(directory: store.directory.appendingPathComponent("outbox").path, from: "a@b.example")
        _ = try outbox.write(id: "ntc_live", message: "x")
        let dead = (outbox.directory as NSString).appendingPathComponent(".sharegraph-999999-ntc_x.tmp")
        let live = (outbox.directory as NSString).appendingPathComponent(".sharegraph-\(getpid())-ntc_y.tmp")
        #expect(FileManager.default.createFile(atPath: dead, contents: Data("half".utf8)))
        #expect(FileManager.default.createFile(atPath: live, contents: Data("half".utf8)))
        outbox.removeStaleTemporaries()
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        let left = try FileManager.default.contentsOfDirectory(atPath: outbox.directory).filter {
            $0.hasPrefix(".") && $0 != (live as NSString).lastPathComponent
        }
        #expect(left.isEmpty, "a successful write leaves no temporary: \(left)")
    }
}

struct EndpointGuardTests {
    /// Loopback is decided on the resolved address: `localhost` resolves to loopback, which https
    /// may reach only for a recipient marked internal; plain http reaches loopback only.
    @Test func resolvedAddressesDecide() throws {
        #expect(throws: EndpointRefused.self) { try EndpointGuard.check("https://localhost/hook", isInternal: false) }
        try EndpointGuard.check("https://localhost/hook", isInternal: true)
        try EndpointGuard.check("http://localhost:9/hook", isInternal: false)
        #expect(throws: EndpointRefused.self) {
            try EndpointGuard.check("http://[::ffff:a9fe:a9fe]/", isInternal: false)
        }
        #expect(throws: EndpointRefused.self) {
            try EndpointGuard.check("https://169.254.169.254/latest", isInternal: false)
        }
        #expect(throws: EndpointRefused.self) {
            try EndpointGuard.check("http://127.0.0.1:1@169.254.169.254/", isInternal: true)
        }
    }
}

/// A transport whose `.../slow` endpoint answers only once every other endpoint has answered (or
/// after five seconds): with deliveries in series it would wait out the five seconds.
final class TimedTransport: WebhookTransport, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var answered: [String] = []
    private(set) var slowGaveUp = false
    let others: Int

    init(others: Int) { self.others = others }

    func post(url: String, headers: [(String, String)], body: String) async throws -> WebhookResponse {
        if url.hasSuffix("/slow") {
            let start = Date()
            while lock.withLock({ answered.count }) < others {
                if Date().timeIntervalSince(start) > 5 {
                    lock.withLock { slowGaveUp = true }
                    break
                }
                try await Task.sleep(nanoseconds: 10_000_000)
            }
        }
        lock.withLock { answered.append(url) }
        return WebhookResponse(status: 200)
    }
}

struct ParallelDeliveryTests {
    /// One slow endpoint holds up only its own notices: the others are sent while it answers.
    @Test func aSlowEndpointDoesNotHoldTheOthers() async throws {
        let store = try TemporaryLedger()
        var draft = RequestDraft(plan: try Seeds.plan("janteloppet-attendee-erasure"), controllerName: "Janteloppet")
        var urls: [String: String] = [:]
        for index in draft.notices.indices
        where draft.notices[index].channel.keyword == "none" && draft.notices[index].initialState == .planned {
            // The first in plan order is the slow one, so deliveries in series would wait on it.
            let url = urls.isEmpty ? "https://slow.example/slow" : "https://fast\(urls.count).example/hook"
            draft.notices[index].channel = .webhook(url: url)
            urls[draft.notices[index].recipient] = url
        }
        _ = try store.ledger.record([draft])
        #expect(urls.count >= 3)
        let transport = TimedTransport(others: urls.count - 1)
        var secrets: [String: String] = [:]
        for recipient in urls.keys { secrets[recipient] = DeliveryTests.secret }
        let deliverer = Deliverer(
            ledger: store.ledger,
            channels: DeliveryChannels(
                transport: transport, secrets: WebhookSecrets(secrets), outbox: nil, jsonLines: nil),
            logger: CapturedLogs().logger)
        let summary = try await deliverer.deliverDue(today: CalendarDate(iso: "2026-11-21")!)
        #expect(summary.sent >= urls.count)
        #expect(!transport.slowGaveUp, "the other endpoints were sent to while the slow one was answering")
        #expect(transport.answered.last == "https://slow.example/slow")
    }
}
