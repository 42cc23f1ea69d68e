// Notices to a processor's OpenDSR endpoint: the notice's body is an OpenDSR erasure request (its
// identities only those the processor already holds), posted to `ENDPOINT/requests` with the
// bearer token the processor issued. The processor's signed answer is checked against the key
// pinned for it; its status callbacks, received by `sharegraph serve`, move the notice on.

public import Foundation
import Logging
public import SharegraphCore

/// Posts each notice as an OpenDSR request to the recipient's endpoint.
public struct OpenDSRChannel: DeliveryChannel {
    /// How the POST is made.
    public let transport: any WebhookTransport
    /// The processors' public keys, to check their signed answers.
    public let keys: OpenDSRKeys
    /// The environment, where each processor's token is read from `SHAREGRAPH_OPENDSR_TOKEN_<RECIPIENT>`.
    public let environment: [String: String]

    /// Creates the channel.
    public init(transport: any WebhookTransport, keys: OpenDSRKeys, environment: [String: String]) {
        self.transport = transport
        self.keys = keys
        self.environment = environment
    }

    /// The variable a processor's token is read from.
    public static func tokenVariable(for party: String) -> String {
        "SHAREGRAPH_OPENDSR_TOKEN_" + String(party.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
    }

    /// Where requests are posted for an endpoint.
    public static func requestsURL(_ endpoint: String) -> String {
        (endpoint.hasSuffix("/") ? String(endpoint.dropLast()) : endpoint) + "/requests"
    }

    /// Notices to an OpenDSR endpoint, one queue per endpoint.
    public func queue(for channel: NoticeChannel) -> String? {
        if case .endpoint(.openDSR, let endpoint) = channel { "opendsr " + endpoint } else { nil }
    }

    /// Posts the request, checks the signed answer and records it.
    public func deliver(_ notice: NoticeRecord, context: DeliveryContext) async throws(LedgerError) -> DeliveryOutcome {
        guard case .endpoint(_, let endpoint) = notice.channel else { return .noAddress }
        let ledger = context.ledger
        let logger = context.logger
        guard let token = environment[Self.tokenVariable(for: notice.recipient)], !token.isEmpty else {
            logger.warning(
                "no OpenDSR token",
                metadata: [
                    "recipient": "\(notice.recipient)", "variable": "\(Self.tokenVariable(for: notice.recipient))",
                ])
            return .notConfigured
        }
        guard keys.key(for: notice.recipient) != nil else {
            logger.warning("no OpenDSR key pinned for the recipient", metadata: ["recipient": "\(notice.recipient)"])
            return .notConfigured
        }
        guard let posted = Self.request(fromBody: notice.body, endpoint: endpoint),
            let request = try? OpenDSR.decode(OpenDSRRequest.self, from: posted)
        else {
            try ledger.recordFailure(
                notice.id, at: context.now(), detail: "the stored body is not an OpenDSR request", retryAt: nil)
            return .failed
        }
        // Noted before the POST: the processor's first callback may arrive before its answer.
        if let store = ledger as? SQLiteLedger {
            try store.recordOpenDSRSent(
                subjectRequestID: request.subjectRequestId, recipient: notice.recipient, noticeID: notice.id,
                endpoint: endpoint)
        }
        try ledger.recordAttempt(notice.id, at: context.now())
        let attempt = notice.attempts + 1
        let url = Self.requestsURL(endpoint)
        do {
            let response = try await transport.post(
                url: url,
                headers: [
                    ("authorization", "Bearer " + token), ("accept", "application/json"),
                    ("content-type", "application/json"),
                ],
                body: String(decoding: posted, as: UTF8.self))
            logger.info(
                "OpenDSR endpoint answered",
                metadata: ["notice": "\(notice.id)", "status": "\(response.status)", "attempt": "\(attempt)"])
            switch response.status {
            case 200, 201:
                let signature =
                    response.headers[OpenDSRHeader.signature.lowercased()]
                    ?? OpenDSRHeader.signatureAliases.lazy.compactMap { response.headers[$0.lowercased()] }.first
                guard let signature, keys.verify(response.body, signature: signature, party: notice.recipient) else {
                    logger.error("OpenDSR answer not signed by the pinned key", metadata: ["notice": "\(notice.id)"])
                    return try context.fail(
                        notice, attempt: attempt, detail: "the answer's signature does not verify", retryAfter: nil)
                }
                let expected = (try? OpenDSR.decode(Accepted.self, from: Data(response.body)))?.expectedCompletionTime
                try ledger.recordSent(
                    notice.id, at: context.now(),
                    detail: "OpenDSR \(response.status)" + (expected.map { "; expected completion \($0)" } ?? ""))
                return .sent
            case 400, 409, 422:
                // The processor refuses this request as written; sending it again changes nothing.
                try ledger.recordFailure(
                    notice.id, at: context.now(),
                    detail: "OpenDSR \(response.status): the processor refused the request",
                    retryAt: nil)
                return .failed
            default:
                return try WebhookChannel.record(response, of: notice, url: url, attempt: attempt, context: context)
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            return try WebhookChannel.record(failure: error, of: notice, attempt: attempt, context: context)
        }
    }

    /// The request posted for a notice: OpenDSR's own fields at the top level (section 7.1.1), the
    /// person's identifiers of the types section 5.1 lists among them, and what Sharegraph adds (the
    /// instructions, the legal reason, the deadline, other identifiers) in its extension under the
    /// processor's domain (section 7.1.2). Nil when the stored body is not a notice body.
    public static func request(fromBody body: String, endpoint: String) -> Foundation.Data? {
        guard let notice = try? JSONDecoder.snakeCase.decode(NoticeBody.self, from: Data(body.utf8)) else { return nil }
        var listed: [OpenDSRIdentity] = []
        var other: [OpenDSRIdentity] = []
        for identity in notice.subjectIdentities {
            let type = openDSRIdentityType[identity.identityType] ?? identity.identityType
            let converted = OpenDSRIdentity(
                identityType: type, identityValue: identity.identityValue, identityFormat: identity.identityFormat)
            if OpenDSRRequest.identityTypes.contains(type) { listed.append(converted) } else { other.append(converted) }
        }
        let domain = URL(string: endpoint)?.host() ?? endpoint
        let sharegraph = OpenDSRRequest.SharegraphExtension(
            noticeId: notice.noticeId, controller: notice.controller, controllerName: notice.controllerName,
            action: notice.action, legalReason: notice.legalReason, deadline: notice.deadline,
            instructions: notice.instructions.map {
                OpenDSRRequest.Instruction(
                    kind: $0.kind, categories: $0.categories, purposes: $0.purposes, until: $0.until, law: $0.law,
                    certainty: $0.certainty)
            }, passOnTo: notice.passOnTo.isEmpty ? nil : notice.passOnTo, identities: other.isEmpty ? nil : other)
        struct Posted: Encodable {
            var regulation: String
            var subjectRequestId: String
            var subjectRequestType: String
            var subjectIdentities: [OpenDSRIdentity]
            var submittedTime: String
            var apiVersion: String
            var statusCallbackUrls: [String]
            var extensions: [String: OpenDSRRequest.ProcessorExtension]
        }
        return OpenDSR.encode(
            Posted(
                regulation: notice.regulation, subjectRequestId: notice.subjectRequestId,
                subjectRequestType: notice.subjectRequestType, subjectIdentities: listed,
                submittedTime: notice.submittedTime, apiVersion: OpenDSR.apiVersion,
                statusCallbackUrls: notice.statusCallbackUrls,
                extensions: [domain: OpenDSRRequest.ProcessorExtension(sharegraph: sharegraph)]))
    }

    /// Sharegraph's identifier types that section 5.1 names otherwise.
    static let openDSRIdentityType = ["customer-number": "controller_customer_id"]

    private struct Accepted: Decodable {
        var expectedCompletionTime: String?
    }
}
