// End to end: `erase --plan` against golden plans, and a request's life in the ledger through the
// binary: record, record again, status, ack in dependency order, overdue notices, batches and errors.

import Foundation
import SharegraphTestSupport
import Testing

struct ErasureCLITests {
    static let requests = [
        "vekstly-course-participant-erasure", "janteloppet-attendee-erasure", "igo-employee-erasure",
        "jetpak-customer-erasure",
    ]

    @Test(arguments: requests)
    func thePlanMatchesItsGoldenAsTextAndJSON(request: String) throws {
        let text = try CLI.run(["erase", "Samples/requests/\(request).yaml", "--plan"])
        #expect(text.status == 0 && text.stderr.isEmpty, "\(text.stderr)")
        try CLI.expectGolden(text.stdout, "erasure/\(request).txt")
        let json = try CLI.run(["erase", "Samples/requests/\(request).yaml", "--plan", "--format", "json"])
        #expect(json.status == 0)
        try CLI.expectGolden(json.stdout, "erasure/\(request).json")
        #expect(
            !text.stdout.contains("@example.no") && !json.stdout.contains("@example.no"),
            "a plan never prints identifier values")
    }

    /// Eight `erase` processes creating one new ledger together all record their requests, and the
    /// ledger file is readable by its owner only: it holds personal data.
    @Test func eightProcessesCreatingOneLedgerAllRecordAndTheFileIsPrivate() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for round in 0..<3 {
            let ledger = directory.appendingPathComponent("ledger-\(round).sqlite").path
            let processes = try (0..<8).map { index in
                try Programs.start(
                    CLI.binary.path,
                    [
                        "erase", "Samples/requests/\(Self.requests[index % Self.requests.count]).yaml", "--ledger",
                        ledger,
                    ],
                    in: CLI.repository)
            }
            for process in processes { process.waitUntilExit() }
            #expect(
                processes.allSatisfy { $0.terminationStatus == 0 },
                "round \(round): \(processes.map(\.terminationStatus))")
            let count = try Programs.run("sqlite3", [ledger, "SELECT count(*) FROM request"])
            #expect(count.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "4")
            let mode = try FileManager.default.attributesOfItem(atPath: ledger)[.posixPermissions] as? Int
            #expect(mode == 0o600, "the ledger is created 0600, not \(String(mode ?? 0, radix: 8))")
        }
    }

    static func temporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Writes a batch of erasure requests for the sample employee subject, one line per
    /// (id, controller, received), and returns its path.
    static func batch(
        _ name: String, in directory: URL, _ requests: [(id: String, controller: String, received: String)]
    ) throws -> String {
        let subject = CLI.repository.appendingPathComponent("Samples/subjects/igo-employee-of-business-customer.yaml")
            .path
        let path = directory.appendingPathComponent(name).path
        try requests.map {
            #"{"id": "\#($0.id)", "subject": "\#(subject)", "controller": "\#($0.controller)", "received": "\#($0.received)", "scope": "erasure"}"#
        }.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func aRequestsLifeInTheLedger() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let request = "Samples/requests/igo-employee-erasure.yaml"

        let first = try CLI.run(["erase", request, "--ledger", ledger])
        #expect(first.status == 0 && first.stdout.hasPrefix("recorded request igo-dsr-2026-0012 with 3 notices"))
        let second = try CLI.run(["erase", request, "--ledger", ledger])
        #expect(second.status == 0 && second.stdout.contains("already in"))

        let status = try CLI.run(["status", "igo-dsr-2026-0012", "--ledger", ledger, "--as-of", "2026-03-03"])
        #expect(status.status == 0)
        let lines = status.stdout.split(separator: "\n").map(String.init)
        #expect(lines[1] == "  3 of 3 notices still open, 3 overdue")
        let processorLine = try #require(lines.first { $0.contains("(igo-processor)") })
        let subLine = try #require(lines.first { $0.contains("(igo-processor-subprocessors)") })
        #expect(
            subLine.hasPrefix("    planned") && processorLine.hasPrefix("planned"),
            "the sub-processor is indented under its processor")
        let processor = try #require(processorLine.split(separator: " ").last.map(String.init))
        let sub = try #require(subLine.split(separator: " ").last.map(String.init))

        let early = try CLI.run(["ack", processor, "--completed", "--ledger", ledger])
        #expect(
            early.status == 1
                && early.stderr.contains(
                    "cannot be completed while its sub-processors' notices have no answer: \(sub) (planned)")
        )
        #expect(try CLI.run(["ack", sub, "--completed", "--ledger", ledger]).status == 0)
        let done = try CLI.run(["ack", processor, "--completed", "--ledger", ledger])
        #expect(done.status == 0 && done.stdout.hasSuffix("completed\n"))

        let overdue = try CLI.run([
            "notices", "--overdue", "--as-of", "2026-03-03", "--ledger", ledger, "--format", "json",
        ])
        let entries = try #require(
            try JSONSerialization.jsonObject(with: Data(overdue.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["recipient"] as? String } == ["igo"], "only iGo's own erasure is still open and late")
        let onTime = try CLI.run(["notices", "--overdue", "--as-of", "2026-03-02", "--ledger", ledger])
        #expect(onTime.stdout == "no notices match\n")

        let unknown = try CLI.run(["status", "no-such-request", "--ledger", ledger])
        #expect(unknown.status == 1 && unknown.stderr.contains("no request `no-such-request`"))
        let usage = try CLI.run(["ack", processor, "--ledger", ledger])
        #expect(usage.status == 2 && usage.stderr.contains("exactly one of"))
    }

    @Test func aBatchIsRecordedOnceAndABadLineStopsItWithItsPlace() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let batch = try Self.batch("requests.jsonl", in: directory, (0..<3).map { ("b-\($0)", "igo", "2026-11-20") })
        let first = try CLI.run(["erase", "--batch", batch, "--ledger", ledger])
        #expect(
            first.status == 0
                && first.stdout.hasPrefix("3 requests: 3 recorded with 9 notices, 0 already in the ledger"))
        let again = try CLI.run(["erase", "--batch", batch, "--ledger", ledger])
        #expect(again.stdout.hasPrefix("3 requests: 0 recorded with 0 notices, 3 already in the ledger"))

        let bad = try Self.batch("bad.jsonl", in: directory, [("c-1", "igo", "2026-13-01")])
        let failed = try CLI.run(["erase", "--batch", bad, "--ledger", ledger])
        #expect(failed.status == 1 && failed.stderr.contains("\(bad):1:") && failed.stderr.contains("not a date"))
        #expect(failed.stderr.contains("nothing was recorded"))
    }

    /// `erase --batch --plan` is the dry run a DPO wants before recording a thousand requests: the
    /// same plans recording would make, summed up, and no ledger touched.
    @Test func aBatchDryRunSumsUpThePlansAndRecordsNothing() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let batch = try Self.batch("requests.jsonl", in: directory, (0..<3).map { ("d-\($0)", "igo", "2026-11-20") })
        let dry = try CLI.run(["erase", "--batch", batch, "--plan", "--ledger", ledger])
        #expect(dry.status == 0, "\(dry.stderr)")
        // Each of iGo's requests: iGo erases, instructs its processor, which instructs its sub-processor.
        #expect(dry.stdout.hasPrefix("Dry run of 3 requests in \(batch); nothing was recorded\n  9 notices: "))
        #expect(dry.stdout.contains("answer by: 2026-12-21"), "one month from 20 November (Art. 12(3))")
        #expect(!FileManager.default.fileExists(atPath: ledger), "a dry run creates no ledger")
        let json = try CLI.run(["erase", "--batch", batch, "--plan", "--format", "json"])
        let lines = json.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        let ids = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["request"]
                as? String
        }
        #expect(ids == ["d-0", "d-1", "d-2"])
        let recorded = try CLI.run(["erase", "--batch", batch, "--ledger", ledger])
        #expect(
            recorded.stdout.hasPrefix("3 requests: 3 recorded with 9 notices"), "the dry run counted what is recorded")
    }

    @Test func aBatchWithARequestThatCannotBePlannedRecordsNothing() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let batch = try Self.batch(
            "requests.jsonl", in: directory, [("b-1", "igo", "2026-11-20"), ("b-2", "vekstly", "2026-11-20")])
        let output = try CLI.run(["erase", "--batch", batch, "--ledger", ledger])
        #expect(output.status == 1)
        #expect(
            output.stderr.contains("\(batch):2:") && output.stderr.contains("no relationship with `vekstly`"),
            "\(output.stderr)")
        #expect(output.stderr.contains("nothing was recorded"))
        #expect(!FileManager.default.fileExists(atPath: ledger), "the first, good request was not recorded either")
    }

    @Test func aMalformedRequestExitsOneWithItsPlaceAndRecordsNothing() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let request = directory.appendingPathComponent("request.yaml").path
        try
            "sharegraph-request: 1\nid: x-1\nsubject: {reference: R, relationships: [{controller: igo, as: [customer]}]}\ncontroller: igo\nreceived: 2026-11-20\nscope: erasure\ncolour: red\n"
            .write(toFile: request, atomically: true, encoding: .utf8)
        let output = try CLI.run(["erase", request, "--ledger", ledger])
        #expect(output.status == 1)
        #expect(output.stderr.contains("\(request):7:1: error: unknown key `colour`"))
        #expect(!FileManager.default.fileExists(atPath: ledger), "nothing was recorded, not even an empty ledger")
        let usage = try CLI.run(["erase", "--ledger", ledger])
        #expect(usage.status == 2 && usage.stderr.contains("give one request file"))
    }
}

struct GenerateCLITests {
    @Test func generateWritesAGraphThatChecksCleanWithSubjectsAndRequestsTheSameForTheSameSeed() throws {
        let directory = try ErasureCLITests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let out = directory.appendingPathComponent("g").path
        let arguments = [
            "generate", "--parties", "100", "--flows", "600", "--subjects", "2", "--requests", "30", "--seed", "5",
        ]
        let written = try CLI.run(arguments + ["--out", out])
        #expect(written.status == 0 && written.stdout.contains("2 subjects and 30 requests"), "\(written.stderr)")
        let people = try FileManager.default.contentsOfDirectory(atPath: out + "/subjects").sorted()
        #expect(people == ["person-000000.yaml", "person-000001.yaml"])
        let check = try CLI.run(["check", out + "/graph"])
        #expect(check.status == 0 && check.stdout.contains("0 errors, 0 warnings and 0 notes"), "\(check.stdout)")
        let trace = try CLI.run(["trace", out + "/subjects/person-000000.yaml", "--graphs", out + "/graph"])
        #expect(trace.status == 0, "\(trace.stderr)")
        let again = directory.appendingPathComponent("again").path
        #expect(try CLI.run(arguments + ["--out", again]).status == 0)
        let requests = try String(contentsOfFile: out + "/requests.jsonl", encoding: .utf8)
        #expect(requests == (try String(contentsOfFile: again + "/requests.jsonl", encoding: .utf8)))
        #expect(requests.split(separator: "\n").count == 30)

        let blocked = directory.appendingPathComponent("file").path
        try "".write(toFile: blocked, atomically: true, encoding: .utf8)
        let failed = try CLI.run(["generate", "--parties", "50", "--flows", "100", "--out", blocked + "/inside"])
        #expect(failed.status == 1 && failed.stderr.contains("cannot write to \(blocked)/inside"), "\(failed.stderr)")
    }
}
