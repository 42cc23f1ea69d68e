// A checkpoint of the whole ledger: every request with the length and head of its chain, kept
// apart from the ledger (and signed when a key is given), so that `verify --checkpoint` finds what
// each request's own chain cannot: a request deleted, events cut off the end, the file emptied or
// rolled back to an older copy.

public import Crypto
public import Foundation
import GRDB

/// Every request's chain as it stood: its id, how many events it had and the hash of the last.
public struct LedgerCheckpoint: Codable, Sendable, Equatable {
    /// One request's chain at the checkpoint.
    public struct Entry: Codable, Sendable, Equatable {
        /// The request id.
        public var id: String
        /// How many events its chain had.
        public var events: Int
        /// The hash of its last event (its root when it had none).
        public var head: String
    }

    /// `sharegraph.checkpoint/1`.
    public var schema = "sharegraph.checkpoint/1"
    /// When it was taken (ISO 8601, UTC).
    public var takenAt: String
    /// Every request, by id.
    public var requests: [Entry]
    /// The Ed25519 public key that signed it (base64 of the raw 32 bytes), when signed.
    public var publicKey: String?
    /// The signature over `signedText`, when signed (base64).
    public var signature: String?

    /// The exact text a signature covers: the schema, the time and every entry, one per line.
    public var signedText: String {
        ([schema, takenAt] + requests.map { "\($0.id)\u{1F}\($0.events)\u{1F}\($0.head)" }).joined(separator: "\n")
    }

    /// Signs the checkpoint with `key`.
    public mutating func sign(with key: Curve25519.Signing.PrivateKey) throws {
        publicKey = key.publicKey.rawRepresentation.base64EncodedString()
        signature = try key.signature(for: Data(signedText.utf8)).base64EncodedString()
    }

    /// Why the checkpoint's signature cannot be trusted, or nil when it holds (or it is unsigned
    /// and no key is expected). With `expected`, the checkpoint must be signed by that key.
    public func signatureProblem(expected: Curve25519.Signing.PublicKey?) -> String? {
        guard let signature, let publicKey else {
            return expected == nil ? nil : "the checkpoint is not signed, but a key was given"
        }
        guard let keyBytes = Data(base64Encoded: publicKey), let signatureBytes = Data(base64Encoded: signature),
            let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes)
        else { return "the checkpoint's key or signature is not readable" }
        if let expected, expected.rawRepresentation != key.rawRepresentation {
            return "the checkpoint was signed with another key"
        }
        guard key.isValidSignature(signatureBytes, for: Data(signedText.utf8)) else {
            return "the checkpoint's signature does not match its contents: it was edited"
        }
        return nil
    }
}

extension SQLiteLedger {
    /// The ledger as it stands: every request's chain length and head.
    public func checkpoint(now: Date = Date()) throws(LedgerError) -> LedgerCheckpoint {
        let ids: [String] = try read { db in try String.fetchAll(db, sql: "SELECT id FROM request ORDER BY id") }
        var entries: [LedgerCheckpoint.Entry] = []
        for id in ids {
            guard let request = try request(id) else { continue }
            let events = try chainedEvents(request: id)
            entries.append(.init(id: id, events: events.count, head: events.last?.hash ?? EventChain.root(request)))
        }
        return LedgerCheckpoint(takenAt: now.ledgerTimestamp, requests: entries)
    }

    /// What happened to the ledger since `earlier` that appending cannot explain, one line each:
    /// a request gone, a chain shorter than it was, or one whose event at the checkpoint's length
    /// is not the one recorded then. Empty when the ledger only grew.
    public func changes(since earlier: LedgerCheckpoint) throws(LedgerError) -> [String] {
        var problems: [String] = []
        for entry in earlier.requests {
            guard let request = try request(entry.id) else {
                problems.append(
                    "request `\(entry.id)` was in the ledger at the checkpoint (\(earlier.takenAt)) and is gone")
                continue
            }
            let events = try chainedEvents(request: entry.id)
            if events.count < entry.events {
                problems.append(
                    "request `\(entry.id)` had \(entry.events) events at the checkpoint and has \(events.count): events were removed, or the file was rolled back"
                )
                continue
            }
            let head = entry.events == 0 ? EventChain.root(request) : events[entry.events - 1].hash
            if head != entry.head {
                problems.append(
                    "request `\(entry.id)`: event \(entry.events) is not the one the checkpoint recorded: its history was rewritten"
                )
            }
        }
        return problems
    }
}
