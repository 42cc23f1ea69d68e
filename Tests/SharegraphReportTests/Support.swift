// Loading the seed graphs and samples, building small graphs from text, and golden-file comparison.

import Foundation
import SharegraphCore
import SharegraphReport
import SharegraphTestSupport
import SharegraphYAML
import Testing

enum Fixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        .standardized
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let subjects = Seeds.subjects

    /// The seed graphs, compiled once.
    static var seeds: TraceIndex { Seeds.index }
    static var sampleNames: [String] { Seeds.sampleNames }
    static func sample(_ name: String) throws -> Subject { try Seeds.sample(name) }
    static func graph(_ yaml: String) throws -> TraceIndex { try Seeds.graph(yaml) }
    static func subject(_ yaml: String, graph: Graph) throws -> Subject { try Seeds.subject(yaml, graph: graph) }

    /// Compares with a golden file in this target's `Golden/`; `SHAREGRAPH_RECORD=1 swift test` writes it anew.
    static func expectGolden(
        _ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        try Golden.expect(actual, name, in: golden, sourceLocation: sourceLocation)
    }

}
