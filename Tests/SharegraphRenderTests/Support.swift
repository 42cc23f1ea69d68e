// Loading one seed organisation (with the shared recipients), small graphs from text, and golden files.

import Foundation
import SharegraphCore
import SharegraphTestSupport
import SharegraphYAML
import Testing

enum Fixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        .standardized
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// A seed organisation's graph with shared.yaml, as `sharegraph render Graphs/NAME.yaml Graphs/shared.yaml` loads it.
    static func organisation(_ name: String) throws -> TraceIndex {
        let graphs = repository.appendingPathComponent("Graphs")
        return try load([
            graphs.appendingPathComponent("\(name).yaml").path, graphs.appendingPathComponent("shared.yaml").path,
        ])
    }

    static func load(_ paths: [String]) throws -> TraceIndex {
        let result = GraphLoader().load(paths: paths)
        let errors = result.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else {
            Issue.record("graphs have errors: \(errors.map { "\($0.location): \($0.message)" })")
            throw FixtureError.unreadable
        }
        return try TraceIndex(graph: result.graph)
    }

    /// A compiled graph from YAML text (one file), which must load without errors.
    static func graph(_ yaml: String) throws -> TraceIndex { try Seeds.graph(yaml) }

    /// A sample subject, checked against a graph.
    static func subject(_ name: String, graph: Graph) throws -> Subject {
        let path = repository.appendingPathComponent("Samples/subjects/\(name)").path
        let result = SubjectLoader().load(path: path, graph: graph)
        guard let subject = result.subject else {
            Issue.record("\(name): \(result.diagnostics.map { "\($0.location): \($0.message)" })")
            throw FixtureError.unreadable
        }
        return subject
    }

    /// Compares with a golden file in this target's `Golden/`; `SHAREGRAPH_RECORD=1 swift test` writes it anew.
    static func expectGolden(
        _ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        try Golden.expect(actual, name, in: golden, sourceLocation: sourceLocation)
    }

    enum FixtureError: Error { case unreadable }
}
