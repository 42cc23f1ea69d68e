// Writes a diagram as a Mermaid flowchart, for Markdown documents and GitHub, in the same visual language as DOT.

import Foundation
import SharegraphCore

/// Mermaid text for a diagram, identical from run to run.
public struct MermaidWriter: Sendable {
    /// The diagram to write.
    public var diagram: Diagram

    /// Creates a writer.
    public init(_ diagram: Diagram) {
        self.diagram = diagram
    }

    /// The Mermaid text, with the title in front matter.
    public func text() -> String {
        var ids = MermaidIDs()
        var lines = ["---", "title: \(Self.frontMatter(diagram.title))", "---", "flowchart LR"]
        for note in diagram.notes { lines.append("  %% \(note.replacingOccurrences(of: "\n", with: " "))") }
        for cluster in diagram.clusters {
            let label = ([cluster.label] + cluster.details).map(Self.escape).joined(separator: "<br/>")
            lines.append("  subgraph \(ids.id(for: "cluster " + cluster.id))[\"\(label)\"]")
            for node in diagram.nodes where node.cluster == cluster.id {
                lines.append("    " + statement(node, ids: &ids))
            }
            lines.append("  end")
        }
        for node in diagram.nodes where node.cluster == nil { lines.append("  " + statement(node, ids: &ids)) }
        var styles: [String] = []
        for (offset, edge) in diagram.edges.enumerated() {
            var label = edge.condition.map { ["<i>\(Self.escape($0))</i>"] } ?? []
            if edge.special {
                label.append(
                    Self.escape(
                        DiagramWords(diagram.language).specialPrefix + edge.specialLabel.joined(separator: ", ")))
            }
            label += edge.lines.map(Self.escape)
            let arrow = Self.arrow(edge.style, conditional: edge.condition != nil)
            let text = label.isEmpty ? "" : "|\"\(label.joined(separator: "<br/>"))\"|"
            lines.append("  \(ids.id(for: edge.from)) \(arrow)\(text) \(ids.id(for: edge.to))")
            let width =
                switch edge.style {
                case .disclosure, .joint: "3px"
                case .internal: "1px"
                default: "1.5px"
                }
            styles.append("  linkStyle \(offset) stroke:\(Palette.colour(edge.basis)),stroke-width:\(width)")
        }
        lines += styles
        lines += legend(ids: &ids)
        lines += [
            "  classDef controller fill:\(Palette.controller),stroke:#333,stroke-width:2px",
            "  classDef subject fill:\(Palette.subject),stroke:#333",
            "  classDef outsideEEA fill:\(Palette.outsideEEA),stroke:#333",
            "  classDef special stroke:\(Palette.special),stroke-width:2px,color:\(Palette.special)",
            "  classDef focus stroke-width:4px",
        ]
        for node in diagram.nodes {
            var classes: [String] = []
            if node.kind == .controller { classes.append("controller") }
            if node.kind == .subject { classes.append("subject") }
            if node.outsideEEA { classes.append("outsideEEA") }
            if node.special { classes.append("special") }
            if node.focus { classes.append("focus") }
            if !classes.isEmpty { lines.append("  class \(ids.id(for: node.id)) \(classes.joined(separator: ","))") }
            if let fill = node.fill { lines.append("  style \(ids.id(for: node.id)) fill:\(fill)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func statement(_ node: Diagram.Node, ids: inout MermaidIDs) -> String {
        var text = ([node.label] + node.details).map(Self.escape)
        if node.special { text.append(DiagramWords(diagram.language).specialData) }
        let label = "\"" + text.joined(separator: "<br/>") + "\""
        let id = ids.id(for: node.id)
        switch node.kind {
        case .subject: return "\(id)((\(label)))"
        case .controller: return "\(id)[\(label)]"
        case .processor: return "\(id)(\(label))"
        case .thirdParty: return "\(id)[[\(label)]]"
        case .authority: return "\(id){{\(label)}}"
        case .system: return "\(id)[(\(label))]"
        case .group: return "\(id)[/\(label)/]"
        case .other: return "\(id)>\(label)]"
        }
    }

    static func arrow(_ style: Diagram.EdgeStyle, conditional: Bool) -> String {
        if conditional { return "-.->" }
        switch style {
        case .disclosure: return "==>"
        case .joint: return "<==>"
        case .authority: return "--o"
        case .collection, .processing, .internal: return "-->"
        }
    }

    /// The legal bases and line styles used, as a small subgraph.
    private func legend(ids: inout MermaidIDs) -> [String] {
        let language = DiagramWords(diagram.language)
        var lines = ["  subgraph legend[\"\(language.legend)\"]"]
        var styles: [String] = []
        let contents = diagram.legendContents
        for (offset, basis) in contents.bases.enumerated() {
            lines.append("    legend_basis_\(offset)[\"\(Self.escape(language.basis(basis)))\"]")
            styles.append("  style legend_basis_\(offset) fill:\(Palette.colour(basis)),color:#fff")
        }
        let words =
            contents.styles.map { "\(Self.arrow($0, conditional: false)) \(language.style($0))" }
            + (contents.conditional
                ? [
                    "-.-> "
                        + (diagram.language == .nb ? "bare når vilkåret er oppfylt" : "only when the condition holds")
                ] : [])
        if !words.isEmpty { lines.append("    legend_lines[\"\(words.map(Self.escape).joined(separator: "<br/>"))\"]") }
        for entry in diagram.legend {
            let id = ids.id(for: "legend " + entry.text)
            lines.append("    \(id)[\"\(Self.escape(entry.text))\"]")
            styles.append("  style \(id) fill:\(entry.colour)")
        }
        guard lines.count > 1 else { return [] }
        lines.append("  end")
        return lines + styles
    }

    static func frontMatter(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// Text safe inside a quoted Mermaid label.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\"": out += "#quot;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            case "\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }
}

/// Mermaid node ids from party and system ids: letters, digits and underscores, never a keyword, always unique.
struct MermaidIDs {
    private var assigned: [String: String] = [:]
    private var used: Set<String> = [
        "end", "graph", "subgraph", "flowchart", "style", "class", "classDef", "linkStyle", "click", "legend",
    ]

    mutating func id(for key: String) -> String {
        if let existing = assigned[key] { return existing }
        var base = String(key.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
        if base.first?.isNumber ?? true { base = "n_" + base }
        var candidate = base
        var number = 2
        while used.contains(candidate) {
            candidate = "\(base)_\(number)"
            number += 1
        }
        used.insert(candidate)
        assigned[key] = candidate
        return candidate
    }
}
