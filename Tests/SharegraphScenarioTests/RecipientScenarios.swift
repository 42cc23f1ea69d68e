// Class 5 and the recipients' rules: processors are told everything they hold (Art. 28(3)(g)),
// independent controllers are informed (Art. 19), authorities in an inquiry get no notice (Art. 4(9)).

import SharegraphCore
import Testing

struct RecipientScenarios {
    static let chain = """
        sharegraph: 1
        purposes:
          - id: shop.newsletter
            name: Newsletter
            controller: shop
            legal-basis: contract
            categories: [contact.email]
            retention: contract-end + 1 month
          - id: shop.contract
            name: Contract
            controller: shop
            legal-basis: contract
            categories: [identity.name, contact.phone, financial.invoice]
            retention: contract-end + 1 month
          - id: shop.police
            name: Disclosure to the police on request
            controller: shop
            legal-basis: legal-obligation
            categories: [identity.name]
            when: police-request
        flows:
          - id: shop-to-mailer
            from: shop
            to: mailer
            role: processor
            purpose: shop.newsletter
            categories: [contact.email, identity.name, contact.phone]
            contract: mailer-dpa
          - id: mailer-to-host
            from: mailer
            to: mailer-host
            role: sub-processor
            categories: all
            contract: host-dpa
            authorisation: mailer-dpa
          - id: shop-to-collector
            from: shop
            to: collector
            role: independent-controller
            purpose: shop.contract
            categories: [identity.name, financial.invoice]
            when: invoice-overdue
            on: claim-assigned
            retention: claim-assigned + 3 years
          - id: shop-to-police
            from: shop
            to: police
            role: authority
            purpose: shop.police
            categories: [identity.name]
            when: police-request
        """

    static func request(_ events: String) -> String {
        """
        sharegraph-request: 1
        id: r
        controller: shop
        received: 2026-11-20
        scope: erasure
        subject:
          reference: R
          relationships:
            - controller: shop
              as: [customer]
              identifiers: {email: kari@example.no, phone: "+4799999999"}
              events: \(events)
        """
    }

    /// Art. 28(3)(g): the processor deletes all the personal data it processes for the controller.
    /// The flow sends the name and phone with the e-mail, though the newsletter lists only the
    /// e-mail: the processor holds all three and its instruction names all three.
    @Test func aProcessorIsInstructedToEraseEverythingTheFlowSentIt() throws {
        let plan = try Scenario(Self.chain).plan(Self.request("{contract-end: 2025-01-10}"))
        let instruct = try #require(plan.instruction("mailer", .instruct, .erase))
        #expect(Set(instruct.categories) == ["contact.email", "contact.phone", "identity.name"])
        #expect(plan.notice("mailer", .instruct)?.reason.hasPrefix("Art. 28(3)(g)") == true)
        #expect(plan.notice("mailer", .instruct)?.identities.map(\.type).sorted() == ["email", "phone"])
    }

    /// Art. 28(2), (4): the sub-processor gets the same instruction through its processor, for
    /// everything the processor passed on.
    @Test func theSubProcessorIsInstructedThroughItsProcessorForAllItHolds() throws {
        let plan = try Scenario(Self.chain).plan(Self.request("{contract-end: 2025-01-10}"))
        let sub = try #require(plan.notice("mailer-host", .instruct))
        #expect(sub.parent == "mailer/instruct" && sub.channel == .relay(via: "mailer"))
        #expect(Set(sub.categories) == ["contact.email", "contact.phone", "identity.name"])
    }

    /// `check` warns where a flow carries a category its purpose does not list, at that category.
    @Test func checkWarnsWhereAFlowCarriesMoreThanItsPurposeLists() throws {
        let scenario = try Scenario(Self.chain)
        let findings = Linter(graph: scenario.index.graph).findings().filter {
            $0.id == "flow-category-outside-purpose"
        }
        #expect(
            findings.map(\.message).sorted() == [
                "flow `shop-to-mailer` carries `contact.phone`, which its purpose `shop.newsletter` does not list",
                "flow `shop-to-mailer` carries `identity.name`, which its purpose `shop.newsletter` does not list",
            ])
        #expect(findings.allSatisfy { $0.location.file == "scenario.yaml" && $0.location.line == 27 })
    }

    /// Art. 19: the collector that bought the claim on 2026-02-10 is an independent controller and
    /// is informed; its own retention is counted from the day the claim was assigned.
    @Test func theCollectorIsInformedAndItsRetentionRunsFromTheAssignment() throws {
        let scenario = try Scenario(Self.chain)
        let plan = try scenario.plan(
            Self.request("{contract-end: 2025-01-10, invoice-overdue: 2025-12-01, claim-assigned: 2026-02-10}"))
        let inform = try #require(plan.notice("collector", .inform))
        #expect(inform.reason.hasPrefix("Art. 19") && inform.certainty == .held)
        let trace = try scenario.trace(
            """
            sharegraph-subject: 1
            reference: R4
            relationships:
              - controller: shop
                as: [customer]
                events: {contract-end: 2025-01-10, invoice-overdue: 2025-12-01, claim-assigned: 2026-02-10}
            """, asOf: "2026-11-20")
        let collector = try #require(trace.holding("collector", "shop.contract"))
        #expect(collector.retention.lastDay == .on("2029-02-10"))
        #expect(collector.routes.first?.steps.last?.date == .on("2026-02-10"))
    }

    /// The invoice is overdue but no assignment is recorded: the claim may or may not have gone to
    /// the collector, so the collector is possible, not certain.
    @Test func anOverdueInvoiceWithoutARecordedAssignmentMakesTheCollectorPossible() throws {
        let trace = try Scenario(Self.chain).trace(
            """
            sharegraph-subject: 1
            reference: R5
            relationships:
              - controller: shop
                as: [customer]
                events: {contract-end: 2025-01-10, invoice-overdue: 2025-12-01}
            """, asOf: "2026-11-20")
        #expect(trace.holding("collector", "shop.contract")?.certainty == .possible)
    }

    /// Art. 4(9): the police received the name in a particular inquiry and are not a recipient:
    /// no notice, no identifiers, and the plan says why.
    @Test func thePoliceGetNoNotice() throws {
        let plan = try Scenario(Self.chain).plan(Self.request("{contract-end: 2025-01-10, police-request: 2026-03-01}"))
        let police = try #require(plan.notice("police", .noNotice))
        #expect(police.identities.isEmpty && police.deadline == nil && police.instructions.isEmpty)
        #expect(!plan.notices.contains { $0.recipient == "police" && $0.action != .noNotice })
    }

    /// Art. 12(3): one month from receipt; 20 November 2026 gives 20 December 2026, a Sunday, so
    /// Monday 21 December. Every notice that needs an answer carries that day.
    @Test func everyAnsweredNoticeCarriesTheStatutoryDeadline() throws {
        let plan = try Scenario(Self.chain).plan(Self.request("{contract-end: 2025-01-10}"))
        #expect(plan.deadline.statutory == .on("2026-12-21"))
        #expect(plan.notices.filter(\.action.needsAnswer).allSatisfy { $0.deadline == .on("2026-12-21") })
    }

    /// The person as a sender: card details typed into the processor's page under the shop's
    /// payment purpose reach the processor, which is instructed to erase them (Art. 28(3)(g)).
    @Test func cardDetailsTheProcessorGotFromThePersonAreInTheInstruction() throws {
        let plan = try Scenario(UnknownScenarios.payments).plan(
            """
            sharegraph-request: 1
            id: r
            controller: shop
            received: 2026-11-20
            scope: erasure
            subject:
              reference: R8
              relationships:
                - controller: shop
                  as: [customer]
                  events: {order: 2026-03-01, payment-completed: 2026-03-01}
                  facts: {payment-method: card}
            """)
        let instruct = try #require(plan.instruction("psp", .instruct, .erase))
        #expect(instruct.categories.contains("financial.payment"))
        #expect(plan.notice("psp", .instruct)?.path.first == "person")
    }

    /// A chain in a shared file that carries what its sender no longer receives is an error in the
    /// shared file, caused by the user's: the message names both places.
    @Test func aBrokenChainInASharedFileNamesTheFileThatFeedsIt() throws {
        let shared =
            Scenario.base + """

                flows:
                  - id: mailer-to-host
                    from: mailer
                    to: mailer-host
                    role: sub-processor
                    categories: [contact.email, contact.phone]
                    contract: host-dpa
                    authorisation: mailer-dpa
                """
        let scenario = try Scenario(
            """
            sharegraph: 1
            purposes:
              - id: shop.newsletter
                name: Newsletter
                controller: shop
                legal-basis: contract
                categories: [contact.email]
            flows:
              - id: shop-to-mailer
                from: shop
                to: mailer
                role: processor
                purpose: shop.newsletter
                categories: [contact.email]
                contract: mailer-dpa
            """, base: shared)
        let first = Linter(graph: scenario.index.graph).findings()
        let error = try #require(first.first { $0.id == "category-not-held-by-sender" })
        #expect(error.location.file == "base.yaml")
        #expect(error.message.contains("flow `shop-to-mailer` at scenario.yaml:"))
        #expect(error.hint?.contains("the change that removed it is likely there") == true)
    }
}
