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

    static func changedSeeds() throws -> TraceIndex {
        let directory = Seeds.repository.appendingPathComponent("Graphs")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".yaml") }
            .sorted()
        var texts = try names.map { name in
            (name: name, bytes: Array(try Data(contentsOf: directory.appendingPathComponent(name))))
        }
        texts.append((name: "change.yaml", bytes: Array(try Data(contentsOf: change))))
        let loaded = GraphLoader().load(texts: texts)
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        return try TraceIndex(graph: loaded.graph)
    }

    @Test func aRecipientAddedAfterThePlanIsNoticedOnceAndOnlyWithWhatItHolds() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try SQLiteLedger(path: directory.appendingPathComponent("ledger.sqlite").path)
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
        #expect(Set(impact.notices.map(\.recipient)) == ["fraudscan", "tracklytics"])
        #expect(impact.notices.allSatisfy { $0.reason == .newRecipient && $0.action == .instruct })
        // Looking changes nothing.
        #expect(try ledger.notices(NoticeFilter(request: requestID)).count == 6)

        let applied = try replan.impacts(
            in: ledger, apply: true, change: "flows stripe-to-fraudscan, vekstly-to-tracklytics")
        #expect(applied.first?.recorded == 2)
        let fraudscan = try #require(impact.notices.first { $0.recipient == "fraudscan" })
        let stored = try #require(try ledger.notice(fraudscan.id))
        // Relayed through the processor that was instructed before (Art. 28(4)).
        #expect(stored.parentID == NoticeID.make(request: requestID, key: "stripe/instruct"))
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

    @Test func aRequestNoLongerUnderWayIsLeftAlone() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = try SQLiteLedger(path: directory.appendingPathComponent("ledger.sqlite").path)
        let old = Seeds.index
        let request = try Seeds.request("vekstly-course-participant-erasure")
        _ = try ledger.record([RequestDraft(plan: try old.erasurePlan(for: request), graph: old.graph)])
        // Sub-processors answer before their processor can.
        for notice in try ledger.notices(NoticeFilter(request: request.id.value)).reversed() where !notice.state.isFinal
        {
            try ledger.acknowledge(notice.id, .completed, at: Date(), note: nil)
        }
        #expect(
            try RequestReplan(old: old, new: try Self.changedSeeds()).impacts(in: ledger, apply: true, change: "x")
                .isEmpty)
    }
}
