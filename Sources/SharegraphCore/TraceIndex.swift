// The graph compiled to integers and bit sets once, so that each person's trace is a plain
// breadth-first walk whose cost grows with the part of the graph the person's data reaches.

/// Why a graph cannot be traced.
public enum TraceIndexError: Error, CustomStringConvertible, Sendable {
    /// The taxonomy is larger than the category sets can hold.
    case tooManyCategories(Int)

    /// The problem in words.
    public var description: String {
        switch self {
        case .tooManyCategories(let count):
            "the graphs define \(count) data categories; tracing supports at most \(CategorySet.capacity). Merge fine-grained categories under fewer parents."
        }
    }
}

/// A graph prepared for tracing many people.
public struct TraceIndex: Sendable {
    /// What a flow's condition is, with ids replaced by numbers.
    /// Payloads are `Int32` so a compiled flow stays small.
    enum CompiledCondition: Sendable {
        case always
        case event(Int32)
        case unless(Int32)
        case consent(Int32)
        /// A fact and value, as a position in `factValues`.
        case fact(Int32)
        /// Every condition of a list, as a position in `conjunctions`.
        case all(Int32)
    }

    /// One flow, compiled small (24 bytes) so a party's out-flows sit side by side in memory.
    struct CompiledFlow: Sendable {
        /// The recipient party.
        var to: Int32
        /// The flow's number in `graph.flows`.
        var number: Int32
        /// The carried categories, as an index into `categorySets`.
        var categories: Int32
        var role: UInt8
        var condition: CompiledCondition
    }

    /// The graph it was built from.
    public let graph: Graph
    /// The numbered taxonomy.
    public let categories: CategoryIndex

    let partyIDs: [String]
    let partyPosition: [String: Int32]
    let eventPosition: [String: Int]
    let purposePosition: [String: Int32]
    let purposeCategories: [CategorySet]
    let purposeCondition: [CompiledCondition]
    let purposeController: [Int32]
    /// The (fact, value) pairs conditions select on, numbered for `CompiledCondition.fact`.
    let factValues: [(fact: String, value: String)]
    /// The parts of each `all` condition.
    let conjunctions: [[CompiledCondition]]
    /// Each flow's transfer event (`on:`), by flow number; -1 for none. Most flows have none.
    let transferEvents: [Int32: Int32]
    /// Parties that stand for the person (`kind: data-subject`): their flows start at the person.
    let subjectParties: [Int32]
    /// Each controller's purposes, so a trace seeds from them without scanning every purpose.
    let purposesOfController: [Int32: [Int]]
    /// The purpose number under which flows without a purpose are laid out (after all others).
    static let anyPurpose = Int32.max
    /// Out-flows by sender, then purpose (those without one last), then graph order, so a party's
    /// flows sit side by side. `flowGroups` finds the run for a (sender, purpose) in one probe;
    /// a sender's flows without a purpose run from `senders[p].any` to `senders[p + 1].first`.
    let outFlows: [CompiledFlow]
    let flowGroups: IntegerTable<FlowRun>
    let senders: [SenderFlows]

    /// A run of `outFlows`. The table's slot holds the key and the run together, so a lookup in a
    /// large graph reads one cache line (a table of keys beside a table of values, plus a table of
    /// starts, read three).
    struct FlowRun: Sendable {
        var start: Int32
        var end: Int32
    }

    /// Where a sender's out-flows start in `outFlows`, and where its flows without a purpose start.
    struct SenderFlows: Sendable {
        var first: Int32
        var any: Int32
    }

    /// The flows `party` sends for `purpose`, and those it sends for any purpose, as ranges of `outFlows`.
    func outFlowRanges(_ party: Int32, _ purpose: Int32) -> (purpose: Range<Int>, any: Range<Int>) {
        let any = Int(senders[Int(party)].any)..<Int(senders[Int(party) + 1].first)
        let run = flowGroups.value(for: Self.groupKey(party, purpose)) ?? FlowRun(start: 0, end: 0)
        return (Int(run.start)..<Int(run.end), any)
    }

    static func groupKey(_ party: Int32, _ purpose: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: party)) << 32 | UInt64(UInt32(bitPattern: purpose))
    }
    /// The distinct category sets flows carry.
    let categorySets: [CategorySet]
    /// Each flow's compiled form, by its number in `graph.flows` (nil when an end is unknown).
    let flowByNumber: [CompiledFlow?]

    /// The role codes used in state keys: 0 is the collecting controller, then `Role.allCases`.
    static let controllerRole: UInt8 = 0
    static func code(_ role: Role) -> UInt8 { UInt8((Role.allCases.firstIndex(of: role) ?? 0) + 1) }
    static let independentControllerCode = code(.independentController)
    static let jointControllerCode = code(.jointController)
    static func role(_ code: UInt8) -> Role? { code == 0 ? nil : Role.allCases[Int(code) - 1] }

    /// Compiles a graph; fails only when the taxonomy is too large.
    public init(graph: Graph) throws(TraceIndexError) {
        guard let categories = CategoryIndex(graph.taxonomy) else {
            throw .tooManyCategories(graph.taxonomy.categories.count)
        }
        self.graph = graph
        self.categories = categories
        partyIDs = graph.parties.map(\.id.value)
        var partyPosition: [String: Int32] = [:]
        partyPosition.reserveCapacity(partyIDs.count)
        for (index, id) in partyIDs.enumerated() where partyPosition[id] == nil { partyPosition[id] = Int32(index) }
        self.partyPosition = partyPosition
        var eventPosition: [String: Int] = [:]
        for (index, id) in graph.events.keys.sorted().enumerated() { eventPosition[id] = index }
        self.eventPosition = eventPosition
        var purposePosition: [String: Int32] = [:]
        for (index, purpose) in graph.purposes.enumerated() where purposePosition[purpose.id.value] == nil {
            purposePosition[purpose.id.value] = Int32(index)
        }
        self.purposePosition = purposePosition
        var factValues: [(fact: String, value: String)] = []
        var factNumber: [String: Int32] = [:]
        var conjunctions: [[CompiledCondition]] = []
        func compile(_ condition: Condition) -> CompiledCondition {
            switch condition {
            case .always: return .always
            case .event(let event): return eventPosition[event.value].map { .event(Int32($0)) } ?? .always
            case .unless(let event): return eventPosition[event.value].map { .unless(Int32($0)) } ?? .always
            case .consent(let purpose): return purposePosition[purpose.value].map(CompiledCondition.consent) ?? .always
            case .fact(let fact, let value):
                let key = fact.value + "=" + value.value
                if let known = factNumber[key] { return .fact(known) }
                factNumber[key] = Int32(factValues.count)
                factValues.append((fact.value, value.value))
                return .fact(Int32(factValues.count - 1))
            case .all(let parts):
                conjunctions.append(parts.map(compile))
                return .all(Int32(conjunctions.count - 1))
            }
        }
        purposeCategories = graph.purposes.map { categories.closure(of: $0.categories.map(\.value)) }
        purposeCondition = graph.purposes.map { compile($0.condition.value) }
        let purposeController = graph.purposes.map { partyPosition[$0.controller.value] ?? -1 }
        self.purposeController = purposeController
        purposesOfController = Dictionary(grouping: purposeController.indices.filter { purposeController[$0] >= 0 }) {
            purposeController[$0]
        }

        var sets: [CategorySet] = []
        var setNumber: [CategorySet: Int32] = [:]
        var byNumber: [CompiledFlow?] = []
        byNumber.reserveCapacity(graph.flows.count)
        // (sender, purpose or `anyPurpose`, flow) for each flow with both ends known, to be grouped.
        var outgoing: [(from: Int32, purpose: Int32, flow: CompiledFlow)] = []
        outgoing.reserveCapacity(graph.flows.count)
        for (number, flow) in graph.flows.enumerated() {
            guard let fromParty = graph.owningParty(of: flow.from.value), let from = partyPosition[fromParty],
                let toParty = graph.owningParty(of: flow.to.value), let to = partyPosition[toParty]
            else {
                byNumber.append(nil)
                continue
            }
            let set: CategorySet =
                switch flow.categories {
                case .all: .all
                case .listed(let listed): categories.closure(of: listed.map(\.value))
                }
            let setIndex: Int32
            if let known = setNumber[set] {
                setIndex = known
            } else {
                setIndex = Int32(sets.count)
                setNumber[set] = setIndex
                sets.append(set)
            }
            let compiled = CompiledFlow(
                to: to, number: Int32(number), categories: setIndex, role: Self.code(flow.role.value),
                condition: compile(flow.condition.value))
            byNumber.append(compiled)
            if let purpose = flow.purpose {
                guard let purposeNumber = purposePosition[purpose.value] else { continue }
                outgoing.append((from, purposeNumber, compiled))
            } else {
                outgoing.append((from, Self.anyPurpose, compiled))
            }
        }
        flowByNumber = byNumber
        categorySets = sets
        self.factValues = factValues
        self.conjunctions = conjunctions
        var transferEvents: [Int32: Int32] = [:]
        for (number, flow) in graph.flows.enumerated() {
            if let event = flow.transferEvent, let position = eventPosition[event.value] {
                transferEvents[Int32(number)] = Int32(position)
            }
        }
        self.transferEvents = transferEvents
        subjectParties = graph.parties.indices.filter { graph.parties[$0].kind == .dataSubject }.map { Int32($0) }
        (outFlows, flowGroups, senders) = Self.group(outgoing, parties: partyIDs.count)
    }

    /// Lays flows out by sender (a counting sort), then purpose, then graph order, and finds
    /// each (sender, purpose) run.
    private static func group(_ outgoing: [(from: Int32, purpose: Int32, flow: CompiledFlow)], parties: Int)
        -> ([CompiledFlow], IntegerTable<FlowRun>, [SenderFlows])
    {
        var partyStart = [Int](repeating: 0, count: parties + 1)
        for entry in outgoing { partyStart[Int(entry.from) + 1] += 1 }
        for party in 0..<parties { partyStart[party + 1] += partyStart[party] }
        var next = partyStart
        var bySender = [(purpose: Int32, flow: CompiledFlow)](
            repeating: (0, CompiledFlow(to: 0, number: 0, categories: 0, role: 0, condition: .always)),
            count: outgoing.count)
        for entry in outgoing {
            bySender[next[Int(entry.from)]] = (entry.purpose, entry.flow)
            next[Int(entry.from)] += 1
        }
        var flows: [CompiledFlow] = []
        flows.reserveCapacity(outgoing.count)
        var runs = IntegerTable(capacity: parties, placeholder: FlowRun(start: 0, end: 0))
        var senders: [SenderFlows] = []
        senders.reserveCapacity(parties + 1)
        for party in 0..<parties {
            let sorted = bySender[partyStart[party]..<partyStart[party + 1]].sorted {
                ($0.purpose, $0.flow.number) < ($1.purpose, $1.flow.number)
            }
            let first = Int32(flows.count)
            var any = Int32(flows.count + sorted.count)
            var position = sorted.startIndex
            while position < sorted.endIndex {
                let purpose = sorted[position].purpose
                let start = Int32(flows.count)
                while position < sorted.endIndex, sorted[position].purpose == purpose {
                    flows.append(sorted[position].flow)
                    position += 1
                }
                if purpose == anyPurpose {
                    any = start
                } else {
                    _ = runs.value(
                        for: groupKey(Int32(party), purpose), inserting: FlowRun(start: start, end: Int32(flows.count)))
                }
            }
            senders.append(SenderFlows(first: first, any: any))
        }
        senders.append(SenderFlows(first: Int32(flows.count), any: Int32(flows.count)))
        return (flows, runs, senders)
    }
}
