// One masking rule for every diagnostic, whatever the format: a canary e-mail address placed in
// every field of a subject, a request and a batch line never appears in what any command prints
// or writes (text, JSON on standard output, a batch's --out file).

import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct CanaryTests {
    static let canary = "kari.canary@example.no"

    /// A subject with the canary in every field a person could put it: reference, controller,
    /// `as`, identifiers of every shape, an event date and an event key, a fact, a category, a key.
    static let subject = """
        sharegraph-subject: 1
        reference: \(canary)
        relationships:
          - controller: \(canary)
            as: [\(canary)]
            identifiers: {email: [\(canary)], phone: {value: \(canary), extra: \(canary)}, \(canary): x}
            events: {order: \(canary), \(canary): 2024-01-01}
            facts: {payment-method: \(canary)}
            categories: [\(canary)]
            \(canary): 1
        """

    static func json(_ yaml: String) throws -> String {
        let (status, text) = try CLI.python([
            "-c", "import sys, yaml, json; print(json.dumps(yaml.safe_load(sys.argv[1]), default=str))", yaml,
        ])
        #expect(status == 0, "\(text)")
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func noCommandRepeatsAValueFromAPersonsFile() throws {
        let directory = try CLI.scratch("masking")
        defer { try? FileManager.default.removeItem(at: directory) }
        let subject = directory.appendingPathComponent("subject.yaml")
        try Self.subject.write(to: subject, atomically: true, encoding: .utf8)
        let subjects = directory.appendingPathComponent("subjects.jsonl")
        try (Self.json(Self.subject) + "\n").write(to: subjects, atomically: true, encoding: .utf8)
        let request = """
            sharegraph-request: 1
            id: \(Self.canary)
            controller: \(Self.canary)
            received: \(Self.canary)
            scope: \(Self.canary)
            subject:
              reference: \(Self.canary)
              relationships:
                - controller: vekstly
                  as: [\(Self.canary)]
                  identifiers: {email: [\(Self.canary)], \(Self.canary): x}
            """
        let requestFile = directory.appendingPathComponent("request.yaml")
        try request.write(to: requestFile, atomically: true, encoding: .utf8)
        let requests = directory.appendingPathComponent("requests.jsonl")
        try (Self.json(request) + "\n").write(to: requests, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("out.jsonl").path
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let runs: [[String]] = [
            ["trace", subject.path], ["trace", subject.path, "--format", "json"],
            ["trace", "--batch", subjects.path], ["trace", "--batch", subjects.path, "--out", out],
            ["render", "Graphs", "--view", "subject", subject.path, "--format", "mermaid", "--out", "-"],
            ["erase", requestFile.path, "--plan"], ["erase", requestFile.path, "--plan", "--format", "json"],
            ["erase", "--batch", requests.path, "--ledger", ledger],
        ]
        for arguments in runs {
            let output = try CLI.run(arguments)
            #expect(output.status != 0, "\(arguments)")
            // Nor a form of it: a hint once suggested the id `kari-canary-example-no`.
            for form in ["kari.canary", "kari-canary", "canary@example"] {
                #expect(!output.stdout.contains(form), "\(arguments): \(output.stdout)")
                #expect(!output.stderr.contains(form), "\(arguments): \(output.stderr)")
            }
        }
        let written = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        #expect(!written.contains("kari.canary"), "the batch's --out file: \(written)")
    }
}
