// The walk's open-addressing table answers as a Dictionary does, through growth and collisions.

import Testing

@testable import SharegraphCore

struct IntegerTableTests {
    /// Keys inserted, looked up, replaced and missed, against a Dictionary given the same operations;
    /// the table starts small so it grows several times, and keys share low bits so probes collide.
    @Test func answersAsADictionaryDoesThroughGrowth() {
        var table = IntegerTable<Int32>(capacity: 4)
        var reference: [UInt64: Int32] = [:]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20_000 {
            let key = UInt64.random(in: 0..<5_000, using: &generator) << 12 | UInt64(round % 3)
            let value = Int32.random(in: 0...1_000, using: &generator)
            switch round % 3 {
            case 0:
                let stored = table.value(for: key, inserting: value)
                let expected = reference[key] ?? value
                if reference[key] == nil { reference[key] = value }
                #expect(stored == expected)
            case 1:
                table.set(key, value)
                if reference[key] != nil { reference[key] = value }
            default:
                #expect(table.value(for: key) == reference[key])
            }
        }
        for (key, value) in reference { #expect(table.value(for: key) == value) }
        #expect(table.value(for: 1 << 40) == nil)
    }
}
