// The trace as the report documents read it: one answer for two controllers, recipients by party and category.

import SharegraphCore
import SharegraphReport
import SharegraphTestSupport
import Testing

struct TraceDocumentTests {
    @Test func twoControllersGiveOneAnswerWithBothPaths() throws {
        let trace = Fixture.seeds.trace(
            try Fixture.sample("vekstly-and-janteloppet.yaml"), asOf: CalendarDate.on("2025-06-01"))
        #expect(trace.controllers == ["vekstly", "janteloppet"])
        #expect(trace.at("acquirer").contains { $0.controller == "janteloppet" })
        #expect(trace.at("stripe").allSatisfy { $0.controller == "vekstly" })
        let document = TraceDocument(
            trace: trace, graph: Fixture.seeds.graph, subject: try Fixture.sample("vekstly-and-janteloppet.yaml"))
        #expect(document.holders.map(\.party).count == Set(document.holders.map(\.party)).count)
    }

    @Test func recipientsOfAPartyAndOfACategory() throws {
        let collector = try RecipientsDocument(index: Fixture.seeds, party: "debt-collector")
        #expect(collector.entries.map(\.controller) == ["janteloppet"])
        #expect(
            collector.entries.first?.conditions == [
                "when invoice-overdue and when collection-agency is unnamed-agency", "on claim-assigned",
            ], "the claim reaches the collector only once it is assigned")
        let health = try RecipientsDocument(index: Fixture.seeds, category: "health")
        // Janteloppet's dietary needs, what a SATS member shares, and STERK's patient records.
        #expect(health.entries.map(\.party) == ["janteloppet", "sats", "sterk"])
        let payments = try RecipientsDocument(index: Fixture.seeds, category: "financial.payment")
        #expect(throws: RecipientsDocument.QueryError.self) {
            try RecipientsDocument(index: Fixture.seeds, party: "strpe")
        }
        #expect(Set(payments.entries.map(\.party)).isSuperset(of: ["stripe", "stripe-inc", "jetpak", "vekstly"]))
    }
}
