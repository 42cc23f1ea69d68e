// Loading graphs and a subject file for the commands that trace, printing located errors.

import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphLedger
import SharegraphReport
import SharegraphSupport
import SharegraphYAML

enum Inputs {
    /// Loads and assembles graphs; prints every error with its place and exits 1 if there is one.
    static func graph(_ paths: [String], cache: CacheOptions) throws -> TraceIndex {
        let result = cache.loader.load(paths: paths)
        let errors = result.diagnostics.filter { $0.severity == .error }
        if !errors.isEmpty {
            report(errors, files: result.files)
            Terminal.standardError(
                "the graphs have errors; run `sharegraph check \(paths.joined(separator: " "))` for details")
            if let shared = missingSharedFile(paths) {
                Terminal.standardError(
                    "hint: \(shared) defines recipients several organisations share; load it too: \((paths + [shared]).joined(separator: " "))"
                )
            }
            throw ExitCode(1)
        }
        do {
            let index = try TraceIndex(graph: result.graph)
            releaseFreedMemory()
            return index
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }

    /// Gives the memory the load freed back to the system. The files are parsed on worker threads,
    /// whose malloc arenas otherwise keep what they freed, so the work after the load (a million-flow
    /// overview, say) would add to it instead of reusing it: at 100,000 parties this kept `render`
    /// above 1.5 GB.
    static func releaseFreedMemory() {
        Allocator.releaseFreedMemory()
    }

    /// A `shared.yaml` beside a single loaded file that was not loaded itself, if any.
    static func missingSharedFile(_ paths: [String]) -> String? {
        for path in paths where path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
            let shared = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("shared.yaml")
            let written = (path as NSString).deletingLastPathComponent
            let name = written.isEmpty ? "shared.yaml" : written + "/shared.yaml"
            let loaded = paths.contains {
                URL(fileURLWithPath: $0).standardized == shared.standardized
                    || URL(fileURLWithPath: $0).standardized == shared.deletingLastPathComponent().standardized
            }
            if !loaded, FileManager.default.fileExists(atPath: shared.path) { return name }
        }
        return nil
    }

    /// Loads graphs and a subject file; prints located errors and exits 1 on any.
    static func load(graphs: [String], subject path: String, cache: CacheOptions) throws -> (
        index: TraceIndex, subject: Subject
    ) {
        let index = try graph(graphs, cache: cache)
        let loaded = SubjectLoader().load(path: path, graph: index.graph)
        var files: [String: SourceFile] = [:]
        if let source = loaded.source { files[path] = source }
        report(loaded.diagnostics, files: files)
        guard let subject = loaded.subject else {
            Terminal.standardError(
                DiagnosticTextRenderer.summary(loaded.diagnostics, files: 1) + "; nothing was traced")
            throw ExitCode(1)
        }
        return (index, subject)
    }

    /// A wrong value that only the loaded graph can reveal: the message and exit status 2, like a usage error.
    /// A usage error: the message with any control character from an argument (a revision, a
    /// path) written out, so nothing typed or pasted can act on the terminal.
    static func usage(_ message: String) -> ExitCode {
        Terminal.error(message)
        return ExitCode(2)
    }

    static func report(_ diagnostics: [Diagnostic], files: [String: SourceFile]) {
        guard !diagnostics.isEmpty else { return }
        let renderer = DiagnosticTextRenderer(
            files: files, colour: Terminal.wantsColour(.auto) && isatty(STDERR_FILENO) == 1)
        for diagnostic in diagnostics { Terminal.standardError(renderer.render(diagnostic)) }
    }
}

enum Output {
    /// Writes to a file (atomically, so a failure leaves no half-written report) or to standard output.
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        try write(Data(text.utf8), to: path)
    }

    /// Writes bytes to a file atomically and owner-only: reports, traces, diagrams of a person and
    /// proofs hold personal data.
    static func write(_ data: Data, to path: String) throws {
        do throws(PrivateFileError) {
            try PrivateFile.write(data, to: path)
        } catch {
            Terminal.error("\(error); check that the directory exists and is writable")
            throw ExitCode(1)
        }
    }
}

/// `--format text|json`, for the commands that print a table or JSON for scripts.
enum TextOrJSON: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
