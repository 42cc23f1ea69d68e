// Answers to `sharegraph recipients`: what reaches one party, or where one category goes
// (schema `sharegraph.recipients/1`).

import Foundation
public import SharegraphCore

/// The holdings that match a recipients query, for any person of the graph's controllers.
public struct RecipientsDocument: Codable, Sendable, Equatable {
    /// Always `sharegraph.recipients/1`.
    public var schema = "sharegraph.recipients/1"
    /// The party asked about, if the query named one.
    public var party: String?
    /// The category asked about, if the query named one.
    public var category: String?
    /// Each purpose under which the data reaches a party.
    public var entries: [Entry]

    /// One (holder, purpose, role) the query matched.
    public struct Entry: Codable, Sendable, Equatable {
        /// The receiving party's id.
        public var party: String
        /// Its name.
        public var partyName: String
        /// Its role on the flows.
        public var role: String
        /// The controller whose purpose it is.
        public var controller: String
        /// The purpose's id.
        public var purpose: String
        /// The purpose's name.
        public var purposeName: String
        /// The purpose's Art. 6(1) basis.
        public var legalBasis: String?
        /// The categories that arrive.
        public var categories: [String]
        /// The subject types whose data it is.
        public var subjectTypes: [String]
        /// Conditions that must hold for the data to arrive; empty when it always does.
        public var conditions: [String]
        /// Each path from the collecting controller, as party ids joined by arrows.
        public var paths: [String]
    }

    /// Why a query cannot run: it names a party or category the graph does not have.
    public struct QueryError: Error, CustomStringConvertible, Sendable {
        /// The problem in words, with what to do.
        public var description: String
    }

    /// Runs the query: traces `Subject.anyone(in:)` and keeps the holdings at the party, or of the category.
    public init(index: TraceIndex, party: String? = nil, category: String? = nil) throws(QueryError) {
        let graph = index.graph
        if let party, graph.party(party) == nil {
            throw QueryError(description: Suggestion.unknown("party", party, among: graph.parties.map(\.id.value)))
        }
        if let category, !graph.taxonomy.contains(category) {
            throw QueryError(
                description: Suggestion.unknown("category", category, among: graph.taxonomy.ids)
                    + "; run `sharegraph taxonomy`")
        }
        let anyone = Subject.anyone(in: graph)
        // The date only sets statuses, which a recipients answer does not show.
        self.init(
            trace: index.trace(anyone, asOf: .unixEpoch), graph: graph, subject: anyone, party: party,
            category: category)
    }

    init(trace: Trace, graph: Graph, subject: Subject, party: String?, category: String?) {
        self.party = party
        self.category = category
        let document = TraceDocument(trace: trace, graph: graph, subject: subject)
        entries = document.holders.flatMap { holder in
            holder.holdings.compactMap { holding -> Entry? in
                if let party, holder.party != party { return nil }
                let matching =
                    category.map { wanted in
                        holding.categories.filter { Taxonomy.overlap($0, wanted) }
                    } ?? holding.categories
                guard !matching.isEmpty else { return nil }
                return Entry(
                    party: holder.party, partyName: holder.name, role: holding.role, controller: holding.controller,
                    purpose: holding.purpose, purposeName: holding.purposeName, legalBasis: holding.legalBasis,
                    categories: matching,
                    subjectTypes: graph.purpose(holding.purpose)?.subjects.map(\.value) ?? [],
                    conditions: holding.unknownConditions, paths: holding.routes.map { Wording.path($0.steps) })
            }
        }
    }

    /// Terminal text.
    public func text() -> String {
        var lines: [String] = []
        let subject = party.map { "reaches \($0)" } ?? "\(category ?? "") goes"
        lines.append("Where data \(subject): \(Wording.count(entries.count, "purpose and role", "purposes and roles"))")
        for entry in entries {
            lines.append("")
            lines.append(
                "\(entry.partyName) (\(entry.party)) as \(entry.role): \(entry.purpose) of \(entry.controller)")
            lines.append("    categories     \(Wording.grouped(entry.categories))")
            lines.append(
                "    subject types  \(entry.subjectTypes.isEmpty ? "all" : entry.subjectTypes.joined(separator: ", "))")
            lines.append("    basis          \(entry.legalBasis ?? "none stated")")
            lines.append(
                "    when           \(entry.conditions.isEmpty ? "always" : entry.conditions.joined(separator: "; "))")
            for path in entry.paths { lines.append("    path           \(path)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Pretty JSON with sorted keys and snake_case names.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
