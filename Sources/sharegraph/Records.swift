// `sharegraph records`: the record of processing activities (Art. 30) from the graph.

import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphRecords
import SharegraphSupport
import SharegraphYAML

struct Records: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the record of processing activities (Art. 30) from the graph.",
        discussion: """
            Art. 30(1): for each controller, one row per purpose with the columns of the ICO's template in its \
            order (business function, purpose, joint controller, categories of individuals and of data, \
            recipients, processor contracts, third countries, safeguards, retention, security measures, Art. 6 \
            basis, Art. 9 condition, legitimate interests, rights, automated decision-making, source), then the \
            policy's words, the model's assumptions and the lint's findings on the row. Art. 30(2) with \
            --processor: one row per controller the processor acts for. A cell the graph cannot fill says so \
            in words. Without --controller or --processor, every controller's record and every processor's, one sheet each, with a sheet of who keeps each record and their contact details (Art. 30(1)(a), 30(2)(a)); a CSV holds the controllers' records, one table.

            Examples:
              sharegraph records --format xlsx --out out/records.xlsx
              sharegraph records --controller vekstly --format md --lang nb
              sharegraph records --processor stripe --format csv
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case xlsx, csv, md, html }

    @Argument(help: "Graph files or directories.")
    var paths: [String] = ["Graphs"]

    @Option(help: "Only this controller (Art. 30(1)).")
    var controller: String?

    @Option(help: "This processor's record (Art. 30(2)).")
    var processor: String?

    @Option(help: "xlsx, csv, md or html; default from --out's extension, else md.")
    var format: Format?

    @Option(help: "Language of titles and cells: en or nb.")
    var lang: LanguageChoice = .en

    @Option(help: "Write here instead of standard output (an xlsx needs a file).")
    var out: String?

    @Flag(help: "List the graph's controllers and processors, one `controller ID` or `processor ID` per line.")
    var list = false

    @OptionGroup var cache: CacheOptions

    func validate() throws {
        if controller != nil && processor != nil { throw ValidationError("give --controller or --processor, not both") }
        if !list, resolvedFormat == .xlsx && (out == nil || out == "-") {
            throw ValidationError("an xlsx workbook needs --out FILE.xlsx")
        }
    }

    var resolvedFormat: Format {
        format ?? out.flatMap { Format(rawValue: URL(fileURLWithPath: $0).pathExtension.lowercased()) } ?? .md
    }

    func run() throws {
        let index = try Inputs.graph(paths, cache: cache)
        var findings = Linter(graph: index.graph).findings()
        findings.sort(by: Diagnostic.reportOrder)
        let language: RecordLanguage = lang == .nb ? .nb : .en
        let builder = RecordBuilder(index: index, findings: findings, language: language)
        if list {
            for controller in builder.controllers { print("controller \(controller)") }
            for processor in builder.processors { print("processor \(processor)") }
            return
        }
        let records: [ProcessingRecord]
        if let processor {
            guard builder.processors.contains(processor) else {
                throw Inputs.usage(
                    Suggestion.unknown("processor", processor, among: builder.processors)
                        + "; a processor is a party that receives data as processor or sub-processor")
            }
            records = [builder.processorRecord(processor)]
        } else if let controller {
            guard builder.controllers.contains(controller) else {
                throw Inputs.usage(
                    Suggestion.unknown("controller", controller, among: builder.controllers)
                        + "; a controller is a party with purposes of its own")
            }
            records = [builder.controllerRecord(controller)]
        } else {
            // Every record the graph can give: each controller's (Art. 30(1)) and each processor's
            // (30(2)); a CSV is one table, so it holds the controllers' alone.
            records =
                builder.controllers.map(builder.controllerRecord)
                + (resolvedFormat == .csv ? [] : builder.processors.map(builder.processorRecord))
        }
        let words = RecordWords(language: language)
        switch resolvedFormat {
        case .xlsx:
            let data: Data
            do {
                data = try RecordWorkbook(records: records, words: words).data()
            } catch {
                Terminal.error("\(error)")
                throw ExitCode(1)
            }
            try Output.write(data, to: out ?? "records.xlsx")
            Terminal.standardError("wrote \(out ?? "records.xlsx"): \(Self.summary(records))")
        case .csv: try Output.write(try ProcessingRecord.csv(records, words: words), to: out)
        case .md: try Output.write(records.map { $0.markdown(words) }.joined(separator: "\n"), to: out)
        case .html: try Output.write(ProcessingRecord.html(records, words: words), to: out)
        }
    }

    static func summary(_ records: [ProcessingRecord]) -> String {
        let rows = records.map(\.rows.count).reduce(0, +)
        return
            "\(records.count == 1 ? "1 record" : "\(records.count) records"), their keepers' contact details and the columns explained, \(rows == 1 ? "1 row" : "\(rows) rows")"
    }
}
