// What a change does, from pairs of small graphs: each expected answer is written from the article
// before the code runs.

import Foundation
import SharegraphChange
import SharegraphCore
import SharegraphRender
import SharegraphTestSupport
import SharegraphYAML
import Testing

/// A small shop: a controller in Norway with a hosting processor in Sweden.
enum Shop {
    static let parties = """
        sharegraph: 1
        parties:
          - id: shop
            name: Shop AS
            country: "NO"
            contact: {email: privacy@shop.example}
          - id: host
            name: Host AB
            country: SE
            contact: {email: dpo@host.example}
        """
    static let purpose = """
        purposes:
          - id: shop.orders
            name: Orders
            controller: shop
            legal-basis: contract
            categories: [identity.name, contact.email]
            subjects: [customer]
            retention: contract-end + 3 years
        """
    static let contracts = """
        contracts:
          - id: shop-host-dpa
            type: dpa
            parties: [shop, host]
        """
    static let flows = """
        flows:
          - id: shop-to-host
            from: shop
            to: host
            role: processor
            purpose: shop.orders
            categories: [identity.name, contact.email]
            contract: shop-host-dpa
        """

    static var base: String { [parties, purpose, contracts, flows].joined(separator: "\n") }

    /// The base with more parties, contracts and flows added to its lists.
    static func with(
        parties extraParties: String = "", contracts extraContracts: String = "", flows extraFlows: String = ""
    )
        -> String
    {
        [parties + "\n" + extraParties, purpose, contracts + "\n" + extraContracts, flows + "\n" + extraFlows]
            .joined(separator: "\n")
    }

    static func impact(_ old: String, _ new: String, everyController: Bool = false) throws -> ChangeImpact {
        let before = try Seeds.graph(old)
        let after = try Seeds.graph(new)
        var analysis = ChangeAnalysis(
            old: before, new: after, oldFindings: Linter(graph: before.graph).findings(),
            newFindings: Linter(graph: after.graph).findings())
        analysis.traceEveryController = everyController
        return analysis.impact()
    }

    static let tracker = """
          - id: tracker
            name: Tracker Inc.
            country: US
            contact: {email: privacy@tracker.example}
        """
    static let trackerContract = """
          - id: shop-tracker-dpa
            type: dpa
            parties: [shop, tracker]
        """
    static func trackerFlow(_ extra: String = "") -> String {
        """
          - id: shop-to-tracker
            from: shop
            to: tracker
            role: processor
            purpose: shop.orders
            categories: [contact.email]
            contract: shop-tracker-dpa
        \(extra)
        """
    }
}

struct ModelDiffTests {
    @Test func theSameModelWrittenDifferentlyIsNoChange() throws {
        // Keys reordered, flows in another order, comments and notes reworded, a policy quote changed:
        // none of it changes who holds what, so there is nothing to report.
        let rewritten = """
            sharegraph: 1
            # the shop's processors
            flows:
              - to: host
                id: shop-to-host
                categories: [contact.email, identity.name]
                role: processor
                from: shop
                contract: shop-host-dpa
                purpose: shop.orders
                note: reworded note
            contracts:
              - parties: [host, shop]
                id: shop-host-dpa
                type: dpa
            purposes:
              - id: shop.orders
                controller: shop
                name: Orders
                subjects: [customer]
                legal-basis: contract
                retention: contract-end + 3 years
                categories: [contact.email, identity.name]
            parties:
              - id: host
                name: Host AB
                country: SE
                contact: {email: dpo@host.example}
              - id: shop
                name: Shop AS
                country: "NO"
                contact: {email: privacy@shop.example}
            """
        let impact = try Shop.impact(Shop.base, rewritten)
        #expect(impact.isEmpty)
        #expect(impact.reach.isEmpty && impact.duties.isEmpty && impact.newFindings.isEmpty)
    }

    @Test func aChangedFieldIsNamedWithItsOldAndNewValue() throws {
        let changed = Shop.base.replacingOccurrences(of: "legal-basis: contract", with: "legal-basis: consent")
        let impact = try Shop.impact(Shop.base, changed)
        let change = try #require(impact.changes.first)
        #expect(impact.changes.count == 1)
        #expect(change.kind == .changed && change.element == .purpose && change.id == "shop.orders")
        #expect(change.fields.map(\.field) == ["legal-basis"])
        #expect(change.fields.first?.old == "contract" && change.fields.first?.new == "consent")
        // Art. 13(1)(c): the notice states the legal basis, so it must change with it.
        let duty = try #require(impact.duties.first { $0.kind == .updatePrivacyNotice })
        #expect(duty.party == "shop" && duty.because == ["purpose-or-basis"])
        #expect(duty.article.contains("Art. 13(1)(c)"))
    }
}

struct ChangeImpactTests {
    @Test func aNewProcessorInTheUSWithoutSafeguardIsATransferOnNoGround() throws {
        // Art. 44: data may leave the EEA only on a Chapter V ground; the flow names none. The shop's
        // customers gain a recipient (Art. 13(1)(e)) and a third-country transfer (Art. 13(1)(f)).
        let new = Shop.with(parties: Shop.tracker, contracts: Shop.trackerContract, flows: Shop.trackerFlow())
        let impact = try Shop.impact(Shop.base, new)
        let transfer = try #require(impact.transfers.first)
        #expect(impact.transfers.count == 1)
        #expect(transfer.flow == "shop-to-tracker" && transfer.to == "tracker" && transfer.country == "US")
        #expect(transfer.assessment == .noSafeguard && transfer.assessment.article == "Art. 44")
        #expect(transfer.controllers == ["shop"])
        let reach = try #require(impact.reach.first)
        #expect(reach.controller == "shop" && reach.subjectType == "customer")
        #expect(reach.gained.map(\.party) == ["tracker"])
        #expect(reach.gained.first?.categories == ["contact.email"])
        #expect(reach.gained.first?.certainty == .held)
        #expect(reach.lost.isEmpty)
        let notice = try #require(impact.duties.first { $0.kind == .updatePrivacyNotice })
        #expect(notice.because == ["recipients", "transfer"])
        #expect(notice.article.contains("Art. 13(1)(e)") && notice.article.contains("Art. 13(1)(f)"))
        #expect(impact.newFindings.map(\.id).contains("transfer-without-safeguard"))
        // Art. 30(1)(d) and (e): the record's recipients and third countries change; the processor's
        // own Art. 30(2) record gains a row for the shop.
        let row = try #require(impact.records.first { $0.article == "Art. 30(1)" && $0.row == "shop.orders" })
        #expect(row.columns.contains("Categories of recipients"))
        #expect(impact.records.contains { $0.article == "Art. 30(2)" && $0.party == "tracker" && $0.kind == .added })
        #expect(ChangeConcern.present(in: impact, requests: []).isSuperset(of: [.transfer, .newRecipient, .finding]))
    }

    @Test func theGroundOfATransferIsAssessedByChapterV() throws {
        // Art. 46(2)(c): SCCs are appropriate safeguards.
        let scc = Shop.with(
            parties: Shop.tracker, contracts: Shop.trackerContract,
            flows: Shop.trackerFlow("    transfer: {mechanism: scc, contract: shop-tracker-dpa}"))
        let safeguarded = try Shop.impact(Shop.base, scc).transfers.first?.assessment
        #expect(safeguarded == .safeguarded(.scc))
        #expect(safeguarded?.article == "Art. 46(2)(c)")
        // Art. 45(1): adequacy counts only where the Commission decided it; India has no decision.
        let india = Shop.with(
            parties: Shop.tracker.replacingOccurrences(of: "country: US", with: "country: IN"),
            contracts: Shop.trackerContract, flows: Shop.trackerFlow("    transfer: {mechanism: adequacy}"))
        #expect(try Shop.impact(Shop.base, india).transfers.first?.assessment == .adequacyUnavailable(country: "IN"))
        // Art. 47: binding corporate rules; Art. 49(1): a derogation for a specific situation.
        for (mechanism, article) in [("bcr", "Art. 47"), ("derogation", "Art. 49(1)")] {
            let graph = Shop.with(
                parties: Shop.tracker, contracts: Shop.trackerContract,
                flows: Shop.trackerFlow("    transfer: {mechanism: \(mechanism)}"))
            #expect(try Shop.impact(Shop.base, graph).transfers.first?.assessment.article == article)
        }
        // A recipient in the EEA is no transfer at all.
        let sweden = Shop.with(
            parties: Shop.tracker.replacingOccurrences(of: "country: US", with: "country: SE"),
            contracts: Shop.trackerContract, flows: Shop.trackerFlow())
        #expect(try Shop.impact(Shop.base, sweden).transfers.isEmpty)
        // No country: a transfer is possible and its ground unknown; it is reported, not passed over.
        let unknown = Shop.with(
            parties: Shop.tracker.replacingOccurrences(of: "    country: US\n", with: ""),
            contracts: Shop.trackerContract, flows: Shop.trackerFlow())
        #expect(try Shop.impact(Shop.base, unknown).transfers.first?.assessment == .unknownCountry)
    }

    @Test func aConditionalRecipientIsGainedOnlyPossibly() throws {
        // The flow happens only once the police ask, which is unknown for anyone: possible, not held.
        let new = Shop.with(
            parties: Shop.tracker, contracts: Shop.trackerContract, flows: Shop.trackerFlow("    when: police-request"))
        let gained = try #require(try Shop.impact(Shop.base, new).reach.first?.gained.first)
        #expect(gained.party == "tracker" && gained.certainty == .possible)
    }

    @Test func aNewSubProcessorObligesTheProcessorToTellItsControllers() throws {
        // Art. 28(2): the processor informs the controller of any intended addition of a sub-processor.
        let sub = """
              - id: backup
                name: Backup Oy
                country: FI
                contact: {email: dpo@backup.example}
            """
        let subFlow = """
              - id: host-to-backup
                from: host
                to: backup
                role: sub-processor
                categories: [identity.name, contact.email]
                contract: shop-host-dpa
                authorisation: shop-host-dpa
            """
        let new = Shop.with(parties: sub, flows: subFlow)
        let impact = try Shop.impact(Shop.base, new)
        let duty = try #require(impact.duties.first { $0.kind == .informControllersOfSubProcessor })
        #expect(duty.party == "host" && duty.tell == ["shop"] && duty.because == ["backup"])
        #expect(duty.article == "Art. 28(2)")
        #expect(impact.reach.first?.gained.map(\.party) == ["backup"])
        // Removing a sub-processor with no replacement is neither an addition nor a replacement.
        let removal = try Shop.impact(new, Shop.base)
        #expect(!removal.duties.contains { $0.kind == .informControllersOfSubProcessor })
        #expect(removal.reach.first?.lost.map(\.party) == ["backup"])
    }

    @Test func retentionMovesEarlierLaterOrDependingOnDates() throws {
        func move(to rule: String) throws -> [RetentionMove] {
            let new = Shop.base.replacingOccurrences(
                of: "retention: contract-end + 3 years", with: "retention: \(rule)")
            return try Shop.impact(Shop.base, new).retention
        }
        // Both rules count from the end of the contract: a year is shorter than three for everyone.
        let earlier = try move(to: "contract-end + 1 year")
        #expect(Set(earlier.map(\.party)) == ["shop", "host"])
        #expect(earlier.allSatisfy { $0.direction == .earlier && $0.new == "contract-end + 1 year" })
        #expect(try move(to: "contract-end + 5 years").allSatisfy { $0.direction == .later })
        // A different anchor: earlier or later depends on the person's dates, which are unknown.
        #expect(try move(to: "order + 1 year").allSatisfy { $0.direction == .dependsOnDates })
        // Art. 13(2)(a) for the notice; Art. 28(3)(a) for the processor that keeps the data.
        let new = Shop.base.replacingOccurrences(of: "contract-end + 3 years", with: "contract-end + 1 year")
        let duties = try Shop.impact(Shop.base, new).duties
        #expect(duties.first { $0.kind == .updatePrivacyNotice }?.because == ["retention"])
        let instructions = try #require(duties.first { $0.kind == .updateProcessorInstructions })
        #expect(
            instructions.party == "shop" && instructions.tell == ["host"] && instructions.because == ["shop.orders"])
    }

    @Test func aChangedBalancingTestMeansTheNoticeMustSayWhichInterests() throws {
        // Art. 13(1)(d): where processing rests on legitimate interests, the notice names them.
        let old = Shop.base.replacingOccurrences(
            of: "legal-basis: contract", with: "legal-basis: legitimate-interests\n    balancing: fraud prevention")
        let new = old.replacingOccurrences(of: "balancing: fraud prevention", with: "balancing: fraud and marketing")
        let duty = try #require(try Shop.impact(old, new).duties.first { $0.kind == .updatePrivacyNotice })
        #expect(duty.because == ["legitimate-interests"] && duty.article.contains("Art. 13(1)(d)"))
    }

    @Test func categoriesGainedByAKnownRecipientAreCounted() throws {
        let new = Shop.base.replacingOccurrences(
            of: "[identity.name, contact.email]", with: "[identity.name, contact.email, contact.phone]")
        let impact = try Shop.impact(Shop.base, new)
        let reach = try #require(impact.reach.first)
        #expect(reach.gained.isEmpty)
        #expect(reach.moreCategories.map(\.party).sorted() == ["host", "shop"])
        #expect(reach.moreCategories.allSatisfy { $0.categories == ["contact.phone"] })
        // Art. 14(1)(d): the categories concerned are part of the information owed.
        #expect(impact.duties.first { $0.kind == .updatePrivacyNotice }?.because == ["categories"])
    }

    @Test func findingsAppearAndAreResolved() throws {
        // Art. 28(3): a processor needs a contract; dropping it raises the finding, restoring it resolves it.
        let withoutContract = Shop.base.replacingOccurrences(of: "\n    contract: shop-host-dpa", with: "")
        let broken = try Shop.impact(Shop.base, withoutContract)
        #expect(broken.newFindings.map(\.id) == ["processor-without-dpa"])
        #expect(broken.resolvedFindings.isEmpty)
        let mended = try Shop.impact(withoutContract, Shop.base)
        #expect(mended.resolvedFindings.map(\.id) == ["processor-without-dpa"])
        #expect(mended.newFindings.isEmpty)
    }

    @Test func onlyControllersTheChangeCanReachAreTracedAndTheAnswerIsTheSame() throws {
        // Two controllers that share nothing: a change to one cannot reach the other's people.
        let other = """
              - id: club
                name: Club
                country: "NO"
                contact: {email: post@club.example}
            """
        let clubPurpose = """
              - id: club.members
                name: Members
                controller: club
                legal-basis: contract
                categories: [identity.name]
                subjects: [member]
            """
        func graph(_ flows: String) -> String {
            Shop.with(parties: other + "\n" + Shop.tracker, contracts: Shop.trackerContract, flows: flows)
                .replacingOccurrences(
                    of: "purposes:\n",
                    with: "subject-types:\n  - id: member\n    name: member\npurposes:\n" + clubPurpose + "\n")
        }
        let old = graph("")
        let new = graph(Shop.trackerFlow())
        let fast = try Shop.impact(old, new)
        let slow = try Shop.impact(old, new, everyController: true)
        #expect(fast.tracedControllers == 1 && slow.tracedControllers == 2)
        #expect(fast.reach == slow.reach)
        #expect(fast.retention == slow.retention)
        #expect(fast.transfers == slow.transfers)
        #expect(fast.records == slow.records)
        #expect(fast.duties == slow.duties)
    }
}

struct ChangeOutputTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    @Test func aNewUSProcessorInTextMarkdownJSONAndDOT() throws {
        let new = Shop.with(parties: Shop.tracker, contracts: Shop.trackerContract, flows: Shop.trackerFlow())
        let before = try Seeds.graph(Shop.base)
        let after = try Seeds.graph(new)
        let impact = ChangeAnalysis(
            old: before, new: after, oldFindings: Linter(graph: before.graph).findings(),
            newFindings: Linter(graph: after.graph).findings()
        ).impact()
        let text = ChangeText(
            impact: impact, requests: nil, labels: ("main", "pull request"), old: before.graph, new: after.graph)
        try Golden.expect(text.render(.text), "tracker.txt", in: Self.golden)
        try Golden.expect(text.render(.markdown), "tracker.md", in: Self.golden)
        let document = ChangeDocument(
            impact: impact, requests: nil, old: ("main", ["test.yaml"]), new: ("pull request", ["test.yaml"]))
        try Golden.expect(try document.json(), "tracker.json", in: Self.golden)
        let diagram = ChangeDiagram(old: before.graph, new: after.graph, changes: impact.changes)
            .diagram(title: "Change: main → pull request")
        try Golden.expect(DOTWriter(diagram).text(), "tracker.dot", in: Self.golden)
    }
}
