// Every kind of loader problem lands at the exact line and column, with a next step.

import Foundation
import SharegraphCore
import SharegraphReport
import SharegraphTestSupport
import SharegraphYAML
import Testing

struct LoaderDiagnosticsTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var id: String
        var yaml: String
        var messageContains: String
        var testDescription: String { id + ": " + messageContains }
    }

    static let party = """
        parties:
          - id: shop
            name: Shop AS
            country: NO

        """

    static let cases: [Case] = [
        Case(
            id: "yaml-syntax", yaml: "parties:\n  - id: shop\n   1️⃣name: bad indent\n",
            messageContains: "YAML syntax error"),
        // Cut short, with or without a last line break: at the end of the last line, not past it.
        Case(id: "yaml-syntax", yaml: "parties: [shop1️⃣\n", messageContains: "YAML syntax error"),
        Case(id: "yaml-syntax", yaml: "sharegraph: 1\nparties: [{id: a1️⃣", messageContains: "YAML syntax error"),
        Case(
            id: "duplicate-key", yaml: "parties:\n  - id: shop\n    1️⃣name: A\n    name: B\n",
            messageContains: "appears twice"),
        Case(id: "wrong-type", yaml: "parties: 1️⃣shop\n", messageContains: "should be a list"),
        Case(id: "wrong-type", yaml: "parties:\n  - 1️⃣shop\n", messageContains: "should be a mapping"),
        Case(
            id: "wrong-type",
            yaml: party
                + "purposes:\n  - id: p\n    controller: shop\n    name: 1️⃣[a, b]\n    categories: identity.name\n",
            messageContains: "should be text"),
        Case(
            id: "unknown-key",
            yaml: party
                + "flows:\n  - from: shop\n    to: shop\n    role: internal\n    categories: [identity.name]\n    1️⃣purpse: x\n",
            messageContains: "did you mean `purpose`?"),
        Case(id: "unknown-key", yaml: "1️⃣partys: []\n", messageContains: "did you mean `parties`?"),
        Case(id: "missing-field", yaml: "parties:\n  - 1️⃣id: shop\n", messageContains: "missing required field `name`"),
        Case(
            id: "missing-field",
            yaml: party + "flows:\n  - 1️⃣from: shop\n    to: shop\n    categories: [identity.name]\n",
            messageContains: "missing required field `role`"),
        Case(
            id: "unknown-reference",
            yaml: party
                + "flows:\n  - from: shop\n    to: 1️⃣strpe\n    role: processor\n    categories: [identity.name]\n",
            messageContains: "party or system `strpe`, which is not defined"),
        Case(
            id: "unknown-reference",
            yaml: party + "purposes:\n  - id: p\n    controller: 1️⃣shp\n    categories: [identity.name]\n",
            messageContains: "did you mean `shop`?"),
        Case(
            id: "unknown-event",
            yaml: party
                + "purposes:\n  - id: p\n    controller: shop\n    categories: [identity.name]\n    when: 1️⃣dispte\n",
            messageContains: "did you mean `dispute`?"),
        Case(
            id: "invalid-date", yaml: party + "contracts:\n  - id: c\n    type: dpa\n    signed: 1️⃣2023-02-30\n",
            messageContains: "is not a date"),
        Case(
            id: "invalid-duration",
            yaml: party
                + "purposes:\n  - id: p\n    controller: shop\n    categories: [identity.name]\n    retention: contract-end + 36 1️⃣moons\n",
            messageContains: "unknown unit `moons`"),
        Case(
            id: "invalid-duration",
            yaml: party.replacingOccurrences(of: "country: NO", with: "response-time: \"1️⃣soon\""),
            messageContains: "expected a whole number"),
        Case(
            id: "unknown-category",
            yaml: party
                + "purposes:\n  - id: p\n    controller: shop\n    categories: [identity.name, 1️⃣contact.emial]\n",
            messageContains: "did you mean `contact.email`?"),
        Case(
            id: "unknown-legal-basis",
            yaml: party
                + "purposes:\n  - id: p\n    controller: shop\n    categories: [identity.name]\n    legal-basis: 1️⃣contrac\n",
            messageContains: "did you mean `contract`?"),
        Case(
            id: "unknown-role",
            yaml: party
                + "flows:\n  - from: shop\n    to: shop\n    role: 1️⃣procesor\n    categories: [identity.name]\n",
            messageContains: "did you mean `processor`?"),
        Case(
            id: "unknown-event",
            yaml: party
                + "purposes:\n  - id: p\n    controller: shop\n    categories: [identity.name]\n    retention: 1️⃣contract-ended + 1 year\n",
            messageContains: "did you mean `contract-end`?"),
        Case(
            id: "unknown-event",
            yaml: party
                + "flows:\n  - from: shop\n    to: shop\n    role: internal\n    categories: [identity.name]\n    when: 1️⃣invoice-late\n",
            messageContains: "event `invoice-late`, which nothing defines"),
        Case(
            id: "invalid-id", yaml: "parties:\n  - id: 1️⃣Stripe Inc\n    name: Stripe\n",
            messageContains: "is not a valid id"),
        Case(
            id: "invalid-value", yaml: "parties:\n  - id: shop\n    name: Shop\n    country: 1️⃣NOR\n",
            messageContains: "not an ISO 3166-1"),
        Case(
            id: "invalid-value",
            yaml: "parties:\n  - id: shop\n    name: Shop\n    contact:\n      webhook: 1️⃣http://example.no/hook\n",
            messageContains: "plain http"),
        Case(
            id: "invalid-value", yaml: "parties:\n  - id: shop\n    name: Shop\n    country: SE\n    eea: 1️⃣false\n",
            messageContains: "contradicts country"),
        Case(
            id: "unsupported-yaml", yaml: "parties:\n  - &a {id: x}\n  - 1️⃣*a : y\n",
            messageContains: "alias cannot be used as a mapping key"),
    ]

    @Test(arguments: cases)
    func diagnosticLandsOnItsMarker(_ testCase: Case) throws {
        let marked = MarkedText(testCase.yaml)
        let diagnostics = loadMarked([("graph.yaml", marked)])
        let expected = try #require(marked.location("1️⃣", file: "graph.yaml"))
        let match = diagnostics.first { $0.id == testCase.id && $0.location == expected }
        #expect(
            match != nil,
            "expected \(testCase.id) at \(expected); got \(diagnostics.map { "\($0.location) \($0.id): \($0.message)" })"
        )
        if let match {
            #expect(match.message.contains(testCase.messageContains), "\(match.message)")
            #expect(match.severity == .error)
        }
    }

    @Test func duplicateIDsAcrossFilesPointAtBothPlaces() {
        let first = MarkedText("parties:\n  - id: stripe\n    name: Stripe\n")
        let second = MarkedText("parties:\n  - id: 1️⃣stripe\n    name: Stripe again\n")
        let diagnostics = loadMarked([("a.yaml", first), ("b.yaml", second)])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.location == second.location("1️⃣", file: "b.yaml"))
        #expect(diagnostics.first?.message.contains("already defined at a.yaml:2:9") == true)
    }

    @Test func referencesResolveAcrossFiles() {
        let shared = MarkedText("parties:\n  - id: stripe\n    name: Stripe\n    country: IE\n")
        let shop = MarkedText(
            Self.party
                + "flows:\n  - from: shop\n    to: stripe\n    role: independent-controller\n    categories: [identity.name]\n"
        )
        #expect(loadMarked([("shared.yaml", shared), ("shop.yaml", shop)]).isEmpty)
    }

    @Test func everyProblemIsReportedInOneRun() {
        let marked = MarkedText(
            "parties:\n  - id: shop\n    1️⃣nmae: Shop\n  - id: 2️⃣Bad\n    name: B\nflows:\n  - from: shop\n    to: 3️⃣nobody\n    role: processor\n    categories: [4️⃣nothing]\n"
        )
        let diagnostics = loadMarked([("g.yaml", marked)])
        for marker in ["1️⃣", "2️⃣", "3️⃣", "4️⃣"] {
            #expect(diagnostics.contains { $0.location == marked.location(marker, file: "g.yaml") }, "\(marker)")
        }
    }

    @Test func quotedValuesPointInsideTheQuotes() throws {
        let marked = MarkedText(
            Self.party
                + "purposes:\n  - id: p\n    controller: shop\n    categories: [identity.name]\n    retention: \"1️⃣contract-ended + 1 year\"\n"
        )
        let diagnostics = loadMarked([("q.yaml", marked)])
        #expect(diagnostics.map(\.location) == [try #require(marked.location("1️⃣", file: "q.yaml"))])
    }
}

struct DerivedFlowIDTests {
    @Test func repeatedPairsGetNumberedIDs() {
        let flow = "  - from: shop\n    to: host\n    role: processor\n    categories: [identity.name]\n"
        let text =
            "parties:\n  - {id: shop, name: S}\n  - {id: host, name: H}\nflows:\n" + String(repeating: flow, count: 3)
        let parsed = GraphLoader().parse(text: Array(text.utf8), file: "f.yaml")
        let graph = Graph.assemble([parsed.document].compactMap { $0 }).graph
        #expect(graph.flows.map(\.id.value) == ["shop->host", "shop->host#2", "shop->host#3"])
    }

    @Test func aFileOnDiskIsQuotedByReadingItAgainAndNotOnceItHasChanged() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-quote-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("g.yaml").path
        let text = "sharegraph: 1\nparties:\n  - {id: shop, name: Shop AS, country: NOO}\n"
        // Saved with a byte-order mark, which is not part of the text the loader parsed.
        try Data([0xEF, 0xBB, 0xBF] + Array(text.utf8)).write(to: URL(fileURLWithPath: path))
        let result = GraphLoader().load(paths: [path])
        let finding = try #require(result.diagnostics.first { $0.message.contains("NOO") })
        #expect(finding.location.line == 3)
        let file = try #require(result.files[path])
        #expect(file.line(3) == "  - {id: shop, name: Shop AS, country: NOO}", "quoted from the file as loaded")

        let again = GraphLoader().load(paths: [path])
        try text.replacingOccurrences(of: "Shop AS", with: "Shop BS").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(try #require(again.files[path]).line(3) == nil, "a file changed since loading is not quoted")
        let rendered = DiagnosticTextRenderer(files: again.files).render(finding)
        #expect(
            rendered.hasPrefix("\(path):3:") && !rendered.contains("Shop"),
            "the place is still named, without a wrong quote")
    }
}

struct WebhookCheckTests {
    /// `check` refuses the metadata address and private ones at their place, unless the recipient
    /// is marked internal.
    @Test func privateEndpointsNeedTheInternalMark() {
        func errors(_ contact: String) -> [String] {
            let parsed = GraphLoader().parse(
                text: Array(
                    """
                    sharegraph: 1
                    parties:
                      - {id: hook, name: Hook AS, country: "NO", contact: \(contact)}
                    """.utf8), file: "g.yaml")
            return Graph.assemble(parsed.document.map { [$0] } ?? []).diagnostics.filter { $0.severity == .error }.map(
                \.message)
        }
        #expect(
            errors(#"{webhook: "https://169.254.169.254/x"}"#) == [
                "webhook `https://169.254.169.254/x` points at a link-local address, which is refused unless the recipient is marked internal"
            ])
        #expect(errors(#"{webhook: "https://10.0.0.8/x", internal: true}"#).isEmpty)
        #expect(
            errors(#"{webhook: "http://localhost:1@evil.example/"}"#).first?.contains("user name or password") == true)
        #expect(errors(#"{webhook: "https://hooks.example.com/x"}"#).isEmpty)
    }

    /// A file that cannot be parsed is reported before the findings of other files, which may only
    /// follow from it (here a purpose in `a.yaml` names a party that `b.yaml`, broken, would declare).
    @Test func aSyntaxErrorComesFirstAndSaysWhatMayFollowFromIt() {
        let result = GraphLoader().load(texts: [
            (
                name: "a.yaml",
                bytes: Array(
                    "sharegraph: 1\npurposes:\n  - {id: p, name: P, controller: shop, categories: [contact], retention: '12 months'}\n"
                        .utf8)
            ),
            (name: "b.yaml", bytes: Array((LoaderDiagnosticsTests.party + "  - [broken\n").utf8)),
        ])
        #expect(result.diagnostics.first?.id == "yaml-syntax")
        #expect(result.diagnostics.first?.location.file == "b.yaml")
        #expect(result.diagnostics.first?.hint?.contains("may follow from it: fix it first") == true)
        #expect(
            result.diagnostics.dropFirst().contains { $0.id == "unknown-reference" && $0.location.file == "a.yaml" })
    }
}
