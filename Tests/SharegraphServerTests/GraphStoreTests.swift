// The served graph: reloaded when a file changes, swapped whole, and kept when a reload has errors
// (reported at /api/health with their places); tokens stored as digests and read with their places.

import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SharegraphCore
import SharegraphServer
import SharegraphTestSupport
import Testing

struct GraphStoreTests {
    static let good = """
        sharegraph: 1
        parties:
          - {id: shop, name: Shop AS, country: "NO"}
          - {id: mailer, name: Mailer ApS, country: DK, contact: {email: dpa@mailer.example}}
        purposes:
          - {id: shop.news, name: News, controller: shop, legal-basis: consent, categories: [contact.email], subjects: [customer]}
        contracts:
          - {id: dpa, type: dpa, parties: [shop, mailer]}
        flows:
          - {from: shop, to: mailer, role: processor, purpose: shop.news, categories: [contact.email], contract: dpa}
        """

    @Test func anEditedFileIsReloadedAndABrokenOneKeepsTheLastGoodGraph() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("graph.yaml")
        try Self.good.write(to: file, atomically: true, encoding: .utf8)
        let fixture = try ServerFixture(graphs: [directory.path])
        let store = fixture.environment.graphs
        #expect(store.current?.version == 1)
        #expect(!store.hasChanged())

        try
            (Self.good
            + "\n  - {from: shop, to: mailer, role: processor, purpose: shop.news, categories: [contact.email], contract: dpa, id: second}\n")
            .write(to: file, atomically: true, encoding: .utf8)
        #expect(store.hasChanged())
        #expect(store.reload().isEmpty)
        #expect(store.current?.version == 2 && store.current?.graph.flows.count == 2)

        // A typo: the server keeps answering from version 2, and says what is wrong and where.
        try Self.good.replacingOccurrences(of: "to: mailer", with: "to: mailr").write(
            to: file, atomically: true, encoding: .utf8)
        let problems = store.reload()
        #expect(problems.first?.location.line == 10)
        #expect(store.current?.version == 2, "the last good graph keeps serving")
        try await fixture.test { client in
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.json["status"] as? String == "degraded")
                let errors = try #require(response.json["reload_errors"] as? [[String: Any]])
                #expect(errors.first?["line"] as? Int == 10 && errors.first?["rule"] as? String == "unknown-reference")
                // Answered without a token: never where the files live on disk.
                #expect(errors.first?["file"] as? String == "graph.yaml")
                #expect(!String(decoding: response.body.readableBytesView, as: UTF8.self).contains(directory.path))
            }
            try await client.execute(uri: "/api/v1/graph", method: .get, headers: .bearer(ServerFixture.readToken)) {
                response in #expect(response.json["version"] as? Int == 2)
            }
        }
    }

    @Test func aServerWhoseGraphsNeverLoadedAnswers503WithTheErrors() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "parties: [".write(to: directory.appendingPathComponent("broken.yaml"), atomically: true, encoding: .utf8)
        let fixture = try ServerFixture(graphs: [directory.path])
        try await fixture.test { client in
            try await client.execute(uri: "/api/health", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
            }
            try await client.execute(uri: "/api/v1/graph", method: .get, headers: .bearer(ServerFixture.readToken)) {
                response in
                #expect(response.status == .serviceUnavailable)
                #expect((response.json["diagnostics"] as? [[String: Any]])?.first?["file"] as? String != nil)
            }
        }
    }

    @Test func tokensAreReadWithTheirPlacesAndMatchedOnlyWhole() throws {
        let line = TokenStore.line(name: "ci", scopes: "read,opendsr=vekstly", token: "sgt_abc")
        #expect(!line.contains("sgt_abc"), "only the digest is stored")
        let store = try TokenStore(text: "# tokens\n\n" + line, origin: "tokens.txt")
        let grant = try #require(store.grant(for: "sgt_abc"))
        #expect(grant.read && !grant.write && grant.openDSRParty == "vekstly" && grant.name == "ci")
        #expect(store.grant(for: "sgt_ab") == nil && store.grant(for: "sgt_abcd") == nil && store.grant(for: "") == nil)
        for (text, lineNumber) in [
            ("ci read", 1), ("\nci read sha256:12", 2), ("ci admin sha256:" + String(repeating: "0", count: 64), 1),
            ("ci opendsr= sha256:" + String(repeating: "0", count: 64), 1),
        ] {
            #expect(throws: TokenFileError.self, "\(text)") { try TokenStore(text: text, origin: "tokens.txt") }
            do {
                _ = try TokenStore(text: text, origin: "tokens.txt")
            } catch {
                #expect(error.description.hasPrefix("tokens.txt:\(lineNumber):1: error:"))
            }
        }
        let fresh = TokenStore.newToken()
        #expect(fresh.hasPrefix("sgt_") && fresh.count >= 40 && fresh != TokenStore.newToken())
    }
}
