// The graph's part of a delivery run, read once for `sharegraph deliver` and the server: before,
// the server read only the internal endpoints and gave a webhook secret to recipients whose names
// read the same secret variable, which `deliver` refused.

import SharegraphCore
import SharegraphTestSupport
import Testing

@testable import SharegraphLedger

struct DeliverySetupTests {
    @Test func internalEndpointsSendersAndAmbiguousSecrets() throws {
        let index = try Seeds.graph(
            """
            sharegraph: 1
            parties:
              - {id: shop, name: Shop AS, country: "NO", contact: {email: privacy@shop.example}}
              - {id: own-crm, name: Our CRM, country: "NO", contact: {webhook: "https://10.0.0.5/erase", internal: true}}
              - {id: mail-co, name: Mail Co, country: "NO", contact: {webhook: "https://mail.example/hook"}}
              - {id: mail_co, name: Mail Co (other), country: "NO", contact: {webhook: "https://other.example/hook"}}
            """)
        let setup = DeliverySetup(graph: index.graph)
        #expect(setup.internalEndpoints == ["https://10.0.0.5/erase"], "only the party marked internal")
        #expect(setup.senders["shop"] == "privacy@shop.example")
        #expect(
            setup.ambiguousSecrets[WebhookSecrets.variableName(for: "mail-co")]?.sorted() == ["mail-co", "mail_co"])
        let environment = [WebhookSecrets.variableName(for: "mail-co"): "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"]
        #expect(setup.secrets.secret(for: "mail-co", environment: environment) == nil, "neither gets the shared secret")
        #expect(setup.warnings.count == 1 && setup.warnings[0].contains("`mail-co` and `mail_co`"))
    }
}
