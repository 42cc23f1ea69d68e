// The OpenAPI document: served as kept in docs/openapi.json, covering exactly the router's
// routes, and valid by openapi-spec-validator (PyPI), a validator nobody on the project wrote.

import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import SharegraphLedger
import SharegraphServer
import SharegraphTestSupport
import Testing

struct OpenAPITests {
    static let file = Seeds.repository.appendingPathComponent("docs/openapi.json")

    static func document() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
    }

    @Test func theServedDocumentIsTheOneInTheRepository() async throws {
        let fixture = try ServerFixture()
        let kept = try String(contentsOf: Self.file, encoding: .utf8)
        try await fixture.test { client in
            try await client.execute(
                uri: "/api/v1/openapi.json", method: .get, headers: .bearer(ServerFixture.readToken)
            ) { response in
                #expect(
                    response.text.trimmingCharacters(in: .whitespacesAndNewlines)
                        == kept.trimmingCharacters(in: .whitespacesAndNewlines),
                    "run Tools/embed_openapi.py after editing docs/openapi.json")
            }
        }
    }

    @Test func everyRouteIsDescribedAndEveryDescribedRouteExists() throws {
        let fixture = try ServerFixture(
            openDSR: OpenDSRConfiguration(
                party: "x", signer: OpenDSRSigner(key: P256.Signing.PrivateKey(), domain: "x"), keys: OpenDSRKeys(),
                publicURL: nil))
        let router = SharegraphServer.router(
            environment: fixture.environment, configuration: fixture.configuration, logger: Logger(label: "test"))
        // `/a/:id/b` in the router is `/a/{id}/b` in the document.
        let routed = Set(
            router.routes.map { route in
                let path = route.path.description.split(separator: "/").map {
                    $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                }.joined(separator: "/")
                return "\(route.method.rawValue.lowercased()) /\(path)"
            })
        let document = try Self.document()
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var described = Set<String>()
        for (path, operations) in paths {
            for method in operations.keys { described.insert("\(method) \(path)") }
        }
        // An alias (OpenDSR's earlier route names, section 10.1) is described by the path it names.
        let aliases = try #require(
            (document["x-sharegraph-aliases"] as? [String: Any])?["paths"] as? [String: String])
        for (alias, path) in aliases {
            for method in (paths[path] ?? [:]).keys { described.insert("\(method) \(alias)") }
        }
        // The diagram routes: `{view}` in the document, two routes (`:view` and `subject`) in the router.
        #expect(routed.subtracting(described).isEmpty, "routes missing from docs/openapi.json")
        #expect(described.subtracting(routed).isEmpty, "described routes the router lacks")
    }

    @Test func theDocumentIsValidOpenAPI() throws {
        let (status, text) = try Programs.python([
            "-c",
            "import sys; from openapi_spec_validator import validate; from openapi_spec_validator.readers import read_from_filename; d, _ = read_from_filename(sys.argv[1]); validate(d); print('valid')",
            Self.file.path,
        ])
        #expect(status == 0, "openapi-spec-validator (pip install openapi-spec-validator): \(text)")
    }
}
