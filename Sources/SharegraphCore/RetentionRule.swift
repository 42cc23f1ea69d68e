// Retention rules a DPO writes in plain words, which the tool can turn into dates.

/// How long data is kept, anchored on an event in the person's history.
///
/// Written forms:
/// - `contract-end + 36 months`
/// - `end of year of last-disclosure + 6 years` (the period runs from 31 December of the event's year)
/// - `until consent-withdrawn` (kept until the event happens)
/// - `course-end` (the same as `course-end + 0 days`)
public struct RetentionRule: Hashable, Sendable, CustomStringConvertible {
    /// Whether the rule counts a period after the event or lasts until it.
    public enum Kind: String, Hashable, Sendable {
        /// Kept for a period after the anchor event.
        case after
        /// Kept until the anchor event happens.
        case until
    }

    /// After or until.
    public var kind: Kind
    /// The id of the anchor event (`contract-end`, `collection`, `consent-withdrawn`).
    public var event: String
    /// Whether the period starts at the end of the event's calendar year.
    public var fromEndOfYear: Bool
    /// The period after the anchor; zero for `until` rules.
    public var period: Period
    /// Characters from the start of the rule text to the event id, for diagnostics.
    public var eventOffset: Int

    /// Creates a rule.
    public init(kind: Kind, event: String, fromEndOfYear: Bool = false, period: Period = Period(0, .days), eventOffset: Int = 0) {
        self.kind = kind
        self.event = event
        self.fromEndOfYear = fromEndOfYear
        self.period = period
        self.eventOffset = eventOffset
    }

    /// The rule in its canonical written form.
    public var description: String {
        switch kind {
        case .until: return "until \(event)"
        case .after:
            let anchor = fromEndOfYear ? "end of year of \(event)" : event
            return period.amount == 0 ? anchor : "\(anchor) + \(period)"
        }
    }

    /// The last day the data may be kept, given the date the anchor event happened.
    public func expiry(anchoredAt date: CalendarDate) -> CalendarDate? {
        switch kind {
        case .until: return date
        case .after: return period.after(fromEndOfYear ? date.endOfYear : date)
        }
    }

    /// Whether this rule ends before `other` for every possible anchor date.
    ///
    /// Only rules on the same anchor event compare; others are never called shorter.
    public func isCertainlyShorter(than other: RetentionRule) -> Bool {
        guard kind == .after, other.kind == .after, event == other.event else { return false }
        if fromEndOfYear == other.fromEndOfYear, period.unit == other.period.unit {
            return period.amount < other.period.amount
        }
        let longest = (fromEndOfYear ? 365 : 0) + period.maximumDays
        let shortest = other.period.minimumDays
        return longest < shortest
    }

    /// Parses a written rule; the error says what is wrong and where.
    public static func parse(_ text: String) -> Result<RetentionRule, RuleSyntaxError> {
        let tokens = tokenize(text)
        let words = tokens.map { $0.text.lowercased() }
        guard !tokens.isEmpty else {
            return .failure(RuleSyntaxError(message: "empty retention rule; \(forms)", offset: 0))
        }
        if words[0] == "until" {
            guard tokens.count == 2 else {
                return .failure(
                    RuleSyntaxError(
                        message: tokens.count == 1
                            ? "`until` needs an event, as in `until consent-withdrawn`"
                            : "`until` takes one event and no period; \(forms)",
                        offset: tokens.count == 1 ? text.count : tokens[2].offset))
            }
            return .success(RetentionRule(kind: .until, event: tokens[1].text, eventOffset: tokens[1].offset))
        }
        var index = 0
        var fromEndOfYear = false
        for prefix in endOfYearPrefixes where words.starts(with: prefix) {
            fromEndOfYear = true
            index = prefix.count
            break
        }
        if !fromEndOfYear, words.first == "end" {
            return .failure(RuleSyntaxError(message: "expected `end of year of EVENT`; \(forms)", offset: 0))
        }
        guard index < tokens.count else {
            return .failure(RuleSyntaxError(message: "the rule names no event; \(forms)", offset: text.count))
        }
        let event = tokens[index]
        guard isEventWord(event.text) else {
            return .failure(RuleSyntaxError(message: "expected an event id, found `\(event.text)`; \(forms)", offset: event.offset))
        }
        index += 1
        guard index < tokens.count else {
            return .success(
                RetentionRule(kind: .after, event: event.text, fromEndOfYear: fromEndOfYear, eventOffset: event.offset))
        }
        guard words[index] == "+" else {
            return .failure(
                RuleSyntaxError(message: "expected `+` and a period after the event, found `\(tokens[index].text)`; \(forms)", offset: tokens[index].offset))
        }
        index += 1
        guard index < tokens.count else {
            return .failure(RuleSyntaxError(message: "expected a period after `+`, as in `+ 36 months`", offset: text.count))
        }
        let periodStart = tokens[index].offset
        let periodText = String(text.dropFirst(periodStart))
        switch Period.parse(periodText) {
        case .failure(let error):
            return .failure(RuleSyntaxError(message: error.message, offset: periodStart + error.offset))
        case .success(let period):
            return .success(
                RetentionRule(
                    kind: .after, event: event.text, fromEndOfYear: fromEndOfYear, period: period,
                    eventOffset: event.offset))
        }
    }

    private static let forms =
        "write `EVENT + N months`, `end of year of EVENT + N years` or `until EVENT`"

    private static let endOfYearPrefixes: [[String]] = [
        ["end", "of", "year", "of"], ["end", "of", "the", "year", "of"],
        ["end", "of", "calendar", "year", "of"], ["end", "of", "the", "calendar", "year", "of"],
    ]

    private static func isEventWord(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, CharacterSet.lowercaseASCII.contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { CharacterSet.idCharacters.contains($0) }
    }

    private static func tokenize(_ text: String) -> [(text: String, offset: Int)] {
        var tokens: [(text: String, offset: Int)] = []
        var current = ""
        var start = 0
        for (offset, character) in text.enumerated() {
            if character.isWhitespace || character == "+" {
                if !current.isEmpty { tokens.append((current, start)) }
                current = ""
                if character == "+" { tokens.append(("+", offset)) }
            } else {
                if current.isEmpty { start = offset }
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append((current, start)) }
        return tokens
    }
}

/// Small ASCII character sets, so the core needs no Foundation.
enum CharacterSet {
    case lowercaseASCII, idCharacters

    func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch self {
        case .lowercaseASCII: return ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar)
        case .idCharacters:
            return ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
                || scalar == "." || scalar == "_"
        }
    }
}
