// Every lint rule: a fixture that triggers it at the marked place, and the fixed fixture that does not.

import Foundation
import SharegraphCore
import SharegraphTestSupport
import Testing

struct LintRuleTests {
    /// A clean graph: a shop, a Norwegian host as processor, a US vendor under SCCs.
    static let base = """
        parties:
          - id: shop
            name: Shop AS
            country: NO
          - id: host
            name: Host AS
            country: NO
            contact: {email: dpa@host.no}
          - id: partner
            name: Partner AS
            country: NO
            contact: {email: privacy@partner.no}
          - id: police
            name: Police
            kind: public-authority
            country: NO
        purposes:
          - id: shop.sales
            name: Sales
            controller: shop
            legal-basis: contract
            categories: [identity.name, contact.email]
            subjects: [customer]
            retention: contract-end + 36 months
        contracts:
          - id: shop-host-dpa
            type: dpa
            parties: [shop, host]
        flows:
          - from: shop
            to: host
            role: processor
            purpose: shop.sales
            categories: [identity.name]
            contract: shop-host-dpa

        """

    struct Case: CustomTestStringConvertible, Sendable {
        var rule: String
        /// Text appended to (or replacing part of) the base graph; contains the 1️⃣ marker.
        var trigger: [(String, String)]
        /// Replacements that turn the triggering graph into a clean one.
        var fix: [(String, String)]
        var testDescription: String { rule }
    }

    static let cases: [Case] = [
        Case(
            rule: "processor-without-dpa",
            trigger: [
                (
                    "    role: processor\n    purpose: shop.sales\n    categories: [identity.name]\n    contract: shop-host-dpa\n",
                    "    role: 1️⃣processor\n    purpose: shop.sales\n    categories: [identity.name]\n"
                )
            ],
            fix: [("    role: 1️⃣processor\n", "    role: processor\n    contract: shop-host-dpa\n")]),
        Case(
            rule: "sub-processor-without-authorisation",
            trigger: [
                (
                    "",
                    "  - from: host\n    to: partner\n    role: 1️⃣sub-processor\n    categories: [identity.name]\n    contract: shop-host-dpa\n"
                )
            ],
            fix: [("    role: 1️⃣sub-processor\n", "    role: sub-processor\n    authorisation: shop-host-dpa\n")]),
        Case(
            rule: "transfer-without-safeguard",
            trigger: [
                ("    name: Host AS\n    country: NO", "    name: Host AS\n    country: US"),
                ("  - from: shop\n    to: host\n", "  - from: shop\n    to: 1️⃣host\n"),
            ],
            fix: [("    contract: shop-host-dpa\n", "    contract: shop-host-dpa\n    transfer: {mechanism: scc}\n")]),
        Case(
            rule: "unknown-recipient-country",
            trigger: [("  - id: host\n    name: Host AS\n    country: NO\n", "  - id: 1️⃣host\n    name: Host AS\n")],
            fix: [("    name: Host AS\n", "    name: Host AS\n    country: DK\n")]),
        Case(
            rule: "special-category-without-condition",
            trigger: [
                (
                    "    categories: [identity.name, contact.email]\n",
                    "    categories: [identity.name, contact.email, 1️⃣health.dietary]\n"
                )
            ],
            fix: [
                ("    legal-basis: contract\n", "    legal-basis: contract\n    special-condition: explicit-consent\n")
            ]),
        Case(
            rule: "purpose-without-legal-basis",
            trigger: [
                (
                    "  - id: shop.sales\n    name: Sales\n    controller: shop\n    legal-basis: contract\n",
                    "  - id: 1️⃣shop.sales\n    name: Sales\n    controller: shop\n"
                )
            ],
            fix: [("    controller: shop\n", "    controller: shop\n    legal-basis: consent\n")]),
        Case(
            rule: "legitimate-interest-without-balancing",
            trigger: [("    legal-basis: contract\n", "    legal-basis: 1️⃣legitimate-interests\n")],
            fix: [
                (
                    "    legal-basis: 1️⃣legitimate-interests\n",
                    "    legal-basis: legitimate-interests\n    balancing: needed to run the shop\n"
                )
            ]),
        Case(
            rule: "category-without-retention",
            trigger: [
                ("  - id: shop.sales\n", "  - id: 1️⃣shop.sales\n"), ("    retention: contract-end + 36 months\n", ""),
            ],
            fix: [("    subjects: [customer]\n", "    subjects: [customer]\n    retention: until contract-end\n")]),
        Case(
            rule: "consent-data-to-independent-controller",
            trigger: [
                ("    legal-basis: contract\n", "    legal-basis: consent\n"),
                (
                    "",
                    "  - from: shop\n    to: partner\n    role: independent-controller\n    purpose: shop.sales\n    categories: [identity.name]\n    when: 1️⃣always\n"
                ),
            ],
            fix: [("    when: 1️⃣always\n", "    when: {consent: shop.sales}\n")]),
        Case(
            rule: "placeholder-recipient",
            trigger: [("    name: Host AS\n", "    name: 1️⃣XXX\n")],
            fix: [("    name: 1️⃣XXX\n", "    name: Host AS\n")]),
        Case(
            rule: "category-not-held-by-sender",
            trigger: [
                (
                    "    categories: [identity.name]\n    contract: shop-host-dpa\n",
                    "    categories: [identity.name, 1️⃣financial.payment]\n    contract: shop-host-dpa\n"
                )
            ],
            fix: [
                (
                    "    categories: [identity.name, contact.email]\n",
                    "    categories: [identity.name, contact.email, financial]\n"
                )
            ]),
        Case(
            rule: "flow-category-outside-purpose",
            trigger: [
                (
                    "    categories: [identity.name]\n    contract: shop-host-dpa\n",
                    "    categories: [identity.name, 1️⃣contact.phone]\n    contract: shop-host-dpa\n"
                ),
                (
                    "contracts:\n",
                    "  - id: shop.support\n    name: Support\n    controller: shop\n    legal-basis: contract\n    categories: [contact.phone]\n    retention: contract-end + 1 year\ncontracts:\n"
                ),
            ],
            fix: [
                (
                    "    categories: [identity.name, contact.email]\n    subjects",
                    "    categories: [identity.name, contact.email, contact.phone]\n    subjects"
                )
            ]),
        Case(
            rule: "recipient-without-channel",
            trigger: [
                (
                    "  - id: host\n    name: Host AS\n    country: NO\n    contact: {email: dpa@host.no}\n",
                    "  - id: 1️⃣host\n    name: Host AS\n    country: NO\n"
                )
            ],
            fix: [
                (
                    "    name: Host AS\n    country: NO\n",
                    "    name: Host AS\n    country: NO\n    contact: {webhook: https://host.no/erasure}\n"
                )
            ]),
        Case(
            rule: "authority-without-legal-obligation",
            trigger: [
                (
                    "",
                    "  - from: shop\n    to: police\n    role: authority\n    purpose: 1️⃣shop.sales\n    categories: [identity.name]\n    when: police-request\n"
                )
            ],
            fix: [
                ("    purpose: 1️⃣shop.sales\n", "    purpose: shop.legal\n"),
                (
                    "contracts:\n",
                    "  - id: shop.legal\n    name: Legal\n    controller: shop\n    legal-basis: legal-obligation\n    categories: [identity.name]\n    retention: contract-end + 5 years\ncontracts:\n"
                ),
            ]),
        Case(
            rule: "retention-shorter-than-duty",
            trigger: [
                (
                    "    retention: contract-end + 36 months\n",
                    "    duty: books\n    retention: 1️⃣transaction + 3 years\n"
                ),
                (
                    "contracts:\n",
                    "duties:\n  - id: books\n    law: bokføringsloven § 13\n    retention: transaction + 5 years\n    categories: [financial.invoice]\ncontracts:\n"
                ),
            ],
            fix: [("    retention: 1️⃣transaction + 3 years\n", "    retention: transaction + 5 years\n")]),
        Case(
            rule: "joint-controller-without-arrangement",
            trigger: [
                (
                    "",
                    "  - from: shop\n    to: partner\n    role: 1️⃣joint-controller\n    purpose: shop.sales\n    categories: [identity.name]\n"
                )
            ],
            fix: [
                ("    role: 1️⃣joint-controller\n", "    role: joint-controller\n    contract: joint\n"),
                (
                    "contracts:\n",
                    "contracts:\n  - id: joint\n    type: joint-controller-arrangement\n    parties: [shop, partner]\n"
                ),
            ]),
        Case(
            rule: "flow-without-purpose",
            trigger: [
                (
                    "",
                    "  - 1️⃣from: shop\n    to: partner\n    role: independent-controller\n    categories: [identity.name]\n"
                )
            ],
            fix: [("  - 1️⃣from: shop\n", "  - purpose: shop.sales\n    from: shop\n")]),
        Case(
            rule: "controller-without-processor",
            trigger: [
                ("  - id: shop\n    name: Shop AS\n", "  - id: 1️⃣shop\n    name: Shop AS\n"),
                (
                    "    categories: [identity.name, contact.email]\n",
                    "    categories: [identity.name, financial.payment]\n"
                ),
                ("    role: processor\n", "    role: independent-controller\n"),
            ],
            fix: [("    role: independent-controller\n", "    role: processor\n")]),
        Case(
            rule: "duty-without-statute",
            trigger: [
                (
                    "contracts:\n",
                    "duties:\n  - 1️⃣id: books\n    law: the accounting rules\n    retention: transaction + 5 years\n    categories: [financial.invoice]\ncontracts:\n"
                )
            ],
            fix: [("    law: the accounting rules\n", "    law: bokføringsloven § 13\n")]),
        Case(
            rule: "modelled-assumption",
            trigger: [("  - id: host\n", "  - 1️⃣id: host\n    assumed: true\n    note: the policy names no host\n")],
            fix: [("    assumed: true\n    note: the policy names no host\n", "")]),
    ]

    static func apply(_ replacements: [(String, String)], to text: String) -> String {
        var result = text
        for (old, new) in replacements {
            if old.isEmpty { result += new } else { result = result.replacingOccurrences(of: old, with: new) }
        }
        return result
    }

    @Test func theBaseGraphIsClean() {
        let findings = loadMarked([("base.yaml", MarkedText(Self.base))], lint: true)
        #expect(findings.isEmpty, "\(findings.map { "\($0.location) \($0.id) \($0.message)" })")
    }

    @Test(arguments: cases)
    func ruleFiresAtTheMarkerAndNotAfterTheFix(_ testCase: Case) throws {
        let triggering = Self.apply(testCase.trigger, to: Self.base)
        #expect(triggering.contains("1️⃣"), "the trigger must place a marker")
        let marked = MarkedText(triggering)
        let findings = loadMarked([("rule.yaml", marked)], lint: true)
        #expect(
            !findings.contains { $0.severity == .error && $0.article == nil },
            "the fixture itself must load: \(findings.map(\.message))")
        let expected = try #require(marked.location("1️⃣", file: "rule.yaml"))
        let hits = findings.filter { $0.id == testCase.rule }
        #expect(
            hits.map(\.location) == [expected],
            "\(testCase.rule): \(findings.map { "\($0.location) \($0.id): \($0.message)" })")
        #expect(hits.first?.article == LintRule.all.first { $0.id == testCase.rule }?.article)

        let fixed = MarkedText(Self.apply(testCase.fix, to: triggering))
        let after = loadMarked([("fixed.yaml", fixed)], lint: true)
        #expect(!after.contains { $0.id == testCase.rule }, "\(testCase.rule) still fires: \(after.map(\.message))")
    }

    @Test func everyRuleHasACase() {
        #expect(Set(Self.cases.map(\.rule)) == Set(LintRule.all.map(\.id)))
    }
}
