// The public holidays that end a statutory period late (Reg. 1182/71 Art. 3(4)), worked out for any
// year from the rules that fix them (Easter by the Gregorian computus), never listed by year.

/// A country's public holidays, as its own law names them: the days Reg. (EEC, Euratom) No 1182/71
/// does not count as working days (Art. 2(2)) and on which no period ends (Art. 3(4)).
public enum PublicHolidays: String, Sendable, Hashable, CaseIterable {
    /// Norway: lov om 1. og 17. mai som høgtidsdager, and lov om helligdager og helligdagsfred § 2.
    case norway = "NO"
    /// Sweden: lag (1989:253) om allmänna helgdagar.
    case sweden = "SE"
    /// Denmark: the public holidays of the Folkekirke (helligdagsloven), with Store Bededag until
    /// 2023 (lov nr. 140 of 28 February 2023 abolished it from 2024).
    case denmark = "DK"
    /// Finland: the public holidays of the church calendar, 1 May and Independence Day (6 December).
    case finland = "FI"

    /// The calendar of a country (ISO 3166-1 alpha-2), or nil for a country whose holidays are not
    /// modelled: then only Saturdays and Sundays move a period's end, and the answer says so.
    public init?(country: String?) {
        guard let country, let calendar = PublicHolidays(rawValue: country.uppercased()) else { return nil }
        self = calendar
    }

    /// Whether `date` is a public holiday in this country (a Sunday that is also a holiday counts once).
    public func isHoliday(_ date: CalendarDate) -> Bool {
        holidays(in: date.year).contains(date)
    }

    /// Every public holiday of `year`.
    public func holidays(in year: Int) -> Set<CalendarDate> {
        guard let easter = Self.easterSunday(year) else { return [] }
        func fixed(_ month: Int, _ day: Int) -> CalendarDate? { CalendarDate(year: year, month: month, day: day) }
        func easterPlus(_ days: Int) -> CalendarDate? { easter.adding(days: days) }
        /// The Saturday in a seven-day window (Midsummer Day, All Saints' Day in Sweden and Finland).
        func saturday(from month: Int, _ day: Int) -> CalendarDate? {
            guard let start = fixed(month, day) else { return nil }
            return start.adding(days: (6 - start.weekday + 7) % 7)
        }
        let christian: [CalendarDate?] = [
            fixed(1, 1), easterPlus(-2), easter, easterPlus(1), easterPlus(39), easterPlus(49), fixed(12, 25),
            fixed(12, 26),
        ]
        let national: [CalendarDate?]
        switch self {
        case .norway:
            national = [easterPlus(-3), fixed(5, 1), fixed(5, 17), easterPlus(50)]
        case .sweden:
            national = [fixed(1, 6), fixed(5, 1), fixed(6, 6), saturday(from: 6, 20), saturday(from: 10, 31)]
        case .denmark:
            national = [easterPlus(-3), easterPlus(50), year <= 2023 ? easterPlus(26) : nil]
        case .finland:
            national = [
                fixed(1, 6), fixed(5, 1), saturday(from: 6, 20), saturday(from: 10, 31), fixed(12, 6),
            ]
        }
        return Set((christian + national).compactMap { $0 })
    }

    /// Easter Sunday of a Gregorian year (the anonymous Gregorian computus, Meeus/Jones/Butcher).
    public static func easterSunday(_ year: Int) -> CalendarDate? {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CalendarDate(year: year, month: month, day: day)
    }
}

/// The working days of one country: Monday to Friday, less its public holidays where they are known
/// (Reg. 1182/71 Art. 2(2)).
public struct WorkingDays: Sendable, Hashable {
    /// The country's public holidays; nil counts Saturdays and Sundays only.
    public var holidays: PublicHolidays?

    /// Working days with `holidays` left out.
    public init(_ holidays: PublicHolidays?) { self.holidays = holidays }

    /// Working days of a country (ISO 3166-1 alpha-2); a country whose holidays are not modelled
    /// leaves out Saturdays and Sundays only.
    public init(country: String?) { holidays = PublicHolidays(country: country) }

    /// Whether `date` is a working day.
    public func isWorkingDay(_ date: CalendarDate) -> Bool {
        date.weekday <= 5 && !(holidays?.isHoliday(date) ?? false)
    }

    /// Reg. 1182/71 Art. 3(4): a period whose last day is a public holiday, a Saturday or a Sunday
    /// ends with the following working day.
    public func periodEnd(_ lastDay: CalendarDate) -> CalendarDate {
        var date = lastDay
        while !isWorkingDay(date), let next = date.adding(days: 1) { date = next }
        return date
    }

    /// `count` working days after `date`, counting from the next day; nil past year 9999.
    public func adding(_ count: Int, to date: CalendarDate) -> CalendarDate? {
        var date = date
        var remaining = count
        while remaining > 0 {
            guard let next = date.adding(days: 1) else { return nil }
            date = next
            if isWorkingDay(date) { remaining -= 1 }
        }
        return date
    }
}
