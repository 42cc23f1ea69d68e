// The views: which flows a diagram draws. The whole map or a focus on a party, purpose or category,
// and one person's paths from their trace. Each hands flow contributions to the builder.

public import SharegraphCore

/// A view that cannot be drawn: an id the graph does not know.
public struct ViewError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The problem in words, with what to do.
    public var description: String
}

/// The data-sharing map, whole or around one party, purpose or category.
public struct MapView: Sendable {
    /// What the map is about.
    public enum Focus: Sendable, Hashable {
        /// Every party with a flow or a purpose.
        case whole
        /// A party, where its data comes from and where it goes.
        case party(String)
        /// A purpose's flows and the flows onward from their recipients.
        case purpose(String)
        /// Where a category (or any category under it) goes.
        case category(String)
    }

    /// The compiled graph; the category focus traces through it.
    public var index: TraceIndex
    /// What the view is about.
    public var focus: Focus
    /// How much of each organisation is drawn.
    public var detail: Detail
    /// The layout engine; nil chooses by size.
    public var engine: LayoutEngine?

    var graph: Graph { index.graph }

    /// Creates a map view; unknown ids are reported by `diagram()`.
    public init(index: TraceIndex, focus: Focus = .whole, detail: Detail = .auto, engine: LayoutEngine? = nil) {
        self.index = index
        self.focus = focus
        self.detail = detail
        self.engine = engine
    }

    /// The diagram.
    public func diagram() throws(ViewError) -> Diagram {
        var builder = DiagramBuilder(graph: graph)
        builder.engine = engine
        let selected: Set<String>
        var title: String
        switch focus {
        case .whole:
            // Data starts at controllers; flows no controller's data reaches (a shared vendor's chain
            // when no loaded controller uses the vendor) are left out.
            let controllers = graph.parties.map(\.id.value).filter { !graph.purposes(controlledBy: $0).isEmpty }
            // The person is a start too where a policy says they hand data straight to a recipient
            // (card details typed into a payment processor's page).
            let people = graph.parties.filter { $0.kind == .dataSubject && !graph.flows(from: $0.id.value).isEmpty }
                .map(\.id.value)
            var reached: Set<String> = []
            for start in controllers + people { reached.formUnion(walk(from: start, context: nil, downstream: true)) }
            selected = reached
            var drawn = Set(controllers)
            for flow in graph.flows where reached.contains(flow.id.value) {
                for end in [flow.from.value, flow.to.value] {
                    if let party = graph.owningParty(of: end) { drawn.insert(party) }
                }
            }
            builder.parties = graph.parties.map(\.id.value).filter { drawn.contains($0) }
            builder.allSystems = true
            let policies = graph.policies.compactMap { $0.controller?.value }
            let names = policies.map { graph.party($0)?.name.value ?? $0 }
            title =
                names.isEmpty || names.count > 3
                ? "Data-sharing map" : "Data-sharing map: " + names.joined(separator: ", ")
            let left = graph.parties.count - builder.parties.count
            if left > 0 {
                builder.notes.append(
                    left == 1
                        ? "1 party no controller's data reaches is not drawn"
                        : "\(left) parties no controller's data reaches are not drawn")
            }
        case .party(let party):
            guard let info = graph.party(party) else {
                throw ViewError(description: Suggestion.unknown("party", party, among: graph.parties.map(\.id.value)))
            }
            selected = walk(from: party, context: nil, downstream: true).union(
                walk(from: party, context: nil, downstream: false))
            builder.parties = [party]
            builder.focus = [party]
            title = "Around \(info.name.value): where its data comes from and where it goes"
        case .purpose(let id):
            guard let purpose = graph.purpose(id) else {
                throw ViewError(description: Suggestion.unknown("purpose", id, among: graph.purposes.map(\.id.value)))
            }
            selected = walk(from: purpose.controller.value, context: id, downstream: true)
            builder.parties = [purpose.controller.value]
            builder.focus = [purpose.controller.value]
            title = "\(purpose.name) (\(graph.party(purpose.controller.value)?.name.value ?? purpose.controller.value))"
        case .category(let category):
            guard graph.taxonomy.contains(category) else {
                throw ViewError(
                    description: Suggestion.unknown("category", category, among: graph.taxonomy.ids)
                        + "; run `sharegraph taxonomy`")
            }
            // The same answer as `sharegraph recipients --category`: the routes of anyone's trace
            // whose holdings include the category.
            let trace = index.trace(Subject.anyone(in: graph), asOf: .unixEpoch)
            var flows: Set<String> = []
            var controllers: [String] = []
            for holding in trace.holdings where holding.categories.contains(where: { Taxonomy.overlap($0, category) }) {
                if holding.role == nil, !controllers.contains(holding.party) { controllers.append(holding.party) }
                for route in holding.routes { flows.formUnion(route.steps.map(\.flow)) }
            }
            // A route may pass flows that carry other categories (between systems of the holder).
            selected = Set(
                graph.flows.filter { flows.contains($0.id.value) && Self.carries($0, category) }.map(\.id.value))
            if selected.isEmpty {
                builder.notes.append(
                    controllers.isEmpty
                        ? "no purpose names it and no flow carries it"
                        : "no flow carries it: it stays with the controllers drawn")
            }
            builder.parties = controllers
            builder.focus = Set(controllers)
            title = "Where \(graph.taxonomy.categories[category]?.name ?? category) goes"
        }
        // Lazily: a filtered array of flows was a copy of every drawn flow (250 MB at a million flows).
        builder.contributions = Array(
            graph.flows.lazy.filter { selected.contains($0.id.value) }.compactMap(contribution))
        return builder.build(title: title, detail: detail)
    }

    /// One flow as drawn: its ends, the recipient's role, the basis and condition of its purpose, its categories.
    func contribution(_ flow: Flow) -> FlowContribution? {
        guard let from = graph.owningParty(of: flow.from.value), let to = graph.owningParty(of: flow.to.value) else {
            return nil
        }
        let purpose = flow.purpose.flatMap { graph.purpose($0.value) }
        let applying = flow.condition.value != .always ? flow.condition.value : purpose?.condition.value ?? .always
        let condition = applying == .always ? nil : applying.summary
        let groupCondition: String? = if case .consent = applying { "with the person's consent" } else { nil }
        var categories: [String]
        switch flow.categories {
        case .listed(let listed): categories = listed.map(\.value)
        case .all: categories = purpose?.categories.map(\.value) ?? ["all categories it holds"]
        }
        if case .category(let asked) = focus {
            // Only the asked category is labelled; a flow carrying "everything" carries it too.
            let kept = categories.filter { Taxonomy.overlap($0, asked) }
            categories = kept.isEmpty ? [asked] : kept
        }
        return FlowContribution(
            fromParty: from, fromSystem: flow.from.value == from ? nil : flow.from.value,
            toParty: to, toSystem: flow.to.value == to ? nil : flow.to.value,
            style: Diagram.EdgeStyle(flow.role.value), role: flow.role.value, basis: purpose?.legalBasis?.value,
            condition: condition, groupCondition: groupCondition, categories: categories,
            transfer: flow.transfer?.mechanism.value)
    }

    /// Whether the flow can carry the category: it lists an overlapping one, or carries everything.
    static func carries(_ flow: Flow, _ category: String) -> Bool {
        switch flow.categories {
        case .all: return true
        case .listed(let listed): return listed.contains { Taxonomy.overlap($0.value, category) }
        }
    }

    /// Flows reachable from a party, following flows that serve the same purpose or none of their own.
    func walk(from start: String, context: String?, downstream: Bool) -> Set<String> {
        var selected: Set<String> = []
        var visited: Set<String> = []
        var queue: [(party: String, context: String?)] = [(start, context)]
        var next = 0
        while next < queue.count {
            let (party, context) = queue[next]
            next += 1
            guard visited.insert("\(party)\u{0}\(context ?? "")").inserted else { continue }
            for flow in downstream ? graph.flows(from: party) : graph.flows(to: party) {
                let purpose = flow.purpose?.value
                if let purpose, let context, purpose != context { continue }
                let other = graph.owningParty(of: downstream ? flow.to.value : flow.from.value)
                selected.insert(flow.id.value)
                if let other { queue.append((other, purpose ?? context)) }
            }
        }
        return selected
    }
}

/// One person's paths: the person, the controllers they dealt with, and every holder their data reaches.
public struct SubjectView: Sendable {
    /// The person's trace, whose routes are drawn.
    public var trace: Trace
    /// The graph the routes run through.
    public var graph: Graph
    /// How much of each organisation is drawn.
    public var detail: Detail
    /// The language of the diagram's words; conditions name events and purposes in it.
    public var language: DiagramLanguage

    /// Creates the view of a trace.
    public init(trace: Trace, graph: Graph, detail: Detail = .auto, language: DiagramLanguage = .en) {
        self.trace = trace
        self.graph = graph
        self.detail = detail
        self.language = language
    }

    /// The diagram: solid where the data certainly went, dashed where it goes only if a condition holds.
    public func diagram() -> Diagram {
        var builder = DiagramBuilder(graph: graph)
        builder.language = language
        let words = DiagramWords(language)
        builder.subjectLabel = trace.subject
        builder.parties = trace.controllers
        for holding in trace.holdings {
            if holding.routes.isEmpty, trace.controllers.contains(holding.party) {
                builder.contributions.append(
                    FlowContribution(
                        fromParty: DiagramBuilder.subjectID, toParty: holding.party, style: .collection, role: nil,
                        basis: holding.legalBasis, condition: holding.certainty == .possible ? words.onlyPossible : nil,
                        categories: holding.categories))
            }
            for route in holding.routes {
                guard let step = route.steps.last else { continue }
                // The graph's "data subject" party is this person: drawn once, as the person.
                let fromPerson = graph.party(step.from)?.kind == .dataSubject
                builder.contributions.append(
                    FlowContribution(
                        fromParty: fromPerson ? DiagramBuilder.subjectID : step.from,
                        fromSystem: fromPerson ? nil : step.fromSystem, toParty: step.to, toSystem: step.toSystem,
                        style: Diagram.EdgeStyle(step.role), role: step.role, basis: holding.legalBasis,
                        condition: route.certainty == .possible
                            ? (words.condition(step.conditionValue, graph: graph) ?? words.onlyPossible) : nil,
                        categories: route.categories, transfer: route.transfer))
            }
        }
        return builder.build(title: words.subjectTitle(trace.subject, asOf: trace.asOf), detail: detail)
    }
}
