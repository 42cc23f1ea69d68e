// How many heaps the C allocator keeps, for a long-running server.

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
            // `mallopt` is in glibc but not in the Glibc module's headers: looked up by name
            // (RTLD_DEFAULT is the null handle). M_ARENA_MAX is -8 in <malloc.h>.
            typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
            guard let symbol = dlsym(nil, "mallopt") else { return nil }
            let cap = max(ProcessInfo.processInfo.activeProcessorCount, 1)
            return unsafeBitCast(symbol, to: Mallopt.self)(-8, Int32(cap)) == 1 ? cap : nil
        #else
            return nil
        #endif
    }
}
