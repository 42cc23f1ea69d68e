// Durations a DPO writes ("36 months", "14 working days") and retention rules built on them.

/// A length of time in calendar units.
public struct Period: Hashable, Sendable, CustomStringConvertible {
    /// The calendar unit.
    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case days
        case workingDays = "working days"
        case weeks, months, years
    }

    /// How many units.
    public var amount: Int
    /// Which unit.
    public var unit: Unit

    /// Creates a period.
    public init(_ amount: Int, _ unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// "36 months", "1 year".
    public var description: String {
        let name = amount == 1 ? String(unit.rawValue.dropLast()) : unit.rawValue
        return "\(amount) \(name)"
    }

    /// The date this period after `date`, counting working days of `workingDays` (Saturdays and
    /// Sundays only, unless a country's holidays are given); nil past year 9999.
    public func after(_ date: CalendarDate, workingDays: WorkingDays = WorkingDays(nil)) -> CalendarDate? {
        switch unit {
        case .days: date.adding(days: amount)
        case .workingDays: workingDays.adding(amount, to: date)
        case .weeks: date.adding(days: amount * 7)
        case .months: date.adding(months: amount)
        case .years: date.adding(months: amount * 12)
        }
    }

    /// A length in days that is never more than the period's shortest real length.
    var minimumDays: Int {
        switch unit {
        case .days: amount
        case .workingDays: amount / 5 * 7 + amount % 5
        case .weeks: amount * 7
        case .months: amount * 28 + (amount / 12) * 29  // at least 28 days a month, 365 a year
        case .years: amount * 365
        }
    }

    /// A length in days that is never less than the period's longest real length.
    var maximumDays: Int {
        switch unit {
        case .days: amount
        case .workingDays: amount / 5 * 7 + min(amount % 5, 5) + 2
        case .weeks: amount * 7
        case .months: amount * 31
        case .years: amount * 366
        }
    }

    /// Parses "36 months", "1 year", "14 working days"; the error says what is wrong.
    public static func parse(_ text: String) -> Result<Period, RuleSyntaxError> {
        let words = text.lowercased().split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = words.first else {
            return .failure(RuleSyntaxError(message: "empty duration", offset: 0))
        }
        guard let amount = Int(first), amount >= 0, amount <= 100_000 else {
            return .failure(
                RuleSyntaxError(
                    message: "expected a whole number of days, weeks, months or years, found `\(first)`",
                    offset: 0))
        }
        let unitText = words.dropFirst().joined(separator: " ")
        guard let unit = Unit.parse(unitText) else {
            // The unit starts after the number and the white space that follows it.
            var offset = 0
            var phase = 0  // 0: leading space, 1: the number, 2: space before the unit
            for character in text {
                let space = character.isWhitespace
                if phase == 0, !space {
                    phase = 1
                } else if phase == 1, space {
                    phase = 2
                } else if phase == 2, !space {
                    break
                }
                offset += 1
            }
            return .failure(
                RuleSyntaxError(
                    message: unitText.isEmpty
                        ? "the duration has no unit; write days, working days, weeks, months or years"
                        : "unknown unit `\(unitText)`; use days, working days, weeks, months or years",
                    offset: offset))
        }
        let period = Period(amount, unit)
        // No statute or policy keeps data for centuries; a longer period is a slip, and past the
        // year 9999 it would leave a restriction and its follow-up erasure without a date.
        guard period.maximumDays <= Self.longestDays else {
            return .failure(
                RuleSyntaxError(
                    message: "a period of \(period) is longer than 200 years; check the number and the unit", offset: 0)
            )
        }
        return .success(period)
    }

    /// The longest period a rule may state: 200 years.
    static let longestDays = 200 * 366
}

extension Period.Unit {
    static func parse(_ text: String) -> Period.Unit? {
        switch text {
        case "day", "days": .days
        case "working day", "working days", "business day", "business days": .workingDays
        case "week", "weeks": .weeks
        case "month", "months": .months
        case "year", "years": .years
        default: nil
        }
    }
}

/// Why a duration or retention rule could not be read, and where in its text.
public struct RuleSyntaxError: Error, Hashable, Sendable {
    /// What is wrong, with the accepted forms.
    public var message: String
    /// Characters from the start of the rule text to the problem.
    public var offset: Int
}
