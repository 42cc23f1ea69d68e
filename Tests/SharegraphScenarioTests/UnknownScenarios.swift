// Class 2: an unknown fact gives "possible", never a reason to keep, and is never counted as held.

import SharegraphCore
import SharegraphReport
import Testing

struct UnknownScenarios {
    static let claims = """
        sharegraph: 1
        purposes:
          - id: shop.contract
            name: Contract
            controller: shop
            legal-basis: contract
            categories: [identity.name, contact.email, commercial.orders]
            retention: contract-end + 36 months
          - id: shop.legal-claims
            name: Legal claims in a dispute
            controller: shop
            legal-basis: legitimate-interests
            balancing: Defending claims about payment.
            categories: [identity.name, commercial.orders]
            when: dispute
            retention: until dispute-resolved
            erasure-exception: legal-claims
          - id: shop.marketing
            name: Newsletter
            controller: shop
            legal-basis: consent
            categories: [contact.email, marketing.preferences]
            retention: until consent-withdrawn
        """

    static func request(_ events: String, notHappened: String = "[]", scope: String = "erasure") -> String {
        """
        sharegraph-request: 1
        id: r
        controller: shop
        received: 2026-11-20
        scope: \(scope)
        subject:
          reference: U
          relationships:
            - controller: shop
              as: [customer]
              events: \(events)
              not-happened: \(notHappened)
        """
    }

    /// Art. 17(3)(e) keeps data only for a legal claim that exists. No dispute is recorded either
    /// way, so the legal-claims purpose is only possible: nothing is held back, and its data goes.
    @Test func anUnrecordedDisputeHoldsNothing() throws {
        let plan = try Scenario(Self.claims).plan(
            Self.request("{contract-start: 2022-01-10, contract-end: 2023-01-10}"))
        #expect(plan.notice("shop", .hold) == nil)
        let erase = try #require(plan.instruction("shop", .erase, .erase))
        #expect(erase.categories.contains("commercial.orders") && erase.categories.contains("identity.name"))
    }

    /// Art. 17(3)(e): a dispute recorded on 2025-01-15 and not settled keeps the legal-claims data,
    /// until the dispute is settled; the rest goes, and nothing is both erased and held.
    @Test func aRecordedOpenDisputeHoldsItsDataUnderArticle17_3_e() throws {
        let plan = try Scenario(Self.claims).plan(
            Self.request(
                "{contract-start: 2022-01-10, contract-end: 2023-01-10, dispute: 2025-01-15}",
                notHappened: "[dispute-resolved]"))
        let hold = try #require(plan.notice("shop", .hold))
        #expect(hold.reason.hasPrefix("Art. 17(3)(e)"))
        #expect(hold.reason.contains("until the dispute was settled"))
        let held = try #require(hold.instructions.first).categories
        let erased = plan.instruction("shop", .erase, .erase)?.categories ?? []
        #expect(overlapping(held, erased).isEmpty)
        #expect(erased.contains("contact.email"))
    }

    /// Art. 17(3)(e) ends with the claim: a dispute settled on 2026-02-01 is no reason to keep anything.
    @Test func aSettledDisputeHoldsNothing() throws {
        let plan = try Scenario(Self.claims).plan(
            Self.request(
                "{contract-start: 2022-01-10, contract-end: 2023-01-10, dispute: 2025-01-15, dispute-resolved: 2026-02-01}"
            ))
        #expect(plan.notice("shop", .hold) == nil)
        #expect(plan.instruction("shop", .erase, .erase)?.categories.contains("commercial.orders") == true)
    }

    /// A holding whose condition is unknown is counted as possible, not as held, in the summary;
    /// every holding is counted exactly once (an Art. 15(1) answer states what is held, and an unknown
    /// is not held).
    @Test func aPossibleHoldingIsCountedAsPossibleNotHeld() throws {
        let scenario = try Scenario(Self.claims)
        let subject = """
            sharegraph-subject: 1
            reference: U4
            relationships:
              - controller: shop
                as: [customer]
                events: {contract-start: 2025-01-10}
            """
        let trace = try scenario.trace(subject, asOf: "2026-12-01")
        #expect(trace.holding("shop", "shop.legal-claims")?.certainty == .possible)
        let summary = trace.summary
        #expect(summary.held == 1, "only the contract is certainly held")
        #expect(summary.possible == 2, "legal claims (dispute unknown) and the newsletter (consent unknown)")
        #expect(
            summary.held + summary.possible + summary.due + summary.restricted + summary.deleted == summary.holdings)
        let document = try scenario.document(trace, subject: subject)
        #expect(document.schema == "sharegraph.trace/2")
        #expect(document.summary.held == 1 && document.summary.possible == 2)
    }

    /// The trace text never prints a bare "held" under a possible holding.
    @Test func theTraceTextSaysPossibleWhereTheConditionIsUnknown() throws {
        let scenario = try Scenario(Self.claims)
        let subject = """
            sharegraph-subject: 1
            reference: U5
            relationships:
              - controller: shop
                as: [customer]
                events: {contract-start: 2025-01-10}
            """
        let text = TraceText().render(
            try scenario.document(try scenario.trace(subject, asOf: "2026-12-01"), subject: subject))
        let lines = text.split(separator: "\n").map(String.init)
        let claims = try #require(lines.firstIndex { $0.contains("shop.legal-claims") })
        let status = try #require(lines[claims...].first { $0.contains("status") })
        #expect(status.contains("possible") && status.contains("when dispute"))
        #expect(lines.contains { $0.contains("1 held, 2 only possible") })
    }

    /// Art. 7(3): withdrawing consent ends the newsletter. The e-mail is also listed by the
    /// legal-claims purpose, but no dispute is recorded: an unknown claim keeps nothing, so the
    /// e-mail goes with the newsletter where no certain purpose still needs it.
    @Test func aPossiblePurposeDoesNotKeepWhatAWithdrawalEnds() throws {
        let scenario = try Scenario(
            """
            sharegraph: 1
            purposes:
              - id: shop.marketing
                name: Newsletter
                controller: shop
                legal-basis: consent
                categories: [contact.email, marketing.preferences]
                retention: until consent-withdrawn
              - id: shop.legal-claims
                name: Legal claims
                controller: shop
                legal-basis: legitimate-interests
                balancing: Claims.
                categories: [contact.email]
                when: dispute
                erasure-exception: legal-claims
            """)
        let plan = try scenario.plan(
            Self.request(
                "{consent-given: {date: 2024-01-01, purpose: shop.marketing}, consent-withdrawn: {date: 2026-11-20, purpose: shop.marketing}}",
                scope: "consent-withdrawal"))
        #expect(plan.instruction("shop", .erase, .erase)?.categories.contains("contact.email") == true)
    }

    static let payments = """
        sharegraph: 1
        purposes:
          - id: shop.payment
            name: Payment
            controller: shop
            legal-basis: contract
            categories: [identity.name, financial.transaction]
            retention: first of [payment-completed, withdrawal-period-end]
        flows:
          - id: shop-to-psp
            from: shop
            to: psp
            role: processor
            purpose: shop.payment
            categories: [financial.transaction]
            when: {fact: payment-method, is: card}
          - id: person-to-psp
            from: person
            to: psp
            role: processor
            purpose: shop.payment
            categories: [financial.payment]
            when: {fact: payment-method, is: card}
        """

    static func payer(_ facts: String) -> String {
        """
        sharegraph-subject: 1
        reference: P
        relationships:
          - controller: shop
            as: [customer]
            events: {order: 2026-03-01}
            \(facts)
        """
    }

    /// A fact nobody recorded selects nothing: the card processor may or may not have the data (a
    /// possible recipient under Art. 15(1)(c), never a certain one).
    @Test func anUnrecordedPaymentMethodMakesTheCardProcessorPossible() throws {
        let trace = try Scenario(Self.payments).trace(Self.payer(""), asOf: "2026-12-01")
        #expect(trace.holding("psp", "shop.payment")?.certainty == .possible)
    }

    /// Paid by invoice: the card processor never received anything, so it is no recipient to tell
    /// (Art. 19).
    @Test func aPaymentByInvoiceNeverReachesTheCardProcessor() throws {
        let trace = try Scenario(Self.payments).trace(
            Self.payer("facts: {payment-method: invoice}"), asOf: "2026-12-01")
        #expect(trace.holding("psp", "shop.payment") == nil)
    }

    /// Paid by card: the card processor holds the transaction from the shop and the card details
    /// the person typed into its page; the shop never held the card details. The processor acts for
    /// the shop (Art. 28) for both.
    @Test func aPaymentByCardReachesTheCardProcessorFromThePersonToo() throws {
        let trace = try Scenario(Self.payments).trace(Self.payer("facts: {payment-method: card}"), asOf: "2026-12-01")
        let psp = try #require(trace.holding("psp", "shop.payment"))
        #expect(psp.certainty == .held)
        #expect(psp.categories.contains("financial.payment") && psp.categories.contains("financial.transaction"))
        #expect(psp.routes.contains { $0.steps.first?.from == "person" })
        #expect(trace.holding("shop", "shop.payment")?.categories.contains("financial.payment") == false)
        #expect(!trace.parties.contains("person"), "the person is the source, not a holder")
    }

    /// A subject file naming a value the fact does not have is refused at its place.
    @Test func anUnknownFactValueIsALocatedError() throws {
        let diagnostics = try Scenario(Self.payments).subjectDiagnostics(Self.payer("facts: {payment-method: cash}"))
        let error = try #require(diagnostics.first { $0.severity == .error })
        #expect(error.message.contains("`cash`") && error.location.line == 7)
        #expect(error.hint?.contains("`card`") == true)
    }
}
