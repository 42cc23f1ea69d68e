// The layering as a checked fact: each module imports only what its place allows, so dependencies
// point one way (the tool -> features -> core) and the core stays the model and its rules, with no
// file, network or terminal code. A new import fails here until it is added to its module's list on
// purpose.

import Foundation
import SharegraphTestSupport
import Testing

struct LayeringTests {
    /// What each module may import. The core: the standard library and `Synchronization` only.
    static let allowed: [String: Set<String>] = [
        "SharegraphCore": ["Synchronization"],
        "SharegraphSupport": ["CSystemMalloc", "Dispatch", "Foundation", "Synchronization", "Glibc"],
        "SharegraphYAML": [
            "SharegraphCore", "SharegraphSupport", "CLibYAML", "Foundation", "Glibc", "Synchronization",
        ],
        "SharegraphCache": [
            "SharegraphCore", "SharegraphYAML", "SharegraphSupport", "Crypto", "Foundation", "Glibc", "Synchronization",
        ],
        "SharegraphRender": ["SharegraphCore", "CGraphviz", "Foundation", "Synchronization"],
        "SharegraphReport": ["SharegraphCore", "SharegraphRender", "SharegraphSupport", "Foundation"],
        "SharegraphLedger": [
            "SharegraphCore", "SharegraphSupport", "AsyncHTTPClient", "Crypto", "Foundation", "GRDB", "Glibc",
            "Logging", "NIOCore",
            "NIOHTTP1", "NIOHTTP", "Synchronization",
        ],
        // The record of processing: the model, and the libraries that write its files.
        "SharegraphRecords": ["SharegraphCore", "SharegraphRender", "CSV", "Foundation", "XMLCoder", "ZIPFoundation"],
        // Change impact: the same trace, lint, records and plans as every other answer, the ledger for
        // requests under way, and the renderer for the diagram.
        "SharegraphChange": [
            "SharegraphCore", "SharegraphRecords", "SharegraphReport", "SharegraphRender", "SharegraphLedger",
            "SharegraphSupport", "Foundation",
        ],
        // The server: every feature module behind HTTP; it reaches the web only through Hummingbird
        // (and NIO for the connection guard Hummingbird's pipeline takes).
        "SharegraphServer": [
            "SharegraphCore", "SharegraphYAML", "SharegraphReport", "SharegraphRender", "SharegraphLedger",
            "SharegraphSupport", "Crypto", "Foundation", "HTTPTypes", "Hummingbird", "Logging", "ServiceLifecycle",
            "Synchronization", "NIOCore", "NIOHTTPTypes",
        ],
    ]

    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "../../Sources"
    ).standardized

    /// A module's Swift files, by path within the module; an error when there are none, so a wrong
    /// source path fails rather than passing with nothing checked.
    static func files(of module: String) throws -> [String: String] {
        let directory = sources.appendingPathComponent(module)
        guard let enumerator = FileManager.default.enumerator(atPath: directory.path) else {
            throw LayeringError.noSources(directory.path)
        }
        var files: [String: String] = [:]
        for case let file as String in enumerator where file.hasSuffix(".swift") {
            files[file] = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
        }
        guard !files.isEmpty else { throw LayeringError.noSources(directory.path) }
        return files
    }

    enum LayeringError: Error { case noSources(String) }

    /// The module an `import` line names, whatever its indentation (spaces or tabs), attributes and
    /// access level; nil for any other line.
    static func importedModule(_ line: Substring) -> String? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).filter {
            !$0.hasPrefix("@") && !["public", "internal", "package", "private", "fileprivate"].contains($0)
        }
        guard words.count >= 2, words[0] == "import" else { return nil }
        // `import struct Foundation.Date` names its module after the kind.
        let kinds = ["struct", "class", "enum", "protocol", "typealias", "func", "var", "let"]
        let name = kinds.contains(String(words[1])) && words.count >= 3 ? words[2] : words[1]
        return String(name.split(separator: ".")[0])
    }

    /// Every module imported by a module's files, with the file that imports it.
    static func imports(of module: String) throws -> [(module: String, file: String)] {
        var found: [(String, String)] = []
        for (file, text) in try files(of: module) {
            for line in text.split(separator: "\n") {
                guard let imported = importedModule(line) else { continue }
                found.append((imported, "\(module)/\(file)"))
            }
        }
        return found
    }

    @Test(arguments: allowed.keys.sorted()) func moduleImportsOnlyWhatItsLayerAllows(_ module: String) throws {
        let imports = try Self.imports(of: module)
        for (imported, file) in imports {
            #expect(
                Self.allowed[module]?.contains(imported) == true, "\(file) imports \(imported), which \(module) may not"
            )
        }
    }

    /// The checker itself: an indented or tab-indented import is still an import, and a directory
    /// with no sources is an error, not a pass.
    @Test func theCheckerSeesEveryImportAndEveryMissingDirectory() {
        #expect(Self.importedModule("\timport Foundation") == "Foundation")
        #expect(Self.importedModule("    @preconcurrency public import Dispatch") == "Dispatch")
        #expect(Self.importedModule("import struct Foundation.Date") == "Foundation")
        #expect(Self.importedModule("// import Foundation") == nil)
        #expect(throws: LayeringError.self) { try Self.files(of: "NoSuchModule") }
    }

    /// "No I/O" in the core means more than no imports: no terminal I/O in its source, and no file,
    /// socket or process call among the symbols its compiled objects use (as Hummingbird's
    /// verify-foundation.sh checks its binary). The objects are those of the build under test.
    @Test func theCoreDoesNoIO() throws {
        for (file, text) in try Self.files(of: "SharegraphCore") {
            for call in ["print(", "readLine(", "FileHandle", "fopen(", "getenv("] {
                #expect(!text.contains(call), "SharegraphCore/\(file) calls \(call)")
            }
        }
        let build = Self.sources.deletingLastPathComponent().appendingPathComponent(".build")
        let objects = (FileManager.default.enumerator(atPath: build.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.contains("SharegraphCore.build/") && $0.hasSuffix(".o") }
        try #require(!objects.isEmpty, "no compiled objects of SharegraphCore under .build")
        let symbols = try Programs.run("nm", ["-u"] + objects.map { build.appendingPathComponent($0).path }).stdout
        let names = Set(symbols.split(separator: "\n").compactMap { $0.split(separator: " ").last.map(String.init) })
        let io = [
            "open", "open64", "openat", "read", "write", "fopen", "fopen64", "fread", "fwrite", "socket", "connect",
            "unlink", "rename", "fork", "execve", "posix_spawn", "getenv", "puts", "printf",
        ]
        for symbol in io { #expect(!names.contains(symbol), "SharegraphCore's objects call \(symbol)") }
        #expect(!names.contains { $0.hasPrefix("$s10Foundation") }, "SharegraphCore's objects use Foundation")
    }

    /// Every module of the package is listed, so a new one gets its rule when it is added.
    @Test func everyModuleHasARule() throws {
        let modules = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter {
            !$0.hasPrefix(".")
        }
        // The C system libraries (CGraphviz, CLibYAML, CSystemMalloc) are headers, not Swift modules.
        for module in modules where module != "sharegraph" && !module.hasPrefix("C") {
            #expect(Self.allowed[module] != nil, "\(module) has no layering rule")
        }
    }
}
