// Turns the flows a view selected into a diagram: nodes by kind, organisations as clusters, parallel
// flows merged, and systems or whole organisations collapsed when the map is too large to read.

public import SharegraphCore

/// How much a diagram shows of each organisation.
public enum Detail: String, Sendable, CaseIterable {
    /// Chosen from the number of parties.
    case auto
    /// Organisations as boxes around their systems.
    case systems
    /// One node per organisation.
    case organisations
    /// Organisations grouped by kind and country.
    case groups
}

/// One flow as a view wants it drawn, before merging.
public struct FlowContribution: Sendable, Hashable {
    /// The sending party.
    public var fromParty: String
    /// The sending system, when the flow names one.
    public var fromSystem: String?
    /// The receiving party.
    public var toParty: String
    /// The receiving system, when the flow names one.
    public var toSystem: String?
    /// How the line is drawn.
    public var style: Diagram.EdgeStyle
    /// The recipient's role, which decides the recipient's node kind.
    public var role: Role?
    /// The legal basis of the flow's purpose, which colours the line.
    public var basis: LegalBasis?
    /// The flow's condition, in words.
    public var condition: String?
    /// The condition as it reads where many controllers' flows merge into one line (the groups
    /// level): consent to each controller's own purpose reads as consent. Nil: as `condition`.
    public var groupCondition: String?
    /// The categories the flow carries.
    public var categories: [String]
    /// The transfer mechanism, when the flow leaves the EEA.
    public var transfer: TransferMechanism?

    /// Creates a contribution.
    public init(
        fromParty: String, fromSystem: String? = nil, toParty: String, toSystem: String? = nil,
        style: Diagram.EdgeStyle,
        role: Role?, basis: LegalBasis?, condition: String?, groupCondition: String? = nil, categories: [String],
        transfer: TransferMechanism? = nil
    ) {
        self.fromParty = fromParty
        self.fromSystem = fromSystem
        self.toParty = toParty
        self.toSystem = toSystem
        self.style = style
        self.role = role
        self.basis = basis
        self.condition = condition
        self.groupCondition = groupCondition
        self.categories = categories
        self.transfer = transfer
    }
}

/// Builds a diagram from flow contributions; views differ only in which flows they contribute.
public struct DiagramBuilder: Sendable {
    /// The id of the data subject's node.
    public static let subjectID = "data-subject"
    /// Up to this many parties, organisations are drawn with their systems.
    public static let systemsLimit = 60
    /// Up to this many parties, each organisation is one node; beyond, organisations are grouped.
    public static let organisationsLimit = 300
    /// Beyond this many edges, `sfdp` lays the diagram out instead of `dot`.
    public static let dotEdgeLimit = 600

    /// The graph the parties and systems come from.
    public var graph: Graph
    /// The flows to draw, each once per focus it serves.
    public var contributions: [FlowContribution] = []
    /// Parties drawn even without flows (a view's controllers), in order.
    public var parties: [String] = []
    /// Draw every system of the parties drawn, not only those flows name.
    public var allSystems = false
    /// Parties the view is about.
    public var focus: Set<String> = []
    /// The person's label, when the view has one.
    public var subjectLabel: String?
    /// Sentences the view adds under the title.
    public var notes: [String] = []
    /// The layout engine to use; nil chooses `dot`, or `sfdp` beyond `dotEdgeLimit` edges.
    public var engine: LayoutEngine?
    /// The language of the words drawn.
    public var language: DiagramLanguage = .en
    var words: DiagramWords { DiagramWords(language) }

    /// Creates a builder.
    public init(graph: Graph) {
        self.graph = graph
    }

    /// The detail `auto` resolves to for this many parties.
    public static func resolve(_ detail: Detail, parties: Int) -> Detail {
        guard detail == .auto else { return detail }
        if parties <= systemsLimit { return .systems }
        return parties <= organisationsLimit ? .organisations : .groups
    }

    /// The diagram at the given detail.
    public func build(title: String, detail: Detail = .auto) -> Diagram {
        var diagram = Diagram(title: title)
        diagram.language = language
        diagram.notes = notes
        var order: [String] = []
        var seen: Set<String> = []
        func see(_ party: String) {
            guard party != Self.subjectID, seen.insert(party).inserted else { return }
            order.append(party)
        }
        for party in parties { see(party) }
        for flow in contributions {
            see(flow.fromParty)
            see(flow.toParty)
        }
        let level = Self.resolve(detail, parties: order.count)
        let roles = recipientRoles()
        let kinds = partyKinds(order, roles: roles)

        // A party is a cluster when any of its systems is drawn.
        var clustered: Set<String> = []
        for flow in contributions {
            if flow.fromSystem != nil { clustered.insert(flow.fromParty) }
            if flow.toSystem != nil { clustered.insert(flow.toParty) }
        }
        if allSystems {
            for party in order where !(graph.party(party)?.systems.isEmpty ?? true) { clustered.insert(party) }
        }

        // Nodes and clusters.
        var nodeIndex: [String: Int] = [:]
        var clusterIndex: [String: Int] = [:]
        var groupCounts: [String: Int] = [:]
        func addNode(_ node: Diagram.Node) {
            if let index = nodeIndex[node.id] {
                diagram.nodes[index].special = diagram.nodes[index].special || node.special
                return
            }
            nodeIndex[node.id] = diagram.nodes.count
            diagram.nodes.append(node)
        }
        func cluster(for party: String) -> String {
            if clusterIndex[party] == nil {
                clusterIndex[party] = diagram.clusters.count
                var cluster = Diagram.Cluster(
                    id: party, label: graph.party(party)?.name(in: language.rawValue) ?? party)
                cluster.details = details(of: party, kind: kinds[party] ?? .other, roles: roles[party] ?? [])
                cluster.isController = kinds[party] == .controller
                diagram.clusters.append(cluster)
            }
            return party
        }
        func partyNode(_ party: String) -> Diagram.Node {
            let kind = kinds[party] ?? .other
            var node = Diagram.Node(
                id: party, label: graph.party(party)?.name(in: language.rawValue) ?? party, kind: kind)
            node.details = details(of: party, kind: kind, roles: roles[party] ?? [])
            node.outsideEEA = graph.party(party)?.isInEEA == false
            node.focus = focus.contains(party)
            return node
        }
        /// The node a flow end is drawn on, created on first use.
        func endpoint(party: String, system: String?) -> String {
            if party == Self.subjectID {
                var node = Diagram.Node(id: Self.subjectID, label: subjectLabel ?? words.dataSubject, kind: .subject)
                node.details = [words.thePerson]
                addNode(node)
                return Self.subjectID
            }
            switch level {
            case .groups:
                let key = groupKey(party, kind: kinds[party] ?? .other)
                if nodeIndex[key] == nil {
                    let country = graph.party(party)?.country?.value ?? words.countryUnknown
                    var node = Diagram.Node(
                        id: key, label: "\(groupLabel(kinds[party] ?? .other)) · \(country)", kind: .group)
                    node.outsideEEA = graph.party(party)?.isInEEA == false
                    addNode(node)
                }
                return key
            case .organisations, .auto:
                addNode(partyNode(party))
                return party
            case .systems:
                guard clustered.contains(party) else {
                    addNode(partyNode(party))
                    return party
                }
                let clusterID = cluster(for: party)
                if let system, let info = graph.system(system) {
                    var node = Diagram.Node(
                        id: system, label: info.translations[language.rawValue] ?? info.name, kind: .system,
                        cluster: clusterID)
                    node.focus = focus.contains(party)
                    addNode(node)
                    return system
                }
                // The cluster already carries the party's details; its own node only names it.
                var node = partyNode(party)
                node.details = []
                node.cluster = clusterID
                diagram.clusters[clusterIndex[party] ?? 0].hasOwnNode = true
                addNode(node)
                return party
            }
        }
        for party in order {
            if level == .groups {
                groupCounts[groupKey(party, kind: kinds[party] ?? .other), default: 0] += 1
            }
            if level == .systems, allSystems, let systems = graph.party(party)?.systems, !systems.isEmpty {
                for system in systems { _ = endpoint(party: party, system: system.id.value) }
            } else if level != .systems || !clustered.contains(party) {
                _ = endpoint(party: party, system: nil)
            }
        }

        // Edges, merged by ends, style, basis and condition.
        struct Merged {
            var edge: Diagram.Edge
            var categories: [String] = []
            var transfers: [TransferMechanism] = []
            var flows = 0
        }
        var merged: [Merged] = []
        var edgeIndex: [Diagram.Edge: Int] = [:]
        for flow in contributions {
            let from = endpoint(party: flow.fromParty, system: flow.fromSystem)
            let to = endpoint(party: flow.toParty, system: flow.toSystem)
            guard from != to else { continue }
            // A group holds many controllers: their lines merge whatever purpose each one's consent is for.
            let condition = level == .groups ? flow.groupCondition ?? flow.condition : flow.condition
            let key = Diagram.Edge(from: from, to: to, style: flow.style, basis: flow.basis, condition: condition)
            let index: Int
            if let existing = edgeIndex[key] {
                index = existing
            } else {
                index = merged.count
                edgeIndex[key] = index
                merged.append(Merged(edge: key))
            }
            merged[index].flows += 1
            for category in flow.categories where !merged[index].categories.contains(category) {
                merged[index].categories.append(category)
            }
            if let transfer = flow.transfer, !merged[index].transfers.contains(transfer) {
                merged[index].transfers.append(transfer)
            }
        }
        let engine = self.engine ?? (level == .organisations && merged.count > Self.dotEdgeLimit ? .sfdp : .dot)
        let categoryGroups = engine == .sfdp ? 0 : level == .groups ? 2 : 3
        for item in merged {
            var edge = item.edge
            edge.specialCategories = item.categories.filter { graph.taxonomy.isSpecial($0) }.sorted()
            if language == .nb {
                edge.specialNames = edge.specialCategories.map { words.category($0, taxonomy: graph.taxonomy) }
            }
            edge.lines = CategoryLabel.lines(
                item.categories, taxonomy: graph.taxonomy, groups: categoryGroups, language: language)
            if !item.transfers.isEmpty {
                edge.lines.append(
                    words.transfer + item.transfers.map { $0.rawValue.uppercased() }.joined(separator: ", "))
            }
            if level == .groups || engine == .sfdp, item.flows > 1 { edge.lines.append(words.flows(item.flows)) }
            diagram.edges.append(edge)
            if edge.special, let index = nodeIndex[edge.to] { diagram.nodes[index].special = true }
        }
        if level == .groups {
            for index in diagram.nodes.indices where diagram.nodes[index].kind == .group {
                let count = groupCounts[diagram.nodes[index].id] ?? 0
                diagram.nodes[index].details = [words.organisations(count)]
            }
            diagram.notes.append(
                "\(order.count) parties grouped by kind and country; render with --view party ID for one organisation")
        } else if level == .organisations && detail == .auto {
            diagram.notes.append("\(order.count) parties, systems drawn inside their organisation")
        }
        diagram.engine = engine
        return diagram
    }

    // MARK: kinds and labels

    /// Each party's kind in this view: controllers by their purposes, recipients by the roles they receive in.
    func partyKinds(_ parties: [String], roles: [String: [Role]]) -> [String: Diagram.NodeKind] {
        var kinds: [String: Diagram.NodeKind] = [:]
        for party in parties {
            let received = roles[party] ?? []
            let info = graph.party(party)
            kinds[party] =
                if info?.kind == .dataSubject {
                    .subject
                } else if !graph.purposes(controlledBy: party).isEmpty {
                    .controller
                } else if info?.kind == .publicAuthority
                    || (!received.isEmpty && received.allSatisfy { $0 == .authority })
                {
                    .authority
                } else if received.contains(.independentController) || received.contains(.jointController) {
                    .thirdParty
                } else if received.contains(where: \.actsOnInstructions) {
                    .processor
                } else {
                    .other
                }
        }
        return kinds
    }

    /// The roles each party receives data in, in the order first seen.
    func recipientRoles() -> [String: [Role]] {
        var roles: [String: [Role]] = [:]
        for flow in contributions {
            guard let role = flow.role, role != .internal, !(roles[flow.toParty]?.contains(role) ?? false) else {
                continue
            }
            roles[flow.toParty, default: []].append(role)
        }
        return roles
    }

    func details(of party: String, kind: Diagram.NodeKind, roles: [Role]) -> [String] {
        var lines: [String] = []
        let info = graph.party(party)
        if kind == .controller {
            let purposes = graph.purposes(controlledBy: party).count
            lines.append(words.controllerPurposes(purposes))
        }
        if kind != .controller, kind != .authority, roles.count > 1 {
            lines.append(roles.map { words.role($0) }.joined(separator: " · "))
        }
        if let country = info?.country?.value {
            lines.append(info?.isInEEA == false ? "\(country) · \(words.outsideEEA)" : country)
        } else if info?.isInEEA == false {
            lines.append(words.outsideEEA)
        }
        if info?.placeholder == true { lines.append(words.notNamed) }
        return lines
    }

    func groupKey(_ party: String, kind: Diagram.NodeKind) -> String {
        "group:\(kind.rawValue):\(graph.party(party)?.country?.value ?? "unknown")"
    }

    func groupLabel(_ kind: Diagram.NodeKind) -> String { words.groupLabel(kind) }
}

/// Category lists made short enough for an edge: grouped by their top-level parent, "+N more" beyond a few groups.
public enum CategoryLabel {
    /// At most `groups` lines such as `contact: email, phone`, then `+N more`; no lines when `groups` is 0.
    /// In Norwegian the categories are named (`kontaktopplysninger: e-postadresse`), not written as ids.
    public static func lines(_ categories: [String], taxonomy: Taxonomy, groups: Int, language: DiagramLanguage = .en)
        -> [String]
    {
        guard groups > 0, !categories.isEmpty else { return [] }
        let words = DiagramWords(language)
        let named = language == .nb
        var byParent: [String: [String]] = [:]
        for category in categories.sorted() {
            let top = category.split(separator: ".", maxSplits: 1).first.map(String.init) ?? category
            byParent[top, default: []].append(category)
        }
        let parents = byParent.keys.sorted()
        var lines: [String] = []
        for parent in parents.prefix(groups) {
            let members = byParent[parent] ?? []
            let parentText = named ? words.category(parent, taxonomy: taxonomy) : parent
            if members.contains(parent) {
                lines.append("\(parentText) (\(named ? "alle" : "all"))")
            } else if members.count == 1, let only = members.first {
                lines.append(named ? words.category(only, taxonomy: taxonomy) : only)
            } else {
                let leaves = members.map {
                    named ? words.category($0, taxonomy: taxonomy) : String($0.dropFirst(parent.count + 1))
                }
                let shown = leaves.prefix(3).joined(separator: ", ")
                lines.append("\(parentText): \(shown)\(leaves.count > 3 ? " +\(leaves.count - 3)" : "")")
            }
        }
        let rest = parents.dropFirst(groups).reduce(0) { $0 + (byParent[$1]?.count ?? 0) }
        if rest > 0 { lines.append(named ? "+\(rest) til" : "+\(rest) more") }
        return lines
    }
}
