// Reads a subject file (one person as the controllers know them) and checks it against a graph.
// Identifier values are personal data: no diagnostic message ever repeats one.

import Foundation
public import SharegraphCore

/// What reading a subject file produced.
public struct SubjectLoadResult: Sendable {
    /// The subject; nil when the file could not be read at all.
    public var subject: Subject?
    /// Every problem found, in report order.
    public var diagnostics: [Diagnostic]
    /// The file's text, for snippets.
    public var source: SourceFile?
}

/// Reads subject files.
public struct SubjectLoader: Sendable {
    /// The bounds the file must respect.
    public var limits: LoaderLimits

    /// Creates a loader.
    public init(limits: LoaderLimits = LoaderLimits()) {
        self.limits = limits
    }

    static let topLevelKeys = ["sharegraph-subject", "reference", "name", "relationships"]
    static let relationshipKeys = [
        "controller", "as", "categories", "identifiers", "events", "not-happened", "events-complete", "erasures",
        "facts",
    ]

    /// Reads a subject file and checks its references against the graph.
    public func load(path: String, graph: Graph) -> SubjectLoadResult {
        switch InputFile.read(
            path, limit: limits.maxFileBytes, what: "subject file",
            hint: "check the path; subject files are YAML, see Samples/subjects/")
        {
        case .failure(let problem): return SubjectLoadResult(subject: nil, diagnostics: [problem], source: nil)
        case .success(let bytes): return parse(text: bytes, file: path, graph: graph)
        }
    }

    /// Parses a subject file's bytes; used by `load` and by tests. `firstLine` places a subject
    /// that is one line of a larger file (a batch) at its own line.
    /// A subject holds a person's identifiers, so every message quotes its values masked, whatever
    /// format the diagnostics are then written in (text, JSON, a server's problem).
    public func parse(text bytes: [UInt8], file: String, graph: Graph, firstLine: Int = 1) -> SubjectLoadResult {
        var result = parseQuoting(text: bytes, file: file, graph: graph, firstLine: firstLine)
        result.diagnostics = result.diagnostics.map { $0.maskingQuotedValues() }
        return result
    }

    private func parseQuoting(text bytes: [UInt8], file: String, graph: Graph, firstLine: Int) -> SubjectLoadResult {
        let text: String
        switch Prescan(file: file, limits: limits).validate(bytes) {
        case .failure(var problem):
            if firstLine > 1 {
                problem.location = problem.location.moved(
                    line: problem.location.line + firstLine - 1, column: problem.location.column)
            }
            return SubjectLoadResult(subject: nil, diagnostics: [problem], source: nil)
        case .success(let valid): text = valid
        }
        let source = SourceFile(path: file, personalData: text)
        let root: Node
        do {
            guard let composed = try YAMLComposer.compose(text) else {
                return SubjectLoadResult(
                    subject: nil,
                    diagnostics: [
                        Diagnostic(
                            id: "missing-field", severity: .error, message: "the subject file is empty",
                            at: SourceLocation(file: file, line: 1, column: 1),
                            hint: "start with `sharegraph-subject: 1`, a `reference:` and `relationships:`")
                    ], source: source)
            }
            root = composed
        } catch {
            var problem = GraphLoader.diagnostic(for: error, file: file, text: text)
            if firstLine > 1 {
                problem.location = problem.location.moved(
                    line: problem.location.line + firstLine - 1, column: problem.location.column)
            }
            return SubjectLoadResult(subject: nil, diagnostics: [problem], source: source)
        }
        let context = DecodeContext(
            file: file, limits: limits, budget: limits.nodeBudget(forFileBytes: bytes.count), firstLine: firstLine,
            holdsPersonalData: true)
        var subject: Subject?
        do {
            subject = try SubjectDecoder(context: context, graph: graph).decode(root)
        } catch {
            context.error(
                "limit-exceeded", "the file expands to more YAML nodes than its size allows (alias expansion?)",
                at: SourceLocation(file: file, line: 1, column: 1),
                hint: "aliases may not multiply the document; write the values out")
        }
        let diagnostics = context.diagnostics.sorted(by: Diagnostic.reportOrder)
        return SubjectLoadResult(
            subject: diagnostics.containsErrors ? nil : subject, diagnostics: diagnostics, source: source)
    }
}

/// Decodes a subject file's nodes and resolves its ids against the graph.
struct SubjectDecoder {
    let context: DecodeContext
    let graph: Graph

    /// Decodes a subject file's root, or (`inline`) a subject written inside a request, which needs no version line.
    func decode(_ root: Node, inline: Bool = false) throws -> Subject? {
        let what = inline ? "the request's `subject`" : "the top level of a subject file"
        guard let fields = try Fields(root, context, what: what, allowed: SubjectLoader.topLevelKeys) else {
            return nil
        }
        if let version = try fields.string("sharegraph-subject", required: !inline), version.value != "1" {
            context.error(
                "invalid-value", "subject format version `\(version.value.prefix(20))` is not supported",
                at: version.location,
                hint: "this version of sharegraph reads `sharegraph-subject: 1`")
        }
        let reference = try fields.string("reference", required: true)
        let name = try fields.string("name")
        var relationships: [Relationship] = []
        let nodes = try fields.sequence("relationships")
        if nodes.isEmpty {
            context.error(
                "missing-field", "the subject has no relationships", at: fields.location,
                hint: "add `relationships:` with one entry per controller the person dealt with")
        }
        var controllers = Set<String>()
        for node in nodes {
            guard let relationship = try relationship(node) else { continue }
            if !controllers.insert(relationship.controller.value).inserted {
                context.error(
                    "duplicate-id", "the person has two relationships with `\(relationship.controller.value)`",
                    at: relationship.controller.location, hint: "merge them into one entry")
                continue
            }
            relationships.append(relationship)
        }
        guard let reference else { return nil }
        return Subject(reference: reference, name: name, relationships: relationships, file: context.file)
    }

    private func relationship(_ node: Node) throws -> Relationship? {
        guard let fields = try Fields(node, context, what: "a relationship", allowed: SubjectLoader.relationshipKeys)
        else { return nil }
        let controller = try fields.id("controller")
        if let controller { checkController(controller) }
        let types = try fields.references("as", required: true)
        for type in types {
            resolve(
                type, known: graph.subjectTypes.keys, kind: "subject type",
                hint: "use a built-in subject type or one the graph defines under `subject-types:`")
        }
        if let controller, graph.party(controller.value) != nil {
            let purposes = graph.purposes(controlledBy: controller.value)
            for type in types
            where graph.subjectTypes[type.value] != nil
                && !purposes.contains(where: { $0.subjects.isEmpty || $0.subjects.contains { $0.value == type.value } })
            {
                context.add(
                    Diagnostic(
                        id: "uncovered-subject-type", severity: .warning,
                        message:
                            "no purpose of `\(controller.value)` covers subject type `\(type.value)`, so nothing is collected for it",
                        at: type.location,
                        hint: "check the subject type, or add it to a purpose's `subjects:` in the graph"))
            }
        }
        var categories: [Reference]?
        if fields.has("categories") {
            categories = try fields.references("categories")
            for category in categories ?? [] {
                resolve(
                    category, known: graph.taxonomy.categories.keys, kind: "category", id: "unknown-category",
                    hint: "run `sharegraph taxonomy` for the categories")
            }
        }
        let identifiers = try identifiers(fields)
        let events = try events(fields)
        let notHappened = try fields.references("not-happened")
        for event in notHappened { resolveEvent(event) }
        var erasures: [ConfirmedErasure] = []
        for entry in try fields.sequence("erasures") {
            guard
                let erasureFields = try Fields(
                    entry, context, what: "an erasure", allowed: ["party", "date", "purpose"])
            else { continue }
            let party = try erasureFields.id("party")
            let date = try erasureFields.date("date", required: true)
            let purpose = try erasureFields.id("purpose", required: false)
            if let party {
                resolve(party, known: graph.parties.map(\.id.value), kind: "party", hint: "name a party of the graph")
            }
            if let purpose { resolvePurpose(purpose) }
            if let party, let date { erasures.append(ConfirmedErasure(party: party, date: date, purpose: purpose)) }
        }
        let complete = try fields.bool("events-complete")?.value ?? false
        let facts = try facts(fields)
        guard let controller else { return nil }
        var relationship = Relationship(
            controller: controller, subjectTypes: types, categories: categories, identifiers: identifiers,
            events: events,
            notHappened: notHappened, eventsComplete: complete, erasures: erasures, location: fields.location)
        relationship.facts = facts
        return relationship
    }

    /// `facts: {payment-method: card}`: each fact the graph defines, with one of its values.
    private func facts(_ fields: Fields) throws -> [FactValue] {
        guard let node = fields.node("facts") else { return [] }
        guard let factFields = try Fields(node, context, what: "`facts`", allowed: graph.facts.keys.sorted()) else {
            return []
        }
        var facts: [FactValue] = []
        for id in graph.facts.keys.sorted() where factFields.has(id) {
            guard let value = try factFields.id(id), let definition = graph.facts[id] else { continue }
            let known = definition.values.map(\.value)
            guard known.contains(value.value) else {
                context.error(
                    "invalid-value", "fact `\(id)` has no value `\(value.value)`", at: value.location,
                    hint: "use one of \(known.map { "`\($0)`" }.joined(separator: ", "))")
                continue
            }
            facts.append(FactValue(fact: Located(id, at: value.location), value: value))
        }
        return facts
    }

    private func identifiers(_ fields: Fields) throws -> [Identifier] {
        guard let node = fields.node("identifiers") else { return [] }
        guard case .mapping(let mapping) = node else {
            context.error(
                "wrong-type",
                "`identifiers` should be a mapping of `type: value` lines, found \(DecodeContext.describe(node))",
                at: context.location(node), hint: "write for example `email: kari@example.no`")
            return []
        }
        var identifiers: [Identifier] = []
        for (key, value) in mapping {
            try context.visit()
            guard let type = try Fields.scalar(key, context, what: "an identifier type"),
                Fields.checkID(type, context, what: "an identifier type")
            else { continue }
            var category = Identifier.defaultCategory(forType: type.value)
            var text: String?
            switch value {
            case .scalar(let scalar): text = scalar.string
            case .mapping:
                guard
                    let valueFields = try Fields(
                        value, context, what: "identifier `\(type.value)`", allowed: ["value", "category"])
                else { continue }
                text = try valueFields.string("value", required: true)?.value
                if let written = try valueFields.id("category", required: false) {
                    resolve(
                        written, known: graph.taxonomy.categories.keys, kind: "category", id: "unknown-category",
                        hint: "the category a recipient must hold to know this identifier")
                    category = written.value
                }
            default:
                context.error(
                    "wrong-type", "identifier `\(type.value)` should be text or a mapping with `value` and `category`",
                    at: context.location(value))
            }
            guard let text else { continue }
            if text.isEmpty {
                context.error("missing-field", "identifier `\(type.value)` is empty", at: context.location(value))
                continue
            }
            identifiers.append(Identifier(type: type, value: text, category: category))
        }
        return identifiers
    }

    private func events(_ fields: Fields) throws -> [EventOccurrence] {
        guard let node = fields.node("events") else { return [] }
        guard case .mapping(let mapping) = node else {
            context.error(
                "wrong-type",
                "`events` should be a mapping of `event: date` lines, found \(DecodeContext.describe(node))",
                at: context.location(node), hint: "write for example `contract-end: 2023-05-31`")
            return []
        }
        var occurrences: [EventOccurrence] = []
        for (key, value) in mapping {
            try context.visit()
            guard let event = try Fields.scalar(key, context, what: "an event"),
                Fields.checkID(event, context, what: "an event")
            else { continue }
            resolveEvent(event)
            let items: [Node]
            if case .sequence(let sequence) = value { items = Array(sequence) } else { items = [value] }
            if items.isEmpty {
                context.error(
                    "missing-field", "event `\(event.value)` has no date", at: context.location(value),
                    hint: "write `\(event.value): YYYY-MM-DD`")
            }
            for item in items {
                try context.visit()
                var date: Located<CalendarDate>?
                var purpose: Reference?
                switch item {
                case .scalar:
                    guard let text = try Fields.scalar(item, context, what: "the date of `\(event.value)`") else {
                        continue
                    }
                    date = Fields.date(text, context)
                case .mapping:
                    guard
                        let itemFields = try Fields(
                            item, context, what: "an occurrence of `\(event.value)`", allowed: ["date", "purpose"])
                    else { continue }
                    date = try itemFields.date("date", required: true)
                    purpose = try itemFields.id("purpose", required: false)
                    if let purpose { resolvePurpose(purpose) }
                default:
                    context.error(
                        "wrong-type",
                        "the date of `\(event.value)` should be YYYY-MM-DD, a list of dates, or `{date: ..., purpose: ...}`",
                        at: context.location(item))
                }
                if let date { occurrences.append(EventOccurrence(event: event, date: date, purpose: purpose)) }
            }
        }
        return occurrences
    }

    private func checkController(_ controller: Reference) {
        guard graph.party(controller.value) != nil else {
            resolve(
                controller, known: graph.parties.map(\.id.value), kind: "party",
                hint: "name the controller the person dealt with, as the graph spells it")
            return
        }
        if graph.purposes(controlledBy: controller.value).isEmpty {
            context.error(
                "invalid-value",
                "`\(controller.value)` controls no purpose in the loaded graphs, so it collects nothing",
                at: controller.location, hint: "name the controller the person dealt with, and load its graph file")
        }
    }

    private func resolveEvent(_ event: Reference) {
        resolve(
            event, known: graph.events.keys, kind: "event", id: "unknown-event",
            hint: "use a built-in event or one the graph defines under `events:`")
    }

    private func resolvePurpose(_ purpose: Reference) {
        resolve(
            purpose, known: graph.purposes.map(\.id.value), kind: "purpose",
            hint: "name a purpose of the graph, such as the consent-based one")
    }

    private func resolve(
        _ reference: Reference, known: some Collection<String>, kind: String, id: String = "unknown-reference",
        hint: String
    ) {
        guard !known.contains(reference.value) else { return }
        context.add(.unknown(kind, reference, among: known, id: id, hint: hint))
    }
}
