// `sharegraph taxonomy`: list the built-in data categories with their fideslang and DPV neighbours.

import ArgumentParser
import SharegraphCore

struct Taxonomy: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in data categories.",
        discussion: """
            Special categories (Art. 9) are marked with *. Graphs may add their own categories under `categories:`.

            Examples:
              sharegraph taxonomy
              sharegraph taxonomy --markdown > categories.md
            """
    )

    @Flag(help: "Print a Markdown table (id, name, special, fideslang, DPV).")
    var markdown = false

    func run() {
        let taxonomy = SharegraphCore.Taxonomy.builtIn
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
                print("\(indent)\(id)\(category.special ? " *" : "")  \(category.name)")
            }
        }
    }
}
