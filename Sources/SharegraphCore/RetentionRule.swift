// Retention rules a DPO writes in plain words, which the tool can turn into dates.

/// How long data is kept, anchored on an event in the person's history.
///
/// Written forms:
/// - `contract-end + 36 months`
/// - `end of year of last-disclosure + 6 years` (the period runs from 31 December of the event's year)
/// - `until consent-withdrawn` (kept until the event happens)
/// - `course-end` (the same as `course-end + 0 days`)
/// - `first of [payment-completed, withdrawal-period-end]` (whichever ends first)
/// - `last of [contract-end + 36 months, end of year of order + 5 years]` (whichever ends last)
/// - `at least order + 5 years` (a minimum: kept no shorter, the end is not stated)
public struct RetentionRule: Hashable, Sendable, CustomStringConvertible {
    /// Whether the rule counts a period after the event, lasts until it, or combines other rules.
    public enum Kind: String, Hashable, Sendable {
        /// Kept for a period after the anchor event.
        case after
        /// Kept until the anchor event happens.
        case until
        /// Kept until the first of the parts ends.
        case earliest
        /// Kept until the last of the parts ends.
        case latest
        /// Kept at least as long as the one part; the real end is not stated.
        case atLeast
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
    /// The rules a combined rule (`first of`, `last of`, `at least`) is made of.
    public var parts: [RetentionRule]

    /// Creates a rule.
    public init(
        kind: Kind, event: String, fromEndOfYear: Bool = false, period: Period = Period(0, .days), eventOffset: Int = 0
    ) {
        self.kind = kind
        self.event = event
        self.fromEndOfYear = fromEndOfYear
        self.period = period
        self.eventOffset = eventOffset
        self.parts = []
    }

    /// Creates a combined rule; `event` and `eventOffset` are the first part's.
    public init(combining kind: Kind, _ parts: [RetentionRule]) {
        self.kind = kind
        self.event = parts.first?.event ?? ""
        self.fromEndOfYear = false
        self.period = Period(0, .days)
        self.eventOffset = parts.first?.eventOffset ?? 0
        self.parts = parts
    }

    /// Whether the rule combines other rules.
    public var isCombined: Bool { !parts.isEmpty }

    /// Every anchor event the rule names, with its offset in the rule's text.
    public var anchors: [(event: String, offset: Int)] {
        isCombined ? parts.flatMap(\.anchors) : [(event, eventOffset)]
    }

    /// The rule in its canonical written form.
    public var description: String {
        switch kind {
        case .until: return "until \(event)"
        case .after:
            let anchor = fromEndOfYear ? "end of year of \(event)" : event
            return period.amount == 0 ? anchor : "\(anchor) + \(period)"
        case .earliest: return "first of [\(parts.map(\.description).joined(separator: ", "))]"
        case .latest: return "last of [\(parts.map(\.description).joined(separator: ", "))]"
        case .atLeast: return "at least \(parts.first?.description ?? "")"
        }
    }

    /// The last day the data may be kept, given the date the anchor event happened (simple rules only).
    public func expiry(anchoredAt date: CalendarDate) -> CalendarDate? {
        switch kind {
        case .until: return date
        case .after: return period.after(fromEndOfYear ? date.endOfYear : date)
        case .earliest, .latest, .atLeast: return nil
        }
    }

    /// What the rule gives for one person, given each anchor event's date (nil when unknown).
    ///
    /// A rule's date may lie in the future: "when will it end" is arithmetic on dates, whether or
    /// not the anchor has happened yet. For `first of`, a known part bounds the end from above even
    /// while another part is unknown (`atLatest`); for `last of` and `at least`, a known part only
    /// bounds it from below (`notBefore`).
    public func end(anchorDate: (String) -> CalendarDate?) -> RetentionEnd {
        switch kind {
        case .after, .until:
            let anchor = anchorDate(event)
            return RetentionEnd(lastDay: anchor.flatMap(expiry(anchoredAt:)), anchorEvent: event, anchorDate: anchor)
        case .earliest:
            let ends = parts.map { $0.end(anchorDate: anchorDate) }
            guard let first = ends.filter({ $0.lastDay != nil }).min(by: { $0.lastDay! < $1.lastDay! }) else {
                return RetentionEnd(lastDay: nil)
            }
            var result = first
            result.atLatest = first.atLatest || ends.contains { $0.lastDay == nil }
            return result
        case .latest:
            let ends = parts.map { $0.end(anchorDate: anchorDate) }
            let known = ends.compactMap(\.lastDay)
            guard known.count == ends.count, let last = ends.max(by: { $0.lastDay! < $1.lastDay! }) else {
                return RetentionEnd(lastDay: nil, notBefore: (known + ends.compactMap(\.notBefore)).max())
            }
            return last
        case .atLeast:
            let minimum = parts.first?.end(anchorDate: anchorDate)
            return RetentionEnd(
                lastDay: nil, notBefore: minimum?.lastDay ?? minimum?.notBefore, anchorEvent: minimum?.anchorEvent,
                anchorDate: minimum?.anchorDate)
        }
    }

    /// Whether this rule ends before `other` for every possible anchor date.
    ///
    /// Only simple rules on the same anchor event compare; others are never called shorter.
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
        let lowered = text.lowercased()
        for (prefix, kind) in combinedPrefixes where lowered.hasPrefix(prefix) {
            return parseCombined(text, kind: kind, prefixLength: prefix.count)
        }
        return parseSimple(text)
    }

    private static let combinedPrefixes: [(String, Kind)] = [
        ("first of", .earliest), ("earliest of", .earliest), ("last of", .latest), ("latest of", .latest),
        ("at least", .atLeast),
    ]

    /// `first of [A, B]`, `last of [A, B]`, `at least A`, each part a simple rule.
    private static func parseCombined(_ text: String, kind: Kind, prefixLength: Int) -> Result<
        RetentionRule, RuleSyntaxError
    > {
        let characters = Array(text)
        var position = prefixLength
        while position < characters.count, characters[position].isWhitespace { position += 1 }
        func part(_ start: Int, _ end: Int) -> Result<RetentionRule, RuleSyntaxError> {
            var from = start
            while from < end, characters[from].isWhitespace { from += 1 }
            switch parseSimple(String(characters[from..<end])) {
            case .success(var rule):
                rule.eventOffset += from
                return .success(rule)
            case .failure(let error):
                return .failure(RuleSyntaxError(message: error.message, offset: from + error.offset))
            }
        }
        if kind == .atLeast {
            return part(position, characters.count).map { RetentionRule(combining: .atLeast, [$0]) }
        }
        guard position < characters.count, characters[position] == "[", characters.last == "]" else {
            return .failure(
                RuleSyntaxError(
                    message:
                        "expected a list of rules in brackets, as in `first of [payment-completed, withdrawal-period-end]`",
                    offset: position))
        }
        var parts: [RetentionRule] = []
        var start = position + 1
        for index in (position + 1)...(characters.count - 1)
        where characters[index] == "," || index == characters.count - 1 {
            switch part(start, index) {
            case .success(let rule): parts.append(rule)
            case .failure(let error): return .failure(error)
            }
            start = index + 1
        }
        guard parts.count >= 2 else {
            return .failure(
                RuleSyntaxError(
                    message: "`first of` and `last of` need two or more rules, separated by commas", offset: position))
        }
        return .success(RetentionRule(combining: kind, parts))
    }

    private static func parseSimple(_ text: String) -> Result<RetentionRule, RuleSyntaxError> {
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
            return .failure(
                RuleSyntaxError(message: "expected an event id, found `\(event.text)`; \(forms)", offset: event.offset))
        }
        index += 1
        guard index < tokens.count else {
            return .success(
                RetentionRule(kind: .after, event: event.text, fromEndOfYear: fromEndOfYear, eventOffset: event.offset))
        }
        guard words[index] == "+" else {
            return .failure(
                RuleSyntaxError(
                    message: "expected `+` and a period after the event, found `\(tokens[index].text)`; \(forms)",
                    offset: tokens[index].offset))
        }
        index += 1
        guard index < tokens.count else {
            return .failure(
                RuleSyntaxError(message: "expected a period after `+`, as in `+ 36 months`", offset: text.count))
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
        "write `EVENT + N months`, `end of year of EVENT + N years`, `until EVENT`, `first of [RULE, RULE]`, `last of [RULE, RULE]` or `at least RULE`"

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

/// What a retention rule gives for one person.
public struct RetentionEnd: Sendable, Hashable {
    /// The last day the data may be kept; nil while it cannot be worked out.
    public var lastDay: CalendarDate?
    /// Whether `lastDay` is only the latest the data may be kept (a `first of` whose other part is unknown).
    public var atLatest = false
    /// A day before which the data is certainly not due (`at least`, or a `last of` with an unknown part).
    public var notBefore: CalendarDate?
    /// The anchor event that decided the date, and its date.
    public var anchorEvent: String?
    /// The day the rule's clock starts, when known.
    public var anchorDate: CalendarDate?

    /// Creates an outcome.
    public init(
        lastDay: CalendarDate?, atLatest: Bool = false, notBefore: CalendarDate? = nil, anchorEvent: String? = nil,
        anchorDate: CalendarDate? = nil
    ) {
        self.lastDay = lastDay
        self.atLatest = atLatest
        self.notBefore = notBefore
        self.anchorEvent = anchorEvent
        self.anchorDate = anchorDate
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
