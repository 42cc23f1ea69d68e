// Fixture helpers: emoji markers (1️⃣, 2️⃣...) in YAML text mark where a diagnostic must land.

public import SharegraphCore
import SharegraphYAML

/// YAML text with its markers removed, and the line and column each marker stood at.
public struct MarkedText {
    static let markers = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"]
    /// The text without its markers.
    public var text: String
    /// Where each marker stood, by marker.
    public var positions: [String: (line: Int, column: Int)] = [:]

    /// Removes the markers from `marked`, noting where each stood.
    public init(_ marked: String) {
        var text = ""
        var line = 1
        var column = 1
        var rest = Substring(marked)
        outer: while let character = rest.first {
            for marker in Self.markers where rest.hasPrefix(marker) {
                positions[marker] = (line, column)
                rest = rest.dropFirst(marker.count)
                continue outer
            }
            text.append(character)
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            rest = rest.dropFirst()
        }
        self.text = text
    }

    /// The place `marker` stood, in a file named `file`.
    public func location(_ marker: String, file: String) -> SourceLocation? {
        positions[marker].map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }
}

/// Loads several in-memory files as one graph, the way the CLI loads a directory.
public func loadMarked(_ files: [(name: String, text: MarkedText)], lint: Bool = false) -> [Diagnostic] {
    let loader = GraphLoader()
    var diagnostics: [Diagnostic] = []
    var documents: [GraphDocument] = []
    for file in files {
        let parsed = loader.parse(text: Array(file.text.text.utf8), file: file.name)
        diagnostics += parsed.diagnostics
        if let document = parsed.document { documents.append(document) }
    }
    let assembled = Graph.assemble(documents)
    diagnostics += assembled.diagnostics
    if lint { diagnostics += Linter(graph: assembled.graph).findings() }
    return diagnostics
}
