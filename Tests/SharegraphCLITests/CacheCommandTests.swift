// The compiled-graph cache as a user meets it: the same answers with and without it, an edit seen
// at once, damaged entries ignored, `--no-cache`, `cache info` and `cache clear`.

import Foundation
import Testing

struct CacheCommandTests {
    /// A copy of the seed graphs and a cache directory of the test's own.
    private func workspace() throws -> (graphs: String, cache: String) {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-cache-cli-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: root + "/graphs", withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: CLI.repository.path + "/Graphs")
        where name.hasSuffix(".yaml") {
            try FileManager.default.copyItem(
                atPath: CLI.repository.path + "/Graphs/" + name, toPath: root + "/graphs/" + name)
        }
        return (root + "/graphs", root + "/cache")
    }

    /// A cache directory other users can write used to be used without a word. The command says
    /// why it does not use it and what to do, and answers the same from the files.
    @Test func aCacheDirectoryOthersCanWriteIsRefusedWithAWord() throws {
        let (graphs, cache) = try workspace()
        defer { try? FileManager.default.removeItem(atPath: (graphs as NSString).deletingLastPathComponent) }
        try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: false)
        #expect(chmod(cache, 0o777) == 0)
        let output = try CLI.run(["check", graphs], environment: ["SHAREGRAPH_CACHE_DIR": cache])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("warning: the cache directory \(cache) can be written by other users"))
        #expect(output.stderr.contains("chmod 700"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache).isEmpty)
    }

    @Test func answersAreTheSameWithTheCacheAndAnEditIsSeen() throws {
        let (graphs, cache) = try workspace()
        defer { try? FileManager.default.removeItem(atPath: (graphs as NSString).deletingLastPathComponent) }
        let environment = ["SHAREGRAPH_CACHE_DIR": cache]
        let subject = "Samples/subjects/jetpak-private-customer-contract-ended.yaml"
        let trace = ["trace", subject, "--graphs", graphs, "--as-of", "2025-06-01", "--format", "json"]
        let uncached = try CLI.run(trace + ["--no-cache"], environment: environment)
        #expect(uncached.status == 0)
        #expect(!FileManager.default.fileExists(atPath: cache), "--no-cache writes no cache")
        let first = try CLI.run(trace, environment: environment)
        let second = try CLI.run(trace, environment: environment)
        #expect(first.stdout == uncached.stdout)
        #expect(second.stdout == uncached.stdout)
        // One entry per graph file and one for their assembly.
        let entries = try FileManager.default.contentsOfDirectory(atPath: graphs).count + 1
        #expect(try CLI.run(["cache", "info"], environment: environment).stdout.contains("\(entries) entries"))

        // `check` quotes the offending line of an edited file from the file as it is now.
        let file = graphs + "/jetpak.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "legal-basis: contract", with: "legal-basis: contrakt").write(
            toFile: file, atomically: true, encoding: .utf8)
        let check = try CLI.run(["check", graphs], environment: environment)
        let checkUncached = try CLI.run(["check", graphs, "--no-cache"], environment: environment)
        #expect(check.status == 1)
        #expect(check.stdout.contains("contrakt"))
        #expect(check.stdout == checkUncached.stdout)

        let cleared = try CLI.run(["cache", "clear"], environment: environment)
        #expect(cleared.status == 0)
        #expect(cleared.stdout.contains("removed \(entries) entries"))
        #expect(try CLI.run(["cache", "info"], environment: environment).stdout.contains(": 0 entries"))
    }

    @Test func damagedEntriesAreIgnoredAndMended() throws {
        let (graphs, cache) = try workspace()
        defer { try? FileManager.default.removeItem(atPath: (graphs as NSString).deletingLastPathComponent) }
        let environment = ["SHAREGRAPH_CACHE_DIR": cache]
        let recipients = ["recipients", "--graphs", graphs, "--party", "jetpak", "--format", "json"]
        let expected = try CLI.run(recipients + ["--no-cache"], environment: environment)
        _ = try CLI.run(recipients, environment: environment)
        let entries = try FileManager.default.contentsOfDirectory(atPath: cache).filter { $0.hasSuffix(".graph") }
        #expect(!entries.isEmpty)
        let originals = try entries.map { try Data(contentsOf: URL(fileURLWithPath: cache + "/" + $0)) }
        for (offset, name) in entries.enumerated() {
            let path = cache + "/" + name
            var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            if offset.isMultiple(of: 2) {
                bytes = Array(bytes.prefix(bytes.count / 2))
            } else {
                bytes[bytes.count - 1] ^= 0x5A
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let damaged = try CLI.run(recipients, environment: environment)
        #expect(damaged.stdout == expected.stdout)
        #expect(damaged.stderr == expected.stderr)
        // Each damaged entry was written anew, byte for byte as before.
        #expect(try entries.map { try Data(contentsOf: URL(fileURLWithPath: cache + "/" + $0)) } == originals)
        #expect(try CLI.run(recipients, environment: environment).stdout == expected.stdout)
    }
}
