// Subject-file problems land at their place; the parts the CLI golden file does not cover.

import SharegraphCore
import SharegraphTestSupport
import SharegraphYAML
import Testing

struct SubjectLoaderTests {
    static let graph: Graph = {
        let yaml = """
            sharegraph: 1
            parties:
              - {id: shop, name: Shop, country: "NO"}
            purposes:
              - {id: shop.sale, controller: shop, legal-basis: contract, categories: [identity.name], subjects: [customer]}
            """
        let document = GraphLoader().parse(text: Array(yaml.utf8), file: "graph.yaml").document
        return Graph.assemble(document.map { [$0] } ?? []).graph
    }()

    static func diagnostics(_ marked: String) -> (MarkedText, SubjectLoadResult) {
        let text = MarkedText("sharegraph-subject: 1\nreference: R-1\nrelationships:\n" + marked)
        return (text, SubjectLoader().parse(text: Array(text.text.utf8), file: "s.yaml", graph: graph))
    }

    @Test(arguments: [
        (
            "uncovered-subject-type", Severity.warning, "  - controller: shop\n    as: [1️⃣prospect]\n",
            "no purpose of `shop` covers subject type `prospect`"
        ),
        (
            "duplicate-id", .error,
            "  - controller: shop\n    as: [customer]\n  - controller: 1️⃣shop\n    as: [customer]\n",
            "two relationships with `shop`"
        ),
        (
            "missing-field", .error, "  - controller: shop\n    as: [customer]\n    erasures:\n      - 1️⃣party: shop\n",
            "missing required field `date`"
        ),
        (
            "missing-field", .error,
            "  - controller: shop\n    as: [customer]\n    events:\n      consent-given: 1️⃣{purpose: shop.sale}\n",
            "missing required field `date`"
        ),
        (
            "unknown-reference", .error,
            "  - controller: shop\n    as: [customer]\n    events:\n      consent-given: {date: 2024-01-01, purpose: 1️⃣shop.sal}\n",
            "did you mean `shop.sale`?"
        ),
        (
            "invalid-date", .error,
            "  - controller: shop\n    as: [customer]\n    events:\n      order: [2024-01-01, 1️⃣2024-13-01]\n",
            "is not a date"
        ),
    ])
    func problemLandsOnItsMarker(_ id: String, _ severity: Severity, _ relationships: String, _ message: String) {
        let (text, result) = Self.diagnostics(relationships)
        let found = result.diagnostics.first { $0.id == id }
        #expect(found?.severity == severity)
        #expect(found?.location == text.location("1️⃣", file: "s.yaml"))
        #expect(found?.message.contains(message) == true, "\(result.diagnostics.map(\.message))")
        #expect((result.subject == nil) == (severity == .error))
    }

    @Test func identifierValuesNeverAppearInMessages() {
        let (_, result) = Self.diagnostics(
            "  - controller: shop\n    as: [custmer]\n    identifiers:\n      email: {value: secret@example.no, category: contact.emial}\n      phone: [secret-phone]\n"
        )
        #expect(result.diagnostics.count == 3)
        for diagnostic in result.diagnostics {
            #expect(!diagnostic.message.contains("secret"))
            #expect(!(diagnostic.hint ?? "").contains("secret"))
        }
    }
}
