// `sharegraph verify`: checks every request's event chain in the ledger and reports the first break.

import ArgumentParser
import Foundation
import SharegraphLedger

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check that the ledger's history has not been edited: every request's chain of events.",
        discussion: """
            Each event carries the hash of the one before it in its request's chain, rooted in the request, and of the notice it concerns (its body, address and other fixed fields). An edited or deleted row, or a state that no event explains, breaks the chain; the first break of each request is reported with its row. deliver, status and ack refuse a request whose chain does not verify.

            A delivery claim that runs longer than any deliverer's lease (an hour) is reported too: a deliverer takes 120 s, so such a claim was written by hand or under a clock far off; deliver treats it as expired, so it cannot keep a notice from being sent.

            Exit status: 0 when every chain verifies, 1 when one does not, a claim is implausible, or the ledger cannot be read.
            """
    )

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "Check one request only.")
    var request: String?

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
            guard breaks.isEmpty, integrity == "ok", claims.isEmpty else { throw ExitCode(1) }
            print("verified: every request's chain of events holds")
        } catch let error as LedgerError {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }
}
