// What a recipient does with the data, one hop further, and conditions that must all hold.

import Foundation
import SharegraphCore
import Testing

struct OnwardScenarios {
    static let graph = """
        sharegraph: 1
        parties:
          - id: collector-court
            name: District court
            kind: public-authority
            country: "NO"
            contact: {none: receives data in a particular case (Art. 4(9))}
          - id: collector-printer
            name: Print and post AS
            country: "NO"
            contact: {email: privacy@print.example}
        purposes:
          - id: shop.payment
            name: Payment
            controller: shop
            legal-basis: contract
            categories: [identity.name, contact.address, financial.invoice]
            retention: order + 1 year
          - id: collector.collection
            name: Collection
            controller: collector
            legal-basis: legitimate-interests
            balancing: Collecting assigned claims.
            categories: [identity.name, contact.address, financial.invoice]
          - id: collector.court
            name: Court proceedings
            controller: collector
            legal-basis: legitimate-interests
            balancing: Enforcing the claim.
            categories: [identity.name, financial.invoice]
            when: court-order
        flows:
          - id: shop-to-collector
            from: shop
            to: collector
            role: independent-controller
            purpose: shop.payment
            categories: [identity.name, contact.address, financial.invoice]
            when: [invoice-overdue, {fact: payment-method, is: invoice}]
            on: claim-assigned
          - id: collector-to-printer
            from: collector
            to: collector-printer
            role: processor
            purpose: collector.collection
            categories: [identity.name, contact.address]
          - id: collector-to-court
            from: collector
            to: collector-court
            role: authority
            purpose: collector.court
            categories: [identity.name, financial.invoice]
            when: court-order
        """

    static func person(_ events: String, facts: String = "{payment-method: invoice}") -> String {
        """
        sharegraph-subject: 1
        reference: O
        relationships:
          - controller: shop
            as: [customer]
            events: \(events)
            facts: \(facts)
        """
    }

    /// Every condition of a list must hold: an invoice known never to have been overdue means the
    /// claim was never assigned, whatever the unrecorded facts say: the collector is no recipient to
    /// tell (Art. 19).
    @Test func aConditionListIsFalseWhenOnePartIsFalse() throws {
        let trace = try Scenario(Self.graph).trace(
            Self.person("{order: 2026-01-10}", facts: "{}").replacingOccurrences(
                of: "    facts: {}", with: "    not-happened: [invoice-overdue]"),
            asOf: "2026-11-20")
        #expect(trace.holding("collector", "shop.payment") == nil)
    }

    /// A list with one part unknown and none false is unknown: the collector is possible.
    @Test func aConditionListWithAnUnknownPartIsPossible() throws {
        let trace = try Scenario(Self.graph).trace(
            Self.person("{order: 2026-01-10, invoice-overdue: 2026-03-01}", facts: "{}"), asOf: "2026-11-20")
        #expect(trace.holding("collector", "shop.payment")?.certainty == .possible)
    }

    /// The collector uses the claim for its own purposes: its printer processes it for the
    /// collector (Art. 28), not for the shop, and the court gets it in a particular case.
    @Test func anIndependentRecipientsOwnFlowsCarryTheDataOneHopFurther() throws {
        let trace = try Scenario(Self.graph).trace(
            Self.person(
                "{order: 2026-01-10, invoice-overdue: 2026-03-01, claim-assigned: 2026-04-01, court-order: 2026-09-01}"),
            asOf: "2026-11-20")
        let printer = try #require(trace.holding("collector-printer", "collector.collection"))
        #expect(printer.role == .processor && printer.controller == "collector")
        #expect(printer.routes.first?.steps.map(\.to) == ["collector", "collector-printer"])
        #expect(trace.holding("collector-court", "collector.court")?.role == .authority)
        #expect(trace.holding("collector-printer", "shop.payment") == nil, "the printer does not work for the shop")
    }

    /// Art. 19: the shop informs the collector; what the collector passed on for its own purposes
    /// is the collector's to tell, so the shop instructs no one on its behalf and says so.
    @Test func theControllerInformsTheRecipientAndLeavesItsOnwardRecipientsToIt() throws {
        let plan = try Scenario(Self.graph).plan(
            """
            sharegraph-request: 1
            id: r
            controller: shop
            received: 2026-11-20
            scope: erasure
            subject:
              reference: O4
              relationships:
                - controller: shop
                  as: [customer]
                  events: {order: 2026-01-10, invoice-overdue: 2026-03-01, claim-assigned: 2026-04-01}
                  facts: {payment-method: invoice}
            """)
        #expect(plan.notice("collector", .inform) != nil)
        #expect(plan.notice("collector-printer", .instruct) == nil)
        #expect(plan.kept.contains { $0.party == "collector-printer" && $0.reason.contains("Collector AS") })
    }
}
