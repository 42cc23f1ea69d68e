// The Art. 15 report's diagram, as its reader meets it: the person drawn once, an image a screen
// reader names (not "sharegraph"), and drawn at its own size rather than shrunk to the text's width.

import Foundation
import SharegraphCore
import SharegraphRender
import SharegraphReport
import SharegraphTestSupport
import Testing

struct AccessReportDiagramTests {
    /// A Vekstly course participant paid by card: the card details go from the person straight to
    /// Stripe (the graph's `data-subject` party) and the rest through Vekstly; one person, one node.
    @Test(arguments: Fixture.sampleNames) func thePersonIsDrawnOnce(_ name: String) throws {
        let subject = try Fixture.sample(name)
        let trace = Fixture.seeds.trace(subject, asOf: .on("2026-12-07"))
        let diagram = SubjectView(trace: trace, graph: Fixture.seeds.graph).diagram()
        #expect(diagram.nodes.filter { $0.kind == .subject }.count == 1, "\(name)")
    }

    @Test(arguments: [ReportLanguage.en, .nb]) func theDiagramIsANamedImageAtItsOwnSize(_ language: ReportLanguage)
        throws
    {
        let subject = try Fixture.sample("vekstly-course-participant-card.yaml")
        let trace = Fixture.seeds.trace(subject, asOf: .on("2026-12-07"))
        let document = TraceDocument(trace: trace, graph: Fixture.seeds.graph, subject: subject)
        let html = AccessReport(trace: trace, document: document, graph: Fixture.seeds.graph, language: language)
            .html()
        let label =
            language == .en
            ? "Diagram of how your data travels, from you to \(document.holders.count) holders"
            : "Diagram over hvor opplysningene dine går, fra deg til \(document.holders.count) mottakere"
        #expect(html.contains("<svg role=\"img\" aria-label=\"\(label)"))
        #expect(!html.contains("<title>sharegraph</title>"), "a screen reader would announce “sharegraph”")
        #expect(html.contains("figure.diagram svg { max-width: none;"), "8 pt labels shrunk to fit were 5-6 px")
    }
}
