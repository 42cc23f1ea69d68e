// Calendar dates without time zones, with the exact month-end and leap-year arithmetic retention needs.

/// A day in the proleptic Gregorian calendar, written `YYYY-MM-DD`.
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The year, 1 to 9999.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month, 1 to 28...31.
    public let day: Int

    /// Creates a date, or nil when the day does not exist (2023-02-29).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// 1970-01-01, a date known to exist.
    public static let unixEpoch = CalendarDate(knownYear: 1970, month: 1, day: 1)

    private init(knownYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` strictly: four-digit year, two-digit month and day.
    public init?(iso text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Orders chronologically.
    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Whether the year has a 29 February.
    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// How many days the month has in that year.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (negative before), for day arithmetic.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = month
        let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date for a day number, or nil outside years 1 to 9999.
    public init?(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        self.init(year: year, month: month, day: day)
    }

    /// Monday is 1, Sunday is 7 (ISO 8601).
    public var weekday: Int {
        // 1970-01-01 was a Thursday.
        let offset = (dayNumber % 7 + 7) % 7
        return (offset + 3) % 7 + 1
    }

    /// Adds days; nil past year 9999.
    public func adding(days: Int) -> CalendarDate? { CalendarDate(dayNumber: dayNumber + days) }

    /// Adds calendar months; a day that does not exist in the target month becomes its last day
    /// (31 January + 1 month = 28 or 29 February).
    public func adding(months: Int) -> CalendarDate? {
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12
        let newMonth = total % 12 + 1
        guard (1...9999).contains(newYear) else { return nil }
        return CalendarDate(
            year: newYear, month: newMonth,
            day: min(day, CalendarDate.daysIn(month: newMonth, year: newYear)))
    }

    /// Adds working days (Monday to Friday, no public holidays left out), counting from the next day.
    public func adding(workingDays: Int) -> CalendarDate? { WorkingDays(nil).adding(workingDays, to: self) }

    /// 31 December of this date's year.
    public var endOfYear: CalendarDate {
        // December always has 31 days, so this cannot fail for a valid year.
        CalendarDate(unchecked: year, 12, 31)
    }

    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }
}

/// A day of the year without a year (`06-30`), such as the last day of a financial year.
public struct MonthDay: Hashable, Sendable, CustomStringConvertible {
    /// The month, 1 to 12.
    public let month: Int
    /// The day, 1 to the month's length in a leap year.
    public let day: Int

    /// 31 December: the end of a calendar financial year.
    public static let endOfCalendarYear = MonthDay(unchecked: 12, 31)

    private init(unchecked month: Int, _ day: Int) {
        self.month = month
        self.day = day
    }

    /// Parses `MM-DD`; nil when the day never exists.
    public init?(text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let month = Int(parts[0]), let day = Int(parts[1]), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: 2000)).contains(day)
        else { return nil }
        self.init(unchecked: month, day)
    }

    /// `MM-DD`.
    public var description: String {
        (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }

    /// This day in `year`; 29 February falls back to 28 February outside leap years.
    public func inYear(_ year: Int) -> CalendarDate? {
        CalendarDate(year: year, month: month, day: min(day, CalendarDate.daysIn(month: month, year: year)))
    }
}

extension CalendarDate {
    /// The last day of the financial year this date belongs to, for a year that ends on `end`:
    /// the first such day on or after the date. A sale on 2026-03-01 in a year ending on 06-30
    /// belongs to the year ending 2026-06-30; one on 2026-07-01 to the year ending 2027-06-30.
    public func endOfFinancialYear(endingOn end: MonthDay) -> CalendarDate? {
        guard let thisYear = end.inYear(year) else { return nil }
        return thisYear >= self ? thisYear : end.inYear(year + 1)
    }
}
