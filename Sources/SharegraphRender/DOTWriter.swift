// Writes a diagram as Graphviz DOT in the visual language, with a legend of what the diagram uses.

import SharegraphCore

/// DOT text for a diagram, identical from run to run.
public struct DOTWriter: Sendable {
    /// The diagram to write.
    public var diagram: Diagram

    /// Creates a writer.
    public init(_ diagram: Diagram) {
        self.diagram = diagram
    }

    /// The DOT text.
    public func text() -> String {
        var out = "digraph sharegraph {\n"
        let large = diagram.engine != .dot
        var graphAttributes = [
            "rankdir=LR", "fontname=\"Helvetica\"", "fontsize=14", "labelloc=t", "labeljust=l",
            "nodesep=0.45", "ranksep=1.0", "pad=0.3", "newrank=true", "label=\(title())",
        ]
        if large { graphAttributes += ["overlap=prism", "splines=false", "outputorder=edgesfirst"] }
        out += "  graph [\(graphAttributes.joined(separator: ", "))];\n"
        out +=
            "  node [fontname=\"Helvetica\", fontsize=10, style=filled, fillcolor=white, color=\"#333333\", margin=\"0.12,0.06\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=8, fontcolor=\"#333333\", arrowsize=0.7];\n"
        for cluster in diagram.clusters {
            out += "  subgraph \(Self.quote("cluster_" + cluster.id)) {\n"
            let label = Self.html(bold: cluster.label, small: cluster.details)
            let id = cluster.hasOwnNode ? "cluster-" + cluster.id : cluster.id
            let fill = cluster.isController ? Palette.controller : "#F7F7F7"
            let border = cluster.isController ? "color=\"#333333\", penwidth=1.6" : "color=\"#999999\""
            out +=
                "    graph [id=\(Self.quote(id)), label=<\(label)>, fontsize=11, style=\"rounded,filled\", fillcolor=\"\(fill)\", \(border)];\n"
            for node in diagram.nodes where node.cluster == cluster.id { out += "    " + statement(node) }
            out += "  }\n"
        }
        for node in diagram.nodes where node.cluster == nil { out += "  " + statement(node) }
        let cluster = Dictionary(diagram.nodes.map { ($0.id, $0.cluster) }, uniquingKeysWith: { first, _ in first })
        for (offset, edge) in diagram.edges.enumerated() {
            // `dot` places edge labels badly around clusters and parallel edges, so a labelled edge
            // between two places becomes two edges through a label node, which `dot` keeps apart.
            let inside = cluster[edge.from].flatMap { $0 } != nil && cluster[edge.from] == cluster[edge.to]
            if !large, !inside, edge.condition != nil || !edge.lines.isEmpty {
                out += labelNode(edge, id: "edge-label-\(offset + 1)")
            } else {
                out += "  " + statement(edge)
            }
        }
        out += legend()
        out += "}\n"
        return out
    }

    private func title() -> String {
        var lines = ["<B>\(Self.escape(diagram.title))</B>"]
        lines += diagram.notes.map { "<FONT POINT-SIZE=\"10\">\(Self.escape($0))</FONT>" }
        return "<" + lines.joined(separator: "<BR ALIGN=\"LEFT\"/>") + "<BR ALIGN=\"LEFT\"/>>"
    }

    private func statement(_ node: Diagram.Node) -> String {
        var attributes = ["id=\(Self.quote(node.id))"]
        var small = node.details
        if node.special { small.append(DiagramWords(diagram.language).specialData) }
        attributes.append("label=<\(Self.html(bold: node.label, small: small))>")
        attributes += Self.shape(node.kind)
        if let fill = node.fill {
            attributes.append("fillcolor=\(Self.quote(fill))")
        } else if node.outsideEEA {
            attributes.append("fillcolor=\(Self.quote(Palette.outsideEEA))")
        }
        if node.special {
            attributes += ["color=\(Self.quote(Palette.special))", "fontcolor=\(Self.quote(Palette.special))"]
        }
        if node.focus || node.special { attributes.append(node.focus ? "penwidth=3" : "penwidth=2") }
        if let change = node.change {
            attributes += Self.marked(change)
            if !node.outsideEEA { attributes.append("fillcolor=\(Self.quote(change.fill))") }
            if change == .removed { attributes.append("style=\"dashed,filled\"") }
        }
        return "\(Self.quote(node.id)) [\(attributes.joined(separator: ", "))];\n"
    }

    static func shape(_ kind: Diagram.NodeKind) -> [String] {
        switch kind {
        case .subject: ["shape=doublecircle", "fillcolor=\(quote(Palette.subject))"]
        case .controller: ["shape=box", "style=\"rounded,filled,bold\"", "fillcolor=\(quote(Palette.controller))"]
        case .processor: ["shape=ellipse"]
        case .thirdParty: ["shape=box", "peripheries=2"]
        case .authority: ["shape=house", "fillcolor=\"#EDEDED\""]
        case .system: ["shape=cylinder"]
        case .group: ["shape=folder"]
        case .other: ["shape=box", "style=\"dashed,filled\""]
        }
    }

    private func statement(_ edge: Diagram.Edge) -> String {
        var attributes = Self.line(edge.style, conditional: edge.condition != nil) + Self.heads(edge.style)
        attributes.append("color=\(Self.quote(Palette.colour(edge.basis)))")
        if let change = edge.change { attributes += Self.marked(change) }
        let rows = labelRows(edge)
        if !rows.isEmpty { attributes.append("label=<\(rows.joined(separator: "<BR/>"))>") }
        return "\(Self.quote(edge.from)) -> \(Self.quote(edge.to)) [\(attributes.joined(separator: ", "))];\n"
    }

    /// An edge drawn as two halves through a node holding its label; only the second half has the head
    /// (a joint controller's first half carries the tail arrow).
    private func labelNode(_ edge: Diagram.Edge, id: String) -> String {
        let line =
            Self.line(edge.style, conditional: edge.condition != nil) + [
                "color=\(Self.quote(Palette.colour(edge.basis)))"
            ] + (edge.change.map(Self.marked) ?? [])
        let label = Self.quote(id)
        var out =
            "  \(label) [id=\(label), shape=plaintext, style=\"\", fontsize=8, fontcolor=\"#333333\", margin=\"0.02,0.01\", height=0.1, "
        out += "label=<\(labelRows(edge).joined(separator: "<BR/>"))>];\n"
        let first = line + (edge.style == .joint ? ["dir=back"] : ["arrowhead=none"])
        let second = line + (edge.style == .joint ? [] : Self.heads(edge.style))
        out += "  \(Self.quote(edge.from)) -> \(label) [\(first.joined(separator: ", "))];\n"
        out += "  \(label) -> \(Self.quote(edge.to)) [\(second.joined(separator: ", "))];\n"
        return out
    }

    private func labelRows(_ edge: Diagram.Edge) -> [String] {
        var rows: [String] = []
        if let condition = edge.condition { rows.append("<I>\(Self.escape(condition))</I>") }
        if edge.special {
            let text = Self.escape(
                DiagramWords(diagram.language).specialPrefix + edge.specialLabel.joined(separator: ", "))
            rows.append("<FONT COLOR=\"\(Palette.special)\"><B>\(text)</B></FONT>")
        }
        return rows + edge.lines.map(Self.escape)
    }

    /// Width and dash of a line; the heads are apart so a line drawn in two halves can place them.
    static func line(_ style: Diagram.EdgeStyle, conditional: Bool) -> [String] {
        let width: String =
            switch style {
            case .collection, .authority: "penwidth=1.6"
            case .processing: "penwidth=1.2"
            case .disclosure, .joint: "penwidth=2.8"
            case .internal: "penwidth=0.8"
            }
        return [width] + (conditional ? ["style=dashed"] : [])
    }

    static func heads(_ style: Diagram.EdgeStyle) -> [String] {
        switch style {
        case .joint: ["dir=both"]
        case .authority: ["arrowhead=diamond"]
        case .internal: ["arrowhead=vee"]
        case .collection, .processing, .disclosure: []
        }
    }

    /// A legend of what this diagram uses: node kinds, line styles, basis colours and special markings,
    /// as one table so it stays small whatever the layout.
    private func legend() -> String {
        let words = DiagramWords(diagram.language)
        var rows = ["<TR><TD COLSPAN=\"2\" ALIGN=\"LEFT\"><B>\(words.legend)</B></TD></TR>"]
        let contents = diagram.legendContents
        for kind in contents.kinds { rows.append(Self.row(words.shape(kind), words.kind(kind))) }
        for style in contents.styles { rows.append(Self.row(words.line(style), words.style(style))) }
        if contents.conditional { rows.append(Self.row(words.dashedLine, words.conditional)) }
        for basis in contents.bases {
            rows.append(Self.swatch(Palette.colour(basis), words.lineColour + words.basis(basis)))
        }
        if contents.outsideEEA { rows.append(Self.swatch(Palette.outsideEEA, words.outsideEEALegend)) }
        if contents.special { rows.append(Self.swatch(Palette.special, words.specialLegend)) }
        for entry in diagram.legend { rows.append(Self.swatch(entry.colour, entry.text)) }
        let table =
            "<TABLE BORDER=\"1\" COLOR=\"#BBBBBB\" CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"2\">\(rows.joined())</TABLE>"
        return "  \"legend\" [id=\"legend\", shape=plaintext, style=\"\", fontsize=8, label=<\(table)>];\n"
    }

    /// Colours that mark an element of a change diagram; later attributes win in DOT.
    static func marked(_ change: Diagram.ChangeMark) -> [String] {
        let colour = quote(change.colour)
        switch change {
        case .added: return ["color=\(colour)", "fontcolor=\(colour)", "penwidth=2.6"]
        case .removed: return ["color=\(colour)", "fontcolor=\(colour)", "style=dashed", "penwidth=2"]
        case .unchanged: return ["color=\(colour)", "fontcolor=\"#888888\""]
        }
    }

    static func row(_ sample: String, _ text: String) -> String {
        "<TR><TD ALIGN=\"LEFT\"><I>\(escape(sample))</I></TD><TD ALIGN=\"LEFT\">\(escape(text))</TD></TR>"
    }

    static func swatch(_ colour: String, _ text: String) -> String {
        "<TR><TD BGCOLOR=\"\(colour)\" WIDTH=\"16\" HEIGHT=\"10\" FIXEDSIZE=\"TRUE\"></TD><TD ALIGN=\"LEFT\">\(escape(text))</TD></TR>"
    }

    static func html(bold: String, small: [String]) -> String {
        (["<B>\(escape(bold))</B>"] + small.map { "<FONT POINT-SIZE=\"8\">\(escape($0))</FONT>" }).joined(
            separator: "<BR/>")
    }

    /// Text safe inside an HTML-like label.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    /// A DOT double-quoted id.
    static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }
}
