// Rarely set fields kept behind a pointer, so the elements a large graph holds a million of stay small.

/// An optional value stored out of line: eight bytes where it is absent, one shared immutable box
/// where it is present. Copies share the box; setting a new value makes a new one, so the holder
/// keeps value semantics.
@propertyWrapper
struct OutOfLine<Wrapped: Hashable & Sendable>: Hashable, Sendable {
    private final class Box: Sendable {
        let value: Wrapped
        init(_ value: Wrapped) { self.value = value }
    }

    private var box: Box?

    init(wrappedValue: Wrapped?) {
        box = wrappedValue.map(Box.init)
    }

    var wrappedValue: Wrapped? {
        get { box?.value }
        set { box = newValue.map(Box.init) }
    }

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.box === rhs.box || lhs.wrappedValue == rhs.wrappedValue
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(wrappedValue)
    }
}
