// The layering as a checked fact: each module imports only what its place allows, so dependencies
// point one way (the tool -> features -> core) and the core stays the model and its rules, with no
// file, network or terminal code. A new import fails here until it is added to its module's list on
// purpose.

import Foundation
import Testing

struct LayeringTests {
    /// What each module may import. The core: the standard library and `Synchronization` only.
    static let allowed: [String: Set<String>] = [
        "SharegraphCore": ["Synchronization"],
        "SharegraphSupport": ["Dispatch", "Foundation", "Synchronization", "Glibc"],
        "SharegraphYAML": ["SharegraphCore", "SharegraphSupport", "CYaml", "Foundation", "Glibc", "Synchronization"],
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

    /// Every module imported by a module's files, with the file that imports it.
    static func imports(of module: String) throws -> [(module: String, file: String)] {
        let directory = sources.appendingPathComponent(module)
        guard let files = FileManager.default.enumerator(atPath: directory.path) else { return [] }
        var found: [(String, String)] = []
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ").filter {
                    !$0.hasPrefix("@") && !["public", "internal", "package", "private", "fileprivate"].contains($0)
                }
                guard words.count >= 2, words[0] == "import" else { continue }
                found.append((String(words[1].split(separator: ".")[0]), "\(module)/\(file)"))
            }
        }
        return found
    }

    @Test(arguments: allowed.keys.sorted()) func moduleImportsOnlyWhatItsLayerAllows(_ module: String) throws {
        let imports = try Self.imports(of: module)
        #expect(!imports.isEmpty || module == "SharegraphCore", "no sources found for \(module)")
        for (imported, file) in imports {
            #expect(
                Self.allowed[module]?.contains(imported) == true, "\(file) imports \(imported), which \(module) may not"
            )
        }
    }

    /// Every module of the package is listed, so a new one gets its rule when it is added.
    @Test func everyModuleHasARule() throws {
        let modules = try FileManager.default.contentsOfDirectory(atPath: Self.sources.path).filter {
            !$0.hasPrefix(".")
        }
        for module in modules where module != "sharegraph" && module != "CGraphviz" {
            #expect(Self.allowed[module] != nil, "\(module) has no layering rule")
        }
    }
}
