// Proof of erasure: one request's whole record in the ledger (the request, every notice with its
// legal reason and body, every event with its place in the chain, the answers received), signed
// with the controller's Ed25519 key, as JSON a verifier checks without Sharegraph and as a page a
// person reads.

public import Crypto
public import Foundation
import GRDB
import SharegraphCore

/// A signed evidence bundle for one request.
public struct ProofBundle: Sendable {
    /// The bundle: `schema`, `algorithm`, `public_key` (base64 of the raw 32 bytes), `payload` (the
    /// exact JSON text signed) and `signature` (base64 of the Ed25519 signature over the payload's UTF-8).
    public var json: String
    /// A readable page of the same record, with the key's fingerprint.
    public var html: String

    /// One event with its place in the request's chain.
    struct Event: Codable {
        var seq: Int64
        var noticeId: String
        var at: String
        var kind: String
        var state: String
        var detail: String?
        var noticeHash: String
        var prevHash: String
        var hash: String
    }

    struct Payload: Codable {
        var schema = "sharegraph.proof-payload/1"
        var request: RequestRecord
        var chainRoot: String
        var chainHead: String
        var notices: [NoticeRecord]
        var events: [Event]
        var signedAt: String
        /// Whether every notice has its final answer: false makes the bundle an interim statement.
        var complete: Bool
        /// The notices still waiting, by id, when the statement is interim.
        var outstanding: [String]
        /// Follow-up erasures not yet due (a legal duty keeps the data until then), by id: part of
        /// the record, named on the page with their day, not yet owed.
        var scheduled: [String]
    }

    /// Whether a notice still waits for something before the erasure can be called complete: not
    /// delivered, delivered without an answer, or failed. An independent recipient's acknowledgment
    /// is its whole answer (Art. 19 asks for no confirmation); a refusal is final, with its reason.
    /// A follow-up whose day has not come is scheduled, not outstanding (`isScheduled`).
    public static func isOutstanding(_ notice: NoticeRecord, on today: String) -> Bool {
        if notice.state.isFinal || isScheduled(notice, on: today) { return false }
        return !(notice.action == .inform && notice.state == .acknowledged)
    }

    /// A follow-up erasure not yet due: the duty (Art. 17(3)(b)) keeps the data until its day.
    public static func isScheduled(_ notice: NoticeRecord, on today: String) -> Bool {
        guard notice.action == .followUp, notice.state == .planned, let day = notice.notBefore else { return false }
        return day > today
    }

    struct Envelope: Codable {
        var schema = "sharegraph.proof/1"
        var algorithm = "Ed25519"
        var publicKey: String
        var payload: String
        var signature: String
    }

    /// Builds and signs the bundle; refuses a request whose chain does not verify, and one with a
    /// notice still outstanding unless `interim`, which then says so on the bundle, notice by notice.
    public static func make(
        ledger: SQLiteLedger, request id: String, key: Curve25519.Signing.PrivateKey, interim: Bool = false,
        now: Date = Date()
    ) throws(LedgerError) -> ProofBundle {
        guard let request = try ledger.request(id) else { throw .unknownRequest(id) }
        if let found = try ledger.verify(request: id).first { throw .chainBroken(found) }
        let notices = try ledger.notices(NoticeFilter(request: id))
        let today = String(now.ledgerTimestamp.prefix(10))
        let outstanding = notices.filter { isOutstanding($0, on: today) }
        if !outstanding.isEmpty, !interim {
            throw .erasureIncomplete(
                request: id,
                outstanding: outstanding.map {
                    "\($0.id) (\($0.recipient), \($0.action.rawValue): \($0.state.rawValue))"
                })
        }
        let events = try ledger.chainedEvents(request: id)
        let payload = Payload(
            request: request, chainRoot: EventChain.root(request),
            chainHead: events.last?.hash ?? EventChain.root(request),
            notices: notices, events: events, signedAt: now.ledgerTimestamp, complete: outstanding.isEmpty,
            outstanding: outstanding.map(\.id), scheduled: notices.filter { isScheduled($0, on: today) }.map(\.id))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let payloadText: String
        let signature: Data
        do {
            payloadText = String(decoding: try encoder.encode(payload), as: UTF8.self)
            signature = try key.signature(for: Data(payloadText.utf8))
        } catch {
            throw .database("cannot build the proof: \(error)")
        }
        let envelope = Envelope(
            publicKey: key.publicKey.rawRepresentation.base64EncodedString(), payload: payloadText,
            signature: signature.base64EncodedString())
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let json = (try? String(decoding: encoder.encode(envelope), as: UTF8.self)) ?? "{}"
        return ProofBundle(json: json + "\n", html: page(payload, publicKey: key.publicKey.rawRepresentation))
    }

    /// The key's fingerprint: the first 16 bytes of its SHA-256, in hex pairs.
    static func fingerprint(_ key: Data) -> String {
        SHA256.hash(data: key).prefix(16).map { String(format: "%02x", $0) }.joined(separator: ":")
    }

    static func page(_ payload: Payload, publicKey: Data) -> String {
        func escape(_ text: String) -> String {
            text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        let request = payload.request
        var body =
            payload.complete
            ? "<h1>Proof of erasure: request \(escape(request.id))</h1>\n"
            : "<h1>Interim statement, not a proof of erasure: request \(escape(request.id))</h1>\n<p class=\"interim\"><b>The erasure is not complete.</b> \(payload.outstanding.count) of \(payload.notices.count) notices still wait for delivery or an answer; they are marked <b>outstanding</b> below.</p>\n"
        body +=
            "<p>Controller <b>\(escape(request.controller))</b> · scope \(escape(request.scope)) · received \(escape(request.received)) · answer by \(escape(request.deadline)) · recorded \(escape(request.recordedAt))</p>\n"
        body +=
            "<p>Signed \(escape(payload.signedAt)) with the controller's Ed25519 key, fingerprint <code>\(fingerprint(publicKey))</code>. The JSON bundle beside this page carries the signature; <code>Tools/verify_proof.py</code> checks it and the chain without Sharegraph.</p>\n"
        body +=
            "<h2>Notices</h2>\n<table><tr><th>Recipient</th><th>Action</th><th>State</th><th>Deadline</th><th>Legal reason</th></tr>\n"
        let outstanding = Set(payload.outstanding)
        let scheduled = Set(payload.scheduled)
        for notice in payload.notices {
            let reason =
                (try? JSONDecoder.snakeCase.decode(NoticeBody.self, from: Data(notice.body.utf8)))?.legalReason ?? ""
            body +=
                "<tr><td>\(escape(notice.recipientName)) (\(escape(notice.recipient)))</td><td>\(escape(notice.action.rawValue))</td><td>\(escape(notice.state.rawValue))\(notice.refusalReason.map { ": " + escape($0) } ?? "")\(outstanding.contains(notice.id) ? " · <b>outstanding</b>" : "")\(scheduled.contains(notice.id) ? " · scheduled: not due before \(notice.notBefore ?? "")" : "")</td><td>\(escape(notice.deadline ?? ""))</td><td>\(escape(reason))</td></tr>\n"
        }
        body +=
            "</table>\n<h2>Events</h2>\n<table><tr><th>#</th><th>Time</th><th>Notice</th><th>Event</th><th>State</th><th>Detail</th><th>Chain</th></tr>\n"
        for event in payload.events {
            body +=
                "<tr><td>\(event.seq)</td><td>\(escape(event.at))</td><td><code>\(escape(event.noticeId))</code></td><td>\(escape(event.kind))</td><td>\(escape(event.state))</td><td>\(escape(event.detail ?? ""))</td><td><code>\(event.hash.prefix(16))…</code></td></tr>\n"
        }
        body +=
            "</table>\n<p>Chain root <code>\(payload.chainRoot)</code>, head <code>\(payload.chainHead)</code>.</p>\n"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(payload.complete ? "Proof of erasure" : "Interim statement") \(escape(request.id))</title>
            <style>body{font-family:system-ui,sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%;margin:1rem 0}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}code{font-size:.85rem}</style>
            </head><body>
            \(body)</body></html>

            """
    }
}

extension SQLiteLedger {
    /// A request's events with their chain fields, in order.
    func chainedEvents(request: String) throws(LedgerError) -> [ProofBundle.Event] {
        do {
            return try readDatabase { db in
                try Row.fetchAll(db, sql: "SELECT * FROM event WHERE request_id = ? ORDER BY seq", arguments: [request])
                    .map { row in
                        ProofBundle.Event(
                            seq: row["seq"], noticeId: row["notice_id"], at: row["at"], kind: row["kind"],
                            state: row["state"], detail: row["detail"],
                            noticeHash: row["notice_hash"] ?? "", prevHash: row["prev_hash"] ?? "",
                            hash: row["hash"] ?? "")
                    }
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw .database("\(error)")
        }
    }
}
