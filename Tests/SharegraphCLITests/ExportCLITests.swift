// `sharegraph export` read by rdflib (PyPI): the Turtle and the JSON-LD are the same graph, every
// DPV, pd and eu-gdpr term exists in the DPV 2.3 files (Fixtures/dpv-2.3), and the seed facts hold.

import Foundation
import SharegraphCore
import SharegraphTestSupport
import Testing

struct ExportCLITests {
    static let vocabulary = CLI.fixtures.appendingPathComponent("dpv-2.3")

    @Test func theDPVExportParsesInRdflibAndUsesOnlyTermsTheVocabularyHas() throws {
        let directory = try CLI.scratch("dpv")
        defer { try? FileManager.default.removeItem(at: directory) }
        let turtle = directory.appendingPathComponent("graph.ttl").path
        let jsonld = directory.appendingPathComponent("graph.jsonld").path
        let written = try CLI.run(["export", "Graphs", "--format", "dpv-turtle", "--out", turtle])
        #expect(written.status == 0)
        #expect(written.stderr.contains("wrote \(turtle): "), "export says what it wrote, as records does")
        #expect(try CLI.run(["export", "Graphs", "--format", "dpv-jsonld", "--out", jsonld]).status == 0)
        let script = """
            import sys, rdflib
            from rdflib.compare import isomorphic
            DPV = rdflib.Namespace("https://w3id.org/dpv#")
            PD = rdflib.Namespace("https://w3id.org/dpv/pd#")
            GDPR = rdflib.Namespace("https://w3id.org/dpv/legal/eu/gdpr#")
            LOC = rdflib.Namespace("https://w3id.org/dpv/loc#")
            t = rdflib.Graph().parse(sys.argv[1], format="turtle")
            j = rdflib.Graph().parse(sys.argv[2], format="json-ld")
            assert isomorphic(t, j), "the Turtle and the JSON-LD differ"
            vocabulary = rdflib.Graph()
            for name in ["dpv", "pd", "eu-gdpr"]:
                vocabulary.parse(sys.argv[3] + "/" + name + ".ttl", format="turtle")
            known = set(vocabulary.subjects())
            spaces = [str(DPV), str(PD), str(GDPR)]
            unknown = {str(term) for triple in t for term in triple
                       if isinstance(term, rdflib.URIRef) and any(str(term).startswith(s) for s in spaces) and term not in known}
            assert not unknown, unknown
            # Vekstly's card payments (seed policy): a contract (Art. 6(1)(b)), e-mail among the data,
            # Stripe as processor, and Stripe, Inc. in the US under SCCs (Art. 46(2)(c)).
            p = rdflib.URIRef("urn:sharegraph:process:vekstly.payment")
            assert (p, rdflib.RDF.type, DPV.Process) in t
            assert (p, DPV.hasLegalBasis, GDPR["A6-1-b"]) in t
            assert (p, DPV.hasPersonalData, PD.EmailAddress) in t
            assert (p, DPV.hasDataProcessor, rdflib.URIRef("urn:sharegraph:party:stripe")) in t
            transfers = list(t.objects(p, DPV.hasContext))
            assert any((x, DPV.hasThirdCountry, LOC.US) in t and (x, DPV.hasLegalBasis, GDPR["A46-2-c"]) in t for x in transfers)
            # Every purpose of the seed graphs is a process.
            assert len(set(t.subjects(rdflib.RDF.type, DPV.Process))) == int(sys.argv[4]), len(set(t.subjects(rdflib.RDF.type, DPV.Process)))
            print("ok")
            """
        let purposes = Seeds.index.graph.purposes.count
        let (status, text) = try CLI.python(["-c", script, turtle, jsonld, Self.vocabulary.path, String(purposes)])
        #expect(status == 0 && text.hasSuffix("ok\n"), "rdflib (pip install rdflib): \(text)")
    }

    /// Every fideslang neighbour the taxonomy names is a data category of the fideslang package
    /// (PyPI fideslang 3.1.4), as every DPV term is checked against the DPV files above.
    @Test func everyFideslangNeighbourIsAFideslangDataCategory() throws {
        let listed = try CLI.run(["taxonomy", "--markdown"])
        #expect(listed.status == 0)
        let keys = listed.stdout.split(separator: "\n").compactMap { line -> String? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false)
            guard cells.count > 5 else { return nil }
            let key = cells[4].trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "`"))
            return key.hasPrefix("user") ? key : nil
        }
        #expect(keys.count == SharegraphCore.Taxonomy.builtIn.categories.values.filter { $0.fides != nil }.count)
        let script = """
            import sys
            from fideslang.default_taxonomy import DEFAULT_TAXONOMY
            known = {c.fides_key for c in DEFAULT_TAXONOMY.data_category}
            unknown = sorted(set(sys.argv[1:]) - known)
            assert not unknown, unknown
            print("ok")
            """
        let (status, text) = try CLI.python(["-c", script] + keys)
        #expect(status == 0 && text.hasSuffix("ok\n"), "fideslang (pip install fideslang==3.1.4): \(text)")
        // The plain listing names the neighbours too, as the README says.
        let plain = try CLI.run(["taxonomy"])
        #expect(plain.stdout.contains("fideslang user.contact.email, DPV pd:EmailAddress"))
    }
}
