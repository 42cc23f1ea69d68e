// Proof of erasure end to end: record, deliver, acknowledge, write the signed bundle, and check it
// with the independent Python verifier (the `cryptography` package), then tamper with it.

import Foundation
import SharegraphTestSupport
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ProofTests {
    /// Runs Tools/verify_proof.py; its exit status and first line.
    static func verify(_ bundle: String, key: String?) throws -> (status: Int32, line: String) {
        let ran = try Programs.run(
            "python3",
            [CLI.repository.appendingPathComponent("Tools/verify_proof.py").path, bundle]
                + (key.map { ["--public-key", $0] } ?? []))
        return (ran.status, ran.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Re-signs a payload with a key, as someone holding that key could.
    static func resign(_ bundle: inout [String: Any], payload: String, keyFile: String) throws {
        let script = """
            import base64, sys
            from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
            key = Ed25519PrivateKey.from_private_bytes(base64.b64decode(open(sys.argv[1]).read().strip())) if sys.argv[1] != "-" else Ed25519PrivateKey.generate()
            from cryptography.hazmat.primitives import serialization
            raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
            print(base64.b64encode(key.sign(sys.stdin.buffer.read())).decode()); print(base64.b64encode(raw).decode())
            """
        let lines = try Programs.run("python3", ["-c", script, keyFile], input: Data(payload.utf8)).stdout.split(
            separator: "\n"
        ).map(String.init)
        bundle["payload"] = payload
        bundle["signature"] = lines.first ?? ""
        bundle["public_key"] = lines.count > 1 ? lines[1] : ""
    }

    @Test func aBundleVerifiesAndEveryTamperingIsRejected() throws {
        let directory = try HardeningTests.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try CLI.vekstlyLedger(in: directory)
        let key = directory.appendingPathComponent("controller.key").path
        let base = directory.appendingPathComponent("proof").path
        let outbox = directory.appendingPathComponent("outbox").path
        _ = try CLI.run(["deliver", "--ledger", ledger, "--outbox", outbox, "--as-of", "2026-11-21"])
        let proof = try CLI.run([
            "proof", "vekstly-dsr-2026-0107", "--ledger", ledger, "--key", key, "--out", base, "--interim",
        ])
        #expect(proof.status == 0, "\(proof.stderr)")
        let keyMode = try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        let original = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: base + ".json")))
                as? [String: Any])
        let publicKey = try #require(original["public_key"] as? String)
        let payload = try #require(original["payload"] as? String)
        let checked = try Self.verify(base + ".json", key: publicKey)
        #expect(checked.status == 0)
        #expect(checked.line.hasPrefix("valid interim statement, not a proof of erasure"), "\(checked.line)")
        let html = try String(contentsOfFile: base + ".html", encoding: .utf8)
        #expect(
            html.contains("Interim statement, not a proof of erasure: request vekstly-dsr-2026-0107")
                && !html.contains("lise.kurs"),
            "the page names no identifier")

        var cases: [(String, [String: Any], String)] = []
        // 1. An event's detail edited in the payload, signature left as it was.
        var edited = original
        edited["payload"] = payload.replacingOccurrences(of: "\"kind\":\"sent\"", with: "\"kind\":\"completed\"")
        cases.append(("an edited payload", edited, "the signature does not match"))
        // 2. The signature replaced.
        var forged = original
        forged["signature"] = Data(repeating: 7, count: 64).base64EncodedString()
        cases.append(("a replaced signature", forged, "the signature does not match"))
        // 3. Re-signed with someone else's key: the controller's public key is expected.
        var impostor = original
        try Self.resign(
            &impostor, payload: payload.replacingOccurrences(of: "\"state\":\"sent\"", with: "\"state\":\"completed\""),
            keyFile: "-")
        cases.append(("another key", impostor, "another key"))
        // 4. An event removed by someone holding the controller's key: the chain breaks.
        var shortened = original
        var object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        var events = try #require(object["events"] as? [[String: Any]])
        events.remove(at: 1)
        object["events"] = events
        try Self.resign(
            &shortened,
            payload: String(
                decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self),
            keyFile: key)
        cases.append(("a removed event", shortened, "does not follow the one before it"))
        // 5. A notice body edited by someone holding the key: the event's notice hash no longer matches.
        var rewritten = original
        object = try #require(try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        var notices = try #require(object["notices"] as? [[String: Any]])
        notices[0]["body"] = (notices[0]["body"] as? String ?? "").replacingOccurrences(of: "erase", with: "keep")
        object["notices"] = notices
        try Self.resign(
            &rewritten,
            payload: String(
                decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self),
            keyFile: key)
        cases.append(("an edited notice body", rewritten, "differs from the one the event was recorded for"))

        for (name, bundle, expected) in cases {
            let path = directory.appendingPathComponent("tampered.json").path
            try JSONSerialization.data(withJSONObject: bundle).write(to: URL(fileURLWithPath: path))
            let result = try Self.verify(path, key: publicKey)
            #expect(result.status == 1, "\(name) was accepted")
            #expect(result.line.contains(expected), "\(name): \(result.line)")
        }
        // Garbage is rejected with a reason, not a traceback.
        let garbage = directory.appendingPathComponent("garbage.json").path
        try "{not json".write(toFile: garbage, atomically: true, encoding: .utf8)
        let result = try Self.verify(garbage, key: nil)
        #expect(result.status == 1 && result.line.hasPrefix("invalid: cannot read the bundle"))
        // Well-formed JSON of the wrong shape, and nesting deeper than Python recurses: a reason, no traceback.
        let shapes = [
            ("a list", "[1, 2, 3]"), ("a string", "\"bundle\""),
            ("deep nesting", String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)),
            ("a list payload", "{\"schema\": \"sharegraph.proof/1\", \"algorithm\": \"Ed25519\", \"public_key\": 7}"),
        ]
        for (name, text) in shapes {
            try text.write(toFile: garbage, atomically: true, encoding: .utf8)
            let result = try Self.verify(garbage, key: nil)
            #expect(result.status == 1 && result.line.hasPrefix("invalid: "), "\(name): \(result.line)")
            #expect(!result.line.contains("Traceback"), "\(name)")
        }
    }

    /// A proof of erasure is signed only when every notice has its answer: while Stripe's notices
    /// are only sent, `proof` refuses and names them; once every recipient has answered (the
    /// processors completed, Art. 28(3)(g); the independent recipient acknowledged, Art. 19), it
    /// signs, and the follow-up the bookkeeping act keeps for 2030 is named as scheduled.
    @Test func noProofOfErasureUntilEveryNoticeIsAnswered() throws {
        let directory = try HardeningTests.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let key = directory.appendingPathComponent("controller.key").path
        let base = directory.appendingPathComponent("proof").path
        _ = try CLI.run(["erase", "Samples/requests/vekstly-course-participant-erasure.yaml", "--ledger", ledger])
        _ = try CLI.run([
            "deliver", "--ledger", ledger, "--outbox", directory.appendingPathComponent("outbox").path, "--as-of",
            "2026-11-21",
        ])
        let refused = try CLI.run(["proof", "vekstly-dsr-2026-0107", "--ledger", ledger, "--key", key, "--out", base])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("is not fully erased"), "\(refused.stderr)")
        #expect(refused.stderr.contains("(stripe, instruct: sent)"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: base + ".json"), "no bundle written")

        let listed = try CLI.run(["notices", "--ledger", ledger, "--format", "json"])
        let notices = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        // Sub-processors first: a processor completes only after them.
        let order: [String] = ["erase", "restrict", "instruct"]
        for notice in notices.sorted(by: { ($0["recipient"] as? String ?? "") > ($1["recipient"] as? String ?? "") }) {
            let id = notice["id"] as? String ?? ""
            let action = notice["action"] as? String ?? ""
            if order.contains(action) {
                let ack = try CLI.run(["ack", id, "--completed", "--ledger", ledger])
                #expect(ack.status == 0, "\(action) \(ack.stderr)")
            } else if action == "inform" {
                #expect(try CLI.run(["ack", id, "--received", "--ledger", ledger]).status == 0)
            }
        }
        let proof = try CLI.run(["proof", "vekstly-dsr-2026-0107", "--ledger", ledger, "--key", key, "--out", base])
        #expect(proof.status == 0, "\(proof.stderr)")
        let checked = try Self.verify(base + ".json", key: nil)
        #expect(
            checked.status == 0 && checked.line.hasPrefix("valid: request vekstly-dsr-2026-0107"), "\(checked.line)")
        let html = try String(contentsOfFile: base + ".html", encoding: .utf8)
        #expect(html.contains("<h1>Proof of erasure: request vekstly-dsr-2026-0107</h1>"))
        #expect(html.contains("scheduled: not due before 2030-01-01"))
    }

    /// A signing key others can read may be known to them: refused, as ssh refuses such a key, and
    /// never used to sign.
    @Test func aKeyOthersCanReadIsRefused() throws {
        let directory = try HardeningTests.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let key = directory.appendingPathComponent("controller.key").path
        _ = try CLI.run(["erase", "Samples/requests/vekstly-course-participant-erasure.yaml", "--ledger", ledger])
        // A valid key, written with the mode a careless copy gives it.
        try "nWGxne/9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A=\n".write(toFile: key, atomically: true, encoding: .utf8)
        #expect(chmod(key, 0o644) == 0)
        let output = try CLI.run([
            "proof", "vekstly-dsr-2026-0107", "--ledger", ledger, "--key", key, "--interim", "--out",
            directory.appendingPathComponent("p").path,
        ])
        #expect(output.status == 1)
        #expect(output.stderr.contains("has mode 644, readable or writable by others"), "\(output.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("p.json").path))
        #expect(chmod(key, 0o600) == 0)
        let fixed = try CLI.run([
            "proof", "vekstly-dsr-2026-0107", "--ledger", ledger, "--key", key, "--interim", "--out",
            directory.appendingPathComponent("p").path,
        ])
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }

    /// A proof is refused for a request whose record in the ledger does not verify.
    @Test func noProofOfAnEditedRecord() throws {
        let directory = try HardeningTests.directory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        #expect(
            try CLI.run(["erase", "Samples/requests/vekstly-course-participant-erasure.yaml", "--ledger", ledger])
                .status == 0)
        _ = try Programs.run(
            "sqlite3", [ledger, "UPDATE notice SET channel_detail = 'evil@attacker.example' WHERE channel = 'email'"])
        let proof = try CLI.run([
            "proof", "vekstly-dsr-2026-0107", "--ledger", ledger, "--key", directory.appendingPathComponent("k").path,
        ])
        #expect(proof.status == 1)
        #expect(proof.stderr.contains("does not verify"), "\(proof.stderr)")
        let verify = try CLI.run(["verify", "--ledger", ledger])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("error: request vekstly-dsr-2026-0107, event "), "\(verify.stderr)")
        let status = try CLI.run(["status", "vekstly-dsr-2026-0107", "--ledger", ledger])
        #expect(status.status == 1 && status.stderr.contains("does not verify"))
    }
}
