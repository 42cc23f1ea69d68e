// Every route of the API, its access rule, its errors and its limits, through the router.

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SharegraphCore
import SharegraphLedger
import SharegraphReport
import SharegraphTestSupport
import Testing

@testable import SharegraphServer

struct RouterTests {
    /// Every route and method the router has (OpenDSR on, so its routes are there too), each with
    /// a sample path, except the open ones: taken from the router, not kept by hand, so a new route
    /// is checked for its token the day it is added.
    static var protected: [(HTTPRequest.Method, String)] {
        get throws {
            let fixture = try ServerFixture(openDSR: OpenDSRChecklistTests.configuration())
            let router = SharegraphServer.router(
                environment: fixture.environment, configuration: fixture.configuration, logger: Logger(label: "test"))
            return router.routes.compactMap { route in
                let path =
                    "/"
                    + route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "x" : String($0) }
                    .joined(separator: "/")
                return AccessMiddleware.open.contains(path) ? nil : (route.method, path)
            }
        }
    }

    /// RFC 9110 §15.5.6: a route asked with a method it does not take answers 405 and says in
    /// `Allow` which it takes; a path no route has is still 404.
    @Test func aWrongMethodIsAnswered405WithAllow() async throws {
        let fixture = try ServerFixture()
        let cases: [(HTTPRequest.Method, String, String)] = [
            (.delete, "/api/v1/graph", "GET"), (.get, "/api/v1/trace", "POST"),
            (.put, "/api/v1/erasure-requests", "POST"),
            (.delete, "/api/v1/erasure-requests/x", "GET"), (.get, "/api/v1/notices/x/ack", "POST"),
        ]
        try await fixture.test { client in
            for (method, path, allow) in cases {
                try await client.execute(uri: path, method: method, headers: .bearer(ServerFixture.readToken)) {
                    response in
                    #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                    #expect(response.headers[.allow] == allow, "\(method) \(path)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
            }
            try await client.execute(uri: "/api/health", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET")
            }
            try await client.execute(uri: "/api/v1/nothing", method: .get, headers: .bearer(ServerFixture.readToken)) {
                response in #expect(response.status == .notFound)
            }
        }
    }

    @Test func healthAnswersWithoutATokenAndEverythingElseNeedsOne() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] as? String == "ok")
                let graph = try #require(response.json["graph"] as? [String: Any])
                #expect(graph["parties"] as? Int == Seeds.index.graph.parties.count)
            }
            let routes = try Self.protected
            #expect(routes.count > 30 && routes.contains { $0.1 == "/opendsr/v1/discovery" })
            for (method, path) in routes {
                try await client.execute(uri: path, method: method) { response in
                    #expect(response.status == .unauthorized, "\(method) \(path)")
                    #expect(response.headers[.contentType] == "application/problem+json")
                    #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
                }
                try await client.execute(uri: path, method: method, headers: .bearer("sgt_not-a-token")) { response in
                    #expect(response.status == .unauthorized, "an unknown token: \(method) \(path)")
                    #expect(response.headers[.wwwAuthenticate]?.contains("invalid_token") == true)
                }
                // A write-only token reads nothing (OpenDSR's routes need their own scope).
                if method == .get, path.hasPrefix("/api") {
                    try await client.execute(uri: path, method: method, headers: .bearer(ServerFixture.writeToken)) {
                        response in
                        #expect(response.status == .forbidden, "\(path) with a write-only token")
                    }
                }
            }
        }
    }

    @Test func aReadTokenMayNotRecordOrAnswer() async throws {
        let fixture = try ServerFixture()
        let request = try vekstlyRequest()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/erasure-requests", method: .post, headers: .bearer(ServerFixture.readToken),
                body: body(request)
            ) { response in
                #expect(response.status == .forbidden)
                #expect(response.text.contains("`write` scope"))
            }
            try await client.execute(
                uri: "/api/v1/erasure-requests?plan=true", method: .post, headers: .bearer(ServerFixture.readToken),
                body: body(request)
            ) { response in
                #expect(response.status == .ok, "planning records nothing, so reading is enough")
            }
            try await client.execute(
                uri: "/api/v1/notices/ntc_x/ack", method: .post, headers: .bearer(ServerFixture.readToken),
                body: body(#"{"answer": "completed"}"#)
            ) { response in #expect(response.status == .forbidden) }
        }
        #expect(try fixture.environment.ledger.request("vekstly-dsr-2026-0107") == nil, "nothing was recorded")
    }

    @Test func anUnknownRouteIsAProblemThatPointsAtTheDescription() async throws {
        let fixture = try ServerFixture()
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/nothing", method: .get, headers: .bearer(ServerFixture.readToken)) {
                response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.text.contains("openapi.json"))
            }
        }
    }

    @Test func theGraphSummaryAndFindingsAreWhatCheckGives() async throws {
        let fixture = try ServerFixture()
        let snapshot = try #require(fixture.environment.graphs.current)
        try await fixture.test { client in
            try await client.execute(uri: "/api/v1/graph", method: .get, headers: .bearer(ServerFixture.readToken)) {
                response in
                #expect(response.json["parties"] as? Int == snapshot.graph.parties.count)
                #expect(response.json["flows"] as? Int == snapshot.graph.flows.count)
                let findings = try #require(response.json["findings"] as? [String: Int])
                #expect(findings["errors"] == 0)
                #expect(findings["warnings"] == snapshot.findings.count(of: .warning))
            }
            let check = try CheckReport(diagnostics: snapshot.findings, files: snapshot.files).json()
            try await client.execute(
                uri: "/api/v1/graph/findings", method: .get, headers: .bearer(ServerFixture.readToken)
            ) { response in
                #expect(response.text == check, "byte for byte what `check --format json` prints")
            }
            try await client.execute(
                uri: "/api/v1/graph/findings?format=sarif", method: .get, headers: .bearer(ServerFixture.readToken)
            ) { response in
                #expect(response.headers[.contentType] == "application/sarif+json")
                #expect(response.json["version"] as? String == "2.1.0")
            }
            try await client.execute(
                uri: "/api/v1/graph/findings?format=xml", method: .get, headers: .bearer(ServerFixture.readToken)
            ) { response in #expect(response.status == .badRequest) }
        }
    }

    @Test func aTraceIsTheCLIsTraceAndItsReportsComeInBothLanguages() async throws {
        let fixture = try ServerFixture()
        let text = try String(
            contentsOf: Seeds.subjects.appendingPathComponent("vekstly-course-participant-card.yaml"), encoding: .utf8)
        let person = try Seeds.sample("vekstly-course-participant-card.yaml")
        let date = CalendarDate(iso: "2026-11-16")!
        let expected = TraceDocument(
            trace: Seeds.index.trace(person, asOf: date), graph: Seeds.index.graph, subject: person
        ).compactJSON()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/trace?as_of=2026-11-16", method: .post, headers: .bearer(ServerFixture.readToken),
                body: body(text)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.text == expected)
                #expect(!response.text.contains("lise.kurs@example.no"), "identifiers only when asked for")
            }
            try await client.execute(
                uri: "/api/v1/trace?as_of=2026-11-16&format=html&lang=nb", method: .post,
                headers: .bearer(ServerFixture.readToken), body: body(text)
            ) { response in
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                #expect(response.text.contains("lang=\"nb\""))
            }
            try await client.execute(
                uri: "/api/v1/trace?format=md", method: .post, headers: .bearer(ServerFixture.readToken),
                body: body(text)
            ) { response in #expect(response.headers[.contentType] == "text/markdown; charset=utf-8") }
            // One list of formats for both front ends: every format the CLI writes, the server answers
            // with the same bytes (JSON on one line).
            let trace = Seeds.index.trace(person, asOf: date)
            let document = TraceDocument(trace: trace, graph: Seeds.index.graph, subject: person)
            for format in TraceFormat.allCases {
                let same = try format.render(
                    document, trace: trace, graph: Seeds.index.graph, language: .en, compact: true)
                try await client.execute(
                    uri: "/api/v1/trace?as_of=2026-11-16&format=\(format.rawValue)", method: .post,
                    headers: .bearer(ServerFixture.readToken), body: body(text)
                ) { response in
                    #expect(response.status == .ok, "\(format)")
                    #expect(response.headers[.contentType] == format.mediaType)
                    #expect(Array(response.body.readableBytesView) == same, "\(format)")
                }
            }
        }
    }

    /// Amplification: a body of 20,000 unknown keys (about 300 KB) used to give a problem document
    /// twenty times its size, one diagnostic each. The answer lists the first 100 and says how many
    /// were left out.
    @Test func aBodyOfManyMistakesGivesABoundedAnswer() async throws {
        let fixture = try ServerFixture()
        var text =
            "sharegraph-subject: 1\nreference: X-1\nrelationships:\n  - controller: vekstly\n    as: [customer]\n"
        for number in 0..<20_000 { text += "    unknown-key-\(number): 1\n" }
        let bad = text
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/trace", method: .post, headers: .bearer(ServerFixture.readToken), body: body(bad)
            ) { response in
                #expect(response.status == .badRequest)
                let diagnostics = try #require(response.json["diagnostics"] as? [[String: Any]])
                #expect(diagnostics.count == Problem.maximumDiagnostics)
                let detail = response.json["detail"] as? String ?? ""
                #expect(detail.contains("the first 100 are listed"), "\(detail)")
                #expect(response.body.readableBytes < bad.utf8.count, "the answer is smaller than the question")
            }
        }
    }

    /// One masking rule whatever the format: a canary in every field of a subject or request never
    /// comes back in a problem document (it did in 12 of 19 placements).
    @Test func noRouteRepeatsAValueFromAPersonsDocument() async throws {
        let fixture = try ServerFixture()
        let canary = "kari.canary@example.no"
        let subject = """
            sharegraph-subject: 1
            reference: \(canary)
            relationships:
              - controller: \(canary)
                as: [\(canary)]
                identifiers: {email: [\(canary)], phone: {value: \(canary), extra: \(canary)}, \(canary): x}
                events: {order: \(canary), \(canary): 2024-01-01}
                facts: {payment-method: \(canary)}
                categories: [\(canary)]
                \(canary): 1
            """
        let request = """
            sharegraph-request: 1
            id: \(canary)
            controller: \(canary)
            received: \(canary)
            scope: \(canary)
            subject:
              reference: \(canary)
              relationships:
                - controller: vekstly
                  as: [\(canary)]
                  identifiers: {email: [\(canary)], \(canary): x}
            """
        let routes = [
            ("/api/v1/trace", subject), ("/api/v1/diagrams/subject", subject),
            ("/api/v1/erasure-requests?plan=true", request),
        ]
        try await fixture.test { client in
            for (uri, text) in routes {
                try await client.execute(
                    uri: uri, method: .post, headers: .bearer(ServerFixture.readToken), body: body(text)
                ) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    for form in ["kari.canary", "kari-canary", "canary@example"] {
                        #expect(!response.text.contains(form), "\(uri): \(response.text)")
                    }
                }
            }
        }
    }

    @Test func aBadSubjectIsAProblemWithItsPlaceAndNoContent() async throws {
        let fixture = try ServerFixture()
        let bad = """
            sharegraph-subject: 1
            reference: X-1
            relationships:
              - controller: vekstlyy
                as: [customer]
                identifiers: {email: secret-canary@example.invalid}
            """
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/trace", method: .post, headers: .bearer(ServerFixture.readToken), body: body(bad)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/problem+json")
                let diagnostics = try #require(response.json["diagnostics"] as? [[String: Any]])
                let first = try #require(diagnostics.first)
                #expect(first["file"] as? String == "body")
                #expect(first["line"] as? Int == 4 && first["column"] as? Int == 17)
                #expect(first["rule"] as? String == "unknown-reference")
                #expect(!response.text.contains("secret-canary"), "a problem never quotes personal data")
            }
            for query in ["as_of=2026-13-01", "format=pdf", "lang=sv"] {
                try await client.execute(
                    uri: "/api/v1/trace?\(query)", method: .post, headers: .bearer(ServerFixture.readToken),
                    body: body("x: 1")
                ) { response in #expect(response.status == .badRequest, "\(query)") }
            }
        }
    }

    @Test func recipientsAnswerForOnePartyOrOneCategory() async throws {
        let fixture = try ServerFixture()
        let expected = try RecipientsDocument(index: Seeds.index, party: "stripe").json()
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/recipients?party=stripe", method: .get, headers: .bearer(ServerFixture.readToken)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.text == expected)
            }
            for query in ["", "?party=stripe&category=health"] {
                try await client.execute(
                    uri: "/api/v1/recipients\(query)", method: .get, headers: .bearer(ServerFixture.readToken)
                ) { response in #expect(response.status == .badRequest) }
            }
            try await client.execute(
                uri: "/api/v1/recipients?party=nobody", method: .get, headers: .bearer(ServerFixture.readToken)
            ) { response in #expect(response.status == .notFound) }
        }
    }

    @Test func diagramsComeInEveryFormatAndBadViewsAreProblems() async throws {
        let fixture = try ServerFixture()
        let subject = try String(
            contentsOf: Seeds.subjects.appendingPathComponent("vekstly-course-participant-card.yaml"), encoding: .utf8)
        try await fixture.test { client in
            let cases: [(String, String, [UInt8])] = [
                ("/api/v1/diagrams/overview", "image/svg+xml", Array("<?xml".utf8)),
                ("/api/v1/diagrams/party?id=stripe&format=png", "image/png", [0x89, 0x50, 0x4E, 0x47]),
                ("/api/v1/diagrams/category?id=financial&format=pdf", "application/pdf", Array("%PDF".utf8)),
                (
                    "/api/v1/diagrams/purpose?id=vekstly.delivery&format=dot", "text/vnd.graphviz; charset=utf-8",
                    Array("digraph".utf8)
                ),
                ("/api/v1/diagrams/overview?format=mermaid", "text/plain; charset=utf-8", Array("---\n".utf8)),
            ]
            for (path, type, magic) in cases {
                try await client.execute(uri: path, method: .get, headers: .bearer(ServerFixture.readToken)) {
                    response in
                    #expect(response.status == .ok, "\(path): \(response.text.prefix(200))")
                    #expect(response.headers[.contentType] == type)
                    #expect(Array(response.body.readableBytesView.prefix(magic.count)) == magic, "\(path)")
                }
            }
            for (path, status) in [
                ("/api/v1/diagrams/party", HTTPResponse.Status.badRequest),
                ("/api/v1/diagrams/overview?id=x", .badRequest),
                ("/api/v1/diagrams/galaxy", .notFound), ("/api/v1/diagrams/party?id=nobody", .notFound),
                ("/api/v1/diagrams/overview?format=gif", .badRequest),
            ] {
                try await client.execute(uri: path, method: .get, headers: .bearer(ServerFixture.readToken)) {
                    response in
                    #expect(response.status == status, "\(path)")
                }
            }
            try await client.execute(
                uri: "/api/v1/diagrams/subject?as_of=2026-11-16", method: .post,
                headers: .bearer(ServerFixture.readToken), body: body(subject)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("<svg"))
            }
        }
    }
}

extension RouterTests {
    @Test func aSubjectPostedAsJSONTracesAsItsYAMLDoes() async throws {
        let fixture = try ServerFixture()
        let json = """
            {"sharegraph-subject": 1, "reference": "VK-2024-0311",
             "relationships": [{"controller": "vekstly", "as": ["course-participant", "customer"],
               "identifiers": {"email": "lise.kurs@example.no"},
               "events": {"order": "2024-03-01", "payment-completed": "2024-03-01", "transaction": "2024-03-01",
                          "withdrawal-period-end": "2024-03-15", "course-end": "2024-05-30"},
               "not-happened": ["mailing-list-unsubscribe"]}]}
            """
        let yaml = try String(
            contentsOf: Seeds.subjects.appendingPathComponent("vekstly-course-participant-card.yaml"), encoding: .utf8)
        try await fixture.test { client in
            let fromJSON = try await client.execute(
                uri: "/api/v1/trace?as_of=2026-11-16", method: .post,
                headers: .bearer(ServerFixture.readToken, [.contentType: "application/json"]), body: body(json))
            let fromYAML = try await client.execute(
                uri: "/api/v1/trace?as_of=2026-11-16", method: .post,
                headers: .bearer(ServerFixture.readToken, [.contentType: "application/yaml"]), body: body(yaml))
            #expect(fromJSON.status == .ok)
            #expect(fromJSON.text == fromYAML.text)
        }
    }
}
