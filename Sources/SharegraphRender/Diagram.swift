// What a view hands the writers: nodes, clusters and edges in the visual language, no layout and no syntax.

public import SharegraphCore

/// A diagram ready to be written as DOT or Mermaid; views build it, writers never look at the graph.
public struct Diagram: Sendable, Hashable {
    /// The heading drawn above the diagram.
    public var title: String
    /// Organisations drawn as boxes around their systems, in drawing order.
    public var clusters: [Cluster] = []
    /// Nodes, in drawing order.
    public var nodes: [Node] = []
    /// Edges, in drawing order.
    public var edges: [Edge] = []
    /// Extra legend rows a view adds (an erasure plan's actions), beside the built-in ones.
    public var legend: [LegendEntry] = []
    /// Sentences under the title: what was collapsed or left out.
    public var notes: [String] = []
    /// The layout engine that suits the diagram's size.
    public var engine: LayoutEngine = .dot
    /// The language of the words the writers add (legend, markings).
    public var language: DiagramLanguage = .en

    /// Creates an empty diagram.
    public init(title: String) {
        self.title = title
    }

    /// How an element fares in a diagram of a change.
    public enum ChangeMark: String, Sendable, Hashable, CaseIterable {
        /// On the new side only: drawn in green, bold.
        case added
        /// On the old side only: drawn in red, dashed.
        case removed
        /// On both sides, shown for context: faded.
        case unchanged

        /// The line and border colour.
        public var colour: String {
            switch self {
            case .added: "#1A7F37"
            case .removed: "#CF222E"
            case .unchanged: "#BBBBBB"
            }
        }

        /// The node fill.
        public var fill: String {
            switch self {
            case .added: "#DAFBE1"
            case .removed: "#FFEBE9"
            case .unchanged: "#FFFFFF"
            }
        }
    }

    /// What a node stands for, which decides its shape.
    public enum NodeKind: String, Sendable, Hashable, CaseIterable {
        case subject, controller, processor
        case thirdParty = "third-party"
        case authority, system, group, other

        /// Words for the legend.
        public var legendText: String { DiagramWords(.en).kind(self) }
    }

    /// A party, system, group or the person.
    public struct Node: Sendable, Hashable {
        /// The party or system id; SVG output names the node by it so web pages can link to it.
        public var id: String
        /// The name.
        public var label: String
        /// Short lines under the name: roles, country, placeholders.
        public var details: [String] = []
        /// What the node stands for, which sets its shape and colour.
        public var kind: NodeKind
        /// The organisation cluster it sits in.
        public var cluster: String?
        /// Outside the EEA: marked, with the country in the details.
        public var outsideEEA = false
        /// Receives special-category data.
        public var special = false
        /// The node the view is about (a focused party).
        public var focus = false
        /// A fill a view chooses (an erasure action), overriding the kind's.
        public var fill: String?
        /// In a diagram of a change: whether the node is added, removed or only context.
        public var change: ChangeMark?

        /// Creates a node.
        public init(id: String, label: String, kind: NodeKind, cluster: String? = nil) {
            self.id = id
            self.label = label
            self.kind = kind
            self.cluster = cluster
        }
    }

    /// An organisation drawn around its systems.
    public struct Cluster: Sendable, Hashable {
        /// The party id.
        public var id: String
        /// The cluster's title.
        public var label: String
        /// Short lines under the title.
        public var details: [String] = []
        /// Whether the party also has a node of its own inside (flows that name the party itself).
        public var hasOwnNode = false
        /// Whether the organisation is a controller, drawn in the controller's colour.
        public var isController = false

        /// Creates a cluster.
        public init(id: String, label: String) {
            self.id = id
            self.label = label
        }
    }

    /// How data moves along an edge, which decides its line.
    public enum EdgeStyle: String, Sendable, Hashable, CaseIterable {
        /// The person gives data to a controller.
        case collection
        /// A processor or sub-processor acting on instructions.
        case processing
        /// Disclosure to an independent controller.
        case disclosure
        /// A joint controller.
        case joint
        /// Disclosure to a public authority.
        case authority
        /// Between systems of one organisation.
        case `internal`

        /// Words for the legend.
        public var legendText: String { DiagramWords(.en).style(self) }

        /// The style for a recipient's role.
        public init(_ role: Role) {
            switch role {
            case .processor, .subProcessor: self = .processing
            case .independentController: self = .disclosure
            case .jointController: self = .joint
            case .authority: self = .authority
            case .internal: self = .internal
            }
        }
    }

    /// A merged set of flows between two nodes with one style, basis and condition.
    public struct Edge: Sendable, Hashable {
        /// The sending node's id.
        public var from: String
        /// The receiving node's id.
        public var to: String
        /// How the line is drawn.
        public var style: EdgeStyle
        /// The legal basis of the purpose, which decides the colour; nil when the flow serves whatever purpose brought the data.
        public var basis: LegalBasis?
        /// The condition in words, when the flow happens only sometimes; drawn dashed.
        public var condition: String?
        /// Label lines: categories, transfer mechanism, flow count.
        public var lines: [String] = []
        /// The special categories (Art. 9, 10) it carries, drawn in red above the other lines.
        public var specialCategories: [String] = []
        /// The special categories by name, where the label names them (Norwegian, where no raw id
        /// appears); nil writes the ids, as the English label's other lines do.
        public var specialNames: [String]?
        /// The special categories as the label writes them.
        public var specialLabel: [String] { specialNames ?? specialCategories }
        /// In a diagram of a change: whether the flow is added, removed or only context.
        public var change: ChangeMark?

        /// Whether it carries special-category data.
        public var special: Bool { !specialCategories.isEmpty }

        /// Creates an edge.
        public init(from: String, to: String, style: EdgeStyle, basis: LegalBasis? = nil, condition: String? = nil) {
            self.from = from
            self.to = to
            self.style = style
            self.basis = basis
            self.condition = condition
        }
    }

    /// One row a view adds to the legend: a fill colour and what it means.
    public struct LegendEntry: Sendable, Hashable {
        /// The colour, as Graphviz names it.
        public var colour: String
        /// What the colour means.
        public var text: String

        /// Creates a legend row.
        public init(colour: String, text: String) {
            self.colour = colour
            self.text = text
        }
    }
}

extension Diagram {
    /// What a legend lists: only what the diagram uses, in a fixed order, the same for every writer.
    public struct LegendContents: Sendable, Hashable {
        /// Node kinds drawn (an organisation cluster that is a controller counts as a controller).
        public var kinds: [NodeKind]
        /// Line styles drawn.
        public var styles: [EdgeStyle]
        /// Whether any line is conditional (dashed).
        public var conditional: Bool
        /// Legal bases coloured, in the order of Art. 6(1), then "no purpose of its own".
        public var bases: [LegalBasis?]
        /// Whether a party outside the EEA is marked.
        public var outsideEEA: Bool
        /// Whether special-category data is marked.
        public var special: Bool
    }

    /// The legend's contents.
    public var legendContents: LegendContents {
        // A change diagram colours its lines by the change, so the bases' colours are not shown.
        let coloured = edges.filter { $0.change == nil }
        let bases: [LegalBasis?] =
            LegalBasis.allCases.filter { basis in coloured.contains { $0.basis == basis } }
            + (coloured.contains { $0.basis == nil } ? [nil] : [])
        return LegendContents(
            kinds: NodeKind.allCases.filter { kind in
                nodes.contains { $0.kind == kind } || (kind == .controller && clusters.contains(where: \.isController))
            },
            styles: EdgeStyle.allCases.filter { style in edges.contains { $0.style == style } },
            conditional: edges.contains { $0.condition != nil },
            bases: bases,
            outsideEEA: nodes.contains(where: \.outsideEEA),
            special: nodes.contains(where: \.special) || edges.contains(where: \.special))
    }
}

/// The colours of the visual language, chosen from the Okabe–Ito palette so they stay apart for colour-blind readers.
public enum Palette {
    /// The colour of an edge whose purpose has this legal basis.
    public static func colour(_ basis: LegalBasis?) -> String {
        switch basis {
        case .consent: "#009E73"
        case .contract: "#0072B2"
        case .legalObligation: "#CC79A7"
        case .vitalInterests: "#D55E00"
        case .publicTask: "#56B4E9"
        case .legitimateInterests: "#E69F00"
        case nil: "#555555"
        }
    }

    /// Words for a basis in the legend.
    public static func legendText(_ basis: LegalBasis?) -> String { DiagramWords(.en).basis(basis) }

    /// Special-category data (Art. 9 and 10).
    public static let special = "#C00000"
    /// The fill of a node outside the EEA.
    public static let outsideEEA = "#FFF1C1"
    /// The fill of a controller.
    public static let controller = "#E3EEFB"
    /// The fill of the data subject.
    public static let subject = "#FBE3D6"
}

/// Every format a diagram is written in: text from Swift, images through Graphviz.
public enum DiagramFormat: String, Sendable, CaseIterable {
    case svg, png, pdf, dot, mermaid

    /// The format a file name's extension names, if any.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "svg": self = .svg
        case "png": self = .png
        case "pdf": self = .pdf
        case "dot", "gv": self = .dot
        case "mmd", "mermaid": self = .mermaid
        default: return nil
        }
    }

    /// The usual file extension.
    public var fileExtension: String { self == .mermaid ? "mmd" : rawValue }
}

extension Diagram {
    /// The diagram in a format: DOT and Mermaid written in Swift, images laid out by Graphviz
    /// with the diagram's engine unless another is given.
    public func rendered(as format: DiagramFormat, engine: LayoutEngine? = nil) throws(GraphvizError) -> [UInt8] {
        var diagram = self
        if let engine { diagram.engine = engine }
        switch format {
        case .dot: return Array(DOTWriter(diagram).text().utf8)
        case .mermaid: return Array(MermaidWriter(diagram).text().utf8)
        case .svg, .png, .pdf:
            let image = ImageFormat(rawValue: format.rawValue) ?? .svg
            return try Graphviz.shared.render(dot: DOTWriter(diagram).text(), engine: diagram.engine, format: image)
        }
    }
}
