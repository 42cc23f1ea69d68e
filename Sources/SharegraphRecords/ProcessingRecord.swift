// The record of processing activities (Art. 30) generated from the graph: for a controller, one
// row per purpose with the columns of the ICO's template in its order (Art. 30(1)), and for a
// processor, one row per controller it acts for (Art. 30(2)). Every cell the graph cannot fill says
// so in words; none is left blank. The recipients, countries and safeguards come from the same trace
// that answers "who has this person's data", run for anyone the controller deals with.

import Foundation
public import SharegraphCore
import SharegraphRender

/// One cell: its text, and whether the graph states it or the cell says it does not.
public struct RecordCell: Sendable, Hashable {
    /// The text shown.
    public var text: String
    /// False when the graph has nothing for it and the text says so.
    public var stated: Bool

    /// A cell.
    public init(text: String, stated: Bool) {
        self.text = text
        self.stated = stated
    }

    /// A stated value.
    public static func stated(_ text: String) -> RecordCell { RecordCell(text: text, stated: true) }
}

/// A column of the Art. 30(1) record, in the ICO template's order, then Sharegraph's own.
public enum ControllerColumn: String, Sendable, CaseIterable {
    case businessFunction, purpose, jointController, subjects, dataCategories, recipients, processorContracts
    case thirdCountries, safeguards, retention, securityMeasures, lawfulBasis, specialCondition
    case legitimateInterests, rights, automatedDecisions, source, policySentence, assumptions, findings
}

/// A column of the Art. 30(2) record.
public enum ProcessorColumn: String, Sendable, CaseIterable {
    case controller, processing, dataCategories, subProcessors, contracts, thirdCountries, safeguards, securityMeasures
    case findings
}

/// The record of processing of one organisation.
public struct ProcessingRecord: Sendable {
    /// Which article the record answers.
    public enum Kind: Sendable { case controller, processor }

    /// Art. 30(1) or 30(2).
    public let kind: Kind
    /// The organisation's id.
    public let party: String
    /// Its name.
    public let name: String
    /// The rows: one per purpose (controller) or per controller served (processor), cells by column name.
    public let rows: [[String: RecordCell]]
    /// Who keeps the record (Art. 30(1)(a), 30(2)(a)): name and contact details, the data
    /// protection officer and the representative, each a cell that says so when the graph cannot
    /// fill it. In order, by field name.
    public var identification: [(field: String, cell: RecordCell)] = []
    /// The columns, in order.
    public var columns: [String] {
        kind == .controller ? ControllerColumn.allCases.map(\.rawValue) : ProcessorColumn.allCases.map(\.rawValue)
    }

    /// A record built from rows.
    init(kind: Kind, party: String, name: String, rows: [[String: RecordCell]]) {
        self.kind = kind
        self.party = party
        self.name = name
        self.rows = rows
    }
}

/// What the record is built from: the compiled graph, the trace of anyone, and the lint's findings.
public struct RecordBuilder: Sendable {
    let index: TraceIndex
    let holdings: [Holding]
    let findings: [Diagnostic]
    let words: RecordWords
    /// Each purpose's flows, by position in the graph's list: a row reads its purpose's flows, not
    /// every flow of the graph (which made a 10,000-party record take minutes).
    let flowsByPurpose: [String: [Int]]
    /// Each flow's place (`file:line`), by id.
    let flowPlace: [String: String]
    /// Positions in `findings` by file and by place (`file:line`).
    let findingsByFile: [String: [Int]]
    let findingsAt: [String: [Int]]
    /// Positions in `holdings` by purpose, by party and by controller, for the same reason.
    let holdingsByPurpose: [String: [Int]]
    let holdingsByParty: [String: [Int]]
    let subProcessorHoldingsByController: [String: [Int]]  // keyed "controller\0sender"

    /// Traces anyone through the graph once; `findings` are the loader's and the lint's. With
    /// `controllers`, anyone deals with those controllers only: their records, and the rows of
    /// processors serving them, are whole only if every controller whose data reaches them is among
    /// them (as it is for a set closed under "sends data to").
    public init(
        index: TraceIndex, findings: [Diagnostic], language: RecordLanguage, controllers: Set<String>? = nil
    ) {
        self.index = index
        self.findings = findings
        words = RecordWords(language: language)
        var anyone = Subject.anyone(in: index.graph)
        if let controllers { anyone.relationships.removeAll { !controllers.contains($0.controller.value) } }
        holdings = index.trace(anyone, asOf: .unixEpoch).holdings
        var byPurpose: [String: [Int]] = [:]
        var places: [String: String] = [:]
        for (position, flow) in index.graph.flows.enumerated() {
            if let purpose = flow.purpose?.value { byPurpose[purpose, default: []].append(position) }
            places[flow.id.value] = "\(flow.location.file):\(flow.location.line)"
        }
        flowsByPurpose = byPurpose
        flowPlace = places
        var byFile: [String: [Int]] = [:]
        var byPlace: [String: [Int]] = [:]
        for (position, finding) in findings.enumerated() {
            byFile[finding.location.file, default: []].append(position)
            byPlace["\(finding.location.file):\(finding.location.line)", default: []].append(position)
        }
        findingsByFile = byFile
        findingsAt = byPlace
        var byHoldingPurpose: [String: [Int]] = [:]
        var byParty: [String: [Int]] = [:]
        var byController: [String: [Int]] = [:]
        for (position, holding) in holdings.enumerated() {
            byHoldingPurpose[holding.purpose, default: []].append(position)
            byParty[holding.party, default: []].append(position)
            // A sub-processor holding, under each party its data passed through: a processor's
            // row lists the sub-processors downstream of it.
            if holding.role == .subProcessor {
                var senders = Set<String>()
                for route in holding.routes { for step in route.steps { senders.insert(step.from) } }
                for sender in senders {
                    byController["\(holding.controller)\u{0}\(sender)", default: []].append(position)
                }
            }
        }
        holdingsByPurpose = byHoldingPurpose
        holdingsByParty = byParty
        subProcessorHoldingsByController = byController
    }

    /// The flows that name the purpose, in graph order.
    func flows(for purpose: Purpose) -> [Flow] { (flowsByPurpose[purpose.id.value] ?? []).map { graph.flows[$0] } }

    var graph: Graph { index.graph }

    /// The parties that control a purpose, in graph order.
    public var controllers: [String] {
        var seen = Set<String>()
        return graph.purposes.map(\.controller.value).filter { seen.insert($0).inserted }
    }

    /// The parties that process for a controller (a processor or sub-processor on some flow).
    public var processors: [String] {
        var seen = Set<String>()
        return holdings.filter { $0.role?.actsOnInstructions == true }.map(\.party).filter { seen.insert($0).inserted }
    }

    // MARK: Art. 30(1)

    /// The controller's record: one row per purpose it controls.
    public func controllerRecord(_ controller: String) -> ProcessingRecord {
        let party = graph.party(controller)
        let rows = graph.purposes(controlledBy: controller).map { purpose in row(for: purpose) }
        var record = ProcessingRecord(
            kind: .controller, party: controller, name: party?.name.value ?? controller, rows: rows)
        record.identification = identification(of: controller)
        return record
    }

    /// Art. 30(1)(a) and 30(2)(a): the organisation's name and contact details, its data protection
    /// officer and, outside the EEA, its representative (Art. 27). What the graph holds is stated;
    /// the rest says so.
    func identification(of id: String) -> [(field: String, cell: RecordCell)] {
        let party = graph.party(id)
        var contact: [String] = []
        if let email = party?.contact.email?.value { contact.append(email) }
        for (kind, address) in (party?.contact.addresses ?? [:]).sorted(by: { $0.key.name < $1.key.name })
        where kind != .email {
            contact.append("\(kind.name) \(address.value)")
        }
        let country = party?.country?.value
        let representative: RecordCell =
            switch party?.isInEEA {
            case true?: .stated(words.representativeNotNeeded)
            case false?: words.notStated
            case nil: RecordCell(text: words.countryUnknown, stated: false)
            }
        return [
            ("name", .stated("\(party?.name.value ?? id) (\(id))\(country.map { ", \($0)" } ?? "")")),
            ("contact", contact.isEmpty ? words.notStated : .stated(contact.joined(separator: "; "))),
            ("dpo", words.notStated),
            ("representative", representative),
        ]
    }

    func row(for purpose: Purpose) -> [String: RecordCell] {
        let id = purpose.id.value
        let recipients = (holdingsByPurpose[id] ?? []).map { holdings[$0] }.filter {
            $0.party != purpose.controller.value
        }
        var row: [String: RecordCell] = [:]
        func set(_ column: ControllerColumn, _ cell: RecordCell) { row[column.rawValue] = cell }
        set(.businessFunction, businessFunction(purpose))
        set(.purpose, .stated("\(words.name(of: purpose)) (\(id))"))
        let joint = names(recipients.filter { $0.role == .jointController }.map(\.party))
        set(.jointController, joint.isEmpty ? .stated(words.noneNamed) : .stated(joint.joined(separator: "; ")))
        set(
            .subjects,
            purpose.subjects.isEmpty
                ? words.notStated
                : .stated(
                    purpose.subjects.map { words.shared.subjectType($0.value, graph: graph) }.joined(separator: "; ")))
        set(.dataCategories, dataCategories(purpose.categories.map(\.value)))
        set(.recipients, recipientCategories(recipients))
        set(.processorContracts, processorContracts(recipients))
        let (countries, safeguards) = transfers(recipients)
        set(.thirdCountries, countries)
        set(.safeguards, safeguards)
        set(.retention, retention(purpose))
        set(.securityMeasures, words.notStated)
        set(
            .lawfulBasis,
            purpose.legalBasis.map { .stated("\(words.basis($0.value)) (\(words.article($0.value.article)))") }
                ?? words.notStated)
        set(.specialCondition, specialCondition(purpose))
        set(.legitimateInterests, legitimateInterests(purpose))
        set(
            .rights,
            purpose.legalBasis.map { basis in
                .stated(
                    DataSubjectRights.available(under: basis.value).map {
                        "\(words.right($0)) (\(words.article($0.article)))"
                    }
                    .joined(separator: "; "))
            } ?? RecordCell(text: words.rightsUnknown, stated: false))
        set(.automatedDecisions, words.notStated)
        set(.source, source(purpose))
        set(.policySentence, purpose.provenance.source.map { .stated($0.text) } ?? words.notQuoted)
        set(.assumptions, assumptions(purpose, recipients: recipients))
        set(.findings, findingsCell(purpose))
        return row
    }

    func names(_ parties: [String]) -> [String] {
        var seen = Set<String>()
        return parties.filter { seen.insert($0).inserted }.map { graph.party($0)?.name.value ?? $0 }
    }

    /// The controller's systems the purpose's flows use: the nearest the graph has to a business function.
    func businessFunction(_ purpose: Purpose) -> RecordCell {
        let controller = purpose.controller.value
        var systems: [String] = []
        for flow in flows(for: purpose) {
            for end in [flow.from.value, flow.to.value] {
                if let system = graph.system(end), system.party == controller, !systems.contains(system.name) {
                    systems.append(system.name)
                }
            }
        }
        return systems.isEmpty ? words.notStated : .stated(systems.joined(separator: "; "))
    }

    func dataCategories(_ categories: [String]) -> RecordCell {
        guard !categories.isEmpty else { return words.notStated }
        return .stated(
            categories.map { id in
                let name = words.category(id, graph: graph)
                return graph.taxonomy.isSpecial(id) ? "\(name) (\(words.special))" : name
            }.joined(separator: "; "))
    }

    /// Recipients by role (Art. 30(1)(d)): processors, joint and independent controllers, authorities.
    func recipientCategories(_ recipients: [Holding]) -> RecordCell {
        let order: [Role] = [.processor, .subProcessor, .jointController, .independentController, .authority]
        var parts: [String] = []
        for role in order {
            let parties = names(recipients.filter { $0.role == role }.map(\.party))
            if !parties.isEmpty { parts.append("\(words.role(role)): \(parties.joined(separator: ", "))") }
        }
        return parts.isEmpty ? .stated(words.noRecipients) : .stated(parts.joined(separator: "; "))
    }

    /// The Art. 28(3) contracts on the routes to processors and sub-processors.
    func processorContracts(_ recipients: [Holding]) -> RecordCell {
        let instructed = recipients.filter { $0.role?.actsOnInstructions == true }
        guard !instructed.isEmpty else { return .stated(words.noProcessors) }
        var parts: [String] = []
        for holding in instructed {
            let name = graph.party(holding.party)?.name.value ?? holding.party
            let contracts = Set(holding.routes.compactMap(\.contract)).sorted()
            let part =
                contracts.isEmpty ? "\(name): \(words.noContract)" : "\(name): \(contracts.joined(separator: ", "))"
            if !parts.contains(part) { parts.append(part) }
        }
        return RecordCell(
            text: parts.joined(separator: "; "), stated: !parts.contains { $0.hasSuffix(words.noContract) })
    }

    /// Countries outside the EEA the data goes to (Art. 30(1)(e)), and the safeguard of each transfer.
    func transfers(_ recipients: [Holding]) -> (countries: RecordCell, safeguards: RecordCell) {
        var countries: [String] = []
        var safeguards: [String] = []
        var unknown: [String] = []
        for holding in recipients {
            guard let party = graph.party(holding.party) else { continue }
            switch party.isInEEA {
            case false?:
                let country = party.country?.value ?? "?"
                let entry = "\(party.name.value) (\(country))"
                if !countries.contains(entry) { countries.append(entry) }
                let mechanisms = Set(
                    holding.routes.compactMap { route in
                        route.transfer.map { "\($0.rawValue)" + (route.transferContract.map { " (\($0))" } ?? "") }
                    }
                ).sorted()
                let safeguard =
                    "\(party.name.value): "
                    + (mechanisms.isEmpty
                        ? (Countries.adequate.contains(country) ? words.adequacy : words.noSafeguard)
                        : mechanisms.joined(separator: ", "))
                if !safeguards.contains(safeguard) { safeguards.append(safeguard) }
            case nil:
                if !unknown.contains(party.name.value) { unknown.append(party.name.value) }
            case true?: break
            }
        }
        let countryText =
            (countries.isEmpty ? [words.allInEEA] : countries)
            + (unknown.isEmpty ? [] : ["\(words.countryUnknown): \(unknown.joined(separator: ", "))"])
        return (
            RecordCell(text: countryText.joined(separator: "; "), stated: unknown.isEmpty),
            safeguards.isEmpty
                ? .stated(words.noTransfer)
                : RecordCell(
                    text: safeguards.joined(separator: "; "),
                    stated: !safeguards.contains { $0.hasSuffix(words.noSafeguard) })
        )
    }

    func retention(_ purpose: Purpose) -> RecordCell {
        let duty = purpose.duty.flatMap { graph.duty($0.value) }
        var parts: [String] = []
        if let rule = purpose.retention?.value { parts.append(words.shared.retention(rule.description, graph: graph)) }
        if let duty {
            parts.append(
                "\(words.legalDuty): \(duty.law) (\(words.shared.retention(duty.retention.value.description, graph: graph)))"
            )
        }
        return parts.isEmpty ? words.notStated : .stated(parts.joined(separator: "; "))
    }

    /// Art. 9(2): the condition, when special categories are processed.
    func specialCondition(_ purpose: Purpose) -> RecordCell {
        let special = purpose.categories.map(\.value).filter { graph.taxonomy.isSpecial($0) }
        guard !special.isEmpty else { return .stated(words.noSpecial) }
        guard let condition = purpose.specialCondition?.value else {
            return RecordCell(text: words.specialMissing, stated: false)
        }
        return .stated(words.shared.specialCondition(condition))
    }

    /// Art. 6(1)(f): the interest and whether its balancing test is recorded.
    func legitimateInterests(_ purpose: Purpose) -> RecordCell {
        guard purpose.legalBasis?.value == .legitimateInterests else { return .stated(words.notReliedOn) }
        guard let balancing = purpose.balancing else { return RecordCell(text: words.noBalancing, stated: false) }
        return .stated("\(words.balancingRecorded): \(balancing)")
    }

    /// Where the data comes from: the person, or the parties whose flows bring it in.
    func source(_ purpose: Purpose) -> RecordCell {
        let controller = purpose.controller.value
        var sources: [String] = []
        for flow in graph.flows(to: controller) {
            guard graph.owningParty(of: flow.to.value) == controller,
                let from = graph.owningParty(of: flow.from.value), from != controller,
                flow.purpose == nil || flow.purpose?.value == purpose.id.value,
                carries(flow.categories, any: purpose.categories.map(\.value))
            else { continue }
            let name =
                graph.party(from)?.kind == .dataSubject ? words.thePerson : (graph.party(from)?.name.value ?? from)
            if !sources.contains(name) { sources.append(name) }
        }
        return sources.isEmpty
            ? RecordCell(text: words.collectedDirectly, stated: false) : .stated(sources.joined(separator: "; "))
    }

    func carries(_ selection: CategorySelection, any categories: [String]) -> Bool {
        switch selection {
        case .all: true
        case .listed(let listed):
            listed.contains { category in categories.contains { Taxonomy.overlap($0, category.value) } }
        }
    }

    func assumptions(_ purpose: Purpose, recipients: [Holding]) -> RecordCell {
        var notes: [String] = []
        func trimmed(_ text: String?) -> String? {
            text.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        if purpose.provenance.assumed { notes.append(trimmed(purpose.provenance.note) ?? words.assumedPurpose) }
        for flow in flows(for: purpose) where flow.provenance.assumed {
            notes.append("\(flow.id.value): \(trimmed(flow.provenance.note) ?? words.assumedFlow)")
        }
        return notes.isEmpty ? .stated(words.noAssumptions) : .stated(notes.joined(separator: "; "))
    }

    /// The lint's findings on the purpose and on its flows.
    func findingsCell(_ purpose: Purpose) -> RecordCell {
        let flowPlaces = Set(flows(for: purpose).map { "\($0.location.file):\($0.location.line)" })
        let span = purpose.location
        // The findings of the purpose's own file and of its flows' places, in the findings' order.
        var candidates = Set(findingsByFile[span.file] ?? [])
        for place in flowPlaces { candidates.formUnion(findingsAt[place] ?? []) }
        let found = candidates.sorted().map { findings[$0] }.filter { diagnostic in
            let place = diagnostic.location
            return
                (place.file == span.file && place.line >= span.line && place.line < span.line + 12
                && diagnostic.message.contains(purpose.id.value))
                || flowPlaces.contains("\(place.file):\(place.line)")
        }
        return found.isEmpty
            ? .stated(words.noFindings)
            : .stated(found.map { "\($0.id) (\($0.article ?? "")): \($0.message)" }.joined(separator: "; "))
    }

    // MARK: Art. 30(2)

    /// The processor's record: one row per controller it processes for.
    public func processorRecord(_ processor: String) -> ProcessingRecord {
        var record = ProcessingRecord(
            kind: .processor, party: processor, name: graph.party(processor)?.name.value ?? processor,
            rows: processorRows(processor).map(\.row))
        record.identification = identification(of: processor)
        return record
    }

    /// The controller's record as rows keyed by purpose id, for comparing two versions of it.
    public func controllerRows(_ controller: String) -> [(key: String, row: [String: RecordCell])] {
        graph.purposes(controlledBy: controller).map { ($0.id.value, row(for: $0)) }
    }

    /// Column names in the record's order: Art. 30(1) columns when `controller`, else Art. 30(2).
    public static func columnOrder(_ columns: [String], controller: Bool) -> [String] {
        let order = controller ? ControllerColumn.allCases.map(\.rawValue) : ProcessorColumn.allCases.map(\.rawValue)
        return order.filter(columns.contains)
    }

    /// The processor's record as rows keyed by the id of the controller served; with `controllers`,
    /// only the rows of those controllers.
    public func processorRows(
        _ processor: String, controllers only: Set<String>? = nil
    ) -> [(key: String, row: [String: RecordCell])] {
        var controllers: [String] = []
        var servedBy: [String: [Holding]] = [:]
        for position in holdingsByParty[processor] ?? [] {
            let controller = holdings[position].controller
            guard holdings[position].role?.actsOnInstructions == true, only?.contains(controller) != false else {
                continue
            }
            if servedBy[controller] == nil { controllers.append(controller) }
            servedBy[controller, default: []].append(holdings[position])
        }
        return controllers.map { controller -> (key: String, row: [String: RecordCell]) in
            let served = servedBy[controller] ?? []
            let downstream = (subProcessorHoldingsByController["\(controller)\u{0}\(processor)"] ?? []).map {
                holdings[$0]
            }
            var row: [String: RecordCell] = [:]
            func set(_ column: ProcessorColumn, _ cell: RecordCell) { row[column.rawValue] = cell }
            set(.controller, .stated("\(graph.party(controller)?.name.value ?? controller) (\(controller))"))
            set(
                .processing,
                .stated(
                    served.map { graph.purpose($0.purpose).map(words.name(of:)) ?? $0.purpose }.reduce(into: [String]())
                    { if !$0.contains($1) { $0.append($1) } }.joined(separator: "; ")))
            set(.dataCategories, dataCategories(Array(Set(served.flatMap(\.categories))).sorted()))
            let subs = names(downstream.map(\.party))
            set(.subProcessors, subs.isEmpty ? .stated(words.noneNamed) : .stated(subs.joined(separator: "; ")))
            set(.contracts, processorContracts(served))
            let (countries, safeguards) = transfers(downstream)
            set(.thirdCountries, countries)
            set(.safeguards, safeguards)
            set(.securityMeasures, words.notStated)
            let places = Set(served.flatMap { $0.routes.flatMap { $0.steps.compactMap { flowPlace[$0.flow] } } })
            let found = places.flatMap { findingsAt[$0] ?? [] }.sorted().map { findings[$0] }
            set(
                .findings,
                found.isEmpty
                    ? .stated(words.noFindings)
                    : .stated(found.map { "\($0.id): \($0.message)" }.joined(separator: "; ")))
            return (controller, row)
        }
    }
}
