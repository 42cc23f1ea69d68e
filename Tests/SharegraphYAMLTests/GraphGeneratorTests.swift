// The benchmark generator: the same seed gives the same bytes, and what it writes is a graph the
// tool accepts without a finding, with the shape the benchmarks claim, and subjects and requests
// that load and plan against it.

import Foundation
import SharegraphCore
import SharegraphYAML
import Testing

struct GraphGeneratorTests {
    static let generator = GraphGenerator(parties: 400, flows: 4_000, seed: 11)

    /// The generated graph loaded as `sharegraph check` loads it, with the linter's findings.
    static func load(_ generator: GraphGenerator) -> (graph: Graph, diagnostics: [Diagnostic]) {
        let documents = generator.files().map { file in
            GraphLoader().parse(text: Array(file.text.utf8), file: file.name)
        }
        let assembled = Graph.assemble(documents.compactMap(\.document))
        let diagnostics =
            documents.flatMap(\.diagnostics) + assembled.diagnostics + Linter(graph: assembled.graph).findings()
        return (assembled.graph, diagnostics)
    }

    @Test func theSameSeedGivesTheSameBytesAndAnotherSeedAnotherGraph() {
        let again = GraphGenerator(parties: 400, flows: 4_000, seed: 11)
        #expect(Self.generator.files().map(\.text) == again.files().map(\.text))
        #expect(Self.generator.subjects(count: 5).map(\.text) == again.subjects(count: 5).map(\.text))
        #expect((0..<50).map(Self.generator.request) == (0..<50).map(again.request))
        let other = GraphGenerator(parties: 400, flows: 4_000, seed: 12)
        #expect(Self.generator.files().map(\.text) != other.files().map(\.text))
        #expect(Self.generator.request(0) != other.request(0))
    }

    @Test func theGraphChecksCleanWithExactlyTheFlowsAsked() {
        let (graph, diagnostics) = Self.load(Self.generator)
        #expect(diagnostics.isEmpty, "\(diagnostics.prefix(5).map { "\($0.location): \($0.message)" })")
        let shared = graph.flows.filter { $0.id.value.contains("-chain") }.count
        #expect(graph.flows.count - shared == 4_000)
        #expect(abs(graph.parties.count - 400) < 80, "\(graph.parties.count) parties")
    }

    @Test func theShapeHasEveryKindOfPartyFlowConditionAndBasis() {
        let (graph, _) = Self.load(Self.generator)
        let roles = Set(graph.flows.map(\.role.value))
        #expect(roles == [.processor, .subProcessor, .independentController, .authority])
        let conditions = graph.flows.map(\.condition.value)
        #expect(conditions.contains { if case .event = $0 { true } else { false } })
        #expect(conditions.contains { if case .unless = $0 { true } else { false } })
        #expect(conditions.contains { if case .consent = $0 { true } else { false } })
        #expect(graph.flows.contains { $0.transfer != nil })
        #expect(
            Set(graph.purposes.compactMap(\.legalBasis?.value)) == [
                .contract, .legalObligation, .legitimateInterests, .consent,
            ])
        #expect(Set(graph.purposes.map { $0.retention?.value.description ?? "" }).count >= 5)
        #expect(graph.purposes.contains { $0.duty != nil })
        // Shared vendors: one vendor receives from many controllers, and its chain goes two levels down.
        let senders = Set(graph.flows.filter { $0.to.value == "cloud-0" }.map(\.from.value))
        #expect(senders.count > 10)
        #expect(
            graph.flows.contains {
                $0.from.value == "cloud-0-s1" && $0.to.value == "cloud-0-s2" && $0.role.value == .subProcessor
            })
        #expect(graph.parties.filter { $0.kind == .publicAuthority }.count == 3)
    }

    @Test func theLayoutKeepsAFewHundredControllersAtEnterpriseSizes() {
        #expect(GraphGenerator(parties: 1_000, flows: 10_000).layout.controllers == 100)
        #expect(GraphGenerator(parties: 10_000, flows: 100_000).layout.controllers == 250)
        #expect(GraphGenerator(parties: 100_000, flows: 1_000_000).layout.controllers == 1_150)
    }

    @Test func subjectsLoadAndReachDownAVendorsSubProcessorChain() throws {
        let (graph, _) = Self.load(Self.generator)
        let index = try TraceIndex(graph: graph)
        var reachedChains = false
        for file in Self.generator.subjects(count: 8) {
            let loaded = SubjectLoader().parse(text: Array(file.text.utf8), file: file.name, graph: graph)
            #expect(!loaded.diagnostics.containsErrors, "\(loaded.diagnostics.map(\.message))")
            let subject = try #require(loaded.subject)
            #expect((2...5).contains(subject.relationships.count))
            let parties = Set(
                index.trace(subject, asOf: CalendarDate(year: 2026, month: 11, day: 16)!).holdings.map(\.party))
            if parties.contains(where: { $0.hasSuffix("-s2") }) { reachedChains = true }
        }
        #expect(reachedChains, "no subject's data reached a vendor's second sub-processor")
    }

    @Test func requestsLoadAsABatchAndPlanWithInstructionsRelayedToSubProcessors() throws {
        let (graph, _) = Self.load(Self.generator)
        let index = try TraceIndex(graph: graph)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("generator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("requests.jsonl").path
        try (0..<200).map(Self.generator.request).joined(separator: "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        let loaded = RequestLoader().loadBatch(path: path, graph: graph)
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics.prefix(3).map { "\($0.location): \($0.message)" })")
        #expect(loaded.requests.count == 200)
        #expect(
            Set(loaded.requests.map(\.scope.keyword)) == [
                "erasure", "consent-withdrawal", "objection", "retention-sweep",
            ])
        var relayed = false
        for request in loaded.requests {
            let plan = try index.erasurePlan(for: request)
            #expect(plan.notices.contains { $0.action == .instruct })
            if plan.notices.contains(where: { $0.parent != nil }) { relayed = true }
        }
        #expect(relayed)
    }
}
