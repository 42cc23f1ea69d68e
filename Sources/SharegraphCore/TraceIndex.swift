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
    enum CompiledCondition: Sendable {
        case always
        case event(Int)
        case unless(Int)
        case consent(Int)
    }

    /// One flow, compiled.
    struct CompiledFlow: Sendable {
        var from: Int32
        var to: Int32
        var role: UInt8
        var condition: CompiledCondition
        var categories: CategorySet
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
    let flows: [CompiledFlow]
    /// Flow numbers grouped by (sender, purpose); `purposeRanges` finds a group.
    let flowOrder: [Int32]
    let purposeRanges: [Int64: Range<Int>]
    /// Flows without a purpose, per sender (compressed rows: `anyStart[p]..<anyStart[p+1]`).
    let anyOrder: [Int32]
    let anyStart: [Int]

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
            case .event(let event): eventPosition[event.value].map(CompiledCondition.event) ?? .always
            case .unless(let event): eventPosition[event.value].map(CompiledCondition.unless) ?? .always
            case .consent(let purpose): purposePosition[purpose.value].map { .consent(Int($0)) } ?? .always
            }
        }
        purposeCategories = graph.purposes.map { categories.closure(of: $0.categories.map(\.value)) }
        purposeCondition = graph.purposes.map { compile($0.condition.value) }
        purposeController = graph.purposes.map { partyPosition[$0.controller.value] ?? -1 }

        var compiled: [CompiledFlow] = []
        compiled.reserveCapacity(graph.flows.count)
        var grouped: [Int64: [Int32]] = [:]
        var anyRows = [[Int32]](repeating: [], count: partyIDs.count)
        for flow in graph.flows {
            guard let fromParty = graph.owningParty(of: flow.from.value), let from = partyPosition[fromParty],
                let toParty = graph.owningParty(of: flow.to.value), let to = partyPosition[toParty]
            else {
                compiled.append(CompiledFlow(from: -1, to: -1, role: 0, condition: .always, categories: .empty))
                continue
            }
            let set: CategorySet =
                switch flow.categories {
                case .all: .all
                case .listed(let listed): categories.closure(of: listed.map(\.value))
                }
            let number = Int32(compiled.count)
            compiled.append(CompiledFlow(from: from, to: to, role: Self.code(flow.role.value), condition: compile(flow.condition.value), categories: set))
            if let purpose = flow.purpose {
                guard let purposeNumber = purposePosition[purpose.value] else { continue }
                grouped[Self.key(from, purposeNumber), default: []].append(number)
            } else {
                anyRows[Int(from)].append(number)
            }
        }
        flows = compiled
        var order: [Int32] = []
        var ranges: [Int64: Range<Int>] = [:]
        for (key, numbers) in grouped {
            ranges[key] = order.count..<(order.count + numbers.count)
            order += numbers
        }
        flowOrder = order
        purposeRanges = ranges
        var anyStart = [0]
        anyStart.reserveCapacity(partyIDs.count + 1)
        var anyOrder: [Int32] = []
        for row in anyRows {
            anyOrder += row
            anyStart.append(anyOrder.count)
        }
        self.anyOrder = anyOrder
        self.anyStart = anyStart
    }

    static func key(_ party: Int32, _ purpose: Int32) -> Int64 { Int64(party) << 32 | Int64(UInt32(bitPattern: purpose)) }

    /// The number of the party with this id.
    func partyNumber(_ id: String) -> Int32? { partyPosition[id] }
}
