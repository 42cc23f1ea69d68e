// The Norwegian access report of every sample subject reads as Norwegian: no English phrase, no raw
// id of a category, purpose, event or system, and no recorded date called unknown.

import Foundation
import SharegraphCore
import SharegraphRender
import SharegraphReport
import SharegraphTestSupport
import Testing

struct NorwegianReportTests {
    /// English that a Norwegian reader would notice in the report's own words; organisations' names
    /// are their own (Stripe Payments Europe Ltd) and are left alone, so the phrases are the tool's.
    static let english = [
        " the ", " and ", " of ", " until ", " not ", "not named", "unknown", "special:", "possible", " held",
        " due ", "restricted", " erased", "Art. ",
    ]

    static func report(_ name: String, asOf: String) throws -> (text: String, subject: Subject) {
        let subject = try Fixture.sample(name)
        let trace = Fixture.seeds.trace(subject, asOf: .on(asOf))
        let document = TraceDocument(trace: trace, graph: Fixture.seeds.graph, subject: subject)
        let report = AccessReport(trace: trace, document: document, graph: Fixture.seeds.graph, language: .nb)
        return (report.markdown(), subject)
    }

    /// Every id the graph uses for something a report names in words.
    static var rawIDs: [String] {
        let graph = Fixture.seeds.graph
        let categories = graph.taxonomy.categories.keys.filter { $0.contains(".") }
        let purposes = graph.purposes.map(\.id.value)
        let systems = graph.parties.flatMap(\.systems).map(\.id.value)
        let events = graph.events.keys.filter { $0.contains("-") }
        return (categories + purposes + systems + events).sorted()
    }

    @Test(arguments: Fixture.sampleNames, ["2025-06-01", "2026-12-07"])
    func theNorwegianReportIsNorwegian(_ name: String, _ asOf: String) throws {
        let (text, _) = try Self.report(name, asOf: asOf)
        // The diagram's node ids are Mermaid syntax, not words: only its labels are read.
        let words = Self.withoutMermaidIDs(text)
        for phrase in Self.english {
            #expect(!words.contains(phrase), "\(name): English “\(phrase)”")
        }
        for id in Self.rawIDs where Self.containsWord(id, in: words) {
            Issue.record("\(name): raw id `\(id)` in the Norwegian report")
        }
    }

    /// The report calls a date unknown only when the person's file does not record it.
    @Test(arguments: Fixture.sampleNames, ["2025-06-01", "2026-12-07"])
    func aRecordedDateIsNeverCalledUnknown(_ name: String, _ asOf: String) throws {
        let (text, subject) = try Self.report(name, asOf: asOf)
        let graph = Fixture.seeds.graph
        let recorded = Set(subject.relationships.flatMap(\.events).map(\.event.value))
        for event in recorded {
            let spoken = DiagramWords(.nb).event(event, graph: graph)
            #expect(!text.contains("«\(spoken)» er ikke kjent"), "\(name): recorded “\(event)” called unknown")
        }
    }

    /// Lines of the Mermaid block keep their labels (between quotes); ids and arrows go.
    static func withoutMermaidIDs(_ text: String) -> String {
        var inside = false
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                inside.toggle()
                continue
            }
            guard inside else {
                lines.append(String(line))
                continue
            }
            let labels = line.split(separator: "\"").enumerated().filter { $0.offset % 2 == 1 }.map {
                String($0.element)
            }
            lines += labels
        }
        return lines.joined(separator: "\n")
    }

    static func containsWord(_ id: String, in text: String) -> Bool {
        var searchRange = text.startIndex..<text.endIndex
        while let found = text.range(of: id, range: searchRange) {
            let before = found.lowerBound == text.startIndex ? " " : text[text.index(before: found.lowerBound)]
            let after = found.upperBound == text.endIndex ? " " : text[found.upperBound]
            let part = { (c: Character) in c.isLetter || c.isNumber || c == "." || c == "-" || c == "_" }
            if !part(before) && !part(after) { return true }
            searchRange = found.upperBound..<text.endIndex
        }
        return false
    }
}
