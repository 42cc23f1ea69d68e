// The ledger never gives a false all-clear: a mistyped or empty ledger is an error, not an empty
// ledger; a proof is never signed for an erasure that is not complete; a signing key others can
// read is refused; a claim no deliverer could hold is treated as expired.

import Foundation
import SharegraphTestSupport
import Testing

@Suite(.timeLimit(.minutes(2)))
struct LedgerHardeningTests {
    /// Every command that reads the ledger, given a path.
    static func readers(_ ledger: String) -> [[String]] {
        [
            ["status", "igo-dsr-2026-0012", "--ledger", ledger],
            ["notices", "--ledger", ledger],
            ["notices", "--overdue", "--ledger", ledger],
            ["verify", "--ledger", ledger],
            ["deliver", "--ledger", ledger, "--jsonl", ledger + ".jsonl"],
            ["ack", "ntc_00000000000000000000000000", "--completed", "--ledger", ledger],
            ["proof", "igo-dsr-2026-0012", "--ledger", ledger, "--key", ledger + ".key"],
        ]
    }

    /// A mistyped path used to be created empty and answered "every request's chain of events
    /// holds" or "No notices match" with exit 0. Every command but `erase` refuses it, says which
    /// path and what creates a ledger, and creates nothing.
    @Test func aMissingLedgerIsAnErrorAndIsNotCreated() throws {
        let directory = try CLI.scratch("missing-ledger")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledgr.sqlite").path
        for arguments in Self.readers(ledger) {
            let output = try CLI.run(arguments)
            #expect(output.status == 1, "\(arguments[0]): \(output.stdout)\(output.stderr)")
            #expect(output.stderr.contains("no ledger at \(ledger)"), "\(arguments[0]): \(output.stderr)")
            #expect(output.stderr.contains("sharegraph erase --ledger"), "\(arguments[0]): \(output.stderr)")
            #expect(!FileManager.default.fileExists(atPath: ledger), "\(arguments[0]) created the ledger")
        }
    }

    /// An empty file (truncated, or made by `touch`) is no ledger either.
    @Test func anEmptyFileIsNotAnEmptyLedger() throws {
        let directory = try CLI.scratch("empty-ledger")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        #expect(FileManager.default.createFile(atPath: ledger, contents: nil))
        for arguments in Self.readers(ledger) {
            let output = try CLI.run(arguments)
            #expect(output.status == 1, "\(arguments[0]): \(output.stdout)\(output.stderr)")
            #expect(output.stderr.contains("no ledger at \(ledger)"), "\(arguments[0]): \(output.stderr)")
        }
    }

    /// `erase` records, so it is the command that creates a ledger.
    @Test func eraseStillCreatesTheLedger() throws {
        let directory = try CLI.scratch("erase-creates")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let output = try CLI.run(["erase", "Samples/requests/igo-employee-erasure.yaml", "--ledger", ledger])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(FileManager.default.fileExists(atPath: ledger))
        #expect(try CLI.run(["verify", "--ledger", ledger]).status == 0)
    }

    /// Runs one SQL statement on the ledger with the sqlite3 shell, as someone editing the file would.
    static func sql(_ ledger: String, _ statement: String) throws {
        let ran = try Programs.run("sqlite3", [ledger, statement])
        #expect(ran.status == 0, "\(ran.stderr)")
    }

    /// A claim until 2100 written into the ledger used to keep its notice from ever being sent,
    /// silently. No deliverer takes a lease longer than an hour: the claim is treated as expired,
    /// the notice goes out, and `verify` reports the row.
    @Test func aClaimNoDelivererCouldHoldIsExpiredAndReported() throws {
        let directory = try CLI.scratch("forged-claim")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let jsonl = directory.appendingPathComponent("notices.jsonl").path
        #expect(
            try CLI.run(["erase", "Samples/requests/vekstly-course-participant-erasure.yaml", "--ledger", ledger])
                .status
                == 0)
        try Self.sql(
            ledger,
            "UPDATE notice SET claimed_by = 'elsewhere.example|1|forged', claim_expires = 4102444800 WHERE state = 'planned' AND channel <> 'internal'"
        )
        // A forged row that disables an endpoint is state, not history: `verify` shows it.
        try Self.sql(
            ledger,
            "INSERT INTO endpoint (url, disabled_at, reason) VALUES ('https://hooks.example/erasure', '2026-11-20T00:00:00Z', 'forged')"
        )
        let verify = try CLI.run(["verify", "--ledger", ledger])
        #expect(verify.status == 1)
        #expect(
            verify.stderr.contains("note: deliveries to https://hooks.example/erasure are disabled"), "\(verify.stderr)"
        )
        #expect(verify.stderr.contains("is claimed until 2100-01-01"), "\(verify.stderr)")
        #expect(verify.stderr.contains("longer than any deliverer's lease"), "\(verify.stderr)")
        let deliver = try CLI.run([
            "deliver", "--ledger", ledger, "--outbox", directory.appendingPathComponent("outbox").path, "--jsonl",
            jsonl,
            "--as-of", "2026-11-21",
        ])
        #expect(deliver.status == 0, "\(deliver.stderr)")
        #expect(deliver.stderr.contains("3 sent"), "\(deliver.stderr)")
    }

    /// Each request's chain cannot show a request deleted whole or a file rolled back to an older
    /// copy; `verify` passed both. With a checkpoint kept apart, each is found, named, and exit 1;
    /// a ledger that only grew passes and the checkpoint moves on.
    @Test func aCheckpointFindsDeletionAndRollback() throws {
        let directory = try CLI.scratch("checkpoint")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let checkpoint = directory.appendingPathComponent("elsewhere.json").path
        let key = directory.appendingPathComponent("controller.key").path
        let older = directory.appendingPathComponent("older.sqlite").path
        #expect(
            try CLI.run(["erase", "Samples/requests/vekstly-course-participant-erasure.yaml", "--ledger", ledger])
                .status
                == 0)
        #expect(try CLI.run(["erase", "Samples/requests/igo-employee-erasure.yaml", "--ledger", ledger]).status == 0)
        // A key for signing, made as `proof` makes it.
        _ = try CLI.run([
            "proof", "igo-dsr-2026-0012", "--ledger", ledger, "--key", key, "--interim", "--out",
            directory.appendingPathComponent("p").path,
        ])
        let first = try CLI.run(["verify", "--ledger", ledger, "--checkpoint", checkpoint, "--key", key])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("wrote \(checkpoint) (2 requests, signed)"), "\(first.stdout)")
        try FileManager.default.copyItem(atPath: ledger, toPath: older)
        // The ledger grows: the checkpoint holds and moves on.
        _ = try CLI.run([
            "deliver", "--ledger", ledger, "--outbox", directory.appendingPathComponent("outbox").path, "--as-of",
            "2026-11-21",
        ])
        let grown = try CLI.run(["verify", "--ledger", ledger, "--checkpoint", checkpoint, "--key", key])
        #expect(grown.status == 0, "\(grown.stderr)")

        // Rolled back to the older copy: events are missing at the checkpoint.
        let rolledBack = try CLI.run(["verify", "--ledger", older, "--checkpoint", checkpoint, "--key", key])
        #expect(rolledBack.status == 1)
        #expect(rolledBack.stderr.contains("events were removed, or the file was rolled back"), "\(rolledBack.stderr)")
        #expect(
            try CLI.run(["verify", "--ledger", older]).status == 0, "without the checkpoint the older copy verifies")

        // A whole request deleted, its chain with it: each remaining chain still verifies.
        try Self.sql(
            ledger,
            "DROP TRIGGER event_append_only_delete; DELETE FROM event WHERE request_id = 'igo-dsr-2026-0012'; DELETE FROM notice WHERE request_id = 'igo-dsr-2026-0012'; DELETE FROM request WHERE id = 'igo-dsr-2026-0012';"
        )
        #expect(try CLI.run(["verify", "--ledger", ledger]).status == 0, "without the checkpoint it passes")
        let deleted = try CLI.run(["verify", "--ledger", ledger, "--checkpoint", checkpoint, "--key", key])
        #expect(deleted.status == 1)
        #expect(deleted.stderr.contains("request `igo-dsr-2026-0012` was in the ledger"), "\(deleted.stderr)")

        // The checkpoint itself edited to hide the deletion: its signature no longer holds.
        var text = try String(contentsOfFile: checkpoint, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "\"id\" : \"igo-dsr-2026-0012\"", with: "\"id\" : \"vekstly-dsr-2026-0107x\"")
        try text.write(toFile: checkpoint, atomically: true, encoding: .utf8)
        let edited = try CLI.run(["verify", "--ledger", ledger, "--checkpoint", checkpoint, "--key", key])
        #expect(edited.status == 1)
        #expect(edited.stderr.contains("signature does not match its contents"), "\(edited.stderr)")
    }
}
