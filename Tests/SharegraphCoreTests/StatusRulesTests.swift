// The status rules one by one, each answer written from its article before the code ran.

import Testing

@testable import SharegraphCore

struct StatusRulesTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// Art. 5(1)(e): kept no longer than necessary. The last day itself is within the period; the
    /// day after, the data is due.
    @Test func storageLimitationStartsTheDayAfterTheLastDay() {
        #expect(StatusRules.storageLimitation(lastDay: Self.day("2026-01-31"), asOf: Self.day("2026-01-31")) == nil)
        #expect(
            StatusRules.storageLimitation(lastDay: Self.day("2026-01-31"), asOf: Self.day("2026-02-01"))
                == Self.day("2026-02-01"))
        #expect(
            StatusRules.storageLimitation(lastDay: nil, asOf: Self.day("2030-01-01")) == nil, "no known end: not due")
    }

    /// Art. 17(3)(b), Art. 18(1): data a statute requires is restricted to its last day, then due;
    /// with the last day unknown, the duty still keeps it: an unknown date is no reason to erase.
    @Test func aLegalDutyRestrictsUntilItsLastDayAndAnUnknownEndErasesNothing() {
        let duty = "bokforingsloven-13"
        #expect(
            StatusRules.legalDutyRestriction(duty: duty, lastDay: Self.day("2029-12-31"), asOf: Self.day("2026-12-07"))
                == .restricted(until: Self.day("2029-12-31"), duty: duty))
        #expect(
            StatusRules.legalDutyRestriction(duty: duty, lastDay: Self.day("2029-12-31"), asOf: Self.day("2030-01-01"))
                == .due(since: Self.day("2030-01-01"), reason: .dutyEnded))
        #expect(StatusRules.legalDutyRestriction(duty: duty, lastDay: nil, asOf: Self.day("2040-01-01")) == .held)
    }

    /// Art. 21(1): the right to object covers processing on legitimate interests (Art. 6(1)(f)) or a
    /// public task (Art. 6(1)(e)), not a contract or a legal obligation; the status rule asks the same.
    @Test func objectionCoversOnlyLegitimateInterestsAndPublicTask() {
        #expect(DataSubjectRights.objectionApplies(under: .legitimateInterests))
        #expect(DataSubjectRights.objectionApplies(under: .publicTask))
        #expect(!DataSubjectRights.objectionApplies(under: .contract))
        #expect(!DataSubjectRights.objectionApplies(under: .legalObligation))
    }

    /// Art. 4(7) and Art. 26: only a controller in its own right (independent or joint) uses the
    /// data for purposes of its own; a processor or sub-processor acts for the controller (Art. 28(3)(a)).
    @Test func onlyControllersInTheirOwnRightHavePurposesOfTheirOwn() {
        #expect(Role.independentController.usesDataForOwnPurposes && Role.jointController.usesDataForOwnPurposes)
        #expect(!Role.processor.usesDataForOwnPurposes && !Role.subProcessor.usesDataForOwnPurposes)
        #expect(TraceIndex.ownPurposeRoles.count == Role.allCases.count + 1 && !TraceIndex.ownPurposeRoles[0])
    }
}
