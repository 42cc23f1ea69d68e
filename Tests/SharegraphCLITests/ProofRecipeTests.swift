// docs/SECURITY.md "Checking a proof in any language", followed step by step from the text alone:
// a second verifier with no code of the ledger's, only swift-crypto for Ed25519 and SHA-256. If the
// recipe left out a field or got an order wrong, a bundle `sharegraph proof` writes would fail here.

import Crypto
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ProofRecipeTests {
    /// Step 4: SHA-256 of the fields joined by U+001F, an absent field as U+001E, in lowercase hex.
    static func digest(_ fields: [Any?]) -> String {
        let joined = fields.map { field -> String in
            switch field {
            case nil, is NSNull: "\u{1E}"
            case let number as NSNumber: number.stringValue
            case let text as String: text
            default: "\(field!)"
            }
        }.joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(joined.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Steps 1 to 9; nil when the bundle is valid, else the step that failed.
    static func check(_ bundle: [String: Any]) -> String? {
        guard bundle["schema"] as? String == "sharegraph.proof/1", bundle["algorithm"] as? String == "Ed25519",
            let key = (bundle["public_key"] as? String).flatMap({ Data(base64Encoded: $0) }),
            let signature = (bundle["signature"] as? String).flatMap({ Data(base64Encoded: $0) }),
            let payloadText = bundle["payload"] as? String
        else { return "1: the bundle's form" }
        guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key),
            publicKey.isValidSignature(signature, for: Data(payloadText.utf8))
        else { return "2: the signature" }
        guard let payload = try? JSONSerialization.jsonObject(with: Data(payloadText.utf8)) as? [String: Any],
            let request = payload["request"] as? [String: Any], let notices = payload["notices"] as? [[String: Any]],
            let events = payload["events"] as? [[String: Any]]
        else { return "3: the payload" }
        var previous = digest(
            ["sharegraph-chain-v1"]
                + [
                    "id", "controller", "subject_reference", "scope", "received", "deadline", "extension_reason",
                    "content_hash", "recorded_at",
                ].map { request[$0] })
        guard payload["chain_root"] as? String == previous else { return "5: the chain root" }
        let fields = [
            "id", "request_id", "recipient", "recipient_name", "role", "action", "parent_id", "channel",
            "channel_detail", "deadline", "not_before", "restricted_until", "language", "body", "position",
        ]
        var byID: [String: [String: Any]] = [:]
        for notice in notices { byID[notice["id"] as? String ?? ""] = notice }
        var lastState: [String: String] = [:]
        for event in events {
            guard let id = event["notice_id"] as? String, let notice = byID[id] else { return "7: an unknown notice" }
            let noticeHash = digest(["notice"] + fields.map { notice[$0] })
            guard event["prev_hash"] as? String == previous, event["notice_hash"] as? String == noticeHash else {
                return "7: event \(event["seq"] ?? "?") does not follow"
            }
            let hash = digest(
                ["event", previous] + ["notice_id", "at", "kind", "state", "detail"].map { event[$0] } + [noticeHash])
            guard event["hash"] as? String == hash else { return "7: event \(event["seq"] ?? "?") was altered" }
            previous = hash
            lastState[id] = event["state"] as? String
        }
        guard payload["chain_head"] as? String == previous else { return "7: the chain head" }
        for notice in notices where lastState[notice["id"] as? String ?? ""] != notice["state"] as? String {
            return "8: a state no event records"
        }
        let today = String((payload["signed_at"] as? String ?? "").prefix(10))
        let waiting = notices.filter { notice in
            let state = notice["state"] as? String ?? ""
            let action = notice["action"] as? String ?? ""
            if ["completed", "refused", "exempt"].contains(state) { return false }
            if action == "inform" && state == "acknowledged" { return false }
            return !(action == "follow-up" && state == "planned" && (notice["not_before"] as? String ?? "") > today)
        }
        if payload["complete"] as? Bool == true && !waiting.isEmpty { return "9: complete while notices wait" }
        return nil
    }

    @Test func aBundleChecksByTheRecipeAloneAndAnAlteredOneDoesNot() throws {
        let directory = try CLI.scratch("recipe")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try CLI.vekstlyLedger(in: directory)
        let key = directory.appendingPathComponent("proof.key").path
        let out = directory.appendingPathComponent("proof").path
        let proof = try CLI.run([
            "proof", "vekstly-dsr-2026-0107", "--ledger", ledger, "--key", key, "--out", out, "--interim",
        ])
        #expect(proof.status == 0, "\(proof.stderr)")
        let bundle = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + ".json")))
                as? [String: Any])
        #expect(Self.check(bundle) == nil)
        // A notice body changed after the fact breaks step 7, as the Python verifier says too.
        let payload = try #require(bundle["payload"] as? String)
        var payloadObject = try #require(
            try JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any])
        var notices = try #require(payloadObject["notices"] as? [[String: Any]])
        notices[0]["recipient"] = "someone-else"
        payloadObject["notices"] = notices
        let signingKey = try Curve25519.Signing.PrivateKey(
            rawRepresentation: try #require(
                Data(
                    base64Encoded: try String(contentsOfFile: key, encoding: .utf8).trimmingCharacters(
                        in: .whitespacesAndNewlines))))
        let edited = String(decoding: try JSONSerialization.data(withJSONObject: payloadObject), as: UTF8.self)
        var resigned = bundle
        resigned["payload"] = edited
        resigned["signature"] = try signingKey.signature(for: Data(edited.utf8)).base64EncodedString()
        #expect(Self.check(resigned)?.hasPrefix("7:") == true, "re-signed with the controller's key, still caught")
    }
}
