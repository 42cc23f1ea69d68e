// What the ledger keeps for OpenDSR, beside requests and notices.
//
// As controller: which notice went to which processor under which `subject_request_id`, and the
// digest of every status callback accepted, so a replayed callback is refused.
// As processor: each request received (its controller, the request it was recorded as, where its
// callbacks go, whether it was cancelled), and an outbox of status callbacks, one per request,
// URL and status, sent until they are delivered; a restart resumes the outbox.

import Crypto
public import Foundation
import GRDB
import SharegraphSupport

/// A request this organisation received as processor.
public struct IncomingOpenDSR: Sendable, Hashable {
    /// The controller's id for it.
    public var subjectRequestID: String
    /// The controller party it was received for (the token's party).
    public var controller: String
    /// The request it is recorded as in this ledger.
    public var requestID: String
    /// SHA-256 of the body received, in hex: the same id with another body is a conflict.
    public var bodyDigest: String
    /// When it was received (RFC 3339).
    public var receivedAt: String
    /// When it is expected to be done (RFC 3339).
    public var expectedCompletion: String
    /// Where its status changes are posted.
    public var callbackURLs: [String]
    /// When the controller cancelled it.
    public var cancelledAt: String?

    /// Creates a record.
    public init(
        subjectRequestID: String, controller: String, requestID: String, bodyDigest: String, receivedAt: String,
        expectedCompletion: String, callbackURLs: [String], cancelledAt: String?
    ) {
        self.subjectRequestID = subjectRequestID
        self.controller = controller
        self.requestID = requestID
        self.bodyDigest = bodyDigest
        self.receivedAt = receivedAt
        self.expectedCompletion = expectedCompletion
        self.callbackURLs = callbackURLs
        self.cancelledAt = cancelledAt
    }
}

/// A status callback waiting to be sent, or sent.
public struct OutgoingCallback: Sendable, Hashable {
    /// Its place in the outbox.
    public var sequence: Int64
    /// The request.
    public var subjectRequestID: String
    /// Where it goes.
    public var url: String
    /// The status it reports.
    public var status: OpenDSRStatus
    /// The signed body.
    public var body: String
    /// How many times it was tried.
    public var attempts: Int
}

extension SQLiteLedger {
    static func createOpenDSRTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE opendsr_sent (
                    subject_request_id TEXT NOT NULL,
                    recipient TEXT NOT NULL,
                    notice_id TEXT NOT NULL REFERENCES notice(id) ON DELETE RESTRICT,
                    endpoint TEXT NOT NULL,
                    PRIMARY KEY (subject_request_id, recipient)
                ) STRICT;
                CREATE TABLE opendsr_callback_seen (
                    digest TEXT PRIMARY KEY NOT NULL,
                    notice_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    received_at TEXT NOT NULL
                ) STRICT;
                CREATE TABLE opendsr_incoming (
                    subject_request_id TEXT PRIMARY KEY NOT NULL,
                    controller TEXT NOT NULL,
                    request_id TEXT NOT NULL REFERENCES request(id) ON DELETE RESTRICT,
                    body_digest TEXT NOT NULL,
                    received_at TEXT NOT NULL,
                    expected_completion TEXT NOT NULL,
                    callback_urls TEXT NOT NULL,
                    cancelled_at TEXT,
                    closed INTEGER NOT NULL DEFAULT 0
                ) STRICT;
                CREATE TABLE opendsr_callback_out (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    subject_request_id TEXT NOT NULL REFERENCES opendsr_incoming(subject_request_id),
                    url TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'in_progress', 'completed', 'cancelled')),
                    body TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('waiting', 'sent', 'failed')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL,
                    detail TEXT,
                    UNIQUE (subject_request_id, url, status)
                ) STRICT;
                """)
    }

    // MARK: As controller

    /// Notes that `notice` went to `recipient` as OpenDSR request `subjectRequestID`.
    public func recordOpenDSRSent(subjectRequestID: String, recipient: String, noticeID: String, endpoint: String)
        throws(LedgerError)
    {
        try write { db in
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO opendsr_sent (subject_request_id, recipient, notice_id, endpoint) VALUES (?, ?, ?, ?)",
                arguments: [subjectRequestID, recipient, noticeID, endpoint])
        }
    }

    /// The notice that went to `recipient` as request `subjectRequestID`, with the endpoint it went to.
    public func openDSRNotice(subjectRequestID: String, recipient: String) throws(LedgerError) -> (
        notice: String, endpoint: String
    )? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT notice_id, endpoint FROM opendsr_sent WHERE subject_request_id = ? AND recipient = ?",
                arguments: [subjectRequestID, recipient]
            ).map { ($0["notice_id"] as String, $0["endpoint"] as String) }
        }
    }

    /// The recipients `subjectRequestID` went to, with their endpoints.
    public func openDSRRecipients(subjectRequestID: String) throws(LedgerError) -> [(
        recipient: String, endpoint: String
    )] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT recipient, endpoint FROM opendsr_sent WHERE subject_request_id = ? ORDER BY recipient",
                arguments: [subjectRequestID]
            ).map { ($0["recipient"] as String, $0["endpoint"] as String) }
        }
    }

    /// Remembers an accepted callback by who signed it, the notice it answers and its body; false
    /// when that processor sent that body for that notice before (a replay). Several processors
    /// that got one `subject_request_id` may send byte-identical bodies: each is its own answer.
    public func rememberCallback(body: Data, signer: String, noticeID: String, status: OpenDSRStatus, at date: Date)
        throws(LedgerError) -> Bool
    {
        var hasher = SHA256()
        hasher.update(data: Data("opendsr-callback-v2\u{0}\(signer)\u{0}\(noticeID)\u{0}".utf8))
        hasher.update(data: body)
        let digest = Hex.encode(hasher.finalize())
        return try write { db in
            try db.execute(
                sql:
                    "INSERT OR IGNORE INTO opendsr_callback_seen (digest, notice_id, status, received_at) VALUES (?, ?, ?, ?)",
                arguments: [digest, noticeID, status.rawValue, date.ledgerTimestamp])
            return db.changesCount == 1
        }
    }

    // MARK: As processor

    /// The request received with this id.
    public func incomingOpenDSR(_ subjectRequestID: String) throws(LedgerError) -> IncomingOpenDSR? {
        try read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM opendsr_incoming WHERE subject_request_id = ?", arguments: [subjectRequestID]
            ).map(Self.incoming)
        }
    }

    /// Records a received request, unless one with its id is there; returns the one recorded.
    public func recordIncomingOpenDSR(_ incoming: IncomingOpenDSR) throws(LedgerError) -> IncomingOpenDSR {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO opendsr_incoming (subject_request_id, controller, request_id, body_digest,
                        received_at, expected_completion, callback_urls) VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    incoming.subjectRequestID, incoming.controller, incoming.requestID, incoming.bodyDigest,
                    incoming.receivedAt, incoming.expectedCompletion,
                    String(decoding: OpenDSR.encode(incoming.callbackURLs), as: UTF8.self),
                ])
            return try Row.fetchOne(
                db, sql: "SELECT * FROM opendsr_incoming WHERE subject_request_id = ?",
                arguments: [incoming.subjectRequestID]
            ).map(Self.incoming) ?? incoming
        }
    }

    /// Received requests whose last callbacks have not all gone out.
    public func openIncomingOpenDSR() throws(LedgerError) -> [IncomingOpenDSR] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM opendsr_incoming WHERE closed = 0 ORDER BY received_at").map(
                Self.incoming)
        }
    }

    /// Marks a received request cancelled.
    public func cancelIncomingOpenDSR(_ subjectRequestID: String, at date: Date) throws(LedgerError) {
        try write { db in
            try db.execute(
                sql:
                    "UPDATE opendsr_incoming SET cancelled_at = ? WHERE subject_request_id = ? AND cancelled_at IS NULL",
                arguments: [OpenDSR.timestamp(date), subjectRequestID])
        }
    }

    /// Marks a received request done: its final callbacks have all gone out.
    public func closeIncomingOpenDSR(_ subjectRequestID: String) throws(LedgerError) {
        try write { db in
            try db.execute(
                sql: "UPDATE opendsr_incoming SET closed = 1 WHERE subject_request_id = ?",
                arguments: [subjectRequestID])
        }
    }

    /// Queues a callback, once per request, URL and status.
    public func queueCallback(subjectRequestID: String, url: String, status: OpenDSRStatus, body: String)
        throws(LedgerError)
    {
        try write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO opendsr_callback_out (subject_request_id, url, status, body, state)
                    VALUES (?, ?, ?, ?, 'waiting')
                    """, arguments: [subjectRequestID, url, status.rawValue, body])
        }
    }

    /// Callbacks to send now, oldest first.
    public func dueCallbacks(now: Date) throws(LedgerError) -> [OutgoingCallback] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM opendsr_callback_out WHERE state = 'waiting'
                    AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY seq
                    """, arguments: [now.timeIntervalSince1970]
            ).map {
                OutgoingCallback(
                    sequence: $0["seq"], subjectRequestID: $0["subject_request_id"], url: $0["url"],
                    status: OpenDSRStatus(rawValue: $0["status"]) ?? .pending, body: $0["body"],
                    attempts: $0["attempts"])
            }
        }
    }

    /// Whether every queued callback of a request has been sent or given up.
    public func callbacksSettled(_ subjectRequestID: String) throws(LedgerError) -> Bool {
        try read { db in
            try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM opendsr_callback_out WHERE subject_request_id = ? AND state = 'waiting'",
                arguments: [subjectRequestID]) == 0
        }
    }

    /// Records a callback's outcome: sent, retried at `retryAt`, or given up when `retryAt` is nil.
    public func recordCallback(_ sequence: Int64, sent: Bool, detail: String, retryAt: Date?) throws(LedgerError) {
        try write { db in
            let state = sent ? "sent" : (retryAt == nil ? "failed" : "waiting")
            try db.execute(
                sql: """
                    UPDATE opendsr_callback_out SET state = ?, attempts = attempts + 1, next_attempt_at = ?, detail = ?
                    WHERE seq = ?
                    """, arguments: [state, retryAt?.timeIntervalSince1970, detail, sequence])
        }
    }

    private static func incoming(_ row: Row) -> IncomingOpenDSR {
        let urls = (row["callback_urls"] as String?).flatMap {
            try? JSONDecoder().decode([String].self, from: Data($0.utf8))
        }
        return IncomingOpenDSR(
            subjectRequestID: row["subject_request_id"], controller: row["controller"], requestID: row["request_id"],
            bodyDigest: row["body_digest"], receivedAt: row["received_at"],
            expectedCompletion: row["expected_completion"], callbackURLs: urls ?? [], cancelledAt: row["cancelled_at"])
    }
}
