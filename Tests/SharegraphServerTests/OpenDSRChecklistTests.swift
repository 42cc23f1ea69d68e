// OpenDSR's self-certification checklists (opengdpr/OpenDSR certification_checklists.md), item by
// item, against specification.md. Items the other OpenDSR tests already hold (signed answers,
// cancellation, status objects, callback authentication) are named where they are; each test here
// failed before: a request without `regulation` or identities was accepted, discovery gave the key
// as a relative path, URLs had no major version, Sharegraph's request had a version 5 UUID, api
// version 0.1 and its own fields at the top level, and `pending` was never called back.

import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SharegraphCore
import SharegraphLedger
import SharegraphTestSupport
import Testing

@testable import SharegraphServer

struct OpenDSRChecklistTests {
    static func configuration(publicURL: String? = nil) -> OpenDSRConfiguration {
        OpenDSRConfiguration(
            party: "stripe", signer: OpenDSRSigner(key: OpenDSRProcessorTests.processorKey, domain: "stripe.example"),
            keys: OpenDSRKeys(), publicURL: publicURL)
    }

    static func stripe(publicURL: String? = nil) throws -> ServerFixture {
        try ServerFixture(openDSR: configuration(publicURL: publicURL))
    }

    /// A request with each field replaceable; `nil` leaves the field out.
    static func request(
        regulation: String? = "\"gdpr\"", id: String = OpenDSRProcessorTests.id,
        identities: String? =
            #"[{"identity_type": "email", "identity_value": "lise.kurs@example.no", "identity_format": "raw"}]"#,
        extensions: String? = nil
    ) -> String {
        var fields = [
            #""subject_request_id": "\#(id)""#, #""subject_request_type": "erasure""#,
            #""submitted_time": "2026-11-16T09:00:00Z""#, #""api_version": "2.0""#,
        ]
        if let regulation { fields.append(#""regulation": \#(regulation)"#) }
        if let identities { fields.append(#""subject_identities": \#(identities)"#) }
        if let extensions { fields.append(#""extensions": \#(extensions)"#) }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    /// Processors, "New requests: validations": section 7.1.1 requires `regulation` (gdpr or ccpa),
    /// a version 4 `subject_request_id` (1.1), and identities (5.3) of the types and formats 5.1 and
    /// 5.2 list. Each is refused with 400 and a reason, and nothing is recorded.
    @Test func aRequestMissingWhatSection7Requires() async throws {
        let fixture = try Self.stripe()
        let email = #"{"identity_type": "email", "identity_value": "lise.kurs@example.no", "identity_format": "raw"}"#
        let refused: [(String, String)] = [
            (Self.request(regulation: nil), "MissingRegulation"),
            (Self.request(regulation: "\"hipaa\""), "UnknownRegulation"),
            (Self.request(regulation: "\"ccpa\""), "UnsupportedRegulation"),
            (Self.request(id: "0b6f3c5e-8f3a-5f0e-9a51-2f1d8c6b7a90"), "InvalidSubjectRequestId"),
            (Self.request(identities: nil), "MissingIdentities"),
            (Self.request(identities: "[]"), "MissingIdentities"),
            (
                Self.request(identities: "[" + email.replacingOccurrences(of: "\"email\"", with: "\"phone\"") + "]"),
                "UnsupportedIdentityType"
            ),
            (
                Self.request(identities: "[" + email.replacingOccurrences(of: "\"raw\"", with: "\"base64\"") + "]"),
                "UnsupportedIdentityFormat"
            ),
        ]
        try await fixture.test { client in
            for (body, reason) in refused {
                try await client.execute(
                    uri: "/opendsr/v1/requests", method: .post, headers: .bearer(ServerFixture.openDSRToken),
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status == .badRequest, "\(reason)")
                    #expect(response.text.contains(reason), "\(reason): \(response.text)")
                    #expect(!response.text.contains("lise.kurs"), "7.6: errors carry no identity")
                }
            }
        }
        #expect(try fixture.environment.ledger.openIncomingOpenDSR().isEmpty)
    }

    /// Processors, "including included extensions" (7.1.2): an identifier of a type 5.1 does not
    /// list travels in Sharegraph's extension and is used; another processor's extension is ignored.
    @Test func identitiesInAnExtensionAreUsedAndOtherExtensionsIgnored() async throws {
        let fixture = try Self.stripe()
        let extensions = #"""
            {"stripe.example": {"sharegraph": {"deadline": "2026-11-30", "identities": [{"identity_type": "phone", "identity_value": "+4790000000", "identity_format": "raw"}]}},
             "other-processor.example": {"their_id": 123456}}
            """#
        try await fixture.test { client in
            try await client.execute(
                uri: "/opendsr/v1/requests", method: .post, headers: .bearer(ServerFixture.openDSRToken),
                body: ByteBuffer(string: Self.request(identities: nil, extensions: extensions))
            ) { response in
                #expect(response.status == .created, "\(response.text)")
                #expect(
                    response.json["expected_completion_time"] as? String == "2026-11-30T23:59:59Z",
                    "the controller's deadline from the extension")
            }
        }
    }

    /// Processors, "Major version number in URLs" (3.4) and the earlier route names (10.1): the
    /// requests resource answers under /opendsr/v1 as requests, opengdpr_requests and
    /// opencompliance_requests, and under the unversioned paths of earlier releases.
    @Test func versionedURLsAndEarlierRouteNames() async throws {
        let fixture = try Self.stripe()
        try await fixture.test { client in
            for (number, path) in [
                "/opendsr/v1/requests", "/opendsr/v1/opengdpr_requests", "/opendsr/v1/opencompliance_requests",
                "/opendsr/requests",
            ].enumerated() {
                let id = String(format: "0b6f3c5e-8f3a-4f0e-9a51-%012d", number)
                try await client.execute(
                    uri: path, method: .post, headers: .bearer(ServerFixture.openDSRToken),
                    body: ByteBuffer(string: Self.request(id: id))
                ) { response in #expect(response.status == .created, "\(path): \(response.text)") }
                try await client.execute(
                    uri: path + "/" + id, method: .get, headers: .bearer(ServerFixture.openDSRToken)
                ) { response in #expect(response.json["request_status"] as? String == "pending", "\(path)") }
            }
        }
    }

    /// Processors, "/discovery: public certificate, supported identity types" (6.3): the key is a
    /// full URL on the processor's own domain, and every identity type offered is one of 5.1's.
    @Test func discoveryGivesTheKeysFullURLAndOnlyListedIdentityTypes() async throws {
        let fixture = try Self.stripe(publicURL: "https://sharegraph.stripe.example/")
        try await fixture.test { client in
            try await client.execute(
                uri: "/opendsr/v1/discovery", method: .get, headers: .bearer(ServerFixture.openDSRToken)
            ) { response in
                #expect(
                    response.json["processor_certificate"] as? String
                        == "https://sharegraph.stripe.example/opendsr/v1/key.pem")
                let types = (response.json["supported_identities"] as? [[String: Any]] ?? []).compactMap {
                    $0["identity_type"] as? String
                }
                #expect(!types.isEmpty && types.allSatisfy(OpenDSRRequest.identityTypes.contains))
            }
            try await client.execute(
                uri: "/opendsr/v1/key.pem", method: .get, headers: .bearer(ServerFixture.openDSRToken)
            ) { response in #expect(response.text.hasPrefix("-----BEGIN PUBLIC KEY-----")) }
        }
    }

    /// Processors, "API security: authentication & authorization": every OpenDSR route but the
    /// callbacks needs a token (401 without one); the callbacks need a signature instead (8.8).
    @Test func everyOpenDSRRouteNeedsATokenOrASignature() async throws {
        let fixture = try Self.stripe(publicURL: "https://sharegraph.stripe.example")
        let id = OpenDSRProcessorTests.id
        try await fixture.test { client in
            for base in OpenDSRRoutes.bases {
                for (method, path) in [
                    (HTTPRequest.Method.get, "discovery"), (.get, "key.pem"), (.post, "requests"),
                    (.get, "requests/\(id)"),
                    (.delete, "requests/\(id)"),
                ] {
                    try await client.execute(uri: "\(base)/\(path)", method: method) { response in
                        #expect(response.status == .unauthorized, "\(method) \(base)/\(path)")
                    }
                }
                for name in OpenDSRRoutes.callbackNames {
                    try await client.execute(
                        uri: "\(base)/\(name)", method: .post, body: ByteBuffer(string: "{}")
                    ) { response in
                        #expect(response.status == .unauthorized, "unsigned callback to \(base)/\(name)")
                    }
                }
            }
        }
    }

    /// Processors, "Callbacks are sent on status changes" (8.5: all callbacks on every change): a
    /// request received and completed between two passes of the sender is called back pending,
    /// in_progress and completed, in that order; before, only the last status was, and pending never.
    @Test func everyStatusPassedThroughIsCalledBackInOrder() async throws {
        let fixture = try Self.stripe()
        try await fixture.test { client in
            try await client.execute(
                uri: "/opendsr/v1/requests", method: .post, headers: .bearer(ServerFixture.openDSRToken),
                body: ByteBuffer(string: OpenDSRProcessorTests.request())
            ) { response in #expect(response.status == .created) }
        }
        let ledger = fixture.environment.ledger
        let notices = try ledger.notices(NoticeFilter(request: "opendsr-\(OpenDSRProcessorTests.id)"))
        for notice in notices.sorted(by: { $0.parentID != nil && $1.parentID == nil }) {
            _ = try ledger.acknowledge(notice.id, .completed, at: Date())
        }
        let service = CallbackService(
            processor: OpenDSRProcessor(
                configuration: try #require(fixture.configuration.openDSR), environment: fixture.environment),
            interval: .seconds(60), logger: Logger(label: "test"))
        try service.queueChanges()
        #expect(try ledger.dueCallbacks(now: Date()).map(\.status) == [.pending, .inProgress, .completed])
        #expect(OpenDSRStatus.cancelled.path == [.pending, .cancelled])
    }

    /// Controllers, "New requests: correctly populating required fields especially identity_types
    /// and extensions": the request Sharegraph posts has OpenDSR's fields at the top level, a
    /// version 4 id, the API version discovery names, only 5.1's identity types among the
    /// identities, and everything of its own in its extension under the processor's domain.
    @Test func theRequestSharegraphPostsFollowsSection7() throws {
        var plan = try Seeds.plan("vekstly-course-participant-erasure")
        plan.request.subject.relationships[0].identifiers.append(
            Identifier(
                type: Located("phone", at: plan.request.location), value: "+4790000000",
                category: Identifier.defaultCategory(forType: "phone")))
        let draft = RequestDraft(
            plan: plan, controllerName: "Vekstly AS", callbackURL: "https://dpo.vekstly.example/cb")
        let notice = try #require(draft.notices.first { $0.recipient == "stripe" && $0.action == .instruct })
        let posted = try #require(
            OpenDSRChannel.request(fromBody: notice.body, endpoint: "https://stripe.example/opendsr/v1"))
        let request = try #require(try JSONSerialization.jsonObject(with: posted) as? [String: Any])
        #expect(
            Set(request.keys) == [
                "regulation", "subject_request_id", "subject_request_type", "subject_identities", "submitted_time",
                "api_version", "status_callback_urls", "extensions",
            ])
        #expect(request["regulation"] as? String == "gdpr" && request["api_version"] as? String == OpenDSR.apiVersion)
        #expect(OpenDSRRequest.isUUID(request["subject_request_id"] as? String ?? ""))
        let identities = try #require(request["subject_identities"] as? [[String: Any]])
        #expect(identities.allSatisfy { OpenDSRRequest.identityTypes.contains($0["identity_type"] as? String ?? "") })
        let extensions = try #require(request["extensions"] as? [String: [String: Any]])
        let sharegraph = try #require(extensions["stripe.example"]?["sharegraph"] as? [String: Any])
        #expect(sharegraph["legal_reason"] as? String != nil && sharegraph["instructions"] as? [Any] != nil)
        let decoded = try OpenDSR.decode(OpenDSRRequest.self, from: posted)
        #expect(decoded.sharegraph?.deadline == notice.deadline?.description)
        #expect(throws: Never.self, "Sharegraph's own request passes its own checks") {
            try OpenDSRProcessor.validate(decoded)
        }
    }
}
