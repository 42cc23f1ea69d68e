// End-to-end: run the built `sharegraph` binary and compare stdout, stderr and exit code with golden files.

import Foundation
import SharegraphTestSupport
import Testing

/// Runs the binary from the build directory with the repository root as working directory.
struct CLI {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        .standardized
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var binary: URL {
        // The test bundle sits in the same build products directory as the executable.
        var directory = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("sharegraph").path),
            directory.path != "/"
        {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("sharegraph")
    }

    struct Output {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    static let cacheDirectory = FileManager.default.temporaryDirectory.appendingPathComponent(
        "sharegraph-cli-tests-cache-\(getpid())"
    ).path

    static func run(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil) throws
        -> Output
    {
        try runWithReason(arguments, environment: environment, in: directory).output
    }

    /// Runs the binary and says also how it ended: an exit, or a signal such as the crash tests' SIGKILL.
    static func runWithReason(_ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil)
        throws -> (output: Output, reason: Process.TerminationReason)
    {
        // The compiled-graph cache of the test run, not the user's: the commands after the first read through it.
        let defaults = ["NO_COLOR": "1", "SHAREGRAPH_CACHE_DIR": cacheDirectory]
        let ran = try Programs.run(
            binary.path, arguments, in: directory ?? repository, environment: defaults.merging(environment) { $1 })
        return (Output(stdout: ran.stdout, stderr: ran.stderr, status: ran.status), ran.reason)
    }

    /// Compares with a golden file in this target's `Golden/`; `SHAREGRAPH_RECORD=1 swift test` writes it anew.
    static func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws
    {
        try Golden.expect(actual, name, in: golden, sourceLocation: sourceLocation)
    }
}

struct CLITests {
    @Test func checkOfTheSeedGraphsHasNoErrors() throws {
        let output = try CLI.run(["check", "Graphs"])
        #expect(output.status == 0, "\(output.stdout)")
        #expect(output.stderr.isEmpty)
        #expect(output.stdout.contains("0 errors"))
        try CLI.expectGolden(output.stdout, "check-graphs.txt")
    }

    @Test func checkJSONAndSARIFAreStable() throws {
        let json = try CLI.run(["check", "Graphs", "--format", "json"])
        #expect(json.status == 0)
        try CLI.expectGolden(json.stdout, "check-graphs.json")
        let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(report?["schema"] as? String == "sharegraph.check/1")

        let sarif = try CLI.run(["check", "Graphs", "--format", "sarif"])
        #expect(sarif.status == 0)
        try CLI.expectGolden(sarif.stdout, "check-graphs.sarif")
        let log = try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any]
        #expect(log?["version"] as? String == "2.1.0")
        let runs = log?["runs"] as? [[String: Any]]
        let results = runs?.first?["results"] as? [[String: Any]]
        #expect((results?.count ?? 0) > 0)
    }

    @Test func aMalformedFileGetsLocatedMessagesAndExitOne() throws {
        let output = try CLI.run(["check", "Tests/SharegraphCLITests/Fixtures/malformed.yaml"])
        #expect(output.status == 1)
        #expect(
            output.stdout.contains(
                "malformed.yaml:5:5: error: unknown key `contct` in a party; did you mean `contact`?"))
        #expect(output.stdout.contains("malformed.yaml:14:9: error: flow references party or system `strpe`"))
        #expect(!output.stdout.contains("Fatal error"))
        try CLI.expectGolden(output.stdout, "check-malformed.txt")
    }

    /// One recipient entry reads "1 purpose and role", not "1 purposes and roles".
    @Test func countsAreSingularForOne() throws {
        let output = try CLI.run(["recipients", "--party", "vipps-acquirer"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("Where data reaches vipps-acquirer: 1 purpose and role\n"), "\(output.stdout)")
    }

    @Test func usageErrorsExitTwo() throws {
        let output = try CLI.run(["check", "--format", "xml"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("--format"))
        #expect(output.stdout.isEmpty)
    }

    @Test func missingPathsAreErrorsNotCrashes() throws {
        let output = try CLI.run(["check", "no/such/dir"])
        #expect(output.status == 1)
        #expect(output.stdout.contains("no/such/dir: error: no such file or directory"))
    }

    @Test func helpListsTheSubcommands() throws {
        let output = try CLI.run(["--help"])
        #expect(output.status == 0)
        for command in ["check", "taxonomy", "generate"] { #expect(output.stdout.contains(command)) }
        let check = try CLI.run(["check", "--help"])
        #expect(check.stdout.contains("Examples:"))
    }

    /// The help's prose is wrapped by the terminal, not by hard line breaks in the source: at 80
    /// columns, a line of a paragraph that another line follows could not take the next word. (Examples are left
    /// as written.)
    @Test(arguments: [
        "check", "trace", "recipients", "render", "erase", "deliver", "status", "notices", "ack", "verify", "proof",
        "taxonomy", "generate",
    ])
    func helpProseDoesNotBreakMidSentence(command: String) throws {
        let output = try CLI.run([command, "--help"], environment: ["COLUMNS": "80"])
        #expect(output.status == 0)
        let prose = output.stdout.components(separatedBy: "USAGE:")[0]
        for paragraph in prose.components(separatedBy: "\n\n") where !paragraph.hasPrefix("Examples:") {
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false)
            for (line, next) in zip(lines, lines.dropFirst())
            where !line.hasPrefix(" ") && !next.hasPrefix(" ") && !next.hasPrefix("- ") && !line.hasSuffix(":") {
                #expect(
                    line.count + 1 + (next.split(separator: " ").first?.count ?? 0) >= 80,
                    "`\(command) --help` breaks after `\(line)`")
            }
        }
    }

    @Test func taxonomyMarkdownMatchesTheFormatDocs() throws {
        let output = try CLI.run(["taxonomy", "--markdown"])
        #expect(output.status == 0)
        let docs = try String(contentsOf: CLI.repository.appendingPathComponent("docs/FORMAT.md"), encoding: .utf8)
        #expect(
            docs.contains(output.stdout.trimmingCharacters(in: .newlines)),
            "docs/FORMAT.md must carry `sharegraph taxonomy --markdown` verbatim")
    }
}

struct TraceCLITests {
    @Test func traceOfASamplePrintsTheTable() throws {
        let output = try CLI.run([
            "trace", "Samples/subjects/vekstly-course-participant-card.yaml", "--as-of", "2024-04-01",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.isEmpty)
        try CLI.expectGolden(output.stdout, "trace-vekstly-card.txt")
    }

    /// Art. 5(1)(e): before an access report says data is due, the DPO is told, on standard error.
    @Test func aReportOfDataPastItsRetentionWarnsTheDPOFirst() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-past-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = try CLI.run([
            "trace", "Samples/subjects/jetpak-private-customer-contract-ended.yaml", "--as-of", "2025-06-01",
            "--format", "md", "--lang", "nb", "--out", directory.appendingPathComponent("innsyn.md").path,
        ])
        #expect(output.status == 0)
        #expect(
            output.stderr.hasPrefix(
                "warning: 4 holdings are past retention and should already be gone: jetpak · jetpak.contract (due since 2024-07-01)"
            ))
        let quiet = try CLI.run([
            "trace", "Samples/subjects/vekstly-course-participant-card.yaml", "--as-of", "2024-03-10",
            "--format", "md", "--out", directory.appendingPathComponent("report.md").path,
        ])
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "nothing was due on 2024-03-10: \(quiet.stderr)")
    }

    @Test func traceJSONAndReportsWriteFiles() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-trace-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (format, lang) in [("json", "en"), ("md", "nb"), ("html", "en")] {
            let file = directory.appendingPathComponent("report.\(format)").path
            let output = try CLI.run([
                "trace", "Samples/subjects/jetpak-customer-police-request.yaml", "--as-of", "2025-06-01",
                "--format", format, "--lang", lang, "--out", file,
            ])
            #expect(output.status == 0, "\(output.stderr)")
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(!text.contains("ola.hansen@example.no"))
            switch format {
            case "json": #expect(text.contains("\"schema\" : \"sharegraph.trace/2\""))
            case "md": #expect(text.hasPrefix("# Innsynsrapport"))
            default: #expect(text.hasPrefix("<!DOCTYPE html>"))
            }
        }
    }

    @Test func aBadSubjectFileGetsLocatedErrorsAndNoSecrets() throws {
        let output = try CLI.run(["trace", "Tests/SharegraphCLITests/Fixtures/bad-subject.yaml"])
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        try CLI.expectGolden(output.stderr, "trace-bad-subject.txt")
        // The snippet shows lines with errors only; the identifier's line has none.
        #expect(!output.stderr.contains("secret.person"))
    }

    /// One recipient entry reads "1 purpose and role", not "1 purposes and roles".
    @Test func countsAreSingularForOne() throws {
        let output = try CLI.run(["recipients", "--party", "vipps-acquirer"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("Where data reaches vipps-acquirer: 1 purpose and role\n"), "\(output.stdout)")
    }

    @Test func usageErrorsExitTwo() throws {
        let badDate = try CLI.run(["trace", "Samples/subjects/jackon-web-form-contact.yaml", "--as-of", "2025-02-30"])
        #expect(badDate.status == 2)
        #expect(badDate.stderr.contains("--as-of `2025-02-30` is not a date"))
        let missing = try CLI.run(["trace", "no-such-subject.yaml"])
        #expect(missing.status == 1)
        #expect(
            missing.stderr.contains(
                "no-such-subject.yaml: error: cannot open the subject file: no such file or directory"))
        let unknownParty = try CLI.run(["recipients", "--party", "strpe"])
        #expect(unknownParty.status == 2)
        #expect(unknownParty.stderr.contains("did you mean `stripe`?"))
    }

    @Test func recipientsOfStripe() throws {
        let output = try CLI.run(["recipients", "--party", "stripe"])
        #expect(output.status == 0)
        try CLI.expectGolden(output.stdout, "recipients-stripe.txt")
        let json = try CLI.run(["recipients", "--category", "health", "--format", "json"])
        try CLI.expectGolden(json.stdout, "recipients-health.json")
    }
}

struct RenderCLITests {
    @Test func renderWritesTheFormatItsFileNames() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let png = directory.appendingPathComponent("vekstly.png").path
        let output = try CLI.run(["render", "Graphs/vekstly.yaml", "Graphs/shared.yaml", "--out", png])
        #expect(output.status == 0, "\(output.stderr)")
        // The person, who types card details into Stripe's page, is drawn too.
        #expect(output.stderr == "wrote \(png): 5 nodes, 4 edges\n")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let dot = try CLI.run(["render", "Graphs/vekstly.yaml", "Graphs/shared.yaml", "--format", "dot", "--out", "-"])
        #expect(dot.status == 0 && dot.stdout.hasPrefix("digraph sharegraph {"))
        let mermaid = try CLI.run([
            "render", "--view", "subject", "Samples/subjects/vekstly-course-participant-card.yaml",
            "--as-of", "2025-06-01", "--format", "mermaid", "--out", "-",
        ])
        #expect(
            mermaid.status == 0 && mermaid.stdout.contains("flowchart LR") && mermaid.stdout.contains("data_subject(("))
    }

    @Test func renderNamesTheOutputAfterTheInputAndView() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rendered = try Programs.run(
            CLI.binary.path,
            ["render", CLI.repository.appendingPathComponent("Graphs").path, "--view", "party", "stripe"],
            in: directory)
        #expect(rendered.status == 0)
        let svg = try String(contentsOf: directory.appendingPathComponent("graphs-party-stripe.svg"), encoding: .utf8)
        #expect(svg.contains("<svg") && svg.contains("<title>stripe</title>"))
    }

    @Test func renderRejectsBadViewsAndUnknownIdsWithExitTwo() throws {
        let view = try CLI.run(["render", "--view", "parti", "stripe"])
        #expect(view.status == 2 && view.stderr.contains("--view takes `overview`, `party ID`"))
        let party = try CLI.run(["render", "--view", "party", "strpe", "--format", "dot", "--out", "-"])
        #expect(party.status == 2 && party.stderr.contains("did you mean `stripe`?") && party.stdout.isEmpty)
        let clash = try CLI.run(["render", "--format", "png", "--out", "map.svg"])
        #expect(clash.status == 2 && clash.stderr.contains("names a .svg file but --format is png"))
        let format = try CLI.run(["render", "--format", "gif"])
        #expect(format.status == 2)
        #expect(!FileManager.default.fileExists(atPath: CLI.repository.appendingPathComponent("map.svg").path))
    }

    @Test func renderOfBrokenGraphsReportsThemAndWritesNothing() throws {
        let output = try CLI.run(["render", "Graphs/vekstly.yaml", "--format", "dot", "--out", "-"])
        #expect(output.status == 1 && output.stdout.isEmpty)
        #expect(output.stderr.contains("Graphs/vekstly.yaml:") && output.stderr.contains("stripe"))
        #expect(
            output.stderr.contains(
                "hint: Graphs/shared.yaml defines recipients several organisations share; load it too: Graphs/vekstly.yaml Graphs/shared.yaml"
            ))
    }
}

/// SARIF as code scanning reads it: every result's rule in the driver's rule table (a loader
/// problem too), and locations relative to the checkout's root, given however the path was typed.
struct SARIFCompletenessTests {
    @Test func everyResultsRuleIsDescribedAndLocationsAreRelative() throws {
        let directory = try CLI.scratch("sarif")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("broken.yaml")
        try """
        sharegraph: 1
        parties:
          - {id: shop, name: Shop AS, country: "NO"}
        flows:
          - {from: shop, to: nowhere, role: processor, categories: [contact.email]}
        """.write(to: file, atomically: true, encoding: .utf8)
        // An absolute path, from inside the directory it names.
        let output = try CLI.run(["check", file.path, "--format", "sarif"], in: directory)
        let log = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        let rules = try #require(driver["rules"] as? [[String: Any]]).compactMap { $0["id"] as? String }
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.contains { $0["ruleId"] as? String == "unknown-reference" })
        for result in results {
            let id = result["ruleId"] as? String ?? ""
            #expect(rules.contains(id), "\(id) is not in the rule table")
            #expect((result["ruleIndex"] as? Int).map { rules[$0] } == id, "\(id): its ruleIndex")
            let location = (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]
            let artifact = location?["artifactLocation"] as? [String: Any]
            #expect(artifact?["uri"] as? String == "broken.yaml", "\(String(describing: artifact))")
            #expect(artifact?["uriBaseId"] as? String == "SRCROOT")
        }
        #expect((run["originalUriBaseIds"] as? [String: Any])?["SRCROOT"] != nil)
    }
}
