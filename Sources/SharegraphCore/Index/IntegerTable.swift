// A measured fast path (see README.md in this folder): the walk's and the index's hash table.

/// An open-addressing hash table from integer keys to small values, sized by what is put in it:
/// the walk's states and conditions, and the index's flow groups, without `Dictionary`'s hashing
/// of a seed per lookup. A key and its value share a slot, so a probe reads one cache line.
struct IntegerTable<Value> {
    fileprivate struct Slot {
        var key: UInt64
        var value: Value
    }
    /// The key that marks an empty slot; callers never store it.
    private static var emptyKey: UInt64 { .max }
    private var slots: [Slot]
    private var used = 0
    private var mask: Int
    private let placeholder: Value

    /// `capacity` is rounded up to a power of two; `placeholder` fills the empty slots.
    init(capacity: Int, placeholder: Value) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(key: Self.emptyKey, value: placeholder), count: size)
        mask = size - 1
        self.placeholder = placeholder
    }

    static func slot(_ key: UInt64, _ mask: Int) -> Int {
        var hash = key &* 0x9E37_79B9_7F4A_7C15
        hash ^= hash >> 29
        return Int(truncatingIfNeeded: hash) & mask
    }

    /// The slot holding `key`, or the empty slot where it would go.
    private func position(of key: UInt64) -> Int {
        var slot = Self.slot(key, mask)
        while slots[slot].key != Self.emptyKey, slots[slot].key != key { slot = (slot + 1) & mask }
        return slot
    }

    /// The value stored for `key`, if any.
    func value(for key: UInt64) -> Value? {
        let slot = position(of: key)
        return slots[slot].key == key ? slots[slot].value : nil
    }

    /// The value stored for `key`; when there is none, stores `value` and returns it.
    mutating func value(for key: UInt64, inserting value: Value) -> Value {
        let slot = position(of: key)
        if slots[slot].key == key { return slots[slot].value }
        slots[slot] = Slot(key: key, value: value)
        used += 1
        if used * 2 > slots.count { grow() }
        return value
    }

    /// Replaces the value of a key already stored.
    mutating func set(_ key: UInt64, _ value: Value) {
        let slot = position(of: key)
        if slots[slot].key == key { slots[slot].value = value }
    }

    /// Four times the room: a walk that outgrows its first guess is usually a large one, and each
    /// rehash costs as much as the inserts that filled the table.
    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(key: Self.emptyKey, value: placeholder), count: old.count * 4)
        mask = slots.count - 1
        for entry in old where entry.key != Self.emptyKey { slots[position(of: entry.key)] = entry }
    }
}

extension IntegerTable: Sendable where Value: Sendable {}
extension IntegerTable.Slot: Sendable where Value: Sendable {}

extension IntegerTable where Value == Int32 {
    init(capacity: Int) { self.init(capacity: capacity, placeholder: 0) }
}
