// The formats one person's trace is written in, for both front ends: the CLI's `--format` and the
// server's `format=`. A new format is a case here and its writer; both front ends then offer it.

public import SharegraphCore

/// A way to write one person's trace.
public enum TraceFormat: String, Sendable, CaseIterable {
    /// The table a DPO reads at a terminal.
    case text
    /// `sharegraph.trace/2`, for scripts.
    case json
    /// The Art. 15 report as Markdown.
    case md
    /// The Art. 15 report as a web page (with the person's diagram).
    case html

    /// The media type of an answer in this format.
    public var mediaType: String {
        switch self {
        case .text: "text/plain; charset=utf-8"
        case .json: "application/json"
        case .md: "text/markdown; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        }
    }

    /// The trace written in this format: JSON pretty-printed with a final line break, or on one
    /// line (`compact`, the server's answer, written straight to bytes); text coloured on request.
    public func render(
        _ document: TraceDocument, trace: Trace, graph: Graph, language: ReportLanguage, colour: Bool = false,
        compact: Bool = false
    ) throws -> [UInt8] {
        switch self {
        case .text: return Array(TraceText(colour: colour).render(document).utf8)
        case .json: return compact ? document.compactJSONBytes() : Array((try document.json() + "\n").utf8)
        case .md, .html:
            let report = AccessReport(trace: trace, document: document, graph: graph, language: language)
            return Array((self == .md ? report.markdown() : report.html()).utf8)
        }
    }
}
