// The Norwegian record of processing (Art. 30) reads as Norwegian: kinds of people, retention,
// Art. 9 conditions and the articles themselves in the words Norwegian law uses, never as ids.

import SharegraphCore
import SharegraphRecords
import SharegraphTestSupport
import Testing

struct NorwegianRecordTests {
    static let builder = RecordBuilder(
        index: Seeds.index, findings: Linter(graph: Seeds.index.graph).findings(), language: .nb)

    static func row(_ controller: String, _ purpose: String) throws -> [String: RecordCell] {
        try RecordTests.row(controller, purpose, in: builder)
    }

    /// Art. 30(1)(c) and (f): the kinds of people and the time limit in Norwegian; the limit told
    /// about the person (a record the controller keeps), with the event named, not its id.
    @Test func kindsOfPeopleAndRetentionAreInNorwegianWords() throws {
        let row = try Self.row("vekstly", "vekstly.delivery")
        #expect(row["subjects"]?.text == "kursdeltaker; kunde")
        #expect(row["retention"]?.text == "til «kurset tok slutt»")
    }

    /// Art. 6(1)(b) is cited as Norwegian law cites the regulation: "art. 6 nr. 1 bokstav b".
    @Test func articlesAreCitedTheNorwegianWay() throws {
        let row = try Self.row("vekstly", "vekstly.delivery")
        #expect(row["lawfulBasis"]?.text == "avtale (art. 6 nr. 1 bokstav b)")
        #expect(row["rights"]?.text.contains("dataportabilitet (art. 20)") == true)
    }

    /// Art. 9(2)(h): the condition named in words, never as the graph's id `health-care`.
    @Test func anArticle9ConditionIsNamedInWords() throws {
        let record = Self.builder.controllerRecord("sterk")
        let conditions = record.rows.compactMap { $0["specialCondition"]?.text }
        #expect(conditions.contains("helse- og sosialtjenester (art. 9 nr. 2 bokstav h)"))
    }

    /// Every controller's record: no English-style citation, no built-in subject type's English
    /// name, no retention rule written as the graph writes it.
    @Test func noCellOfAnyNorwegianRecordFallsBackToEnglishOrIds() {
        let columns = ["subjects", "retention", "lawfulBasis", "specialCondition", "rights"]
        for controller in Self.builder.controllers {
            for row in Self.builder.controllerRecord(controller).rows {
                for column in columns {
                    let text = row[column]?.text ?? ""
                    #expect(!text.contains("Art. "), "\(controller) \(column): \(text)")
                    #expect(!text.contains(" + "), "\(controller) \(column): \(text)")
                    for (id, english) in BuiltInSubjectTypes.all where id != "employee" {
                        #expect(!text.contains(english), "\(controller) \(column): \(text)")
                    }
                    for condition in SpecialCondition.allCases {
                        #expect(!text.contains(condition.rawValue + " "), "\(controller) \(column): \(text)")
                    }
                }
            }
        }
    }

    /// The English record keeps its words: the kinds of people as the vocabulary names them.
    @Test func theEnglishRecordIsUnchangedInSubjectsAndCitations() throws {
        let row = try RecordTests.row("vekstly", "vekstly.delivery")
        #expect(row["subjects"]?.text == "course participant; customer")
        #expect(row["lawfulBasis"]?.text == "contract (Art. 6(1)(b))")
        #expect(row["retention"]?.text == "until “the course the person took ended”")
    }
}

/// CSV injection (OWASP): a graph's text that a spreadsheet would run as a formula is written so
/// it is shown, never run.
struct CSVInjectionTests {
    @Test func aCellThatWouldBeAFormulaIsNeutralised() throws {
        let graph = try Seeds.graph(
            """
            sharegraph: 1
            parties:
              - {id: shop, name: "=HYPERLINK(\\"https://evil.example\\",\\"click\\")", country: "NO", contact: {email: a@shop.example}}
            purposes:
              - id: shop.sales
                name: "@SUM(1+1)"
                controller: shop
                legal-basis: contract
                categories: [identity.name]
                retention: order + 1 year
            """)
        let builder = RecordBuilder(index: graph, findings: [], language: .en)
        let csv = try ProcessingRecord.csv([builder.controllerRecord("shop")], words: RecordWords(language: .en))
        let line = try #require(csv.split(separator: "\r\n").dropFirst().first.map(String.init))
        #expect(line.hasPrefix("\"'=HYPERLINK(") || line.hasPrefix("'=HYPERLINK("), "\(line)")
        #expect(line.contains("'@SUM(1+1)"), "\(line)")
        for first in ["=", "+", "-", "@", "\t", "\r"] {
            #expect(ProcessingRecord.neutralised(first + "1").hasPrefix("'"))
        }
        #expect(ProcessingRecord.neutralised("plain words") == "plain words")
        #expect(ProcessingRecord.neutralised("") == "")
    }
}
