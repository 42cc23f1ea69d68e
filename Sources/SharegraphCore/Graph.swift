// The assembled graph: every file's elements merged, ids resolved across files, with lookups.

/// A whole data-sharing map, merged from one or more documents.
public struct Graph: Sendable {
    /// The policy each document describes, where it names one, in load order. The documents
    /// themselves are not kept: the graph holds each element once.
    public private(set) var policies: [PolicyInfo] = []
    /// All parties, in load order.
    public private(set) var parties: [Party] = []
    /// All purposes, in load order.
    public private(set) var purposes: [Purpose] = []
    /// All contracts, in load order.
    public private(set) var contracts: [Contract] = []
    /// All flows, in load order.
    public private(set) var flows = FlowList()
    /// All retention duties, in load order.
    public private(set) var duties: [RetentionDuty] = []
    /// Built-in categories plus the graph's own.
    public private(set) var taxonomy = Taxonomy.builtIn
    /// Subject type ids and names, built-in and defined.
    public private(set) var subjectTypes: [String: String] = [:]
    /// Subject type names in other languages: language code, then subject type id.
    public private(set) var subjectTypeTranslations: [String: [String: String]] = [:]
    /// Event ids and names, built-in and defined.
    public private(set) var events: [String: String] = [:]
    /// Event names in other languages: language code, then event id.
    public private(set) var eventTranslations: [String: [String: String]] = [:]
    /// Facts about a person that conditions may select on, by id.
    public private(set) var facts: [String: FactDefinition] = [:]

    private var partyIndex: [String: Int] = [:]
    private var systemIndex: [String: SystemInfo] = [:]
    private var purposeIndex: [String: Int] = [:]
    private var contractIndex: [String: Int] = [:]
    private var dutyIndex: [String: Int] = [:]
    private var purposesByController: [String: [Int]] = [:]
    /// The next number to try for each derived flow id, so repeated pairs are numbered in linear time.
    private var nextFlowNumber: [String: Int] = [:]
    private var outgoing: [String: [Int]] = [:]
    private var incoming: [String: [Int]] = [:]

    /// The party with this id.
    public func party(_ id: String) -> Party? { partyIndex[id].map { parties[$0] } }
    /// The system with this id.
    public func system(_ id: String) -> SystemInfo? { systemIndex[id] }
    /// The purpose with this id.
    public func purpose(_ id: String) -> Purpose? { purposeIndex[id].map { purposes[$0] } }
    /// The contract with this id.
    public func contract(_ id: String) -> Contract? { contractIndex[id].map { contracts[$0] } }
    /// The retention duty with this id.
    public func duty(_ id: String) -> RetentionDuty? { dutyIndex[id].map { duties[$0] } }

    /// The party a flow end belongs to: the party itself, or the party owning the system.
    public func owningParty(of node: String) -> String? {
        if partyIndex[node] != nil { return node }
        return systemIndex[node]?.party
    }

    /// Flows whose sender belongs to the party, in load order.
    public func flows(from party: String) -> [Flow] { (outgoing[party] ?? []).map { flows[$0] } }
    /// Flows whose recipient belongs to the party, in load order.
    public func flows(to party: String) -> [Flow] { (incoming[party] ?? []).map { flows[$0] } }

    /// Purposes of which the party is controller, in load order.
    public func purposes(controlledBy party: String) -> [Purpose] {
        (purposesByController[party] ?? []).map { purposes[$0] }
    }

    /// Merges documents into a graph, resolving ids across files; the diagnostics name every
    /// duplicate id and dangling reference at the place it was written.
    ///
    /// The documents are taken apart as they are merged, so a caller that passes its last copy
    /// (`assemble(consume documents)`) never holds the elements twice.
    public static func assemble(_ documents: consuming [GraphDocument]) -> (graph: Graph, diagnostics: [Diagnostic]) {
        var assembler = GraphAssembler()
        let graph = assembler.assemble(documents)
        return (graph, assembler.diagnostics.sorted(by: Diagnostic.reportOrder))
    }

    /// Merges documents that were assembled before, taking the findings of that assembly instead
    /// of checking again: the checks depend on the documents alone, so the same documents give the
    /// same findings. Used by the compiled-graph cache, which knows the documents are the same
    /// because their files' bytes are; anything less certain must call `assemble(_:)`.
    public static func assemble(
        _ documents: consuming [GraphDocument], checkedBefore diagnostics: [Diagnostic]
    ) -> (graph: Graph, diagnostics: [Diagnostic]) {
        var assembler = GraphAssembler()
        let graph = assembler.merge(consume documents)
        return (graph, diagnostics)
    }

    fileprivate mutating func index() {
        partyIndex = [:]
        systemIndex = [:]
        for (offset, party) in parties.enumerated() where partyIndex[party.id.value] == nil {
            partyIndex[party.id.value] = offset
            for system in party.systems where systemIndex[system.id.value] == nil {
                systemIndex[system.id.value] = system
            }
        }
        purposeIndex = Self.firstIndex(purposes.map(\.id.value))
        contractIndex = Self.firstIndex(contracts.map(\.id.value))
        dutyIndex = Self.firstIndex(duties.map(\.id.value))
        purposesByController = [:]
        for (offset, purpose) in purposes.enumerated() {
            purposesByController[purpose.controller.value, default: []].append(offset)
        }
        outgoing = [:]
        incoming = [:]
        for (offset, flow) in flows.enumerated() {
            if let sender = owningParty(of: flow.from.value) { outgoing[sender, default: []].append(offset) }
            if let recipient = owningParty(of: flow.to.value) { incoming[recipient, default: []].append(offset) }
        }
    }

    private static func firstIndex(_ ids: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (offset, id) in ids.enumerated() where index[id] == nil { index[id] = offset }
        return index
    }

    /// Room for every element at once, so the arrays are not regrown (and over-allocated) file by file.
    fileprivate mutating func reserve(_ documents: [GraphDocument]) {
        parties.reserveCapacity(documents.reduce(0) { $0 + $1.parties.count })
        purposes.reserveCapacity(documents.reduce(0) { $0 + $1.purposes.count })
        contracts.reserveCapacity(documents.reduce(0) { $0 + $1.contracts.count })
    }

    fileprivate mutating func merge(_ document: consuming GraphDocument, flowIDs: inout Set<String>) {
        if let policy = document.policy { policies.append(policy) }
        parties += document.parties
        purposes += document.purposes
        contracts += document.contracts
        // The document's list of flows becomes the graph's, its derived ids settled in place.
        var documentFlows = document.flows
        document.flows = []
        for position in documentFlows.indices {
            // Flows without a written id get `from->to`, numbered when the same pair recurs.
            if !documentFlows[position].idWasWritten {
                let base = documentFlows[position].id.value
                var number = nextFlowNumber[base] ?? 2
                var candidate = base
                while flowIDs.contains(candidate) {
                    candidate = "\(base)#\(number)"
                    number += 1
                }
                nextFlowNumber[base] = number
                documentFlows[position].id.value = candidate
            }
            flowIDs.insert(documentFlows[position].id.value)
        }
        flows.append(contentsOf: documentFlows)
        duties += document.duties
        for category in document.categories where !taxonomy.contains(category.id) { taxonomy.add(category) }
        for definition in document.subjectTypes where subjectTypes[definition.id.value] == nil {
            subjectTypes[definition.id.value] = definition.name
            for (language, name) in definition.translations {
                subjectTypeTranslations[language, default: [:]][definition.id.value] = name
            }
        }
        for definition in document.events where events[definition.id.value] == nil {
            events[definition.id.value] = definition.name
            for (language, name) in definition.translations {
                eventTranslations[language, default: [:]][definition.id.value] = name
            }
        }
        for definition in document.facts where facts[definition.id.value] == nil {
            facts[definition.id.value] = definition
        }
    }

    /// The built-in statutes the graph's purposes name and the graph does not define itself.
    fileprivate mutating func addReferencedStatutes() {
        let defined = Set(duties.map(\.id.value))
        var added = Set<String>()
        for purpose in purposes {
            guard let id = purpose.duty?.value, !defined.contains(id), let statute = BuiltInStatutes.byID[id],
                added.insert(id).inserted
            else { continue }
            duties.append(statute)
        }
    }

    fileprivate mutating func addBuiltIns() {
        for (id, name) in BuiltInSubjectTypes.all { subjectTypes[id] = name }
        for (id, name) in BuiltInEvents.all { events[id] = name }
    }
}

/// Merges documents and reports what does not fit together.
private struct GraphAssembler {
    var diagnostics: [Diagnostic] = []
    var graph = Graph()
    var partyIDs: Set<String> = []
    var nodeIDs: Set<String> = []
    var purposeIDs: Set<String> = []
    var contractIDs: Set<String> = []
    var dutyIDs: Set<String> = []
    var subjectTypeIDs: Set<String> = []

    mutating func assemble(_ documents: consuming [GraphDocument]) -> Graph {
        checkDuplicates(documents)
        var policyControllers: [Reference] = []
        var categories: [CategoryInfo] = []
        for position in documents.indices {
            if let controller = documents[position].policy?.controller { policyControllers.append(controller) }
            categories += documents[position].categories
        }
        _ = merge(consume documents)
        partyIDs = Set(graph.parties.map(\.id.value))
        nodeIDs = partyIDs.union(graph.parties.flatMap { $0.systems.map(\.id.value) })
        purposeIDs = Set(graph.purposes.map(\.id.value))
        contractIDs = Set(graph.contracts.map(\.id.value))
        dutyIDs = Set(graph.duties.map(\.id.value))
        subjectTypeIDs = Set(graph.subjectTypes.keys)
        for controller in policyControllers { resolveParty(controller, from: "policy") }
        for category in categories { check(category) }
        checkElements()
        return graph
    }

    /// Merges the documents into the graph and indexes it, without checking anything.
    mutating func merge(_ documents: consuming [GraphDocument]) -> Graph {
        graph.addBuiltIns()
        var flowIDs = Set(documents.flatMap { $0.flows.filter(\.idWasWritten).map(\.id.value) })
        graph.reserve(documents)
        // Each document is moved out of the list before it is merged and dropped after, so the
        // elements are held once: in the documents not yet merged, or in the graph.
        for position in documents.indices {
            var document = GraphDocument(file: documents[position].file)
            swap(&document, &documents[position])
            graph.merge(consume document, flowIDs: &flowIDs)
        }
        documents = []
        graph.addReferencedStatutes()
        graph.index()
        return graph
    }

    // MARK: duplicates

    mutating func checkDuplicates(_ documents: [GraphDocument]) {
        var nodes: [String: SourceLocation] = [:]
        var categories: [String: SourceLocation] = [:]
        var subjects: [String: SourceLocation] = [:]
        var events: [String: SourceLocation] = [:]
        var duties: [String: SourceLocation] = [:]
        var purposes: [String: SourceLocation] = [:]
        var contracts: [String: SourceLocation] = [:]
        var flows: [String: SourceLocation] = [:]
        var facts: [String: SourceLocation] = [:]
        for document in documents {
            for fact in document.facts { claim(fact.id, kind: "fact", in: &facts) }
            for party in document.parties {
                claim(party.id, kind: "party", in: &nodes)
                for system in party.systems { claim(system.id, kind: "system", in: &nodes) }
            }
            for category in document.categories {
                guard let location = category.location else { continue }
                if Taxonomy.builtIn.contains(category.id) {
                    report(
                        "duplicate-id", "category `\(category.id)` is built in and cannot be redefined", at: location,
                        hint: "use the built-in category, or add a sub-category such as `\(category.id).custom`")
                } else {
                    claim(Located(category.id, at: location), kind: "category", in: &categories)
                }
            }
            for subject in document.subjectTypes {
                if BuiltInSubjectTypes.ids.contains(subject.id.value) {
                    report(
                        "duplicate-id", "subject type `\(subject.id.value)` is built in; remove this definition",
                        at: subject.id.location)
                } else {
                    claim(subject.id, kind: "subject type", in: &subjects)
                }
            }
            for event in document.events {
                if BuiltInEvents.ids.contains(event.id.value) {
                    report(
                        "duplicate-id", "event `\(event.id.value)` is built in; remove this definition",
                        at: event.id.location)
                } else {
                    claim(event.id, kind: "event", in: &events)
                }
            }
            for duty in document.duties { claim(duty.id, kind: "retention duty", in: &duties) }
            for purpose in document.purposes { claim(purpose.id, kind: "purpose", in: &purposes) }
            for contract in document.contracts { claim(contract.id, kind: "contract", in: &contracts) }
            for flow in document.flows where flow.idWasWritten { claim(flow.id, kind: "flow", in: &flows) }
        }
    }

    mutating func claim(_ id: Located<String>, kind: String, in seen: inout [String: SourceLocation]) {
        if let first = seen[id.value] {
            report(
                "duplicate-id", "\(kind) id `\(id.value)` is already defined at \(first)", at: id.location,
                hint: "ids must be unique across all loaded files; rename one of them or refer to the existing one")
        } else {
            seen[id.value] = id.location
        }
    }

    // MARK: references and values

    mutating func check(_ category: CategoryInfo) {
        guard let parent = category.parent, let location = category.location else { return }
        if !graph.taxonomy.contains(parent) {
            report(
                "unknown-category", "category `\(category.id)` extends `\(parent)`, which is not defined", at: location,
                hint:
                    "define `\(parent)` first, or place the category under a built-in parent such as \(Suggestion.list(topLevelCategories, limit: 6))"
            )
        }
    }

    /// Checks every merged element; the findings are sorted afterwards, so the order here does not show.
    mutating func checkElements() {
        for party in graph.parties { check(party) }
        for duty in graph.duties {
            if let country = duty.country { checkCountry(country) }
            checkEvent(in: duty.retention)
            for category in duty.categories { resolveCategory(category, from: "retention duty") }
        }
        for purpose in graph.purposes { check(purpose) }
        for contract in graph.contracts {
            for party in contract.parties { resolveParty(party, from: "contract") }
            if let signed = contract.signed, let expires = contract.expires, expires.value < signed.value {
                report(
                    "invalid-date",
                    "contract `\(contract.id.value)` expires (\(expires.value)) before it is signed (\(signed.value))",
                    at: expires.location)
            }
        }
        for flow in graph.flows { check(flow) }
    }

    mutating func check(_ party: Party) {
        if let country = party.country {
            checkCountry(country)
            if let eea = party.eea, Countries.iso.contains(country.value),
                eea.value != Countries.eea.contains(country.value)
            {
                report(
                    "invalid-value",
                    "`eea: \(eea.value)` contradicts country `\(country.value)`, which is \(Countries.eea.contains(country.value) ? "in" : "outside") the EEA",
                    at: eea.location, hint: "remove `eea`; it follows from the country")
            }
        }
        for kind in ChannelKind.known {
            guard let address = party.contact.addresses[kind] else { continue }
            switch kind.syntax {
            case .email where !Self.isPlausibleEmail(address.value):
                report(
                    "invalid-value", "`\(address.value.prefix(80))` is not one e-mail address", at: address.location,
                    hint: "write one plain address such as name@example.no: no name, list, comment or line break")
            case .url:
                if let problem = Self.webhookProblem(
                    address.value, kind: kind.name, isInternal: party.contact.isInternal)
                {
                    report(
                        "invalid-value", problem, at: address.location,
                        hint:
                            "use an https:// URL on a public address (http:// only for localhost); mark the contact `internal: true` for your own service on a private network"
                    )
                }
            case .email: break
            }
        }
    }

    mutating func check(_ purpose: Purpose) {
        resolveParty(purpose.controller, from: "purpose")
        for category in purpose.categories { resolveCategory(category, from: "purpose") }
        for subject in purpose.subjects {
            resolve(
                subject, known: subjectTypeIDs, kind: "subject type", from: "purpose", id: "unknown-reference",
                hint: "define it under `subject-types:` or use a built-in one")
        }
        if let retention = purpose.retention { checkEvent(in: retention) }
        check(purpose.condition.value)
        if let duty = purpose.duty {
            resolve(
                duty, known: dutyIDs, kind: "retention duty", from: "purpose", id: "unknown-reference",
                hint:
                    "define it under `duties:`, or name a built-in statute: \(Suggestion.list(Set(BuiltInStatutes.byID.keys), limit: 8))"
            )
        }
    }

    mutating func check(_ condition: Condition) {
        switch condition {
        case .always: break
        case .event(let event), .unless(let event): checkEvent(event, context: "condition")
        case .consent(let purpose):
            resolve(
                purpose, known: purposeIDs, kind: "purpose", from: "consent condition",
                id: "unknown-reference", hint: "name the consent-based purpose the person agreed to")
        case .all(let parts):
            for part in parts { check(part) }
        case .fact(let fact, let value):
            guard let definition = graph.facts[fact.value] else {
                resolve(
                    fact, known: Set(graph.facts.keys), kind: "fact", from: "condition", id: "unknown-reference",
                    hint: "define it under `facts:` with the values it may take")
                return
            }
            resolve(
                value, known: Set(definition.values.map(\.value)), kind: "value of fact `\(fact.value)`",
                from: "condition",
                id: "invalid-value", hint: "use one of the values listed under the fact's `values:`")
        }
    }

    mutating func check(_ flow: Flow) {
        resolveNode(flow.from, from: "flow")
        resolveNode(flow.to, from: "flow")
        if case .listed(let categories) = flow.categories {
            for category in categories { resolveCategory(category, from: "flow") }
        }
        if let purpose = flow.purpose {
            resolve(
                purpose, known: purposeIDs, kind: "purpose", from: "flow", id: "unknown-reference",
                hint: "define it under `purposes:`")
        }
        // Checked one by one, without gathering them into an array for every flow.
        if let contract = flow.contract { resolveContract(contract) }
        if let contract = flow.authorisation { resolveContract(contract) }
        if let contract = flow.transfer?.contract { resolveContract(contract) }
        check(flow.condition.value)
        if let retention = flow.retention { checkEvent(in: retention) }
        if let event = flow.transferEvent { checkEvent(event, context: "flow's `on`") }
        let sender = graph.owningParty(of: flow.from.value)
        let recipient = graph.owningParty(of: flow.to.value)
        if let sender, graph.party(sender)?.kind == .dataSubject, flow.purpose == nil {
            report(
                "missing-field", "flow `\(flow.id.value)` starts at the person (`\(sender)`) but names no purpose",
                at: flow.from.location,
                hint:
                    "add `purpose:` naming the controller's purpose the person gives the data for, so the trace knows whose relationship it belongs to"
            )
        }
        if flow.from.value == flow.to.value {
            report(
                "invalid-value", "flow `\(flow.id.value)` goes from `\(flow.from.value)` to itself",
                at: flow.to.location,
                hint: "a flow joins two different parties or systems")
        } else if let sender, let recipient {
            if flow.role.value == .internal, sender != recipient {
                report(
                    "invalid-value",
                    "role `internal` joins systems of one party, but `\(sender)` and `\(recipient)` differ",
                    at: flow.role.location,
                    hint:
                        "choose the recipient's role: processor, sub-processor, joint-controller, independent-controller or authority"
                )
            }
            if flow.role.value != .internal, sender == recipient {
                report(
                    "invalid-value", "flow stays inside `\(sender)` but its role is `\(flow.role.value.rawValue)`",
                    at: flow.role.location, hint: "use `role: internal` between systems of one party")
            }
        }
    }

    // MARK: helpers

    mutating func checkEvent(in retention: Located<RetentionRule>) {
        for anchor in retention.value.anchors {
            checkEvent(
                Located(anchor.event, at: retention.location.advanced(byColumns: anchor.offset)),
                context: "retention rule")
        }
    }

    mutating func checkEvent(_ event: Reference, context: String) {
        guard graph.events[event.value] == nil else { return }
        let suggestion = Suggestion.closest(to: event.value, in: graph.events.keys)
        report(
            "unknown-event",
            "\(context) names event `\(event.value)`, which nothing defines\(suggestion.map { "; did you mean `\($0)`?" } ?? "")",
            at: event.location,
            hint:
                "define it under `events:` or use a built-in event such as \(Suggestion.list(BuiltInEvents.ids, limit: 6))"
        )
    }

    mutating func checkCountry(_ country: Located<String>) {
        if !Countries.iso.contains(country.value) {
            let suggestion = Suggestion.closest(to: country.value.uppercased(), in: Countries.iso)
            report(
                "invalid-value",
                "`\(country.value)` is not an ISO 3166-1 alpha-2 country code\(suggestion.map { "; did you mean `\($0)`?" } ?? "")",
                at: country.location, hint: "use two capital letters, such as NO, SE, IE or US")
        }
    }

    var topLevelCategories: [String] { graph.taxonomy.ids.filter { !$0.contains(".") } }

    mutating func resolveCategory(_ category: Reference, from context: String) {
        guard !graph.taxonomy.contains(category.value) else { return }
        let suggestion = Suggestion.closest(to: category.value, in: graph.taxonomy.ids)
        report(
            "unknown-category",
            "\(context) names category `\(category.value)`, which is not in the taxonomy\(suggestion.map { "; did you mean `\($0)`?" } ?? "")",
            at: category.location,
            hint: "run `sharegraph taxonomy` to list categories, or define it under `categories:`")
    }

    mutating func resolveContract(_ contract: Reference) {
        resolve(
            contract, known: contractIDs, kind: "contract", from: "flow", id: "unknown-reference",
            hint: "define it under `contracts:`")
    }

    mutating func resolveParty(_ party: Reference, from context: String) {
        resolve(
            party, known: partyIDs, kind: "party", from: context, id: "unknown-reference",
            hint: "define it under `parties:` in any loaded file")
    }

    mutating func resolveNode(_ node: Reference, from context: String) {
        guard graph.owningParty(of: node.value) == nil else { return }
        resolve(
            node, known: nodeIDs, kind: "party or system", from: context, id: "unknown-reference",
            hint: "define it under `parties:` (or a party's `systems:`) in any loaded file")
    }

    mutating func resolve(
        _ reference: Reference, known: Set<String>, kind: String, from context: String, id: String, hint: String
    ) {
        guard !known.contains(reference.value) else { return }
        let suggestion = Suggestion.closest(to: reference.value, in: known)
        report(
            id,
            "\(context) references \(kind) `\(reference.value)`, which is not defined\(suggestion.map { "; did you mean `\($0)`?" } ?? "")",
            at: reference.location, hint: "\(hint); defined: \(Suggestion.list(known))")
    }

    mutating func report(_ id: String, _ message: String, at location: SourceLocation, hint: String? = nil) {
        diagnostics.append(Diagnostic(id: id, severity: .error, message: message, at: location, hint: hint))
    }

    static func isPlausibleEmail(_ text: String) -> Bool { EmailAddress.parse(text) != nil }

    /// What is wrong with a webhook URL, judged on the URL as written (the deliverer judges the
    /// addresses the name resolves to as well).
    static func webhookProblem(_ text: String, kind: String = "webhook", isInternal: Bool = false) -> String? {
        let shown = String(text.prefix(120))
        switch WebhookAddress.parse(text) {
        case .failure(let error): return "\(kind) `\(shown)` \(error)"
        case .success(let address):
            let reach = address.literalReach ?? (address.host == "localhost" ? .loopback : nil)
            if address.scheme == "http" {
                guard reach == .loopback else {
                    return "\(kind) `\(shown)` uses plain http; notices carry personal identifiers and need https"
                }
                return nil
            }
            if let reach, !reach.isPublic, !isInternal {
                return
                    "\(kind) `\(shown)` points at a \(reach.rawValue) address, which is refused unless the recipient is marked internal"
            }
            return nil
        }
    }
}
