// Standard Webhooks signatures: `v1,` and base64 HMAC-SHA256 over `id.timestamp.body`, keyed by the
// base64 part of a `whsec_` secret.

import Crypto
import Foundation

/// Signs webhook deliveries as the Standard Webhooks specification says.
public struct WebhookSigner: Sendable {
    private let key: SymmetricKey

    /// Why a secret cannot be used.
    public enum SecretError: Error, Sendable, CustomStringConvertible, Equatable {
        case missingPrefix
        case notBase64
        case tooShort

        /// What is wrong with the secret and how to make a good one.
        public var description: String {
            switch self {
            case .missingPrefix: "a webhook secret starts with `whsec_` followed by base64"
            case .notBase64: "the part after `whsec_` is not valid base64"
            case .tooShort: "the webhook secret is shorter than 16 bytes; generate 24 to 64 random bytes"
            }
        }
    }

    /// Creates a signer from a `whsec_...` secret.
    public init(secret: String) throws(SecretError) {
        guard secret.hasPrefix("whsec_") else { throw .missingPrefix }
        guard let bytes = Data(base64Encoded: String(secret.dropFirst(6))) else { throw .notBase64 }
        guard bytes.count >= 16 else { throw .tooShort }
        key = SymmetricKey(data: bytes)
    }

    /// The `webhook-signature` header value for a message.
    public func signature(id: String, timestamp: Int, body: String) -> String {
        let content = Data("\(id).\(timestamp).\(body)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: key)
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three headers of a delivery: the id stays the same across retries, the timestamp is the attempt's.
    public func headers(id: String, timestamp: Int, body: String) -> [(String, String)] {
        [
            ("webhook-id", id),
            ("webhook-timestamp", String(timestamp)),
            ("webhook-signature", signature(id: id, timestamp: timestamp, body: body)),
        ]
    }
}

/// Webhook secrets by recipient, from configuration or the environment; never from a graph file.
public struct WebhookSecrets: Sendable {
    private var byRecipient: [String: String]
    /// Recipients whose ids map to one variable name (`pay-eu` and `pay.eu`): neither reads a
    /// secret from the environment, since it could be the other's.
    public var ambiguous: Set<String> = []

    /// Creates the set from explicit pairs (recipient party id to secret).
    public init(_ byRecipient: [String: String] = [:]) {
        self.byRecipient = byRecipient
    }

    /// `SHAREGRAPH_WEBHOOK_SECRET_<PARTY>`, the party id upper-cased with other characters as `_`
    /// (`stripe-inc` reads `SHAREGRAPH_WEBHOOK_SECRET_STRIPE_INC`).
    public static func variableName(for party: String) -> String {
        "SHAREGRAPH_WEBHOOK_SECRET_" + String(party.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// The secret for a recipient, from the explicit pairs or else the environment.
    public func secret(for party: String, environment: [String: String]) -> String? {
        if let explicit = byRecipient[party] { return explicit }
        guard !ambiguous.contains(party) else { return nil }
        return environment[Self.variableName(for: party)]
    }

    /// The recipients among `parties` that share a variable name with another.
    public static func ambiguousRecipients(_ parties: [String]) -> [String: [String]] {
        Dictionary(grouping: Set(parties), by: variableName(for:)).filter { $0.value.count > 1 }.mapValues {
            $0.sorted()
        }
    }
}
