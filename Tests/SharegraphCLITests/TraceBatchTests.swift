// `sharegraph trace --batch`: many people per run. Each line's answer must be the answer the
// single-subject command gives for the same person (Art. 15 access, one report per person), bad lines
// are located and skipped (or stop everything with --strict), and the files that hold the traces are
// the owner's alone.

import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct TraceBatchTests {
    /// `Samples/subjects.jsonl` is `Samples/subjects/*.yaml` in name order, one JSON object per line.
    static let batch = CLI.repository.appendingPathComponent("Samples/subjects.jsonl").path
    static func samples() throws -> [String] {
        try FileManager.default.contentsOfDirectory(
            atPath: CLI.repository.appendingPathComponent("Samples/subjects").path
        )
        .filter { $0.hasSuffix(".yaml") }.sorted().map { "Samples/subjects/" + $0 }
    }

    static func directory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func object(_ text: String) throws -> NSDictionary {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
    }

    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// Every line's trace is the single-subject trace of the same person, field for field.
    @Test func eachLineIsTheSingleSubjectTrace() throws {
        let samples = try Self.samples()
        let output = try CLI.run(["trace", "--batch", Self.batch, "--as-of", "2026-12-01"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("\(samples.count) subjects: \(samples.count) traced"), "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == samples.count)
        for (number, (line, sample)) in zip(lines, samples).enumerated() {
            let batched = try Self.object(line)
            #expect(batched["line"] as? Int == number + 1)
            let single = try CLI.run(["trace", sample, "--as-of", "2026-12-01", "--format", "json"])
            #expect(single.status == 0)
            #expect(
                batched["trace"] as? NSDictionary == (try Self.object(single.stdout)),
                "line \(number + 1) differs from \(sample)")
        }
    }

    /// A line that is not JSON and a line naming an unknown controller are reported at their line and
    /// column and skipped; the good lines are still traced, and the exit status says something failed.
    @Test func badLinesAreLocatedAndSkipped() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let good = try String(contentsOfFile: Self.batch, encoding: .utf8).split(separator: "\n")
        let text =
            [
                String(good[0]), "not json",
                #"{"sharegraph-subject": 1, "reference": "r-9", "relationships": [{"controller": "nosuch", "as": "customer"}]}"#,
                "", String(good[1]),
            ]
            .joined(separator: "\n") + "\n"
        let path = directory.appendingPathComponent("subjects.jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let out = directory.appendingPathComponent("traces.jsonl").path

        let output = try CLI.run(["trace", "--batch", path, "--out", out, "--as-of", "2026-12-01"])
        #expect(output.status == 1)
        #expect(
            output.stderr.contains("subjects.jsonl:2:1: error: each line of a subject batch must be one JSON object"),
            "\(output.stderr)")
        #expect(output.stderr.contains("subjects.jsonl:3:81: error: unknown party `nosuch`"), "\(output.stderr)")
        #expect(
            output.stderr.contains("4 subjects: 2 traced to \(out), 2 lines with errors skipped"), "\(output.stderr)")
        let written = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map {
            try Self.object(String($0))
        }
        #expect(written.map { $0["line"] as? Int } == [1, 2, 3, 5])
        #expect(written.map { $0["trace"] != nil } == [true, false, false, true])
        let errors = try #require(written[2]["errors"] as? [NSDictionary])
        #expect(errors.first?["rule"] as? String == "unknown-reference")
        #expect(errors.first?["column"] as? Int == 81)
        #expect(try Self.mode(out) == 0o600)

        // --strict reads every line first and writes nothing.
        let strictOut = directory.appendingPathComponent("strict.jsonl").path
        let strict = try CLI.run(["trace", "--batch", path, "--out", strictOut, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("nothing was traced (--strict)"), "\(strict.stderr)")
        #expect(!FileManager.default.fileExists(atPath: strictOut))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
                "subjects.jsonl", "traces.jsonl",
            ])
    }

    /// With --out-dir, one Art. 15 report per person, named by the controller's case reference (never
    /// by the person; by the line where the reference repeats or makes no plain file name), owner-only,
    /// equal to the report the single-subject command writes. The warnings of many reports are one
    /// summary line (each line's with --verbose, none with --quiet).
    @Test func oneReportPerPersonIntoADirectory() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reports = directory.appendingPathComponent("reports").path
        let output = try CLI.run([
            "trace", "--batch", Self.batch, "--format", "html", "--lang", "nb", "--out-dir", reports, "--as-of",
            "2026-12-01",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        let samples = try Self.samples()
        let references = try samples.map { sample in
            let text = try String(contentsOf: CLI.repository.appendingPathComponent(sample), encoding: .utf8)
            return try #require(text.split(separator: "\n").first { $0.hasPrefix("reference: ") }).dropFirst(11)
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: reports).sorted()
        #expect(names == references.map { "\($0).html" }.sorted())
        #expect(try Self.mode(reports) == 0o700)
        #expect(!output.stderr.contains("warning: line "), "one summary line, not one line per report")
        #expect(output.stderr.contains("reports show data kept past its retention period"), "\(output.stderr)")
        for (number, sample) in samples.enumerated() where number % 5 == 0 {
            let path = reports + "/\(references[number]).html"
            #expect(try Self.mode(path) == 0o600)
            let single = try CLI.run(["trace", sample, "--format", "html", "--lang", "nb", "--as-of", "2026-12-01"])
            #expect(
                try String(contentsOfFile: path, encoding: .utf8) == single.stdout,
                "line \(number + 1) differs from \(sample)")
        }
    }

    /// Two people with one case reference, or a reference that is no plain file name, never share a file.
    @Test func reportNamesNeverCollideOrLeaveTheDirectory() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let line = String(try String(contentsOfFile: Self.batch, encoding: .utf8).split(separator: "\n")[0])
        let lines = [
            line, line, line.replacingOccurrences(of: "IGO-2025-0088", with: "../escape"),
        ].joined(separator: "\n")
        let path = directory.appendingPathComponent("subjects.jsonl").path
        try lines.write(toFile: path, atomically: true, encoding: .utf8)
        let reports = directory.appendingPathComponent("reports").path
        let output = try CLI.run([
            "trace", "--batch", path, "--format", "md", "--out-dir", reports, "--as-of", "2026-12-01", "--verbose",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: reports).sorted() == [
                "IGO-2025-0088-line-2.md", "IGO-2025-0088.md", "line-3.md",
            ])
        let quiet = try CLI.run([
            "trace", "--batch", path, "--format", "md", "--out-dir", reports, "--as-of", "2026-12-01", "--quiet",
        ])
        #expect(!quiet.stderr.contains("warning"))
    }

    /// A single person's report, trace or path diagram written with --out holds personal data: it is
    /// the owner's alone whatever the umask, like the batch's files (it was 0644 before).
    @Test func singleReportsAreOwnerOnly() throws {
        let directory = try Self.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let subject = "Samples/subjects/igo-customer-newsletter.yaml"
        for (arguments, name) in [
            (["trace", subject, "--format", "html"], "report.html"),
            (["trace", subject, "--format", "json"], "trace.json"),
            (["render", "Graphs", "--view", "subject", subject], "person.dot"),
        ] {
            let path = directory.appendingPathComponent(name).path
            let output = try CLI.run(arguments + ["--out", path])
            #expect(output.status == 0, "\(output.stderr)")
            #expect(try Self.mode(path) == 0o600, "\(name)")
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == [
                "person.dot", "report.html", "trace.json",
            ])
    }

    /// Reports other than JSON lines need a directory; one subject and a batch do not mix.
    @Test func usageErrorsAreExplained() throws {
        let html = try CLI.run(["trace", "--batch", Self.batch, "--format", "html"])
        #expect(html.status == 64 || html.status == 2)
        #expect(html.stderr.contains("add --out-dir DIRECTORY"), "\(html.stderr)")
        let both = try CLI.run(["trace", "Samples/subjects/igo-customer-newsletter.yaml", "--batch", Self.batch])
        #expect(both.status != 0)
        #expect(both.stderr.contains("give one subject file, or --batch FILE.jsonl"), "\(both.stderr)")
    }
}
