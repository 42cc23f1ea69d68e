// The change as a diagram through the existing renderer: what is added in green, what is removed
// in red and dashed, and the parties and flows around them faded, for context.

public import SharegraphCore
public import SharegraphRender

/// Builds the diagram of a change between two graphs.
public struct ChangeDiagram: Sendable {
    /// The old side.
    public let old: Graph
    /// The new side.
    public let new: Graph
    /// The element changes between them.
    public let changes: [ElementChange]

    /// Creates a builder.
    public init(old: Graph, new: Graph, changes: [ElementChange]) {
        self.old = old
        self.new = new
        self.changes = changes
    }

    struct PartyFlow {
        var from: String
        var to: String
        var role: Role
        var label: String
        var mark: Diagram.ChangeMark
    }

    /// The diagram: parties a change touches, their neighbours, and the flows between them.
    public func diagram(title: String) -> Diagram {
        let changedFlows = Dictionary(
            changes.filter { $0.element == .flow }.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        var flows: [PartyFlow] = []
        for (graph, side) in [(new, ElementChange.Kind.added), (old, .removed)] {
            for (flow, key) in zip(graph.flows, ModelDiff.flowKeys(graph)) {
                guard let from = graph.owningParty(of: flow.from.value), let to = graph.owningParty(of: flow.to.value),
                    from != to
                else { continue }
                let kind = changedFlows[key]
                let mark: Diagram.ChangeMark
                switch kind {
                case .added?, .removed?:
                    guard kind == side else { continue }
                    mark = side == .added ? .added : .removed
                case .changed?:
                    guard side == .added else { continue }
                    mark = .added
                case nil:
                    guard side == .added else { continue }
                    mark = .unchanged
                }
                let label = (flow.purpose?.value ?? key) + (kind == .changed ? " (changed)" : "")
                flows.append(PartyFlow(from: from, to: to, role: flow.role.value, label: label, mark: mark))
            }
        }
        // The parties the change touches, and one step around them for context.
        var touched = Set<String>()
        for change in changes where change.element == .party { touched.insert(change.id) }
        for flow in flows where flow.mark != .unchanged { touched.formUnion([flow.from, flow.to]) }
        var shown = touched
        for flow in flows where flow.mark == .unchanged && (touched.contains(flow.from) || touched.contains(flow.to)) {
            shown.formUnion([flow.from, flow.to])
        }
        var diagram = Diagram(title: title)
        let partyChanges = Dictionary(
            changes.filter { $0.element == .party }.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        let order = (new.parties + old.parties).map(\.id.value)
        var placed = Set<String>()
        for id in order where shown.contains(id) && placed.insert(id).inserted {
            guard let party = new.party(id) ?? old.party(id) else { continue }
            let kind = nodeKind(party, flows: flows)
            // The person is drawn small: the diagram is about the organisations.
            var node = Diagram.Node(id: id, label: kind == .subject ? "person" : party.name.value, kind: kind)
            node.details = kind == .subject ? [] : [id] + (party.country.map { [$0.value] } ?? [])
            node.outsideEEA = party.isInEEA == false
            node.change =
                switch partyChanges[id] {
                case .added?, .changed?: .added
                case .removed?: .removed
                case nil: touched.contains(id) ? nil : .unchanged
                }
            diagram.nodes.append(node)
        }
        // One edge per pair of parties and mark, listing what it carries.
        var edges: [String: Diagram.Edge] = [:]
        var edgeOrder: [String] = []
        for flow in flows where shown.contains(flow.from) && shown.contains(flow.to) {
            let key = "\(flow.from)\u{0}\(flow.to)\u{0}\(flow.mark.rawValue)"
            if edges[key] == nil {
                var edge = Diagram.Edge(from: flow.from, to: flow.to, style: Diagram.EdgeStyle(flow.role))
                edge.change = flow.mark
                edges[key] = edge
                edgeOrder.append(key)
            }
            if flow.mark != .unchanged, edges[key]?.lines.contains(flow.label) == false {
                edges[key]?.lines.append(flow.label)
            }
        }
        diagram.edges = edgeOrder.compactMap { edges[$0] }
        diagram.legend = [
            Diagram.LegendEntry(colour: Diagram.ChangeMark.added.colour, text: "added or changed"),
            Diagram.LegendEntry(colour: Diagram.ChangeMark.removed.colour, text: "removed (dashed)"),
            Diagram.LegendEntry(colour: Diagram.ChangeMark.unchanged.colour, text: "unchanged, for context"),
        ]
        return diagram
    }

    func nodeKind(_ party: Party, flows: [PartyFlow]) -> Diagram.NodeKind {
        if party.kind == .dataSubject { return .subject }
        if party.kind == .publicAuthority || flows.contains(where: { $0.to == party.id.value && $0.role == .authority })
        {
            return .authority
        }
        if !new.purposes(controlledBy: party.id.value).isEmpty || !old.purposes(controlledBy: party.id.value).isEmpty {
            return .controller
        }
        if flows.contains(where: { $0.to == party.id.value && $0.role.actsOnInstructions }) { return .processor }
        return .thirdParty
    }
}
