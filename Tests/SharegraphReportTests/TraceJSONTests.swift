// The directly written trace JSON (the server's fast path) against JSONEncoder, byte for byte.

import Foundation
import SharegraphCore
import SharegraphReport
import SharegraphTestSupport
import SharegraphYAML
import Testing

struct TraceJSONTests {
    static func encoder(_ document: TraceDocument) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(document), as: UTF8.self)
    }

    @Test(arguments: Seeds.sampleNames)
    func everySamplePersonIsWrittenAsJSONEncoderWritesIt(_ name: String) throws {
        let person = try Seeds.sample(name)
        for date in ["2024-01-01", "2026-11-16", "2040-06-01"] {
            let trace = Seeds.index.trace(person, asOf: CalendarDate(iso: date)!)
            for identifiers in [false, true] {
                let document = TraceDocument(
                    trace: trace, graph: Seeds.index.graph, subject: person, showIdentifiers: identifiers)
                #expect(document.compactJSON() == (try Self.encoder(document)), "\(name) on \(date)")
            }
        }
    }

    @Test func generatedPeopleAndAwkwardTextAreWrittenAsJSONEncoderWritesThem() throws {
        let generator = GraphGenerator(parties: 300, flows: 3_000, seed: 3)
        let documents = generator.files().map { file in
            GraphLoader().parse(text: Array(file.text.utf8), file: file.name).document
        }
        let (graph, _) = Graph.assemble(documents.compactMap { $0 })
        let index = try TraceIndex(graph: graph)
        let people = generator.subjects(count: 10)
        #expect(people.count == 10)
        for person in people {
            let subject = try #require(
                SubjectLoader().parse(text: Array(person.text.utf8), file: person.name, graph: graph).subject)
            let document = TraceDocument(
                trace: index.trace(subject, asOf: CalendarDate(iso: "2026-06-01")!), graph: graph, subject: subject,
                showIdentifiers: true)
            #expect(!document.holders.isEmpty)
            #expect(document.compactJSON() == (try Self.encoder(document)), "\(person.name)")
        }
        // Quotes, backslashes, control characters, slashes and non-ASCII in a name.
        let person = try Seeds.sample(Seeds.sampleNames[0])
        var document = TraceDocument(
            trace: Seeds.index.trace(person, asOf: CalendarDate(iso: "2026-11-16")!), graph: Seeds.index.graph,
            subject: person, showIdentifiers: true)
        document.subject = "a \"quoted\" \\ back/slash\n\t\u{01}\u{1F} Østfold 🎉"
        #expect(document.compactJSON() == (try Self.encoder(document)))
    }
}
