// Class 12: a graph names a statute's duty by id, with no file of another organisation's copied in;
// each built-in duty carries its citation and its rule.

import SharegraphCore
import Testing

struct BuiltInStatuteScenarios {
    /// A graph with nothing but its own parties: no `duties:` at all.
    static func shop(country: String, duty: String, categories: String) -> String {
        """
        sharegraph: 1
        parties:
          - id: kauppa
            name: Kauppa Oy
            country: "\(country)"
            contact: {email: tietosuoja@kauppa.example}
        purposes:
          - id: kauppa.records
            name: Records kept by law
            controller: kauppa
            legal-basis: legal-obligation
            categories: \(categories)
            duty: \(duty)
        """
    }

    static func plan(_ graph: String, events: String) throws -> ErasurePlan {
        try Scenario(graph, base: "sharegraph: 1\n").plan(
            """
            sharegraph-request: 1
            id: s
            controller: kauppa
            received: 2026-12-07
            scope: erasure
            subject:
              reference: S
              relationships:
                - controller: kauppa
                  as: [customer]
                  events: \(events)
            """)
    }

    /// kirjanpitolaki 2 luku 10 §: vouchers are kept six years from the end of the calendar year in
    /// which the financial year ended. Financial year 2025 ends 2025-12-31: kept to 2031-12-31.
    @Test func aFinnishShopNamesTheAccountingActWithoutDefiningIt() throws {
        let plan = try Self.plan(
            Self.shop(country: "FI", duty: "fi-bookkeeping", categories: "[identity.name, financial.invoice]"),
            events: "{transaction: 2025-04-02}")
        let restrict = try #require(plan.instruction("kauppa", .restrict, .restrict))
        #expect(restrict.law == "kirjanpitolaki 2 luku 10 §")
        #expect(restrict.until == .on("2031-12-31"))
    }

    /// hvitvaskingsloven § 30: due-diligence records five years after the customer relationship
    /// ended (2026-06-30): restricted to 2031-06-30, the national id with them.
    @Test func theAntiMoneyLaunderingActKeepsDueDiligenceRecordsFiveYears() throws {
        let plan = try Self.plan(
            Self.shop(
                country: "NO", duty: "no-aml", categories: "[identity.name, identity.national-id, contact.email]"),
            events: "{customer-relationship-end: 2026-06-30}")
        let restrict = try #require(plan.instruction("kauppa", .restrict, .restrict))
        #expect(restrict.law == "hvitvaskingsloven § 30")
        #expect(restrict.until == .on("2031-06-30"))
        #expect(restrict.categories == ["identity.name", "identity.national-id"])
        #expect(plan.instruction("kauppa", .erase, .erase)?.categories == ["contact.email"])
    }

    /// patientdatalagen 3 kap. 17 §: a Swedish record kept in use at least ten years after the last
    /// entry; the built-in statute says so without the graph stating `keeps`.
    @Test func theSwedishPatientRecordDutyKeepsTheRecordInUse() throws {
        let plan = try Self.plan(
            Self.shop(country: "SE", duty: "se-patient-record", categories: "[health, identity.name]"),
            events: "{last-entry: 2020-01-15}")
        let hold = try #require(plan.notice("kauppa", .hold))
        let keep = try #require(hold.instructions.first { $0.kind == .keep })
        #expect(keep.notBefore == .on("2030-01-15"))
        #expect(plan.notice("kauppa", .restrict) == nil)
    }

    /// A graph's own definition of a built-in id wins: the seeds' tests and older graphs keep theirs.
    @Test func aGraphsOwnDutyOfTheSameIDWins() throws {
        let own =
            Self.shop(country: "NO", duty: "no-aml", categories: "[identity.name]") + """

                duties:
                  - id: no-aml
                    name: Our reading
                    law: hvitvaskingsloven § 30 (own reading)
                    retention: customer-relationship-end + 10 years
                    categories: [identity.name]
                """
        let plan = try Self.plan(own, events: "{customer-relationship-end: 2026-06-30}")
        #expect(plan.instruction("kauppa", .restrict, .restrict)?.until == .on("2036-06-30"))
    }

    /// Every built-in statute names its provision, its country and a rule that parses, and says in a
    /// note how the rule reads the statute.
    @Test func everyBuiltInStatuteCarriesItsCitationAndRule() {
        for duty in BuiltInStatutes.all {
            #expect(Linter.citesAStatute(duty.law), "\(duty.id.value)")
            #expect(duty.country != nil && duty.provenance.note != nil, "\(duty.id.value)")
            #expect(!duty.categories.isEmpty, "\(duty.id.value)")
        }
    }

    /// An unknown duty id is an error that lists the built-in statutes.
    @Test func anUnknownDutyListsTheBuiltInStatutes() throws {
        let loaded = Scenario.diagnostics(
            Self.shop(country: "NO", duty: "no-bokforing", categories: "[identity.name]"))
        let error = try #require(loaded.first { $0.id == "unknown-reference" })
        #expect(error.hint?.contains("no-bookkeeping") == true)
    }
}
