// Second round, class 8: an erase list names only what the person's data includes.

import SharegraphCore
import Testing

struct CollectedScenarios {
    /// A shop keeps sales documents (name, postal address, invoice) under the bookkeeping act, and
    /// collects all contact details for home delivery, which only some customers choose. The mailer
    /// processes the order data for certain and the delivery data when home delivery applies.
    static let graph = """
        sharegraph: 1
        duties:
          - id: invoice-records
            name: Sales documents under the Norwegian bookkeeping act
            law: bokføringsloven § 13, bokføringsforskriften § 5-1-1
            country: "NO"
            retention: financial-year-end + 5 years
            categories: [identity.name, contact.address, financial.invoice]
        facts:
          - id: home-delivery
            name: whether the person chose home delivery
            values: ["yes", "no"]
        purposes:
          - id: shop.orders
            name: Orders
            controller: shop
            legal-basis: contract
            categories: [identity.name, contact.email, contact.address, financial.invoice]
            duty: invoice-records
          - id: shop.delivery
            name: Home delivery
            controller: shop
            legal-basis: contract
            categories: [contact]
            retention: order + 1 year
            when: {fact: home-delivery, is: "yes"}
        flows:
          - id: shop-to-mailer
            from: shop
            to: mailer
            role: processor
            purpose: shop.orders
            categories: [identity.name, contact.email, contact.address]
            contract: mailer-dpa
          - id: shop-to-mailer-delivery
            from: shop
            to: mailer
            role: processor
            purpose: shop.delivery
            categories: [contact]
            contract: mailer-dpa
          - id: shop-to-collector
            from: shop
            to: collector
            role: independent-controller
            purpose: shop.delivery
            categories: [contact.phone]
        """

    static func request(facts: String = "{}") -> String {
        """
        sharegraph-request: 1
        id: r
        controller: shop
        received: 2026-12-07
        scope: erasure
        subject:
          reference: S
          relationships:
            - controller: shop
              as: [customer]
              events: {order: 2024-01-10, financial-year-end: 2024-12-31}
              facts: \(facts)
        """
    }

    static func plan(facts: String = "{}") throws -> ErasurePlan {
        try Scenario(graph).plan(request(facts: facts))
    }

    /// Art. 17(1) with 17(3)(b): the postal address stays under bokføringsforskriften § 5-1-1, so
    /// `contact` is split. The person certainly gave only an e-mail address besides it; the phone
    /// number and postcode come only from home delivery, which is not recorded for this person. The
    /// erase list names what the person's data includes: `contact.email`, and nothing else.
    @Test func theEraseListNamesOnlyWhatThePersonCertainlyGave() throws {
        let plan = try Self.plan()
        let erase = try #require(plan.notice("shop", .erase))
        let certain = erase.instructions.filter { $0.kind == .erase && $0.certainty == nil }
        #expect(certain.map(\.categories) == [["contact.email"]])
        #expect(certain.first?.purposes == ["shop.orders"])
    }

    /// What only the possible purpose brings in is named apart, marked possible, with that purpose:
    /// erase it if held. It never joins the list of the person's data, and never overlaps what stays.
    @Test func whatOnlyAPossiblePurposeBringsInIsListedApartAsPossible() throws {
        let plan = try Self.plan()
        let erase = try #require(plan.notice("shop", .erase))
        let possible = try #require(erase.instructions.first { $0.certainty == .possible })
        #expect(possible.categories == ["contact.phone", "contact.postcode"])
        #expect(possible.purposes == ["shop.delivery"])
        #expect(!possible.categories.contains("contact.address"), "the address is restricted, not erased")
        #expect(erase.certainty == .held)
    }

    /// Art. 28(3)(g): the processor's instruction splits the same way: it certainly holds the
    /// order data, and the delivery data only if home delivery applies.
    @Test func aProcessorsInstructionKeepsThePossibleCategoriesApart() throws {
        let plan = try Self.plan()
        let instruct = try #require(plan.notice("mailer", .instruct))
        let erases = instruct.instructions.filter { $0.kind == .erase }
        #expect(erases.map(\.categories) == [["contact.email"], ["contact.phone", "contact.postcode"]])
        #expect(erases.map(\.certainty) == [nil, .possible])
        #expect(instruct.instructions.contains { $0.kind == .restrict && $0.categories.contains("contact.address") })
    }

    /// Once home delivery is recorded, the delivery data is the person's data: one erase list,
    /// with the phone number and the postcode in it, nothing marked possible.
    @Test func aRecordedFactMakesTheDeliveryDataCertain() throws {
        let plan = try Self.plan(facts: "{home-delivery: \"yes\"}")
        let erase = try #require(plan.notice("shop", .erase))
        #expect(erase.instructions.map(\.categories) == [["contact.email", "contact.phone", "contact.postcode"]])
        #expect(erase.instructions.allSatisfy { $0.certainty == nil })
    }

    /// A party that holds nothing for certain has a possible notice: its one list needs no mark of
    /// its own, and Art. 19 tells the independent collector what was erased if it received it.
    @Test func aPartyWithOnlyPossibleHoldingsHasOnePossibleNotice() throws {
        let plan = try Self.plan()
        let inform = try #require(plan.notice("collector", .inform))
        #expect(inform.certainty == .possible)
        #expect(inform.instructions.map(\.categories) == [["contact.phone"]])
        #expect(inform.instructions.allSatisfy { $0.certainty == nil })
    }
}
