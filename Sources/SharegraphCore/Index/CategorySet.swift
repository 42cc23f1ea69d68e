// Sets of data categories as bits, so tracing intersects them in a few instructions.

/// A set of categories of one `CategoryIndex`, stored inline as 256 bits (half a cache line).
public struct CategorySet: Hashable, Sendable {
    /// The most categories a taxonomy may have for tracing.
    public static let capacity = 256

    var bits: SIMD4<UInt64>

    /// The empty set.
    public static let empty = CategorySet(bits: SIMD4(repeating: 0))
    /// Every category.
    public static let all = CategorySet(bits: SIMD4(repeating: ~0))

    init(bits: SIMD4<UInt64>) { self.bits = bits }

    /// Whether no category is in the set. (Lane by lane: the walk asks this for every flow it
    /// follows, and the generic SIMD comparison was not inlined.)
    public var isEmpty: Bool { (bits[0] | bits[1] | bits[2] | bits[3]) == 0 }

    /// Whether both sets hold the same categories.
    public static func == (lhs: CategorySet, rhs: CategorySet) -> Bool {
        ((lhs.bits[0] ^ rhs.bits[0]) | (lhs.bits[1] ^ rhs.bits[1]) | (lhs.bits[2] ^ rhs.bits[2])
            | (lhs.bits[3] ^ rhs.bits[3])) == 0
    }

    /// Hashes the categories in the set.
    public func hash(into hasher: inout Hasher) {
        for lane in 0..<4 { hasher.combine(bits[lane]) }
    }

    /// Whether the category with this index is in the set.
    public func contains(_ index: Int) -> Bool { (bits[index >> 6] >> UInt64(index & 63)) & 1 == 1 }

    /// Adds the category with this index.
    public mutating func insert(_ index: Int) { bits[index >> 6] |= 1 << UInt64(index & 63) }

    /// The categories in both sets.
    public func intersection(_ other: CategorySet) -> CategorySet { CategorySet(bits: bits & other.bits) }

    /// The categories in either set.
    public func union(_ other: CategorySet) -> CategorySet { CategorySet(bits: bits | other.bits) }

    /// The categories in this set and not in `other`.
    public func subtracting(_ other: CategorySet) -> CategorySet { CategorySet(bits: bits & ~other.bits) }
}

/// Numbers the categories of a taxonomy and knows each one's descendants.
///
/// A listed category stands for itself and everything under it: a purpose that lists `contact`
/// covers `contact.email`. Sets are therefore closed downwards, and the intersection of what a
/// sender holds with what a flow carries is again such a set.
public struct CategoryIndex: Sendable {
    /// Ids in index order (sorted).
    public let ids: [String]
    private let position: [String: Int]
    private let below: [CategorySet]
    private let parentIndex: [Int?]

    /// Numbers the taxonomy's categories; nil when it has more than `CategorySet.capacity`.
    public init?(_ taxonomy: Taxonomy) {
        let ids = taxonomy.ids
        guard ids.count <= CategorySet.capacity else { return nil }
        self.ids = ids
        var position: [String: Int] = [:]
        for (index, id) in ids.enumerated() { position[id] = index }
        self.position = position
        var parents: [Int?] = []
        var below = [CategorySet](repeating: .empty, count: ids.count)
        for (index, id) in ids.enumerated() {
            let parent = taxonomy.categories[id]?.parent.flatMap { position[$0] }
            parents.append(parent)
            // Mark this category under itself and every ancestor.
            below[index].insert(index)
            var ancestor = parent
            var steps = 0
            while let current = ancestor, steps < ids.count {
                below[current].insert(index)
                ancestor = taxonomy.categories[ids[current]]?.parent.flatMap { position[$0] }
                steps += 1
            }
        }
        self.below = below
        self.parentIndex = parents
    }

    /// The index of a category id.
    public func index(of id: String) -> Int? { position[id] }

    /// The listed categories with everything under them; unknown ids are skipped.
    public func closure(of ids: some Sequence<String>) -> CategorySet {
        var set = CategorySet.empty
        for id in ids { if let index = position[id] { set = set.union(below[index]) } }
        return set
    }

    /// The categories of `set` that do not overlap `removed` in the taxonomy's sense: each removed
    /// category goes with everything under it, and a parent goes too when part of it is removed,
    /// so that erasing the result never touches what stays (`identity` less `identity.name` is
    /// the other `identity.*` categories, not `identity`).
    public func subtracting(_ removed: CategorySet, from set: CategorySet) -> CategorySet {
        var kept = CategorySet.empty
        var removedBelow = CategorySet.empty
        for index in ids.indices where removed.contains(index) { removedBelow = removedBelow.union(below[index]) }
        let remaining = set.subtracting(removedBelow)
        for index in ids.indices where remaining.contains(index) && below[index].subtracting(remaining).isEmpty {
            kept.insert(index)
        }
        return kept
    }

    /// The set written with as few ids as possible: each id whose parent is not in the set.
    public func summary(of set: CategorySet) -> [String] {
        var result: [String] = []
        for index in ids.indices where set.contains(index) {
            if let parent = parentIndex[index], set.contains(parent) { continue }
            result.append(ids[index])
        }
        return result
    }
}
