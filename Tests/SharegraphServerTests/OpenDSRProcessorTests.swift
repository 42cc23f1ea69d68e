// OpenDSR as a processor (opengdpr/OpenDSR specification.md, sections 6-9): a received erasure is
// planned on this organisation's own graph, only its own part is recorded, answers are signed,
// and the request's status follows its notices.

import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SharegraphCore
import SharegraphLedger
import SharegraphServer
import SharegraphTestSupport
import Testing

struct OpenDSRProcessorTests {
    static let processorKey = P256.Signing.PrivateKey()

    /// Stripe's server: Stripe processes card payments for Vekstly and passes them to Stripe Inc (seed graphs).
    static func stripe() throws -> ServerFixture {
        try ServerFixture(
            openDSR: OpenDSRConfiguration(
                party: "stripe", signer: OpenDSRSigner(key: processorKey, domain: "stripe.example"),
                keys: OpenDSRKeys(),
                publicURL: nil))
    }

    static let id = "0b6f3c5e-8f3a-4f0e-9a51-2f1d8c6b7a90"

    static func request(
        id: String = id, type: String = "erasure", email: String = "lise.kurs@example.no",
        urls: String = "\"https://controller.example/opendsr/callbacks\""
    ) -> String {
        """
        {"regulation": "gdpr", "subject_request_id": "\(id)", "subject_request_type": "\(type)",
         "submitted_time": "2026-11-16T09:00:00Z", "api_version": "2.0",
         "subject_identities": [{"identity_type": "email", "identity_value": "\(email)", "identity_format": "raw"}],
         "status_callback_urls": [\(urls)]}
        """
    }

    static func signed(_ response: TestResponse) -> Bool {
        guard let signature = response.headers[HTTPField.Name("X-OpenDSR-Signature")!],
            response.headers[HTTPField.Name("X-OpenDSR-Processor-Domain")!] == "stripe.example"
        else { return false }
        return OpenDSRKeys(["stripe": processorKey.publicKey]).verify(
            Array(response.body.readableBytesView), signature: signature, party: "stripe")
    }

    /// SSRF: a controller's `status_callback_urls` make this server post. They used to be stored
    /// unchecked and posted under the graph's rule "plain http to loopback", so a remote
    /// organisation reached any local port. A URL from outside must be https to a public address
    /// (unless the controller is marked internal), and a request may list at most four.
    @Test func callbackURLsFromOutsideAreJudgedAsOutsideURLs() async throws {
        let fixture = try Self.stripe()
        let refused = [
            "\"http://127.0.0.1:8080/admin\"", "\"http://localhost:8080/\"", "\"http://[::ffff:127.0.0.1]:8080/\"",
            "\"https://127.0.0.1/\"", "\"https://localhost/x\"", "\"https://[::1]/\"", "\"https://10.0.0.7/hook\"",
            "\"https://169.254.169.254/latest/meta-data\"", "\"https://[64:ff9b::a9fe:a9fe]/\"",
            "\"http://controller.example/\"",
            Array(repeating: "\"https://controller.example/cb\"", count: 5).joined(separator: ", "),
        ]
        try await fixture.test { client in
            for (number, urls) in refused.enumerated() {
                let id = String(format: "0b6f3c5e-8f3a-4f0e-9a51-%012d", number)
                try await client.execute(
                    uri: "/opendsr/requests", method: .post, headers: .bearer(ServerFixture.openDSRToken),
                    body: ByteBuffer(string: Self.request(id: id, urls: urls))
                ) { response in
                    #expect(response.status == .badRequest, "\(urls)")
                    #expect(response.text.contains("InvalidCallbackUrl"), "\(urls): \(response.text)")
                }
            }
        }
        // Judged again before each post, on the addresses the host resolves to.
        for url in ["https://localhost/cb", "https://127.0.0.1.nip.invalid/cb", "http://example.com/cb"] {
            #expect(throws: EndpointRefused.self, "\(url)") {
                try EndpointGuard.checkFromOutside(url, isInternal: false)
            }
        }
        // A controller marked internal (on the same network) may give a loopback URL.
        #expect(throws: Never.self) { try EndpointGuard.checkFromOutside("http://127.0.0.1:9/cb", isInternal: true) }
    }

    @Test func anErasureIsPlannedOnTheProcessorsOwnGraphAndOnlyItsPartIsRecorded() async throws {
        let fixture = try Self.stripe()
        let body = Self.request()
        try await fixture.test { client in
            try await client.execute(
                uri: "/opendsr/requests", method: .post, headers: .bearer(ServerFixture.openDSRToken),
                body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .created)
                #expect(Self.signed(response), "7.4: the answer is signed with the processor's key")
                #expect(response.json["controller_id"] as? String == "vekstly")
                #expect(response.json["subject_request_id"] as? String == Self.id)
                #expect(response.json["encoded_request"] as? String == Data(body.utf8).base64EncodedString())
                #expect(response.json["expected_completion_time"] as? String != nil)
            }
            // The same request again is the same answer; another under the same id is a conflict.
            try await client.execute(
                uri: "/opendsr/requests", method: .post, headers: .bearer(ServerFixture.openDSRToken),
                body: ByteBuffer(string: body)
            ) { response in #expect(response.status == .created) }
            try await client.execute(
                uri: "/opendsr/requests", method: .post, headers: .bearer(ServerFixture.openDSRToken),
                body: ByteBuffer(string: Self.request(email: "someone.else@example.no"))
            ) { response in
                #expect(response.status == .conflict)
                let error = try #require(response.json["error"] as? [String: Any])
                #expect(error["code"] as? Int == 409)
                #expect(!response.text.contains("example.no"), "7.6: errors carry no identity")
            }
        }
        let notices = try fixture.environment.ledger.notices(NoticeFilter(request: "opendsr-\(Self.id)"))
        // Art. 28(3)(g), 28(4): Stripe's own task, and the instruction it passes to Stripe Inc; nothing
        // of Vekstly's own or of other recipients.
        #expect(Set(notices.map(\.recipient)) == ["stripe", "stripe-inc"])
        let own = try #require(notices.first { $0.recipient == "stripe" })
        #expect(own.channel == .internal && own.action == .instruct)
        let sub = try #require(notices.first { $0.recipient == "stripe-inc" })
        #expect(sub.parentID == own.id, "Stripe confirms only after Stripe Inc has")
        #expect(sub.body.contains("lise.kurs@example.no") == sub.body.contains("identity_value"))
    }

    @Test func badRequestsAreRefusedWithOpenDSRsErrorObject() async throws {
        let fixture = try Self.stripe()
        let cases: [(String, Int)] = [
            (Self.request(type: "access"), 400), (Self.request(id: "NOT-A-UUID"), 400), (#"{"x": 1}"#, 400),
            ("not json", 400),
        ]
        try await fixture.test { client in
            for (body, status) in cases {
                try await client.execute(
                    uri: "/opendsr/requests", method: .post, headers: .bearer(ServerFixture.openDSRToken),
                    body: ByteBuffer(string: body)
                ) { response in
                    #expect(response.status.code == status, "\(body.prefix(60))")
                    #expect((response.json["error"] as? [String: Any])?["code"] as? Int == status)
                }
            }
            // iGo's data never reaches Stripe in the seed graphs: nothing to plan here.
            try await client.execute(
                uri: "/opendsr/requests", method: .post, headers: .bearer(ServerFixture.igoOpenDSRToken),
                body: ByteBuffer(string: Self.request())
            ) { response in #expect(response.status.code == 422) }
            // A token without the OpenDSR scope, and a read token, may not post.
            try await client.execute(
                uri: "/opendsr/requests", method: .post, headers: .bearer(ServerFixture.bothToken),
                body: ByteBuffer(string: Self.request())
            ) { response in #expect(response.status == .forbidden) }
        }
    }

    @Test func statusFollowsTheNoticesAndOnlyAPendingRequestCanBeCancelled() async throws {
        let fixture = try Self.stripe()
        try await fixture.test { client in
            try await client.execute(
                uri: "/opendsr/requests", method: .post, headers: .bearer(ServerFixture.openDSRToken),
                body: ByteBuffer(string: Self.request()))
            try await client.execute(
                uri: "/opendsr/requests/\(Self.id)", method: .get, headers: .bearer(ServerFixture.openDSRToken)
            ) { response in
                #expect(Self.signed(response), "8.3: the status is signed")
                #expect(response.json["request_status"] as? String == "pending")
            }
            // Another controller's token cannot see it.
            try await client.execute(
                uri: "/opendsr/requests/\(Self.id)", method: .get, headers: .bearer(ServerFixture.igoOpenDSRToken)
            ) { response in #expect(response.status == .notFound) }
            try await client.execute(
                uri: "/opendsr/requests/\(Self.id)", method: .delete, headers: .bearer(ServerFixture.openDSRToken)
            ) { response in
                #expect(response.status == .accepted, "9.2")
                #expect(Self.signed(response))
            }
            try await client.execute(
                uri: "/opendsr/requests/\(Self.id)", method: .get, headers: .bearer(ServerFixture.openDSRToken)
            ) { response in #expect(response.json["request_status"] as? String == "cancelled") }
            try await client.execute(
                uri: "/opendsr/requests/\(Self.id)", method: .delete, headers: .bearer(ServerFixture.openDSRToken)
            ) { response in #expect(response.status == .conflict) }
            try await client.execute(
                uri: "/opendsr/discovery", method: .get, headers: .bearer(ServerFixture.openDSRToken)
            ) {
                response in
                #expect(Self.signed(response))
                #expect(response.json["supported_subject_request_types"] as? [String] == ["erasure"])
            }
        }
        let notices = try fixture.environment.ledger.notices(NoticeFilter(request: "opendsr-\(Self.id)"))
        #expect(notices.allSatisfy { $0.state == .refused }, "cancelled: nothing more is sent")
    }
}
