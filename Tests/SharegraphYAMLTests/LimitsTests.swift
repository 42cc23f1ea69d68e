// Hostile input is refused with a located message: size, encoding, NUL, nesting, aliases, id length.

import SharegraphCore
import SharegraphYAML
import Testing

struct LimitsTests {
    func problems(_ bytes: [UInt8], limits: LoaderLimits = LoaderLimits()) -> [Diagnostic] {
        GraphLoader(limits: limits).parse(text: bytes, file: "hostile.yaml").diagnostics
    }

    @Test func oversizedFilesAreRefused() {
        var limits = LoaderLimits()
        limits.maxFileBytes = 100
        let found = problems(Array(String(repeating: "# comment\n", count: 20).utf8), limits: limits)
        #expect(found.map(\.id) == ["limit-exceeded"])
    }

    @Test func invalidUTF8IsLocated() {
        let bytes = Array("parties:\n  - id: ab".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let found = problems(bytes)
        #expect(found.map(\.id) == ["invalid-encoding"])
        #expect(found.first?.location == SourceLocation(file: "hostile.yaml", line: 2, column: 11))
    }

    @Test func nulBytesAreLocated() {
        let found = problems(Array("a: 1\nb: x".utf8) + [0] + Array("y\n".utf8))
        #expect(found.map(\.id) == ["invalid-encoding"])
        #expect(found.first?.location.line == 2)
        #expect(found.first?.location.column == 5)
    }

    @Test func deepFlowNestingIsRefused() {
        let found = problems(Array(("parties: " + String(repeating: "[", count: 100_000)).utf8))
        #expect(found.map(\.id) == ["limit-exceeded"])
        #expect(found.first?.location.line == 1)
    }

    @Test func deepBlockNestingIsRefused() {
        let found = problems(Array(("parties:\n" + String(repeating: "- ", count: 50_000) + "x\n").utf8))
        #expect(found.map(\.id) == ["limit-exceeded"])
    }

    @Test func billionLaughsStopsAtTheNodeBudget() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            yaml += "a\(level): &a\(level) [\(refs)]\n"
        }
        yaml += "parties:\n  - id: p\n    name: *a9\n"
        let found = problems(Array(yaml.utf8))
        #expect(found.contains { $0.id == "limit-exceeded" || $0.id == "unknown-key" })
        #expect(!found.isEmpty)
    }

    @Test func aliasExpansionInsideKnownKeysIsBounded() {
        // 150 aliased parties of 40 systems each and a list aliased 60 times: small text, thousands of decoded nodes.
        var text = "parties:\n  - &p\n    id: p\n    name: n\n    systems: &s\n"
        for index in 0..<40 { text += "      - {id: s\(index), name: n}\n" }
        text += "  - {id: q, name: n, systems: [" + Array(repeating: "*s", count: 60).joined(separator: ", ") + "]}\n"
        for index in 0..<150 { text += "  - *p # \(index)\n" }
        let found = problems(Array(text.utf8))
        #expect(found.contains { $0.id == "limit-exceeded" })
    }

    @Test func tooManyAliasesAreRefused() {
        let yaml = "a: &x 1\nb: [" + Array(repeating: "*x", count: 300).joined(separator: ", ") + "]\n"
        let found = problems(Array(yaml.utf8))
        #expect(found.map(\.id) == ["limit-exceeded"])
    }

    @Test func longIDsAreRefused() {
        let id = String(repeating: "a", count: 500)
        let found = problems(Array("parties:\n  - id: \(id)\n    name: x\n".utf8))
        #expect(found.map(\.id) == ["limit-exceeded"])
        #expect(found.first?.location.column == 9)
    }
}
