// `sharegraph trace`: where one person's data goes, why, under which contract, and until when.

import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphReport
import SharegraphYAML

struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Trace one person's data through the graphs.",
        discussion: """
            Reads a subject file (one person as the controllers know them; see Samples/subjects/) and
            answers who holds which categories, for what purpose, on which legal basis, under which
            contract and role, by which path, and until which date, with a status as of --as-of.

            Flows whose condition is unknown for the person (no event recorded either way) are shown
            as possible, never as held. Identifiers are printed only with --show-identifiers.

            Exit status: 0 on success, 1 when the graphs or the subject file have errors, 2 for usage errors.

            Examples:
              sharegraph trace Samples/subjects/jetpak-private-customer-contract-ended.yaml
              sharegraph trace Samples/subjects/vekstly-course-participant-card.yaml --as-of 2024-04-01 --format json
              sharegraph trace Samples/subjects/janteloppet-attendee-invoice-overdue.yaml --format html --lang nb --out report.html
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, md, html
    }

    @Argument(help: "The subject file.")
    var subject: String

    @Option(name: .customLong("graphs"), help: "Graph files or directories (repeatable).")
    var graphs: [String] = ["Graphs"]

    @Option(help: "The date statuses are computed for (YYYY-MM-DD); default today.")
    var asOf: String?

    @Option(help: "Output format: text, json, md (Art. 15 report) or html (Art. 15 report).")
    var format: Format = .text

    @Option(help: "Language of the md and html reports: en or nb.")
    var lang: LanguageChoice = .en

    @Option(help: "Write to this file instead of standard output.")
    var out: String?

    @Flag(help: "Include the person's name and identifiers in the output.")
    var showIdentifiers = false

    @Option(name: .customLong("color"), help: "Colour text output: auto, always or never.")
    var colour: ColourChoice = .auto

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of `\(asOf)` is not a date; write YYYY-MM-DD, e.g. 2025-01-31")
        }
    }

    func run() throws {
        let loaded = try Inputs.load(graphs: graphs, subject: subject)
        let date = asOf.flatMap(CalendarDate.init(iso:)) ?? CalendarDate.today()
        let trace = loaded.index.trace(loaded.subject, asOf: date)
        let document = TraceDocument(trace: trace, graph: loaded.index.graph, subject: loaded.subject, showIdentifiers: showIdentifiers)
        let text: String
        switch format {
        case .text: text = TraceText(colour: out == nil && Terminal.wantsColour(colour)).render(document)
        case .json: text = try document.json() + "\n"
        case .md, .html:
            // The report tells the person what is due; the DPO hears it first.
            if !document.pastRetention.isEmpty {
                let count = document.pastRetention.count
                let list = document.pastRetention.map { "\($0.party) · \($0.purpose) (due since \($0.since))" }.joined(separator: "; ")
                Terminal.standardError("warning: \(count == 1 ? "1 holding is" : "\(count) holdings are") past retention and should already be gone: \(list); act on \(count == 1 ? "it" : "them") before sending this report")
            }
            let report = AccessReport(trace: trace, document: document, graph: loaded.index.graph, language: lang.language)
            text = format == .md ? report.markdown() : report.html()
        }
        try Output.write(text, to: out)
    }
}

/// `--lang en|nb`.
enum LanguageChoice: String, ExpressibleByArgument, CaseIterable {
    case en, nb

    var language: ReportLanguage { self == .nb ? .nb : .en }
}
