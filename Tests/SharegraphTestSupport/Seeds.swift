// The seed graphs, sample people and requests, and small graphs written in a test: what the tests
// of the model's rules (lint, trace, plan) read, whatever module's target they sit in.

public import Foundation
public import SharegraphCore
public import SharegraphYAML
import Testing

/// The repository's seed graphs and samples, and graphs and subjects from text.
public enum Seeds {
    /// The repository root, found from this file's place.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../.."
    ).standardized
    /// Samples/subjects.
    public static let subjects = repository.appendingPathComponent("Samples/subjects")

    /// Why a fixture could not be read; the test records the details first.
    public enum FixtureError: Error { case unreadable }

    /// The seed graphs, loaded once; a broken seed graph fails every test that uses it, with the reason.
    public static let index: TraceIndex = {
        let result = GraphLoader().load(paths: [repository.appendingPathComponent("Graphs").path])
        precondition(
            !result.diagnostics.containsErrors,
            "the seed graphs must load cleanly: \(result.diagnostics.filter { $0.severity == .error })")
        // swiftlint:disable:next force_try
        return try! TraceIndex(graph: result.graph)
    }()

    /// The sample subject files, sorted.
    public static var sampleNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: subjects.path)) ?? []).filter { $0.hasSuffix(".yaml") }
            .sorted()
    }

    /// A sample person from Samples/subjects/.
    public static func sample(_ name: String) throws -> Subject {
        let result = SubjectLoader().load(path: subjects.appendingPathComponent(name).path, graph: index.graph)
        guard let subject = result.subject else {
            Issue.record("\(name): \(result.diagnostics.map { "\($0.location): \($0.message)" })")
            throw FixtureError.unreadable
        }
        return subject
    }

    /// A graph from YAML text (one file), which must load without errors.
    public static func graph(_ yaml: String) throws -> TraceIndex {
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
    public static func subject(_ yaml: String, graph: Graph) throws -> Subject {
        let result = SubjectLoader().parse(text: Array(yaml.utf8), file: "subject.yaml", graph: graph)
        guard let subject = result.subject else {
            Issue.record("subject has errors: \(result.diagnostics.map { "\($0.location): \($0.message)" })")
            throw FixtureError.unreadable
        }
        return subject
    }

    /// A sample request from Samples/requests/.
    public static func request(_ name: String) throws -> ErasureRequest {
        let path = repository.appendingPathComponent("Samples/requests/\(name).yaml").path
        let loaded = RequestLoader().load(path: path, graph: index.graph)
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        return try #require(loaded.requests.first)
    }

    /// A request written in the test, parsed as if it were a file beside the sample requests.
    public static func parse(_ yaml: String, file: String = "inline.yaml") -> RequestLoadResult {
        let path = repository.appendingPathComponent("Samples/requests/\(file)").path
        return RequestLoader().parse(text: Array(yaml.utf8), file: path, graph: index.graph)
    }

    /// The plan of a sample request.
    public static func plan(_ name: String) throws -> ErasurePlan {
        try index.erasurePlan(for: try request(name))
    }
}
