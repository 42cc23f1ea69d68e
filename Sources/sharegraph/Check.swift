// `sharegraph check`: load graphs, run the GDPR linter, print findings as text, JSON or SARIF.

import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphReport
import SharegraphYAML

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate graph files and lint them against GDPR rules.",
        discussion: """
            Loads every graph file (a directory loads all *.yaml files in it), reports every problem as file:line:column with the offending line and a hint, then runs the lint rules (run `sharegraph check --list-rules` to see them).

            Exit status: 0 when there are no errors (warnings allowed), 1 when there are errors, 2 for usage errors.

            Examples:
              sharegraph check Graphs/
              sharegraph check Graphs/vekstly.yaml Graphs/shared.yaml --format json
              sharegraph check Graphs/ --format sarif > sharegraph.sarif
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    @Argument(help: "Graph files or directories.")
    var paths: [String] = ["Graphs"]

    @OptionGroup var cache: CacheOptions

    @Option(help: "Output format: text, json or sarif.")
    var format: Format = .text

    @Option(name: .customLong("color"), help: "Colour text output: auto, always or never.")
    var colour: ColourChoice = .auto

    @Flag(help: "Print the lint rules with their ids, severities and articles, then exit.")
    var listRules = false

    func run() throws {
        if listRules {
            for rule in LintRule.all {
                print(
                    "\(rule.id)  \(rule.severity.rawValue)  \(rule.article)\n    \(rule.summary)\n    fix: \(rule.hint)"
                )
            }
            return
        }
        let result = cache.loader.load(paths: paths)
        var diagnostics = result.diagnostics
        diagnostics += Linter(graph: result.graph).findings()
        diagnostics.sort(by: Diagnostic.reportOrder)
        switch format {
        case .text:
            let renderer = DiagnosticTextRenderer(files: result.files, colour: Terminal.wantsColour(colour))
            for diagnostic in diagnostics { print(renderer.render(diagnostic)) }
            print(DiagnosticTextRenderer.summary(diagnostics, files: result.paths.count))
        case .json:
            print(try CheckReport(diagnostics: diagnostics, files: result.paths).json())
        case .sarif:
            print(
                try SARIFLog(diagnostics: diagnostics, files: result.paths, toolVersion: SharegraphCommand.version)
                    .json())
        }
        if diagnostics.containsErrors { throw ExitCode(1) }
    }
}
