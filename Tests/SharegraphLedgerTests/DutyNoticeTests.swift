// Each legal duty keeps its own end in the ledger: a recipient that keeps data under two duties has a
// restriction and a follow-up for each, and the earlier one comes due on its own day (Art. 17(3)(b)).

import Foundation
import GRDB
import SharegraphCore
import SharegraphTestSupport
import SharegraphYAML
import Testing

@testable import SharegraphLedger

struct DutyNoticeTests {
    /// A Norwegian pharmacy: prescriptions kept ten years after dispensing (a record rule written
    /// here as a duty with a fixed end) and sales under bokføringsloven § 13 (five years after the
    /// financial year), both hosted by one processor.
    static let graph = """
        sharegraph: 1
        parties:
          - id: pharmacy
            name: Apotek AS
            country: "NO"
            contact: {email: personvern@apotek.example}
          - id: host
            name: Hosting AS
            country: "NO"
            contact: {email: dpo@host.example}
        events:
          - id: dispensed
            name: the prescription was dispensed
        duties:
          - id: no-bookkeeping
            name: Norwegian bookkeeping act
            law: bokføringsloven § 13
            country: "NO"
            retention: financial-year-end + 5 years
            categories: [financial.transaction]
          - id: prescription-record
            name: Prescription record
            law: reseptforskriften § 10-1
            country: "NO"
            retention: dispensed + 10 years
            categories: [health.prescription]
        contracts:
          - id: host-dpa
            type: dpa
            parties: [pharmacy, host]
        categories:
          - {id: health.prescription, name: prescriptions, special: true}
        purposes:
          - id: pharmacy.sale
            name: Sales and bookkeeping
            controller: pharmacy
            legal-basis: legal-obligation
            categories: [financial.transaction]
            duty: no-bookkeeping
          - id: pharmacy.dispensing
            name: Dispensing prescriptions
            controller: pharmacy
            legal-basis: legal-obligation
            special-condition: health-care
            categories: [health.prescription]
            duty: prescription-record
        flows:
          - id: pharmacy-to-host
            from: pharmacy
            to: host
            role: processor
            categories: [financial.transaction, health.prescription]
            contract: host-dpa
        """

    static func draft() throws -> RequestDraft {
        let index = try Seeds.graph(Self.graph)
        let loaded = RequestLoader().parse(
            text: Array(
                """
                sharegraph-request: 1
                id: rx-1
                controller: pharmacy
                received: 2026-12-07
                scope: erasure
                subject:
                  reference: RX
                  relationships:
                    - controller: pharmacy
                      as: [customer]
                      identifiers: {email: kunde@example.no}
                      events: {transaction: 2025-02-01, financial-year-end: 2025-12-31, dispensed: 2025-02-01}
                """.utf8), file: "/tmp/rx.yaml", graph: index.graph)
        let request = try #require(loaded.requests.first, "\(loaded.diagnostics.map(\.message))")
        return RequestDraft(plan: try index.erasurePlan(for: request), controllerName: "Apotek AS")
    }

    /// bokføringsloven § 13: 5 years after the financial year 2025, so to 2030-12-31; the
    /// prescription record 10 years after dispensing (2025-02-01), so to 2035-02-01. The host gets a
    /// follow-up for each; on 2031-01-02 only the bookkeeping one is due.
    @Test func theEarlierDutysFollowUpComesDueOnItsOwnDay() throws {
        let store = try TemporaryLedger()
        let ledger = store.ledger
        _ = try ledger.record([try Self.draft()])
        let followUps = try ledger.notices(NoticeFilter(request: "rx-1")).filter {
            $0.recipient == "host" && $0.action == .followUp
        }
        #expect(
            Set(followUps.map { "\($0.duty ?? "") \($0.notBefore ?? "")" }) == [
                "no-bookkeeping 2031-01-01", "prescription-record 2035-02-02",
            ])
        let due = try ledger.deliverable(now: Date(), today: .init(iso: "2031-01-02")!)
            .filter { $0.action == .followUp }
        #expect(due.map(\.duty) == ["no-bookkeeping"])
        let restrictions = try ledger.notices(NoticeFilter(request: "rx-1")).filter {
            $0.recipient == "pharmacy" && $0.action == .restrict
        }
        #expect(
            Set(restrictions.map { "\($0.duty ?? "") \($0.restrictedUntil ?? "")" }) == [
                "no-bookkeeping 2030-12-31", "prescription-record 2035-02-01",
            ])
        let status = LedgerReport(today: .init(iso: "2026-12-08")!).status(
            request: try #require(try ledger.request("rx-1")),
            notices: try ledger.notices(NoticeFilter(request: "rx-1")))
        #expect(status.contains("restricted until 2030-12-31 · under no-bookkeeping"))
        #expect(!status.contains("END NOT KNOWN"), "every follow-up here has a day")
        #expect(LedgerReport.json(followUps).contains("\"duty\" : \"prescription-record\""))
        #expect(try ledger.verify(request: "rx-1").isEmpty)
    }

    /// A ledger written before duties were kept apart (schema v5) keeps its notices and then takes
    /// two follow-ups for one recipient.
    @Test func aV5LedgerUpgradesAndTakesOneFollowUpPerDuty() throws {
        let store = try TemporaryLedger()
        let path = store.directory.appendingPathComponent("v5.sqlite").path
        let old = try DatabaseQueue(path: path)
        try SQLiteLedger.migrator.migrate(old, upTo: "v5: OpenDSR requests, callbacks and their outbox")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO request VALUES ('r-1', 'acme', 'REF-1', 'erasure', '2026-11-16', '2026-12-16', NULL, 'h', '2026-11-16T10:00:00.000Z');
                    INSERT INTO notice (id, request_id, recipient, recipient_name, role, action, channel, state, not_before, language, body, position)
                    VALUES ('ntc_1', 'r-1', 'acme', 'Acme', 'controller', 'follow-up', 'internal', 'planned', '2030-01-01', 'en', '{}', 0);
                    """)
        }
        try old.close()
        let ledger = try SQLiteLedger(path: path)
        let kept = try #require(try ledger.notice("ntc_1"))
        #expect(kept.action == .followUp && kept.duty == nil && kept.notBefore == "2030-01-01")
        _ = try ledger.record([try Self.draft()])
        #expect(try ledger.notices(NoticeFilter(request: "rx-1")).filter { $0.action == .followUp }.count == 4)
    }

    /// A follow-up whose duty's end waits for a date nobody recorded would never come due: `status`
    /// says so, on the notice and at the top, so someone records the date.
    @Test func aFollowUpWithNoDayIsFlagged() throws {
        let yaml = Self.graph.replacingOccurrences(
            of: "retention: dispensed + 10 years", with: "retention: until record-no-longer-needed")
        let index = try Seeds.graph(yaml)
        let loaded = RequestLoader().parse(
            text: Array(
                """
                sharegraph-request: 1
                id: rx-2
                controller: pharmacy
                received: 2026-12-07
                scope: erasure
                subject:
                  reference: RX2
                  relationships:
                    - controller: pharmacy
                      as: [customer]
                      events: {transaction: 2025-02-01, dispensed: 2025-02-01}
                """.utf8), file: "/tmp/rx2.yaml", graph: index.graph)
        let request = try #require(loaded.requests.first, "\(loaded.diagnostics.map(\.message))")
        let store = try TemporaryLedger()
        _ = try store.ledger.record([
            RequestDraft(plan: try index.erasurePlan(for: request), controllerName: "Apotek AS")
        ])
        let status = LedgerReport(today: .init(iso: "2026-12-08")!).status(
            request: try #require(try store.ledger.request("rx-2")),
            notices: try store.ledger.notices(NoticeFilter(request: "rx-2")))
        #expect(status.contains("follow-up erasures with no date"))
        #expect(status.contains("under prescription-record · END NOT KNOWN"))
    }
}
