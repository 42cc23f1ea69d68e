// Shared helpers: the seed graphs, sample requests, temporary ledgers.

import Foundation
import SharegraphCore
import SharegraphLedger
import SharegraphYAML
import Testing

enum Seeds {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardized

    /// The seed graphs, loaded once.
    static let index: TraceIndex = {
        let loaded = GraphLoader().load(paths: [repository.appendingPathComponent("Graphs").path])
        // A broken seed graph fails every test that uses it, with the reason.
        return try! TraceIndex(graph: loaded.graph)
    }()

    /// A sample request from Samples/requests/.
    static func request(_ name: String) throws -> ErasureRequest {
        let path = repository.appendingPathComponent("Samples/requests/\(name).yaml").path
        let loaded = RequestLoader().load(path: path, graph: index.graph)
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        return try #require(loaded.requests.first)
    }

    /// A request written in the test, parsed as if it were a file beside the sample requests.
    static func parse(_ yaml: String, file: String = "inline.yaml") -> RequestLoadResult {
        let path = repository.appendingPathComponent("Samples/requests/\(file)").path
        return RequestLoader().parse(text: Array(yaml.utf8), file: path, graph: index.graph)
    }

    static func plan(_ name: String) throws -> ErasurePlan {
        try index.erasurePlan(for: try request(name))
    }
}

/// A fresh ledger in a temporary directory, removed when the test ends.
final class TemporaryLedger {
    let directory: URL
    let ledger: SQLiteLedger

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("sharegraph-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        ledger = try SQLiteLedger(path: directory.appendingPathComponent("ledger.sqlite").path)
    }

    deinit { try? FileManager.default.removeItem(at: directory) }

    /// Runs SQL on the file directly, as someone editing the ledger would.
    func sql(_ statement: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [directory.appendingPathComponent("ledger.sqlite").path, statement]
        try process.run()
        process.waitUntilExit()
    }
}

extension ErasurePlan {
    func notice(_ recipient: String, _ action: ErasureAction) -> PlannedNotice? {
        notices.first { $0.recipient == recipient && $0.action == action }
    }
}
