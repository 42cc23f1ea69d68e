// `sharegraph generate`: write a large valid graph, with matching subjects and requests, for benchmarks.

import ArgumentParser
import Foundation
import SharegraphYAML

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a generated graph of the given size, with subjects and erasure requests (for benchmarks).",
        discussion: """
            Writes OUT/graph/ (one shared file and one file per controller: processors and their sub-processors, shared payment, cloud and e-mail vendors with sub-processor chains, debt collectors and partners, authorities on events, conditional flows), OUT/subjects/ (people who are customers of two to five controllers) and OUT/requests.jsonl (erasure requests for `erase --batch`). The same seed writes the same bytes.

            Examples:
              sharegraph generate --parties 10000 --flows 100000 --out /tmp/big
              sharegraph check /tmp/big/graph
              sharegraph trace /tmp/big/subjects/person-000000.yaml --graphs /tmp/big/graph
              sharegraph erase --batch /tmp/big/requests.jsonl --graphs /tmp/big/graph
            """
    )

    @Option(help: "About how many parties (at least 40).") var parties: Int = 1_000
    @Option(help: "How many flows.") var flows: Int = 10_000
    @Option(help: "How many subject files.") var subjects: Int = 10
    @Option(help: "How many erasure requests in requests.jsonl.") var requests: Int = 1_000
    @Option(help: "Seed for the generator.") var seed: UInt64 = 1
    @Option(help: "Directory to write (created if missing).") var out: String

    func validate() throws {
        guard parties > 0, flows > 0 else { throw ValidationError("--parties and --flows must be positive") }
        guard subjects >= 0, requests >= 0 else {
            throw ValidationError("--subjects and --requests cannot be negative")
        }
    }

    func run() throws {
        let generator = GraphGenerator(parties: parties, flows: flows, seed: seed)
        let root = URL(fileURLWithPath: out)
        do {
            let graph = root.appendingPathComponent("graph")
            let people = root.appendingPathComponent("subjects")
            for directory in [graph, people] {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            }
            let files = generator.files()
            for file in files { try Data(file.text.utf8).write(to: graph.appendingPathComponent(file.name)) }
            for file in generator.subjects(count: subjects) {
                try Data(file.text.utf8).write(to: people.appendingPathComponent(file.name))
            }
            let requestsFile = root.appendingPathComponent("requests.jsonl")
            guard FileManager.default.createFile(atPath: requestsFile.path, contents: nil) else {
                Terminal.standardError(
                    "error: cannot create \(requestsFile.path); check that the directory is writable")
                throw ExitCode(1)
            }
            let handle = try FileHandle(forWritingTo: requestsFile)
            defer { try? handle.close() }
            var buffer = ""
            for number in 0..<requests {
                buffer += generator.request(number) + "\n"
                if buffer.utf8.count > 1 << 20 {
                    try handle.write(contentsOf: Data(buffer.utf8))
                    buffer = ""
                }
            }
            try handle.write(contentsOf: Data(buffer.utf8))
            let layout = generator.layout
            print(
                "wrote \(files.count) graph files (\(layout.controllers) controllers, \(flows) flows), \(subjects) subjects and \(requests) requests to \(out)"
            )
        } catch {
            Terminal.standardError(
                "error: cannot write to \(out): \(error.localizedDescription)\nhint: give a directory you can write to")
            throw ExitCode(1)
        }
    }
}
