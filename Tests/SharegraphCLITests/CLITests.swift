// End-to-end: run the built `sharegraph` binary and compare stdout, stderr and exit code with golden files.

import Foundation
import Testing

/// Runs the binary from the build directory with the repository root as working directory.
struct CLI {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var binary: URL {
        // The test bundle sits in the same build products directory as the executable.
        var directory = Bundle.main.bundleURL
        while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("sharegraph").path), directory.path != "/" {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("sharegraph")
    }

    struct Output {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Output {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = repository
        process.environment = ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"].merging(environment) { $1 }) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self), status: process.terminationStatus)
    }

    /// Compares with a golden file; `SHAREGRAPH_RECORD=1 swift test` writes it anew.
    static func expectGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = golden.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["SHAREGRAPH_RECORD"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "\(name) differs; re-record with SHAREGRAPH_RECORD=1 if the change is intended", sourceLocation: sourceLocation)
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
        #expect(output.stdout.contains("malformed.yaml:5:5: error: unknown key `contct` in a party; did you mean `contact`?"))
        #expect(output.stdout.contains("malformed.yaml:14:9: error: flow references party or system `strpe`"))
        #expect(!output.stdout.contains("Fatal error"))
        try CLI.expectGolden(output.stdout, "check-malformed.txt")
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

    @Test func taxonomyMarkdownMatchesTheFormatDocs() throws {
        let output = try CLI.run(["taxonomy", "--markdown"])
        #expect(output.status == 0)
        let docs = try String(contentsOf: CLI.repository.appendingPathComponent("docs/FORMAT.md"), encoding: .utf8)
        #expect(docs.contains(output.stdout.trimmingCharacters(in: .newlines)), "docs/FORMAT.md must carry `sharegraph taxonomy --markdown` verbatim")
    }
}
