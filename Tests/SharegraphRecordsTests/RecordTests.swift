// The record of processing (Art. 30) from the seed graphs: the answers written from the article and
// the seed policies before the code ran, no cell ever blank, and the files read by openpyxl and
// Python's csv module, which nobody on the project wrote.

import Foundation
import SharegraphCore
import SharegraphRecords
import SharegraphTestSupport
import SharegraphYAML
import Testing

struct RecordTests {
    static let builder = RecordBuilder(
        index: Seeds.index, findings: Linter(graph: Seeds.index.graph).findings(), language: .en)

    static func row(
        _ controller: String, _ purpose: String, in builder: RecordBuilder = builder,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws -> [String: RecordCell] {
        try #require(
            builder.controllerRecord(controller).rows.first { $0["purpose"]?.text.hasSuffix("(\(purpose))") == true },
            sourceLocation: sourceLocation)
    }

    @Test func vekstlysCardPaymentsGoToStripeAndOnToTheUSUnderSCCs() throws {
        let row = try Self.row("vekstly", "vekstly.payment")
        // Art. 30(1)(d): Stripe processes the payment for Vekstly and keeps its own record as a controller.
        #expect(row["recipients"]?.text.contains("processors: Stripe Payments Europe Ltd") == true)
        #expect(row["recipients"]?.text.contains("independent controllers: Stripe Payments Europe Ltd") == true)
        // Art. 30(1)(e): Stripe passes it to Stripe, Inc. in the US, under standard contractual clauses (Art. 46(2)(c)).
        #expect(row["thirdCountries"]?.text == "Stripe, Inc. (US)")
        #expect(row["safeguards"]?.text == "Stripe, Inc.: scc (stripe-intra-group-scc)")
        // Art. 6(1)(b) contract: portability (Art. 20(1)(a)), no objection (Art. 21(1)).
        #expect(row["lawfulBasis"]?.text == "contract (Art. 6(1)(b))")
        #expect(row["rights"]?.text.contains("portability (Art. 20)") == true)
        #expect(row["rights"]?.text.contains("objection") == false)
        // Art. 30(1)(g): the graph records no security measures, and the cell says so.
        #expect(row["securityMeasures"] == RecordCell(text: "not stated in the policy", stated: false))
    }

    @Test func everyCellOfEveryRecordSaysSomething() {
        let records =
            Self.builder.controllers.map(Self.builder.controllerRecord)
            + Self.builder.processors.map(Self.builder.processorRecord)
        #expect(records.count > 9)
        for record in records {
            #expect(!record.rows.isEmpty, "\(record.party)")
            for row in record.rows {
                for column in record.columns {
                    let text = row[column]?.text.trimmingCharacters(in: .whitespaces) ?? ""
                    #expect(!text.isEmpty, "\(record.party) \(column) is blank")
                }
            }
        }
    }

    @Test func aProcessorsRecordListsTheControllersItServesAndItsSubProcessors() {
        // Art. 30(2)(a)-(c): Stripe Payments Europe processes for Vekstly, through Stripe, Inc. in the US.
        let record = Self.builder.processorRecord("stripe")
        let vekstly = record.rows.first { $0["controller"]?.text == "Vekstly AS (vekstly)" }
        #expect(vekstly?["subProcessors"]?.text == "Stripe, Inc.")
        #expect(vekstly?["thirdCountries"]?.text == "Stripe, Inc. (US)")
        #expect(vekstly?["processing"]?.text == "Taking payment for a course")
    }

    @Test func legitimateInterestsSayWhetherABalancingTestIsRecorded() {
        // Art. 6(1)(f): every legitimate-interest purpose of the seeds either quotes its balancing or says none is recorded.
        for controller in Self.builder.controllers {
            for row in Self.builder.controllerRecord(controller).rows
            where row["lawfulBasis"]?.text.hasPrefix("legitimate interests") == true {
                let cell = row["legitimateInterests"]
                #expect(
                    cell?.text.hasPrefix("balancing test recorded: ") == true
                        || cell == RecordCell(text: "relied on; no balancing test recorded", stated: false))
            }
        }
    }
}

/// Art. 30(1)(a) and 30(2)(a): a record first names who keeps it and how to reach them.
struct RecordIdentificationTests {
    @Test func aControllersRecordNamesItAndItsContactDetails() {
        let record = RecordTests.builder.controllerRecord("vekstly")
        let fields = Dictionary(uniqueKeysWithValues: record.identification.map { ($0.field, $0.cell) })
        #expect(fields["name"]?.text == "Vekstly AS (vekstly), NO")
        #expect(fields["contact"] == .stated("hei@vekstly.no"))
        // The graph records no data protection officer: the cell says so instead of being blank.
        #expect(fields["dpo"]?.stated == false)
        // Art. 27(1): a controller established in the EEA needs no representative.
        #expect(fields["representative"]?.text == "not needed: established in the EEA (Art. 27(1))")
        let markdown = record.markdown(RecordWords(language: .en))
        #expect(markdown.contains("## Controller (Art. 30(1)(a))"))
        #expect(markdown.contains("| Contact details | hei@vekstly.no |"))
    }

    @Test func aProcessorsRecordNamesTheProcessor() {
        let record = RecordTests.builder.processorRecord("stripe")
        #expect(record.identification.first?.cell.text.hasPrefix("Stripe Payments Europe Ltd (stripe)") == true)
        #expect(record.markdown(RecordWords(language: .en)).contains("## Processor (Art. 30(2)(a))"))
    }
}
