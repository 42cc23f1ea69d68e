// The pieces loading leans on: work spread over cores returns in order, and a kept file gives back
// each line as written.

import SharegraphCore
import Testing

struct LoadingSupportTests {
    @Test func parallelMapReturnsEveryResultInOrderWhateverTheTiming() {
        for count in [0, 1, 2, 7, 1_000] {
            // Uneven work, so later items can finish first.
            let results = Parallel.map(count) { index -> String in
                var spin = 0
                for step in 0..<((count - index) % 13 * 500) { spin &+= step }
                return "\(index)-\(spin >= 0)"
            }
            #expect(results == (0..<count).map { "\($0)-true" })
        }
    }

    @Test func aSourceFileGivesBackEachLineWithoutItsBreak() {
        let file = SourceFile(path: "f.yaml", text: "first: 1\r\nsecond: ø å\n\nlast without break")
        #expect(file.line(1) == "first: 1", "a CRLF line loses its CR too")
        #expect(file.line(2) == "second: ø å")
        #expect(file.line(3) == "")
        #expect(file.line(4) == "last without break")
        #expect(file.line(0) == nil && file.line(5) == nil)
        let ending = SourceFile(path: "g.yaml", text: "a\n")
        #expect(ending.line(1) == "a" && ending.line(2) == "" && ending.line(3) == nil)
        #expect(SourceFile(path: "e.yaml", text: "").line(1) == "")
    }
}
