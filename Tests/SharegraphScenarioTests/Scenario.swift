// A scenario: a small graph written for one legal question, a person or a request, and the answer.

import Foundation
import SharegraphCore
import SharegraphReport
import SharegraphYAML
import Testing

/// One scenario's graph: the shared base below plus the scenario's own file.
struct Scenario {
    let index: TraceIndex
    let diagnostics: [Diagnostic]

    /// The parties, duties and facts most scenarios share: a Norwegian shop, its processor and a
    /// sub-processor, an independent collector, a card processor, the police, the person, and the
    /// Norwegian and Swedish bookkeeping acts as statutes state them.
    static let base = """
        sharegraph: 1
        parties:
          - id: shop
            name: Shop AS
            country: "NO"
            contact: {email: dpo@shop.example}
          - id: mailer
            name: Mailer AS
            country: "NO"
            contact: {email: privacy@mailer.example}
          - id: mailer-host
            name: Mailer Hosting AS
            country: "NO"
          - id: collector
            name: Collector AS
            country: "NO"
            contact: {email: privacy@collector.example}
          - id: psp
            name: Card Payments AS
            country: "NO"
            contact: {email: privacy@psp.example}
          - id: police
            name: Police
            kind: public-authority
            country: "NO"
            contact: {none: receives data in a particular inquiry (Art. 4(9))}
          - id: person
            name: The person
            kind: data-subject
        facts:
          - id: payment-method
            name: how the person paid
            values: [card, invoice]
        events:
          - id: dispute-resolved
            name: the dispute was settled
        duties:
          - id: no-bookkeeping
            name: Norwegian bookkeeping act
            law: bokføringsloven § 13
            country: "NO"
            retention: financial-year-end + 5 years
            categories: [identity.name, financial.invoice, financial.transaction]
          - id: se-bookkeeping
            name: Swedish bookkeeping act
            law: bokföringslagen 7 kap. 2 §
            country: SE
            retention: end of year of financial-year-end + 7 years
            categories: [identity.name, financial.invoice, financial.transaction]
        contracts:
          - id: mailer-dpa
            type: dpa
            parties: [shop, mailer]
          - id: host-dpa
            type: dpa
            parties: [mailer, mailer-host]
        """

    /// Loads the base and the scenario's file; errors fail the test that asked.
    init(_ yaml: String, base: String = Scenario.base, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
    {
        let first = GraphLoader().parse(text: Array(base.utf8), file: "base.yaml")
        let second = GraphLoader().parse(text: Array(yaml.utf8), file: "scenario.yaml")
        let assembled = Graph.assemble([first.document, second.document].compactMap { $0 })
        diagnostics = first.diagnostics + second.diagnostics + assembled.diagnostics
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(
            errors.isEmpty, "graph errors: \(errors.map { "\($0.location): \($0.message)" })",
            sourceLocation: sourceLocation)
        index = try TraceIndex(graph: assembled.graph)
    }

    /// The diagnostics of a graph written on its own, errors included, without failing the test.
    static func diagnostics(_ yaml: String) -> [Diagnostic] {
        let parsed = GraphLoader().parse(text: Array(yaml.utf8), file: "scenario.yaml")
        return parsed.diagnostics + Graph.assemble([parsed.document].compactMap { $0 }).diagnostics
    }

    /// Traces a person written as a subject file.
    func trace(_ subject: String, asOf: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws
        -> Trace
    {
        let loaded = SubjectLoader().parse(text: Array(subject.utf8), file: "subject.yaml", graph: index.graph)
        let person = try #require(
            loaded.subject, "subject errors: \(loaded.diagnostics.map(\.message))", sourceLocation: sourceLocation)
        return index.trace(person, asOf: .on(asOf))
    }

    /// The subject-file diagnostics for a person written with mistakes.
    func subjectDiagnostics(_ subject: String) -> [Diagnostic] {
        SubjectLoader().parse(text: Array(subject.utf8), file: "subject.yaml", graph: index.graph).diagnostics
    }

    /// Plans a request written with its subject inline.
    func plan(_ request: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ErasurePlan {
        let loaded = RequestLoader().parse(
            text: Array(request.utf8), file: "/tmp/scenario-request.yaml", graph: index.graph)
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "request errors: \(errors.map(\.message))", sourceLocation: sourceLocation)
        let parsed = try #require(loaded.requests.first, sourceLocation: sourceLocation)
        return try index.erasurePlan(for: parsed)
    }

    /// The trace as the JSON document scripts read.
    func document(_ trace: Trace, subject: String) throws -> TraceDocument {
        let loaded = SubjectLoader().parse(text: Array(subject.utf8), file: "subject.yaml", graph: index.graph)
        return TraceDocument(trace: trace, graph: index.graph, subject: try #require(loaded.subject))
    }
}

extension CalendarDate {
    static func on(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { preconditionFailure("bad test date \(text)") }
        return date
    }
}

extension Trace {
    func holding(_ party: String, _ purpose: String) -> Holding? {
        holdings.first { $0.party == party && $0.purpose == purpose }
    }
}

extension ErasurePlan {
    func notice(_ recipient: String, _ action: ErasureAction) -> PlannedNotice? {
        notices.first { $0.recipient == recipient && $0.action == action }
    }
    func instruction(_ recipient: String, _ action: ErasureAction, _ kind: ErasureInstruction.Kind)
        -> ErasureInstruction?
    {
        notice(recipient, action)?.instructions.first { $0.kind == kind }
    }
}

/// Whether two category lists overlap in the taxonomy's sense (one is the other or lies under it).
func overlapping(_ one: [String], _ other: [String]) -> [String] {
    one.filter { first in other.contains { Taxonomy.overlap(first, $0) } }
}
