// The ledger in one SQLite file through GRDB: WAL, synchronous=FULL, foreign keys, constraints in
// the schema, named migrations that are only ever appended.

public import Foundation
import GRDB
public import SharegraphCore

/// Rows to records; kept internal so GRDB stays an implementation detail of this store.
private struct NoticeRow: FetchableRecord, Decodable {
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    var record: NoticeRecord
    init(from decoder: any Decoder) throws { record = try NoticeRecord(from: decoder) }
}

private struct RequestRow: FetchableRecord, Decodable {
    static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    var record: RequestRecord
    init(from decoder: any Decoder) throws { record = try RequestRecord(from: decoder) }
}

private struct EventRow: FetchableRecord {
    var record: NoticeEvent
    init(row: Row) throws {
        record = NoticeEvent(
            sequence: row["seq"], noticeID: row["notice_id"], at: row["at"], kind: row["kind"],
            state: NoticeState(rawValue: row["state"]) ?? .planned, detail: row["detail"])
    }
}

/// The SQLite ledger.
public final class SQLiteLedger: NoticeLedger {
    private let pool: DatabasePool
    /// The file path.
    public let path: String
    /// A hook for the crash-safety tests: called after each durable step with its name.
    private let checkpoint: @Sendable (String) -> Void

    /// Opens (creating if needed) the ledger at `path` and brings its schema up to date.
    /// Opens the ledger at `path`. With `creating` false a missing or empty file is `.missing`, so a
    /// mistyped path is never read as a ledger with nothing in it; only recording creates one.
    public init(
        path: String, creating: Bool = true, checkpoint: @escaping @Sendable (String) -> Void = { _ in }
    ) throws(LedgerError) {
        if !creating {
            var info = stat()
            if stat(path, &info) != 0 || info.st_size == 0 { throw .missing(path: path) }
        }
        self.path = path
        self.checkpoint = checkpoint
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            // Several processes may create one ledger at once: the first to take the lock creates the
            // file (readable by its owner only: it holds personal data) and migrates it; the rest
            // find it done.
            let lock = try FileLock(path: path + ".lock")
            defer { lock.release() }
            try Self.createPrivately(path)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
    }

    /// Creates an empty file with mode 0600 when none exists; SQLite gives its -wal and -shm files
    /// the same mode.
    static func createPrivately(_ path: String) throws(LedgerError) {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
        } else if errno != EEXIST {
            throw .cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: requests, notices, events, endpoints") { db in
            try db.execute(
                sql: """
                    CREATE TABLE request (
                        id TEXT PRIMARY KEY NOT NULL CHECK (length(id) BETWEEN 1 AND 128),
                        controller TEXT NOT NULL,
                        subject_reference TEXT NOT NULL,
                        scope TEXT NOT NULL CHECK (scope IN ('erasure', 'consent-withdrawal', 'objection', 'retention-sweep')),
                        received TEXT NOT NULL CHECK (received GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
                        deadline TEXT NOT NULL CHECK (deadline >= received),
                        extension_reason TEXT,
                        content_hash TEXT NOT NULL,
                        recorded_at TEXT NOT NULL
                    ) STRICT;
                    CREATE TABLE notice (
                        id TEXT PRIMARY KEY NOT NULL CHECK (id GLOB 'ntc_*'),
                        request_id TEXT NOT NULL REFERENCES request(id) ON DELETE RESTRICT,
                        recipient TEXT NOT NULL,
                        recipient_name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        action TEXT NOT NULL CHECK (action IN ('erase', 'restrict', 'instruct', 'inform', 'hold', 'no-notice', 'follow-up')),
                        parent_id TEXT REFERENCES notice(id) ON DELETE RESTRICT,
                        channel TEXT NOT NULL CHECK (channel IN ('internal', 'webhook', 'email', 'relay', 'none')),
                        channel_detail TEXT,
                        state TEXT NOT NULL CHECK (state IN ('planned', 'sent', 'acknowledged', 'completed', 'refused', 'failed', 'exempt')),
                        deadline TEXT,
                        not_before TEXT,
                        restricted_until TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                        next_attempt_at REAL,
                        refusal_reason TEXT CHECK (state <> 'refused' OR refusal_reason IS NOT NULL),
                        language TEXT NOT NULL,
                        body TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        UNIQUE (request_id, recipient, action)
                    ) STRICT;
                    CREATE INDEX notice_by_request ON notice(request_id, position);
                    CREATE INDEX notice_open ON notice(state, deadline) WHERE state NOT IN ('completed', 'refused', 'exempt');
                    CREATE INDEX notice_by_parent ON notice(parent_id) WHERE parent_id IS NOT NULL;
                    CREATE TABLE event (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        notice_id TEXT NOT NULL REFERENCES notice(id) ON DELETE RESTRICT,
                        at TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        state TEXT NOT NULL,
                        detail TEXT
                    ) STRICT;
                    CREATE INDEX event_by_notice ON event(notice_id, seq);
                    CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event
                        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                    CREATE TRIGGER event_append_only_delete BEFORE DELETE ON event
                        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                    CREATE TABLE endpoint (
                        url TEXT PRIMARY KEY NOT NULL,
                        disabled_at TEXT NOT NULL,
                        reason TEXT NOT NULL
                    ) STRICT;
                    """)
        }
        migrator.registerMigration("v2: delivery claims") { db in
            try db.execute(
                sql: """
                    ALTER TABLE notice ADD COLUMN claimed_by TEXT;
                    ALTER TABLE notice ADD COLUMN claim_expires REAL;
                    """)
        }
        migrator.registerMigration("v3: event hash chain") { db in
            try db.execute(
                sql: """
                    DROP TRIGGER event_append_only_update;
                    ALTER TABLE event ADD COLUMN request_id TEXT;
                    ALTER TABLE event ADD COLUMN notice_hash TEXT;
                    ALTER TABLE event ADD COLUMN prev_hash TEXT;
                    ALTER TABLE event ADD COLUMN hash TEXT;
                    """)
            // Events recorded before the chain existed are chained now, in their order.
            var previous: [String: String] = [:]
            var noticeHashes: [String: String] = [:]
            let rows = try Row.fetchAll(
                db,
                sql:
                    "SELECT e.seq, e.notice_id, e.at, e.kind, e.state, e.detail, n.request_id FROM event e JOIN notice n ON n.id = e.notice_id ORDER BY e.seq"
            )
            for row in rows {
                let requestID: String = row["request_id"]
                let noticeID: String = row["notice_id"]
                if previous[requestID] == nil {
                    guard
                        let request = try RequestRow.fetchOne(
                            db, sql: "SELECT * FROM request WHERE id = ?", arguments: [requestID])?.record
                    else { continue }
                    previous[requestID] = EventChain.root(request)
                }
                if noticeHashes[noticeID] == nil,
                    let notice = try NoticeRow.fetchOne(
                        db, sql: "SELECT * FROM notice WHERE id = ?", arguments: [noticeID])?.record
                {
                    noticeHashes[noticeID] = EventChain.noticeHash(notice)
                }
                let prev = previous[requestID] ?? ""
                let noticeHash = noticeHashes[noticeID] ?? ""
                let hash = EventChain.eventHash(
                    previous: prev, noticeID: noticeID, at: row["at"], kind: row["kind"], state: row["state"],
                    detail: row["detail"], noticeHash: noticeHash)
                try db.execute(
                    sql: "UPDATE event SET request_id = ?, notice_hash = ?, prev_hash = ?, hash = ? WHERE seq = ?",
                    arguments: [requestID, noticeHash, prev, hash, row["seq"] as Int64])
                previous[requestID] = hash
            }
            try db.execute(
                sql: """
                    CREATE INDEX event_by_request ON event(request_id, seq);
                    CREATE TRIGGER event_append_only_update BEFORE UPDATE ON event
                        BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
                    """)
        }
        migrator.registerMigration("v4: channels named by their kind") { db in
            // The channel was one of a closed list; any kind a DeliveryChannel delivers is now
            // stored by its name. SQLite cannot change a CHECK in place, so the table is rebuilt
            // with the same rows (foreign keys are checked once the migration ends).
            try db.execute(
                sql: """
                    CREATE TABLE notice_new (
                        id TEXT PRIMARY KEY NOT NULL CHECK (id GLOB 'ntc_*'),
                        request_id TEXT NOT NULL REFERENCES request(id) ON DELETE RESTRICT,
                        recipient TEXT NOT NULL,
                        recipient_name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        action TEXT NOT NULL CHECK (action IN ('erase', 'restrict', 'instruct', 'inform', 'hold', 'no-notice', 'follow-up')),
                        parent_id TEXT REFERENCES notice(id) ON DELETE RESTRICT,
                        channel TEXT NOT NULL CHECK (length(channel) BETWEEN 1 AND 32 AND channel NOT GLOB '*[^a-z0-9-]*'),
                        channel_detail TEXT,
                        state TEXT NOT NULL CHECK (state IN ('planned', 'sent', 'acknowledged', 'completed', 'refused', 'failed', 'exempt')),
                        deadline TEXT,
                        not_before TEXT,
                        restricted_until TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                        next_attempt_at REAL,
                        refusal_reason TEXT CHECK (state <> 'refused' OR refusal_reason IS NOT NULL),
                        language TEXT NOT NULL,
                        body TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        claimed_by TEXT,
                        claim_expires REAL,
                        UNIQUE (request_id, recipient, action)
                    ) STRICT;
                    INSERT INTO notice_new (id, request_id, recipient, recipient_name, role, action, parent_id, channel,
                        channel_detail, state, deadline, not_before, restricted_until, attempts, next_attempt_at,
                        refusal_reason, language, body, position, claimed_by, claim_expires)
                    SELECT id, request_id, recipient, recipient_name, role, action, parent_id, channel,
                        channel_detail, state, deadline, not_before, restricted_until, attempts, next_attempt_at,
                        refusal_reason, language, body, position, claimed_by, claim_expires FROM notice;
                    DROP TABLE notice;
                    ALTER TABLE notice_new RENAME TO notice;
                    CREATE INDEX notice_by_request ON notice(request_id, position);
                    CREATE INDEX notice_open ON notice(state, deadline) WHERE state NOT IN ('completed', 'refused', 'exempt');
                    CREATE INDEX notice_by_parent ON notice(parent_id) WHERE parent_id IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v5: OpenDSR requests, callbacks and their outbox") { db in
            try createOpenDSRTables(db)
        }
        migrator.registerMigration("v6: one restriction and follow-up per legal duty") { db in
            // A recipient that keeps data under two duties gets a restriction and a follow-up for
            // each, with its own end; the notice is unique per duty too. Notices recorded before
            // carry no duty (''), which keeps them unique as they were.
            try db.execute(
                sql: """
                    CREATE TABLE notice_new (
                        id TEXT PRIMARY KEY NOT NULL CHECK (id GLOB 'ntc_*'),
                        request_id TEXT NOT NULL REFERENCES request(id) ON DELETE RESTRICT,
                        recipient TEXT NOT NULL,
                        recipient_name TEXT NOT NULL,
                        role TEXT NOT NULL,
                        action TEXT NOT NULL CHECK (action IN ('erase', 'restrict', 'instruct', 'inform', 'hold', 'no-notice', 'follow-up')),
                        parent_id TEXT REFERENCES notice(id) ON DELETE RESTRICT,
                        channel TEXT NOT NULL CHECK (length(channel) BETWEEN 1 AND 32 AND channel NOT GLOB '*[^a-z0-9-]*'),
                        channel_detail TEXT,
                        state TEXT NOT NULL CHECK (state IN ('planned', 'sent', 'acknowledged', 'completed', 'refused', 'failed', 'exempt')),
                        deadline TEXT,
                        not_before TEXT,
                        restricted_until TEXT,
                        attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
                        next_attempt_at REAL,
                        refusal_reason TEXT CHECK (state <> 'refused' OR refusal_reason IS NOT NULL),
                        language TEXT NOT NULL,
                        body TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        claimed_by TEXT,
                        claim_expires REAL,
                        duty TEXT NOT NULL DEFAULT '' CHECK (duty = '' OR action IN ('restrict', 'follow-up')),
                        UNIQUE (request_id, recipient, action, duty)
                    ) STRICT;
                    INSERT INTO notice_new (id, request_id, recipient, recipient_name, role, action, parent_id, channel,
                        channel_detail, state, deadline, not_before, restricted_until, attempts, next_attempt_at,
                        refusal_reason, language, body, position, claimed_by, claim_expires)
                    SELECT id, request_id, recipient, recipient_name, role, action, parent_id, channel,
                        channel_detail, state, deadline, not_before, restricted_until, attempts, next_attempt_at,
                        refusal_reason, language, body, position, claimed_by, claim_expires FROM notice;
                    DROP TABLE notice;
                    ALTER TABLE notice_new RENAME TO notice;
                    CREATE INDEX notice_by_request ON notice(request_id, position);
                    CREATE INDEX notice_open ON notice(state, deadline) WHERE state NOT IN ('completed', 'refused', 'exempt');
                    CREATE INDEX notice_by_parent ON notice(parent_id) WHERE parent_id IS NOT NULL;
                    """)
        }
        return migrator
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }

    func write<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.write(body)
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// A read for the proof bundle, in this module.
    func readDatabase<T>(_ body: (Database) throws -> T) throws -> T { try pool.read(body) }

    func read<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// Records each request with its notices in one transaction; a request already recorded with the same content is
    /// left as it is.
    public func record(_ drafts: [RequestDraft]) throws(LedgerError) -> [RecordOutcome] {
        var remaining = drafts.makeIterator()
        do {
            return try insert { remaining.next() }
        } catch {
            throw Self.ledgerError(error)
        }
    }

    /// Records requests as `next` yields them, in transactions of bounded size.
    public func record(streaming next: () throws(ErasurePlanError) -> RequestDraft?) throws(BatchError.Cause)
        -> [RecordOutcome]
    {
        do {
            return try insert { () throws(ErasurePlanError) in try next() }
        } catch let error as ErasurePlanError {
            throw .plan(error)
        } catch {
            throw .ledger(Self.ledgerError(error))
        }
    }

    private static func ledgerError(_ error: any Error) -> LedgerError {
        (error as? LedgerError) ?? .database(describe(error))
    }

    /// One transaction recording the requests `next` hands over until it returns nil; any error,
    /// the database's or `next`'s own, rolls it all back.
    private func insert(_ next: () throws -> RequestDraft?) throws -> [RecordOutcome] {
        let now = Date().ledgerTimestamp
        let outcomes = try pool.write { db -> [RecordOutcome] in
            let findRequest = try db.cachedStatement(sql: "SELECT content_hash FROM request WHERE id = ?")
            let insertRequest = try db.cachedStatement(
                sql: """
                    INSERT INTO request (id, controller, subject_reference, scope, received, deadline, extension_reason, content_hash, recorded_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let insertNotice = try db.cachedStatement(
                sql: """
                    INSERT INTO notice (id, request_id, recipient, recipient_name, role, action, parent_id, channel, channel_detail, state,
                        deadline, not_before, restricted_until, language, body, position, duty)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let insertEvent = try db.cachedStatement(
                sql: """
                    INSERT INTO event (notice_id, at, kind, state, detail, request_id, notice_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            var outcomes: [RecordOutcome] = []
            while let draft = try next() {
                if let existing = try String.fetchOne(findRequest, arguments: [draft.id]) {
                    guard existing == draft.contentHash else { throw LedgerError.conflict(request: draft.id) }
                    outcomes.append(.alreadyRecorded)
                    continue
                }
                try insertRequest.execute(arguments: [
                    draft.id, draft.controller, draft.subjectReference, draft.scope, draft.received.description,
                    draft.deadline.description,
                    draft.extensionReason, draft.contentHash, now,
                ])
                var previous = EventChain.root(
                    RequestRecord(
                        id: draft.id, controller: draft.controller, subjectReference: draft.subjectReference,
                        scope: draft.scope,
                        received: draft.received.description, deadline: draft.deadline.description,
                        extensionReason: draft.extensionReason,
                        contentHash: draft.contentHash, recordedAt: now))
                for (position, notice) in draft.notices.enumerated() {
                    let record = NoticeRecord(
                        id: notice.id, requestID: draft.id, recipient: notice.recipient,
                        recipientName: notice.recipientName, role: notice.role,
                        action: notice.action, parentID: notice.parentID, channel: notice.channel,
                        state: notice.initialState, deadline: notice.deadline?.description,
                        notBefore: notice.notBefore?.description,
                        restrictedUntil: notice.restrictedUntil?.description, attempts: 0, nextAttemptAt: nil,
                        refusalReason: nil,
                        language: notice.language, body: notice.body, position: position, duty: notice.duty)
                    try insertNotice.execute(arguments: [
                        notice.id, draft.id, notice.recipient, notice.recipientName, notice.role,
                        notice.action.rawValue, notice.parentID,
                        notice.channel.keyword, notice.channel.detail, notice.initialState.rawValue,
                        notice.deadline?.description,
                        notice.notBefore?.description, notice.restrictedUntil?.description, notice.language,
                        notice.body, position, notice.duty ?? "",
                    ])
                    let detail =
                        notice.notBefore.map { "scheduled for \($0)" }
                        ?? notice.restrictedUntil.map { "restricted until \($0)" }
                    let kind = notice.initialState == .exempt ? "exempt" : "planned"
                    let noticeHash = EventChain.noticeHash(record)
                    let hash = EventChain.eventHash(
                        previous: previous, noticeID: notice.id, at: now, kind: kind,
                        state: notice.initialState.rawValue, detail: detail, noticeHash: noticeHash)
                    try insertEvent.execute(arguments: [
                        notice.id, now, kind, notice.initialState.rawValue, detail, draft.id, noticeHash, previous,
                        hash,
                    ])
                    previous = hash
                }
                outcomes.append(.recorded(notices: draft.notices.count))
            }
            checkpoint("erase.before-commit")
            return outcomes
        }
        checkpoint("erase.after-commit")
        return outcomes
    }

    /// Adds notices to a recorded request, each once: a notice whose id is already recorded is
    /// left as it is. Each new notice's `planned` event carries `reason`, so the chain shows why it
    /// came after the request was planned. Returns how many were added.
    public func recordSupplement(
        request requestID: String, notices: [NoticeDraft], reason: String
    ) throws(LedgerError) -> Int {
        let now = Date().ledgerTimestamp
        return try write { db -> Int in
            guard try String.fetchOne(db, sql: "SELECT id FROM request WHERE id = ?", arguments: [requestID]) != nil
            else { throw LedgerError.unknownRequest(requestID) }
            var position =
                try Int.fetchOne(
                    db, sql: "SELECT COALESCE(MAX(position), -1) FROM notice WHERE request_id = ?",
                    arguments: [requestID]) ?? -1
            var added = 0
            for notice in notices {
                let known = try String.fetchOne(db, sql: "SELECT id FROM notice WHERE id = ?", arguments: [notice.id])
                guard known == nil else { continue }
                position += 1
                let record = NoticeRecord(
                    id: notice.id, requestID: requestID, recipient: notice.recipient,
                    recipientName: notice.recipientName, role: notice.role,
                    action: notice.action, parentID: notice.parentID, channel: notice.channel,
                    state: notice.initialState, deadline: notice.deadline?.description,
                    notBefore: notice.notBefore?.description,
                    restrictedUntil: notice.restrictedUntil?.description, attempts: 0, nextAttemptAt: nil,
                    refusalReason: nil, language: notice.language, body: notice.body, position: position,
                    duty: notice.duty)
                try db.execute(
                    sql: """
                        INSERT INTO notice (id, request_id, recipient, recipient_name, role, action, parent_id, channel, channel_detail, state,
                            deadline, not_before, restricted_until, language, body, position, duty)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        notice.id, requestID, notice.recipient, notice.recipientName, notice.role,
                        notice.action.rawValue, notice.parentID, notice.channel.keyword, notice.channel.detail,
                        notice.initialState.rawValue, notice.deadline?.description, notice.notBefore?.description,
                        notice.restrictedUntil?.description, notice.language, notice.body, position,
                        notice.duty ?? "",
                    ])
                try Self.appendEvent(
                    db, notice: record, at: now, kind: notice.initialState == .exempt ? "exempt" : "planned",
                    state: notice.initialState.rawValue, detail: "supplement: \(reason)")
                added += 1
            }
            return added
        }
    }

    /// The request with this id, if it is recorded.
    public func request(_ id: String) throws(LedgerError) -> RequestRecord? {
        try read { db in try RequestRow.fetchOne(db, sql: "SELECT * FROM request WHERE id = ?", arguments: [id])?.record
        }
    }

    /// The notices that pass `filter`, in request and plan order.
    public func notices(_ filter: NoticeFilter) throws(LedgerError) -> [NoticeRecord] {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let request = filter.request {
            clauses.append("request_id = ?")
            arguments.append(request)
        }
        if let states = filter.states, !states.isEmpty {
            clauses.append("state IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
            arguments += states.map(\.rawValue).sorted()
        }
        if let day = filter.overdueOn {
            clauses.append("state NOT IN ('completed', 'refused', 'exempt') AND deadline IS NOT NULL AND deadline < ?")
            arguments.append(day.description)
        }
        let condition = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
        let sql = "SELECT * FROM notice \(condition) ORDER BY request_id, position"
        return try read { db in
            try NoticeRow.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(\.record)
        }
    }

    /// The notice with this id, if it is recorded.
    public func notice(_ id: String) throws(LedgerError) -> NoticeRecord? {
        try read { db in try NoticeRow.fetchOne(db, sql: "SELECT * FROM notice WHERE id = ?", arguments: [id])?.record }
    }

    /// The notice's events, oldest first.
    public func events(notice: String) throws(LedgerError) -> [NoticeEvent] {
        try read { db in
            try EventRow.fetchAll(db, sql: "SELECT * FROM event WHERE notice_id = ? ORDER BY seq", arguments: [notice])
                .map(\.record)
        }
    }

    /// Records an answer from the recipient and moves the notice's state.
    public func acknowledge(_ id: String, _ answer: Acknowledgment, at date: Date, note: String?) throws(LedgerError)
        -> NoticeRecord
    {
        let at = date.ledgerTimestamp
        let updated = try write { db -> NoticeRecord in
            guard
                let notice = try NoticeRow.fetchOne(db, sql: "SELECT * FROM notice WHERE id = ?", arguments: [id])?
                    .record
            else {
                throw LedgerError.unknownNotice(id)
            }
            // An answer is recorded only on a history that verifies.
            if let request = try RequestRow.fetchOne(
                db, sql: "SELECT * FROM request WHERE id = ?", arguments: [notice.requestID])?.record,
                let found = try Self.firstBreak(db, request)
            {
                throw LedgerError.chainBroken(found)
            }
            if notice.state == .exempt { throw LedgerError.notAnswerable(notice: id) }
            let target: NoticeState
            var reason: String?
            switch answer {
            case .received: target = .acknowledged
            case .completed: target = .completed
            case .refused(let why):
                target = .refused
                reason = why
            }
            if notice.state.isFinal {
                if notice.state == target && notice.refusalReason == reason { return notice }
                throw LedgerError.alreadyFinal(notice: id, state: notice.state)
            }
            if target == .acknowledged && notice.state == .acknowledged { return notice }
            if target == .completed {
                // A sub-processor's refusal is an answer too: the processor can confirm its own part,
                // and the status tree keeps showing the refusal.
                let waiting = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, state FROM notice WHERE parent_id = ? AND state NOT IN ('completed', 'exempt', 'refused') ORDER BY position
                        """, arguments: [id]
                ).map { "\($0["id"] as String) (\($0["state"] as String))" }
                if !waiting.isEmpty { throw LedgerError.waitingForChildren(notice: id, children: waiting) }
            }
            try db.execute(
                sql: "UPDATE notice SET state = ?, refusal_reason = ?, next_attempt_at = NULL WHERE id = ?",
                arguments: [target.rawValue, reason, id])
            try Self.appendEvent(
                db, notice: notice, at: at, kind: target.rawValue, state: target.rawValue, detail: reason ?? note)
            return try NoticeRow.fetchOne(db, sql: "SELECT * FROM notice WHERE id = ?", arguments: [id])?.record
                ?? notice
        }
        return updated
    }

    /// The notices that may be sent now: not final, not waiting for a date, not claimed by another run.
    public func deliverable(now: Date, today: CalendarDate) throws(LedgerError) -> [NoticeRecord] {
        try read { db in
            try NoticeRow.fetchAll(
                db,
                sql: """
                    SELECT * FROM notice
                    WHERE state = 'planned' AND channel <> 'internal'
                      AND (not_before IS NULL OR not_before <= ?)
                      AND (next_attempt_at IS NULL OR next_attempt_at <= ? OR next_attempt_at > ?)
                    ORDER BY request_id, position
                    """,
                arguments: [
                    today.description, now.timeIntervalSince1970, now.timeIntervalSince1970 + Self.longestRetry,
                ]
            ).map(\.record)
        }
    }

    /// Claims a notice for one delivery run for `lease` seconds; nil when another run holds it or it is no longer due.
    public func claim(_ id: String, by claimant: Claimant, now: Date, today: CalendarDate, lease: TimeInterval)
        throws(LedgerError) -> Bool
    {
        let claimed = try immediate { db -> Bool in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT claimed_by, claim_expires FROM notice
                        WHERE id = ? AND state = 'planned' AND (not_before IS NULL OR not_before <= ?)
                          AND (next_attempt_at IS NULL OR next_attempt_at <= ? OR next_attempt_at > ?)
                        """,
                    arguments: [
                        id, today.description, now.timeIntervalSince1970, now.timeIntervalSince1970 + Self.longestRetry,
                    ])
            else { return false }
            let holder: String? = row["claimed_by"]
            let expires: Double? = row["claim_expires"]
            // A claim that runs past any lease a deliverer takes was not taken by one: treated as
            // expired (and reported by `implausibleClaims`), so a forged row cannot stop a notice.
            if let holder, holder != claimant.stored, let expires, expires > now.timeIntervalSince1970,
                expires <= now.timeIntervalSince1970 + Self.longestLease, !Claimant.isDead(holder)
            {
                return false
            }
            try db.execute(
                sql: "UPDATE notice SET claimed_by = ?, claim_expires = ? WHERE id = ? AND claimed_by IS ?",
                arguments: [claimant.stored, now.addingTimeInterval(lease).timeIntervalSince1970, id, holder])
            return db.changesCount == 1
        }
        if claimed { checkpoint("deliver.after-claim") }
        return claimed
    }

    /// The longest lease a deliverer may hold a claim for (deliverers take 120 s).
    public static let longestLease: TimeInterval = 3600

    /// Claims that run longer than any lease a deliverer takes: a clock far off, or a row edited by
    /// hand. They are treated as expired; `verify` reports them.
    public func implausibleClaims(now: Date) throws(LedgerError) -> [(notice: String, until: Date)] {
        try read { db in
            try Row.fetchAll(
                db,
                sql:
                    "SELECT id, claim_expires FROM notice WHERE claimed_by IS NOT NULL AND claim_expires > ? ORDER BY request_id, position",
                arguments: [now.timeIntervalSince1970 + Self.longestLease]
            ).map { (notice: $0["id"] as String, until: Date(timeIntervalSince1970: $0["claim_expires"] as Double)) }
        }
    }

    /// Gives up a claim without recording an attempt.
    public func release(_ id: String, by claimant: Claimant) throws(LedgerError) {
        try write { db in
            try db.execute(
                sql: "UPDATE notice SET claimed_by = NULL, claim_expires = NULL WHERE id = ? AND claimed_by = ?",
                arguments: [id, claimant.stored])
        }
    }

    /// A write transaction that takes SQLite's write lock when it begins, so what it reads cannot
    /// change under it before it writes (another process's claim, say).
    private func immediate<T>(_ body: (Database) throws -> T) throws(LedgerError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw LedgerError.database("the transaction returned nothing") }
                return result
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .database(Self.describe(error))
        }
    }

    /// Records that delivery of the notice was attempted.
    public func recordAttempt(_ id: String, at date: Date) throws(LedgerError) {
        try write { db in
            try db.execute(sql: "UPDATE notice SET attempts = attempts + 1 WHERE id = ?", arguments: [id])
            guard
                let notice = try NoticeRow.fetchOne(db, sql: "SELECT * FROM notice WHERE id = ?", arguments: [id])?
                    .record
            else { return }
            try Self.appendEvent(
                db, notice: notice, at: date.ledgerTimestamp, kind: "attempt", state: notice.state.rawValue,
                detail: "attempt \(notice.attempts)")
        }
        checkpoint("deliver.after-attempt")
    }

    /// Records that the notice was handed over.
    public func recordSent(_ id: String, at date: Date, detail: String) throws(LedgerError) {
        checkpoint("deliver.before-sent")
        try write { db in
            try db.execute(
                sql:
                    "UPDATE notice SET state = 'sent', next_attempt_at = NULL, claimed_by = NULL, claim_expires = NULL WHERE id = ? AND state = 'planned'",
                arguments: [id])
            // Sent once: a notice already sent gets no second event.
            guard db.changesCount == 1,
                let notice = try NoticeRow.fetchOne(db, sql: "SELECT * FROM notice WHERE id = ?", arguments: [id])?
                    .record
            else { return }
            try Self.appendEvent(
                db, notice: notice, at: date.ledgerTimestamp, kind: "sent", state: "sent", detail: detail)
        }
        checkpoint("deliver.after-sent")
    }

    /// No retry is scheduled further ahead than this; a stored time beyond it (an edit, a bug) is
    /// read as due now rather than leaving the notice planned for ever.
    static let longestRetry: TimeInterval = 2 * 86_400

    /// Records that delivery failed, and when to try again (nil: never).
    public func recordFailure(_ id: String, at date: Date, detail: String, retryAt: Date?) throws(LedgerError) {
        let retryAt = retryAt.map { min($0, date.addingTimeInterval(Self.longestRetry)) }
        try write { db in
            if let retryAt {
                try db.execute(
                    sql: "UPDATE notice SET next_attempt_at = ?, claimed_by = NULL, claim_expires = NULL WHERE id = ?",
                    arguments: [retryAt.timeIntervalSince1970, id])
                guard
                    let notice = try NoticeRow.fetchOne(db, sql: "SELECT * FROM notice WHERE id = ?", arguments: [id])?
                        .record
                else { return }
                try Self.appendEvent(
                    db, notice: notice, at: date.ledgerTimestamp, kind: "delivery-failed", state: "planned",
                    detail: "\(detail); next attempt \(retryAt.ledgerTimestamp)")
            } else {
                try db.execute(
                    sql:
                        "UPDATE notice SET state = 'failed', next_attempt_at = NULL, claimed_by = NULL, claim_expires = NULL WHERE id = ?",
                    arguments: [id])
                guard
                    let notice = try NoticeRow.fetchOne(db, sql: "SELECT * FROM notice WHERE id = ?", arguments: [id])?
                        .record
                else { return }
                try Self.appendEvent(
                    db, notice: notice, at: date.ledgerTimestamp, kind: "failed", state: "failed", detail: detail)
            }
        }
    }

    /// How many notices wait for a retry, and the soonest.
    public func pendingRetries() throws(LedgerError) -> (count: Int, soonest: Date?) {
        try read { db in
            let row = try Row.fetchOne(
                db,
                sql:
                    "SELECT count(*) AS n, min(next_attempt_at) AS soonest FROM notice WHERE state = 'planned' AND next_attempt_at IS NOT NULL"
            )
            let soonest: Double? = row?["soonest"]
            return (row?["n"] ?? 0, soonest.map(Date.init(timeIntervalSince1970:)))
        }
    }

    /// Stops delivery to an endpoint that refused for good, with the reason.
    public func disableEndpoint(_ url: String, at date: Date, reason: String) throws(LedgerError) {
        try write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO endpoint (url, disabled_at, reason) VALUES (?, ?, ?)",
                arguments: [url, date.ledgerTimestamp, reason])
        }
    }

    /// The endpoints delivery no longer posts to.
    public func disabledEndpoints() throws(LedgerError) -> Set<String> {
        try read { db in Set(try String.fetchAll(db, sql: "SELECT url FROM endpoint")) }
    }

    /// Appends an event to its request's chain: the hash covers the previous event's, the event and
    /// the notice's fixed fields.
    static func appendEvent(
        _ db: Database, notice: NoticeRecord, at: String, kind: String, state: String, detail: String?
    ) throws {
        let previous = try String.fetchOne(
            db, sql: "SELECT hash FROM event WHERE request_id = ? ORDER BY seq DESC LIMIT 1",
            arguments: [notice.requestID])
        let root: String
        if let previous {
            root = previous
        } else if let request = try RequestRow.fetchOne(
            db, sql: "SELECT * FROM request WHERE id = ?", arguments: [notice.requestID])?.record
        {
            root = EventChain.root(request)
        } else {
            throw LedgerError.unknownRequest(notice.requestID)
        }
        let noticeHash = EventChain.noticeHash(notice)
        let hash = EventChain.eventHash(
            previous: root, noticeID: notice.id, at: at, kind: kind, state: state, detail: detail,
            noticeHash: noticeHash)
        try db.execute(
            sql:
                "INSERT INTO event (notice_id, at, kind, state, detail, request_id, notice_hash, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [notice.id, at, kind, state, detail, notice.requestID, noticeHash, root, hash])
    }

    /// Checks the hash chain of one request, or of every request; each break found.
    public func verify(request: String?) throws(LedgerError) -> [ChainBreak] {
        try read { db in
            let requests = try RequestRow.fetchAll(
                db, sql: request == nil ? "SELECT * FROM request ORDER BY id" : "SELECT * FROM request WHERE id = ?",
                arguments: request.map { [$0] } ?? []
            ).map(\.record)
            var breaks: [ChainBreak] = []
            if let request, requests.isEmpty { throw LedgerError.unknownRequest(request) }
            for record in requests {
                if let found = try Self.firstBreak(db, record) { breaks.append(found) }
            }
            // Events whose notice or request is gone.
            if request == nil {
                let orphans = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT e.seq, e.notice_id, e.request_id FROM event e LEFT JOIN notice n ON n.id = e.notice_id
                        LEFT JOIN request r ON r.id = e.request_id WHERE n.id IS NULL OR r.id IS NULL ORDER BY e.seq LIMIT 1
                        """)
                for row in orphans {
                    breaks.append(
                        ChainBreak(
                            request: row["request_id"] ?? "?", event: row["seq"], notice: row["notice_id"],
                            problem: "the event's notice or request has been deleted"))
                }
            }
            return breaks
        }
    }

    /// The first place a request's chain does not hold, or nil.
    static func firstBreak(_ db: Database, _ request: RequestRecord) throws -> ChainBreak? {
        let notices = try NoticeRow.fetchAll(
            db, sql: "SELECT * FROM notice WHERE request_id = ?", arguments: [request.id]
        ).map(\.record)
        let byID = Dictionary(notices.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var previous = EventChain.root(request)
        var lastState: [String: (state: String, detail: String?)] = [:]
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM event WHERE request_id = ? ORDER BY seq", arguments: [request.id])
        for row in rows {
            let seq: Int64 = row["seq"]
            let noticeID: String = row["notice_id"]
            func broken(_ problem: String) -> ChainBreak {
                ChainBreak(request: request.id, event: seq, notice: noticeID, problem: problem)
            }
            guard let notice = byID[noticeID] else {
                return broken("the event's notice has been deleted or moved to another request")
            }
            let stored: String? = row["prev_hash"]
            guard stored == previous else {
                return broken("the event does not follow the one before it (a row was deleted, inserted or edited)")
            }
            let noticeHash = EventChain.noticeHash(notice)
            guard row["notice_hash"] as String? == noticeHash else {
                return broken(
                    "the notice has changed since this event (its body, address, URL or another fixed field was edited)"
                )
            }
            let hash = EventChain.eventHash(
                previous: previous, noticeID: noticeID, at: row["at"], kind: row["kind"], state: row["state"],
                detail: row["detail"], noticeHash: noticeHash)
            guard row["hash"] as String? == hash else { return broken("the event itself was edited") }
            previous = hash
            lastState[noticeID] = (row["state"], row["detail"])
        }
        for notice in notices.sorted(by: { $0.position < $1.position }) {
            guard let last = lastState[notice.id] else {
                return ChainBreak(
                    request: request.id, event: nil, notice: notice.id,
                    problem: "the notice has no event: it was added outside sharegraph")
            }
            guard last.state == notice.state.rawValue else {
                return ChainBreak(
                    request: request.id, event: nil, notice: notice.id,
                    problem:
                        "the notice says `\(notice.state.rawValue)` but its last event says `\(last.state)`: no event explains its state"
                )
            }
            if notice.state == .refused, notice.refusalReason != last.detail {
                return ChainBreak(
                    request: request.id, event: nil, notice: notice.id,
                    problem: "the refusal reason differs from the one recorded")
            }
        }
        let expected =
            try Int.fetchOne(
                db, sql: "SELECT count(DISTINCT notice_id) FROM event WHERE request_id = ?", arguments: [request.id])
            ?? 0
        if expected != notices.count {
            return ChainBreak(
                request: request.id, event: nil, notice: nil,
                problem: "\(expected) notices have events but \(notices.count) remain: a notice was deleted")
        }
        return nil
    }

    /// SQLite's own integrity check: `ok`, or what is wrong.
    public func integrityCheck() throws(LedgerError) -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}
