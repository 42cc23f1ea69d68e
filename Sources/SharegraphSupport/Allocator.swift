// How many heaps the C allocator keeps, for a long-running server.

import CSystemMalloc
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The C allocator's settings for a long-running process (`sharegraph serve`).
public enum Allocator {
    /// Caps glibc's malloc arenas at one per core, unless `MALLOC_ARENA_MAX` is already set (the
    /// operator's choice wins); returns the cap set, or nil when nothing was changed.
    ///
    /// glibc gives threads up to eight arenas per core, and the server's event loop and task threads
    /// each settle into one. Tracing the seed people on a 10,000-party map (wrk, 16 connections),
    /// resident memory with glibc's default climbed from 164 to 204 MB by the 276,000th request
    /// and then stayed; with one arena per core it reached 180 MB by the 76,000th request
    /// and 186 MB by the 350,000th, and stayed at 186 MB to the 661,000th, at the same throughput
    /// (BENCHMARKS.md, "The server with answers as large as the real ones").
    @discardableResult
    public static func limitArenas(environment: [String: String]? = nil) -> Int? {
        #if canImport(Glibc)
            guard (environment ?? ProcessInfo.processInfo.environment)["MALLOC_ARENA_MAX"] == nil else { return nil }
            let cap = max(ProcessInfo.processInfo.activeProcessorCount, 1)
            return sharegraph_limit_arenas(Int32(cap)) == 1 ? cap : nil
        #else
            return nil
        #endif
    }
}

extension Allocator {
    /// Gives freed memory at the top of malloc's heaps back to the system (glibc's `malloc_trim`).
    public static func releaseFreedMemory() {
        #if canImport(Glibc)
            _ = sharegraph_release_freed_memory()
        #endif
    }
}
