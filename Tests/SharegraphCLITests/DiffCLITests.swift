// `sharegraph diff` as a CI job and a DPO run it: the worked example in Samples/changes is what the
// tool writes, its JSON and SARIF validate, the exit status says whether a person must look, and
// `--git` reads the graphs at revisions of a real repository.

import Foundation
import SharegraphTestSupport
import Testing

struct DiffCLITests {
    static let sides = ["--old", "Graphs", "--new", "Graphs", "--new", "Samples/changes/change.yaml"]

    /// A ledger with the Vekstly course participant's erasure under way, as Samples/changes.sh makes it.
    static func ledgerWithTheVekstlyErasure(in directory: URL) throws -> String {
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let erase = try CLI.run([
            "erase", "Samples/requests/vekstly-course-participant-erasure.yaml", "--graphs", "Graphs", "--ledger",
            ledger,
        ])
        #expect(erase.status == 0, "\(erase.stderr)")
        return ledger
    }

    @Test func theWorkedExampleIsWhatTheToolWrites() throws {
        let directory = try CLI.scratch("diff")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Self.ledgerWithTheVekstlyErasure(in: directory)
        let samples = CLI.repository.appendingPathComponent("Samples/changes")
        for (format, file) in [("markdown", "change.md"), ("json", "change.json")] {
            let output = try CLI.run(["diff"] + Self.sides + ["--ledger", ledger, "--format", format])
            #expect(output.status == 1, "\(output.stderr)")
            let kept = try String(contentsOf: samples.appendingPathComponent(file), encoding: .utf8)
            #expect(output.stdout == kept, "\(file): run Samples/changes.sh")
        }
        let dot = try CLI.run(["diff"] + Self.sides + ["--format", "dot"])
        #expect(dot.stdout == (try String(contentsOf: samples.appendingPathComponent("change.dot"), encoding: .utf8)))
        // The PNG is a real image.
        let png = directory.appendingPathComponent("change.png").path
        #expect(try CLI.run(["diff"] + Self.sides + ["--format", "png", "--out", png]).status == 1)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 10_000)
    }

    @Test func theJSONValidatesAgainstItsSchemaAndTheSARIFAgainstOASIS() throws {
        let directory = try CLI.scratch("diff")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try Self.ledgerWithTheVekstlyErasure(in: directory)
        let json = directory.appendingPathComponent("change.json").path
        let sarif = directory.appendingPathComponent("change.sarif").path
        let unchanged = directory.appendingPathComponent("unchanged.json").path
        _ = try CLI.run(["diff"] + Self.sides + ["--ledger", ledger, "--format", "json", "--out", json])
        _ = try CLI.run(["diff", "Graphs", "Graphs", "--format", "json", "--out", unchanged])
        _ = try CLI.run(["diff"] + Self.sides + ["--format", "sarif", "--out", sarif])
        let schema = ConsumerTests.schemas.appendingPathComponent("diff.schema.json").path
        #expect(try ConsumerTests.check(["schema", schema, json, unchanged]) == "ok\n")
        #expect(try ConsumerTests.check(["sarif", sarif]) == "ok\n")
        // SARIF carries the new findings only: the one the change brings, not the seeds' own.
        let log =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: sarif))) as? [String: Any]
        let results = ((log?["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.compactMap { $0["ruleId"] as? String } == ["transfer-without-safeguard"])
    }

    @Test func theExitStatusSaysWhetherAPersonMustLook() throws {
        // No change: 0, and it says so.
        let same = try CLI.run(["diff", "Graphs", "Graphs"])
        #expect(same.status == 0 && same.stdout.contains("no change to the model"))
        // Every concern present: 1, naming them.
        let changed = try CLI.run(["diff"] + Self.sides)
        #expect(changed.status == 1)
        #expect(changed.stderr.contains("needs review: transfer, new-recipient, finding, duty"))
        // Only what --fail-on names counts: a change with no new request is 0 with --fail-on request.
        #expect(try CLI.run(["diff"] + Self.sides + ["--fail-on", "request"]).status == 0)
        #expect(try CLI.run(["diff"] + Self.sides + ["--fail-on", "transfer"]).status == 1)
        // Usage errors: 2, with what to do.
        let unknown = try CLI.run(["diff"] + Self.sides + ["--fail-on", "transfers"])
        #expect(unknown.status == 2 && unknown.stderr.contains("`transfers` is not one of"))
        #expect(try CLI.run(["diff"] + Self.sides + ["--apply"]).status == 2)
        #expect(try CLI.run(["diff", "Graphs"]).status == 2)
        let missingLedger = try CLI.run(["diff"] + Self.sides + ["--ledger", "/nonexistent/ledger.sqlite"])
        #expect(missingLedger.status == 2 && missingLedger.stderr.contains("no ledger at"))
    }

    @Test func aSideThatDoesNotLoadIsNamedAtItsPlaceAndNothingIsCompared() throws {
        let directory = try CLI.scratch("diff")
        defer { try? FileManager.default.removeItem(at: directory) }
        let broken = directory.appendingPathComponent("broken.yaml")
        try "sharegraph: 1\nflows:\n  - from: vekstly\n    to: nobody\n    role: processor\n".write(
            to: broken, atomically: true, encoding: .utf8)
        let output = try CLI.run(["diff", "--old", "Graphs", "--new", "Graphs", "--new", broken.path])
        #expect(output.status == 2)
        #expect(output.stderr.contains("broken.yaml:3:5: error: a flow is missing required field `categories`"))
        #expect(output.stderr.contains("cannot be compared") && output.stdout.isEmpty)
    }

    @Test func gitRevisionsAreReadFromTheRepository() throws {
        let repository = try CLI.scratch("diff-git")
        defer { try? FileManager.default.removeItem(at: repository) }
        func git(_ arguments: String...) throws {
            let ran = try Programs.run(
                "git", ["-c", "user.name=Test", "-c", "user.email=test@example.org"] + arguments, in: repository)
            #expect(ran.status == 0, "git \(arguments): \(ran.stderr)")
        }
        let graphs = repository.appendingPathComponent("Graphs")
        try FileManager.default.copyItem(at: CLI.repository.appendingPathComponent("Graphs"), to: graphs)
        try git("init", "-q")
        try git("add", "Graphs")
        try git("commit", "-q", "-m", "seeds")
        // Renaming a file changes no model.
        try git("mv", "Graphs/vekstly.yaml", "Graphs/vekstly-as.yaml")
        try git("commit", "-q", "-m", "rename")
        let renamed = try CLI.run(["diff", "--git", "HEAD~1..HEAD"], in: repository)
        #expect(renamed.status == 0 && renamed.stdout.contains("no change to the model"), "\(renamed.stderr)")
        // The working tree against a revision, and two revisions, with places at the revision.
        try FileManager.default.copyItem(
            at: CLI.repository.appendingPathComponent("Samples/changes/change.yaml"),
            to: graphs.appendingPathComponent("change.yaml"))
        let working = try CLI.run(["diff", "--git", "HEAD", "Graphs"], in: repository)
        #expect(working.status == 1 && working.stdout.contains("HEAD → working tree: 6 added"), "\(working.stderr)")
        try git("add", "Graphs")
        try git("commit", "-q", "-m", "change")
        let revisions = try CLI.run(["diff", "--git", "HEAD~1..HEAD", "--format", "markdown"], in: repository)
        #expect(revisions.status == 1)
        #expect(revisions.stdout.contains("`HEAD:Graphs/change.yaml:38:9`"))
        let bad = try CLI.run(["diff", "--git", "no-such-revision"], in: repository)
        #expect(bad.status == 2 && bad.stderr.contains("cannot read the graphs at `no-such-revision`"))
    }
}
