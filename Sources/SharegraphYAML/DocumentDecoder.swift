// Turns one file's YAML node tree into a GraphDocument, reporting every problem with its place.

import Foundation
import SharegraphCore

/// Decodes the top level of a graph file and each kind of element in it.
struct DocumentDecoder {
    let context: DecodeContext

    static let topLevelKeys = [
        "sharegraph", "policy", "parties", "categories", "subject-types", "events", "facts", "duties", "purposes",
        "contracts",
        "flows",
    ]

    func decode(_ root: Node) throws -> GraphDocument {
        var document = GraphDocument(file: context.file)
        guard let fields = try Fields(root, context, what: "the top level of a graph file", allowed: Self.topLevelKeys)
        else {
            return document
        }
        if let version = try fields.string("sharegraph"), version.value != "1" {
            context.error(
                "invalid-value", "format version `\(version.value.prefix(20))` is not supported", at: version.location,
                hint: "this version of sharegraph reads `sharegraph: 1`")
        }
        if let node = fields.node("policy") { document.policy = try policy(node) }
        for node in try fields.sequence("parties") { if let party = try party(node) { document.parties.append(party) } }
        for node in try fields.sequence("categories") {
            if let category = try category(node) { document.categories.append(category) }
        }
        for node in try fields.sequence("subject-types") {
            if let definition = try definition(node, what: "subject type") { document.subjectTypes.append(definition) }
        }
        for node in try fields.sequence("events") {
            if let definition = try definition(node, what: "event") { document.events.append(definition) }
        }
        for node in try fields.sequence("facts") { if let fact = try fact(node) { document.facts.append(fact) } }
        for node in try fields.sequence("duties") { if let duty = try duty(node) { document.duties.append(duty) } }
        for node in try fields.sequence("purposes") {
            if let purpose = try purpose(node) { document.purposes.append(purpose) }
        }
        // Reserved to the list's length: a grown array's slack was a third of a large graph's memory.
        let contracts = try fields.sequence("contracts")
        document.contracts.reserveCapacity(contracts.count)
        for node in contracts { if let contract = try contract(node) { document.contracts.append(contract) } }
        let flows = try fields.sequence("flows")
        document.flows.reserveCapacity(flows.count)
        for node in flows { if let flow = try flow(node) { document.flows.append(flow) } }
        return document
    }

    private func policy(_ node: Node) throws -> PolicyInfo? {
        guard
            let fields = try Fields(
                node, context, what: "`policy`",
                allowed: ["title", "controller", "document", "url", "valid-from", "language"])
        else { return nil }
        return PolicyInfo(
            title: try fields.string("title")?.value, controller: try fields.id("controller", required: false),
            document: try fields.string("document")?.value, url: try fields.string("url")?.value,
            validFrom: try fields.date("valid-from"), language: try fields.string("language")?.value)
    }

    private func party(_ node: Node) throws -> Party? {
        guard
            let fields = try Fields(
                node, context, what: "a party",
                allowed: [
                    "id", "name", "name-nb", "kind", "country", "eea", "contact", "response-time", "placeholder",
                    "systems", "financial-year-end",
                ]
                    + Fields.provenanceKeys)
        else { return nil }
        let id = try fields.id()
        let name = try fields.string("name", required: true)
        let kind = try fields.choice("kind", kind: "party kind", options: PartyKind.allCases.map(\.rawValue)) {
            PartyKind(rawValue: $0)
        }
        let country = try fields.string("country")
        var contact = Contact()
        if let node = fields.node("contact") {
            if let contactFields = try Fields(
                node, context, what: "`contact`", allowed: ChannelKind.known.map(\.name) + ["none", "internal"])
            {
                for kind in ChannelKind.known {
                    contact.addresses[kind] = try contactFields.string(kind.name)
                }
                contact.noneReason = try contactFields.string("none")?.value
                contact.isInternal = try contactFields.bool("internal")?.value ?? false
            }
        }
        var systems: [SystemInfo] = []
        for systemNode in try fields.sequence("systems") {
            guard
                let systemFields = try Fields(
                    systemNode, context, what: "a system", allowed: ["id", "name", "name-nb"] + Fields.provenanceKeys),
                let systemID = try systemFields.id()
            else { continue }
            var system = SystemInfo(
                id: systemID, name: try systemFields.string("name")?.value ?? systemID.value,
                party: id?.value ?? "",
                provenance: try systemFields.provenance(), location: systemFields.location)
            system.translations = try translations(systemFields)
            systems.append(system)
        }
        let explicitPlaceholder = try fields.bool("placeholder")?.value
        let provenance = try fields.provenance()
        let eea = try fields.bool("eea")
        let responseTime = try fields.period("response-time")
        var financialYearEnd: Located<MonthDay>?
        if let written = try fields.string("financial-year-end") {
            if let monthDay = MonthDay(text: written.value) {
                financialYearEnd = Located(monthDay, at: written.location)
            } else {
                context.error(
                    "invalid-date", "`\(written.value.prefix(20))` is not a day of the year", at: written.location,
                    hint: "write the last day of the financial year as MM-DD in quotes, such as \"06-30\"")
            }
        }
        guard let id, let name else { return nil }
        var party = Party(
            id: id, name: name, kind: kind?.value ?? .company, country: country, eea: eea, contact: contact,
            responseTime: responseTime, placeholder: explicitPlaceholder ?? Self.looksLikePlaceholder(name.value),
            systems: systems, provenance: provenance, location: fields.location)
        party.financialYearEnd = financialYearEnd
        party.translations = try translations(fields)
        return party
    }

    private func fact(_ node: Node) throws -> FactDefinition? {
        guard
            let fields = try Fields(
                node, context, what: "a fact", allowed: ["id", "name", "name-nb", "values"] + Fields.provenanceKeys),
            let id = try fields.id()
        else { return nil }
        let values = try fields.references("values", required: true)
        var fact = FactDefinition(
            id: id, name: try fields.string("name")?.value ?? id.value, values: values,
            provenance: try fields.provenance(),
            location: fields.location)
        fact.translations = try translations(fields)
        return fact
    }

    /// Names such as "XXX", "TBD" or "?" stand for an organisation the policy does not name.
    static func looksLikePlaceholder(_ name: String) -> Bool {
        let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed.isEmpty || trimmed.allSatisfy({ $0 == "x" || $0 == "?" || $0 == "." }) { return true }
        return ["tbd", "tba", "n/a", "unknown", "placeholder", "todo"].contains(trimmed)
    }

    private func category(_ node: Node) throws -> CategoryInfo? {
        guard
            let fields = try Fields(
                node, context, what: "a category",
                allowed: ["id", "name", "name-nb", "special", "fides", "dpv"] + Fields.provenanceKeys),
            let id = try fields.id()
        else { return nil }
        _ = try fields.provenance()
        var category = CategoryInfo(
            id: id.value, name: try fields.string("name")?.value ?? id.value,
            special: try fields.bool("special")?.value ?? false,
            fides: try fields.string("fides")?.value, dpv: try fields.string("dpv")?.value, location: id.location)
        category.translations = try translations(fields)
        return category
    }

    private func definition(_ node: Node, what: String) throws -> Definition? {
        guard
            let fields = try Fields(
                node, context, what: "a \(what)", allowed: ["id", "name", "name-nb"] + Fields.provenanceKeys),
            let id = try fields.id()
        else { return nil }
        var definition = Definition(
            id: id, name: try fields.string("name")?.value ?? id.value, provenance: try fields.provenance(),
            location: fields.location)
        definition.translations = try translations(fields)
        return definition
    }

    /// Names in other languages (`name-nb`), for reports and diagrams in that language.
    private func translations(_ fields: Fields) throws -> [String: String] {
        guard let norwegian = try fields.string("name-nb")?.value else { return [:] }
        return ["nb": norwegian]
    }

    private func duty(_ node: Node) throws -> RetentionDuty? {
        guard
            let fields = try Fields(
                node, context, what: "a retention duty",
                allowed: ["id", "name", "law", "country", "retention", "categories", "keeps"] + Fields.provenanceKeys)
        else { return nil }
        let id = try fields.id()
        let law = try fields.string("law", required: true)
        let retention = try fields.retention("retention")
        if retention == nil, !fields.has("retention") {
            _ = fields.node("retention", required: true)
        }
        let categories = try fields.references("categories", required: true)
        let keeps = try fields.choice(
            "keeps", kind: "what a duty keeps the data for", options: DutyKeeping.allCases.map(\.rawValue)
        ) { DutyKeeping(rawValue: $0) }
        let provenance = try fields.provenance()
        guard let id, let law, let retention else { return nil }
        return RetentionDuty(
            id: id, name: try fields.string("name")?.value ?? law.value, law: law.value,
            country: try fields.string("country"),
            retention: retention, categories: categories, keeps: keeps?.value ?? .restricted, provenance: provenance,
            location: fields.location)
    }

    private func purpose(_ node: Node) throws -> Purpose? {
        guard
            let fields = try Fields(
                node, context, what: "a purpose",
                allowed: [
                    "id", "name", "name-nb", "controller", "legal-basis", "special-condition", "balancing",
                    "categories", "subjects", "retention",
                    "duty", "when", "erasure-exception",
                ]
                    + Fields.provenanceKeys)
        else { return nil }
        let id = try fields.id()
        let controller = try fields.id("controller")
        let basis = try fields.choice(
            "legal-basis", kind: "legal basis", id: "unknown-legal-basis", options: LegalBasis.writtenForms
        ) {
            LegalBasis(written: $0)
        }
        let condition = try fields.choice(
            "special-condition", kind: "Art. 9(2) condition",
            options: SpecialCondition.allCases.map(\.rawValue)
        ) { SpecialCondition(rawValue: $0) }
        let exception = try fields.choice(
            "erasure-exception", kind: "Art. 17(3) exception",
            options: ErasureException.allCases.map(\.rawValue)
        ) { ErasureException(rawValue: $0) }
        var purpose = Purpose(
            id: id ?? Located("", at: fields.location), name: try fields.string("name")?.value ?? id?.value ?? "",
            controller: controller ?? Located("", at: fields.location), legalBasis: basis, specialCondition: condition,
            balancing: try fields.string("balancing")?.value,
            categories: try fields.references("categories", required: true),
            subjects: try fields.references("subjects"), retention: try fields.retention("retention"),
            duty: try fields.id("duty", required: false),
            condition: try self.condition(fields), provenance: try fields.provenance(), location: fields.location)
        purpose.erasureException = exception
        purpose.translations = try translations(fields)
        return id == nil || controller == nil ? nil : purpose
    }

    private func contract(_ node: Node) throws -> Contract? {
        guard
            let fields = try Fields(
                node, context, what: "a contract",
                allowed: ["id", "type", "parties", "signed", "expires"] + Fields.provenanceKeys)
        else { return nil }
        let id = try fields.id()
        let kind = try fields.choice(
            "type", required: true, kind: "contract type", options: ContractKind.allCases.map(\.rawValue)
        ) {
            ContractKind(rawValue: $0)
        }
        let contract = (
            id, kind, try fields.references("parties"), try fields.date("signed"), try fields.date("expires"),
            try fields.provenance()
        )
        guard let id = contract.0, let kind = contract.1 else { return nil }
        return Contract(
            id: id, kind: kind, parties: contract.2, signed: contract.3, expires: contract.4, provenance: contract.5,
            location: fields.location)
    }

    private func flow(_ node: Node) throws -> Flow? {
        guard
            let fields = try Fields(
                node, context, what: "a flow",
                allowed: [
                    "id", "from", "to", "categories", "purpose", "role", "contract", "authorisation", "when", "on",
                    "transfer", "retention",
                ]
                    + Fields.provenanceKeys)
        else { return nil }
        let id = try fields.id(required: false)
        let from = try fields.id("from")
        let to = try fields.id("to")
        let role = try fields.choice(
            "role", required: true, kind: "role", id: "unknown-role", options: Role.allCases.map(\.rawValue)
        ) {
            Role(rawValue: $0)
        }
        var categories: CategorySelection? = nil
        if let categoryNode = fields.node("categories", required: true) {
            if case .scalar(let scalar) = categoryNode, scalar.string == "all" {
                categories = .all(context.location(categoryNode))
            } else {
                categories = .listed(try fields.references("categories"))
            }
        }
        let condition = try self.condition(fields)
        var transfer: Transfer? = nil
        if let transferNode = fields.node("transfer"),
            let transferFields = try Fields(
                transferNode, context, what: "`transfer`", allowed: ["mechanism", "contract"]),
            let mechanism = try transferFields.choice(
                "mechanism", required: true, kind: "transfer mechanism",
                options: TransferMechanism.allCases.map(\.rawValue), parse: { TransferMechanism(rawValue: $0) })
        {
            transfer = Transfer(mechanism: mechanism, contract: try transferFields.id("contract", required: false))
        }
        let rest = (
            try fields.id("purpose", required: false), try fields.id("contract", required: false),
            try fields.id("authorisation", required: false), try fields.retention("retention"), try fields.provenance()
        )
        let transferEvent = try fields.id("on", required: false)
        guard let from, let to, let role, let categories else { return nil }
        var flow = Flow(
            id: id ?? Located("\(from.value)->\(to.value)", at: fields.location), from: from, to: to,
            categories: categories,
            purpose: rest.0, role: role, contract: rest.1, authorisation: rest.2, condition: condition,
            transfer: transfer,
            retention: rest.3, provenance: rest.4, location: fields.location, idWasWritten: id != nil)
        flow.transferEvent = transferEvent
        return flow
    }

    private func condition(_ fields: Fields) throws -> Located<Condition> {
        guard let node = fields.node("when") else { return Located(.always, at: fields.location) }
        return try condition(node, nested: false)
    }

    /// One condition: an event id, a mapping with one key, or (at the top) a list of conditions
    /// that must all hold (`[invoice-overdue, {fact: collection-agency, is: axactor}]`).
    private func condition(_ node: Node, nested: Bool) throws -> Located<Condition> {
        let location = context.location(node)
        if case .scalar = node {
            guard let value = try Fields.scalar(node, context, what: "`when`") else {
                return Located(.always, at: location)
            }
            if value.value == "always" { return Located(.always, at: location) }
            guard Fields.checkID(value, context, what: "`when`") else { return Located(.always, at: location) }
            return Located(.event(value), at: location)
        }
        if case .sequence(let sequence) = node {
            guard !nested else {
                context.error(
                    "invalid-value", "a list inside a `when` list is not allowed", at: location,
                    hint: "write every condition that must hold in one list")
                return Located(.always, at: location)
            }
            var parts: [Condition] = []
            for item in sequence {
                try context.visit()
                let part = try condition(item, nested: true).value
                if part != .always { parts.append(part) }
            }
            return Located(parts.isEmpty ? .always : parts.count == 1 ? parts[0] : .all(parts), at: location)
        }
        guard
            let whenFields = try Fields(
                node, context, what: "`when`", allowed: ["event", "unless", "consent", "fact", "is"])
        else {
            return Located(.always, at: location)
        }
        let written = ["event", "unless", "consent", "fact"].filter { whenFields.has($0) }
        guard written.count == 1, whenFields.has("is") == (written.first == "fact") else {
            context.error(
                "invalid-value", "`when` takes exactly one of `event`, `unless`, `consent` or `fact` (with `is`)",
                at: location,
                hint:
                    "write `when: {event: invoice-overdue}`, `when: {unless: sharing-refused}`, `when: {consent: PURPOSE}`, `when: {fact: payment-method, is: card}`, or a list of these that must all hold"
            )
            return Located(.always, at: location)
        }
        guard let reference = try whenFields.id(written[0]) else { return Located(.always, at: location) }
        switch written[0] {
        case "event": return Located(.event(reference), at: location)
        case "unless": return Located(.unless(reference), at: location)
        case "fact":
            guard let value = try whenFields.id("is") else { return Located(.always, at: location) }
            return Located(.fact(reference, is: value), at: location)
        default: return Located(.consent(reference), at: location)
        }
    }
}
