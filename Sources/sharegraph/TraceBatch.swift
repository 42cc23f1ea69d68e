// `sharegraph trace --batch`: many people in one run. The graphs are read once; the subjects are read
// and traced a slice at a time on all cores and written as they are done, so memory stays that of
// one slice whatever the batch's length. A slice is eight subjects a core: one person's trace on a
// large map is over a megabyte of JSON (1.4 MB on the generated 10,000-party map), and slices of a
// thousand peaked at 1.6 GB there.

import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphLedger
import SharegraphReport
import SharegraphSupport
import SharegraphYAML

struct TraceBatchRun {
    let command: TraceCommand
    let index: TraceIndex

    /// One line of the JSON-lines output: the trace, or the line's problems (which never repeat
    /// personal data).
    struct Line: Encodable {
        var line: Int
        var trace: TraceDocument?
        var errors: [CheckReport.Finding]?
    }

    /// What tracing one line produced.
    enum Outcome: Sendable {
        case traced(line: Int, reference: String?, text: String, pastRetention: String?)
        case failed(line: Int, diagnostics: [Diagnostic], text: String)
    }

    /// Subjects read and traced together: enough to keep every core busy, few enough that their
    /// traces fit in a few dozen megabytes.
    static let sliceSize = max(16, ProcessInfo.processInfo.activeProcessorCount * 8)

    func run(_ path: String) throws {
        let batch: SubjectBatch
        switch SubjectBatch.open(path: path) {
        case .failure(let problem):
            Inputs.report([problem], files: [:])
            throw ExitCode(1)
        case .success(let opened): batch = opened
        }
        if command.strict { try checkEveryLine(batch) }
        let sink = try Sink(out: command.out, directory: command.outDir)
        let progress = Progress(total: batch.count, enabled: isatty(STDERR_FILENO) == 1, noun: "subjects")
        var traced = 0
        var failed: [Diagnostic] = []
        var source: SourceFile?
        // Warnings by kind, summed up at the end; each person's with --verbose.
        var pastRetentionReports = 0
        for slice in batch.slices(of: Self.sliceSize) {
            let outcomes = Parallel.map(slice.count) { position in outcome(batch, at: slice.lowerBound + position) }
            for outcome in outcomes {
                switch outcome {
                case .traced(let line, let reference, let text, let pastRetention):
                    try sink.write(text, line: line, reference: reference, extension: command.format.rawValue)
                    traced += 1
                    if let pastRetention, command.format == .md || command.format == .html {
                        pastRetentionReports += 1
                        if command.verbose && !command.quiet {
                            progress.interrupt()
                            Terminal.standardError("warning: line \(line): \(pastRetention)")
                        }
                    }
                case .failed(let line, let diagnostics, let text):
                    if command.outDir == nil { try sink.write(text, line: line, extension: "json") }
                    progress.interrupt()
                    if source == nil { source = batch.source }
                    Inputs.report(diagnostics, files: [path: source!])
                    failed += diagnostics
                }
            }
            progress.update(slice.upperBound)
        }
        progress.finish()
        try sink.close()
        if pastRetentionReports > 0 && !command.quiet && !command.verbose {
            Terminal.standardError(
                "warning: \(pastRetentionReports == 1 ? "1 report shows" : "\(pastRetentionReports) reports show") data kept past its retention period, which should already have been erased (Art. 5(1)(e)); --verbose lists them line by line"
            )
        }
        let destination = command.outDir.map { " into \($0)" } ?? command.out.map { " to \($0)" } ?? ""
        let bad = Set(failed.map(\.location.line)).count
        Terminal.standardError(
            "\(batch.count) subjects: \(traced) traced\(destination)"
                + (bad == 0
                    ? ""
                    : ", \(bad) \(bad == 1 ? "line" : "lines") with errors skipped; fix them and trace those lines again")
        )
        if bad > 0 { throw ExitCode(1) }
    }

    /// Reads every subject, keeping none, and stops before anything is written if one line has an error.
    private func checkEveryLine(_ batch: SubjectBatch) throws {
        var problems: [Diagnostic] = []
        for slice in batch.slices(of: Self.sliceSize) {
            problems += Parallel.map(slice.count) {
                batch.subject(at: slice.lowerBound + $0, graph: index.graph).diagnostics
            }.flatMap { $0 }
        }
        guard problems.containsErrors else { return }
        Inputs.report(problems, files: [batch.path: batch.source])
        Terminal.standardError(
            DiagnosticTextRenderer.summary(problems, files: 1)
                + "; nothing was traced (--strict), fix the lines above and run again")
        throw ExitCode(1)
    }

    /// Reads, traces and renders the subject at `position`.
    private func outcome(_ batch: SubjectBatch, at position: Int) -> Outcome {
        let line = batch.lineNumber(at: position)
        let read = batch.subject(at: position, graph: index.graph)
        let errors = read.diagnostics.filter { $0.severity == .error }
        guard let subject = read.subject, errors.isEmpty else {
            let diagnostics = errors.isEmpty ? read.diagnostics : errors
            let findings = CheckReport(diagnostics: diagnostics, files: [batch.path]).findings
            return .failed(line: line, diagnostics: diagnostics, text: Self.encode(Line(line: line, errors: findings)))
        }
        let trace = index.trace(subject, asOf: command.date)
        let document = TraceDocument(
            trace: trace, graph: index.graph, subject: subject, showIdentifiers: command.showIdentifiers)
        let past = TraceCommand.pastRetentionWarning(document)
        if command.outDir == nil {
            return .traced(
                line: line, reference: nil, text: Self.encode(Line(line: line, trace: document)), pastRetention: past)
        }
        do {
            return .traced(
                line: line, reference: subject.reference.value,
                text: try command.render(document, trace: trace, graph: index.graph, colour: false),
                pastRetention: past)
        } catch {
            let problem = Diagnostic(
                id: "cannot-render", severity: .error, message: "the trace could not be written: \(error)",
                at: SourceLocation(file: batch.path, line: line, column: 1), hint: nil)
            return .failed(line: line, diagnostics: [problem], text: "")
        }
    }

    /// One compact JSON line with sorted, snake_case keys.
    static func encode(_ line: Line) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let data =
            (try? encoder.encode(line))
            ?? Data(
                #"{"line":\#(line.line),"errors":[{"id":"cannot-render","message":"the trace could not be encoded"}]}"#
                    .utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Where the traces go: standard output, one JSON-lines file (written beside its final name,
    /// owner-only, and moved into place at the end), or one owner-only file per person.
    final class Sink {
        private let handle: FileHandle
        private let temporary: String?
        private let final: String?
        private let directory: String?
        /// The names given so far, so that two people with one case reference get two files.
        private var names = Set<String>()

        init(out: String?, directory: String?) throws {
            self.directory = directory
            if let directory {
                do {
                    try FileManager.default.createDirectory(
                        atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    Terminal.standardError(
                        "error: cannot create \(directory): \(error.localizedDescription); check that its parent exists and is writable"
                    )
                    throw ExitCode(1)
                }
                handle = FileHandle.standardOutput
                temporary = nil
                final = nil
            } else if let out {
                let temporary = out + ".partial-\(getpid())"
                let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
                guard descriptor >= 0 else {
                    Terminal.standardError(
                        "error: cannot write \(out): \(String(cString: strerror(errno))); check that its directory exists and is writable"
                    )
                    throw ExitCode(1)
                }
                handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
                self.temporary = temporary
                final = out
            } else {
                handle = FileHandle.standardOutput
                temporary = nil
                final = nil
            }
        }

        func write(_ text: String, line: Int, reference: String? = nil, extension ext: String) throws {
            guard let directory else {
                try handle.write(contentsOf: Data(text.utf8))
                return
            }
            let name = (directory as NSString).appendingPathComponent(
                fileName(reference: reference, line: line) + "." + (ext == "text" ? "txt" : ext))
            try Output.write(Data(text.utf8), to: name)
        }

        /// A report is named by the controller's case reference (not personal data) where it makes a
        /// plain file name not used before in this run, and by its line otherwise.
        func fileName(reference: String?, line: Int) -> String {
            let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
            var name = "line-\(line)"
            if let reference, !reference.isEmpty, reference.count <= 100, reference.first != ".",
                reference.allSatisfy(allowed.contains), !reference.hasPrefix("line-")
            {
                name = names.contains(reference) ? "\(reference)-line-\(line)" : reference
            }
            names.insert(name)
            return name
        }

        func close() throws {
            guard let temporary, let final else { return }
            try handle.synchronize()
            try handle.close()
            guard rename(temporary, final) == 0 else {
                Terminal.error("cannot write \(final): \(String(cString: strerror(errno)))")
                throw ExitCode(1)
            }
        }
    }
}
