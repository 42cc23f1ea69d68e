// Class 6: retention rules a policy states that plain `EVENT + PERIOD` cannot: whichever comes
// first or last, and a minimum period.

import SharegraphCore
import Testing

struct RetentionFormScenarios {
    static func graph(_ rule: String) -> String {
        """
        sharegraph: 1
        purposes:
          - id: shop.payment
            name: Payment
            controller: shop
            legal-basis: contract
            categories: [financial.transaction]
            retention: \(rule)
        """
    }

    static func person(_ events: String) -> String {
        """
        sharegraph-subject: 1
        reference: F
        relationships:
          - controller: shop
            as: [customer]
            events: \(events)
        """
    }

    /// "Until the payment has gone through or the withdrawal period ends, whichever is first":
    /// paid on 2026-03-01, withdrawal period ends 2026-03-15, so the last day is 2026-03-01 and the
    /// data is due from 2026-03-02 (Art. 5(1)(e)).
    @Test func firstOfTakesTheEarlierEnd() throws {
        let trace = try Scenario(Self.graph("first of [payment-completed, withdrawal-period-end]"))
            .trace(
                Self.person("{payment-completed: 2026-03-01, withdrawal-period-end: 2026-03-15}"), asOf: "2026-04-01")
        let payment = try #require(trace.holding("shop", "shop.payment"))
        #expect(payment.retention.lastDay == .on("2026-03-01") && !payment.retention.atLatest)
        #expect(payment.status == .due(since: .on("2026-03-02"), reason: .retentionPassed))
    }

    /// Whichever first, with the payment not recorded: the data goes by 2026-03-15 at the latest
    /// (it may have had to go earlier); after that day it is certainly due (Art. 5(1)(e)).
    @Test func firstOfWithAnUnknownPartGivesTheLatestDay() throws {
        let trace = try Scenario(Self.graph("first of [payment-completed, withdrawal-period-end]"))
            .trace(Self.person("{order: 2026-03-01, withdrawal-period-end: 2026-03-15}"), asOf: "2026-04-01")
        let payment = try #require(trace.holding("shop", "shop.payment"))
        #expect(payment.retention.lastDay == .on("2026-03-15") && payment.retention.atLatest)
        #expect(payment.status == .due(since: .on("2026-03-16"), reason: .retentionPassed))
    }

    /// Whichever last, with one part unknown: no last day can be given, only that it is not before
    /// the known part's end; the data is not due on an unknown (Art. 5(1)(e) needs a known end).
    @Test func lastOfWithAnUnknownPartIsOpenNotDue() throws {
        let trace = try Scenario(Self.graph("last of [payment-completed, withdrawal-period-end + 1 month]"))
            .trace(Self.person("{order: 2026-03-01, withdrawal-period-end: 2026-03-15}"), asOf: "2026-12-01")
        let payment = try #require(trace.holding("shop", "shop.payment"))
        #expect(payment.retention.lastDay == nil && payment.retention.isOpen)
        #expect(payment.retention.notBefore == .on("2026-04-15"))
        #expect(payment.status == .held)
    }

    /// Whichever last, both known: the later end (Art. 5(1)(e), the period the policy states under
    /// Art. 13(2)(a)).
    @Test func lastOfTakesTheLaterEnd() throws {
        let trace = try Scenario(Self.graph("last of [payment-completed, withdrawal-period-end + 1 month]"))
            .trace(
                Self.person("{payment-completed: 2026-03-01, withdrawal-period-end: 2026-03-15}"), asOf: "2026-12-01")
        #expect(trace.holding("shop", "shop.payment")?.retention.lastDay == .on("2026-04-15"))
    }

    /// "At least 5 years": a minimum, not an end. The data is not due before 2031-03-01 and, the
    /// policy giving no end, it is never called due on its own (Art. 13(2)(a) period; Art. 5(1)(e)).
    @Test func atLeastIsAMinimumNotAnEnd() throws {
        let trace = try Scenario(Self.graph("at least order + 5 years"))
            .trace(Self.person("{order: 2026-03-01}"), asOf: "2032-01-01")
        let payment = try #require(trace.holding("shop", "shop.payment"))
        #expect(payment.retention.lastDay == nil && payment.retention.notBefore == .on("2031-03-01"))
        #expect(payment.status == .held)
    }

    /// A malformed combined rule is refused at its place with the forms it accepts.
    @Test func aMalformedCombinedRuleIsALocatedError() throws {
        let parsed = RetentionRule.parse("first of [payment-completed]")
        guard case .failure(let error) = parsed else {
            Issue.record("a one-part `first of` was accepted")
            return
        }
        #expect(error.message.contains("two or more"))
        guard case .failure(let bad) = RetentionRule.parse("first of [payment-completed, + 3 months]") else {
            Issue.record("a part without an event was accepted")
            return
        }
        #expect(bad.offset == 29)
    }
}
