// Reloads the graphs in the background when a file changes.

import Foundation
public import ServiceLifecycle

/// Checks the graph files every `interval` and reloads the store when one was added, removed or changed.
public struct GraphWatcher: Service {
    /// The store to reload.
    public let store: GraphStore
    /// How often the files are checked.
    public let interval: Duration

    /// Creates the watcher.
    public init(store: GraphStore, interval: Duration = .seconds(2)) {
        self.store = store
        self.interval = interval
    }

    /// Runs until the server shuts down.
    public func run() async throws {
        while await pause(interval) {
            if store.hasChanged() {
                // Loading is CPU work; it runs off the cooperative pool's request threads' way.
                let store = store
                _ = await Task.detached(priority: .utility) { store.reload() }.value
            }
        }
    }
}

/// Waits `interval`, or less when the server starts shutting down; false once it is.
func pause(_ interval: Duration) async -> Bool {
    try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
    return !Task.isShuttingDownGracefully && !Task.isCancelled
}
