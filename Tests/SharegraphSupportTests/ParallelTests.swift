// Work spread over cores returns in order, and a lookahead stays a bounded distance ahead.

import Foundation
import SharegraphSupport
import Synchronization
import Testing

struct ParallelTests {
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

    @Test func aLookaheadHandsOverEveryPieceInOrderAndStaysABoundedDistanceAhead() {
        let started = Mutex(0)
        var taken: [Int] = []
        let all = Parallel.withLookahead(
            count: 200, ahead: 3,
            produce: { index -> Int in
                started.withLock { $0 += 1 }
                return index
            }
        ) { lookahead -> Bool in
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
            try Parallel.withLookahead(
                count: 1_000, ahead: 2,
                produce: { index -> Int in
                    started.withLock { $0 += 1 }
                    return index
                }
            ) { (lookahead) throws(Leave) -> Void in
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
