// Findings from loading and checking a graph: what is wrong, where, and what to do.

/// How serious a finding is.
public enum Severity: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// The graph is wrong or the processing it describes breaks a rule.
    case error
    /// A gap a DPO should look at.
    case warning
    /// Context for another finding.
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    /// Errors sort before warnings, warnings before notes.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One finding with its place and a next step.
public struct Diagnostic: Sendable, Hashable, Error {
    /// A stable id: a lint rule id or a loader problem id such as `unknown-key`.
    public var id: String
    /// How serious the finding is.
    public var severity: Severity
    /// A short lower-case sentence saying what is wrong.
    public var message: String
    /// Where the problem is.
    public var location: SourceLocation
    /// What to do about it, if there is something to say.
    public var hint: String?
    /// The legal provision the rule rests on, for lint findings.
    public var article: String?

    /// Creates a finding.
    public init(
        id: String, severity: Severity, message: String, at location: SourceLocation,
        hint: String? = nil, article: String? = nil
    ) {
        self.id = id
        self.severity = severity
        self.message = message
        self.location = location
        self.hint = hint
        self.article = article
    }

    /// The findings that say a file could not be parsed at all; what is found in other files may
    /// follow from them (a party the file would have declared is "unknown"), so they come first.
    public static let unparsableIDs: Set<String> = ["yaml-syntax", "duplicate-key", "invalid-encoding"]

    /// Whether this finding says its file could not be parsed.
    public var isUnparsable: Bool { Self.unparsableIDs.contains(id) }

    /// Deterministic report order: files that cannot be parsed first, then by place, then severity,
    /// then id and message.
    public static func reportOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        if lhs.isUnparsable != rhs.isUnparsable { return lhs.isUnparsable }
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        if lhs.id != rhs.id { return lhs.id < rhs.id }
        return lhs.message < rhs.message
    }
}

extension Array where Element == Diagnostic {
    /// Whether any finding is an error.
    public var containsErrors: Bool { contains { $0.severity == .error } }

    /// How many findings have the given severity.
    public func count(of severity: Severity) -> Int { filter { $0.severity == severity }.count }
}

extension Diagnostic {
    /// "unknown KIND `VALUE`; did you mean `X`?", the wording every unknown name gets.
    public static func unknown(
        _ kind: String, _ value: Located<String>, among candidates: some Sequence<String>,
        id: String = "unknown-reference", hint: String
    ) -> Diagnostic {
        Diagnostic(
            id: id, severity: .error, message: Suggestion.unknown(kind, value.value, among: candidates),
            at: value.location, hint: hint)
    }
}

/// Picks the known word closest to a misspelling, for "did you mean" hints.
public enum Suggestion {
    /// "unknown party `strpe`; did you mean `stripe`?": the message for a value no candidate matches.
    public static func unknown(_ kind: String, _ value: String, among candidates: some Sequence<String>) -> String {
        let suggestion = closest(to: value, in: candidates)
        return "unknown \(kind) `\(value.prefix(60))`\(suggestion.map { "; did you mean `\($0)`?" } ?? "")"
    }

    /// The candidate within a small edit distance of `word`, if any.
    public static func closest(to word: String, in candidates: some Sequence<String>) -> String? {
        let target = Array(word.lowercased().unicodeScalars)
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars))
            let allowed = max(2, min(target.count, candidate.unicodeScalars.count) / 3)
            guard distance <= allowed else { continue }
            if let (name, bestDistance) = best,
                bestDistance < distance || (bestDistance == distance && name <= candidate)
            {
                continue
            }
            best = (candidate, distance)
        }
        return best?.0
    }

    /// A short list of the candidates for a message ("a, b, c and 12 more").
    public static func list(_ candidates: some Sequence<String>, limit: Int = 8) -> String {
        let sorted = candidates.sorted()
        if sorted.isEmpty { return "none" }
        let shown = sorted.prefix(limit).map { "`\($0)`" }.joined(separator: ", ")
        return sorted.count > limit ? "\(shown) and \(sorted.count - limit) more" : shown
    }

    private static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        // Long strings are never close to short ids; skip the quadratic work for hostile input.
        if abs(a.count - b.count) > 8 || a.count > 128 || b.count > 128 { return Int.max / 2 }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
