// Erasures under way when the graph changes: Art. 19 and Art. 28(4) must reach a recipient that was
// added after the request was planned, once, and the ledger's chain must show why it came late.

import Foundation
import SharegraphChange
import SharegraphCore
import SharegraphLedger
import SharegraphTestSupport
import SharegraphYAML
import Testing

struct RequestReplanTests {
    /// Stripe engages a new sub-processor in the US, and Vekstly a US analytics processor: the
    /// worked example in Samples/changes.
    static let change = Seeds.repository.appendingPathComponent("Samples/changes/change.yaml")

    static func changedSeeds(edit: (String, String) -> String = { $1 }, extra: Bool = true) throws -> TraceIndex {
        let directory = Seeds.repository.appendingPathComponent("Graphs")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
            .sorted()
        var texts = try names.map { name in
            (
                name: name,
                bytes: Array(
                    edit(name, try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)).utf8)
            )
        }
        if extra { texts.append((name: "change.yaml", bytes: Array(try Data(contentsOf: change)))) }
        let loaded = GraphLoader().load(texts: texts)
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        return try TraceIndex(graph: loaded.graph)
    }

    /// An empty ledger in a directory of its own, which the caller removes.
    static func scratchLedger() throws -> (SQLiteLedger, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return (try SQLiteLedger(path: directory.appendingPathComponent("ledger.sqlite").path), directory)
    }

    @Test func aRecipientAddedAfterThePlanIsNoticedOnceAndOnlyWithWhatItHolds() throws {
        let (ledger, directory) = try Self.scratchLedger()
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = Seeds.index
        let new = try Self.changedSeeds()
        let request = try Seeds.request("vekstly-course-participant-erasure")
        _ = try ledger.record([RequestDraft(plan: try old.erasurePlan(for: request), graph: old.graph)])
        let requestID = request.id.value

        let replan = RequestReplan(old: old, new: new)
        let seen = try replan.impacts(
            in: ledger, apply: false, change: "flows stripe-to-fraudscan, vekstly-to-tracklytics")
        let impact = try #require(seen.first)
        #expect(seen.count == 1 && impact.request == requestID && impact.recorded == 0)
        // Art. 28(4): FraudScan processes the payment data under Stripe, which Vekstly instructed;
        // Art. 28(3)(g): Tracklytics processes Vekstly's analytics data. Both are new recipients.
        #expect(impact.notices.map(\.recipient) == ["fraudscan", "tracklytics"])
        #expect(impact.notices.allSatisfy { $0.reason == .newRecipient && $0.action == .instruct })
        #expect(impact.byHand.isEmpty)
        // Looking changes nothing.
        #expect(try ledger.notices(NoticeFilter(request: requestID)).count == 6)

        let applied = try replan.impacts(
            in: ledger, apply: true, change: "flows stripe-to-fraudscan, vekstly-to-tracklytics")
        #expect(applied.first?.recorded == 2)
        let fraudscan = try #require(impact.notices.first { $0.recipient == "fraudscan" })
        let stored = try #require(try ledger.notice(fraudscan.id))
        // Stripe's notice went out without naming FraudScan, so FraudScan's is not relayed through
        // it (it would be marked passed on when it never was): it goes to FraudScan's own address.
        #expect(stored.parentID == nil)
        #expect(stored.channel == .webhook(url: "https://fraudscan.example/erasure"))
        // Never more than the recipient holds: FraudScan holds the e-mail address; Tracklytics holds
        // browsing and device data only, so it gets no identifier at all.
        #expect(stored.body.contains("\"identity_type\":\"email\""))
        let tracklytics = try #require(try ledger.notice(impact.notices.first { $0.recipient == "tracklytics" }!.id))
        #expect(tracklytics.body.contains("\"subject_identities\":[]"))
        // The chain holds, and the notice's first event says why it came after the plan.
        #expect(try ledger.verify(request: requestID).isEmpty)
        #expect(
            try ledger.events(notice: fraudscan.id).first?.detail?.hasPrefix("supplement: flows stripe-to-fraudscan")
                == true)

        // Once: running it again finds nothing more to send.
        let again = try replan.impacts(
            in: ledger, apply: true, change: "flows stripe-to-fraudscan, vekstly-to-tracklytics")
        #expect(again.isEmpty)
        #expect(try ledger.notices(NoticeFilter(request: requestID)).count == 8)
        // The unchanged graph needs nothing.
        #expect(try RequestReplan(old: old, new: old).impacts(in: ledger, apply: false, change: "none").isEmpty)
    }

    @Test func moreCategoriesForARecipientAlreadyInstructedAreListedToSendByHand() throws {
        let (ledger, directory) = try Self.scratchLedger()
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = Seeds.index
        let request = try Seeds.request("vekstly-course-participant-erasure")
        _ = try ledger.record([RequestDraft(plan: try old.erasurePlan(for: request), graph: old.graph)])
        // Vekstly now also sends Stripe the phone number for payments: Stripe, instructed before,
        // must erase that too (Art. 28(3)(g)), but the ledger holds one instruction per recipient.
        let new = try Self.changedSeeds(
            edit: { name, text in
                name == "vekstly.yaml"
                    ? text.replacingOccurrences(
                        of:
                            "purpose: vekstly.payment\n    categories: [identity.name, contact.email, financial.transaction]",
                        with:
                            "purpose: vekstly.payment\n    categories: [identity.name, contact.email, contact.phone, financial.transaction]"
                    )
                    : text
            }, extra: false)
        let impacts = try RequestReplan(old: old, new: new).impacts(in: ledger, apply: true, change: "phone to Stripe")
        let impact = try #require(impacts.first)
        #expect(impact.notices.isEmpty && impact.recorded == 0)
        let stripe = try #require(impact.byHand.first { $0.recipient == "stripe" && $0.action == .instruct })
        #expect(stripe.categories == ["contact.phone"] && stripe.reason == .newCategories)
        #expect(try ledger.notices(NoticeFilter(request: request.id.value)).count == 6)
    }

    @Test func aRequestNoLongerUnderWayIsLeftAlone() throws {
        let (ledger, directory) = try Self.scratchLedger()
        defer { try? FileManager.default.removeItem(at: directory) }
        let old = Seeds.index
        let request = try Seeds.request("vekstly-course-participant-erasure")
        _ = try ledger.record([RequestDraft(plan: try old.erasurePlan(for: request), graph: old.graph)])
        // Sub-processors answer before their processor can.
        for notice in try ledger.notices(NoticeFilter(request: request.id.value)).reversed() where !notice.state.isFinal
        {
            _ = try ledger.acknowledge(notice.id, .completed, at: Date(), note: nil)
        }
        #expect(
            try RequestReplan(old: old, new: try Self.changedSeeds()).impacts(in: ledger, apply: true, change: "x")
                .isEmpty)
    }
}
