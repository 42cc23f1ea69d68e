// The ledger shows tampering: each way of editing the SQLite file by hand breaks its request's
// chain at a named row, and deliver, status and ack refuse to act on it.

import Foundation
import SharegraphCore
import SharegraphLedger
import Testing

struct ChainTests {
    /// A recorded request with a delivered and an acknowledged notice, and its notices.
    static func ledger() throws -> (TemporaryLedger, [NoticeRecord]) {
        let (store, _) = try DeliveryTests.webhookLedger()
        let notices = try store.ledger.notices(NoticeFilter())
        let processor = try #require(notices.first { $0.recipient == "igo-processor" })
        try store.ledger.recordAttempt(processor.id, at: Date())
        try store.ledger.recordSent(processor.id, at: Date(), detail: "HTTP 200")
        _ = try store.ledger.acknowledge(processor.id, .received, at: Date())
        return (store, try store.ledger.notices(NoticeFilter()))
    }

    @Test func anUntouchedLedgerVerifies() throws {
        let (store, _) = try Self.ledger()
        #expect(try store.ledger.verify(request: nil).isEmpty)
    }

    static let tampering: [(name: String, sql: @Sendable (NoticeRecord) -> String, expected: String)] = [
        (
            "an edited body", { "UPDATE notice SET body = replace(body, 'erase', 'keep') WHERE id = '\($0.id)'" },
            "the notice has changed"
        ),
        (
            "an edited URL",
            { "UPDATE notice SET channel_detail = 'https://attacker.example/x' WHERE id = '\($0.id)'" },
            "the notice has changed"
        ),
        (
            "a state no event explains", { "UPDATE notice SET state = 'completed' WHERE id = '\($0.id)'" },
            "no event explains its state"
        ),
        (
            "a deleted notice",
            { "DELETE FROM event WHERE 0; PRAGMA foreign_keys = OFF; DELETE FROM notice WHERE id = '\($0.id)'" },
            "deleted"
        ),
        (
            "an edited event",
            {
                "DROP TRIGGER event_append_only_update; UPDATE event SET detail = 'HTTP 200 (edited)' WHERE notice_id = '\($0.id)' AND kind = 'sent'"
            },
            "the event itself was edited"
        ),
        (
            "a deleted event",
            {
                "DROP TRIGGER event_append_only_delete; DELETE FROM event WHERE notice_id = '\($0.id)' AND kind = 'attempt'"
            },
            "does not follow the one before it"
        ),
        (
            "an edited request", { "UPDATE request SET deadline = '2099-01-01' WHERE id = '\($0.requestID)'" },
            "does not follow the one before it"
        ),
    ]

    /// Every way to edit the file by hand in the list above; each is found, with the row, and
    /// nothing is acted on. The cases are the list's own, so a case added there is tested.
    @Test(arguments: tampering.indices)
    func tamperingIsFound(_ index: Int) async throws {
        let (store, notices) = try Self.ledger()
        let processor = try #require(notices.first { $0.recipient == "igo-processor" })
        let (name, sql, expected) = Self.tampering[index]
        try store.sql(sql(processor))
        let breaks = try store.ledger.verify(request: nil)
        #expect(breaks.count >= 1, "\(name) was not found")
        #expect(breaks.contains { $0.description.contains(expected) }, "\(name): \(breaks)")
        // ack refuses to record an answer on a history that does not verify.
        let other = try #require(notices.first { $0.recipient != "igo-processor" && $0.state == .planned })
        #expect(throws: LedgerError.self, "\(name)") {
            _ = try store.ledger.acknowledge(other.id, .received, at: Date())
        }
    }

    /// An edited body is never signed and sent.
    @Test func deliverSendsNothingFromAnEditedRequest() async throws {
        let (store, draft) = try DeliveryTests.webhookLedger()
        let processor = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        try store.sql("UPDATE notice SET body = replace(body, 'erase', 'keep') WHERE id = '\(processor.id)'")
        let transport = ScriptedTransport([])
        let summary = try await DeliveryTests.deliverer(store, transport).deliverDue(
            today: CalendarDate(iso: "2026-02-01")!)
        #expect(transport.deliveries.isEmpty)
        #expect(summary.sent == 0 && summary.unverified >= 1)
    }
}
