// Lays out and renders DOT text with libgraphviz: one context per process, every call behind one lock.

internal import CGraphviz
import Foundation
import Synchronization

/// A Graphviz layout engine.
public enum LayoutEngine: String, Sendable, CaseIterable {
    /// Hierarchical layout, best for flows that read left to right.
    case dot
    /// Multiscale force-directed layout, for maps too large for `dot`.
    case sfdp
    /// Force-directed layout with overlap removal.
    case fdp
    /// Spring model.
    case neato
}

/// A file format Graphviz renders to.
public enum ImageFormat: String, Sendable, CaseIterable {
    case svg, png, pdf
}

/// A Graphviz failure, with Graphviz's own message.
public struct GraphvizError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What was being done.
    public var stage: String
    /// Graphviz's message, when it gave one.
    public var message: String

    /// The failure in words.
    public var description: String {
        message.isEmpty ? "graphviz could not \(stage)" : "graphviz could not \(stage): \(message)"
    }
}

/// The process's one Graphviz context. Graphviz keeps global state (the error buffer, the string
/// pool, plugin tables), so concurrent calls from several tasks fail intermittently; all go through one lock.
public final class Graphviz: Sendable {
    /// The shared context.
    public static let shared = Graphviz()

    private struct Context: ~Copyable {
        let gvc: OpaquePointer?
    }

    private let context: Mutex<Context>

    private init() {
        // Errors and warnings are kept for `aglasterr` instead of being printed on standard error.
        _ = agseterr(AGMAX)
        context = Mutex(Context(gvc: gvContext()))
    }

    /// Lays out DOT text with the engine and renders it in the format.
    public func render(dot: String, engine: LayoutEngine = .dot, format: ImageFormat) throws(GraphvizError) -> [UInt8] {
        try render(dot: dot, engine: engine.rawValue, format: format.rawValue)
    }

    /// Lays out and renders with engine and format named as Graphviz names them (`dot`, `svg`, `png:cairo`).
    public func render(dot: String, engine: String, format: String) throws(GraphvizError) -> [UInt8] {
        let result: Result<[UInt8], GraphvizError> = context.withLock { context in
            guard let gvc = context.gvc else {
                return .failure(GraphvizError(stage: "start", message: "gvContext failed"))
            }
            _ = agreseterrors()
            guard let graph = agmemread(dot) else {
                return .failure(Self.lastError(stage: "read the DOT text"))
            }
            defer { agclose(graph) }
            if agreseterrors() >= Int32(AGERR.rawValue) {
                return .failure(Self.lastError(stage: "read the DOT text"))
            }
            guard gvLayout(gvc, graph, engine) == 0 else {
                return .failure(Self.lastError(stage: "lay out the graph with `\(engine)`"))
            }
            defer { gvFreeLayout(gvc, graph) }
            var data: UnsafeMutablePointer<CChar>?
            var length = 0
            guard sharegraph_render_data(gvc, graph, format, &data, &length) == 0, let data else {
                return .failure(Self.lastError(stage: "render `\(format)`"))
            }
            defer { gvFreeRenderData(data) }
            let bytes = UnsafeRawBufferPointer(start: data, count: length)
            return .success(Array(bytes))
        }
        return try result.get()
    }

    /// Graphviz's last message, copied out and freed; the caller holds the lock.
    private static func lastError(stage: String) -> GraphvizError {
        guard let message = aglasterr() else { return GraphvizError(stage: stage, message: "") }
        defer { free(message) }
        let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
        return GraphvizError(stage: stage, message: text)
    }
}
