// A ledger written by an earlier build (schema v3: channels a closed list, no OpenDSR tables) opens
// with this one: its requests, notices and hash chain survive, and OpenDSR notices can be recorded.

import Foundation
import GRDB
import SharegraphCore
import SharegraphTestSupport
import Testing

@testable import SharegraphLedger

struct MigrationTests {
    @Test func aV3LedgerUpgradesKeepingItsHistoryAndTakesOpenDSRNotices() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sharegraph-v3-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.sqlite").path
        // The earlier build's schema, with one request recorded the way it recorded them.
        let old = try DatabaseQueue(path: path)
        try SQLiteLedger.migrator.migrate(old, upTo: "v3: event hash chain")
        try old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO request VALUES ('r-1', 'acme', 'REF-1', 'erasure', '2026-11-16', '2026-12-16', NULL, 'h', '2026-11-16T10:00:00.000Z');
                    INSERT INTO notice (id, request_id, recipient, recipient_name, role, action, channel, channel_detail, state, language, body, position)
                    VALUES ('ntc_1', 'r-1', 'hookco', 'Hook Ltd', 'processor', 'instruct', 'webhook', 'https://hook.example/h', 'planned', 'en', '{}', 0);
                    """)
        }
        #expect(throws: (any Error).self, "v3 refuses a channel outside its list") {
            try old.write { db in
                try db.execute(
                    sql: """
                        INSERT INTO notice (id, request_id, recipient, recipient_name, role, action, channel, state, language, body, position)
                        VALUES ('ntc_2', 'r-1', 'x', 'X', 'processor', 'instruct', 'opendsr', 'planned', 'en', '{}', 1)
                        """)
            }
        }
        try old.close()

        let ledger = try SQLiteLedger(path: path)
        let kept = try #require(try ledger.notice("ntc_1"))
        #expect(kept.channel == .webhook(url: "https://hook.example/h") && kept.action == .instruct)
        #expect(try ledger.request("r-1")?.controller == "acme")
        var draft = RequestDraft(plan: try Seeds.plan("igo-employee-erasure"), controllerName: "iGo AS")
        for index in draft.notices.indices where draft.notices[index].recipient == "igo-processor" {
            draft.notices[index].channel = .endpoint(.openDSR, address: "https://processor.example/opendsr")
        }
        _ = try ledger.record([draft])
        let sent = try #require(draft.notices.first { $0.recipient == "igo-processor" })
        #expect(
            try ledger.notice(sent.id)?.channel == .endpoint(.openDSR, address: "https://processor.example/opendsr"))
        #expect(try ledger.verify(request: draft.id).isEmpty)
        // The OpenDSR tables are there.
        try ledger.recordOpenDSRSent(
            subjectRequestID: NoticeID.requestUUID(draft.id), recipient: "igo-processor", noticeID: sent.id,
            endpoint: "https://processor.example/opendsr")
        #expect(
            try ledger.openDSRNotice(subjectRequestID: NoticeID.requestUUID(draft.id), recipient: "igo-processor")?
                .notice
                == sent.id)
    }
}
