// The compiled-graph cache: a parse read back equals the parse, a load through the cache gives the
// same graph and findings as a load without it, only changed files are parsed again, and no
// damage to an entry (truncation, flipped bytes, another file's or another build's entry) changes
// an answer or stops a load.

import Foundation
import SharegraphCore
import SharegraphYAML
import Synchronization
import Testing

@testable import SharegraphCache

enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..")
        .standardized
    static let seeds = repository.appendingPathComponent("Graphs").path

    /// A new empty directory, removed by the caller.
    static func temporary() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-cache-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// A cache that counts what it answered, around the real one.
final class CountingCache: ParsedFileCache {
    let inner: GraphCache
    private let counts = Mutex((hits: 0, misses: 0, assemblyHits: 0, assemblyMisses: 0))

    init(_ inner: GraphCache) { self.inner = inner }

    var hits: Int { counts.withLock { $0.hits } }
    var misses: Int { counts.withLock { $0.misses } }
    var assemblyHits: Int { counts.withLock { $0.assemblyHits } }
    var assemblyMisses: Int { counts.withLock { $0.assemblyMisses } }

    func key(file: String, bytes: [UInt8], limits: LoaderLimits) -> ParsedFileKey? {
        inner.key(file: file, bytes: bytes, limits: limits)
    }

    func parsed(_ key: ParsedFileKey, file: String) -> ParsedFile? {
        let parsed = inner.parsed(key, file: file)
        counts.withLock {
            if parsed == nil { $0.misses += 1 } else { $0.hits += 1 }
        }
        return parsed
    }

    func store(_ parsed: ParsedFile, key: ParsedFileKey, file: String) { inner.store(parsed, key: key, file: file) }

    func assembly(of keys: [ParsedFileKey], files: [String]) -> [Diagnostic]? {
        let found = inner.assembly(of: keys, files: files)
        counts.withLock {
            if found == nil { $0.assemblyMisses += 1 } else { $0.assemblyHits += 1 }
        }
        return found
    }

    func storeAssembly(_ diagnostics: [Diagnostic], of keys: [ParsedFileKey], files: [String]) {
        inner.storeAssembly(diagnostics, of: keys, files: files)
    }
}

/// Everything a command's answer depends on in a load: findings, lint findings and every element.
struct Answer: Equatable, CustomStringConvertible {
    var diagnostics: [Diagnostic]
    var findings: [Diagnostic]
    var parties: [Party]
    var purposes: [Purpose]
    var contracts: [Contract]
    var duties: [RetentionDuty]
    var flows: [Flow]
    var categories: [String]
    var quoted: [String?]

    init(_ result: LoadResult) {
        diagnostics = result.diagnostics
        findings = Linter(graph: result.graph).findings()
        parties = result.graph.parties
        purposes = result.graph.purposes
        contracts = result.graph.contracts
        duties = result.graph.duties
        flows = Array(result.graph.flows)
        categories = result.graph.taxonomy.categories.values.map { "\($0)" }.sorted()
        // The line each finding quotes, as `check` prints it.
        quoted = (diagnostics + findings).map { result.files[$0.location.file]?.line($0.location.line) }
    }

    /// Short, so that a failure shows the sizes rather than every element.
    var description: String {
        "\(diagnostics.count) diagnostics, \(findings.count) findings, \(parties.count) parties, \(purposes.count) purposes, \(flows.count) flows"
    }
}

struct DocumentCodingTests {
    /// Every seed file, and files with every kind of loader error, read back equal to their parse.
    @Test func parsesReadBackEqual() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Paths.seeds).filter { $0.hasSuffix(".yaml") }
            .map { Paths.seeds + "/" + $0 }
        #expect(files.count >= 8)
        var texts = try files.map { ($0, Array(try String(contentsOfFile: $0, encoding: .utf8).utf8)) }
        texts += GraphGenerator(parties: 200, flows: 2_000, seed: 3).files().map {
            ("generated/\($0.name)", Array($0.text.utf8))
        }
        texts.append(
            ("bad/keys.yaml", Array("sharegraph: 1\nparties:\n  - id: Bad Id\n    nmae: x\n    kind: robot\n".utf8)))
        texts.append(
            (
                "new/fields.yaml",
                Array(
                    """
                    sharegraph: 1
                    parties:
                      - id: clinic
                        name: Clinic
                        name-nb: Klinikken
                        systems: [{id: clinic.records, name: Records, name-nb: Journalsystemet}]
                    categories:
                      - {id: health.notes, name: clinical notes, name-nb: journalnotater, special: true}
                    duties:
                      - id: record
                        law: patientdatalagen 3 kap. 17 §
                        retention: at least last-entry + 10 years
                        categories: [health]
                        keeps: in-use
                    """.utf8)
            ))
        texts.append(("bad/syntax.yaml", Array("parties: [\n".utf8)))
        texts.append(("bad/nul.yaml", [0x61, 0x00, 0x62]))
        texts.append(("bad/latin1.yaml", [0x61, 0x3A, 0x20, 0xE6, 0x0A]))
        for (file, bytes) in texts {
            let parse = GraphLoader().parse(text: bytes, file: file)
            let parsed = ParsedFile(
                document: parse.document, diagnostics: parse.diagnostics, isText: parse.source != nil)
            let encoded = try #require(DocumentCoding.encode(parsed, file: file))
            #expect(try DocumentCoding.decode(encoded, file: file) == parsed, "\(file)")
        }
    }

    /// A parse that names a place in another file cannot be kept: the layout stores places in its own file.
    @Test func foreignPlacesAreNotKept() {
        let diagnostic = Diagnostic(
            id: "x", severity: .error, message: "m", at: SourceLocation(file: "other.yaml", line: 1, column: 1))
        #expect(
            DocumentCoding.encode(ParsedFile(document: nil, diagnostics: [diagnostic], isText: true), file: "this.yaml")
                == nil)
    }

    /// Decoding damaged payloads (checksum bypassed) throws or gives a value; it never traps or hangs.
    @Test func damagedPayloadsNeverTrap() throws {
        let file = Paths.seeds + "/jetpak.yaml"
        let parse = GraphLoader().parse(text: Array(try String(contentsOfFile: file, encoding: .utf8).utf8), file: file)
        let payload = try #require(
            DocumentCoding.encode(
                ParsedFile(document: parse.document, diagnostics: parse.diagnostics, isText: true), file: file))
        var random = SystemRandomNumberGenerator()
        for round in 0..<3_000 {
            var damaged = payload
            switch round % 4 {
            case 0: damaged = Array(damaged.prefix(Int.random(in: 0..<damaged.count, using: &random)))
            case 1:
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    damaged[Int.random(in: 0..<damaged.count, using: &random)] = UInt8.random(
                        in: 0...255, using: &random)
                }
            case 2:
                damaged.insert(
                    UInt8.random(in: 0...255, using: &random), at: Int.random(in: 0..<damaged.count, using: &random))
            default:
                // A huge count where a small one was.
                let at = Int.random(in: 0..<damaged.count - 10, using: &random)
                damaged.replaceSubrange(at..<at + 5, with: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
            }
            _ = try? DocumentCoding.decode(damaged, file: file)
        }
    }
}

struct GraphCacheTests {
    static let toolVersion = "test"

    /// The second load takes every file from the cache and answers as a load without it.
    @Test func secondLoadUsesTheCacheAndAnswersTheSame() throws {
        let directory = try Paths.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let expected = Answer(GraphLoader().load(paths: [Paths.seeds]))
        let first = CountingCache(GraphCache(directory: directory, toolVersion: Self.toolVersion))
        #expect(Answer(GraphLoader(cache: first).load(paths: [Paths.seeds])) == expected)
        #expect(first.hits == 0)
        let second = CountingCache(GraphCache(directory: directory, toolVersion: Self.toolVersion))
        #expect(Answer(GraphLoader(cache: second).load(paths: [Paths.seeds])) == expected)
        #expect(second.misses == 0)
        #expect(second.hits == first.misses)
        #expect(first.assemblyMisses == 1)
        #expect(second.assemblyHits == 1)
    }

    /// Findings of the assembly (ids across files) come back from the cache at their places, in
    /// the files as this run names them, and go when the file that caused them is mended.
    @Test func assemblyFindingsAreKeptAndFollowEdits() throws {
        let graphs = try Paths.temporary()
        let directory = try Paths.temporary()
        defer { for path in [graphs, directory] { try? FileManager.default.removeItem(atPath: path) } }
        let shared = "sharegraph: 1\nparties:\n  - {id: acme, name: Acme, kind: company, country: NO}\n"
        let broken =
            "sharegraph: 1\nparties:\n  - {id: acme, name: Acme again, kind: company, country: NO}\nflows:\n  - {from: acme, to: nowhere, role: processor, categories: [contact.email]}\n"
        try shared.write(toFile: graphs + "/a.yaml", atomically: true, encoding: .utf8)
        try broken.write(toFile: graphs + "/b.yaml", atomically: true, encoding: .utf8)
        let expected = Answer(GraphLoader().load(paths: [graphs]))
        #expect(expected.diagnostics.map(\.id).contains("duplicate-id"))
        #expect(expected.diagnostics.map(\.id).contains("unknown-reference"))
        _ = GraphLoader(cache: GraphCache(directory: directory, toolVersion: Self.toolVersion)).load(paths: [graphs])
        let again = CountingCache(GraphCache(directory: directory, toolVersion: Self.toolVersion))
        #expect(Answer(GraphLoader(cache: again).load(paths: [graphs])) == expected)
        #expect(again.assemblyHits == 1)
        // Loaded under another name for the same directory: `already defined at PATH` names the
        // file as given, so the kept findings are not used, and the answer follows the name.
        let renamed = graphs + "/."
        let other = CountingCache(GraphCache(directory: directory, toolVersion: Self.toolVersion))
        let answer = Answer(GraphLoader(cache: other).load(paths: [renamed]))
        #expect(other.assemblyMisses == 1)
        #expect(answer == Answer(GraphLoader().load(paths: [renamed])))
        #expect(answer.diagnostics.allSatisfy { $0.location.file.hasPrefix(renamed) })

        try broken.replacingOccurrences(of: "id: acme, name: Acme again", with: "id: acme-two, name: Acme again")
            .write(toFile: graphs + "/b.yaml", atomically: true, encoding: .utf8)
        let edited = CountingCache(GraphCache(directory: directory, toolVersion: Self.toolVersion))
        let mended = Answer(GraphLoader(cache: edited).load(paths: [graphs]))
        #expect(edited.assemblyMisses == 1)
        #expect(mended == Answer(GraphLoader().load(paths: [graphs])))
        #expect(!mended.diagnostics.map(\.id).contains("duplicate-id"))
    }

    /// Editing one file parses that file again and no other; the answer follows the edit.
    @Test func anEditedFileIsParsedAgain() throws {
        let graphs = try copyOfSeeds()
        let directory = try Paths.temporary()
        defer { for path in [graphs, directory] { try? FileManager.default.removeItem(atPath: path) } }
        _ = GraphLoader(cache: GraphCache(directory: directory, toolVersion: Self.toolVersion)).load(paths: [graphs])
        let file = graphs + "/jetpak.yaml"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try text.replacingOccurrences(of: "name: Jetpak", with: "name: Jetpak Renamed").write(
            toFile: file, atomically: true, encoding: .utf8)
        let counting = CountingCache(GraphCache(directory: directory, toolVersion: Self.toolVersion))
        let answer = Answer(GraphLoader(cache: counting).load(paths: [graphs]))
        #expect(counting.misses == 1)
        #expect(answer == Answer(GraphLoader().load(paths: [graphs])))
        #expect(answer.parties.contains { $0.name.value.hasSuffix("Jetpak Renamed") })
    }

    /// An entry written by another build, or under other limits, is not used.
    @Test func anotherBuildOrOtherLimitsMiss() throws {
        let directory = try Paths.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = GraphLoader(cache: GraphCache(directory: directory, toolVersion: "1.0")).load(paths: [Paths.seeds])
        let other = CountingCache(GraphCache(directory: directory, toolVersion: "1.1"))
        _ = GraphLoader(cache: other).load(paths: [Paths.seeds])
        #expect(other.hits == 0)
        var limits = LoaderLimits()
        limits.maxIDLength = 20
        let strict = CountingCache(GraphCache(directory: directory, toolVersion: "1.1"))
        let answer = Answer(GraphLoader(limits: limits, cache: strict).load(paths: [Paths.seeds]))
        #expect(strict.hits == 0)
        #expect(answer == Answer(GraphLoader(limits: limits).load(paths: [Paths.seeds])))
    }

    /// A new build or other limits replace a file's entry instead of leaving the old one beside it.
    @Test func aNewBuildReplacesEntries() throws {
        let directory = try Paths.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = GraphLoader(cache: GraphCache(directory: directory, toolVersion: "1.0")).load(paths: [Paths.seeds])
        let first = GraphCache(directory: directory, toolVersion: "1.0").summary().entries
        _ = GraphLoader(cache: GraphCache(directory: directory, toolVersion: "1.1")).load(paths: [Paths.seeds])
        #expect(GraphCache(directory: directory, toolVersion: "1.1").summary().entries == first)
    }

    /// A file that opens with a byte-order mark quotes the same line from the cache as without it.
    @Test func aFileWithAByteOrderMarkQuotesTheSameLines() throws {
        let graphs = try Paths.temporary()
        let directory = try Paths.temporary()
        defer { for path in [graphs, directory] { try? FileManager.default.removeItem(atPath: path) } }
        let text = "\u{FEFF}sharegraph: 2\nparties:\n  - {id: acme, name: Acme, kind: company, country: NO}\n"
        try text.write(toFile: graphs + "/bom.yaml", atomically: true, encoding: .utf8)
        let expected = Answer(GraphLoader().load(paths: [graphs]))
        #expect(expected.quoted.contains("sharegraph: 2"))
        _ = GraphLoader(cache: GraphCache(directory: directory, toolVersion: Self.toolVersion)).load(paths: [graphs])
        let counting = CountingCache(GraphCache(directory: directory, toolVersion: Self.toolVersion))
        #expect(Answer(GraphLoader(cache: counting).load(paths: [graphs])) == expected)
        #expect(counting.hits == 1)
    }

    /// Fuzz: entries truncated, altered, swapped between files, emptied or replaced by garbage; every
    /// load answers as a load without a cache, and the damaged entries are mended for the next run.
    @Test func damagedEntriesNeverChangeAnAnswer() throws {
        let graphs = try Paths.temporary()
        let directory = try Paths.temporary()
        defer { for path in [graphs, directory] { try? FileManager.default.removeItem(atPath: path) } }
        for file in GraphGenerator(parties: 120, flows: 1_200, seed: 5).files() {
            try file.text.write(toFile: graphs + "/" + file.name, atomically: true, encoding: .utf8)
        }
        let expected = Answer(GraphLoader().load(paths: [graphs]))
        let fileCount = try FileManager.default.contentsOfDirectory(atPath: graphs).count
        let cache = GraphCache(directory: directory, toolVersion: Self.toolVersion)
        var random = SystemRandomNumberGenerator()
        for round in 0..<60 {
            _ = GraphLoader(cache: cache).load(paths: [graphs])
            let entries = try FileManager.default.contentsOfDirectory(atPath: directory).filter { !$0.hasPrefix(".") }
                .sorted()
            #expect(entries.count == fileCount + 1)
            for name in entries where Bool.random(using: &random) {
                let path = directory + "/" + name
                var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
                switch round % 6 {
                case 0: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random)))
                case 1:
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
                case 2:
                    bytes = Array(
                        try Data(
                            contentsOf: URL(fileURLWithPath: directory + "/" + entries.randomElement(using: &random)!)))
                case 3: bytes = []
                case 4:
                    bytes = (0..<Int.random(in: 1...4096, using: &random)).map { _ in
                        UInt8.random(in: 0...255, using: &random)
                    }
                default: bytes += [0]
                }
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            }
            #expect(Answer(GraphLoader(cache: cache).load(paths: [graphs])) == expected, "round \(round)")
        }
    }

    /// Entries are readable by their owner alone; `clear` removes them all.
    @Test func entriesArePrivateAndClearRemovesThem() throws {
        let directory = try Paths.temporary() + "/nested"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = GraphCache(directory: directory, toolVersion: Self.toolVersion)
        _ = GraphLoader(cache: cache).load(paths: [Paths.seeds])
        let names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(!names.isEmpty)
        for name in names {
            let mode =
                try FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.posixPermissions] as? Int
            #expect(mode == 0o600)
        }
        #expect(try FileManager.default.attributesOfItem(atPath: directory)[.posixPermissions] as? Int == 0o700)
        let entries = names.filter { $0 != GraphCache.secretName }
        #expect(names.contains(GraphCache.secretName), "the secret entries are authenticated with")
        #expect(cache.summary().entries == entries.count)
        #expect(try cache.clear() == entries.count)
        #expect(cache.summary().entries == 0)
    }

    /// A directory others can write, or a symbolic link in its place, could hold entries someone
    /// else planted: it is refused, with the reason, and nothing is read from it or written to it.
    @Test func aDirectoryOthersCanWriteOrALinkIsRefused() throws {
        let base = try Paths.temporary()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let open = base + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
        #expect(chmod(open, 0o777) == 0)
        let shared = GraphCache(directory: open, toolVersion: Self.toolVersion)
        #expect(shared.refusal() == "can be written by other users")
        _ = GraphLoader(cache: shared).load(paths: [Paths.seeds])
        #expect(try FileManager.default.contentsOfDirectory(atPath: open).isEmpty, "nothing written")

        let real = base + "/real"
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: base + "/link", withDestinationPath: real)
        let linked = GraphCache(directory: base + "/link", toolVersion: Self.toolVersion)
        #expect(linked.refusal()?.hasPrefix("is a symbolic link") == true)
        _ = GraphLoader(cache: linked).load(paths: [Paths.seeds])
        #expect(try FileManager.default.contentsOfDirectory(atPath: real).isEmpty, "nothing written through the link")
        #expect(GraphCache(directory: base + "/new", toolVersion: Self.toolVersion).refusal() == nil)
    }

    /// Entries are authenticated with a secret only the user can read: a well-formed entry made
    /// without it (a forged parse, sealed with the right key digest and a valid layout) is a miss,
    /// and so is an entry replaced by a symbolic link to another, valid one.
    @Test func forgedAndLinkedEntriesAreMisses() throws {
        let directory = try Paths.temporary()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = CountingCache(GraphCache(directory: directory, toolVersion: Self.toolVersion))
        _ = GraphLoader(cache: cache).load(paths: [Paths.seeds])
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory).filter {
            $0.hasSuffix(GraphCache.entrySuffix)
        }.sorted()
        #expect(entries.count >= 2)
        // Forge: the same payload sealed under another secret, as anyone without the user's would.
        for name in entries {
            let path = directory + "/" + name
            let entry = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let header = GraphCache.magic.count + 32 + 32
            let key = Array(entry[GraphCache.magic.count..<GraphCache.magic.count + 32])
            let forged = GraphCache.seal(Array(entry[header...]), key: key, secret: Array(repeating: 7, count: 32))
            try Data(forged).write(to: URL(fileURLWithPath: path))
        }
        let before = cache.hits
        _ = GraphLoader(cache: cache).load(paths: [Paths.seeds])
        #expect(cache.hits == before, "no forged entry was used")
        // Link: one entry replaced by a link to another, valid, entry.
        let first = directory + "/" + entries[0]
        try FileManager.default.removeItem(atPath: first)
        try FileManager.default.createSymbolicLink(atPath: first, withDestinationPath: directory + "/" + entries[1])
        let afterForgery = cache.hits
        _ = GraphLoader(cache: cache).load(paths: [Paths.seeds])
        #expect(cache.hits == afterForgery + entries.count - 1, "every entry but the linked one is used")
    }

    /// A cache directory that cannot be written makes no load fail.
    @Test func anUnwritableCacheIsNotAnError() throws {
        let cache = GraphCache(directory: "/proc/sharegraph-cache", toolVersion: Self.toolVersion)
        #expect(
            Answer(GraphLoader(cache: cache).load(paths: [Paths.seeds]))
                == Answer(GraphLoader().load(paths: [Paths.seeds])))
    }

    @Test func defaultDirectoryFollowsTheEnvironment() {
        #expect(GraphCache.defaultDirectory(environment: ["SHAREGRAPH_CACHE_DIR": "/x", "HOME": "/h"]) == "/x")
        #expect(GraphCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]) == "/c/sharegraph")
        #expect(
            GraphCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "relative", "HOME": "/h"])
                == "/h/.cache/sharegraph")
        #expect(GraphCache.defaultDirectory(environment: [:]) == nil)
    }

    private func copyOfSeeds() throws -> String {
        let copy = try Paths.temporary()
        for name in try FileManager.default.contentsOfDirectory(atPath: Paths.seeds) where name.hasSuffix(".yaml") {
            try FileManager.default.copyItem(atPath: Paths.seeds + "/" + name, toPath: copy + "/" + name)
        }
        return copy
    }
}
