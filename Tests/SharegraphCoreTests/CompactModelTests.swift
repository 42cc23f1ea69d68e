// A graph holds a million flows: the model keeps them small without changing what they mean.

import SharegraphCore
import Testing

struct CompactModelTests {
    @Test func aLocationNamesItsFileAndOrdersByFileThenLineThenColumn() {
        let here = SourceLocation(file: "b.yaml", line: 3, column: 7)
        #expect(here.file == "b.yaml" && here.line == 3 && here.column == 7)
        #expect(here.description == "b.yaml:3:7")
        let moved = here.moved(line: 9, column: 2)
        #expect(moved.file == "b.yaml" && moved.line == 9 && moved.column == 2)
        #expect(here.advanced(byColumns: 2) == SourceLocation(file: "b.yaml", line: 3, column: 9))
        #expect(SourceLocation(file: "b.yaml", line: 3, column: 7) == here, "the same path is the same file")
        #expect(SourceLocation(file: "c.yaml", line: 3, column: 7) != here)
        // Files order by name, not by when they were first seen.
        let later = SourceLocation(file: "z-first-seen.yaml", line: 1, column: 1)
        let earlier = SourceLocation(file: "a-seen-second.yaml", line: 1, column: 1)
        #expect(earlier < later && !(later < earlier))
        #expect(here < moved && SourceLocation(file: "b.yaml", line: 3, column: 1) < here)
        var renamed = here
        renamed.file = "d.yaml"
        #expect(renamed.file == "d.yaml" && renamed.line == 3 && here.file == "b.yaml")
        #expect(MemoryLayout<SharegraphCore.SourceLocation>.size == 12)
    }

    @Test func provenanceKeepsValueSemanticsAndEqualityWhateverIsSet() {
        var first = Provenance()
        var second = first
        #expect(first == second && first.note == nil && first.source == nil && !first.assumed)
        first.note = "a note"
        #expect(second.note == nil, "a copy is not changed through another")
        #expect(first != second)
        second.note = "a note"
        #expect(first == second && first.hashValue == second.hashValue, "equal by content, not by storage")
        second.assumed = true
        second.source = SourceQuote(text: "Vi deler", section: "Deling")
        #expect(second.assumed && second.source?.section == "Deling" && !first.assumed)
        second.note = nil
        second.assumed = false
        second.source = nil
        #expect(second == Provenance(), "emptied provenance equals none")
        #expect(MemoryLayout<Provenance>.size == 8)
    }

    @Test func aFlowsRareFieldsReadBackAndCompareByValue() {
        let at = SourceLocation(file: "f.yaml", line: 1, column: 1)
        var flow = Flow(
            id: Located("f", at: at), from: Located("a", at: at), to: Located("b", at: at), categories: .all(at),
            role: Located(.processor, at: at), condition: Located(.always, at: at), location: at)
        #expect(flow.authorisation == nil && flow.transfer == nil && flow.retention == nil)
        let plain = flow
        flow.authorisation = Located("dpa", at: at)
        flow.transfer = Transfer(mechanism: Located(.scc, at: at))
        #expect(flow.authorisation?.value == "dpa" && flow.transfer?.mechanism.value == .scc)
        #expect(plain.authorisation == nil && plain.transfer == nil, "the copy kept its own fields")
        #expect(flow != plain)
        var again = plain
        again.authorisation = Located("dpa", at: at)
        again.transfer = Transfer(mechanism: Located(.scc, at: at))
        #expect(again == flow && Set([again, flow]).count == 1)
        // Rare fields cost a pointer each; the flow a graph holds a million of stays under 320 bytes.
        #expect(MemoryLayout<Flow>.stride <= 320, "a Flow is \(MemoryLayout<Flow>.stride) bytes")
    }
}
