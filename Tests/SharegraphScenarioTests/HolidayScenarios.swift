// Class 10: statutory periods end on a working day of the controller's country, public holidays
// included (Reg. 1182/71 Art. 3(4)), with the holidays worked out, not listed by year.

import SharegraphCore
import Testing

struct HolidayScenarios {
    /// The same shop in Norway, Sweden, Denmark and a country whose holidays are not modelled.
    static func shop(country: String) -> String {
        """
        sharegraph: 1
        parties:
          - id: butik
            name: Butik
            country: "\(country)"
            contact: {email: dpo@butik.example}
        purposes:
          - id: butik.sale
            name: Selling
            controller: butik
            legal-basis: contract
            categories: [identity.name, contact.email]
            retention: order + 1 year
        """
    }

    static func deadline(country: String, received: String) throws -> RequestDeadline {
        let plan = try Scenario(shop(country: country)).plan(
            """
            sharegraph-request: 1
            id: h
            controller: butik
            received: \(received)
            scope: erasure
            subject:
              reference: H
              relationships:
                - controller: butik
                  as: [customer]
                  events: {order: 2026-10-01}
            """)
        return plan.deadline
    }

    /// Art. 12(3) one month from 2027-02-25 is Thursday 2027-03-25, Maundy Thursday: a public holiday
    /// in Norway (helligdagsloven § 2) and Denmark, followed by Good Friday, the weekend and Easter
    /// Monday (Easter Sunday 2027 is 28 March). Reg. 1182/71 Art. 3(4): the period ends on Tuesday
    /// 2027-03-30. In Sweden Maundy Thursday is a working day, so it ends on 2027-03-25.
    @Test func aDeadlineOnMaundyThursdayMovesPastEasterWhereItIsAHoliday() throws {
        #expect(try Self.deadline(country: "NO", received: "2027-02-25").statutory == .on("2027-03-30"))
        #expect(try Self.deadline(country: "DK", received: "2027-02-25").statutory == .on("2027-03-30"))
        #expect(try Self.deadline(country: "SE", received: "2027-02-25").statutory == .on("2027-03-25"))
    }

    /// 17 May (lov om 1. og 17. mai som høgtidsdager) is a Monday in 2027: a Norwegian period ending
    /// then ends on Tuesday 18 May; 6 June (Sweden's national day, lag 1989:253) on a Monday in 2022
    /// moves a Swedish one to 7 June.
    @Test func nationalDaysMoveOnlyTheirOwnCountrysPeriods() throws {
        #expect(try Self.deadline(country: "NO", received: "2027-04-17").statutory == .on("2027-05-18"))
        #expect(try Self.deadline(country: "SE", received: "2027-04-17").statutory == .on("2027-05-17"))
        #expect(try Self.deadline(country: "SE", received: "2022-05-06").statutory == .on("2022-06-07"))
        #expect(try Self.deadline(country: "NO", received: "2022-05-06").statutory == .on("2022-06-07"))
    }

    /// Christmas: one month from 2026-11-25 is Friday 25 December; 26 December is Saturday, so the
    /// period ends on Monday 28 December in every modelled country. 1 May 2026 is a Friday: a
    /// Norwegian period from 1 April ends on Monday 4 May.
    @Test func christmasAndMayDayAreCounted() throws {
        for country in ["NO", "SE", "DK"] {
            #expect(try Self.deadline(country: country, received: "2026-11-25").statutory == .on("2026-12-28"))
        }
        #expect(try Self.deadline(country: "NO", received: "2026-04-01").statutory == .on("2026-05-04"))
    }

    /// A country whose holidays are not modelled counts Saturdays and Sundays only: one month from
    /// 2026-11-25 is Friday 25 December and stays there.
    @Test func aCountryWithoutAModelledCalendarMovesOnlyWeekends() throws {
        #expect(try Self.deadline(country: "DE", received: "2026-11-25").statutory == .on("2026-12-25"))
    }

    /// Easter Sunday by the Gregorian computus, against dates fixed by the churches' tables.
    @Test func easterIsComputedForAnyYear() {
        let known = [
            2000: "2000-04-23", 2008: "2008-03-23", 2011: "2011-04-24", 2024: "2024-03-31", 2025: "2025-04-20",
            2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25", 2285: "2285-03-22",
        ]
        for (year, day) in known { #expect(PublicHolidays.easterSunday(year) == .on(day), "\(year)") }
    }

    /// Denmark abolished Store Bededag from 2024 (lov nr. 140 of 28 February 2023): the fourth Friday
    /// after Easter was a holiday in 2023 (5 May), not in 2024 (26 April).
    @Test func storeBededagEndsIn2023() {
        #expect(PublicHolidays.denmark.isHoliday(.on("2023-05-05")))
        #expect(!PublicHolidays.denmark.isHoliday(.on("2024-04-26")))
    }

    /// A promise in working days counts only working days: 14 working days from Wednesday
    /// 2027-03-17 in Norway skip Maundy Thursday, Good Friday and Easter Monday: 2027-04-09.
    @Test func aPromiseInWorkingDaysSkipsHolidays() {
        let deadline = RequestDeadline(
            received: .on("2027-03-17"), promise: Period(14, .workingDays), extensionMonths: nil,
            workingDays: WorkingDays(country: "NO"))
        #expect(deadline.promised == .on("2027-04-09"))
    }
}
