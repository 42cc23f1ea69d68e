// `sharegraph recipients`: which controllers, purposes and categories reach a party, or where a category goes.

import ArgumentParser
import SharegraphReport

struct Recipients: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what reaches a party, or where a data category goes.",
        discussion: """
            Answers for any person of the graphs' controllers: every subject type, every category their purposes name, and no event known, so conditional flows are listed with their condition.

            Examples:
              sharegraph recipients --party stripe
              sharegraph recipients --category financial.transaction --format json
            """
    )

    @Option(help: "The party to ask about.")
    var party: String?

    @Option(help: "The data category to follow (a parent covers its children).")
    var category: String?

    @Option(name: .customLong("graphs"), help: "Graph files or directories (repeatable).")
    var graphs: [String] = ["Graphs"]

    @OptionGroup var cache: CacheOptions

    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text

    func validate() throws {
        if (party == nil) == (category == nil) {
            throw ValidationError("give exactly one of --party ID or --category ID")
        }
    }

    func run() throws {
        let index = try Inputs.graph(graphs, cache: cache)
        let document: RecipientsDocument
        do {
            document = try RecipientsDocument(index: index, party: party, category: category)
        } catch {
            throw Inputs.usage(error.description)
        }
        try Output.write(format == .json ? try document.json() : document.text(), to: nil)
    }
}
