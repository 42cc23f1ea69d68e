// The visual language on a small graph: shapes by kind, lines by role, colours by basis, conditions,
// special categories, transfers, merged parallel flows, compact labels, and the focus views.

import SharegraphCore
import Testing

@testable import SharegraphRender

struct VisualLanguageTests {
    static let yaml = """
        sharegraph: 1
        parties:
          - id: shop
            name: Shop AS
            country: "NO"
            systems:
              - {id: shop.web, name: Web shop}
              - {id: shop.crm, name: CRM}
          - {id: cloud, name: Cloud Ltd, country: IE}
          - {id: cloud-us, name: Cloud Inc, country: US}
          - {id: clinic, name: Clinic AS, country: "NO"}
          - {id: collector, name: Collector AS, country: "NO"}
          - {id: police, name: Police, kind: public-authority, country: "NO"}
          - {id: bystander, name: Unrelated AS, country: "NO"}
        purposes:
          - id: shop.sales
            name: Sales
            controller: shop
            legal-basis: contract
            categories: [identity.name, contact.email, contact.phone, contact.address, financial.invoice, commercial.orders, online.ip-address]
            subjects: [customer]
          - id: shop.health
            name: Dietary advice
            controller: shop
            legal-basis: consent
            special-condition: explicit-consent
            categories: [health.dietary, identity.name]
            subjects: [customer]
          - id: shop.crime
            name: Crime prevention
            controller: shop
            legal-basis: legal-obligation
            categories: [identity.name]
            subjects: [customer]
        contracts:
          - {id: dpa, type: dpa, parties: [shop, cloud]}
          - {id: sub, type: dpa, parties: [cloud, cloud-us]}
          - {id: scc, type: scc, parties: [cloud, cloud-us]}
        flows:
          - {from: shop.web, to: shop.crm, role: internal, purpose: shop.sales, categories: [identity.name]}
          - {from: shop.crm, to: cloud, role: processor, purpose: shop.sales, categories: [identity.name, contact.email], contract: dpa}
          - {from: shop.crm, to: cloud, role: processor, purpose: shop.sales, categories: [contact.phone], contract: dpa}
          - {from: cloud, to: cloud-us, role: sub-processor, categories: [identity.name], contract: sub, authorisation: dpa, transfer: {mechanism: scc, contract: scc}}
          - {from: shop.crm, to: clinic, role: independent-controller, purpose: shop.health, categories: [health.dietary, identity.name]}
          - {from: shop.crm, to: collector, role: independent-controller, purpose: shop.sales, when: invoice-overdue, categories: [identity.name, contact.email, contact.phone, contact.address, financial.invoice, commercial.orders, online.ip-address]}
          - {from: shop.crm, to: police, role: authority, purpose: shop.crime, when: police-request, categories: [identity.name]}
        """

    static func diagram(_ focus: MapView.Focus = .whole, detail: Detail = .auto) throws -> Diagram {
        try MapView(index: Fixture.graph(yaml), focus: focus, detail: detail).diagram()
    }

    static func edge(_ diagram: Diagram, _ from: String, _ to: String) throws -> Diagram.Edge {
        try #require(diagram.edges.first { $0.from == from && $0.to == to }, "no edge \(from) -> \(to)")
    }

    @Test func nodesTakeTheirKindFromPurposesAndRoles() throws {
        let diagram = try Self.diagram()
        let kinds = Dictionary(uniqueKeysWithValues: diagram.nodes.map { ($0.id, $0.kind) })
        #expect(kinds["shop.web"] == .system && kinds["shop.crm"] == .system)
        #expect(kinds["cloud"] == .processor && kinds["cloud-us"] == .processor)
        #expect(kinds["clinic"] == .thirdParty && kinds["collector"] == .thirdParty)
        #expect(kinds["police"] == .authority)
        #expect(kinds["bystander"] == nil, "a party no controller's data reaches is left out")
        #expect(diagram.notes.contains("1 party no controller's data reaches is not drawn"))
        let shop = try #require(diagram.clusters.first { $0.id == "shop" })
        #expect(shop.isController && shop.details.contains("controller · 3 purposes"))
        let dot = DOTWriter(diagram).text()
        #expect(dot.contains("subgraph \"cluster_shop\""))
        #expect(
            dot.contains(
                "\"police\" [id=\"police\", label=<<B>Police</B><BR/><FONT POINT-SIZE=\"8\">NO</FONT>>, shape=house"))
        #expect(dot.contains("\"clinic\" [id=\"clinic\"") && dot.contains("shape=box, peripheries=2"))
    }

    @Test func linesFollowTheRoleAndConditionsAreDashedWithTheirLabel() throws {
        let diagram = try Self.diagram()
        #expect(try Self.edge(diagram, "shop.crm", "cloud").style == .processing)
        #expect(try Self.edge(diagram, "shop.crm", "clinic").style == .disclosure)
        let police = try Self.edge(diagram, "shop.crm", "police")
        #expect(police.style == .authority && police.condition == "when police-request")
        let collector = try Self.edge(diagram, "shop.crm", "collector")
        #expect(collector.condition == "when invoice-overdue")
        #expect(try Self.edge(diagram, "shop.web", "shop.crm").style == .internal)
        let dot = DOTWriter(diagram).text()
        #expect(dot.contains("[penwidth=1.6, style=dashed, color=\"#CC79A7\", arrowhead=diamond]"))
        #expect(dot.contains("<I>when invoice-overdue</I>"))
        let mermaid = MermaidWriter(diagram).text()
        #expect(mermaid.contains("shop_crm -.->|\"<i>when police-request</i><br/>identity.name\"| police"))
        #expect(
            mermaid.contains("shop_crm ==>|\"special: health.dietary<br/>health.dietary<br/>identity.name\"| clinic"))
    }

    @Test func colourFollowsTheLegalBasisAndTheLegendListsWhatIsUsed() throws {
        let diagram = try Self.diagram()
        #expect(try Self.edge(diagram, "shop.crm", "cloud").basis == .contract)
        #expect(try Self.edge(diagram, "shop.crm", "clinic").basis == .consent)
        #expect(try Self.edge(diagram, "cloud", "cloud-us").basis == nil)
        let dot = DOTWriter(diagram).text()
        for basis in [LegalBasis.contract, .consent, .legalObligation] {
            #expect(dot.contains("color=\"\(Palette.colour(basis))\""))
            #expect(dot.contains(Palette.legendText(basis)))
        }
        #expect(!dot.contains(Palette.legendText(.legitimateInterests)), "the legend lists only bases the diagram uses")
        #expect(dot.contains("disclosed to an authority") && dot.contains("only when the condition in italics holds"))
    }

    @Test func specialCategoriesAndTransfersOutsideTheEEAAreMarked() throws {
        let diagram = try Self.diagram()
        let clinic = try #require(diagram.nodes.first { $0.id == "clinic" })
        #expect(clinic.special)
        let toClinic = try Self.edge(diagram, "shop.crm", "clinic")
        #expect(
            toClinic.specialCategories == ["health.dietary"] && toClinic.lines == ["health.dietary", "identity.name"])
        let us = try #require(diagram.nodes.first { $0.id == "cloud-us" })
        #expect(us.outsideEEA && us.details.contains("US · outside the EEA"))
        #expect(try Self.edge(diagram, "cloud", "cloud-us").lines.last == "transfer: SCC")
        let dot = DOTWriter(diagram).text()
        #expect(dot.contains("fillcolor=\"\(Palette.outsideEEA)\""))
        #expect(dot.contains("<FONT COLOR=\"\(Palette.special)\"><B>special: health.dietary</B></FONT>"))
    }

    @Test func parallelFlowsMergeAndLongCategoryListsAreCompact() throws {
        let diagram = try Self.diagram()
        let cloudEdges = diagram.edges.filter { $0.from == "shop.crm" && $0.to == "cloud" }
        #expect(cloudEdges.count == 1)
        #expect(cloudEdges.first?.lines == ["contact: email, phone", "identity.name"])
        let collector = try Self.edge(diagram, "shop.crm", "collector")
        #expect(
            collector.lines == ["commercial.orders", "contact: address, email, phone", "financial.invoice", "+2 more"])
        #expect(CategoryLabel.lines(["contact", "contact.email"], taxonomy: .builtIn, groups: 3) == ["contact (all)"])
        #expect(
            CategoryLabel.lines(["a.b", "a.c", "a.d", "a.e", "a.f"], taxonomy: .builtIn, groups: 3) == ["a: b, c, d +2"]
        )
    }

    @Test func aPartyFocusKeepsWhereItsDataComesFromAndGoes() throws {
        let diagram = try Self.diagram(.party("cloud"))
        let ids = Set(diagram.nodes.map(\.id))
        #expect(ids.contains("shop.crm") && ids.contains("cloud-us"))
        #expect(!ids.contains("clinic") && !ids.contains("police") && !ids.contains("collector"))
        #expect(diagram.nodes.first { $0.id == "cloud" }?.focus == true)
    }

    @Test func aPurposeFocusFollowsItsFlowsAndTheOnwardOnes() throws {
        let diagram = try Self.diagram(.purpose("shop.sales"))
        let ids = Set(diagram.nodes.map(\.id))
        #expect(ids.isSuperset(of: ["cloud", "cloud-us", "collector"]))
        #expect(!ids.contains("clinic") && !ids.contains("police"))
    }

    @Test func aCategoryFocusKeepsOnlyFlowsCarryingIt() throws {
        let diagram = try Self.diagram(.category("health"))
        #expect(Set(diagram.edges.map(\.to)) == ["clinic"])
        #expect(diagram.edges.first?.lines.contains("identity.name") == false, "only the asked category is labelled")
        let nowhere = try Self.diagram(.category("marketing"))
        #expect(nowhere.edges.isEmpty && nowhere.notes == ["no purpose names it and no flow carries it"])
        let mermaid = MermaidWriter(nowhere).text()
        #expect(!mermaid.contains("subgraph legend"), "an empty legend is left out")
        let contact = try Self.diagram(.category("contact.email"))
        #expect(Set(contact.edges.map(\.to)) == ["cloud", "collector"])
    }

    @Test func aCategoryFocusFollowsWhatIsCarriedNotWhatCouldBe() throws {
        // The processor receives the e-mail for sales but only the name for support; its onward
        // flow for support carries "everything it holds", which for support is the name alone.
        let index = try Fixture.graph(
            """
            sharegraph: 1
            parties:
              - {id: shop, name: Shop, country: "NO"}
              - {id: desk, name: Help desk, country: "NO"}
              - {id: phone, name: Phone line, country: "NO"}
            purposes:
              - {id: sales, controller: shop, legal-basis: contract, categories: [identity.name, contact.email], subjects: [customer]}
              - {id: support, controller: shop, legal-basis: contract, categories: [identity.name], subjects: [customer]}
            contracts:
              - {id: dpa, type: dpa, parties: [shop, desk]}
              - {id: sub, type: dpa, parties: [desk, phone]}
            flows:
              - {from: shop, to: desk, role: processor, purpose: sales, categories: [contact.email], contract: dpa}
              - {from: shop, to: desk, role: processor, purpose: support, categories: [identity.name], contract: dpa}
              - {from: desk, to: phone, role: sub-processor, purpose: support, categories: all, contract: sub, authorisation: dpa}
            """)
        let email = try MapView(index: index, focus: .category("contact.email")).diagram()
        #expect(Set(email.edges.map(\.to)) == ["desk"], "the phone line never receives the e-mail")
        let name = try MapView(index: index, focus: .category("identity.name")).diagram()
        #expect(Set(name.edges.map(\.to)) == ["desk", "phone"])
        #expect(name.edges.first { $0.to == "phone" }?.lines == ["identity.name"])
    }

    @Test func unknownIdsAreNamedWithASuggestion() throws {
        let index = try Fixture.graph(Self.yaml)
        #expect(throws: ViewError.self) { try MapView(index: index, focus: .party("clowd")).diagram() }
        do {
            _ = try MapView(index: index, focus: .purpose("shop.sale")).diagram()
        } catch {
            #expect(error.description.contains("did you mean `shop.sales`?"))
        }
        do {
            _ = try MapView(index: index, focus: .category("helth")).diagram()
        } catch {
            #expect(
                error.description.contains("did you mean `health`?")
                    && error.description.contains("sharegraph taxonomy"))
        }
    }

    @Test func lessDetailCollapsesSystemsThenGroupsOrganisations() throws {
        let organisations = try Self.diagram(detail: .organisations)
        #expect(organisations.clusters.isEmpty)
        #expect(try Self.edge(organisations, "shop", "cloud").lines == ["contact: email, phone", "identity.name"])
        #expect(
            !organisations.edges.contains { $0.from == "shop" && $0.to == "shop" },
            "flows inside one organisation disappear")
        let groups = try Self.diagram(detail: .groups)
        let ids = Set(groups.nodes.map(\.id))
        #expect(
            ids == [
                "group:controller:NO", "group:processor:IE", "group:processor:US", "group:third-party:NO",
                "group:authority:NO",
            ])
        #expect(groups.nodes.first { $0.id == "group:third-party:NO" }?.details == ["2 organisations"])
        #expect(DiagramBuilder.resolve(.auto, parties: 60) == .systems)
        #expect(DiagramBuilder.resolve(.auto, parties: 61) == .organisations)
        #expect(DiagramBuilder.resolve(.auto, parties: 301) == .groups)
    }

    @Test func atTheGroupsLevelConsentToEachControllersOwnPurposeIsOneLine() throws {
        // Every controller's consent names its own purpose; merged by that wording, a group of 250
        // controllers drew 250 lines to the same partners.
        var yaml = "sharegraph: 1\nparties:\n  - {id: partner, name: Partner AS, country: \"NO\"}\n"
        for shop in ["a", "b", "c"] { yaml += "  - {id: \(shop), name: Shop \(shop), country: \"NO\"}\n" }
        yaml += "purposes:\n"
        for shop in ["a", "b", "c"] {
            yaml +=
                "  - {id: \(shop).marketing, controller: \(shop), legal-basis: consent, categories: [contact.email], subjects: [customer]}\n"
        }
        yaml += "flows:\n"
        for shop in ["a", "b", "c"] {
            yaml +=
                "  - {id: \(shop)-partner, from: \(shop), to: partner, role: independent-controller, purpose: \(shop).marketing, categories: [contact.email], when: {consent: \(shop).marketing}}\n"
        }
        let index = try Fixture.graph(yaml)
        let groups = try MapView(index: index, detail: .groups).diagram()
        let line = try Self.edge(groups, "group:controller:NO", "group:third-party:NO")
        #expect(groups.edges.count == 1)
        #expect(line.condition == "with the person's consent" && line.lines.contains("3 flows"))
        let organisations = try MapView(index: index, detail: .organisations).diagram()
        #expect(organisations.edges.count == 3, "one organisation's line still names its purpose")
        #expect(try Self.edge(organisations, "b", "partner").condition == "with consent to b.marketing")
    }

    @Test func theLegendListsWhatIsUsedInOneOrderForEveryWriter() throws {
        let contents = try Self.diagram().legendContents
        #expect(contents.bases == [.consent, .contract, .legalObligation, nil])
        #expect(contents.styles == [.processing, .disclosure, .authority, .internal])
        #expect(contents.kinds == [.controller, .processor, .thirdParty, .authority, .system])
        #expect(contents.conditional && contents.outsideEEA && contents.special)
        let mermaid = try MermaidWriter(Self.diagram()).text()
        #expect(
            mermaid.contains("legend_basis_0[\"consent (Art. 6(1)(a))\"]")
                && mermaid.contains("legend_basis_3[\"no purpose of its own (follows the data)\"]"))
    }

    @Test func aLabelledLineIsDrawnInTwoHalvesWithItsHeadsAtTheEnds() {
        var diagram = Diagram(title: "t")
        diagram.nodes = ["a", "b", "c"].map { Diagram.Node(id: $0, label: $0, kind: .controller) }
        var joint = Diagram.Edge(from: "a", to: "b", style: .joint, basis: .contract)
        joint.lines = ["identity.name"]
        var authority = Diagram.Edge(
            from: "a", to: "c", style: .authority, basis: .legalObligation, condition: "when police-request")
        authority.specialCategories = ["health"]
        diagram.edges = [joint, authority, Diagram.Edge(from: "b", to: "c", style: .internal)]
        let dot = DOTWriter(diagram).text()
        #expect(dot.contains("\"a\" -> \"edge-label-1\" [penwidth=2.8, color=\"#0072B2\", dir=back];"))
        #expect(dot.contains("\"edge-label-1\" -> \"b\" [penwidth=2.8, color=\"#0072B2\"];"))
        #expect(
            dot.contains("\"a\" -> \"edge-label-2\" [penwidth=1.6, style=dashed, color=\"#CC79A7\", arrowhead=none];"))
        #expect(
            dot.contains("label=<<I>when police-request</I><BR/><FONT COLOR=\"#C00000\"><B>special: health</B></FONT>>")
        )
        #expect(
            dot.contains("\"b\" -> \"c\" [penwidth=0.8, arrowhead=vee, color=\"#555555\"];"),
            "an unlabelled line stays whole")
    }

    @Test func manyEdgesAtTheOrganisationLevelChooseSfdpUnlessAnEngineIsGiven() throws {
        var builder = DiagramBuilder(graph: try Fixture.graph(Self.yaml).graph)
        for from in 0..<70 {
            for step in 1...10 {
                builder.contributions.append(
                    FlowContribution(
                        fromParty: "p\(from)", toParty: "p\((from + step) % 70)", style: .processing, role: .processor,
                        basis: .contract, condition: nil, categories: ["identity.name", "contact.email"]))
            }
        }
        let automatic = builder.build(title: "large")
        #expect(automatic.edges.count == 700 && automatic.engine == .sfdp)
        #expect(
            automatic.edges.allSatisfy { $0.lines.isEmpty },
            "sfdp does not place labels; a single flow gets no count either")
        #expect(DOTWriter(automatic).text().contains("overlap=prism"))
        builder.engine = .dot
        let forced = builder.build(title: "large")
        #expect(forced.engine == .dot && forced.edges.first?.lines == ["contact.email", "identity.name"])
        let view = try MapView(index: Fixture.graph(Self.yaml), engine: .sfdp).diagram()
        #expect(view.engine == .sfdp)
        let rendered = String(decoding: try Self.diagram().rendered(as: .dot, engine: .sfdp), as: UTF8.self)
        #expect(rendered.contains("overlap=prism"), "an engine given for DOT output shapes the DOT too")
    }

    @Test func mermaidIdsAreSafeAndUnique() throws {
        let diagram = try Self.diagram()
        let mermaid = MermaidWriter(diagram).text()
        #expect(mermaid.hasPrefix("---\ntitle: \"Data-sharing map\"\n---\nflowchart LR\n"))
        #expect(mermaid.contains("subgraph cluster_shop[\"Shop AS<br/>controller · 3 purposes<br/>NO\"]"))
        #expect(mermaid.contains("cloud_us(\"Cloud Inc<br/>US · outside the EEA\")"))
        #expect(mermaid.contains("police{{\"Police<br/>NO\"}}"))
        var ids = MermaidIDs()
        #expect(ids.id(for: "end") == "end_2")
        #expect(ids.id(for: "a-b") == "a_b" && ids.id(for: "a.b") == "a_b_2" && ids.id(for: "a-b") == "a_b")
        #expect(ids.id(for: "9lives") == "n_9lives")
    }
}
