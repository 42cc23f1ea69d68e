// Second round, classes 1 to 4 and 7: what Art. 19 tells a recipient, each duty with its own end,
// a known minimum kept, a duty that keeps data in use, and the fact a restriction's end waits for.

import SharegraphCore
import Testing

struct DutyScenarios {
    /// A Swedish clinic: patient records kept at least ten years after the last entry, in use for
    /// the patient's further care (patientdatalagen 3 kap. 17 §), and bills under the bookkeeping
    /// act (bokföringslagen 7 kap. 2 §); a hosting processor, an insurer that gets the treatment
    /// record and a collector that gets the bills as independent controllers, and a newsletter
    /// partner.
    static let clinic = """
        sharegraph: 1
        parties:
          - id: clinic
            name: Klinik AB
            country: SE
            contact: {email: dataskydd@klinik.example}
          - id: journal-host
            name: Journal Hosting AB
            country: SE
            contact: {email: dpo@journalhost.example}
          - id: insurer
            name: Insurer AB
            country: SE
            contact: {email: privacy@insurer.example}
          - id: partner
            name: Wellness Partner AB
            country: SE
            contact: {email: privacy@partner.example}
        duties:
          - id: patient-record
            name: Swedish patient record duty
            law: patientdatalagen 3 kap. 17 §
            country: SE
            retention: at least last-entry + 10 years
            categories: [health, identity.name, identity.national-id]
            keeps: in-use
        contracts:
          - id: journal-dpa
            type: dpa
            parties: [clinic, journal-host]
        purposes:
          - id: clinic.care
            name: Health care and the patient record
            controller: clinic
            legal-basis: legal-obligation
            special-condition: health-care
            categories: [health, identity.name, identity.national-id]
            duty: patient-record
          - id: clinic.billing
            name: Billing and bookkeeping
            controller: clinic
            legal-basis: legal-obligation
            categories: [identity.name, financial.invoice, financial.transaction]
            duty: se-bookkeeping
          - id: clinic.newsletter
            name: Newsletter
            controller: clinic
            legal-basis: consent
            categories: [contact.email]
            retention: until consent-withdrawn
        flows:
          - id: clinic-to-host
            from: clinic
            to: journal-host
            role: processor
            purpose: clinic.care
            categories: [health, identity.name, identity.national-id]
            contract: journal-dpa
          - id: clinic-to-insurer
            from: clinic
            to: insurer
            role: independent-controller
            purpose: clinic.care
            categories: [health, identity.name]
          - id: clinic-to-collector
            from: clinic
            to: collector
            role: independent-controller
            purpose: clinic.billing
            categories: [identity.name, financial.invoice]
          - id: clinic-to-partner
            from: clinic
            to: partner
            role: independent-controller
            purpose: clinic.newsletter
            categories: [contact.email]
        """

    static let request = """
        sharegraph-request: 1
        id: c
        controller: clinic
        received: 2026-12-07
        scope: erasure
        subject:
          reference: P
          relationships:
            - controller: clinic
              as: [customer]
              identifiers: {email: pat@example.se}
              events: {last-entry: 2025-03-10, transaction: 2025-03-10, financial-year-end: 2025-12-31, consent-given: 2024-01-01}
        """

    static func plan() throws -> ErasurePlan { try Scenario(clinic).plan(request) }

    /// An erasure request to the base graph's shop, received 2026-12-07, with the person's events.
    static func shopRequest(events: String) -> String {
        """
        sharegraph-request: 1
        id: s
        controller: shop
        received: 2026-12-07
        scope: erasure
        subject:
          reference: S
          relationships:
            - controller: shop
              as: [customer]
              events: \(events)
        """
    }

    // MARK: Class 1: Art. 19 communicates what was done

    /// Art. 19 communicates erasure carried out under Art. 17(1). The clinic keeps the health record
    /// and the name in use under patientdatalagen 3 kap. 17 § (Art. 17(3)(b)): it erased none of
    /// what the insurer received, so the insurer is told nothing was erased, and gets no notice.
    @Test func aRecipientIsNotToldOfAnErasureTheControllerDidNotCarryOut() throws {
        let plan = try Self.plan()
        #expect(plan.notice("insurer", .inform) == nil)
        #expect(plan.kept.contains { $0.party == "insurer" && $0.reason.contains("Art. 19") })
    }

    /// Art. 19 with Art. 18: the collector received the name and the invoice. The invoice is
    /// restricted under bokföringslagen 7 kap. 2 § until 2032-12-31 (end of 2025 + 7 years): it is
    /// communicated as restricted, with that end. The name stays in use for care: not communicated.
    @Test func aRestrictedCategoryIsCommunicatedAsRestrictedWithItsEnd() throws {
        let plan = try Self.plan()
        let inform = try #require(plan.notice("collector", .inform))
        #expect(!inform.instructions.contains { $0.kind == .erase })
        let restrict = try #require(inform.instructions.first { $0.kind == .restrict })
        #expect(restrict.categories == ["financial.invoice"])
        #expect(restrict.until == .on("2032-12-31"))
        #expect(restrict.law == "bokföringslagen 7 kap. 2 §")
        #expect(!inform.categories.contains("identity.name"))
    }

    /// Art. 19 and Art. 17: the newsletter address was erased and is communicated as erased; the
    /// partner, an independent controller, decides on its own erasure and owes no confirmation.
    @Test func anErasedCategoryIsCommunicatedWithoutAskingForAConfirmation() throws {
        let plan = try Self.plan()
        let inform = try #require(plan.notice("partner", .inform))
        #expect(inform.instructions.map(\.kind) == [.erase])
        #expect(inform.instructions.first?.categories == ["contact.email"])
        #expect(inform.reason.contains("decides on its own erasure and its own legal duties"))
        #expect(inform.reason.contains("not a confirmation of erasure"))
        #expect(!inform.reason.contains("and confirms"))
    }

    // MARK: Class 2: each duty its own end

    /// Art. 17(3)(b): each duty keeps its own categories until its own end. The bookkeeping records
    /// come due on 2033-01-01; the patient record not before 2035-03-11. Two follow-ups, each dated.
    @Test func twoDutiesAtOnePartyGiveTwoFollowUpsEachWithItsOwnDay() throws {
        let plan = try Self.plan()
        let books = try #require(plan.notices.first { $0.key == "clinic/follow-up/se-bookkeeping" })
        #expect(books.notBefore == .on("2033-01-01"))
        #expect(books.instructions.first?.categories == ["financial.invoice", "financial.transaction"])
        let record = try #require(plan.notices.first { $0.key == "clinic/follow-up/patient-record" })
        #expect(record.notBefore == .on("2035-03-11"))
        #expect(record.deadline == nil, "only a minimum is known, so no date by which it must be done")
    }

    /// The restriction is labelled with its own duty's date, never another's.
    @Test func theRestrictionCarriesItsOwnDutysDate() throws {
        let plan = try Self.plan()
        let restrict = try #require(plan.notices.first { $0.key == "clinic/restrict/se-bookkeeping" })
        #expect(restrict.instructions.map(\.until) == [.on("2032-12-31")])
        #expect(restrict.reason.contains("bokföringslagen 7 kap. 2 § until 2032-12-31"))
        #expect(!restrict.reason.contains("patientdatalagen"))
    }

    /// A processor that keeps data under two duties gets a follow-up for each, relayed the same way.
    @Test func aProcessorGetsTheFollowUpOfEachDutyItKeepsDataFor() throws {
        let plan = try Self.plan()
        let follow = try #require(plan.notice("journal-host", .followUp))
        #expect(follow.notBefore == .on("2035-03-11"))
        #expect(follow.instructions.first?.duty == "patient-record")
    }

    // MARK: Class 3: a known minimum is never dropped

    /// patientdatalagen 3 kap. 17 §: at least ten years after the last entry (2025-03-10), so not
    /// before 2035-03-10. The plan carries the minimum and never claims no date can be worked out.
    @Test func aDutysKnownMinimumIsCarriedIntoThePlan() throws {
        let plan = try Self.plan()
        let hold = try #require(plan.notice("clinic", .hold))
        let keep = try #require(hold.instructions.first { $0.kind == .keep })
        #expect(keep.notBefore == .on("2035-03-10"))
        #expect(keep.until == nil)
        #expect(hold.reason.contains("at least until 2035-03-10"))
        for notice in plan.notices { #expect(!notice.reason.contains("no date can be worked out")) }
    }

    // MARK: Class 4: kept in use is not a restriction

    /// Art. 17(3)(b), (c): the patient record is kept for further care, not restricted (Art. 18
    /// would block care). The clinic holds it in use; nothing tells it to use it for nothing else.
    @Test func aDutyThatKeepsDataInUseIsNotARestriction() throws {
        let plan = try Self.plan()
        let restricted = plan.notices.filter { $0.action == .restrict }.flatMap(\.categories)
        #expect(!restricted.contains("health"))
        let hold = try #require(plan.notice("clinic", .hold))
        #expect(hold.reason.contains("kept in use under patientdatalagen 3 kap. 17 §"))
        #expect(!hold.reason.contains("used for nothing else"))
        let instruct = try #require(plan.notice("journal-host", .instruct))
        #expect(instruct.instructions.map(\.kind) == [.keep])
    }

    /// One status per category per party: the name kept in use for care is not also "restricted"
    /// under the bookkeeping act.
    @Test func aCategoryKeptInUseIsNotAlsoRestricted() throws {
        let plan = try Self.plan()
        let restrict = try #require(plan.notices.first { $0.key == "clinic/restrict/se-bookkeeping" })
        #expect(!restrict.categories.contains("identity.name"))
    }

    // MARK: Class 7: the fact a restriction's end waits for

    /// Hvitvaskingsloven § 30: documents kept five years after the customer relationship ended. The
    /// end of the relationship is not recorded: the plan names that fact instead of a date.
    @Test func aRestrictionWhoseEndIsUnrecordedNamesTheMissingFact() throws {
        let graph = """
            sharegraph: 1
            events:
              - id: relationship-end
                name: the customer relationship ended
            duties:
              - id: no-aml
                name: Norwegian anti-money-laundering act
                law: hvitvaskingsloven § 30
                country: "NO"
                retention: relationship-end + 5 years
                categories: [identity.name, identity.national-id]
            purposes:
              - id: shop.kyc
                name: Customer due diligence
                controller: shop
                legal-basis: legal-obligation
                categories: [identity.name, identity.national-id]
                duty: no-aml
            """
        let plan = try Scenario(graph).plan(Self.shopRequest(events: "{transaction: 2026-01-05}"))
        let restrict = try #require(plan.notice("shop", .restrict))
        #expect(restrict.reason.contains("“the customer relationship ended”, not recorded"))
        #expect(restrict.reason.contains("record it"))
        let follow = try #require(plan.notice("shop", .followUp))
        #expect(follow.notBefore == nil && follow.deadline == nil)
    }

    // MARK: Class 9: one status per category, and no follow-up erases what another duty keeps

    /// Art. 17(3)(b): the name is on the sales records (bokføringsloven § 13, to 2030-12-31) and in
    /// the due-diligence file (hvitvaskingsloven § 30, five years after the relationship ended on
    /// 2026-06-30: to 2031-06-30). The name stays with the duty that keeps it longest: the
    /// bookkeeping follow-up erases the transactions only; the name goes on 2031-07-01.
    @Test func aCategoryTwoDutiesKeepStaysWithTheLongerOne() throws {
        let graph = """
            sharegraph: 1
            purposes:
              - id: shop.sale
                name: Sales records
                controller: shop
                legal-basis: legal-obligation
                categories: [identity.name, financial.transaction]
                duty: no-bookkeeping
              - id: shop.kyc
                name: Customer due diligence
                controller: shop
                legal-basis: legal-obligation
                categories: [identity.name, identity.national-id]
                duty: no-aml
            """
        let plan = try Scenario(graph).plan(
            Self.shopRequest(events: "{transaction: 2025-02-01, customer-relationship-end: 2026-06-30}"))
        let books = try #require(plan.notices.first { $0.key == "shop/follow-up/no-bookkeeping" })
        #expect(books.instructions.first?.categories == ["financial.transaction"])
        #expect(books.notBefore == .on("2031-01-01"))
        let aml = try #require(plan.notices.first { $0.key == "shop/follow-up/no-aml" })
        #expect(aml.instructions.first?.categories == ["identity.name", "identity.national-id"])
        #expect(aml.notBefore == .on("2031-07-01"))
        let restricted = plan.notices.filter { $0.action == .restrict }.flatMap(\.categories)
        #expect(restricted.filter { $0 == "identity.name" }.count == 1, "the name has one status")
    }

    /// Class 7, an outer bound: a duty written "until the claim is settled, at most five years after
    /// the invoice" (`first of`) with the settlement unrecorded. The law allows no later end than
    /// 2031-03-01, so the plan uses it, says it is the latest, and names the fact that would end it
    /// sooner.
    @Test func aDutyWithAnOuterBoundUsesItAndSaysSo() throws {
        let graph = """
            sharegraph: 1
            events:
              - id: claim-settled
                name: the claim was settled
              - id: invoiced
                name: the invoice was sent
            duties:
              - id: claim-file
                name: Claim file
                law: inkassoloven § 24
                country: "NO"
                retention: first of [until claim-settled, invoiced + 5 years]
                categories: [identity.name, financial.invoice]
            purposes:
              - id: shop.claims
                name: Claims
                controller: shop
                legal-basis: legal-obligation
                categories: [identity.name, financial.invoice]
                duty: claim-file
            """
        let plan = try Scenario(graph).plan(Self.shopRequest(events: "{invoiced: 2026-03-01}"))
        let restrict = try #require(plan.notice("shop", .restrict))
        #expect(restrict.instructions.first?.until == .on("2031-03-01"))
        #expect(restrict.reason.contains("until 2031-03-01 at the latest"))
        #expect(restrict.reason.contains("ends sooner if “the claim was settled” comes first, which is not recorded"))
        #expect(plan.notice("shop", .followUp)?.notBefore == .on("2031-03-02"))
    }
}
