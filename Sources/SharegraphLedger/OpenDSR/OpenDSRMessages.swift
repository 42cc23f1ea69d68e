// OpenDSR's messages and signatures (opengdpr/OpenDSR `specification.md`): the request a
// controller posts, the response and status a processor answers with, and the status callbacks it
// sends. Bodies are signed with ECDSA P-256 over SHA-256 (FIPS 186-4), base64 in
// `X-OpenDSR-Signature`, beside `X-OpenDSR-Processor-Domain`. Keys are pinned by configuration:
// each organisation's public key is given to the other (a PEM file per party) instead of being
// fetched from a certificate URL.

public import Crypto
public import Foundation

/// OpenDSR's request statuses.
public enum OpenDSRStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// Received, nothing done yet.
    case pending
    /// Being acted on: some notice has gone out or been answered.
    case inProgress = "in_progress"
    /// Fulfilled: every notice under it is completed.
    case completed
    /// Cancelled by the controller while pending.
    case cancelled

    /// Every status a request has passed through to reach this one, in order: a callback is owed
    /// for each (section 8.5), even when two changes fall between two passes of the sender.
    public var path: [OpenDSRStatus] {
        switch self {
        case .pending: [.pending]
        case .inProgress: [.pending, .inProgress]
        case .completed: [.pending, .inProgress, .completed]
        case .cancelled: [.pending, .cancelled]
        }
    }

    /// The order statuses move in.
    public static func < (lhs: OpenDSRStatus, rhs: OpenDSRStatus) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The header names, and the names of the earlier editions a receiver also accepts (spec 10.1).
public enum OpenDSRHeader {
    /// The signature of the body.
    public static let signature = "X-OpenDSR-Signature"
    /// The domain the signing key belongs to.
    public static let domain = "X-OpenDSR-Processor-Domain"
    /// Earlier names of the signature header.
    public static let signatureAliases = ["X-OpenCompliance-Signature", "X-OpenGDPR-Signature"]
    /// Earlier names of the domain header.
    public static let domainAliases = ["X-OpenCompliance-Processor-Domain", "X-OpenGDPR-Processor-Domain"]
}

/// An identity in a request.
public struct OpenDSRIdentity: Codable, Sendable, Hashable {
    /// The identifier's type (`email`, `controller_customer_id`).
    public var identityType: String
    /// The identifier.
    public var identityValue: String
    /// How it is encoded (`raw`, `sha256`).
    public var identityFormat: String
}

/// A request as a controller posts it. Sharegraph's own notices add their fields beside these.
public struct OpenDSRRequest: Codable, Sendable {
    /// `gdpr`.
    public var regulation: String?
    /// The controller's id for the request, a lowercase UUID.
    public var subjectRequestId: String
    /// `erasure`, `access` or `portability`.
    public var subjectRequestType: String
    /// Who the request is about.
    public var subjectIdentities: [OpenDSRIdentity]?
    /// When the person made the request (RFC 3339).
    public var submittedTime: String
    /// The API version the controller wants.
    public var apiVersion: String?
    /// Where status changes are posted.
    public var statusCallbackUrls: [String]?
    /// Processor-specific parts, keyed by the processor's domain (section 7.1.2).
    public var extensions: [String: ProcessorExtension]?
    /// Sharegraph's instructions at the top level, as Sharegraph before extensions wrote them.
    public var instructions: [Instruction]?
    /// The day the controller needs the answer by, at the top level (earlier Sharegraph).
    public var deadline: String?

    /// Sharegraph's extension, under whichever processor domain it was written for.
    public var sharegraph: SharegraphExtension? { extensions?.values.lazy.compactMap(\.sharegraph).first }

    /// The answer the controller needs by: the extension's, else the top level's.
    public var answerBy: String? { sharegraph?.deadline ?? deadline }

    /// One processor's extension object; only Sharegraph's part is read, others are left alone.
    public struct ProcessorExtension: Codable, Sendable {
        /// What a controller running Sharegraph adds to the request.
        public var sharegraph: SharegraphExtension?

        /// An extension with Sharegraph's part.
        public init(sharegraph: SharegraphExtension?) { self.sharegraph = sharegraph }

        /// Reads Sharegraph's part if there is one; another processor's object is not an error.
        public init(from decoder: any Decoder) throws {
            let container = try? decoder.container(keyedBy: CodingKeys.self)
            sharegraph = try? container?.decodeIfPresent(SharegraphExtension.self, forKey: .sharegraph)
        }
    }

    /// What a controller running Sharegraph adds to an OpenDSR request, in its extension.
    public struct SharegraphExtension: Codable, Sendable, Hashable {
        /// The notice in the controller's ledger.
        public var noticeId: String?
        /// The controller's party id and name.
        public var controller: String?
        /// The controller's name.
        public var controllerName: String?
        /// What the processor is asked to do (`instruct`).
        public var action: String?
        /// The legal reason, in the request's language.
        public var legalReason: String?
        /// The day the controller needs the answer by.
        public var deadline: String?
        /// What to do with which categories.
        public var instructions: [Instruction]?
        /// The sub-processors the processor passes the instruction on to.
        public var passOnTo: [String]?
        /// The person's identifiers whose types section 5.1 does not list (a phone number, say).
        public var identities: [OpenDSRIdentity]?
    }

    /// One instruction of a Sharegraph notice.
    public struct Instruction: Codable, Sendable, Hashable {
        /// `erase`, `restrict` or `hold`.
        public var kind: String
        /// The categories concerned.
        public var categories: [String]
        /// The controller's purposes they were held for.
        public var purposes: [String]
        /// Restricted until this day (a restriction).
        public var until: String? = nil
        /// The statute that keeps them (a restriction).
        public var law: String? = nil
        /// `possible` when only a purpose that may not apply to the person brings them in.
        public var certainty: String? = nil
    }

    /// Whether `text` is a lowercase RFC 4122 UUID of version 4, as OpenDSR requires of request
    /// ids (section 1.1): the version digit 4 and the variant bits 10.
    public static func isUUID(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        guard parts[2].first == "4", let variant = parts[3].first, "89ab".contains(variant) else { return false }
        return text.allSatisfy { $0 == "-" || ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    /// The regulations a request may name (section 7.1.1).
    public static let regulations = ["gdpr", "ccpa"]

    /// The identity types of section 5.1.
    public static let identityTypes: Set<String> = [
        "controller_customer_id", "android_advertising_id", "android_id", "email", "fire_advertising_id",
        "ios_advertising_id", "ios_vendor_id", "microsoft_advertising_id", "microsoft_publisher_id",
        "roku_publisher_id", "roku_advertising_id",
    ]

    /// The identity formats of section 5.2.
    public static let identityFormats: Set<String> = ["raw", "sha1", "md5", "sha256"]
}

/// A status callback, and the body of a status answer.
public struct OpenDSRStatusMessage: Codable, Sendable, Equatable {
    /// The controller's id in the processor's system.
    public var controllerId: String
    /// When the processor expects to be done (RFC 3339).
    public var expectedCompletionTime: String
    /// The callback URL this message is posted to (callbacks only).
    public var statusCallbackUrl: String?
    /// The request.
    public var subjectRequestId: String
    /// Where it stands.
    public var requestStatus: OpenDSRStatus
    /// The API version.
    public var apiVersion: String?

    /// Creates a message.
    public init(
        controllerId: String, expectedCompletionTime: String, statusCallbackUrl: String?, subjectRequestId: String,
        requestStatus: OpenDSRStatus, apiVersion: String? = OpenDSR.apiVersion
    ) {
        self.controllerId = controllerId
        self.expectedCompletionTime = expectedCompletionTime
        self.statusCallbackUrl = statusCallbackUrl
        self.subjectRequestId = subjectRequestId
        self.requestStatus = requestStatus
        self.apiVersion = apiVersion
    }
}

/// Coding and signing shared by both sides.
public enum OpenDSR {
    /// The API version this implementation answers with.
    public static let apiVersion = "2.0"

    /// Snake-case JSON with sorted keys, as every OpenDSR body is written.
    public static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// Reads snake-case JSON.
    public static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(type, from: data)
    }

    /// RFC 3339 in UTC, seconds.
    public static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}

/// This organisation's OpenDSR signing key.
public struct OpenDSRSigner: Sendable {
    private let key: P256.Signing.PrivateKey
    /// The domain named in `X-OpenDSR-Processor-Domain`.
    public let domain: String

    /// A signer with `key`, for `domain`.
    public init(key: P256.Signing.PrivateKey, domain: String) {
        self.key = key
        self.domain = domain
    }

    /// Reads a PEM private key (`openssl ecparam -name prime256v1 -genkey -noout`, or PKCS#8).
    public init(pemFile path: String, domain: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        self.init(key: try P256.Signing.PrivateKey(pemRepresentation: text), domain: domain)
    }

    /// The public key as PEM, for the other organisation to pin.
    public var publicKeyPEM: String { key.publicKey.pemRepresentation }

    /// The base64 DER signature of `body`.
    public func signature(_ body: some DataProtocol) -> String {
        ((try? key.signature(for: body))?.derRepresentation ?? Data()).base64EncodedString()
    }

    /// The two OpenDSR headers for `body`.
    public func headers(_ body: some DataProtocol) -> [(String, String)] {
        [(OpenDSRHeader.domain, domain), (OpenDSRHeader.signature, signature(body))]
    }
}

/// The public keys of other organisations, pinned by configuration: `PARTY.pem` in a directory.
public struct OpenDSRKeys: Sendable {
    private let keys: [String: P256.Signing.PublicKey]

    /// No keys: nothing verifies.
    public init() { keys = [:] }

    /// Keys by party.
    public init(_ keys: [String: P256.Signing.PublicKey]) { self.keys = keys }

    /// Reads every `PARTY.pem` in `directory`; a file that is not a P-256 public key is an error
    /// naming it.
    public init(directory: String) throws {
        var keys: [String: P256.Signing.PublicKey] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".pem") {
            let path = (directory as NSString).appendingPathComponent(name)
            let text = try String(contentsOfFile: path, encoding: .utf8)
            do {
                keys[String(name.dropLast(4))] = try P256.Signing.PublicKey(pemRepresentation: text)
            } catch {
                throw OpenDSRKeyError(path: path)
            }
        }
        self.keys = keys
    }

    /// The key pinned for `party`.
    public func key(for party: String) -> P256.Signing.PublicKey? { keys[party] }

    /// Whether `signature` (base64 DER) is `party`'s signature of `body`.
    public func verify(_ body: some DataProtocol, signature: String, party: String) -> Bool {
        guard let key = keys[party], let der = Data(base64Encoded: signature),
            let parsed = try? P256.Signing.ECDSASignature(derRepresentation: der)
        else { return false }
        return key.isValidSignature(parsed, for: body)
    }
}

/// A key file that is not a P-256 public key.
public struct OpenDSRKeyError: Error, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The problem and what to do.
    public var description: String {
        "\(path) is not a P-256 public key in PEM; export one with `openssl ec -in key.pem -pubout`"
    }
}
