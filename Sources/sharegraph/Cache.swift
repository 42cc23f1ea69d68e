// `--no-cache` for every command that reads graphs, and `sharegraph cache` to see or clear the cache.

import ArgumentParser
import Foundation
import SharegraphCache
import SharegraphYAML

/// Whether a command reads graphs through the compiled-graph cache.
struct CacheOptions: ParsableArguments {
    @Flag(help: "Parse every graph file, neither reading nor writing the compiled-graph cache.")
    var noCache = false

    /// The loader the command reads graphs with.
    var loader: GraphLoader {
        guard !noCache, let cache = CacheOptions.cache else { return GraphLoader() }
        if let reason = cache.refusal() {
            // Never used without a word: someone else could have planted its entries.
            Terminal.standardError(
                "warning: the cache directory \(cache.directory) \(reason), so it is not used; make it yours alone (`chmod 700`), or set SHAREGRAPH_CACHE_DIR to another directory"
            )
            return GraphLoader()
        }
        return GraphLoader(cache: cache)
    }

    /// The cache in its default directory, if one can be named.
    static var cache: GraphCache? {
        GraphCache.defaultDirectory().map { GraphCache(directory: $0, toolVersion: SharegraphCommand.version) }
    }
}

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Show or clear the compiled-graph cache.",
        discussion: """
            Each graph file's parse is kept in the cache, keyed by the file's real path, size and SHA-256 and by this build of sharegraph; a later command that reads the same bytes takes the parse from the cache instead of parsing YAML, and an edited file is parsed again on its own. An entry that is missing, stale, truncated or damaged is ignored and written anew. The cache holds what the graph files hold (party names, contact addresses), never a subject file or a request; its files are readable by their owner alone.

            The cache lives in $SHAREGRAPH_CACHE_DIR, else $XDG_CACHE_HOME/sharegraph, else ~/.cache/sharegraph. --no-cache on any command reads the files without it.

            Examples:
              sharegraph cache info
              sharegraph cache clear
            """
    )

    enum Action: String, ExpressibleByArgument, CaseIterable {
        case info, clear
    }

    @Argument(help: "info (where the cache is and what it holds) or clear (remove every entry).")
    var action: Action = .info

    func run() throws {
        guard let cache = CacheOptions.cache else {
            Terminal.error("no cache directory: set SHAREGRAPH_CACHE_DIR, XDG_CACHE_HOME or HOME")
            throw ExitCode(1)
        }
        switch action {
        case .info:
            let summary = cache.summary()
            print(
                "\(cache.directory): \(summary.entries) \(summary.entries == 1 ? "entry" : "entries"), \(Self.size(summary.bytes))"
            )
        case .clear:
            do {
                let removed = try cache.clear()
                print("removed \(removed) \(removed == 1 ? "entry" : "entries") from \(cache.directory)")
            } catch {
                Terminal.standardError(
                    "error: cannot clear \(cache.directory): \(error.localizedDescription); check its permissions")
                throw ExitCode(1)
            }
        }
    }

    static func size(_ bytes: Int) -> String {
        bytes >= 1 << 20 ? "\((Double(bytes) / 1_048_576 * 10).rounded() / 10) MiB" : "\(bytes / 1024) KiB"
    }
}
