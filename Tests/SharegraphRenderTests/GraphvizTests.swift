// libgraphviz through the one shared context: every format valid, errors as values, concurrent use.

import Foundation
import SharegraphCore
import SharegraphRender
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

struct GraphvizTests {
    static func vekstly() throws -> Diagram {
        try MapView(index: Fixture.organisation("vekstly")).diagram()
    }

    /// Collects element ids and `<title>` texts, with entities decoded as a browser would.
    final class Names: NSObject, XMLParserDelegate {
        var ids: Set<String> = []
        var titles: Set<String> = []
        private var inTitle = false
        private var text = ""

        func parser(
            _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
            attributes: [String: String]
        ) {
            if let id = attributes["id"] { ids.insert(id) }
            inTitle = name == "title"
            text = ""
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inTitle { text += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title" { titles.insert(text) }
            inTitle = false
        }
    }

    @Test func svgIsWellFormedAndNamesEveryPartyForLinks() throws {
        for organisation in ["vekstly", "janteloppet", "jetpak", "igo", "jackon"] {
            let diagram = try MapView(index: Fixture.organisation(organisation)).diagram()
            let svg = try diagram.rendered(as: .svg)
            let parser = XMLParser(data: Data(svg))
            let names = Names()
            parser.delegate = names
            #expect(
                parser.parse(), "\(organisation): SVG is not well-formed: \(String(describing: parser.parserError))")
            let parties = Set(diagram.nodes.map(\.id)).union(diagram.clusters.map(\.id))
            #expect(!parties.isEmpty)
            for party in parties {
                #expect(
                    names.ids.contains(party) || names.titles.contains(party),
                    "\(organisation): \(party) has no id or title in the SVG")
            }
        }
    }

    @Test func pngAndPDFHaveTheirSignatures() throws {
        let diagram = try Self.vekstly()
        let png = try diagram.rendered(as: .png)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let pdf = try diagram.rendered(as: .pdf)
        #expect(String(decoding: pdf.prefix(5), as: UTF8.self) == "%PDF-")
        #expect(String(decoding: pdf.suffix(8), as: UTF8.self).contains("%%EOF"))
    }

    @Test func textFormatsNeedNoGraphviz() throws {
        let diagram = try Self.vekstly()
        #expect(try diagram.rendered(as: .dot) == Array(DOTWriter(diagram).text().utf8))
        #expect(try diagram.rendered(as: .mermaid) == Array(MermaidWriter(diagram).text().utf8))
    }

    @Test func graphvizFailuresComeBackAsErrors() throws {
        #expect {
            try Graphviz.shared.render(dot: "digraph { a -> ", format: .svg)
        } throws: { error in
            (error as? GraphvizError)?.stage == "read the DOT text"
                && !((error as? GraphvizError)?.message.isEmpty ?? true)
        }
        #expect {
            try Graphviz.shared.render(dot: "digraph { a -> b }", engine: "no-such-engine", format: "svg")
        } throws: { error in
            (error as? GraphvizError)?.description.contains("lay out the graph with `no-such-engine`") == true
        }
        #expect {
            try Graphviz.shared.render(dot: "digraph { a -> b }", engine: "dot", format: "no-such-format")
        } throws: { error in
            (error as? GraphvizError)?.description.contains("render `no-such-format`") == true
        }
        // The context still works after failures.
        let svg = try Graphviz.shared.render(dot: "digraph { a -> b }", format: .svg)
        #expect(String(decoding: svg, as: UTF8.self).contains("<svg"))
    }

    @Test func concurrentRendersFromManyTasksAllSucceedAndAgree() async throws {
        let diagram = try Self.vekstly()
        let dot = DOTWriter(diagram).text()
        let outputs = try await withThrowingTaskGroup(of: [UInt8].self) { group in
            for index in 0..<16 {
                group.addTask {
                    try Graphviz.shared.render(dot: dot, format: index % 4 == 3 ? .png : .svg)
                }
            }
            var all: [[UInt8]] = []
            for try await output in group { all.append(output) }
            return all
        }
        #expect(outputs.count == 16)
        let svgs = Set(outputs.filter { $0.starts(with: Array("<?xml".utf8)) })
        #expect(svgs.count == 1, "the same DOT gives the same SVG from every task")
        #expect(outputs.filter { $0.starts(with: [0x89, 0x50, 0x4E, 0x47]) }.count == 4)
    }

    @Test func largeMapsChooseAScalableEngine() throws {
        var diagram = Diagram(title: "large")
        diagram.engine = .sfdp
        diagram.nodes = (0..<3).map { Diagram.Node(id: "n\($0)", label: "N\($0)", kind: .processor) }
        diagram.edges = [
            Diagram.Edge(from: "n0", to: "n1", style: .processing),
            Diagram.Edge(from: "n1", to: "n2", style: .disclosure),
        ]
        let dot = DOTWriter(diagram).text()
        #expect(dot.contains("overlap=prism") && dot.contains("splines=false"))
        let svg = try diagram.rendered(as: .svg)
        #expect(String(decoding: svg, as: UTF8.self).contains("<title>n2</title>"))
    }
}
