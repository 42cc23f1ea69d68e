// Erasure requests, their status and events, notices and answers through the API, and the limits.

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SharegraphCore
import SharegraphLedger
import SharegraphTestSupport
import Testing

@testable import SharegraphServer

struct LedgerRouteTests {
    @Test func aRequestIsRecordedOnceAndAConflictingOneIsRefused() async throws {
        let fixture = try ServerFixture()
        let request = try vekstlyRequest()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/erasure-requests?plan=true", method: .post, headers: .bearer(ServerFixture.bothToken),
                body: body(request)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.json["schema"] as? String == "sharegraph.erasure-plan/1")
            }
            var notices = 0
            try await client.execute(
                uri: "/api/v1/erasure-requests", method: .post, headers: .bearer(ServerFixture.bothToken),
                body: body(request)
            ) { response in
                #expect(response.status == .created)
                #expect(response.headers[.location] == "/api/v1/erasure-requests/vekstly-dsr-2026-0107")
                #expect(response.json["recorded"] as? Bool == true)
                // Art. 12(3): one month from 16 November, or Vekstly's own shorter promise.
                #expect(response.json["deadline"] as? String == "2026-12-04")
                notices = response.json["notices"] as? Int ?? 0
            }
            #expect(notices > 0)
            try await client.execute(
                uri: "/api/v1/erasure-requests", method: .post, headers: .bearer(ServerFixture.bothToken),
                body: body(request)
            ) { response in
                #expect(response.status == .ok, "the same request again records nothing")
                #expect(response.json["recorded"] as? Bool == false)
            }
            let changed = request.replacingOccurrences(of: "received: 2026-11-16", with: "received: 2026-11-17")
            try await client.execute(
                uri: "/api/v1/erasure-requests", method: .post, headers: .bearer(ServerFixture.bothToken),
                body: body(changed)
            ) { response in
                #expect(response.status == .conflict, "a recorded request is never overwritten")
            }
            try await client.execute(
                uri: "/api/v1/erasure-requests/vekstly-dsr-2026-0107", method: .get,
                headers: .bearer(ServerFixture.readToken)
            ) { response in
                #expect(response.status == .ok)
                #expect((response.json["notices"] as? [Any])?.count == notices)
                #expect(response.json["complete"] as? Bool == false)
                #expect(!response.text.contains("lise.kurs@example.no"), "the status carries no identifier")
            }
            try await client.execute(
                uri: "/api/v1/erasure-requests/vekstly-dsr-2026-0107/events", method: .get,
                headers: .bearer(ServerFixture.readToken)
            ) { response in
                #expect(response.jsonArray.count == notices, "one `planned` or `exempt` event per notice")
            }
            try await client.execute(
                uri: "/api/v1/erasure-requests/nobody", method: .get, headers: .bearer(ServerFixture.readToken)
            ) { response in #expect(response.status == .notFound) }
        }
        #expect(try fixture.environment.ledger.verify(request: nil).isEmpty)
    }

    @Test func aRequestNamingASubjectFileIsRefusedWithItsPlace() async throws {
        let fixture = try ServerFixture()
        let request = """
            sharegraph-request: 1
            id: vekstly-dsr-file
            subject: ../../../etc/passwd
            controller: vekstly
            received: 2026-11-16
            scope: erasure
            """
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/erasure-requests", method: .post, headers: .bearer(ServerFixture.bothToken),
                body: body(request)
            ) { response in
                #expect(response.status == .badRequest)
                let diagnostics = try #require(response.json["diagnostics"] as? [[String: Any]])
                #expect(diagnostics.first?["line"] as? Int == 3 && diagnostics.first?["column"] as? Int == 10)
            }
        }
    }

    @Test func noticesAreFilteredAndAnswersFollowTheLedgersRules() async throws {
        let fixture = try ServerFixture()
        let request = try vekstlyRequest()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/erasure-requests", method: .post, headers: .bearer(ServerFixture.bothToken),
                body: body(request))
            let all = try await client.execute(
                uri: "/api/v1/notices?request=vekstly-dsr-2026-0107", method: .get,
                headers: .bearer(ServerFixture.readToken)
            ).jsonArray
            #expect(!all.isEmpty)
            let exempt = try await client.execute(
                uri: "/api/v1/notices?state=exempt,completed", method: .get, headers: .bearer(ServerFixture.readToken)
            ).jsonArray
            #expect(exempt.allSatisfy { ["exempt", "completed"].contains($0["state"] as? String) })
            try await client.execute(
                uri: "/api/v1/notices?state=lost", method: .get, headers: .bearer(ServerFixture.readToken)
            ) { response in #expect(response.status == .badRequest) }
            // Art. 28(4): a processor confirms only after its sub-processors have answered.
            let processor = try #require(
                all.first { notice in
                    let id = notice["id"] as? String
                    return all.contains { $0["parent_id"] as? String == id }
                })
            let id = try #require(processor["id"] as? String)
            try await client.execute(
                uri: "/api/v1/notices/\(id)/ack", method: .post, headers: .bearer(ServerFixture.writeToken),
                body: body(#"{"answer": "completed"}"#)
            ) { response in
                #expect(response.status == .conflict)
                #expect(response.text.contains("Art. 28(4)"))
            }
            try await client.execute(
                uri: "/api/v1/notices/\(id)/ack", method: .post, headers: .bearer(ServerFixture.writeToken),
                body: body(#"{"answer": "received"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.json["state"] as? String == "acknowledged")
            }
            for bad in [#"{"answer": "refused"}"#, #"{"answer": "maybe"}"#, "not json"] {
                try await client.execute(
                    uri: "/api/v1/notices/\(id)/ack", method: .post, headers: .bearer(ServerFixture.writeToken),
                    body: body(bad)
                ) { response in #expect(response.status == .badRequest, "\(bad)") }
            }
            try await client.execute(
                uri: "/api/v1/notices/ntc_unknown/ack", method: .post, headers: .bearer(ServerFixture.writeToken),
                body: body(#"{"answer": "received"}"#)
            ) { response in #expect(response.status == .notFound) }
        }
    }

    @Test func aBodyOverTheLimitIsRefusedWholeAndNothingIsRecorded() async throws {
        let fixture = try ServerFixture(limits: ServerLimits(maxBodyBytes: 2_048))
        let request = try vekstlyRequest() + "\n# " + String(repeating: "x", count: 4_000)
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/erasure-requests", method: .post, headers: .bearer(ServerFixture.bothToken),
                body: body(request)
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
        #expect(try fixture.environment.ledger.request("vekstly-dsr-2026-0107") == nil)
    }

    @Test func aRequestOverTheTimeLimitIsAnswered503() async throws {
        // A route that waits longer than the limit, behind the server's own limiting responder.
        let router = Router(context: ServerContext.self)
        router.get("/slow") { _, _ -> String in
            try await Task.sleep(for: .seconds(10))
            return "late"
        }
        let app = Application(
            responder: LimitedResponder(
                inner: router.buildResponder(), limits: ServerLimits(requestTimeout: .milliseconds(50))))
        try await app.test(.router) { client in
            try await client.execute(uri: "/slow", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "5")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }

    @Test func requestsBeyondTheConcurrencyLimitAreAnswered503WithRetryAfter() async throws {
        let fixture = try ServerFixture(limits: ServerLimits(maxConcurrentRequests: 0))
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/graph", method: .get, headers: .bearer(ServerFixture.readToken)) {
                response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.retryAfter] == "1")
            }
            // The health check is answered outside the limit: a load balancer sees the truth.
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}
