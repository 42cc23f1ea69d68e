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

            The key file holds the private key in base64 and is created (mode 0600) when missing; keep it as you keep other signing keys. The public key is printed and put in the bundle.

            Exit status: 0 when written, 1 when the request is unknown or its record does not verify.

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

    func run() throws {
        let store = try ledger.open()
        let signingKey = try loadOrCreateKey()
        do {
            let bundle = try ProofBundle.make(ledger: store, request: request, key: signingKey)
            let base = out ?? "proof-\(request)"
            try Output.write(bundle.json, to: base + ".json")
            try Output.write(bundle.html, to: base + ".html")
            Terminal.standardError(
                "wrote \(base).json and \(base).html; public key \(signingKey.publicKey.rawRepresentation.base64EncodedString())"
            )
        } catch let error as LedgerError {
            Terminal.standardError("error: \(error)")
            throw ExitCode(1)
        }
    }

    private func loadOrCreateKey() throws -> Curve25519.Signing.PrivateKey {
        if let text = try? String(contentsOfFile: key, encoding: .utf8) {
            guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                let loaded = try? Curve25519.Signing.PrivateKey(rawRepresentation: data)
            else {
                Terminal.standardError(
                    "error: \(key) does not hold an Ed25519 private key in base64; give another file, or a new path to create one"
                )
                throw ExitCode(1)
            }
            return loaded
        }
        let created = Curve25519.Signing.PrivateKey()
        let descriptor = open(key, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            Terminal.standardError("error: cannot create the key file \(key): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        let text = created.rawRepresentation.base64EncodedString() + "\n"
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        Terminal.standardError("created a new signing key in \(key)")
        return created
    }
}
