// Temporary ledgers; the seed graphs and sample requests come from SharegraphTestSupport.

import Foundation
import SharegraphCore
import SharegraphLedger
import SharegraphTestSupport
import SharegraphYAML
import Testing

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
        _ = try Programs.run("sqlite3", [directory.appendingPathComponent("ledger.sqlite").path, statement])
    }
}
