// Retention arithmetic: month ends, leap years, end-of-year anchors, and rule parsing with error offsets.

import SharegraphCore
import Testing

struct CalendarDateTests {
    func date(_ text: String) throws -> CalendarDate { try #require(CalendarDate(iso: text)) }

    @Test func monthEndsClampToTheLastDay() throws {
        #expect(try date("2023-01-31").adding(months: 1) == date("2023-02-28"))
        #expect(try date("2024-01-31").adding(months: 1) == date("2024-02-29"))
        #expect(try date("2024-02-29").adding(months: 12) == date("2025-02-28"))
        #expect(try date("2023-03-31").adding(months: -1) == date("2023-02-28"))
        #expect(try date("2023-10-31").adding(months: 36) == date("2026-10-31"))
    }

    @Test func invalidDatesAreRejected() {
        #expect(CalendarDate(iso: "2023-02-29") == nil)
        #expect(CalendarDate(iso: "2023-13-01") == nil)
        #expect(CalendarDate(iso: "2023-1-01") == nil)
        #expect(CalendarDate(iso: "yesterday") == nil)
        #expect(CalendarDate(iso: "2100-02-29") == nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
    }

    @Test func dayNumbersRoundTrip() throws {
        var seed: UInt64 = 42
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1
            let number = Int(seed >> 40) % 2_000_000 - 700_000
            let date = try #require(CalendarDate(dayNumber: number))
            #expect(date.dayNumber == number)
            #expect(date.adding(days: 1).map { $0 > date } == true)
        }
        #expect(try date("1970-01-01").dayNumber == 0)
        #expect(try date("1970-01-01").weekday == 4)
        #expect(try date("2026-11-21").weekday == 6)
    }

    @Test func workingDaysSkipWeekends() throws {
        // Friday 2026-11-20 + 1 working day = Monday 2026-11-23.
        #expect(try date("2026-11-20").adding(workingDays: 1) == date("2026-11-23"))
        #expect(try date("2026-11-20").adding(workingDays: 14) == date("2026-12-10"))
    }
}

struct RetentionRuleTests {
    func rule(_ text: String) throws -> RetentionRule { try RetentionRule.parse(text).get() }

    @Test func parsesTheWrittenForms() throws {
        #expect(
            try rule("contract-end + 36 months")
                == RetentionRule(kind: .after, event: "contract-end", period: Period(36, .months)))
        #expect(try rule("end of year of last-disclosure + 6 years").fromEndOfYear)
        #expect(try rule("until consent-withdrawn").kind == .until)
        #expect(try rule("course-end").period == Period(0, .days))
        #expect(try rule("collection+12 months").period == Period(12, .months))
        #expect(
            try rule("end of the calendar year of financial-year-end + 7 years").description
                == "end of year of financial-year-end + 7 years")
    }

    @Test(arguments: [
        ("", 0), ("until", 5), ("contract-end 36 months", 13), ("contract-end +", 14),
        ("contract-end + many months", 15),
        ("contract-end + 36 fortnights", 18), ("until a b", 8), ("Contract-end + 1 day", 0), ("end of contract", 0),
    ])
    func reportsWhereTheRuleIsWrong(text: String, offset: Int) {
        guard case .failure(let error) = RetentionRule.parse(text) else {
            Issue.record("`\(text)` parsed")
            return
        }
        #expect(error.offset == offset, "\(text): \(error.message)")
    }

    @Test func computesExpiryDates() throws {
        let anchor = try #require(CalendarDate(iso: "2023-03-15"))
        #expect(try rule("contract-end + 36 months").expiry(anchoredAt: anchor)?.description == "2026-03-15")
        #expect(
            try rule("end of year of last-disclosure + 6 years").expiry(anchoredAt: anchor)?.description == "2029-12-31"
        )
        #expect(
            try rule("end of year of financial-year-end + 7 years").expiry(anchoredAt: anchor)?.description
                == "2030-12-31")
        #expect(try rule("until consent-withdrawn").expiry(anchoredAt: anchor) == anchor)
        #expect(try rule("x + 14 working days").expiry(anchoredAt: anchor)?.description == "2023-04-04")
    }

    @Test func comparesRulesOnTheSameEvent() throws {
        let duty = try rule("end of year of financial-year-end + 7 years")
        #expect(try rule("end of year of financial-year-end + 5 years").isCertainlyShorter(than: duty))
        #expect(try rule("financial-year-end + 36 months").isCertainlyShorter(than: duty))
        #expect(try !rule("end of year of financial-year-end + 7 years").isCertainlyShorter(than: duty))
        #expect(try !rule("financial-year-end + 10 years").isCertainlyShorter(than: duty))
        #expect(try !rule("contract-end + 1 month").isCertainlyShorter(than: duty))
        #expect(try !rule("until consent-withdrawn").isCertainlyShorter(than: duty))
    }

    /// A duty "ending" after the year 9999 used to leave its restriction and follow-up without a
    /// date; a period longer than 200 years is refused where it is written.
    @Test func centuriesAreRefusedWhereTheyAreWritten() {
        guard case .failure(let error) = RetentionRule.parse("financial-year-end + 9000 years") else {
            Issue.record("9000 years was accepted")
            return
        }
        #expect(error.message.contains("longer than 200 years") && error.offset == 21)
        #expect((try? RetentionRule.parse("financial-year-end + 200 years").get()) != nil)
    }

    /// Property: a longer period after the same anchor never expires earlier, whatever the anchor date.
    @Test func expiryIsMonotonicInThePeriod() throws {
        var seed: UInt64 = 7
        for _ in 0..<1_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1
            let anchor = try #require(CalendarDate(dayNumber: Int(seed >> 44) % 40_000))
            let months = Int(seed >> 20) % 120
            let shorter = RetentionRule(kind: .after, event: "e", period: Period(months, .months))
            let longer = RetentionRule(kind: .after, event: "e", period: Period(months + 1, .months))
            let a = try #require(shorter.expiry(anchoredAt: anchor))
            let b = try #require(longer.expiry(anchoredAt: anchor))
            #expect(a < b)
            #expect(a >= anchor)
        }
    }
}

struct SuggestionTests {
    @Test func suggestsCloseWords() {
        #expect(Suggestion.closest(to: "purpse", in: ["purpose", "parties", "flows"]) == "purpose")
        #expect(Suggestion.closest(to: "strpe", in: ["stripe", "police"]) == "stripe")
        #expect(Suggestion.closest(to: "zzzzzz", in: ["stripe", "police"]) == nil)
        #expect(Suggestion.list(["b", "a", "c"], limit: 2) == "`a`, `b` and 1 more")
    }
}
