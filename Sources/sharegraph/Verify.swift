// `sharegraph verify`: checks every request's event chain in the ledger and reports the first break.

import ArgumentParser
import Crypto
import Foundation
import SharegraphLedger

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the ledger's history has not been edited: every request's chain of events.",
        discussion: """
            Each event carries the hash of the one before it in its request's chain, rooted in the request, and of the notice it concerns (its body, address and other fixed fields). An edited or deleted row, or a state that no event explains, breaks the chain; the first break of each request is reported with its row. deliver, status and ack refuse a request whose chain does not verify.

            A delivery claim that runs longer than any deliverer's lease (an hour) is reported too: a deliverer takes 120 s, so such a claim was written by hand or under a clock far off; deliver treats it as expired, so it cannot keep a notice from being sent.

            Each request's chain cannot show that a whole request was deleted, that events were cut off its end, or that the file was emptied or rolled back to an older copy. --checkpoint FILE can: it compares the ledger with the checkpoint written the last time (every request, its number of events and its last hash), then writes a new one. Keep that file apart from the ledger (another machine, a write-once store); with --key it is signed and must have been signed by that key.

            Exit status: 0 when every chain verifies (and the ledger continues the checkpoint), 1 when one does not, a claim is implausible, the ledger was cut back since the checkpoint, or the ledger cannot be read.

            Examples:
              sharegraph verify --ledger out/ledger.sqlite
              sharegraph verify --ledger out/ledger.sqlite --checkpoint /mnt/audit/ledger.checkpoint --key keys/proof.key
            """
    )

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "Check one request only.")
    var request: String?

    @Option(
        help:
            "A checkpoint file kept apart from the ledger: checked against when it exists, then written anew when the ledger verifies."
    )
    var checkpoint: String?

    @Option(
        help:
            "With --checkpoint: the Ed25519 key (as for `proof`) that signs the checkpoint and must have signed the old one."
    )
    var key: String?

    func run() throws {
        let store = try ledger.open()
        do {
            let breaks = try store.verify(request: request)
            let integrity = try store.integrityCheck()
            if integrity != "ok" { Terminal.error("SQLite integrity check: \(integrity)") }
            for found in breaks { Terminal.error("\(found)") }
            let claims = try store.implausibleClaims(now: Date())
            for claim in claims {
                Terminal.standardError(
                    "error: notice \(claim.notice) is claimed until \(claim.until.formatted(.iso8601)), longer than any deliverer's lease (\(Int(SQLiteLedger.longestLease)) s): the row was edited or a clock is far off; deliver treats the claim as expired"
                )
            }
            // State outside the chains that stops deliveries: shown, so an edited row cannot hide.
            for endpoint in try store.disabledEndpoints().sorted() {
                Terminal.standardError(
                    "note: deliveries to \(endpoint) are disabled (the endpoint answered that it is gone, or the row was edited); deliver sends nothing there"
                )
            }
            guard breaks.isEmpty, integrity == "ok", claims.isEmpty else { throw ExitCode(1) }
            if let checkpoint {
                try check(store, against: checkpoint)
                return
            }
            print("verified: every request's chain of events holds")
        } catch let error as LedgerError {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }

    /// Compares the ledger with the checkpoint kept elsewhere, then writes the new one.
    private func check(_ store: SQLiteLedger, against path: String) throws {
        let signingKey = try key.map { try SigningKeyFile(path: $0).load(creating: false) }
        let current = try store.checkpoint()
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path),
                let earlier = try? JSONDecoder.snakeCase.decode(LedgerCheckpoint.self, from: data),
                earlier.schema == "sharegraph.checkpoint/1"
            else {
                Terminal.error("\(path) is not a sharegraph checkpoint; give the file `verify --checkpoint` wrote")
                throw ExitCode(1)
            }
            if let problem = earlier.signatureProblem(expected: signingKey?.publicKey) {
                Terminal.error("\(path): \(problem)")
                throw ExitCode(1)
            }
            let changes = try store.changes(since: earlier)
            for change in changes { Terminal.error(change) }
            guard changes.isEmpty else {
                Terminal.standardError(
                    "the ledger is not a continuation of the checkpoint of \(earlier.takenAt); restore it from a backup, and keep the checkpoint as evidence"
                )
                throw ExitCode(1)
            }
        }
        var next = current
        if let signingKey { try next.sign(with: signingKey) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try Output.write(String(decoding: try encoder.encode(next), as: UTF8.self) + "\n", to: path)
        print(
            "verified: every request's chain of events holds, and the ledger continues the checkpoint; wrote \(path) (\(next.requests.count) requests\(signingKey == nil ? "" : ", signed")); keep it apart from the ledger"
        )
    }
}
