// The SQLite ledger: one transaction per request, idempotent re-recording, answers in dependency order,
// an append-only event log, overdue notices, and constraints in the schema.

import Foundation
import SharegraphCore
import SharegraphLedger
import SharegraphTestSupport
import Synchronization
import Testing

struct LedgerTests {
    static func draft(_ name: String) throws -> RequestDraft {
        RequestDraft(plan: try Seeds.plan(name), controllerName: "Test")
    }

    @Test func recordingTheSameRequestAgainRecordsNothingNew() throws {
        let store = try TemporaryLedger()
        let draft = try Self.draft("igo-employee-erasure")
        #expect(try store.ledger.record([draft]) == [.recorded(notices: 3)])
        #expect(try store.ledger.record([draft]) == [.alreadyRecorded])
        let notices = try store.ledger.notices(NoticeFilter())
        #expect(notices.count == 3)
        #expect(Set(notices.map(\.id)) == Set(draft.notices.map(\.id)))
        for notice in notices { #expect(try store.ledger.events(notice: notice.id).count == 1) }
    }

    @Test func noticeIdsAreStableAcrossRunsAndDistinctAcrossRecipients() throws {
        let first = try Self.draft("vekstly-course-participant-erasure")
        let second = try Self.draft("vekstly-course-participant-erasure")
        #expect(first.notices.map(\.id) == second.notices.map(\.id))
        #expect(Set(first.notices.map(\.id)).count == first.notices.count)
        #expect(first.notices.allSatisfy { $0.id.hasPrefix("ntc_") && $0.id.count == 30 })
    }

    @Test func theBodyFollowsOpenDSRAndCarriesTheCallbackURL() throws {
        let draft = RequestDraft(
            plan: try Seeds.plan("igo-employee-erasure"), controllerName: "iGo AS",
            callbackURL: "https://dpo.example/status")
        let processor = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        let body = try #require(try JSONSerialization.jsonObject(with: Data(processor.body.utf8)) as? [String: Any])
        #expect(body["status_callback_urls"] as? [String] == ["https://dpo.example/status"])
        #expect(body["subject_request_type"] as? String == "erasure" && body["regulation"] as? String == "gdpr")
        #expect(body["subject_request_id"] as? String == NoticeID.requestUUID("igo-dsr-2026-0012"))
        // OpenDSR section 1.1: request ids are lowercase version 4 UUIDs.
        #expect(
            (body["subject_request_id"] as? String)?.range(
                of: "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", options: .regularExpression
            ) != nil)
        #expect(body["api_version"] as? String == OpenDSR.apiVersion)
        #expect(body["pass_on_to"] as? [String] == draft.notices.filter { $0.parentID == processor.id }.map(\.id))
        #expect(body["submitted_time"] as? String == "2026-01-31T00:00:00Z")
    }

    @Test func aChangedPlanUnderTheSameIdIsAConflictAndChangesNothing() throws {
        let store = try TemporaryLedger()
        var draft = try Self.draft("igo-employee-erasure")
        _ = try store.ledger.record([draft])
        draft.contentHash = "changed"
        #expect(throws: LedgerError.conflict(request: draft.id)) { try store.ledger.record([draft]) }
        #expect(try store.ledger.notices(NoticeFilter()).count == 3)
    }

    @Test func aBatchIsAllOrNothing() throws {
        let store = try TemporaryLedger()
        let good = try Self.draft("igo-employee-erasure")
        var clash = try Self.draft("jetpak-customer-erasure")
        _ = try store.ledger.record([clash])
        clash.contentHash = "different"
        #expect(throws: LedgerError.self) { try store.ledger.record([good, clash]) }
        #expect(try store.ledger.request(good.id) == nil, "the good request rolled back with the batch")
    }

    @Test func aBatchCommitsChunkByChunkAndARerunSkipsWhatIsIn() throws {
        let store = try TemporaryLedger()
        let drafts = try ["igo-employee-erasure", "jetpak-customer-erasure", "vekstly-course-participant-erasure"].map(
            Self.draft)
        var conflicting = drafts
        conflicting[2].contentHash = "different"
        _ = try store.ledger.record([conflicting[2]])
        var progress: [Int] = []
        do {
            _ = try store.ledger.record(
                count: drafts.count, transaction: 2, drafts: { range in drafts[range].map { .success($0) } }
            ) {
                progress.append($0)
            }
            Issue.record("the conflicting third request should stop the batch")
        } catch {
            #expect(error.before.recorded == 2 && error.cause == .ledger(.conflict(request: drafts[2].id)))
        }
        #expect(progress == [2], "the first chunk committed before the second failed")
        #expect(try store.ledger.request(drafts[0].id) != nil && store.ledger.request(drafts[1].id) != nil)
        let again = try store.ledger.record(
            count: 2, transaction: 2, drafts: { range in drafts[range].map { .success($0) } })
        #expect(again.alreadyRecorded == 2 && again.recorded == 0)
    }

    @Test func aStreamedBatchIsDraftedInOrderAndAPlanFailureRollsBackItsWholeTransaction() throws {
        let store = try TemporaryLedger()
        let drafts = try [
            "igo-employee-erasure", "jetpak-customer-erasure", "vekstly-course-participant-erasure",
            "janteloppet-attendee-erasure",
            "jetpak-email-marketing-withdrawal",
        ].map(Self.draft)
        let unplannable = ErasurePlanError.noRelationship(
            Located("igo", at: SourceLocation(file: "batch.jsonl", line: 4, column: 40)))
        let asked = Mutex<[Range<Int>]>([])
        // Two requests to a transaction, drafted one at a time: the fourth cannot be planned, after
        // the third was already written inside the same transaction.
        do {
            _ = try store.ledger.record(
                count: 5, transaction: 2, piece: 1,
                drafts: { range -> [Result<RequestDraft, ErasurePlanError>] in
                    asked.withLock { $0.append(range) }
                    return range.map { $0 == 3 ? .failure(unplannable) : .success(drafts[$0]) }
                })
            Issue.record("the unplannable request should stop the batch")
        } catch {
            #expect(error.cause == .plan(unplannable))
            let before = drafts[0].notices.count + drafts[1].notices.count
            #expect(
                error.before
                    == {
                        var outcome = BatchOutcome()
                        outcome.recorded = 2
                        outcome.notices = before
                        return outcome
                    }())
            #expect(error.cause.description.hasPrefix("batch.jsonl:4:40: error: "))
        }
        #expect(
            asked.withLock { $0 } == [0..<1, 1..<2, 2..<3, 3..<4], "drafted in order, and nothing after the failure")
        #expect(try store.ledger.request(drafts[0].id) != nil && store.ledger.request(drafts[1].id) != nil)
        #expect(
            try store.ledger.request(drafts[2].id) == nil,
            "the failing transaction records nothing, not even the request written before the failure")
        let rest = try store.ledger.record(
            count: 5, transaction: 2, piece: 2, drafts: { range in range.map { .success(drafts[$0]) } })
        #expect(rest.alreadyRecorded == 2 && rest.recorded == 3)
        for draft in drafts { #expect(try store.ledger.request(draft.id) != nil) }
    }

    @Test func aProcessorCompletesOnlyAfterItsSubProcessors() throws {
        let store = try TemporaryLedger()
        let draft = try Self.draft("igo-employee-erasure")
        _ = try store.ledger.record([draft])
        let processor = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        let sub = try #require(draft.notices.first { $0.recipient == "igo-processor-subprocessors" })
        #expect(sub.parentID == processor.id)
        #expect(throws: LedgerError.waitingForChildren(notice: processor.id, children: ["\(sub.id) (planned)"])) {
            try store.ledger.acknowledge(processor.id, .completed, at: Date())
        }
        #expect(try store.ledger.acknowledge(sub.id, .completed, at: Date()).state == .completed)
        #expect(try store.ledger.acknowledge(processor.id, .completed, at: Date()).state == .completed)
        #expect(
            try store.ledger.acknowledge(processor.id, .completed, at: Date()).state == .completed,
            "the same answer again is a no-op")
        #expect(throws: LedgerError.alreadyFinal(notice: processor.id, state: .completed)) {
            try store.ledger.acknowledge(processor.id, .refused(reason: "changed our mind"), at: Date())
        }
        let kinds = try store.ledger.events(notice: processor.id).map(\.kind)
        #expect(kinds == ["planned", "completed"])
    }

    /// A sub-processor that refuses has answered: its processor can still confirm its own part,
    /// instead of being stuck for ever, and the refusal stays on record.
    @Test func aRefusingSubProcessorDoesNotBlockItsProcessor() throws {
        let store = try TemporaryLedger()
        let draft = try Self.draft("igo-employee-erasure")
        _ = try store.ledger.record([draft])
        let processor = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        let sub = try #require(draft.notices.first { $0.recipient == "igo-processor-subprocessors" })
        #expect(
            try store.ledger.acknowledge(sub.id, .refused(reason: "kept under a legal hold"), at: Date()).state
                == .refused)
        #expect(try store.ledger.acknowledge(processor.id, .completed, at: Date()).state == .completed)
        #expect(try store.ledger.notice(sub.id)?.refusalReason == "kept under a legal hold")
        #expect(try store.ledger.verify(request: nil).isEmpty)
    }

    @Test func aRefusalKeepsItsReason() throws {
        let store = try TemporaryLedger()
        let draft = try Self.draft("vekstly-course-participant-erasure")
        _ = try store.ledger.record([draft])
        let inform = try #require(draft.notices.first { $0.action == .inform })
        let record = try store.ledger.acknowledge(
            inform.id, .refused(reason: "kept under anti-money-laundering rules"), at: Date())
        #expect(record.state == .refused && record.refusalReason == "kept under anti-money-laundering rules")
    }

    @Test func exemptNoticesNeedNoAnswerAndOverdueListsOnlyOpenLateOnes() throws {
        let store = try TemporaryLedger()
        let draft = try Self.draft("jetpak-customer-erasure")
        _ = try store.ledger.record([draft])
        let police = try #require(draft.notices.first { $0.recipient == "police" })
        #expect(try store.ledger.notice(police.id)?.state == .exempt)
        #expect(throws: LedgerError.notAnswerable(notice: police.id)) {
            try store.ledger.acknowledge(police.id, .completed, at: Date())
        }
        #expect(try store.ledger.notices(NoticeFilter(overdueOn: CalendarDate(iso: "2027-02-22"))).isEmpty)
        let late = try store.ledger.notices(NoticeFilter(overdueOn: CalendarDate(iso: "2027-02-23")))
        #expect(
            Set(late.map(\.action)) == [.erase, .restrict],
            "the follow-up is due in 2032 and the police need no answer")
    }

    @Test func theEventLogIsAppendOnlyAndTheSchemaRefusesBadRows() throws {
        let store = try TemporaryLedger()
        _ = try store.ledger.record([try Self.draft("igo-employee-erasure")])
        #expect(try store.ledger.integrityCheck() == "ok")
        let path = store.directory.appendingPathComponent("ledger.sqlite").path
        for statement in [
            "UPDATE event SET kind = 'x'", "DELETE FROM event",
            "INSERT INTO notice (id, request_id, recipient, recipient_name, role, action, channel, state, language, body, position) VALUES ('ntc_x', 'no-such-request', 'r', 'r', 'processor', 'instruct', 'email', 'planned', 'en', '{}', 0)",
            "UPDATE notice SET state = 'lost'", "UPDATE notice SET state = 'refused', refusal_reason = NULL",
        ] {
            let ran = try Programs.run("sqlite3", [path, "PRAGMA foreign_keys = ON; " + statement])
            #expect(ran.status != 0, "the schema accepted: \(statement)")
        }
    }

    @Test func theLedgerRunsInWALWithFullSync() throws {
        let store = try TemporaryLedger()
        let path = store.directory.appendingPathComponent("ledger.sqlite").path
        let ran = try Programs.run("sqlite3", [path, "PRAGMA journal_mode;"])
        #expect(ran.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "wal")
    }

    @Test func anUnusableLedgerPathIsAClearError() {
        #expect(throws: LedgerError.self) { try SQLiteLedger(path: "/proc/no-such-dir/ledger.sqlite") }
    }
}
