// Compares two graphs as models, element by element and field by field: where an element is
// written, in which file, in which order, and what its notes say is no change.

public import SharegraphCore

/// The kinds of element a graph defines.
public enum ElementKind: String, Sendable, Hashable, CaseIterable, Codable {
    case party, system, purpose, flow, contract
    case duty = "retention-duty"
    case category
    case subjectType = "subject-type"
    case event, fact
}

/// One field of an element that differs between the two sides.
public struct FieldChange: Sendable, Hashable, Codable {
    /// The field's name as the graph format writes it (`legal-basis`, `categories`).
    public var field: String
    /// The old value in words; nil when the field was not set.
    public var old: String?
    /// The new value in words; nil when the field is no longer set.
    public var new: String?
    /// For a list: the items added.
    public var added: [String]
    /// For a list: the items removed.
    public var removed: [String]
}

/// An element added, removed or changed.
public struct ElementChange: Sendable, Hashable {
    /// What happened to it.
    public enum Kind: String, Sendable, Hashable, Codable { case added, removed, changed }

    /// Added, removed or changed.
    public var kind: Kind
    /// The element's kind.
    public var element: ElementKind
    /// Its id (for a flow without a written id, `from->to` and its purpose).
    public var id: String
    /// The fields that differ; for an added or removed element, every field it sets.
    public var fields: [FieldChange]
    /// Where it is written: on the new side, or on the old side when it was removed.
    public var location: SourceLocation?

    /// The same change seen from the other side: added becomes removed, old becomes new.
    public var mirrored: ElementChange {
        var copy = self
        copy.kind =
            switch kind {
            case .added: .removed
            case .removed: .added
            case .changed: .changed
            }
        copy.fields = fields.map {
            FieldChange(field: $0.field, old: $0.new, new: $0.old, added: $0.removed, removed: $0.added)
        }
        return copy
    }
}

/// A field's value in comparable form.
enum FieldValue: Hashable {
    case text(String)
    case list([String])

    var words: String {
        switch self {
        case .text(let text): text
        case .list(let items): items.isEmpty ? "(none)" : items.joined(separator: ", ")
        }
    }
}

/// An element reduced to what it means: its key, its fields, and where it is written.
struct ElementFacts {
    var kind: ElementKind
    var id: String
    var fields: [(String, FieldValue)]
    var location: SourceLocation?
}

/// The model diff: every element of both graphs keyed and compared.
public enum ModelDiff {
    /// The changes from `old` to `new`, by kind then id.
    public static func changes(from old: Graph, to new: Graph) -> [ElementChange] {
        changes(from: facts(of: old), to: facts(of: new))
    }

    /// The changes between two graphs' facts (`facts(of:)`), for a caller that uses them again.
    static func changes(from old: [ElementFacts], to new: [ElementFacts]) -> [ElementChange] {
        let before = Dictionary(old.map { ("\($0.kind.rawValue)\u{0}\($0.id)", $0) }) { first, _ in first }
        let after = Dictionary(new.map { ("\($0.kind.rawValue)\u{0}\($0.id)", $0) }) { first, _ in first }
        var changes: [ElementChange] = []
        for (key, element) in after {
            guard let previous = before[key] else {
                changes.append(
                    ElementChange(
                        kind: .added, element: element.kind, id: element.id,
                        fields: element.fields.map { field($0.0, old: nil, new: $0.1) }, location: element.location))
                continue
            }
            let oldFields = Dictionary(previous.fields, uniquingKeysWith: { first, _ in first })
            let newFields = Dictionary(element.fields, uniquingKeysWith: { first, _ in first })
            let names = element.fields.map(\.0) + previous.fields.map(\.0).filter { newFields[$0] == nil }
            let differing = names.filter { oldFields[$0] != newFields[$0] }
                .map { field($0, old: oldFields[$0], new: newFields[$0]) }
            if !differing.isEmpty {
                changes.append(
                    ElementChange(
                        kind: .changed, element: element.kind, id: element.id, fields: differing,
                        location: element.location))
            }
        }
        for (key, element) in before where after[key] == nil {
            changes.append(
                ElementChange(
                    kind: .removed, element: element.kind, id: element.id,
                    fields: element.fields.map { field($0.0, old: $0.1, new: nil) }, location: element.location))
        }
        let order = Dictionary(uniqueKeysWithValues: ElementKind.allCases.enumerated().map { ($1, $0) })
        return changes.sorted {
            (order[$0.element] ?? 0, $0.id, $0.kind.rawValue) < (order[$1.element] ?? 0, $1.id, $1.kind.rawValue)
        }
    }

    static func field(_ name: String, old: FieldValue?, new: FieldValue?) -> FieldChange {
        var change = FieldChange(field: name, old: old?.words, new: new?.words, added: [], removed: [])
        let oldItems: [String]? = if case .list(let items) = old { items } else { nil }
        let newItems: [String]? = if case .list(let items) = new { items } else { nil }
        if oldItems != nil || newItems != nil {
            let before = Set(oldItems ?? [])
            let after = Set(newItems ?? [])
            change.added = (newItems ?? []).filter { !before.contains($0) }
            change.removed = (oldItems ?? []).filter { !after.contains($0) }
        }
        return change
    }

    // MARK: facts

    static func facts(of graph: Graph) -> [ElementFacts] {
        var out: [ElementFacts] = []
        for party in graph.parties {
            out.append(
                ElementFacts(
                    kind: .party, id: party.id.value,
                    fields: compact([
                        ("name", .text(party.name.value)),
                        ("kind", .text(party.kind.rawValue)),
                        ("country", party.country.map { .text($0.value) }),
                        ("eea", party.eea.map { .text($0.value ? "yes" : "no") }),
                        ("contact", contact(party.contact)),
                        ("response-time", party.responseTime.map { .text($0.value.description) }),
                        ("placeholder", party.placeholder ? .text("yes") : nil),
                        ("financial-year-end", party.financialYearEnd.map { .text("\($0.value)") }),
                        ("systems", party.systems.isEmpty ? nil : .list(party.systems.map(\.id.value).sorted())),
                        ("assumed", assumed(party.provenance)),
                    ]), location: party.id.location))
            for system in party.systems {
                out.append(
                    ElementFacts(
                        kind: .system, id: system.id.value,
                        fields: compact([
                            ("name", .text(system.name)), ("party", .text(system.party)),
                            ("assumed", assumed(system.provenance)),
                        ]), location: system.id.location))
            }
        }
        for purpose in graph.purposes {
            out.append(
                ElementFacts(
                    kind: .purpose, id: purpose.id.value,
                    fields: compact([
                        ("name", .text(purpose.name)),
                        ("controller", .text(purpose.controller.value)),
                        ("legal-basis", purpose.legalBasis.map { .text($0.value.rawValue) }),
                        ("special-condition", purpose.specialCondition.map { .text($0.value.rawValue) }),
                        ("balancing", purpose.balancing.map { .text($0) }),
                        ("categories", .list(sortedValues(purpose.categories))),
                        ("subjects", .list(sortedValues(purpose.subjects))),
                        ("retention", purpose.retention.map { .text($0.value.description) }),
                        ("duty", purpose.duty.map { .text($0.value) }),
                        ("condition", condition(purpose.condition.value)),
                        ("erasure-exception", purpose.erasureException.map { .text($0.value.rawValue) }),
                        ("assumed", assumed(purpose.provenance)),
                    ]), location: purpose.id.location))
        }
        out += flowFacts(graph)
        for contract in graph.contracts {
            out.append(
                ElementFacts(
                    kind: .contract, id: contract.id.value,
                    fields: compact([
                        ("kind", .text(contract.kind.value.rawValue)),
                        ("parties", .list(sortedValues(contract.parties))),
                        ("signed", contract.signed.map { .text($0.value.description) }),
                        ("expires", contract.expires.map { .text($0.value.description) }),
                        ("assumed", assumed(contract.provenance)),
                    ]), location: contract.id.location))
        }
        for duty in graph.duties {
            out.append(
                ElementFacts(
                    kind: .duty, id: duty.id.value,
                    fields: compact([
                        ("name", .text(duty.name)), ("law", .text(duty.law)),
                        ("country", duty.country.map { .text($0.value) }),
                        ("retention", .text(duty.retention.value.description)),
                        ("categories", .list(sortedValues(duty.categories))),
                    ]), location: duty.id.location))
        }
        for category in graph.taxonomy.categories.values where category.location != nil {
            out.append(
                ElementFacts(
                    kind: .category, id: category.id,
                    fields: compact([
                        ("name", .text(category.name)), ("special", category.special ? .text("yes") : nil),
                    ]), location: category.location))
        }
        let builtInSubjects = BuiltInSubjectTypes.ids
        for (id, name) in graph.subjectTypes where !builtInSubjects.contains(id) {
            out.append(ElementFacts(kind: .subjectType, id: id, fields: [("name", .text(name))], location: nil))
        }
        let builtInEvents = BuiltInEvents.ids
        for (id, name) in graph.events where !builtInEvents.contains(id) {
            out.append(ElementFacts(kind: .event, id: id, fields: [("name", .text(name))], location: nil))
        }
        for (id, fact) in graph.facts {
            out.append(
                ElementFacts(
                    kind: .fact, id: id,
                    fields: [("name", .text(fact.name)), ("values", .list(sortedValues(fact.values)))],
                    location: fact.id.location))
        }
        return out
    }

    /// Flows keyed by their written id, or by their ends and purpose when the id was derived: a
    /// derived id numbers repeated pairs in load order, which moving a file would change. In the
    /// graph's flow order.
    static func flowFacts(_ graph: Graph) -> [ElementFacts] {
        var out: [ElementFacts] = []
        var unnamed: [String: [Int]] = [:]
        out.reserveCapacity(graph.flows.count)
        for flow in graph.flows {
            let categories: FieldValue =
                switch flow.categories {
                case .all: .text("all")
                case .listed(let listed): .list(sortedValues(listed))
                }
            let fields = compact([
                ("from", .text(flow.from.value)), ("to", .text(flow.to.value)),
                ("categories", categories),
                ("purpose", flow.purpose.map { .text($0.value) }),
                ("role", .text(flow.role.value.rawValue)),
                ("contract", flow.contract.map { .text($0.value) }),
                ("authorisation", flow.authorisation.map { .text($0.value) }),
                ("condition", condition(flow.condition.value)),
                (
                    "transfer",
                    flow.transfer.map {
                        .text($0.mechanism.value.rawValue + ($0.contract.map { " (\($0.value))" } ?? ""))
                    }
                ),
                ("retention", flow.retention.map { .text($0.value.description) }),
                ("transfer-event", flow.transferEvent.map { .text($0.value) }),
                ("assumed", assumed(flow.provenance)),
            ])
            if flow.idWasWritten {
                out.append(ElementFacts(kind: .flow, id: flow.id.value, fields: fields, location: flow.id.location))
            } else {
                let key = "\(flow.from.value)->\(flow.to.value)" + (flow.purpose.map { " for \($0.value)" } ?? "")
                unnamed[key, default: []].append(out.count)
                out.append(ElementFacts(kind: .flow, id: key, fields: fields, location: flow.id.location))
            }
        }
        // Flows between the same ends for the same purpose are told apart by what they say, not by
        // their order in the files.
        for (key, positions) in unnamed where positions.count > 1 {
            let sorted = positions.sorted { describe(out[$0].fields) < describe(out[$1].fields) }
            for (offset, position) in sorted.enumerated() where offset > 0 {
                out[position].id = "\(key) #\(offset + 1)"
            }
        }
        return out
    }

    /// Each flow's key in the diff, in the graph's flow order.
    static func flowKeys(_ graph: Graph) -> [String] { flowFacts(graph).map(\.id) }

    /// The same keys from a graph's facts, which hold one flow fact per flow in the graph's order.
    static func flowKeys(in facts: [ElementFacts]) -> [String] { facts.filter { $0.kind == .flow }.map(\.id) }

    static func describe(_ fields: [(String, FieldValue)]) -> String {
        fields.map { "\($0.0)=\($0.1.words)" }.joined(separator: "\u{1}")
    }

    static func compact(_ fields: [(String, FieldValue?)]) -> [(String, FieldValue)] {
        fields.compactMap { name, value in value.map { (name, $0) } }
    }

    static func sortedValues(_ references: [Reference]) -> [String] {
        Array(Set(references.map(\.value))).sorted()
    }

    static func assumed(_ provenance: Provenance) -> FieldValue? { provenance.assumed ? .text("yes") : nil }

    static func condition(_ condition: Condition) -> FieldValue? {
        condition == .always ? nil : .text(condition.summary)
    }

    static func contact(_ contact: Contact) -> FieldValue? {
        var items = contact.addresses.map { "\($0.key.name): \($0.value.value)" }.sorted()
        if contact.isInternal { items.append("internal") }
        if let reason = contact.noneReason { items.append("none: \(reason)") }
        return items.isEmpty ? nil : .list(items)
    }
}
