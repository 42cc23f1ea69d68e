// `sharegraph erase`: plan an erasure request, and record it with its notices in the ledger.

import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphReport
import SharegraphYAML

struct Erase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Plan an erasure request and record its notices in the ledger.",
        discussion: """
            Reads a request (see Samples/requests/): the subject, the controller that received it, the
            date received and its scope (erasure, consent-withdrawal, objection, retention-sweep).
            Each holder gets one action with its legal reason: erase, restrict under a retention duty
            (with a follow-up erasure when the duty ends), instruct a processor (which passes the
            instruction to its sub-processors), inform an independent controller, hold for legal
            claims, or no notice for an authority that received data in a particular inquiry.

            Exit status: 0 on success, 1 when the graphs or the request have errors, 2 for usage errors.

            Examples:
              sharegraph erase Samples/requests/vekstly-course-participant-erasure.yaml --plan
              sharegraph erase Samples/requests/jetpak-customer-erasure.yaml --plan --format json
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The request file (YAML).")
    var request: String

    @Option(name: .customLong("graphs"), help: "Graph files or directories (repeatable).")
    var graphs: [String] = ["Graphs"]

    @Flag(help: "Print the plan without recording anything.")
    var plan = false

    @Option(help: "Output format of the plan: text or json.")
    var format: Format = .text

    func run() throws {
        let index = try Inputs.graph(graphs)
        let loaded = RequestLoader().load(path: request, graph: index.graph)
        Inputs.report(loaded.diagnostics, files: loaded.sources)
        guard let request = loaded.requests.first else {
            Terminal.standardError(DiagnosticTextRenderer.summary(loaded.diagnostics, files: 1) + "; nothing was planned or recorded")
            throw ExitCode(1)
        }
        let plan: ErasurePlan
        do {
            plan = try index.erasurePlan(for: request)
        } catch {
            Terminal.standardError("\(error.location): error: \(error)")
            throw ExitCode(1)
        }
        let document = ErasurePlanDocument(plan: plan, graph: index.graph)
        switch format {
        case .text: try Output.write(document.text(), to: nil)
        case .json: try Output.write(try document.json() + "\n", to: nil)
        }
    }
}
