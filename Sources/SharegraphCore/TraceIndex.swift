// The graph compiled to integers and bit sets once, so that each person's trace is a plain
// breadth-first walk whose cost grows with the part of the graph the person's data reaches.

/// Why a graph cannot be traced.
public enum TraceIndexError: Error, CustomStringConvertible, Sendable {
    /// The taxonomy is larger than the category sets can hold.
    case tooManyCategories(Int)

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
    /// Each controller's purposes, so a trace seeds from them without scanning every purpose.
    let purposesOfController: [Int32: [Int]]
    /// Out-flows grouped by (sender, purpose); `purposeGroups` finds a group's number, and group `g`
    /// is `purposeFlows[purposeGroupStart[g]..<purposeGroupStart[g + 1]]`. A walk looks a group up
    /// for every state, so it is an open-addressing table, not a Dictionary hashing with SipHash.
    let purposeFlows: [CompiledFlow]
    let purposeGroups: IntegerTable
    let purposeGroupStart: [Int32]

    /// The flows `party` sends for `purpose`.
    func purposeFlowRange(_ party: Int32, _ purpose: Int32) -> Range<Int> {
        guard let group = purposeGroups.value(for: UInt64(bitPattern: Self.key(party, purpose))) else { return 0..<0 }
        return Int(purposeGroupStart[Int(group)])..<Int(purposeGroupStart[Int(group) + 1])
    }
    /// Out-flows without a purpose, per sender (compressed rows: `anyStart[p]..<anyStart[p+1]`).
    let anyFlows: [CompiledFlow]
    let anyStart: [Int]
    /// The distinct category sets flows carry.
    let categorySets: [CategorySet]
    /// Each flow's compiled form, by its number in `graph.flows` (nil when an end is unknown).
    let flowByNumber: [CompiledFlow?]

    /// The role codes used in state keys: 0 is the collecting controller, then `Role.allCases`.
    static let controllerRole: UInt8 = 0
    static func code(_ role: Role) -> UInt8 { UInt8((Role.allCases.firstIndex(of: role) ?? 0) + 1) }
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
        let compile = { (condition: Condition) -> CompiledCondition in
            switch condition {
            case .always: .always
            case .event(let event): eventPosition[event.value].map { .event(Int32($0)) } ?? .always
            case .unless(let event): eventPosition[event.value].map { .unless(Int32($0)) } ?? .always
            case .consent(let purpose): purposePosition[purpose.value].map(CompiledCondition.consent) ?? .always
            }
        }
        purposeCategories = graph.purposes.map { categories.closure(of: $0.categories.map(\.value)) }
        purposeCondition = graph.purposes.map { compile($0.condition.value) }
        let purposeController = graph.purposes.map { partyPosition[$0.controller.value] ?? -1 }
        self.purposeController = purposeController
        purposesOfController = Dictionary(grouping: purposeController.indices.filter { purposeController[$0] >= 0 }) { purposeController[$0] }

        var sets: [CategorySet] = []
        var setNumber: [CategorySet: Int32] = [:]
        var byNumber: [CompiledFlow?] = []
        byNumber.reserveCapacity(graph.flows.count)
        var grouped: [Int64: [CompiledFlow]] = [:]
        var anyRows = [[CompiledFlow]](repeating: [], count: partyIDs.count)
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
                grouped[Self.key(from, purposeNumber), default: []].append(compiled)
            } else {
                anyRows[Int(from)].append(compiled)
            }
        }
        flowByNumber = byNumber
        categorySets = sets
        var ordered: [CompiledFlow] = []
        var groups = IntegerTable(capacity: grouped.count)
        var starts: [Int32] = []
        for (key, group) in grouped {
            _ = groups.value(for: UInt64(bitPattern: key), inserting: Int32(starts.count))
            starts.append(Int32(ordered.count))
            ordered += group
        }
        starts.append(Int32(ordered.count))
        purposeFlows = ordered
        purposeGroups = groups
        purposeGroupStart = starts
        var anyStart = [0]
        anyStart.reserveCapacity(partyIDs.count + 1)
        var anyFlows: [CompiledFlow] = []
        for row in anyRows {
            anyFlows += row
            anyStart.append(anyFlows.count)
        }
        self.anyFlows = anyFlows
        self.anyStart = anyStart
    }

    static func key(_ party: Int32, _ purpose: Int32) -> Int64 { Int64(party) << 32 | Int64(UInt32(bitPattern: purpose)) }
}
