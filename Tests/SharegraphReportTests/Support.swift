// Loading the seed graphs and samples, building small graphs from text, and golden-file comparison.

import Foundation
import SharegraphCore
import SharegraphReport
import SharegraphYAML
import SharegraphTestSupport
import Testing

enum Fixture {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let subjects = repository.appendingPathComponent("Samples/subjects")

    /// The seed graphs, compiled once.
    static let seeds: TraceIndex = {
        let result = GraphLoader().load(paths: [repository.appendingPathComponent("Graphs").path])
        precondition(!result.diagnostics.containsErrors, "the seed graphs must load cleanly")
        // swiftlint:disable:next force_try
        return try! TraceIndex(graph: result.graph)
    }()

    /// The sample subject files, sorted.
    static var sampleNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: subjects.path)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
    }

    static func sample(_ name: String) throws -> Subject {
        let result = SubjectLoader().load(path: subjects.appendingPathComponent(name).path, graph: seeds.graph)
        guard let subject = result.subject else {
            Issue.record("\(name): \(result.diagnostics.map { "\($0.location): \($0.message)" })")
            throw FixtureError.unreadable
        }
        return subject
    }

    /// A graph from YAML text (one file), which must load without errors.
    static func graph(_ yaml: String) throws -> TraceIndex {
        let parsed = GraphLoader().parse(text: Array(yaml.utf8), file: "test.yaml")
        let assembled = Graph.assemble(parsed.document.map { [$0] } ?? [])
        let problems = (parsed.diagnostics + assembled.diagnostics).filter { $0.severity == .error }
        guard problems.isEmpty else {
            Issue.record("graph has errors: \(problems.map { "\($0.location): \($0.message)" })")
            throw FixtureError.unreadable
        }
        return try TraceIndex(graph: assembled.graph)
    }

    /// A subject from YAML text, checked against a graph.
    static func subject(_ yaml: String, graph: Graph) throws -> Subject {
        let result = SubjectLoader().parse(text: Array(yaml.utf8), file: "subject.yaml", graph: graph)
        guard let subject = result.subject else {
            Issue.record("subject has errors: \(result.diagnostics.map { "\($0.location): \($0.message)" })")
            throw FixtureError.unreadable
        }
        return subject
    }

    /// Compares with a golden file in this target's `Golden/`; `SHAREGRAPH_RECORD=1 swift test` writes it anew.
    static func expectGolden(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        try Golden.expect(actual, name, in: golden, sourceLocation: sourceLocation)
    }

    enum FixtureError: Error { case unreadable }
}

extension CalendarDate {
    /// A date from a literal in tests.
    static func on(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { preconditionFailure("bad test date \(text)") }
        return date
    }
}

extension Trace {
    /// The holdings at one party.
    func at(_ party: String) -> [Holding] { holdings.filter { $0.party == party } }
}
