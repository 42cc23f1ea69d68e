// `sharegraph proof`: one request's signed evidence bundle, as JSON and a readable page.

import ArgumentParser
import Crypto
import Foundation
import SharegraphLedger

struct Proof: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proof",
        abstract: "Write a request's signed proof of erasure: JSON for a verifier, and a page to read.",
        discussion: """
            The bundle holds the request, every notice (its legal reason and body), every event with its place in the request's hash chain, and the answers received, signed with the controller's Ed25519 key. Tools/verify_proof.py checks a bundle without Sharegraph.

            A proof is signed only when every notice has its final answer (completed, refused with its reason, or an independent recipient's acknowledgment). While notices still wait, `--interim` writes an interim statement instead: the bundle says `complete: false` and lists them, and its page says on top that the erasure is not complete.

            The key file holds the private key in base64 and is created (mode 0600) when missing; keep it as you keep other signing keys: a key file that others can read or write is refused, as ssh refuses one. The public key is printed and put in the bundle.

            Exit status: 0 when written, 1 when the request is unknown, not complete (without --interim), or its record does not verify.

            Example:
              sharegraph proof vekstly-dsr-2026-0107 --key controller.key --out out/proof-vekstly
            """
    )

    @Argument(help: "The request id.")
    var request: String

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "The controller's Ed25519 private key (base64); created when missing.")
    var key: String

    @Option(help: "Path of the bundle without extension: writes PATH.json and PATH.html; default proof-REQUEST.")
    var out: String?

    @Flag(help: "While notices still wait, write an interim statement that lists them instead of refusing.")
    var interim = false

    func run() throws {
        let store = try ledger.open()
        let signingKey = try SigningKeyFile(path: key).load(creating: true)
        do {
            let bundle = try ProofBundle.make(ledger: store, request: request, key: signingKey, interim: interim)
            let base = out ?? "proof-\(request)"
            try Output.write(bundle.json, to: base + ".json")
            try Output.write(bundle.html, to: base + ".html")
            Terminal.standardError(
                "wrote \(base).json and \(base).html; public key \(signingKey.publicKey.rawRepresentation.base64EncodedString())"
            )
        } catch let error as LedgerError {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }
}
