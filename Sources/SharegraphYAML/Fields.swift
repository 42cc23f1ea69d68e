// Reading YAML nodes into values with their places, reporting wrong types, unknown keys and missing fields.

import SharegraphCore

/// Thrown when a file's node budget runs out (alias expansion); decoding stops for that file.
struct NodeBudgetExceeded: Error {}

/// Shared state while decoding one file: its name, the findings, and the node budget.
final class DecodeContext {
    let file: String
    let limits: LoaderLimits
    private(set) var diagnostics: [Diagnostic] = []
    private var budget: Int

    /// The file's line where the decoded text starts (a batch line is decoded on its own).
    let firstLine: Int

    /// The file's first place; every other place is made from it without looking the path up again.
    private let origin: SourceLocation

    /// Whether the file holds a person's data (a subject, a request): no hint is then made from a
    /// value written in it, since a value may be an identifier in the wrong place.
    let holdsPersonalData: Bool

    init(file: String, limits: LoaderLimits, budget: Int, firstLine: Int = 1, holdsPersonalData: Bool = false) {
        self.file = file
        self.holdsPersonalData = holdsPersonalData
        origin = SourceLocation(file: file, line: 1, column: 1)
        self.limits = limits
        self.budget = budget
        self.firstLine = firstLine
    }

    /// Where a node was written in the file: every decoded value and finding takes its place from here.
    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return origin.moved(line: (mark?.line ?? 1) + firstLine - 1, column: mark?.column ?? 1)
    }

    /// Where the text of a scalar starts (after an opening quote).
    func textLocation(_ node: Node) -> SourceLocation {
        let location = location(node)
        switch node.scalar?.style {
        case .singleQuoted?, .doubleQuoted?: return location.advanced(byColumns: 1)
        default: return location
        }
    }

    func error(_ id: String, _ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(Diagnostic(id: id, severity: .error, message: message, at: location, hint: hint))
    }

    func add(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    /// Counts a visited node; aliases make nodes repeat, so the budget bounds expansion.
    func visit() throws {
        budget -= 1
        if budget < 0 { throw NodeBudgetExceeded() }
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): isNull(scalar) ? "nothing" : "the text `\(scalar.string.prefix(40))`"
        case .mapping: "a mapping"
        case .sequence: "a list"
        }
    }

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }
}

/// A mapping's fields, checked against the keys its element allows.
struct Fields {
    let context: DecodeContext
    let what: String
    let location: SourceLocation
    private var entries: [String: (key: Node, value: Node)] = [:]

    /// Reads a mapping; reports a wrong type or unknown keys. Returns nil when the node is not a mapping.
    init?(_ node: Node, _ context: DecodeContext, what: String, allowed: [String]) throws {
        self.context = context
        self.what = what
        self.location = context.location(node)
        try context.visit()
        guard case .mapping(let mapping) = node else {
            context.error(
                "wrong-type",
                "\(what) should be a mapping of `key: value` lines, found \(DecodeContext.describe(node))",
                at: context.location(node), hint: "expected keys: \(allowed.map { "`\($0)`" }.joined(separator: ", "))")
            return nil
        }
        entries.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            try context.visit()
            guard case .scalar(let scalar) = key else {
                context.error("wrong-type", "keys in \(what) must be plain words", at: context.location(key))
                continue
            }
            let name = scalar.string
            guard allowed.contains(name) else {
                let suggestion = Suggestion.closest(to: name, in: allowed)
                context.error(
                    "unknown-key",
                    "unknown key `\(name)` in \(what)\(suggestion.map { "; did you mean `\($0)`?" } ?? "")",
                    at: context.location(key),
                    hint: "allowed keys: \(allowed.map { "`\($0)`" }.joined(separator: ", "))")
                continue
            }
            entries[name] = (key, value)
        }
    }

    /// The value node for a key, nil when absent or null; reports a missing required field.
    func node(_ key: String, required: Bool = false) -> Node? {
        if let entry = entries[key] {
            if case .scalar(let scalar) = entry.value, DecodeContext.isNull(scalar) {
                if required {
                    context.error("missing-field", "`\(key)` in \(what) has no value", at: context.location(entry.key))
                }
                return nil
            }
            return entry.value
        }
        if required {
            context.error(
                "missing-field", "\(what) is missing required field `\(key)`", at: location,
                hint: "add `\(key): ...` to this entry")
        }
        return nil
    }

    /// Whether the key was written at all.
    func has(_ key: String) -> Bool { entries[key] != nil }

    /// A text value.
    func string(_ key: String, required: Bool = false) throws -> Located<String>? {
        guard let node = node(key, required: required) else { return nil }
        return try Fields.scalar(node, context, what: "`\(key)` in \(what)")
    }

    /// A scalar's text, or a wrong-type error.
    static func scalar(_ node: Node, _ context: DecodeContext, what: String) throws -> Located<String>? {
        try context.visit()
        guard case .scalar(let scalar) = node else {
            context.error(
                "wrong-type", "\(what) should be text, found \(DecodeContext.describe(node))",
                at: context.location(node))
            return nil
        }
        let text = scalar.string
        // `"\e[31m"` is valid YAML: a value could colour, move or clear a terminal that prints it.
        if let control = text.unicodeScalars.first(where: isControl) {
            context.error(
                "invalid-value",
                "\(what) contains the control character U+\(String(control.value, radix: 16, uppercase: true).leftPadded(4))",
                at: context.textLocation(node),
                hint: "remove it; text values may hold line breaks and tabs, not other control characters")
            return Located(
                String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? "?" : $0 })),
                at: context.textLocation(node))
        }
        return Located(text, at: context.textLocation(node))
    }

    /// C0 controls other than tab, line feed and carriage return, DEL, and the C1 controls.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r")
            || (0x7F...0x9F).contains(scalar.value)
    }

    /// An id: lower-case letters, digits, `-`, `.`, `_`, starting with a letter or digit.
    func id(_ key: String = "id", required: Bool = true) throws -> Located<String>? {
        guard let value = try string(key, required: required) else { return nil }
        return Fields.checkID(value, context, what: "`\(key)` in \(what)") ? value : nil
    }

    static func checkID(_ value: Located<String>, _ context: DecodeContext, what: String) -> Bool {
        let text = value.value
        if text.count > context.limits.maxIDLength {
            context.error(
                "limit-exceeded",
                "\(what) is \(text.count) characters long, more than the limit of \(context.limits.maxIDLength)",
                at: value.location, hint: "use a short id such as `stripe` or `jetpak.marketing`")
            return false
        }
        let valid =
            !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "."
                    || scalar == "_"
            } && !text.hasPrefix("-") && !text.hasPrefix(".") && !text.hasPrefix("_")
        if !valid {
            let suggestion = String(text.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
            context.error(
                "invalid-id", "\(what) `\(text.prefix(60))` is not a valid id",
                at: value.location,
                hint: context.holdsPersonalData
                    ? "ids use lower-case letters, digits, `-`, `.` and `_`; the ids this field takes are defined in the graph"
                    : "ids use lower-case letters, digits, `-`, `.` and `_`, e.g. `\(suggestion.prefix(60))`")
            return false
        }
        return true
    }

    /// `true` or `false`.
    func bool(_ key: String) throws -> Located<Bool>? {
        guard let value = try string(key) else { return nil }
        switch value.value {
        case "true": return Located(true, at: value.location)
        case "false": return Located(false, at: value.location)
        default:
            context.error(
                "wrong-type", "`\(key)` in \(what) should be `true` or `false`, found `\(value.value.prefix(40))`",
                at: value.location)
            return nil
        }
    }

    /// A `YYYY-MM-DD` date.
    func date(_ key: String, required: Bool = false) throws -> Located<CalendarDate>? {
        guard let value = try string(key, required: required) else { return nil }
        return Fields.date(value, context)
    }

    /// A scalar's text as a `YYYY-MM-DD` date, or an invalid-date error.
    static func date(_ value: Located<String>, _ context: DecodeContext) -> Located<CalendarDate>? {
        guard let date = CalendarDate(iso: value.value) else {
            context.error(
                "invalid-date", "`\(value.value.prefix(40))` is not a date", at: value.location,
                hint: "write dates as YYYY-MM-DD, e.g. 2023-01-01, and check that the day exists")
            return nil
        }
        return Located(date, at: value.location)
    }

    /// One value from a closed vocabulary; reports the accepted words.
    func choice<Value>(
        _ key: String, required: Bool = false, kind: String, id: String = "invalid-value", options: [String],
        parse: (String) -> Value?
    ) throws -> Located<Value>? {
        guard let value = try string(key, required: required) else { return nil }
        guard let parsed = parse(value.value) else {
            context.add(
                .unknown(
                    kind, value, among: options, id: id,
                    hint: "use one of \(options.map { "`\($0)`" }.joined(separator: ", "))"))
            return nil
        }
        return Located(parsed, at: value.location)
    }

    /// One id or a list of ids.
    func references(_ key: String, required: Bool = false) throws -> [Reference] {
        guard let node = node(key, required: required) else { return [] }
        let items: [Node]
        if case .sequence(let sequence) = node { items = Array(sequence) } else { items = [node] }
        var references: [Reference] = []
        for item in items {
            guard let value = try Fields.scalar(item, context, what: "an entry of `\(key)` in \(what)") else {
                continue
            }
            if Fields.checkID(value, context, what: "an entry of `\(key)`") { references.append(value) }
        }
        return references
    }

    /// A list of entries.
    func sequence(_ key: String) throws -> [Node] {
        guard let node = node(key) else { return [] }
        try context.visit()
        guard case .sequence(let sequence) = node else {
            context.error(
                "wrong-type",
                "`\(key)` in \(what) should be a list (lines starting with `- `), found \(DecodeContext.describe(node))",
                at: context.location(node))
            return []
        }
        return Array(sequence)
    }

    /// A retention rule in words.
    func retention(_ key: String) throws -> Located<RetentionRule>? {
        guard let value = try string(key) else { return nil }
        switch RetentionRule.parse(value.value) {
        case .success(let rule): return Located(rule, at: value.location)
        case .failure(let error):
            context.error(
                "invalid-duration", "invalid retention rule: \(error.message)",
                at: value.location.advanced(byColumns: error.offset))
            return nil
        }
    }

    /// A duration such as `14 working days`.
    func period(_ key: String) throws -> Located<Period>? {
        guard let value = try string(key) else { return nil }
        switch Period.parse(value.value) {
        case .success(let period): return Located(period, at: value.location)
        case .failure(let error):
            context.error(
                "invalid-duration", "invalid duration: \(error.message)",
                at: value.location.advanced(byColumns: error.offset))
            return nil
        }
    }

    /// `note`, `source` and `assumed`, which every element may carry.
    func provenance() throws -> Provenance {
        var provenance = Provenance(note: try string("note")?.value, assumed: try bool("assumed")?.value ?? false)
        if let node = node("source") {
            if case .scalar = node {
                provenance.source = try Fields.scalar(node, context, what: "`source`").map {
                    SourceQuote(text: $0.value)
                }
            } else if let fields = try Fields(node, context, what: "`source` in \(what)", allowed: ["text", "section"])
            {
                if let text = try fields.string("text", required: true) {
                    provenance.source = SourceQuote(text: text.value, section: try fields.string("section")?.value)
                }
            }
        }
        if provenance.assumed, provenance.note == nil, let assumed = entries["assumed"] {
            context.error(
                "missing-field", "\(what) is marked `assumed: true` but has no `note` saying what was assumed",
                at: context.location(assumed.key),
                hint: "add `note:` explaining the assumption and why the policy is vague")
        }
        return provenance
    }

    static let provenanceKeys = ["note", "source", "assumed"]
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
