// The ledger never gives a false all-clear: a mistyped or empty ledger is an error, not an empty
// ledger; a proof is never signed for an erasure that is not complete; a signing key others can
// read is refused; a claim no deliverer could hold is treated as expired.

import Foundation
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [ledger, statement]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
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
        let verify = try CLI.run(["verify", "--ledger", ledger])
        #expect(verify.status == 1)
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
}
