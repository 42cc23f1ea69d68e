import Foundation
import SharegraphSupport
import Testing

@Suite struct AllocatorTests {
    @Test func theOperatorsArenaSettingWins() {
        #expect(Allocator.limitArenas(environment: ["MALLOC_ARENA_MAX": "4"]) == nil)
    }

    #if canImport(Glibc)
        @Test func arenasAreCappedAtOnePerCore() {
            #expect(Allocator.limitArenas(environment: [:]) == ProcessInfo.processInfo.activeProcessorCount)
        }
    #endif
}
