// A graph's flows, kept in the lists each file was decoded into, so assembling a graph copies none.

/// The flows of a graph in load order, numbered from 0.
///
/// Each file's flows stay in the list its decoder filled; the graph takes the lists over instead of
/// copying a million flows into one array (which, for a moment, would hold every flow twice).
/// Reading flow `n` finds its list by binary search over the lists' ends; iterating walks the lists.
public struct FlowList: RandomAccessCollection, Sendable {
    private var lists: [[Flow]] = []
    /// The number one past each list's last flow.
    private var ends: [Int] = []

    /// An empty list.
    public init() {}

    /// The given flows, as one list.
    public init(_ flows: [Flow]) {
        append(contentsOf: flows)
    }

    /// The first flow's position.
    public var startIndex: Int { 0 }
    /// The position after the last flow.
    public var endIndex: Int { ends.last ?? 0 }

    /// The flow at a position.
    public subscript(position: Int) -> Flow {
        precondition(position >= 0 && position < endIndex, "flow number \(position) is out of range")
        let list = list(holding: position)
        return lists[list][position - (list == 0 ? 0 : ends[list - 1])]
    }

    /// Takes over a list of flows as the next ones; it is not copied when the caller passes its last reference.
    public mutating func append(contentsOf flows: consuming [Flow]) {
        guard !flows.isEmpty else { return }
        ends.append(endIndex + flows.count)
        lists.append(flows)
    }

    private func list(holding position: Int) -> Int {
        var low = 0
        var high = ends.count - 1
        while low < high {
            let middle = (low + high) / 2
            if ends[middle] > position { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Iterates the flows in order.
    public func makeIterator() -> Iterator {
        Iterator(lists: lists)
    }

    /// Walks the lists in order without searching for each flow.
    public struct Iterator: IteratorProtocol {
        private let lists: [[Flow]]
        private var list = 0
        private var offset = 0

        init(lists: [[Flow]]) {
            self.lists = lists
        }

        /// The next flow, or nil after the last.
        public mutating func next() -> Flow? {
            while list < lists.count {
                if offset < lists[list].count {
                    defer { offset += 1 }
                    return lists[list][offset]
                }
                list += 1
                offset = 0
            }
            return nil
        }
    }
}
