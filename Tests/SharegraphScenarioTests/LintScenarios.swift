// Class 11: the lint names a controller whose purposes need a processor and that names none, and a
// retention duty that quotes no statute.

import SharegraphCore
import SharegraphYAML
import Testing

struct LintScenarios {
    static func findings(_ yaml: String) -> [Diagnostic] {
        let diagnostics = Scenario.diagnostics(yaml)
        let errors = diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.message))")
        let parsed = GraphLoader().parse(text: Array(yaml.utf8), file: "scenario.yaml")
        return Linter(graph: Graph.assemble([parsed.document].compactMap { $0 }).graph).findings()
    }

    /// Art. 13(1)(e) and 30(1)(d): a gym chain that takes card payments and runs member accounts
    /// online names no processor. Its notice and its record leave out recipients that almost
    /// certainly exist, and an erasure would never reach them.
    @Test func aGymThatTakesCardPaymentsOnlineAndNamesNoProcessorIsFound() {
        let findings = Self.findings(
            """
            sharegraph: 1
            parties:
              - id: gym
                name: Gym AS
                country: "NO"
            purposes:
              - id: gym.membership
                name: Membership
                controller: gym
                legal-basis: contract
                categories: [identity.name, financial.payment, account.credentials]
                retention: contract-end + 3 months
            """)
        let finding = findings.first { $0.id == "controller-without-processor" }
        #expect(finding?.message.contains("card or online payments") == true)
        #expect(finding?.message.contains("user accounts or a website") == true)
    }

    /// A controller whose purposes need nothing a processor usually does (a name and a phone number
    /// kept on paper) gets no such finding.
    @Test func aControllerWithNothingThatNeedsAProcessorIsNotFound() {
        let findings = Self.findings(
            """
            sharegraph: 1
            parties:
              - id: club
                name: Club
                country: "NO"
            purposes:
              - id: club.members
                name: Members
                controller: club
                legal-basis: contract
                categories: [identity.name, contact.phone]
                retention: contract-end + 3 months
            """)
        #expect(!findings.contains { $0.id == "controller-without-processor" })
    }

    /// Art. 17(3)(b) keeps data only under a legal obligation: "kept as the law requires" names no
    /// provision anyone can check, so the duty is flagged; a section or an act's number is enough.
    @Test func aDutyThatQuotesNoStatuteIsFound() {
        let findings = Self.findings(
            """
            sharegraph: 1
            parties:
              - id: club
                name: Club
                country: "NO"
            duties:
              - id: vague
                law: as the law requires
                retention: transaction + 5 years
                categories: [financial.invoice]
              - id: exact
                law: bokføringsloven § 13
                retention: financial-year-end + 5 years
                categories: [financial.invoice]
            purposes:
              - id: club.books
                name: Books
                controller: club
                legal-basis: legal-obligation
                categories: [financial.invoice]
                duty: vague
            """)
        let flagged = findings.filter { $0.id == "duty-without-statute" }.map(\.message)
        #expect(flagged.count == 1 && flagged.first?.contains("`vague`") == true)
    }
}
