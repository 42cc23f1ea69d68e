// Who may ask what: bearer tokens, stored as SHA-256 digests with a name and a scope, compared in
// constant time. A token file (or SHAREGRAPH_TOKENS) holds one token per line:
//
//     NAME SCOPES sha256:HEX
//
// where SCOPES is a comma-separated list of `read`, `write` and `opendsr=PARTY` (an OpenDSR
// controller that may send requests for PARTY, and receive their status). `sharegraph token NAME
// --scope ...` makes a token and prints its line.

import Crypto
import Foundation
import SharegraphSupport

/// What a token allows.
public struct Grant: Sendable, Hashable {
    /// The token's name, for the log (never the token).
    public let name: String
    /// May read graphs, traces, plans, diagrams and the ledger.
    public let read: Bool
    /// May record requests and acknowledgments.
    public let write: Bool
    /// The controller party an OpenDSR client speaks for, when it may use the OpenDSR endpoint.
    public let openDSRParty: String?

    /// Creates a grant.
    public init(name: String, read: Bool, write: Bool, openDSRParty: String?) {
        self.name = name
        self.read = read
        self.write = write
        self.openDSRParty = openDSRParty
    }
}

/// A token file's line that cannot be read, with its place.
public struct TokenFileError: Error, Sendable, CustomStringConvertible {
    /// The file (or `SHAREGRAPH_TOKENS`) and the line, from 1.
    public let origin: String
    /// The line number.
    public let line: Int
    /// What is wrong.
    public let problem: String

    /// The error with its place and what to do.
    public var description: String {
        "\(origin):\(line):1: error: \(problem); write `NAME SCOPES sha256:HEX` (make one with `sharegraph token NAME --scope read`)"
    }
}

/// The tokens the server accepts.
public struct TokenStore: Sendable {
    private struct Entry: Sendable {
        var digest: [UInt8]
        var grant: Grant
    }
    private let entries: [Entry]

    /// No tokens: only `/api/health` answers.
    public init() { entries = [] }

    /// Reads token lines; `origin` names the file or variable in errors.
    public init(text: String, origin: String) throws(TokenFileError) {
        var entries: [Entry] = []
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard fields.count == 3 else {
                throw TokenFileError(origin: origin, line: number + 1, problem: "expected three fields")
            }
            guard fields[2].hasPrefix("sha256:"), let digest = Self.hexBytes(String(fields[2].dropFirst(7))),
                digest.count == 32
            else {
                throw TokenFileError(
                    origin: origin, line: number + 1, problem: "the third field is not `sha256:` and 64 hex digits")
            }
            var read = false
            var write = false
            var party: String?
            for scope in fields[1].split(separator: ",") {
                switch scope {
                case "read": read = true
                case "write": write = true
                case let other where other.hasPrefix("opendsr="):
                    party = String(other.dropFirst("opendsr=".count))
                    if party?.isEmpty ?? true {
                        throw TokenFileError(origin: origin, line: number + 1, problem: "`opendsr=` names no party")
                    }
                default:
                    throw TokenFileError(
                        origin: origin, line: number + 1,
                        problem: "unknown scope `\(scope.prefix(40))` (use read, write, opendsr=PARTY)")
                }
            }
            entries.append(
                Entry(digest: digest, grant: Grant(name: fields[0], read: read, write: write, openDSRParty: party)))
        }
        self.entries = entries
    }

    /// Whether any token is configured.
    public var isEmpty: Bool { entries.isEmpty }

    /// The grant of `token`, comparing its digest with every stored digest in constant time.
    public func grant(for token: String) -> Grant? {
        let presented = Array(SHA256.hash(data: Data(token.utf8)))
        var found: Grant?
        for entry in entries {
            var difference: UInt8 = 0
            for (a, b) in zip(entry.digest, presented) { difference |= a ^ b }
            if difference == 0 && found == nil { found = entry.grant }
        }
        return found
    }

    /// The line for a token file: `NAME SCOPES sha256:HEX`.
    public static func line(name: String, scopes: String, token: String) -> String {
        "\(name) \(scopes) sha256:" + Hex.encode(SHA256.hash(data: Data(token.utf8)))
    }

    /// A new random token: 32 bytes from the system's generator, base64url, with a prefix that
    /// secret scanners can recognise.
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "sgt_"
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func hexBytes(_ text: String) -> [UInt8]? {
        guard text.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}
