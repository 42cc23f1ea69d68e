// Work spread over the machine's cores where the pieces are independent (files, requests).

import Dispatch

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
