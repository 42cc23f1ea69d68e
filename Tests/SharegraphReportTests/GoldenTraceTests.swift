// Every sample subject traced through the seed graphs as of a fixed date, compared with golden
// JSON and text; two reports in each language; and the Mermaid diagram of each sample.

import Foundation
import SharegraphCore
import SharegraphRender
import SharegraphReport
import SharegraphTestSupport
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

struct GoldenTraceTests {
    static let asOf = CalendarDate.on("2025-06-01")

    @Test func thereAreAtLeastTwoSamplesPerSeedOrganisation() {
        for organisation in ["jetpak", "janteloppet", "vekstly", "igo", "jackon"] {
            #expect(Fixture.sampleNames.filter { $0.hasPrefix(organisation) }.count >= 2, "\(organisation)")
        }
    }

    @Test(arguments: Fixture.sampleNames)
    func traceMatchesGolden(_ name: String) throws {
        let subject = try Fixture.sample(name)
        let trace = Fixture.seeds.trace(subject, asOf: Self.asOf)
        let document = TraceDocument(trace: trace, graph: Fixture.seeds.graph, subject: subject)
        let base = String(name.dropLast(".yaml".count))
        try Fixture.expectGolden(try document.json() + "\n", "traces/\(base).json")
        try Fixture.expectGolden(TraceText().render(document), "traces/\(base).txt")
        try Fixture.expectGolden(
            MermaidWriter(SubjectView(trace: trace, graph: Fixture.seeds.graph).diagram()).text(), "traces/\(base).mmd")
    }

    @Test(arguments: [
        ("janteloppet-attendee-invoice-overdue.yaml", ReportLanguage.en, "md"),
        ("janteloppet-attendee-invoice-overdue.yaml", ReportLanguage.nb, "html"),
        ("jetpak-private-customer-contract-ended.yaml", ReportLanguage.nb, "md"),
        ("vekstly-course-participant-card.yaml", ReportLanguage.en, "html"),
    ])
    func accessReportMatchesGolden(_ name: String, _ language: ReportLanguage, _ format: String) throws {
        let subject = try Fixture.sample(name)
        let trace = Fixture.seeds.trace(subject, asOf: Self.asOf)
        let report = AccessReport(
            trace: trace, document: TraceDocument(trace: trace, graph: Fixture.seeds.graph, subject: subject),
            graph: Fixture.seeds.graph,
            language: language)
        // The inline SVG depends on Graphviz's version and fonts; it is checked apart from the golden text.
        let text = format == "md" ? report.markdown() : try Self.withoutSVG(report.html())
        try Fixture.expectGolden(text, "reports/\(name.dropLast(5)).\(language.rawValue).\(format)")
    }

    @Test func identifiersAppearOnlyWhenAsked() throws {
        let subject = try Fixture.sample("jetpak-private-customer-contract-ended.yaml")
        let trace = Fixture.seeds.trace(subject, asOf: Self.asOf)
        let hidden = TraceDocument(trace: trace, graph: Fixture.seeds.graph, subject: subject)
        let outputs = [
            try hidden.json(), TraceText().render(hidden),
            AccessReport(trace: trace, document: hidden, graph: Fixture.seeds.graph).markdown(),
            AccessReport(trace: trace, document: hidden, graph: Fixture.seeds.graph, language: .nb).html(),
        ]
        for output in outputs {
            #expect(!output.contains("kari.nordmann@example.no"))
            #expect(!output.contains("Kari Nordmann"))
            #expect(!output.contains("912 34 567"))
        }
        let shown = TraceDocument(trace: trace, graph: Fixture.seeds.graph, subject: subject, showIdentifiers: true)
        #expect(try shown.json().contains("kari.nordmann@example.no"))
        #expect(TraceText().render(shown).contains("Kari Nordmann"))
    }

    @Test func theSameInputGivesTheSameOutput() throws {
        let subject = try Fixture.sample("vekstly-and-janteloppet.yaml")
        let first = try TraceDocument(
            trace: Fixture.seeds.trace(subject, asOf: Self.asOf), graph: Fixture.seeds.graph, subject: subject
        ).json()
        for _ in 0..<5 {
            let again = try TraceDocument(
                trace: Fixture.seeds.trace(subject, asOf: Self.asOf), graph: Fixture.seeds.graph, subject: subject
            ).json()
            #expect(again == first)
        }
    }

    /// The report with its inline SVG replaced by a marker, after checking the SVG is well-formed XML.
    static func withoutSVG(_ html: String) throws -> String {
        let start = try #require(html.range(of: "<svg"))
        let end = try #require(html.range(of: "</svg>", range: start.upperBound..<html.endIndex))
        let svg = String(html[start.lowerBound..<end.upperBound])
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.contains("<title>data-subject</title>") || svg.contains("<title>data&#45;subject</title>"))
        return html.replacingCharacters(
            in: start.lowerBound..<end.upperBound, with: "<svg><!-- drawn by Graphviz --></svg>")
    }
}
