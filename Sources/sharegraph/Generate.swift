// `sharegraph generate`: write a large valid graph for benchmarks and load tests.

import ArgumentParser
import Foundation
import SharegraphYAML

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a generated graph of the given size (for benchmarks).",
        discussion: """
            Writes one shared file and one file per controller: processors, sub-processors, shared
            vendors (some outside the EEA under SCCs), independent recipients, authorities and
            conditional flows. The same seed writes the same files.

            Examples:
              sharegraph generate --parties 10000 --flows 100000 --out /tmp/big
              sharegraph check /tmp/big
            """
    )

    @Option(help: "About how many parties.") var parties: Int = 1_000
    @Option(help: "How many flows.") var flows: Int = 10_000
    @Option(help: "Seed for the generator.") var seed: UInt64 = 1
    @Option(help: "Directory to write (created if missing).") var out: String

    func validate() throws {
        guard parties > 0, flows > 0 else { throw ValidationError("--parties and --flows must be positive") }
    }

    func run() throws {
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let files = GraphGenerator(parties: parties, flows: flows, seed: seed).files()
        for file in files {
            try Data(file.text.utf8).write(to: directory.appendingPathComponent(file.name))
        }
        print("wrote \(files.count) files to \(out)")
    }
}
