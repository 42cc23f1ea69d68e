// `sharegraph trace`: where one person's data goes, why, under which contract, and until when.

public import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphLedger
import SharegraphReport
import SharegraphYAML

struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace one person's data through the graphs.",
        discussion: """
            Reads a subject file (one person as the controllers know them; see Samples/subjects/) and answers who holds which categories, for what purpose, on which legal basis, under which contract and role, by which path, and until which date, with a status as of --as-of.

            Flows whose condition is unknown for the person (no event recorded either way) are shown as possible, never as held. Identifiers are printed only with --show-identifiers.

            Exit status: 0 on success, 1 when the graphs or the subject file have errors, 2 for usage errors.

            Examples:
              sharegraph trace Samples/subjects/jetpak-private-customer-contract-ended.yaml
              sharegraph trace Samples/subjects/vekstly-course-participant-card.yaml --as-of 2024-04-01 --format json
              sharegraph trace Samples/subjects/janteloppet-attendee-invoice-overdue.yaml --format html --lang nb --out report.html
              sharegraph trace --batch subjects.jsonl --out traces.jsonl
              sharegraph trace --batch subjects.jsonl --format html --lang nb --out-dir reports/

            With --batch, each line of the file is one subject written as a JSON object; the traces are JSON lines ({"line": N, "trace": {...}}, or {"line": N, "errors": [...]} for a line with errors), or with --out-dir one file per person named by its line (line-N.html). Lines with errors are reported with their place and skipped; the exit status is then 1. --strict checks every line first and writes nothing if one has an error.
            """
    )

    typealias Format = TraceFormat

    @Argument(help: "The subject file. Leave out with --batch.")
    var subject: String?

    @Option(help: "A JSON-lines file of subjects, one per line: trace each.")
    var batch: String?

    @Option(help: "With --batch: write one report per person into this directory (created if missing).")
    var outDir: String?

    @Flag(help: "With --batch: check every line first and write nothing if one has an error.")
    var strict = false

    @Option(name: .customLong("graphs"), help: "Graph files or directories (repeatable).")
    var graphs: [String] = ["Graphs"]

    @OptionGroup var cache: CacheOptions

    @Option(help: "The date statuses are computed for (YYYY-MM-DD); default today.")
    var asOf: String?

    @Option(
        name: .customLong("format"),
        help:
            "Output format: text, json, md (Art. 15 report) or html (Art. 15 report); with --batch, json lines unless --out-dir."
    )
    var formatChoice: Format?

    var format: Format { formatChoice ?? (batch == nil ? .text : .json) }

    @Option(help: "Language of the md and html reports: en or nb.")
    var lang: LanguageChoice = .en

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Flag(help: "With --batch: list each person's warnings, not only one summary line per kind of warning.")
    var verbose = false

    @Flag(help: "Print no warnings (errors are still printed).")
    var quiet = false

    @Flag(help: "Include the person's name and identifiers in the output.")
    var showIdentifiers = false

    @Option(name: .customLong("color"), help: "Colour text output: auto, always or never.")
    var colour: ColourChoice = .auto

    func validate() throws {
        if (subject == nil) == (batch == nil) { throw ValidationError("give one subject file, or --batch FILE.jsonl") }
        if batch == nil && (outDir != nil || strict) { throw ValidationError("--out-dir and --strict go with --batch") }
        if batch != nil && outDir == nil && format != .json {
            throw ValidationError(
                "--batch writes JSON lines; for \(format.rawValue) reports, one per person, add --out-dir DIRECTORY")
        }
        if outDir != nil && out != nil {
            throw ValidationError("give --out (one JSON-lines file) or --out-dir (one file per person), not both")
        }
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of `\(asOf)` is not a date; write YYYY-MM-DD, e.g. 2025-01-31")
        }
    }

    var date: CalendarDate { asOf.flatMap(CalendarDate.init(iso:)) ?? CalendarDate.today() }

    func run() throws {
        if let batch {
            return try TraceBatchRun(command: self, index: Inputs.graph(graphs, cache: cache)).run(batch)
        }
        guard let subject else { return }
        let loaded = try Inputs.load(graphs: graphs, subject: subject, cache: cache)
        let trace = loaded.index.trace(loaded.subject, asOf: date)
        let document = TraceDocument(
            trace: trace, graph: loaded.index.graph, subject: loaded.subject, showIdentifiers: showIdentifiers)
        if !quiet, format == .md || format == .html, let warning = Self.pastRetentionWarning(document) {
            Terminal.standardError("warning: \(warning)")
        }
        try Output.write(
            try render(
                document, trace: trace, graph: loaded.index.graph, colour: out == nil && Terminal.wantsColour(colour)),
            to: out)
    }

    /// One trace in the chosen format.
    func render(_ document: TraceDocument, trace: Trace, graph: Graph, colour: Bool) throws -> String {
        String(
            decoding: try format.render(document, trace: trace, graph: graph, language: lang.language, colour: colour),
            as: UTF8.self)
    }

    /// The report tells the person what is due; the DPO hears it first. Nil when nothing is past retention.
    static func pastRetentionWarning(_ document: TraceDocument) -> String? {
        guard !document.pastRetention.isEmpty else { return nil }
        let count = document.pastRetention.count
        let list = document.pastRetention.map { "\($0.party) · \($0.purpose) (due since \($0.since))" }.joined(
            separator: "; ")
        return
            "\(count == 1 ? "1 holding is" : "\(count) holdings are") past retention and should already be gone: \(list); act on \(count == 1 ? "it" : "them") before sending this report"
    }
}

extension TraceFormat: ExpressibleByArgument {}

/// `--lang en|nb`.
enum LanguageChoice: String, ExpressibleByArgument, CaseIterable {
    case en, nb

    var language: ReportLanguage { self == .nb ? .nb : .en }
}
