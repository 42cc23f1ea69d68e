// `sharegraph taxonomy`: list the built-in data categories with their fideslang and DPV neighbours.

import ArgumentParser
import SharegraphCore

struct Taxonomy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in data categories.",
        discussion: """
            Special categories (Art. 9) are marked with *; each line ends with the nearest fideslang and DPV \
            terms. Graphs may add their own categories under `categories:`.

            Examples:
              sharegraph taxonomy
              sharegraph taxonomy --markdown > categories.md
            """
    )

    @Flag(help: "Print a Markdown table (id, name, special, fideslang, DPV).")
    var markdown = false

    func run() {
        let taxonomy = SharegraphCore.Taxonomy.builtIn
        // The widest label: the indent (two spaces a level), the id and " *".
        let width = taxonomy.ids.map { ($0.split(separator: ".").count - 1) * 2 + $0.count + 2 }.max() ?? 0
        if markdown {
            print("| id | name | Art. 9 | fideslang | DPV |\n|---|---|---|---|---|")
        }
        for id in taxonomy.ids {
            guard let category = taxonomy.categories[id] else { continue }
            if markdown {
                print(
                    "| `\(id)` | \(category.name) | \(category.special ? "yes" : "") | `\(category.fides ?? "")` | `\(category.dpv ?? "")` |"
                )
            } else {
                let depth = id.split(separator: ".").count - 1
                let indent = String(repeating: "  ", count: depth)
                let label = "\(indent)\(id)\(category.special ? " *" : "")"
                let neighbours = [category.fides.map { "fideslang \($0)" }, category.dpv.map { "DPV \($0)" }]
                    .compactMap { $0 }.joined(separator: ", ")
                let padded = label + String(repeating: " ", count: max(0, width - label.count))
                print("\(padded)  \(category.name)\(neighbours.isEmpty ? "" : "  (\(neighbours))")")
            }
        }
    }
}
