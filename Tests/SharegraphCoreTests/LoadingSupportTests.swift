// The pieces loading leans on: work spread over cores returns in order, and a kept file gives back
// each line as written.

import Foundation
import SharegraphCore
import Synchronization
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

    @Test func aSourceFileReadBackIsQuotedOnlyWhileItsTextIsUnchanged() {
        let text = "first: 1\nsecond: ø å\n"
        let reads = Mutex(0)
        let file = SourceFile(path: "g.yaml", text: text, readBack: {
            reads.withLock { $0 += 1 }
            return text
        })
        #expect(reads.withLock { $0 } == 0, "nothing is read until a line is quoted")
        #expect(file.line(2) == "second: ø å")
        #expect(file.line(1) == "first: 1")
        #expect(reads.withLock { $0 } == 1, "read once, then kept")
        // Changed after loading, to the same length: the line is no longer quoted, since it would
        // not be the line the finding is about. Gone, or of another length: likewise.
        let changed = SourceFile(path: "h.yaml", text: text, readBack: { text.replacingOccurrences(of: "first", with: "frist") })
        #expect(changed.line(1) == nil && changed.line(2) == nil)
        #expect(SourceFile(path: "i.yaml", text: text, readBack: { nil }).line(1) == nil)
        #expect(SourceFile(path: "j.yaml", text: text, readBack: { text + "x" }).line(1) == nil)
    }

    @Test func aLookaheadHandsOverEveryPieceInOrderAndStaysABoundedDistanceAhead() {
        let started = Mutex(0)
        var taken: [Int] = []
        let all = Parallel.withLookahead(count: 200, ahead: 3, produce: { index -> Int in
            started.withLock { $0 += 1 }
            return index
        }) { lookahead -> Bool in
            while let piece = lookahead.next() {
                taken.append(piece)
                let ahead = started.withLock { $0 } - taken.count
                if ahead > 3 { return false }
            }
            return lookahead.next() == nil
        }
        #expect(all, "never more than three pieces ahead of the taker, and the end stays the end")
        #expect(taken == Array(0..<200))
        #expect(Parallel.withLookahead(count: 0, ahead: 2, produce: { $0 }) { $0.next() } == nil)
    }

    @Test func aLookaheadStopsAfterALastPieceAndWhenItsTakerLeavesEarly() throws {
        let stopped = Parallel.withLookahead(count: 50, ahead: 2, isLast: { $0 == 6 }, produce: { $0 }) { lookahead in
            Array(sequence(state: lookahead) { $0.next() })
        }
        #expect(stopped == Array(0...6), "nothing after the piece that ends production")

        struct Leave: Error {}
        let started = Mutex(0)
        #expect(throws: Leave.self) {
            try Parallel.withLookahead(count: 1_000, ahead: 2, produce: { index -> Int in
                started.withLock { $0 += 1 }
                return index
            }) { (lookahead) throws(Leave) -> Void in
                _ = lookahead.next()
                _ = lookahead.next()
                throw Leave()
            }
        }
        // The producer has stopped by the time the call returns: the count no longer moves.
        let after = started.withLock { $0 }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(started.withLock { $0 } == after && after <= 5)
    }
}
