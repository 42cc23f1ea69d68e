// `sharegraph diff`: what a change to the graphs does to people, records and requests under way.

import ArgumentParser
import Foundation
import SharegraphChange
import SharegraphCore
import SharegraphLedger
import SharegraphRender
import SharegraphReport
import SharegraphYAML

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compare two versions of the graphs and say what the change does.",
        discussion: """
            Compares models, not text: moved files, reordered keys and reworded comments are no change. Says which \
            parties, systems, purposes, flows, contracts and duties were added, removed or changed, and what that \
            does: for each controller's subject types, the parties that gain or lose the data and its categories; \
            holdings whose retention moves; transfers outside the EEA that start, and on what ground; findings \
            that appear or go; rows of the Art. 30 records that change; and the duties that follow (Art. 28(2), \
            Art. 13/14, Art. 28(3)(a)). With --ledger, the erasures under way that now need a supplementary \
            notice; --apply records them, once, with the change as their reason.

            Exit status: 0 when nothing in --fail-on is present, 1 when something is, 2 for a usage error or a \
            graph that does not load.

            Examples:
              sharegraph diff Graphs-before Graphs
              sharegraph diff --git origin/main Graphs
              sharegraph diff --git v1.2..v1.3 --format markdown --out change.md
              sharegraph diff --old a.yaml --old shared.yaml --new b.yaml --new shared.yaml --format json
              sharegraph diff --git HEAD~1 --ledger ledger.sqlite --apply
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, sarif, dot, svg, png }

    @Argument(help: "OLD NEW (a file or directory each); with --git, the paths to read at each revision.")
    var paths: [String] = []

    @Option(help: "A graph file or directory of the old side (repeat for several).")
    var old: [String] = []

    @Option(help: "A graph file or directory of the new side (repeat for several).")
    var new: [String] = []

    @Option(help: "REV (against the working tree) or REV..REV: read the graphs at git revisions.")
    var git: String?

    @Option(help: "text, json, markdown, sarif (new findings only), or a diagram: dot, svg, png.")
    var format: Format = .text

    @Option(help: "Write here instead of standard output.")
    var out: String?

    @Option(help: "The ledger whose erasures under way to plan again (SQLite); must exist.")
    var ledger: String?

    @Flag(help: "Record the supplementary notices the erasures under way need (with --ledger).")
    var apply = false

    @Option(
        help: ArgumentHelp(
            "What makes the exit status 1: a comma-separated list of \(ChangeConcern.allCases.map(\.rawValue).joined(separator: ", ")); empty for never.",
            valueName: "list"))
    var failOn = "transfer,new-recipient,finding,duty,request"

    @OptionGroup var cache: CacheOptions

    func validate() throws {
        if apply && ledger == nil { throw ValidationError("--apply needs --ledger FILE") }
        if git != nil && (!old.isEmpty || !new.isEmpty) {
            throw ValidationError("give --git REV, or --old and --new, not both")
        }
        if git == nil && old.isEmpty && new.isEmpty && paths.count != 2 {
            throw ValidationError("give OLD and NEW, --old and --new, or --git REV")
        }
        if git == nil && (old.isEmpty != new.isEmpty) { throw ValidationError("give both --old and --new") }
        if git == nil && !old.isEmpty && !paths.isEmpty {
            throw ValidationError("give OLD NEW as arguments or with --old and --new, not both")
        }
        _ = try concerns()
        if [.png, .svg].contains(format) && (out == nil || out == "-") && isatty(STDOUT_FILENO) == 1 {
            throw ValidationError("a \(format.rawValue) diagram needs --out FILE.\(format.rawValue)")
        }
    }

    func concerns() throws -> Set<ChangeConcern> {
        var concerns = Set<ChangeConcern>()
        for word in failOn.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !word.isEmpty {
            guard let concern = ChangeConcern(rawValue: word) else {
                throw ValidationError(
                    "--fail-on: `\(word)` is not one of \(ChangeConcern.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            concerns.insert(concern)
        }
        return concerns
    }

    func run() throws {
        let (oldSide, newSide) = try sides()
        let oldLoaded = try load(oldSide)
        let newLoaded = try load(newSide)
        let oldFindings = (oldLoaded.result.diagnostics + Linter(graph: oldLoaded.index.graph).findings()).sorted(
            by: Diagnostic.reportOrder)
        let newFindings = (newLoaded.result.diagnostics + Linter(graph: newLoaded.index.graph).findings()).sorted(
            by: Diagnostic.reportOrder)
        let impact = ChangeAnalysis(
            old: oldLoaded.index, new: newLoaded.index, oldFindings: oldFindings, newFindings: newFindings
        ).impact()
        let requests = try requestImpacts(
            impact, old: oldLoaded.index, new: newLoaded.index, labels: (oldSide.label, newSide.label))
        let labels = (old: oldSide.label, new: newSide.label)
        switch format {
        case .text, .markdown:
            let text = ChangeText(
                impact: impact, requests: requests, labels: labels, old: oldLoaded.index.graph,
                new: newLoaded.index.graph)
            try Output.write(text.render(format == .markdown ? .markdown : .text), to: out)
        case .json:
            let document = ChangeDocument(
                impact: impact, requests: requests, old: (oldSide.label, oldLoaded.result.paths),
                new: (newSide.label, newLoaded.result.paths))
            try Output.write(try document.json(), to: out)
        case .sarif:
            try Output.write(
                try SARIFLog(
                    diagnostics: impact.newFindings, files: newLoaded.result.paths,
                    toolVersion: SharegraphCommand.version
                ).json() + "\n", to: out)
        case .dot, .svg, .png:
            let diagram = ChangeDiagram(
                old: oldLoaded.index.graph, new: newLoaded.index.graph, changes: impact.changes
            ).diagram(title: "Change: \(labels.old) → \(labels.new)")
            if format == .dot {
                try Output.write(DOTWriter(diagram).text(), to: out)
            } else {
                let bytes: [UInt8]
                do {
                    bytes = try diagram.rendered(as: format == .svg ? .svg : .png)
                } catch {
                    Terminal.error("\(error)")
                    throw ExitCode(1)
                }
                if let out, out != "-" {
                    try Output.write(Data(bytes), to: out)
                } else {
                    FileHandle.standardOutput.write(Data(bytes))
                }
            }
        }
        let present = ChangeConcern.present(in: impact, requests: requests ?? [])
        let failing = present.intersection(try concerns())
        if !failing.isEmpty {
            Terminal.standardError(
                "the change needs review: \(ChangeConcern.allCases.filter(failing.contains).map(\.rawValue).joined(separator: ", "))"
            )
            throw ExitCode(1)
        }
    }

    // MARK: sides

    /// Where one side's graphs come from.
    struct Side {
        var label: String
        var paths: [String] = []
        var revision: String?
    }

    func sides() throws -> (Side, Side) {
        if let git {
            let read = paths.isEmpty ? ["Graphs"] : paths
            let parts = git.components(separatedBy: "..")
            guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }) else {
                throw Inputs.usage("--git takes REV or REV..REV, not `\(git)`")
            }
            let oldSide = Side(label: parts[0], paths: read, revision: parts[0])
            let newSide =
                parts.count == 2
                ? Side(label: parts[1], paths: read, revision: parts[1])
                : Side(label: "working tree", paths: read, revision: nil)
            return (oldSide, newSide)
        }
        let oldPaths = old.isEmpty ? [paths[0]] : old
        let newPaths = new.isEmpty ? [paths[1]] : new
        return (
            Side(label: oldPaths.joined(separator: " "), paths: oldPaths),
            Side(label: newPaths.joined(separator: " "), paths: newPaths)
        )
    }

    func load(_ side: Side) throws -> (result: LoadResult, index: TraceIndex) {
        let result: LoadResult
        if let revision = side.revision {
            result = GraphLoader().load(texts: try GitFiles.read(revision: revision, paths: side.paths))
        } else {
            result = cache.loader.load(paths: side.paths)
        }
        let errors = result.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            Inputs.report(errors, files: result.files)
            Terminal.standardError("the graphs of \(side.label) have errors, so the two sides cannot be compared")
            throw ExitCode(2)
        }
        do {
            return (result, try TraceIndex(graph: result.graph))
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(2)
        }
    }

    func requestImpacts(
        _ impact: ChangeImpact, old: TraceIndex, new: TraceIndex, labels: (String, String)
    ) throws -> [RequestImpact]? {
        guard let ledger else { return nil }
        guard FileManager.default.fileExists(atPath: ledger) else {
            throw Inputs.usage("no ledger at \(ledger); give the file `sharegraph erase --ledger` wrote")
        }
        guard !impact.isEmpty else { return [] }
        let opened: SQLiteLedger
        do {
            opened = try SQLiteLedger(path: ledger, creating: false, checkpoint: CrashHook.checkpoint)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
        let flows = impact.changes.filter { $0.element == .flow && $0.kind != .removed }.map(\.id)
        let shown = flows.prefix(3).joined(separator: ", ") + (flows.count > 3 ? " and \(flows.count - 3) more" : "")
        let change = "the graph changed from \(labels.0) to \(labels.1)" + (flows.isEmpty ? "" : " (flows \(shown))")
        do {
            return try RequestReplan(old: old, new: new).impacts(in: opened, apply: apply, change: change)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }
}

/// Graph files at a git revision of the repository the command runs in.
enum GitFiles {
    /// Every `*.yaml` and `*.yml` under the paths at the revision, named `REV:path` for diagnostics.
    static func read(revision: String, paths: [String]) throws -> [(name: String, bytes: [UInt8])] {
        guard !revision.hasPrefix("-") else { throw Inputs.usage("`\(revision)` is not a revision") }
        let listing = try git(["ls-tree", "-r", "-z", "--name-only", revision, "--"] + paths, what: revision)
        let names = listing.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        if names.isEmpty {
            throw Inputs.usage(
                "no graph files under \(paths.joined(separator: " ")) at \(revision); give the paths that hold them there"
            )
        }
        return try names.map { name in
            (
                name: "\(revision):\(name)",
                bytes: try git(["cat-file", "blob", "\(revision):./\(name)"], what: revision)
            )
        }
    }

    static func git(_ arguments: [String], what revision: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Inputs.usage("git could not be started (\(error)); install git or compare directories instead")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let first = message.split(separator: "\n").first.map(String.init) ?? "git failed"
            throw Inputs.usage(
                "cannot read the graphs at `\(revision)`: \(first); check the revision and that this is a git repository"
            )
        }
        return Array(data)
    }
}
