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

    @Test func aFlowListNumbersFlowsAcrossItsListsInOrder() {
        let at = SourceLocation(file: "f.yaml", line: 1, column: 1)
        func flows(_ ids: [String]) -> [Flow] {
            ids.map {
                Flow(
                    id: Located($0, at: at), from: Located("a", at: at), to: Located("b", at: at), categories: .all(at),
                    role: Located(.processor, at: at), condition: Located(.always, at: at), location: at)
            }
        }
        #expect(FlowList().isEmpty && Array(FlowList()).isEmpty)
        let one = FlowList(flows(["x"]))
        #expect(one.count == 1 && one[0].id.value == "x")
        // Lists of uneven length, as files are, with an empty one between.
        let ids = (0..<23).map { "f\($0)" }
        var list = FlowList()
        var taken = 0
        for length in [1, 5, 0, 9, 2, 6] {
            list.append(contentsOf: flows(Array(ids[taken..<taken + length])))
            taken += length
        }
        #expect(list.count == 23)
        #expect(list.indices.map { list[$0].id.value } == ids, "each number reads its flow")
        #expect(list.map(\.id.value) == ids, "iteration walks the lists in order")
        #expect(list.enumerated().allSatisfy { $0.element.id.value == "f\($0.offset)" })
        #expect(list.last?.id.value == "f22" && list[list.index(before: list.endIndex)].id.value == "f22")
    }

    @Test func categorySetsCompareAndTestEmptinessInEveryLane() {
        #expect(CategorySet.empty.isEmpty && !CategorySet.all.isEmpty)
        for index in [0, 63, 64, 127, 128, 191, 192, 255] {
            var one = CategorySet.empty
            one.insert(index)
            var same = CategorySet.empty
            same.insert(index)
            #expect(
                !one.isEmpty && one != .empty && one == same && one.hashValue == same.hashValue, "category \(index)")
            var more = one
            more.insert(index == 255 ? 0 : 255)
            #expect(more != one && more.intersection(one) == one && one.union(more) == more)
        }
    }
}
