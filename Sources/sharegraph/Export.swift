// `sharegraph export`: the graph in the W3C Data Privacy Vocabulary, for other privacy tools.

import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphRecords
import SharegraphYAML

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the graph in the W3C Data Privacy Vocabulary (DPV 2.3), as JSON-LD or Turtle.",
        discussion: """
            Each purpose becomes a dpv:Process with its controller, purpose, legal basis (eu-gdpr:A6-1-*, \
            A9-2-*), personal data (pd: terms), data subjects, recipients by role (dpv:hasDataProcessor, \
            dpv:hasRecipientThirdParty, dpv:hasRecipientDataController, dpv:hasRecipient for authorities), \
            storage condition, and transfers outside the EEA (dpv:CrossBorderTransfer with its loc: country and \
            eu-gdpr: safeguard); the policy's sentence is the description.

            Examples:
              sharegraph export --format dpv-turtle --out out/graph.ttl
              sharegraph export Graphs/vekstly.yaml Graphs/shared.yaml --format dpv-jsonld
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case dpvJSONLD = "dpv-jsonld"
        case dpvTurtle = "dpv-turtle"
    }

    @Argument(help: "Graph files or directories.")
    var paths: [String] = ["Graphs"]

    @Option(help: "dpv-jsonld or dpv-turtle.")
    var format: Format = .dpvTurtle

    @Option(help: "Write here instead of standard output.")
    var out: String?

    @OptionGroup var cache: CacheOptions

    func run() throws {
        let index = try Inputs.graph(paths, cache: cache)
        let export = DPVExport(index: index)
        try Output.write(format == .dpvTurtle ? export.turtle() : export.jsonLD(), to: out)
        if let out {
            let processes = index.graph.purposes.count
            Terminal.standardError(
                "wrote \(out): \(processes == 1 ? "1 process" : "\(processes) processes") in DPV 2.3 (\(format.rawValue))"
            )
        }
    }
}
