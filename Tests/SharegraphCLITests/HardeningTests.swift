// Hostile and careless inputs: files that are not files, files too large to read, and requests that
// point the tool at files elsewhere. Each gets a located message and exit status 1, never a hang.

import Foundation
import Testing

@Suite(.timeLimit(.minutes(1)))
struct HardeningTests {
    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-hard-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// A FIFO given as a graph file used to hang for ever; it is refused at once.
    @Test func aFIFOIsRefusedNotWaitedOn() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let fifo = directory.appendingPathComponent("graph.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let output = try CLI.run(["check", fifo])
        #expect(output.status == 1)
        #expect(output.stdout.contains("graph.yaml: error: the graph file is not a regular file"), "\(output.stdout)")
    }

    /// A file over the limit is reported in MiB before it is read, not as "67108865 bytes".
    @Test func anOversizedFileIsReportedInMebibytes() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = directory.appendingPathComponent("big.yaml").path
        #expect(FileManager.default.createFile(atPath: big, contents: nil))
        #expect(truncate(big, 100 << 20) == 0)
        let output = try CLI.run(["check", big])
        #expect(output.status == 1)
        #expect(
            output.stdout.contains("the graph file is 100 MiB, more than the limit of 64 MiB [limit-exceeded]"),
            "\(output.stdout)")
    }

    /// A /proc file that cannot be read says why in words, not "NSCocoaErrorDomain error 256".
    @Test func anUnreadableFileSaysWhy() throws {
        let output = try CLI.run(["check", "/proc/self/mem"])
        #expect(output.status == 1)
        #expect(!output.stdout.contains("NSCocoaErrorDomain") && !output.stderr.contains("NSCocoaErrorDomain"))
        #expect(
            output.stdout.contains("/proc/self/mem: error: cannot read the graph file: input/output error"),
            "\(output.stdout)")
    }

    /// A request may only point at a subject file beside it or under the working directory: it
    /// cannot make the tool read (and quote) /etc/passwd. `--subjects-from` allows another directory.
    @Test func aRequestCannotPointAtAFileElsewhere() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let request = directory.appendingPathComponent("request.yaml").path
        try """
        sharegraph-request: 1
        id: r-1
        subject: /etc/passwd
        controller: vekstly
        received: 2026-11-16
        scope: erasure
        """.write(toFile: request, atomically: true, encoding: .utf8)
        let output = try CLI.run(["erase", request, "--plan"])
        #expect(output.status == 1)
        #expect(
            output.stderr.contains(
                "request.yaml:3:10: error: the subject file `/etc/passwd` lies outside the request's directory and the working directory"
            ), "\(output.stderr)")
        #expect(!output.stderr.contains("root:"), "nothing of the file is quoted")

        let elsewhere = try Self.directory()
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        try FileManager.default.copyItem(
            atPath: CLI.repository.appendingPathComponent("Samples/subjects/vekstly-course-participant-card.yaml").path,
            toPath: elsewhere.appendingPathComponent("person.yaml").path)
        try """
        sharegraph-request: 1
        id: r-2
        subject: \(elsewhere.appendingPathComponent("person.yaml").path)
        controller: vekstly
        received: 2026-11-16
        scope: erasure
        """.write(toFile: request, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["erase", request, "--plan"]).status == 1)
        let allowed = try CLI.run(["erase", request, "--plan", "--subjects-from", elsewhere.path])
        #expect(allowed.status == 0, "\(allowed.stderr)")
    }
}

@Suite(.timeLimit(.minutes(1)))
struct IdentifierQuoteTests {
    /// A bad line of a subject file quoted under its diagnostic keeps its keys and its caret, never
    /// the identifier's value.
    @Test func aSubjectFileDiagnosticMasksIdentifierValues() throws {
        let directory = try HardeningTests.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let subject = directory.appendingPathComponent("subject.yaml").path
        try """
        sharegraph-subject: 1
        reference: MASK-1
        name: Kari Secretname
        relationships:
          - controller: vekstly
            as: [customer]
            identifiers:
              email: kari.secret@example.no
              phone: {value: "+47 99887766", category: contact.phone, extra: 1}
            events: {order: 2024-02-30}
        """.write(toFile: subject, atomically: true, encoding: .utf8)
        let output = try CLI.run(["trace", subject])
        #expect(output.status == 1)
        for secret in ["kari.secret", "99887766", "Secretname"] {
            #expect(!output.stderr.contains(secret), "\(secret) in \(output.stderr)")
        }
        #expect(
            output.stderr.contains("phone: {value: \"••••••••••••\", category: contact.phone, extra: 1}"),
            "\(output.stderr)")
    }

    /// A bad batch line is quoted without the e-mail and phone it carries.
    @Test func aBatchLineDiagnosticMasksIdentifierValues() throws {
        let directory = try HardeningTests.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let batch = directory.appendingPathComponent("requests.jsonl").path
        try
            #"{"id": "b-1", "controller": "vekstly", "received": "2026-13-01", "scope": "erasure", "subject": {"reference": "B1", "relationships": [{"controller": "vekstly", "as": ["customer"], "identifiers": {"email": "batch.secret@example.no", "phone": "+4712345678"}}]}}"#
            .write(toFile: batch, atomically: true, encoding: .utf8)
        let output = try CLI.run([
            "erase", "--batch", batch, "--ledger", directory.appendingPathComponent("l.sqlite").path,
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains("requests.jsonl:1:"), "\(output.stderr)")
        #expect(!output.stderr.contains("batch.secret") && !output.stderr.contains("12345678"), "\(output.stderr)")
    }

    /// An escape sequence written into a graph (`"\e[2J"` is valid YAML) is refused at its place,
    /// and the message shows it as text instead of sending it to the terminal.
    @Test func controlCharactersInAGraphAreRefusedAndNeverPrintedRaw() throws {
        let directory = try HardeningTests.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let graph = directory.appendingPathComponent("graph.yaml").path
        try """
        sharegraph: 1
        parties:
          - {id: shop, name: "Shop\\e[2J\\e[31m AS", country: "NO"}
        """.write(toFile: graph, atomically: true, encoding: .utf8)
        let output = try CLI.run(["check", graph])
        #expect(output.status == 1)
        #expect(!output.stdout.contains("\u{1B}"), "no raw escape reaches the terminal")
        #expect(
            output.stdout.contains("graph.yaml:3:23: error: `name` in a party contains the control character U+001B"),
            "\(output.stdout)")
    }

    /// A revision, a request id or a notice id with an escape sequence and a bell used to be
    /// echoed raw and act on the terminal. Every error line writes control characters out.
    @Test func hostileArgumentsAreNeverEchoedRaw() throws {
        let hostile = "HEAD\u{1B}[31m\u{07}\u{9B}2J"
        let runs: [[String]] = [
            ["diff", "--git", hostile],
            ["status", hostile, "--ledger", "Tests/SharegraphCLITests/Fixtures/none.sqlite"],
            ["trace", hostile],
        ]
        for arguments in runs {
            let output = try CLI.run(arguments)
            #expect(output.status != 0)
            let raw = output.stderr.unicodeScalars.contains { [0x1B, 0x07, 0x9B].contains($0.value) }
            #expect(!raw, "\(arguments[0]) echoed a control character raw: \(output.stderr.debugDescription)")
            if arguments[0] != "status" {
                #expect(output.stderr.contains("\\u{1B}") || output.stdout.contains("\\u{1B}"), "\(arguments[0])")
            }
        }
    }

    /// A batch line longer than the 64 MiB a request or subject may have used to be refused only
    /// after the whole batch was read and scanned (43 s of CPU and 3 GB for a 2 GiB file). It is
    /// refused as soon as reading passes the limit, at its line.
    @Test func anOverlongBatchLineIsRefusedWhileReading() throws {
        let directory = try HardeningTests.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let batch = directory.appendingPathComponent("batch.jsonl").path
        try "{\"a\": 1}\n".write(toFile: batch, atomically: true, encoding: .utf8)
        #expect(truncate(batch, 300 << 20) == 0)
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        for arguments in [["erase", "--batch", batch, "--ledger", ledger], ["trace", "--batch", batch]] {
            let output = try CLI.run(arguments)
            #expect(output.status != 0)
            let text = output.stdout + output.stderr
            #expect(text.contains("batch.jsonl:2:1"), "\(arguments[0]): \(text)")
            #expect(text.contains("line 2 is longer than the limit of 64 MiB for one"), "\(arguments[0]): \(text)")
        }
    }
}
