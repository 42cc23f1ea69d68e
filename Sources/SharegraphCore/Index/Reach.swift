// A measured fast path (see README.md in this folder): the walk's compact result.

/// The compact result of the walk: states (party, purpose, role) with categories and the flows into them.
public struct Reach: Sendable {
    /// What the walk reads and writes for every flow it follows, packed into one cache line.
    struct Hot {
        var categories: CategorySet
        var purpose: Int32
        var role: UInt8
        var certain: Bool
        var queued: Bool
    }

    /// What the walk records of each state for building its holding: the party, the first (certain)
    /// flow and state it came from, and its list of incoming routes in `routes`.
    struct Record {
        var party: Int32
        /// The relationship (a position in `knowledge`) the data came through: conditions are read
        /// from what that controller knows of the person.
        var relationship: Int32 = 0
        var parentFlow: Int32 = -1
        var parentState: Int32 = -1
        var firstRoute: Int32 = -1
        var lastRoute: Int32 = -1
    }

    /// One flow that carried data into a state: the flow, the state it came from, and the next
    /// route into the same state.
    struct Via {
        var flow: Int32
        var from: Int32
        var next: Int32 = -1
    }

    // A state's fields are in two arrays, and a route's in one, so a new state or route is one or two appends.
    var hot: [Hot] = []
    var records: [Record] = []
    var routes: [Via] = []
    var knowledge: [EventKnowledge] = []
    /// What each relationship's controller collected about the person, under any of its purposes
    /// that applies: from purposes that certainly apply, and from all that may. A flow out of the
    /// controller carries what it names of this, not only what the flow's purpose lists.
    var collectedCertain: [CategorySet] = []
    var collectedAny: [CategorySet] = []
    /// The controller of each relationship the walk started from; its position is the number of
    /// its `knowledge`. A person has a handful, so a scan beats hashing on every state.
    var knowledgeController: [Int32] = []

    func knowledgeNumber(ofController controller: Int32) -> Int? {
        knowledgeController.firstIndex(of: controller)
    }

    /// The number of (party, purpose, role) holdings reached.
    public var count: Int { hot.count }

    mutating func reserve(states: Int, routes: Int) {
        hot.reserveCapacity(states)
        records.reserveCapacity(states)
        self.routes.reserveCapacity(routes)
    }
    /// The number of flows the data took (routes).
    public var routeCount: Int { routes.count }
}
