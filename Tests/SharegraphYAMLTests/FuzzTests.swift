// Mutated seed graphs, subject files, requests and batch lines never crash their loaders: each
// returns a model or located diagnostics, and no quoted line of a person's file shows an identifier.

import Foundation
import SharegraphCore
import SharegraphReport
import SharegraphYAML
import Testing

struct FuzzTests {
    /// The seed graphs, found from this file's place in the repository.
    static func seedTexts() throws -> [[UInt8]] {
        let graphs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Graphs")
            .standardized
        let names = try FileManager.default.contentsOfDirectory(atPath: graphs.path).filter { $0.hasSuffix(".yaml") }
            .sorted()
        return try names.map { [UInt8](try Data(contentsOf: graphs.appendingPathComponent($0))) }
    }

    /// A small deterministic generator, so a failure reproduces from its seed.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 17
        }
        mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }
    }

    static let interesting: [[UInt8]] =
        [
            "&a ", "*a ", "[", "]", "{", "}", "- ", ": ", "\"", "'", "|\n", ">\n", "? ", "!!binary ", "---\n", "...\n",
            "\t",
            "\u{0}", "\u{FEFF}", "%YAML 1.1\n", "<<: *a\n", "#", "\n      ", "~", "9999-99-99",
            "end of year of + years",
        ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x82]]

    static func mutate(_ input: [UInt8], _ random: inout Random) -> [UInt8] {
        var bytes = input
        for _ in 0...random.below(4) {
            guard !bytes.isEmpty else { break }
            let at = random.below(bytes.count)
            switch random.below(6) {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: random.next())
            case 1: bytes.remove(at: at)
            case 2: bytes.insert(contentsOf: interesting[random.below(interesting.count)], at: at)
            case 3:
                let length = min(random.below(200), bytes.count - at)
                bytes.insert(contentsOf: bytes[at..<at + length], at: random.below(bytes.count))
            case 4: bytes = Array(bytes.prefix(at))
            default:
                let length = min(random.below(80), bytes.count - at)
                bytes.removeSubrange(at..<at + length)
            }
        }
        return bytes
    }

    @Test func mutatedSeedsLoadOrExplainThemselves() throws {
        let seeds = try Self.seedTexts()
        #expect(seeds.count >= 6)
        let iterations = Int(ProcessInfo.processInfo.environment["SHAREGRAPH_FUZZ_ITERATIONS"] ?? "") ?? 400
        let seed = UInt64(ProcessInfo.processInfo.environment["SHAREGRAPH_FUZZ_SEED"] ?? "") ?? 20_261_121
        var random = Random(state: seed)
        let loader = GraphLoader()
        var rejected = 0
        for _ in 0..<iterations {
            let input = Self.mutate(seeds[random.below(seeds.count)], &random)
            let result = loader.parse(text: input, file: "fuzz.yaml")
            if result.document == nil { rejected += 1 }
            for diagnostic in result.diagnostics {
                #expect(diagnostic.location.line >= 1 && !diagnostic.message.isEmpty)
            }
            if let document = result.document {
                _ = Linter(graph: Graph.assemble([document]).graph).findings()
            }
        }
        #expect(rejected < iterations, "some mutations should still parse")
    }

    /// Identifier values in the sample people, which no rendered diagnostic may show.
    static let secrets = [
        "kari.nordmann@example.no", "ola.hansen@example.no", "ingrid.berg@example.no", "lise.kurs@example.no",
    ]

    /// Subject files, requests (with the subject inline) and batch lines, mutated; every diagnostic
    /// is located and none quotes an identifier value.
    @Test func mutatedSubjectsRequestsAndBatchLinesExplainThemselvesWithoutIdentifiers() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
            .standardized
        let graph = GraphLoader().load(paths: [repository.appendingPathComponent("Graphs").path]).graph
        let subjectsDirectory = repository.appendingPathComponent("Samples/subjects")
        let subjects = try FileManager.default.contentsOfDirectory(atPath: subjectsDirectory.path).filter {
            $0.hasSuffix(".yaml")
        }.sorted()
            .map { [UInt8](try Data(contentsOf: subjectsDirectory.appendingPathComponent($0))) }
        let request = Array(
            """
            sharegraph-request: 1
            id: fuzz-1
            controller: jetpak
            received: 2026-11-20
            scope: erasure
            subject:
              reference: F-1
              relationships:
                - controller: jetpak
                  as: [customer]
                  identifiers: {email: kari.nordmann@example.no, phone: "+47 4000 0000"}
                  events: {contract-start: 2022-01-10}

            """.utf8)
        let batchLine = Array(
            #"{"id": "fuzz-2", "controller": "jetpak", "received": "2026-11-20", "scope": "erasure", "subject": {"reference": "F-2", "relationships": [{"controller": "jetpak", "as": ["customer"], "identifiers": {"email": "ola.hansen@example.no"}}]}}"#
                .utf8)
        let iterations = Int(ProcessInfo.processInfo.environment["SHAREGRAPH_FUZZ_ITERATIONS"] ?? "") ?? 400
        var random = Random(
            state: UInt64(ProcessInfo.processInfo.environment["SHAREGRAPH_FUZZ_SEED"] ?? "") ?? 20_261_201)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for iteration in 0..<iterations {
            let diagnostics: [Diagnostic]
            let sources: [String: SourceFile]
            switch iteration % 3 {
            case 0:
                let result = SubjectLoader().parse(
                    text: Self.mutate(subjects[random.below(subjects.count)], &random), file: "fuzz-subject.yaml",
                    graph: graph)
                diagnostics = result.diagnostics
                sources = result.source.map { ["fuzz-subject.yaml": $0] } ?? [:]
            case 1:
                let result = RequestLoader().parse(
                    text: Self.mutate(request, &random),
                    file: directory.appendingPathComponent("fuzz-request.yaml").path, graph: graph)
                diagnostics = result.diagnostics
                sources = result.sources
            default:
                let path = directory.appendingPathComponent("fuzz-\(iteration).jsonl").path
                try Data(Self.mutate(batchLine, &random)).write(to: URL(fileURLWithPath: path))
                switch RequestBatch.open(path: path) {
                case .failure(let problem):
                    diagnostics = [problem]
                    sources = [:]
                case .success(let batch):
                    let checked = batch.check(index: try TraceIndex(graph: graph))
                    diagnostics = checked.diagnostics
                    sources = checked.sources
                }
            }
            let rendered = diagnostics.map { DiagnosticTextRenderer(files: sources).render($0) }.joined()
            for diagnostic in diagnostics { #expect(!diagnostic.message.isEmpty) }
            for secret in Self.secrets + ["4000 0000"] {
                #expect(!rendered.contains(secret), "iteration \(iteration) quotes an identifier: \(rendered)")
            }
        }
    }
}
