// The graphs a server answers from: loaded once and held compiled, reloaded when a file changes,
// and swapped in whole. A reload with errors keeps the last good graph serving and keeps its
// diagnostics for `/api/health` and the log.

public import Foundation
public import Logging
public import SharegraphCore
import SharegraphReport
public import SharegraphYAML
import Synchronization

/// One loaded, compiled graph with its findings.
public struct GraphSnapshot: Sendable {
    /// The compiled graph every answer comes from.
    public let index: TraceIndex
    /// The loader's warnings and the lint's findings, in report order.
    public let findings: [Diagnostic]
    /// The files it was loaded from.
    public let files: [String]
    /// Counts from one load to the next, from 1.
    public let version: Int
    /// When it was loaded.
    public let loadedAt: Date
    /// The graph.
    public var graph: Graph { index.graph }
}

/// What the server knows about its graphs: the one it serves and how the last load went.
public struct GraphHealth: Sendable {
    /// The graph being served, if one ever loaded.
    public let current: GraphSnapshot?
    /// The errors of the last load when it failed (the last good graph still serves), else empty.
    public let lastFailure: [Diagnostic]
    /// When the last load was tried.
    public let lastAttempt: Date?
}

/// Holds the served graph and replaces it when its files change.
public final class GraphStore: Sendable {
    /// The graph files and directories.
    public let paths: [String]
    private let loader: GraphLoader
    private let logger: Logger
    private struct State {
        var current: GraphSnapshot?
        var stamps: [FileStamp] = []
        var lastFailure: [Diagnostic] = []
        var lastAttempt: Date?
        var version = 0
    }
    private let state = Mutex(State())
    private let reloading = Mutex(false)

    /// A store for `paths`, not loaded yet.
    public init(paths: [String], loader: GraphLoader = GraphLoader(), logger: Logger) {
        self.paths = paths
        self.loader = loader
        self.logger = logger
    }

    /// The graph being served.
    public var current: GraphSnapshot? { state.withLock { $0.current } }

    /// The served graph and how the last load went.
    public var health: GraphHealth {
        state.withLock { GraphHealth(current: $0.current, lastFailure: $0.lastFailure, lastAttempt: $0.lastAttempt) }
    }

    /// Loads the files now. On errors the graph served before stays; the errors are kept and logged
    /// with their places (never their content). Returns the errors, empty when the load succeeded.
    @discardableResult
    public func reload() -> [Diagnostic] {
        // One load at a time; a change seen during a load is picked up by the next check.
        let claimed = reloading.withLock { busy -> Bool in
            if busy { return false }
            busy = true
            return true
        }
        guard claimed else { return [] }
        defer { reloading.withLock { $0 = false } }
        let stamps = FileStamp.scan(paths)
        let loaded = loader.load(paths: paths)
        var problems = loaded.diagnostics.filter { $0.severity == .error }
        var snapshot: GraphSnapshot?
        if problems.isEmpty {
            do {
                let index = try TraceIndex(graph: loaded.graph)
                var findings = loaded.diagnostics + Linter(graph: loaded.graph).findings()
                findings.sort(by: Diagnostic.reportOrder)
                let version = state.withLock { state in
                    state.version += 1
                    return state.version
                }
                snapshot = GraphSnapshot(
                    index: index, findings: findings, files: loaded.paths, version: version, loadedAt: Date())
            } catch {
                problems = [
                    Diagnostic(
                        id: "invalid-graph", severity: .error, message: error.description,
                        at: SourceLocation(file: paths.first ?? "", line: 1, column: 1),
                        hint: "run `sharegraph check` on the graphs")
                ]
            }
        }
        state.withLock { state in
            state.lastAttempt = Date()
            state.stamps = stamps
            if let snapshot {
                state.current = snapshot
                state.lastFailure = []
            } else {
                state.lastFailure = problems
            }
        }
        if let snapshot {
            logger.info(
                "graphs loaded",
                metadata: [
                    "version": "\(snapshot.version)", "files": "\(snapshot.files.count)",
                    "parties": "\(snapshot.graph.parties.count)", "flows": "\(snapshot.graph.flows.count)",
                ])
        } else {
            for problem in problems.prefix(20) {
                logger.error(
                    "graph reload failed; the last good graph keeps serving",
                    metadata: ["where": "\(problem.location)", "rule": "\(problem.id)"])
            }
        }
        return problems
    }

    /// Whether any graph file was added, removed or changed since the last load.
    public func hasChanged() -> Bool {
        let stamps = FileStamp.scan(paths)
        return state.withLock { $0.stamps != stamps }
    }
}

/// What identifies a file's version without reading it: its path, size and modification time.
struct FileStamp: Sendable, Hashable {
    var path: String
    var size: Int
    var modified: Double

    /// The graph files under `paths` (as the loader finds them), sorted.
    static func scan(_ paths: [String]) -> [FileStamp] {
        var found: [FileStamp] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                found.append(FileStamp(path: path, size: -1, modified: 0))
                continue
            }
            let files =
                isDirectory.boolValue
                ? ((try? manager.contentsOfDirectory(atPath: path)) ?? [])
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                    .map { (path as NSString).appendingPathComponent($0) }
                : [path]
            for file in files {
                let attributes = try? manager.attributesOfItem(atPath: file)
                found.append(
                    FileStamp(
                        path: file, size: (attributes?[.size] as? Int) ?? -1,
                        modified: (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0))
            }
        }
        return found.sorted { $0.path < $1.path }
    }
}
