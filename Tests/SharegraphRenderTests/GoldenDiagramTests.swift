// Golden DOT and Mermaid text for every seed organisation and every view.

import SharegraphCore
import SharegraphRender
import Testing

struct GoldenDiagramTests {
    /// Each organisation with a party, purpose, category and sample person to focus on.
    static let cases: [(organisation: String, party: String, purpose: String, category: String, subject: String)] = [
        ("vekstly", "stripe", "vekstly.payment", "financial", "vekstly-course-participant-card.yaml"),
        ("janteloppet", "janteloppet", "janteloppet.payment", "contact", "janteloppet-attendee-invoice-overdue.yaml"),
        ("jetpak", "jetpak", "jetpak.restructuring", "financial", "jetpak-private-customer-contract-ended.yaml"),
        ("igo", "igo", "igo.delivery", "identity", "igo-employee-of-business-customer.yaml"),
        ("jackon", "jackon", "jackon.legal-obligations", "communication", "jackon-customer-court-order.yaml"),
    ]

    static let views = ["overview", "party", "purpose", "category", "subject"]

    @Test(arguments: cases.map(\.organisation), views)
    func diagramMatchesGolden(_ organisation: String, _ view: String) throws {
        let index = try Fixture.organisation(organisation)
        let chosen = try #require(Self.cases.first { $0.organisation == organisation })
        let diagram: Diagram
        switch view {
        case "party": diagram = try MapView(index: index, focus: .party(chosen.party)).diagram()
        case "purpose": diagram = try MapView(index: index, focus: .purpose(chosen.purpose)).diagram()
        case "category": diagram = try MapView(index: index, focus: .category(chosen.category)).diagram()
        case "subject":
            let subject = try Fixture.subject(chosen.subject, graph: index.graph)
            let asOf = try #require(CalendarDate(iso: "2025-06-01"))
            diagram = SubjectView(trace: index.trace(subject, asOf: asOf), graph: index.graph).diagram()
        default: diagram = try MapView(index: index).diagram()
        }
        #expect(!diagram.edges.isEmpty, "\(organisation) \(view) draws nothing")
        try Fixture.expectGolden(DOTWriter(diagram).text(), "\(organisation)/\(view).dot")
        try Fixture.expectGolden(MermaidWriter(diagram).text(), "\(organisation)/\(view).mmd")
    }
}
