// Classes 3 and 4: only the statute's period keeps data after an erasure request, and what goes and
// what stays at one party never overlap in the taxonomy's sense.

import Foundation
import SharegraphCore
import Testing

struct StatuteScenarios {
    /// A purpose under the bookkeeping act whose policy chose a longer period of its own.
    static let longerPolicy = """
        sharegraph: 1
        purposes:
          - id: shop.sale
            name: Selling
            controller: shop
            legal-basis: contract
            categories: [identity, contact.email, commercial.orders]
            retention: order + 1 month
          - id: shop.bookkeeping
            name: Bookkeeping
            controller: shop
            legal-basis: legal-obligation
            categories: [identity.name, contact.email, financial.transaction]
            duty: no-bookkeeping
            retention: end of year of last-disclosure + 6 years
        """

    static func request(received: String = "2026-11-20") -> String {
        """
        sharegraph-request: 1
        id: r
        controller: shop
        received: \(received)
        scope: erasure
        subject:
          reference: T
          relationships:
            - controller: shop
              as: [customer]
              events: {order: 2024-05-10, transaction: 2024-05-10, last-disclosure: 2024-06-01}
        """
    }

    /// Art. 17(3)(b): only a legal obligation justifies keeping data after an erasure request.
    /// bokføringsloven § 13 gives 5 years after the financial year 2024: 2029-12-31. The policy's
    /// own "end of year of last disclosure + 6 years" (2030-12-31) is not a legal obligation.
    @Test func theRestrictionEndsOnTheStatutesDayNotThePolicys() throws {
        let plan = try Scenario(Self.longerPolicy).plan(Self.request())
        let restrict = try #require(plan.instruction("shop", .restrict, .restrict))
        #expect(restrict.until == .on("2029-12-31"))
        let notice = try #require(plan.notice("shop", .restrict))
        #expect(notice.reason.contains("bokføringsloven § 13 until 2029-12-31"))
        #expect(notice.reason.contains("not a legal obligation"))
        #expect(!notice.reason.contains("2030-12-31 (legal"))
        #expect(plan.notice("shop", .followUp)?.notBefore == .on("2030-01-01"))
    }

    /// The trace shows the statute's day as the retention and the policy's own day beside it.
    @Test func theTraceShowsThePolicysPeriodAsThePolicysOwn() throws {
        let trace = try Scenario(Self.longerPolicy).trace(
            """
            sharegraph-subject: 1
            reference: T2
            relationships:
              - controller: shop
                as: [customer]
                events: {order: 2024-05-10, transaction: 2024-05-10, last-disclosure: 2024-06-01}
            """, asOf: "2026-11-20")
        let books = try #require(trace.holding("shop", "shop.bookkeeping"))
        #expect(books.retention.source == .duty && books.retention.lastDay == .on("2029-12-31"))
        #expect(books.retention.policyLastDay == .on("2030-12-31"))
    }

    /// Art. 6(1)(c) ends with the obligation: on 2030-06-01 the duty has ended (2029-12-31), so the
    /// records are due, whatever the policy's longer period says.
    @Test func afterTheStatutesDayTheRecordsAreDue() throws {
        let trace = try Scenario(Self.longerPolicy).trace(
            """
            sharegraph-subject: 1
            reference: T3
            relationships:
              - controller: shop
                as: [customer]
                events: {order: 2024-05-10, transaction: 2024-05-10, last-disclosure: 2024-06-01}
            """, asOf: "2030-06-01")
        #expect(trace.holding("shop", "shop.bookkeeping")?.status == .due(since: .on("2030-01-01"), reason: .dutyEnded))
    }

    /// Art. 17(3)(b) covers what the statute requires: the duty names the name, invoices and
    /// transactions, so the e-mail the bookkeeping purpose also lists is erased, not restricted.
    @Test func onlyWhatTheStatuteNamesIsRestricted() throws {
        let plan = try Scenario(Self.longerPolicy).plan(Self.request())
        let restricted = try #require(plan.instruction("shop", .restrict, .restrict)).categories
        #expect(!restricted.contains("contact.email"))
        #expect(plan.instruction("shop", .erase, .erase)?.categories.contains("contact.email") == true)
    }

    /// Categories nest: `identity` is erased while `identity.name` stays restricted, so the erase
    /// list names the other identity categories and never `identity` itself (Art. 17(1) for what goes,
    /// Art. 17(3)(b) with Art. 18 for what the duty keeps).
    @Test func aParentIsSplitWhenAChildStays() throws {
        let plan = try Scenario(Self.longerPolicy).plan(Self.request())
        let erased = try #require(plan.instruction("shop", .erase, .erase)).categories
        let restricted = try #require(plan.instruction("shop", .restrict, .restrict)).categories
        #expect(!erased.contains("identity"))
        #expect(erased.contains("identity.national-id") && erased.contains("identity.date-of-birth"))
        #expect(restricted.contains("identity.name"))
        #expect(overlapping(erased, restricted).isEmpty)
    }

    /// A purpose whose categories all go is not listed as left as it is.
    @Test func aPurposeWhoseDataAllGoesIsNotReportedAsKept() throws {
        let scenario = try Scenario(
            """
            sharegraph: 1
            purposes:
              - id: shop.contact
                name: Contact
                controller: shop
                legal-basis: contract
                categories: [contact.email]
                retention: order + 1 month
              - id: shop.support
                name: Support
                controller: shop
                legal-basis: contract
                categories: [contact]
                retention: order + 1 month
            """)
        let plan = try scenario.plan(Self.request())
        #expect(plan.instruction("shop", .erase, .erase)?.categories == ["contact"])
        #expect(!plan.kept.contains { $0.purpose == "shop.contact" }, "\(plan.kept)")
    }

    /// Art. 17(3)(e) and (b) together: what is held for an open dispute is not also listed as
    /// restricted, and neither is listed as erased.
    @Test func holdRestrictAndEraseAreDisjoint() throws {
        let scenario = try Scenario(
            """
            sharegraph: 1
            purposes:
              - id: shop.sale
                name: Selling
                controller: shop
                legal-basis: contract
                categories: [identity, contact, financial.transaction, commercial.orders]
                retention: order + 1 month
              - id: shop.bookkeeping
                name: Bookkeeping
                controller: shop
                legal-basis: legal-obligation
                categories: [identity.name, financial.transaction]
                duty: no-bookkeeping
              - id: shop.claims
                name: Claims
                controller: shop
                legal-basis: legitimate-interests
                balancing: Claims.
                categories: [financial.transaction, commercial.orders]
                when: dispute
                retention: until dispute-resolved
                erasure-exception: legal-claims
            """)
        let plan = try scenario.plan(
            """
            sharegraph-request: 1
            id: r
            controller: shop
            received: 2026-11-20
            scope: erasure
            subject:
              reference: T7
              relationships:
                - controller: shop
                  as: [customer]
                  events: {order: 2025-05-10, transaction: 2025-05-10, dispute: 2026-01-05}
                  not-happened: [dispute-resolved]
            """)
        let erased = plan.instruction("shop", .erase, .erase)?.categories ?? []
        let restricted = plan.instruction("shop", .restrict, .restrict)?.categories ?? []
        let held = plan.instruction("shop", .hold, .hold)?.categories ?? []
        #expect(held.contains("financial.transaction") && restricted == ["identity.name"])
        #expect(
            overlapping(erased, restricted).isEmpty && overlapping(erased, held).isEmpty
                && overlapping(restricted, held).isEmpty)
    }

    /// The Swedish act on a request: bokföringslagen 7 kap. 2 § keeps a 2025 sale's records to
    /// 2032-12-31 (the seventh year after the calendar year 2025).
    @Test func aSwedishRestrictionNamesItsStatuteAndDay() throws {
        let scenario = try Scenario(
            DatesScenarios.swedish.replacingOccurrences(of: "    financial-year-end: \"04-30\"\n", with: ""))
        let plan = try scenario.plan(
            """
            sharegraph-request: 1
            id: r
            controller: butik
            received: 2026-11-20
            scope: erasure
            subject:
              reference: T8
              relationships:
                - controller: butik
                  as: [customer]
                  events: {transaction: 2025-03-01}
            """)
        let restrict = try #require(plan.instruction("butik", .restrict, .restrict))
        #expect(restrict.law == "bokföringslagen 7 kap. 2 §" && restrict.until == .on("2032-12-31"))
        #expect(plan.notice("butik", .restrict)?.reason.contains("Art. 18") == true)
    }
}
