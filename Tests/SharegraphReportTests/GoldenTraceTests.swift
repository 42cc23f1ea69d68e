// Every sample subject traced through the seed graphs as of a fixed date, compared with golden
// JSON and text; two reports in each language; and the Mermaid diagram of each sample.

import Foundation
import SharegraphCore
import SharegraphReport
import Testing

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
        try Fixture.expectGolden(SubjectDiagram(document: document, graph: Fixture.seeds.graph).mermaid(), "traces/\(base).mmd")
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
        let report = AccessReport(document: TraceDocument(trace: trace, graph: Fixture.seeds.graph, subject: subject), graph: Fixture.seeds.graph, language: language)
        let text = format == "md" ? report.markdown() : report.html()
        try Fixture.expectGolden(text, "reports/\(name.dropLast(5)).\(language.rawValue).\(format)")
    }

    @Test func identifiersAppearOnlyWhenAsked() throws {
        let subject = try Fixture.sample("jetpak-private-customer-contract-ended.yaml")
        let trace = Fixture.seeds.trace(subject, asOf: Self.asOf)
        let hidden = TraceDocument(trace: trace, graph: Fixture.seeds.graph, subject: subject)
        let outputs = [try hidden.json(), TraceText().render(hidden),
                       AccessReport(document: hidden, graph: Fixture.seeds.graph).markdown(),
                       AccessReport(document: hidden, graph: Fixture.seeds.graph, language: .nb).html()]
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
        let first = try TraceDocument(trace: Fixture.seeds.trace(subject, asOf: Self.asOf), graph: Fixture.seeds.graph, subject: subject).json()
        for _ in 0..<5 {
            let again = try TraceDocument(trace: Fixture.seeds.trace(subject, asOf: Self.asOf), graph: Fixture.seeds.graph, subject: subject).json()
            #expect(again == first)
        }
    }
}
