// The person's paths as a Mermaid flowchart: the person, the collecting controllers and every
// holder, with solid edges for certain flows and dashed ones for flows that are only possible.

public import SharegraphCore
import Foundation

/// A Mermaid diagram of one person's trace.
public struct SubjectDiagram: Sendable {
    /// The trace.
    public var document: TraceDocument
    /// The graph, for names.
    public var graph: Graph

    /// Creates a diagram.
    public init(document: TraceDocument, graph: Graph) {
        self.document = document
        self.graph = graph
    }

    /// Mermaid `flowchart LR` text, identical from run to run.
    public func mermaid() -> String {
        var lines = ["flowchart LR"]
        var nodes: [String: String] = [:]
        func node(_ party: String) -> String {
            if let existing = nodes[party] { return existing }
            let id = "n\(nodes.count)"
            nodes[party] = id
            let holder = document.holders.first { $0.party == party }
            var label = graph.party(party)?.name.value ?? party
            if let country = holder?.country ?? graph.party(party)?.country?.value { label += " · \(country)" }
            let shape: (String, String) =
                switch holder?.kind {
                case "controller": ("[", "]")
                case "authority": ("[/", "/]")
                case "third-party": ("[[", "]]")
                default: ("(", ")")
                }
            lines.append("  \(id)\(shape.0)\"\(Self.escape(label))\"\(shape.1)")
            return id
        }
        lines.append("  person((\"\(Self.escape(document.subject))\"))")
        for controller in document.controllers {
            lines.append("  person --> \(node(controller))")
        }
        // One edge per (sender, recipient, role); dashed when no route over it is certain.
        var edges: [(key: String, from: String, to: String, label: String, certain: Bool)] = []
        for holder in document.holders {
            for holding in holder.holdings {
                for route in holding.routes {
                    guard let step = route.steps.last else { continue }
                    let key = "\(step.from)|\(step.to)|\(step.role)"
                    let certain = route.certainty == "held"
                    if let index = edges.firstIndex(where: { $0.key == key }) {
                        edges[index].certain = edges[index].certain || certain
                        continue
                    }
                    edges.append((key, step.from, step.to, step.role + (step.condition.map { ", \($0)" } ?? ""), certain))
                }
            }
        }
        for edge in edges {
            let from = node(edge.from)
            let to = node(edge.to)
            let arrow = edge.certain ? "-->" : "-.->"
            lines.append("  \(from) \(arrow)|\"\(Self.escape(edge.label))\"| \(to)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\"", with: "#quot;")
    }
}
