// Class 7: reports say what is computed, in the reader's language, and the DPO hears first of
// data past its retention.

import Foundation
import SharegraphCore
import SharegraphReport
import Testing

struct ReportScenarios {
    static let person = """
        sharegraph-subject: 1
        reference: W
        relationships:
          - controller: shop
            as: [customer]
            events: {order: 2026-03-01, payment-completed: 2026-03-01, withdrawal-period-end: 2026-03-15, transaction: 2026-03-01}
        """

    static let graph = UnknownScenarios.payments.replacingOccurrencesOfFirstOf(
        "    retention: first of [payment-completed, withdrawal-period-end]\n",
        with:
            "    retention: first of [payment-completed, withdrawal-period-end]\n  - id: shop.bookkeeping\n    name: Bookkeeping\n    controller: shop\n    legal-basis: legal-obligation\n    categories: [identity.name, financial.transaction]\n    duty: no-bookkeeping\n"
    )

    /// Art. 12(1): the answer is in clear and plain language. The Norwegian report names events in
    /// Norwegian and never prints an event id or a rule's keywords.
    @Test func theNorwegianReportWritesRetentionInNorwegianWords() throws {
        let scenario = try Scenario(Self.graph)
        let trace = try scenario.trace(Self.person, asOf: "2026-12-01")
        let document = try scenario.document(trace, subject: Self.person)
        let report = AccessReport(trace: trace, document: document, graph: scenario.index.graph, language: .nb)
            .markdown()
        for raw in [
            "withdrawal-period-end", "payment-completed", "financial-year-end", "first of", "end of year of",
            "has not happened",
        ] {
            #expect(!report.contains(raw), "the report prints `\(raw)`")
        }
        #expect(
            report.contains("det som kommer først av: til «betalingen gikk gjennom» eller til «angreretten gikk ut»"))
        #expect(report.contains("5 år etter «regnskapsåret opplysningene hører til tok slutt»"))
    }

    /// The English report names events by their names too.
    @Test func theEnglishReportNamesEventsNotIds() throws {
        let scenario = try Scenario(Self.graph)
        let trace = try scenario.trace(Self.person, asOf: "2026-12-01")
        let report = AccessReport(
            trace: trace, document: try scenario.document(trace, subject: Self.person), graph: scenario.index.graph
        ).markdown()
        #expect(!report.contains("withdrawal-period-end") && !report.contains("financial-year-end"))
        #expect(report.contains("5 years after “the financial year the record belongs to ended”"))
    }

    /// Art. 5(1)(e): the payment data was due on 2026-03-02. Before any report states that, the
    /// trace tells the DPO, in the JSON and at the top of the text.
    @Test func dataPastItsRetentionIsAFindingForTheDPO() throws {
        let scenario = try Scenario(Self.graph)
        let trace = try scenario.trace(Self.person, asOf: "2026-12-01")
        let document = try scenario.document(trace, subject: Self.person)
        #expect(document.pastRetention.map(\.purpose) == ["shop.payment"])
        #expect(document.pastRetention.first?.since == "2026-03-02")
        let text = TraceText().render(document)
        let lines = text.split(separator: "\n")
        #expect(lines.count > 2 && lines[2].hasPrefix("Act first: 1 holding is past retention"))
    }
}

extension ReportScenarios {
    /// Art. 5(1)(e): the plan opens with what was already past its retention when the request
    /// arrived, in its JSON and at the top of its text, before the notices.
    @Test func thePlanOpensWithDataThatShouldAlreadyHaveBeenGone() throws {
        let scenario = try Scenario(Self.graph)
        let plan = try scenario.plan(
            """
            sharegraph-request: 1
            id: r
            controller: shop
            received: 2026-11-20
            scope: erasure
            subject:
              reference: W4
              relationships:
                - controller: shop
                  as: [customer]
                  events: {order: 2026-03-01, payment-completed: 2026-03-01, withdrawal-period-end: 2026-03-15, transaction: 2026-03-01}
            """)
        #expect(plan.pastRetention.map(\.purpose) == ["shop.payment"])
        #expect(plan.pastRetention.first?.since == .on("2026-03-02"))
        let document = ErasurePlanDocument(plan: plan, graph: scenario.index.graph)
        let lines = document.text().split(separator: "\n")
        #expect(lines[4].hasPrefix("  Act first: 1 holding was past retention before the request arrived"))
        #expect(try document.json().contains("\"past_retention\""))
    }
}

extension String {
    func replacingOccurrencesOfFirstOf(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}

/// Second round, class 5: a recorded date is never called unknown, and a known minimum is said.
struct NorwegianRetentionScenarios {
    static let graph = """
        sharegraph: 1
        purposes:
          - id: shop.records
            name: Records
            name-nb: Journal
            controller: shop
            legal-basis: legal-obligation
            categories: [identity.name]
            retention: at least last-entry + 10 years
          - id: shop.refunds
            name: Refunds
            name-nb: Tilbakebetaling
            controller: shop
            legal-basis: contract
            categories: [contact.email]
            retention: last of [withdrawal-period-end, payment-completed]
        """

    static func report(_ events: String) throws -> String {
        let scenario = try Scenario(Self.graph)
        let person = """
            sharegraph-subject: 1
            reference: N
            relationships:
              - controller: shop
                as: [customer]
                events: \(events)
            """
        let trace = try scenario.trace(person, asOf: "2026-12-07")
        return AccessReport(
            trace: trace, document: try scenario.document(trace, subject: person), graph: scenario.index.graph,
            language: .nb
        ).markdown()
    }

    /// Art. 12(1), Art. 15(1)(d): "at least ten years after the last entry" with the last entry
    /// recorded on 2024-02-01 gives a known minimum, 2034-02-01, and no stated end. The report says
    /// so; it never says the date of the last entry is unknown.
    @Test func anAtLeastRuleWithItsAnchorRecordedGivesItsMinimum() throws {
        let report = try Self.report("{last-entry: 2024-02-01}")
        #expect(report.contains("minst til 2034-02-01"))
        #expect(report.contains("slutten er ikke fastsatt"))
        #expect(!report.contains("«siste innføring i journalen din ble gjort» er ikke kjent"))
    }

    /// `last of [withdrawal period, payment]`: the withdrawal period ended 2026-03-15 (recorded), the
    /// payment is not recorded. The report names only the payment as unknown, and the known part as
    /// the minimum.
    @Test func aLastOfRuleNamesOnlyTheMissingDate() throws {
        let report = try Self.report("{withdrawal-period-end: 2026-03-15}")
        #expect(report.contains("ikke kjent ennå, minst til 2026-03-15"))
        #expect(report.contains("(datoen for «betalingen gikk gjennom» er ikke kjent)"))
        #expect(!report.contains("«angreretten gikk ut» er ikke kjent"))
    }

    /// Art. 18 restricts data no longer needed for a live purpose. The name on the sales records is
    /// still needed for the live contract; only the invoice and the transaction are kept under
    /// bokføringsloven § 13 and used for nothing else. The report gives each category one status.
    @Test func aRestrictionOnlyCoversWhatNoLivePurposeStillUses() throws {
        let scenario = try Scenario(
            """
            sharegraph: 1
            purposes:
              - id: shop.contract
                name: Contract
                name-nb: Avtalen
                controller: shop
                legal-basis: contract
                categories: [identity.name]
                retention: contract-end + 3 years
              - id: shop.books
                name: Bookkeeping
                name-nb: Regnskap
                controller: shop
                legal-basis: legal-obligation
                categories: [identity.name, financial.invoice, financial.transaction]
                duty: no-bookkeeping
            """)
        let person = """
            sharegraph-subject: 1
            reference: R
            relationships:
              - controller: shop
                as: [customer]
                events: {transaction: 2025-03-01}
            """
        let trace = try scenario.trace(person, asOf: "2026-12-07")
        let books = try #require(trace.holding("shop", "shop.books"))
        #expect(books.inUseElsewhere == ["identity.name"] && books.inUseFor == ["shop.contract"])
        let report = AccessReport(
            trace: trace, document: try scenario.document(trace, subject: person), graph: scenario.index.graph,
            language: .nb
        ).markdown()
        #expect(
            report.contains(
                "fakturaer og fakturaopplysninger, transaksjonshistorikk: oppbevares bare for å oppfylle bokføringsloven § 13, til 2030-12-31; brukes ikke til noe annet; navn: fortsatt i bruk til Avtalen"
            ))
    }
}
