// What a change does: for the people each controller deals with, who gains or loses their data and
// which categories, whose retention moves, which transfers start, which findings appear, which rows
// of the Art. 30 record change, and the duties that follow. Worked out with the same trace, lint
// and record code as every other answer, run on both sides.

public import SharegraphCore
import SharegraphRecords
import SharegraphSupport

/// A party that gains or loses a person's data, or some categories of it.
public struct RecipientChange: Sendable, Hashable {
    /// The party.
    public var party: String
    /// Its roles for the data on the side where it holds it.
    public var roles: [Role]
    /// The categories gained or lost.
    public var categories: [String]
    /// Whether it holds the data for everyone of the type, or only for some (a condition).
    public var certainty: Certainty
}

/// How the reach of one kind of person's data changes: a controller's subject type.
public struct ReachChange: Sendable, Hashable {
    /// The controller the person deals with.
    public var controller: String
    /// The subject type at that controller; nil for a controller whose purposes name none.
    public var subjectType: String?
    /// Parties that newly hold the person's data.
    public var gained: [RecipientChange]
    /// Parties that no longer hold it.
    public var lost: [RecipientChange]
    /// Parties that hold it on both sides and gain categories.
    public var moreCategories: [RecipientChange]
    /// Parties that hold it on both sides and lose categories.
    public var fewerCategories: [RecipientChange]

    /// Whether anything changes.
    public var isEmpty: Bool { gained.isEmpty && lost.isEmpty && moreCategories.isEmpty && fewerCategories.isEmpty }
}

/// A holding whose retention rule changed.
public struct RetentionMove: Sendable, Hashable {
    /// Which way the last day moves.
    public enum Direction: String, Sendable, Hashable, Codable {
        /// Earlier for every person.
        case earlier
        /// Later for every person.
        case later
        /// Earlier for some and later for others, or it depends on dates the graph does not know.
        case dependsOnDates = "depends-on-dates"
        /// The old side stated no period; the new one does.
        case nowStated = "now-stated"
        /// The new side states no period.
        case noLongerStated = "no-longer-stated"
    }

    /// The holding party.
    public var party: String
    /// The purpose it holds for.
    public var purpose: String
    /// Its role for the data.
    public var role: Role?
    /// The controller of the purpose.
    public var controller: String
    /// The old rule in words, if any.
    public var old: String?
    /// The new rule in words, if any.
    public var new: String?
    /// Which way the date moves.
    public var direction: Direction
}

/// A flow that takes data out of the EEA on the new side and did not on the old.
public struct NewTransfer: Sendable, Hashable {
    /// The flow's key.
    public var flow: String
    /// The sending party.
    public var from: String
    /// The receiving party.
    public var to: String
    /// The recipient's country, if known.
    public var country: String?
    /// What Chapter V says of it.
    public var assessment: TransferAssessment
    /// The controllers whose people's data takes it, in graph order.
    public var controllers: [String]
    /// Where the flow is written.
    public var location: SourceLocation?
}

/// A row of a record of processing (Art. 30) that is added, removed or changed.
public struct RecordRowChange: Sendable, Hashable {
    /// Art. 30(1) or 30(2).
    public var article: String
    /// The organisation whose record it is.
    public var party: String
    /// The row: the purpose (Art. 30(1)) or the controller served (Art. 30(2)).
    public var row: String
    /// Added, removed or changed.
    public var kind: ElementChange.Kind
    /// The columns that differ.
    public var columns: [String]
}

/// Everything a change does.
public struct ChangeImpact: Sendable {
    /// The element changes.
    public var changes: [ElementChange]
    /// For each affected controller and subject type: recipients and categories gained or lost.
    public var reach: [ReachChange]
    /// Holdings whose retention rule moved.
    public var retention: [RetentionMove]
    /// Transfers outside the EEA that start with the change.
    public var transfers: [NewTransfer]
    /// Findings on the new side that the old side did not have.
    public var newFindings: [Diagnostic]
    /// Findings of the old side that the new side no longer has.
    public var resolvedFindings: [Diagnostic]
    /// Rows of the records of processing that change.
    public var records: [RecordRowChange]
    /// The duties the change triggers.
    public var duties: [ChangeDuty]
    /// How many controllers were traced again (the rest cannot be reached by the change).
    public var tracedControllers: Int

    /// Whether the two sides are the same model.
    public var isEmpty: Bool { changes.isEmpty }
}

/// Works out a change's impact from the two compiled graphs and their findings.
public struct ChangeAnalysis: Sendable {
    /// The old side.
    public let old: TraceIndex
    /// The new side.
    public let new: TraceIndex
    /// The old side's loader and lint findings.
    public let oldFindings: [Diagnostic]
    /// The new side's loader and lint findings.
    public let newFindings: [Diagnostic]
    /// Trace every controller, not only those the change can reach (to check the fast path).
    public var traceEveryController = false

    /// Creates an analysis; the findings are those `check` prints for each side.
    public init(old: TraceIndex, new: TraceIndex, oldFindings: [Diagnostic], newFindings: [Diagnostic]) {
        self.old = old
        self.new = new
        self.oldFindings = oldFindings
        self.newFindings = newFindings
    }

    /// The changes and their impact.
    public func impact() -> ChangeImpact {
        // Each side's facts are worked out once: the model diff compares them, and the flow keys in
        // them serve the affected-controllers walk and the transfers.
        let facts = (old: ModelDiff.facts(of: old.graph), new: ModelDiff.facts(of: new.graph))
        let changes = ModelDiff.changes(from: facts.old, to: facts.new)
        guard !changes.isEmpty else {
            return ChangeImpact(
                changes: [], reach: [], retention: [], transfers: [], newFindings: [], resolvedFindings: [],
                records: [], duties: [], tracedControllers: 0)
        }
        let flowKeys = (old: ModelDiff.flowKeys(in: facts.old), new: ModelDiff.flowKeys(in: facts.new))
        let affected =
            traceEveryController
            ? nil
            : AffectedControllers.find(
                changes: changes, old: old.graph, new: new.graph, flowKeys: flowKeys)
        let pairs = subjectPairs().filter { affected?.contains($0.controller) ?? true }
        let traced = Parallel.map(pairs.count) { position in
            let pair = pairs[position]
            return (
                old: pair.trace(in: old), new: pair.trace(in: new)
            )
        }
        var reach: [ReachChange] = []
        var moves: [String: RetentionMove] = [:]
        var holders: [String: Set<String>] = [:]
        for (pair, sides) in zip(pairs, traced) {
            let change = Self.reachChange(pair, old: sides.old, new: sides.new)
            if !change.isEmpty { reach.append(change) }
            for move in Self.retentionMoves(old: sides.old, new: sides.new, graph: new.graph) {
                moves["\(move.party)\u{0}\(move.purpose)\u{0}\(move.role?.rawValue ?? "")"] = move
            }
            for holding in sides.new.holdings { holders[holding.party, default: []].insert(pair.controller) }
        }
        let transfers = newTransfers(holders: holders, flowKeys: flowKeys)
        let (appeared, resolved) = Self.findingChanges(old: oldFindings, new: newFindings)
        // A record can change only for a party the change reaches or a party its people's data reaches.
        let recordParties = affected.map { $0.union(traced.flatMap { $0.old.parties + $0.new.parties }) }
        // A processor's row is per controller served, and only a traced controller's can change.
        let records = recordChanges(
            limitedTo: recordParties, controllers: affected.map { _ in Set(pairs.map(\.controller)) })
        var impact = ChangeImpact(
            changes: changes, reach: reach,
            retention: moves.values.sorted {
                ($0.controller, $0.purpose, $0.party) < ($1.controller, $1.purpose, $1.party)
            },
            transfers: transfers, newFindings: appeared, resolvedFindings: resolved, records: records, duties: [],
            tracedControllers: Set(pairs.map(\.controller)).count)
        impact.duties = duties(impact, traced: zip(pairs, traced.map(\.new)).map { ($0, $1) })
        return impact
    }

    // MARK: people

    /// One kind of person: a controller and one of its subject types.
    struct SubjectPair: Sendable {
        var controller: String
        var subjectType: String?
        var location: SourceLocation

        func trace(in index: TraceIndex) -> Trace {
            let relationship = Relationship(
                controller: Located(controller, at: location),
                subjectTypes: subjectType.map { [Located($0, at: location)] } ?? [], location: location)
            let subject = Subject(
                reference: Located("anyone", at: location), relationships: [relationship], file: "")
            return index.trace(subject, asOf: .unixEpoch)
        }
    }

    /// Every controller on either side with each subject type its purposes name (or none).
    func subjectPairs() -> [SubjectPair] {
        var pairs: [SubjectPair] = []
        var seen = Set<String>()
        for graph in [new.graph, old.graph] {
            for purpose in graph.purposes where seen.insert(purpose.controller.value).inserted {
                let controller = purpose.controller.value
                var types: [String] = []
                for side in [new.graph, old.graph] {
                    for other in side.purposes(controlledBy: controller) {
                        types += other.subjects.map(\.value)
                    }
                }
                let unique = Array(Set(types)).sorted()
                let location = SourceLocation(file: "", line: 0, column: 0)
                if unique.isEmpty {
                    pairs.append(SubjectPair(controller: controller, subjectType: nil, location: location))
                } else {
                    pairs += unique.map { SubjectPair(controller: controller, subjectType: $0, location: location) }
                }
            }
        }
        return pairs
    }

    struct Held {
        var categories = Set<String>()
        var roles: [Role] = []
        var certain = false
    }

    static func held(_ trace: Trace) -> [String: Held] {
        var held: [String: Held] = [:]
        for holding in trace.holdings {
            var entry = held[holding.party] ?? Held()
            entry.categories.formUnion(holding.categories)
            if let role = holding.role, !entry.roles.contains(role) { entry.roles.append(role) }
            if holding.certainty == .held { entry.certain = true }
            held[holding.party] = entry
        }
        return held
    }

    static func reachChange(_ pair: SubjectPair, old: Trace, new: Trace) -> ReachChange {
        let before = held(old)
        let after = held(new)
        var change = ReachChange(
            controller: pair.controller, subjectType: pair.subjectType, gained: [], lost: [], moreCategories: [],
            fewerCategories: [])
        func entry(_ party: String, _ held: Held, _ categories: Set<String>) -> RecipientChange {
            RecipientChange(
                party: party, roles: held.roles, categories: categories.sorted(),
                certainty: held.certain ? .held : .possible)
        }
        for (party, now) in after.sorted(by: { $0.key < $1.key }) {
            guard let then = before[party] else {
                change.gained.append(entry(party, now, now.categories))
                continue
            }
            let more = now.categories.subtracting(then.categories)
            let fewer = then.categories.subtracting(now.categories)
            if !more.isEmpty { change.moreCategories.append(entry(party, now, more)) }
            if !fewer.isEmpty { change.fewerCategories.append(entry(party, then, fewer)) }
        }
        for (party, then) in before.sorted(by: { $0.key < $1.key }) where after[party] == nil {
            change.lost.append(entry(party, then, then.categories))
        }
        return change
    }

    /// The direction a retention rule's last day moves, for every person or only for some.
    static func direction(old: RetentionRule?, new: RetentionRule?) -> RetentionMove.Direction? {
        switch (old, new) {
        case (nil, nil): return nil
        case (nil, .some): return .nowStated
        case (.some, nil): return .noLongerStated
        case (.some(let old), .some(let new)):
            if old == new { return nil }
            if new.isCertainlyShorter(than: old) { return .earlier }
            if old.isCertainlyShorter(than: new) { return .later }
            return .dependsOnDates
        }
    }

    static func retentionMoves(old: Trace, new: Trace, graph: Graph) -> [RetentionMove] {
        var before: [String: Holding] = [:]
        func key(_ holding: Holding) -> String {
            "\(holding.party)\u{0}\(holding.purpose)\u{0}\(holding.role?.rawValue ?? "")"
        }
        for holding in old.holdings { before[key(holding)] = holding }
        var moves: [RetentionMove] = []
        for holding in new.holdings {
            guard let then = before[key(holding)],
                let direction = direction(old: then.retention.rule, new: holding.retention.rule)
            else { continue }
            moves.append(
                RetentionMove(
                    party: holding.party, purpose: holding.purpose, role: holding.role, controller: holding.controller,
                    old: then.retention.rule?.description, new: holding.retention.rule?.description,
                    direction: direction))
        }
        return moves
    }

    // MARK: transfers

    func newTransfers(holders: [String: Set<String>], flowKeys: (old: [String], new: [String])) -> [NewTransfer] {
        func transfers(_ graph: Graph, keys: [String]) -> [(key: String, transfer: NewTransfer)] {
            var out: [(String, NewTransfer)] = []
            for (flow, key) in zip(graph.flows, keys) {
                guard let to = graph.owningParty(of: flow.to.value), let recipient = graph.party(to),
                    let from = graph.owningParty(of: flow.from.value), graph.party(from)?.isInEEA != false
                else { continue }
                let assessment = ThirdCountryTransfer.assess(flow, to: recipient)
                guard assessment.leavesEEA != false else { continue }
                out.append(
                    (
                        "\(key)\u{0}\(to)\u{0}\(recipient.country?.value ?? "")\u{0}\(assessment)",
                        NewTransfer(
                            flow: key, from: from, to: to, country: recipient.country?.value, assessment: assessment,
                            controllers: [], location: flow.id.location)
                    ))
            }
            return out
        }
        let before = Set(transfers(old.graph, keys: flowKeys.old).map(\.key))
        let controllerOrder = Dictionary(
            new.graph.purposes.enumerated().map { ($1.controller.value, $0) }, uniquingKeysWith: min)
        return transfers(new.graph, keys: flowKeys.new).filter { !before.contains($0.key) }.map { entry in
            var transfer = entry.transfer
            transfer.controllers = (holders[transfer.to] ?? []).sorted {
                (controllerOrder[$0] ?? .max, $0) < (controllerOrder[$1] ?? .max, $1)
            }
            return transfer
        }.sorted { ($0.from, $0.flow) < ($1.from, $1.flow) }
    }

    // MARK: findings and records

    /// Findings compared by rule and message: a finding that only moved in its file is the same finding.
    static func findingChanges(old: [Diagnostic], new: [Diagnostic]) -> (appeared: [Diagnostic], resolved: [Diagnostic])
    {
        func key(_ diagnostic: Diagnostic) -> String { "\(diagnostic.id)\u{0}\(diagnostic.message)" }
        let before = Set(old.map(key))
        let after = Set(new.map(key))
        return (new.filter { !before.contains(key($0)) }, old.filter { !after.contains(key($0)) })
    }

    func recordChanges(limitedTo parties: Set<String>?, controllers served: Set<String>?) -> [RecordRowChange] {
        // Only the traced controllers' people: the set is closed under "sends data to" (every
        // controller that reaches a traced one is traced), so their rows come out whole.
        let before = RecordBuilder(index: old, findings: oldFindings, language: .en, controllers: served)
        let after = RecordBuilder(index: new, findings: newFindings, language: .en, controllers: served)
        var changes: [RecordRowChange] = []
        let controllers = Self.union(after.controllers, before.controllers)
        for controller in controllers where served?.contains(controller) ?? parties?.contains(controller) ?? true {
            changes += Self.rowChanges(
                article: "Art. 30(1)", party: controller, old: before.controllerRows(controller),
                new: after.controllerRows(controller))
        }
        let processors = Self.union(after.processors, before.processors)
        for processor in processors where parties?.contains(processor) ?? true {
            changes += Self.rowChanges(
                article: "Art. 30(2)", party: processor, old: before.processorRows(processor, controllers: served),
                new: after.processorRows(processor, controllers: served))
        }
        return changes
    }

    /// The first list, then what the second adds, each once.
    static func union(_ first: [String], _ second: [String]) -> [String] {
        var seen = Set<String>()
        return (first + second).filter { seen.insert($0).inserted }
    }

    static func rowChanges(
        article: String, party: String, old: [(key: String, row: [String: RecordCell])],
        new: [(key: String, row: [String: RecordCell])]
    ) -> [RecordRowChange] {
        let before = Dictionary(old.map { ($0.key, $0.row) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.key, $0.row) }, uniquingKeysWith: { first, _ in first })
        var changes: [RecordRowChange] = []
        for (key, row) in new {
            guard let then = before[key] else {
                changes.append(RecordRowChange(article: article, party: party, row: key, kind: .added, columns: []))
                continue
            }
            let columns = row.keys.filter { row[$0]?.text != then[$0]?.text }
            if !columns.isEmpty {
                changes.append(
                    RecordRowChange(
                        article: article, party: party, row: key, kind: .changed,
                        columns: RecordBuilder.columnOrder(columns, controller: article == "Art. 30(1)").map {
                            RecordWords(language: .en).column($0).title
                        }))
            }
        }
        for (key, _) in old where after[key] == nil {
            changes.append(RecordRowChange(article: article, party: party, row: key, kind: .removed, columns: []))
        }
        return changes
    }

    // MARK: duties

    func duties(_ impact: ChangeImpact, traced: [(SubjectPair, Trace)]) -> [ChangeDuty] {
        var duties: [ChangeDuty] = []
        // Art. 28(2): each processor that gains a sub-processor.
        let graph = new.graph
        for party in graph.parties.map(\.id.value) {
            let added = Self.subProcessors(of: party, in: graph).subtracting(
                Self.subProcessors(of: party, in: old.graph))
            guard !added.isEmpty else { continue }
            let duty = ChangeDuty.subProcessorChange(
                processor: party, added: added.sorted(), controllers: Self.controllers(servedBy: party, in: graph))
            if let duty { duties.append(duty) }
        }
        // Art. 13/14: each controller whose notice no longer tells the truth.
        var reasons: [String: Set<NoticeChangeReason>] = [:]
        for change in impact.reach {
            if !change.gained.isEmpty || !change.lost.isEmpty {
                reasons[change.controller, default: []].insert(.recipients)
            }
        }
        for transfer in impact.transfers {
            for controller in transfer.controllers { reasons[controller, default: []].insert(.transfer) }
        }
        for move in impact.retention { reasons[move.controller, default: []].insert(.retention) }
        var changedPurposes: [String: [String]] = [:]
        for change in impact.changes where change.element == .purpose {
            let purpose = graph.purpose(change.id) ?? old.graph.purpose(change.id)
            guard let controller = purpose?.controller.value else { continue }
            let fields = Set(change.fields.map(\.field))
            if change.kind != .changed
                || !fields.isDisjoint(with: ["name", "legal-basis", "special-condition", "controller"])
            {
                reasons[controller, default: []].insert(.purposeOrBasis)
            }
            if fields.contains("balancing") { reasons[controller, default: []].insert(.legitimateInterests) }
            if fields.contains("retention") { reasons[controller, default: []].insert(.retention) }
            if fields.contains("categories") { reasons[controller, default: []].insert(.categories) }
            if change.kind == .changed, !fields.isDisjoint(with: ["categories", "retention", "condition", "subjects"]) {
                changedPurposes[controller, default: []].append(change.id)
            }
        }
        let order = Dictionary(graph.parties.enumerated().map { ($1.id.value, $0) }, uniquingKeysWith: min)
        for controller in reasons.keys.sorted(by: { (order[$0] ?? .max, $0) < (order[$1] ?? .max, $1) }) {
            if let duty = ChangeDuty.privacyNoticeUpdate(controller: controller, reasons: reasons[controller] ?? []) {
                duties.append(duty)
            }
        }
        // Art. 28(3)(a): processors that serve a purpose whose categories, retention or conditions changed.
        for (controller, purposes) in changedPurposes.sorted(by: { $0.key < $1.key }) {
            let wanted = Set(purposes)
            var serving: [String] = []
            for (pair, trace) in traced where pair.controller == controller {
                for holding in trace.holdings
                where wanted.contains(holding.purpose) && holding.role?.actsOnInstructions == true
                    && !serving.contains(holding.party)
                {
                    serving.append(holding.party)
                }
            }
            if let duty = ChangeDuty.processorInstructions(
                controller: controller, processors: serving, purposes: purposes.sorted())
            {
                duties.append(duty)
            }
        }
        return duties
    }

    /// The parties a party passes data to as a processor's processor.
    static func subProcessors(of party: String, in graph: Graph) -> Set<String> {
        Set(
            graph.flows(from: party).filter { $0.role.value == .subProcessor }.compactMap {
                graph.owningParty(of: $0.to.value)
            })
    }

    /// The controllers a processor acts for: the controllers of the purposes its incoming
    /// instructions serve, or their senders where a flow names no purpose.
    static func controllers(servedBy processor: String, in graph: Graph) -> [String] {
        var controllers: [String] = []
        for flow in graph.flows(to: processor) where flow.role.value.actsOnInstructions {
            let controller =
                flow.purpose.flatMap { graph.purpose($0.value)?.controller.value }
                ?? graph.owningParty(of: flow.from.value)
            if let controller, !controllers.contains(controller) { controllers.append(controller) }
        }
        return controllers
    }
}
