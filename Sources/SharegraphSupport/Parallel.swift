// Work spread over the machine's cores where the pieces are independent (files, requests).

import Dispatch
import Synchronization

/// Runs independent pieces of work side by side.
public enum Parallel {
    /// `body` for each of `0..<count` on all cores; the results come back in order, so callers see
    /// the same output as a plain loop whatever the timing.
    public static func map<T: Sendable>(_ count: Int, _ body: (Int) -> T) -> [T] {
        guard count > 1 else { return (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        nonisolated(unsafe) let slots = results
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            // Each iteration writes only its own slot, and concurrentPerform returns after all have run.
            DispatchQueue.concurrentPerform(iterations: count) { index in slots[index] = body(index) }
        }
        return results.compactMap { $0 }
    }
}

extension Parallel {
    /// Runs `body` while the pieces `0..<count` are produced in order on another thread, at most
    /// `ahead` of them waiting to be taken: the caller's own work (writing to a database) overlaps
    /// with producing the next pieces (planning). Production stops after a piece for which
    /// `isLast` holds, and when `body` returns or throws; this returns only once the producer has
    /// stopped, so no work outlives the call.
    public static func withLookahead<Piece: Sendable, Result, Failure: Error>(
        count: Int, ahead: Int, isLast: @escaping @Sendable (Piece) -> Bool = { _ in false },
        produce: @escaping @Sendable (Int) -> Piece, _ body: (Lookahead<Piece>) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let lookahead = Lookahead(count: count, ahead: ahead, isLast: isLast, produce: produce)
        defer { lookahead.stop() }
        return try body(lookahead)
    }
}

/// Pieces produced in order on a thread of their own, a few ahead of the caller that takes them
/// (`Parallel.withLookahead`).
public final class Lookahead<Piece: Sendable>: Sendable {
    private struct State {
        var ready: [Piece] = []
        var produced = false
        var stopped = false
    }

    private let state = Mutex(State())
    /// Signalled once per piece made ready, and once when production ends.
    private let readiness = DispatchSemaphore(value: 0)
    /// How many more pieces may wait to be taken. Created at zero and signalled up to its size:
    /// libdispatch refuses to dispose of a semaphore left below the value it was created with.
    private let room = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    fileprivate init(
        count: Int, ahead: Int, isLast: @escaping @Sendable (Piece) -> Bool, produce: @escaping @Sendable (Int) -> Piece
    ) {
        for _ in 0..<max(ahead, 1) { room.signal() }
        DispatchQueue.global().async { [self] in
            for index in 0..<count {
                room.wait()
                if state.withLock({ $0.stopped }) { break }
                let piece = produce(index)
                state.withLock { $0.ready.append(piece) }
                readiness.signal()
                if isLast(piece) { break }
            }
            state.withLock { $0.produced = true }
            readiness.signal()
            finished.signal()
        }
    }

    /// The next piece in order, waiting for it to be produced; nil once production has ended and
    /// every piece is taken.
    public func next() -> Piece? {
        readiness.wait()
        let piece: Piece? = state.withLock { state in
            state.ready.isEmpty ? nil : state.ready.removeFirst()
        }
        if piece == nil {
            readiness.signal()  // the end stays signalled for later calls
        } else {
            room.signal()
        }
        return piece
    }

    fileprivate func stop() {
        state.withLock { $0.stopped = true }
        room.signal()
        finished.wait()
    }
}
