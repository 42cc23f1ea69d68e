// End to end: `erase` and `deliver` against a loopback receiver that verifies every delivery with the
// `standardwebhooks` package from PyPI; and crash safety, killing the tool with SIGKILL at each durable step.

import Foundation
import SharegraphTestSupport
import Testing

/// A receiver process from Fixtures/webhooks/receiver.py, logging into its own directory; stopped
/// and its directory removed when released.
final class Receiver {
    let process = Process()
    let port: Int
    let directory: URL
    let log: URL
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-receiver-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        log = directory.appendingPathComponent("received.jsonl")
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", CLI.fixtures.appendingPathComponent("webhooks/receiver.py").path, "--secret", Self.secret,
            "--log", log.path,
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        var line = Data()
        while let byte = try out.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) {
            line += byte
        }
        port = try #require(
            Int(String(decoding: line, as: UTF8.self)),
            "the receiver did not start; is `standardwebhooks` installed (pip)?")
    }

    deinit {
        // SIGKILL: the test runner's children may inherit an ignored SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    struct Entry: Decodable {
        var path: String
        var id: String
        var verified: Bool
        var status: Int
        var headers: [String: String]
        var body: String
    }

    var entries: [Entry] {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONDecoder().decode(Entry.self, from: Data($0.utf8)) }
    }
}

/// A small graph whose recipients have loopback webhook endpoints, with a subject and a request;
/// its directory goes when the world does.
final class WebhookWorld {
    let directory: URL
    var ledger: String { directory.appendingPathComponent("ledger.sqlite").path }
    var graph: String { directory.appendingPathComponent("graph.yaml").path }
    var request: String { directory.appendingPathComponent("request.yaml").path }

    init(port: Int, processorPath: String = "/hook") throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sharegraph-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let base = "http://127.0.0.1:\(port)"
        try """
        sharegraph: 1
        parties:
          - {id: acme, name: Acme AS, country: "NO", contact: {email: privacy@acme.example}}
          - {id: hookco, name: Hook Processing Ltd, country: IE, contact: {webhook: "\(base)\(processorPath)"}}
          - {id: subhook, name: Hook Hosting Ltd, country: IE}
          - {id: partner, name: Partner AS, country: "NO", contact: {webhook: "\(base)/hook"}}
          - {id: mover, name: Moved Away AS, country: "NO", contact: {webhook: "\(base)/redirect"}}
        purposes:
          - {id: acme.sales, name: Sales, controller: acme, legal-basis: contract, categories: [identity.name, contact.email], subjects: [customer]}
        contracts:
          - {id: dpa, type: dpa, parties: [acme, hookco]}
          - {id: sub-dpa, type: dpa, parties: [hookco, subhook]}
        flows:
          - {from: acme, to: hookco, role: processor, purpose: acme.sales, categories: [identity.name, contact.email], contract: dpa}
          - {from: hookco, to: subhook, role: sub-processor, categories: [contact.email], contract: sub-dpa, authorisation: dpa}
          - {from: acme, to: partner, role: independent-controller, purpose: acme.sales, categories: [identity.name]}
          - {from: acme, to: mover, role: independent-controller, purpose: acme.sales, categories: [contact.email]}
        """.write(toFile: graph, atomically: true, encoding: .utf8)
        try """
        sharegraph-request: 1
        id: acme-dsr-1
        controller: acme
        received: 2026-11-16
        scope: erasure
        subject:
          reference: ACME-1
          relationships:
            - controller: acme
              as: [customer]
              identifiers: {email: canary-4411@example.invalid}
        """.write(toFile: request, atomically: true, encoding: .utf8)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func run(_ arguments: [String], crashAt: String? = nil) throws -> (
        output: CLI.Output, reason: Process.TerminationReason
    ) {
        var environment = [
            "SHAREGRAPH_WEBHOOK_SECRET_HOOKCO": Receiver.secret, "SHAREGRAPH_WEBHOOK_SECRET_PARTNER": Receiver.secret,
            "SHAREGRAPH_WEBHOOK_SECRET_MOVER": Receiver.secret, "SHAREGRAPH_LOG_LEVEL": "trace",
        ]
        if let crashAt { environment["SHAREGRAPH_CRASH_AT"] = crashAt }
        return try CLI.runWithReason(arguments + ["--ledger", ledger, "--graphs", graph], environment: environment)
    }

    /// Starts the tool without waiting, with the same environment as `run`.
    func start(_ arguments: [String]) throws -> Process {
        try Programs.start(
            CLI.binary.path, arguments + ["--ledger", ledger, "--graphs", graph], in: CLI.repository,
            environment: [
                "SHAREGRAPH_WEBHOOK_SECRET_HOOKCO": Receiver.secret,
                "SHAREGRAPH_WEBHOOK_SECRET_PARTNER": Receiver.secret,
                "SHAREGRAPH_WEBHOOK_SECRET_MOVER": Receiver.secret, "NO_COLOR": "1",
            ])
    }

    func erase(crashAt: String? = nil) throws -> (output: CLI.Output, reason: Process.TerminationReason) {
        try run(["erase", request], crashAt: crashAt)
    }

    func deliver(crashAt: String? = nil) throws -> (output: CLI.Output, reason: Process.TerminationReason) {
        try run(
            ["deliver", "--outbox", directory.appendingPathComponent("outbox").path, "--as-of", "2026-11-21"],
            crashAt: crashAt)
    }

    func sql(_ query: String) throws -> String {
        try Programs.run("sqlite3", [ledger, query]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

@Suite(.serialized, .timeLimit(.minutes(3)))
struct WebhookEndToEndTests {
    @Test func realDeliveriesVerifyWithStandardWebhooksIncludingARetryAfterA500() throws {
        let receiver = try Receiver()
        let world = try WebhookWorld(port: receiver.port, processorPath: "/fail-once")
        let (erase, _) = try world.erase()
        #expect(erase.status == 0, "\(erase.stderr)")
        let (deliver, _) = try world.deliver()
        let entries = receiver.entries
        let processor = entries.filter { $0.path == "/fail-once" }
        #expect(processor.map(\.status) == [500, 200], "one failure, then the retry succeeds")
        #expect(processor.allSatisfy { $0.verified })
        #expect(Set(processor.map(\.id)).count == 1, "the retry keeps the webhook-id")
        #expect(Set(processor.map(\.body)).count == 1, "and the body")
        #expect(entries.filter { $0.path == "/hook" }.map(\.status) == [200])
        let redirected = entries.filter { $0.path == "/redirect" }
        #expect(!redirected.isEmpty)
        #expect(
            !entries.contains { $0.path == "/hook" && redirected.map(\.id).contains($0.id) },
            "a redirect is not followed")
        #expect(deliver.status == 0 || deliver.stderr.contains("waiting to retry"), "\(deliver.stderr)")
        #expect(!deliver.stderr.contains("canary"), "no identifier in the logs")
        #expect(
            try world.sql("SELECT state FROM notice WHERE recipient = 'subhook'") == "sent",
            "relayed once its processor had it")

        // A delivery replayed with one byte changed is rejected by the same library.
        let original = try #require(processor.last)
        let headers = String(decoding: try JSONEncoder().encode(original.headers), as: UTF8.self)
        let verify = CLI.fixtures.appendingPathComponent("webhooks/verify.py").path
        for (body, expected) in [
            (original.body, Int32(0)), (original.body.replacingOccurrences(of: "erase", with: "erasf"), 1),
        ] {
            #expect(try Programs.python([verify, Receiver.secret, headers, body]).status == expected)
        }
    }

    /// Four `deliver` processes on one ledger at once (a slow cron job is enough) send each notice
    /// once: every notice is claimed in the ledger before it is sent.
    @Test func concurrentDeliverersSendEachNoticeOnce() throws {
        let receiver = try Receiver()
        let world = try WebhookWorld(port: receiver.port)
        let requests = 30
        let batch = world.directory.appendingPathComponent("requests.jsonl").path
        try (1...requests).map { number in
            #"{"id": "acme-dsr-\#(number)", "controller": "acme", "received": "2026-11-16", "scope": "erasure", "subject": {"reference": "ACME-\#(number)", "relationships": [{"controller": "acme", "as": ["customer"], "identifiers": {"email": "p\#(number)@example.invalid"}}]}}"#
        }.joined(separator: "\n").write(toFile: batch, atomically: true, encoding: .utf8)
        let (erase, _) = try world.run(["erase", "--batch", batch])
        #expect(erase.status == 0, "\(erase.stderr)")
        let processes = try (0..<4).map { _ in
            try world.start([
                "deliver", "--outbox", world.directory.appendingPathComponent("outbox").path, "--as-of", "2026-11-21",
            ])
        }
        for process in processes { process.waitUntilExit() }
        let hooked = Set(
            try world.sql("SELECT id FROM notice WHERE channel = 'webhook' AND channel_detail LIKE '%/hook'").split(
                separator: "\n"
            ).map(String.init))
        #expect(hooked.count == 2 * requests)
        let accepted = receiver.entries.filter { $0.path == "/hook" && $0.verified && $0.status == 200 }
        #expect(accepted.count == hooked.count, "\(accepted.count) deliveries for \(hooked.count) notices")
        #expect(Set(accepted.map(\.id)) == hooked)
        #expect(
            try world.sql(
                "SELECT count(*) FROM (SELECT notice_id FROM event WHERE kind = 'sent' GROUP BY notice_id HAVING count(*) > 1)"
            ) == "0")
    }

    /// SIGKILL at random moments of `erase --batch` and `deliver` (rounds from SHAREGRAPH_KILL_ROUNDS,
    /// 6 by default): afterwards every request is recorded once, every webhook notice arrived under
    /// its one id with one body, and the ledger verifies.
    @Test func randomKillsLoseNothingAndSendNothingUnderASecondId() throws {
        let receiver = try Receiver()
        let world = try WebhookWorld(port: receiver.port)
        let requests = 40
        let batch = world.directory.appendingPathComponent("requests.jsonl").path
        try (1...requests).map { number in
            #"{"id": "acme-kill-\#(number)", "controller": "acme", "received": "2026-11-16", "scope": "erasure", "subject": {"reference": "K-\#(number)", "relationships": [{"controller": "acme", "as": ["customer"], "identifiers": {"email": "k\#(number)@example.invalid"}}]}}"#
        }.joined(separator: "\n").write(toFile: batch, atomically: true, encoding: .utf8)
        let rounds = Int(ProcessInfo.processInfo.environment["SHAREGRAPH_KILL_ROUNDS"] ?? "") ?? 6
        var generator = SystemRandomNumberGenerator()
        var kills = 0
        for round in 0..<rounds {
            let arguments =
                round % 2 == 0
                ? ["erase", "--batch", batch]
                : [
                    "deliver", "--outbox", world.directory.appendingPathComponent("outbox").path, "--as-of",
                    "2026-11-21",
                ]
            let process = try world.start(arguments)
            usleep(UInt32.random(in: 5_000...150_000, using: &generator))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            }
            process.waitUntilExit()
        }
        let (erase, _) = try world.run(["erase", "--batch", batch])
        #expect(erase.status == 0, "\(erase.stderr)")
        _ = try world.deliver()
        // The figure a long run reports (SHAREGRAPH_KILL_ROUNDS).
        print(
            "random kills: \(kills) of \(rounds) runs killed; \(receiver.entries.filter { $0.path == "/hook" }.count) POSTs to /hook"
        )
        #expect(try world.sql("SELECT count(*) FROM request") == "\(requests)", "after \(kills) kills")
        let hooked = Set(
            try world.sql("SELECT id FROM notice WHERE channel = 'webhook' AND channel_detail LIKE '%/hook'").split(
                separator: "\n"
            ).map(String.init))
        let accepted = receiver.entries.filter { $0.path == "/hook" && $0.verified && $0.status == 200 }
        #expect(Set(accepted.map(\.id)) == hooked, "every webhook notice arrived, under its own id")
        #expect(
            Dictionary(grouping: accepted, by: \.id).values.allSatisfy { Set($0.map(\.body)).count == 1 },
            "a repeat carries the same body")
        #expect(try world.sql("PRAGMA integrity_check") == "ok")
        let verify = try CLI.run(["verify", "--ledger", world.ledger])
        #expect(verify.status == 0, "\(verify.stderr)")
    }

    @Test(arguments: [
        "erase.before-commit", "erase.after-commit", "deliver.after-attempt", "deliver.before-sent",
        "deliver.after-sent",
    ])
    func aKillAtAnyDurableStepLosesNoNoticeAndDeliversNoneTwiceToADeduplicatingReceiver(step: String) throws {
        let receiver = try Receiver()
        let world = try WebhookWorld(port: receiver.port)
        if step.hasPrefix("erase.") {
            let (_, reason) = try world.erase(crashAt: step)
            #expect(reason == .uncaughtSignal, "the tool should have been killed at \(step)")
            let recorded = try world.sql("SELECT count(*) FROM request")
            #expect(
                recorded == (step == "erase.before-commit" ? "0" : "1"), "a request is recorded whole or not at all")
        }
        let (erase, _) = try world.erase()
        #expect(erase.status == 0, "\(erase.stderr)")
        if step.hasPrefix("deliver.") {
            let (_, reason) = try world.deliver(crashAt: step)
            #expect(reason == .uncaughtSignal, "the tool should have been killed at \(step)")
        }
        _ = try world.deliver()
        let webhookNotices = Set(
            try world.sql("SELECT id FROM notice WHERE channel = 'webhook' AND channel_detail LIKE '%/hook'").split(
                separator: "\n"
            ).map(String.init))
        let accepted = receiver.entries.filter { $0.verified && $0.status == 200 }
        #expect(Set(accepted.map(\.id)) == webhookNotices, "every webhook notice arrived")
        let bodies = Dictionary(grouping: accepted, by: \.id).mapValues { Set($0.map(\.body)).count }
        #expect(
            bodies.values.allSatisfy { $0 == 1 },
            "a repeated delivery carries the same id and body, so a receiver deduplicates it")
        #expect(
            try world.sql(
                "SELECT count(*) FROM notice WHERE channel = 'webhook' AND channel_detail LIKE '%/hook' AND state <> 'sent'"
            ) == "0")
        #expect(try world.sql("SELECT count(*) FROM notice") == "5")
        #expect(try world.sql("PRAGMA integrity_check") == "ok")
    }
}
