// Reads graph files and directories from disk into one assembled Graph, with located diagnostics.

import Foundation
public import SharegraphCore
import SharegraphSupport

/// What a load produced: the graph, every problem found, and the files' text for snippets.
public struct LoadResult: Sendable {
    /// The assembled graph; complete when `diagnostics` has no errors.
    public var graph: Graph
    /// Every problem from reading, parsing and assembling, in report order.
    public var diagnostics: [Diagnostic]
    /// The text of each file read, by path.
    public var files: [String: SourceFile]
    /// The files read, in load order.
    public var paths: [String]
}

/// What parsing one file gave: the document (nil when the file could not be read as YAML) and its findings.
public struct ParsedFile: Sendable, Equatable {
    /// The file's elements; nil when its text or YAML was unreadable.
    public var document: GraphDocument?
    /// Every problem found in the file, in the order the parser found them.
    public var diagnostics: [Diagnostic]
    /// Whether the bytes passed the text checks (UTF-8, bounds), so that lines can be quoted.
    public var isText: Bool

    /// Creates a parse result.
    public init(document: GraphDocument?, diagnostics: [Diagnostic], isText: Bool) {
        self.document = document
        self.diagnostics = diagnostics
        self.isText = isText
    }
}

/// What identifies one file's bytes to a cache: the entry's name (from the file's real path) and
/// a digest of everything its parse depends on (path, bytes, limits, the build).
public struct ParsedFileKey: Sendable, Hashable {
    /// The entry's name; the same for every version of the file.
    public var name: String
    /// The digest an entry must carry to be this version's.
    public var digest: [UInt8]

    /// Creates a key.
    public init(name: String, digest: [UInt8]) {
        self.name = name
        self.digest = digest
    }
}

/// Parses kept from earlier runs, looked up by a file's path and exact bytes, and the findings of
/// assembling an exact set of files.
///
/// A cache answers only for the key it was given when the parse was stored; anything else
/// (another version of the file, other limits, an unreadable entry) is a miss, and a miss is
/// always safe: the loader parses the file and checks the assembly.
public protocol ParsedFileCache: Sendable {
    /// The key of exactly these bytes of the file under these limits; nil when it cannot be cached.
    func key(file: String, bytes: [UInt8], limits: LoaderLimits) -> ParsedFileKey?
    /// The kept parse for the key, or nil.
    func parsed(_ key: ParsedFileKey, file: String) -> ParsedFile?
    /// Keeps a parse; failures to keep it are not errors.
    func store(_ parsed: ParsedFile, key: ParsedFileKey, file: String)
    /// The findings of assembling exactly these files (keys in load order), or nil.
    func assembly(of keys: [ParsedFileKey], files: [String]) -> [Diagnostic]?
    /// Keeps the findings of assembling these files.
    func storeAssembly(_ diagnostics: [Diagnostic], of keys: [ParsedFileKey], files: [String])
}

/// Loads graph files: a directory loads every `*.yaml` and `*.yml` file in it, sorted by name.
public struct GraphLoader: Sendable {
    /// The bounds every file must respect.
    public var limits: LoaderLimits
    /// Where files parsed before are looked up by their bytes, and new parses are kept; nil parses every file.
    public var cache: (any ParsedFileCache)?

    /// Creates a loader.
    public init(limits: LoaderLimits = LoaderLimits(), cache: (any ParsedFileCache)? = nil) {
        self.limits = limits
        self.cache = cache
    }

    /// Loads files and directories; never throws: every problem becomes a diagnostic.
    public func load(paths: [String]) -> LoadResult {
        var diagnostics: [Diagnostic] = []
        let files = expand(paths, diagnostics: &diagnostics)
        var documents: [GraphDocument] = []
        var sources: [String: SourceFile] = [:]
        var keys: [ParsedFileKey] = []
        // Files are independent until assembly, so they are read and decoded side by side; the
        // results are taken in file order, so the graph and its findings do not depend on timing.
        for (file, loaded) in zip(files, Parallel.map(files.count) { loadFile(files[$0]) }) {
            diagnostics += loaded.diagnostics
            if let source = loaded.source { sources[file] = source }
            if let document = loaded.document { documents.append(document) }
            if let key = loaded.key { keys.append(key) }
        }
        // The same files assemble to the same findings: with every file's key known, an earlier
        // assembly's findings are taken instead of checking again.
        let assemblyIsKnown = keys.count == files.count && !files.isEmpty
        let assembled: (graph: Graph, diagnostics: [Diagnostic])
        if assemblyIsKnown, let cache, let checked = cache.assembly(of: keys, files: files) {
            assembled = Graph.assemble(consume documents, checkedBefore: checked)
        } else {
            assembled = Graph.assemble(consume documents)
            if assemblyIsKnown { cache?.storeAssembly(assembled.diagnostics, of: keys, files: files) }
        }
        diagnostics += assembled.diagnostics
        return LoadResult(
            graph: assembled.graph, diagnostics: Self.syntaxFirst(diagnostics), files: sources,
            paths: files)
    }

    /// Findings in report order, except that a file that cannot be parsed comes first: the findings
    /// of other files may follow from it (a party it would have declared is then "unknown"), so it is
    /// the one to fix first, and its hint says so.
    static func syntaxFirst(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        // Report order already puts them first; only the hint is added here.
        var sorted = diagnostics.sorted(by: Diagnostic.reportOrder)
        let following = sorted.count { !$0.isUnparsable }
        guard following > 0 else { return sorted }
        let follow =
            "the \(following == 1 ? "finding" : "\(following) findings") after this may follow from it: fix it first"
        for position in sorted.indices where sorted[position].isUnparsable {
            sorted[position].hint = sorted[position].hint.map { "\($0); \(follow)" } ?? follow
        }
        return sorted
    }

    /// Loads graph files given as bytes, each under the name diagnostics should show (a file at a
    /// git revision, `main:Graphs/vekstly.yaml`); never throws.
    public func load(texts: [(name: String, bytes: [UInt8])]) -> LoadResult {
        var diagnostics: [Diagnostic] = []
        var documents: [GraphDocument] = []
        var sources: [String: SourceFile] = [:]
        let parsed = Parallel.map(texts.count) { parse(text: texts[$0].bytes, file: texts[$0].name) }
        for (text, file) in zip(texts, parsed) {
            diagnostics += file.diagnostics
            if let source = file.source { sources[text.name] = source }
            if let document = file.document { documents.append(document) }
        }
        let assembled = Graph.assemble(consume documents)
        diagnostics += assembled.diagnostics
        return LoadResult(
            graph: assembled.graph, diagnostics: Self.syntaxFirst(diagnostics), files: sources,
            paths: texts.map(\.name))
    }

    /// Parses text as one graph file; used by `load` and by tests that need no disk. The text is
    /// kept for quotes, unless `readBack` can give it again (the file on disk), in which case only
    /// where its lines start is kept.
    public func parse(
        text bytes: [UInt8], file: String, readBack: (@Sendable () -> String?)? = nil
    ) -> (document: GraphDocument?, source: SourceFile?, diagnostics: [Diagnostic]) {
        let text: String
        switch Prescan(file: file, limits: limits).validate(bytes) {
        case .failure(let problem): return (nil, nil, [problem])
        case .success(let valid): text = valid
        }
        let source =
            readBack.map { SourceFile(path: file, text: text, readBack: $0) } ?? SourceFile(path: file, text: text)
        let root: Node?
        do {
            root = try YAMLComposer.compose(text)
        } catch {
            return (nil, source, [Self.diagnostic(for: error, file: file, text: text)])
        }
        guard let root else { return (GraphDocument(file: file), source, []) }
        let context = DecodeContext(file: file, limits: limits, budget: limits.nodeBudget(forFileBytes: bytes.count))
        do {
            let document = try DocumentDecoder(context: context).decode(root)
            return (document, source, context.diagnostics)
        } catch {
            context.error(
                "limit-exceeded", "the file expands to more YAML nodes than its size allows (alias expansion?)",
                at: SourceLocation(file: file, line: 1, column: 1),
                hint: "aliases may not multiply the document; write the values out")
            return (nil, source, context.diagnostics)
        }
    }

    private func loadFile(_ file: String) -> (
        document: GraphDocument?, source: SourceFile?, diagnostics: [Diagnostic], key: ParsedFileKey?
    ) {
        switch read(file) {
        case .failure(let problem): return (nil, nil, [problem], nil)
        case .success(let bytes):
            // The text is on disk: a quote reads it again, through the same checks, instead of holding it.
            let readBack: @Sendable () -> String? = { [self] in
                guard case .success(let again) = read(file),
                    case .success(let text) = Prescan(file: file, limits: limits).validate(again)
                else {
                    return nil
                }
                return text
            }
            let key = cache?.key(file: file, bytes: bytes, limits: limits)
            if let cache, let key, let parsed = cache.parsed(key, file: file) {
                // The same bytes under the same limits parse to the same document: only valid text was kept as text.
                let text = String(decoding: Prescan.withoutByteOrderMark(bytes), as: UTF8.self)
                let source = parsed.isText ? SourceFile(path: file, text: text, readBack: readBack) : nil
                return (parsed.document, source, parsed.diagnostics, key)
            }
            let parsed = parse(text: bytes, file: file, readBack: readBack)
            if let cache, let key {
                cache.store(
                    ParsedFile(
                        document: parsed.document, diagnostics: parsed.diagnostics, isText: parsed.source != nil),
                    key: key, file: file)
            }
            return (parsed.document, parsed.source, parsed.diagnostics, key)
        }
    }

    private func read(_ file: String) -> Result<[UInt8], Diagnostic> {
        InputFile.read(
            file, limit: limits.maxFileBytes, what: "graph file",
            hint: "check the path and its permissions; a larger graph goes in several files in one directory")
    }

    private func expand(_ paths: [String], diagnostics: inout [Diagnostic]) -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                diagnostics.append(
                    Self.ioError(
                        path, "no such file or directory", hint: "give a graph file or a directory of *.yaml files"))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let entries = ((try? manager.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
                .sorted()
            if entries.isEmpty {
                diagnostics.append(
                    Self.ioError(path, "the directory holds no *.yaml files", hint: "give a directory of graph files"))
            }
            let prefix = path.hasSuffix("/") ? path : path + "/"
            files += entries.map { prefix + $0 }
        }
        if files.count > limits.maxFiles {
            diagnostics.append(
                Self.ioError(
                    paths.first ?? "", "\(files.count) files is more than the limit of \(limits.maxFiles)",
                    hint: "load fewer files at once"))
            return Array(files.prefix(limits.maxFiles))
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    private static func ioError(_ path: String, _ message: String, hint: String) -> Diagnostic {
        Diagnostic(
            id: "io-error", severity: .error, message: message, at: SourceLocation(file: path, line: 0, column: 0),
            hint: hint)
    }

    /// A YAML syntax error as a located diagnostic.
    static func diagnostic(for error: YAMLSyntaxError, file: String, text: String) -> Diagnostic {
        func at(_ mark: Node.Mark?) -> SourceLocation {
            let line = max(mark?.line ?? 1, 1)
            // Text cut short (an unclosed bracket or quote) is reported where the parser ran out,
            // past the last line; the place to fix is the end of that line.
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if text.hasSuffix("\n") { lines.removeLast() }
            if line > lines.count, let last = lines.last {
                return SourceLocation(file: file, line: lines.count, column: last.count + 1)
            }
            return SourceLocation(file: file, line: line, column: max(mark?.column ?? 1, 1))
        }
        let hint = "check indentation (spaces, not tabs), `key: value` spacing, and that quotes and brackets are closed"
        switch error.kind {
        case .syntax(let context):
            let detail = context.map { " \($0)" } ?? ""
            return Diagnostic(
                id: "yaml-syntax", severity: .error, message: "YAML syntax error: \(error.problem)\(detail)",
                at: at(error.mark), hint: hint)
        case .duplicateKeys(let duplicates):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return Diagnostic(
                id: "duplicate-key", severity: .error, message: "key \(keys) appears twice in the same mapping",
                at: at(error.mark), hint: "remove or merge the repeated key")
        case .reader(let offset):
            var location = at(nil)
            if let offset {
                let prefix = text.utf8.prefix(offset)
                let line = prefix.filter { $0 == UInt8(ascii: "\n") }.count + 1
                let lastLine = prefix.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).last ?? []
                location = SourceLocation(
                    file: file, line: line, column: lastLine.filter { $0 & 0xC0 != 0x80 }.count + 1)
            }
            return Diagnostic(
                id: "invalid-encoding", severity: .error, message: "cannot read YAML: \(error.problem)", at: location,
                hint: "graph files must be UTF-8 text without control characters")
        }
    }
}
