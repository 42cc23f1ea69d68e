// Class 1: a future date that is certain is a date. "When will X happen" is arithmetic on dates,
// future ones included; "has X happened by the date" decides conditions.

import Foundation
import SharegraphCore
import Testing

struct DatesScenarios {
    static let bookkeeping = """
        sharegraph: 1
        purposes:
          - id: shop.sale
            name: Selling
            controller: shop
            legal-basis: contract
            categories: [identity.name, contact.email, commercial.orders]
            retention: order + 3 months
          - id: shop.bookkeeping
            name: Bookkeeping
            controller: shop
            legal-basis: legal-obligation
            categories: [identity.name, financial.transaction]
            duty: no-bookkeeping
        """

    /// bokføringsloven § 13: primary documentation is kept 5 years after the end of the financial
    /// year. A sale on 2026-03-10 belongs to the year ending 2026-12-31, so it is kept to
    /// 2031-12-31, a date known the day of the sale, though the year has not ended yet.
    @Test func norwegianDutyOnASaleThisYearEndsOnAKnownDay() throws {
        let scenario = try Scenario(Self.bookkeeping)
        let trace = try scenario.trace(
            """
            sharegraph-subject: 1
            reference: S1
            relationships:
              - controller: shop
                as: [customer]
                events: {order: 2026-03-10, transaction: 2026-03-10}
            """, asOf: "2026-12-01")
        let books = try #require(trace.holding("shop", "shop.bookkeeping"))
        #expect(books.retention.lastDay == .on("2031-12-31"))
        #expect(books.retention.source == .duty)
        #expect(trace.derivedEvents["shop"]?.first { $0.event == "financial-year-end" }?.date == .on("2026-12-31"))
    }

    /// Art. 17(3)(b), Art. 18: on an erasure request the bookkeeping records are restricted until
    /// the statute's last day, 2031-12-31, and their erasure is scheduled for the day after, so
    /// the follow-up has a date and `notices --overdue` can list it.
    @Test func erasureOfASaleThisYearRestrictsToTheStatutesDayAndSchedulesTheFollowUp() throws {
        let scenario = try Scenario(Self.bookkeeping)
        let plan = try scenario.plan(
            """
            sharegraph-request: 1
            id: r1
            controller: shop
            received: 2026-12-01
            scope: erasure
            subject:
              reference: S2
              relationships:
                - controller: shop
                  as: [customer]
                  events: {order: 2026-03-10, transaction: 2026-03-10}
            """)
        let restrict = try #require(plan.instruction("shop", .restrict, .restrict))
        #expect(restrict.until == .on("2031-12-31"))
        #expect(restrict.law == "bokføringsloven § 13")
        let followUp = try #require(plan.notice("shop", .followUp))
        #expect(followUp.notBefore == .on("2032-01-01"))
        #expect(followUp.deadline != nil)
    }

    /// bokføringsloven § 13 counts from the end of the controller's own financial year. With a
    /// year ending 30 June, a sale on 2026-03-10 belongs to the year ending 2026-06-30, kept to 2031-06-30.
    @Test func aFinancialYearEndingInJuneEndsTheNorwegianDutyInJune() throws {
        let june = try Scenario(
            Self.bookkeeping,
            base: Scenario.base.replacingOccurrences(
                of: "    name: Shop AS\n", with: "    name: Shop AS\n    financial-year-end: \"06-30\"\n"))
        let trace = try june.trace(
            """
            sharegraph-subject: 1
            reference: S3
            relationships:
              - controller: shop
                as: [customer]
                events: {transaction: 2026-03-10}
            """, asOf: "2026-12-01")
        #expect(trace.holding("shop", "shop.bookkeeping")?.retention.lastDay == .on("2031-06-30"))
    }

    /// The same June year: a sale on 2026-07-01 belongs to the year ending 2027-06-30, kept to 2032-06-30.
    @Test func aSaleTheDayAfterTheYearEndBelongsToTheNextFinancialYear() throws {
        let june = try Scenario(
            Self.bookkeeping,
            base: Scenario.base.replacingOccurrences(
                of: "    name: Shop AS\n", with: "    name: Shop AS\n    financial-year-end: \"06-30\"\n"))
        let trace = try june.trace(
            """
            sharegraph-subject: 1
            reference: S4
            relationships:
              - controller: shop
                as: [customer]
                events: {transaction: 2026-07-01}
            """, asOf: "2026-12-01")
        #expect(trace.holding("shop", "shop.bookkeeping")?.retention.lastDay == .on("2032-06-30"))
    }

    static let swedish = """
        sharegraph: 1
        parties:
          - id: butik
            name: Butik AB
            country: SE
            financial-year-end: "04-30"
        purposes:
          - id: butik.bookkeeping
            name: Bokföring
            controller: butik
            legal-basis: legal-obligation
            categories: [identity.name, financial.transaction]
            duty: se-bookkeeping
        """

    /// bokföringslagen 7 kap. 2 §: kept through the seventh year after the end of the calendar year
    /// in which the financial year ended. A year ending 2026-04-30 ended in calendar year 2026, so
    /// the records are kept to 2033-12-31.
    @Test func swedishDutyRunsFromTheCalendarYearInWhichTheFinancialYearEnded() throws {
        let scenario = try Scenario(Self.swedish)
        let trace = try scenario.trace(
            """
            sharegraph-subject: 1
            reference: S5
            relationships:
              - controller: butik
                as: [customer]
                events: {transaction: 2026-02-01}
            """, asOf: "2026-12-01")
        #expect(trace.holding("butik", "butik.bookkeeping")?.retention.lastDay == .on("2033-12-31"))
    }

    /// bokföringslagen 7 kap. 2 §, a sale after the year-end: 2026-05-01 belongs to the year ending
    /// 2027-04-30, which ends in calendar year 2027: kept to 2034-12-31, known already in 2026.
    @Test func swedishDutyForASaleInTheCurrentYearIsKnownBeforeTheYearEnds() throws {
        let scenario = try Scenario(Self.swedish)
        let trace = try scenario.trace(
            """
            sharegraph-subject: 1
            reference: S6
            relationships:
              - controller: butik
                as: [customer]
                events: {transaction: 2026-05-01}
            """, asOf: "2026-12-01")
        #expect(trace.holding("butik", "butik.bookkeeping")?.retention.lastDay == .on("2034-12-31"))
    }

    static let contract = """
        sharegraph: 1
        purposes:
          - id: shop.contract
            name: Contract
            controller: shop
            legal-basis: contract
            categories: [identity.name, contact.email]
            retention: contract-end + 12 months
          - id: shop.month
            name: Short follow-up
            controller: shop
            legal-basis: contract
            categories: [commercial.orders]
            retention: contract-end + 1 month
        flows:
          - id: shop-to-collector-at-end
            from: shop
            to: collector
            role: independent-controller
            purpose: shop.contract
            categories: [identity.name]
            when: contract-end
        """

    /// Reg. 1182/71 Art. 3(2)(c), as DOMAIN.md applies it: a period in months ends on the same date
    /// of the last month, or that month's last day. 2024-02-29 + 12 months is 2025-02-28.
    @Test func twelveMonthsFromALeapDayEndOnTheLastDayOfFebruary() throws {
        let scenario = try Scenario(Self.contract)
        let trace = try scenario.trace(
            """
            sharegraph-subject: 1
            reference: S7
            relationships:
              - controller: shop
                as: [customer]
                events: {contract-end: 2024-02-29}
            """, asOf: "2026-12-01")
        #expect(trace.holding("shop", "shop.contract")?.retention.lastDay == .on("2025-02-28"))
    }

    /// Reg. 1182/71 Art. 3(2)(c): 31 January + 1 month is 28 February (2026 is not a leap year),
    /// and the holding is due from 1 March (Art. 5(1)(e)).
    @Test func oneMonthFromTheThirtyFirstOfJanuaryEndsOnTheTwentyEighthOfFebruary() throws {
        let scenario = try Scenario(Self.contract)
        let trace = try scenario.trace(
            """
            sharegraph-subject: 1
            reference: S8
            relationships:
              - controller: shop
                as: [customer]
                events: {contract-end: 2026-01-31}
            """, asOf: "2026-03-01")
        let month = try #require(trace.holding("shop", "shop.month"))
        #expect(month.retention.lastDay == .on("2026-02-28"))
        #expect(month.status == .due(since: .on("2026-03-01"), reason: .retentionPassed))
    }

    /// A contract recorded to end on 2027-06-30: its retention (+ 12 months) ends on 2028-06-30, a
    /// certain date, while the flow that happens *when the contract ends* has not happened yet
    /// (storage limitation, Art. 5(1)(e): the period runs from the known end).
    @Test func aScheduledEndGivesADateButNotAHappenedCondition() throws {
        let scenario = try Scenario(Self.contract)
        let trace = try scenario.trace(
            """
            sharegraph-subject: 1
            reference: S9
            relationships:
              - controller: shop
                as: [customer]
                events: {contract-start: 2025-07-01, contract-end: 2027-06-30}
            """, asOf: "2026-12-01")
        let contract = try #require(trace.holding("shop", "shop.contract"))
        #expect(contract.retention.lastDay == .on("2028-06-30"))
        #expect(contract.status == .held)
        #expect(trace.holding("collector", "shop.contract") == nil, "the contract has not ended as of 2026-12-01")
    }

    /// A start event: a course that starts on 2027-01-10 gives `course-start + 1 year` a known end,
    /// 2028-01-10, while it has not started as of 2026-12-01 (Art. 5(1)(e); Art. 13(2)(a) period).
    @Test func aCourseStartInTheFutureDatesItsRetention() throws {
        let scenario = try Scenario(
            """
            sharegraph: 1
            purposes:
              - id: shop.course
                name: Course
                controller: shop
                legal-basis: contract
                categories: [participation.course]
                retention: course-start + 1 year
            """)
        let trace = try scenario.trace(
            """
            sharegraph-subject: 1
            reference: S10
            relationships:
              - controller: shop
                as: [course-participant]
                events: {order: 2026-11-01, course-start: 2027-01-10}
            """, asOf: "2026-12-01")
        #expect(trace.holding("shop", "shop.course")?.retention.lastDay == .on("2028-01-10"))
    }
}
