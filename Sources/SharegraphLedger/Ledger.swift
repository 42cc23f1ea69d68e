// The ledger's interface: requests, their notices and an append-only log of every state change.
// SQLite implements it here; a PostgreSQL store can implement the same protocol.

public import Foundation
public import SharegraphCore
import SharegraphSupport

/// Where a notice stands.
public enum NoticeState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Recorded, not yet delivered (or waiting for its date or its next attempt).
    case planned
    /// Delivered to the recipient's channel; no answer yet.
    case sent
    /// The recipient confirmed receipt.
    case acknowledged
    /// The recipient confirmed it erased (or restricted) as asked.
    case completed
    /// The recipient refused, with a reason.
    case refused
    /// Delivery gave up after the last retry, or the endpoint is gone.
    case failed
    /// Needs no answer: no notice to an authority, a hold for legal claims.
    case exempt

    /// Whether the notice needs nothing more.
    public var isFinal: Bool { self == .completed || self == .refused || self == .exempt }
}

/// A recorded notice.
public struct NoticeRecord: Sendable, Hashable, Codable {
    /// The notice's id: the request id, the recipient and the action.
    public var id: String
    /// The id of the request it belongs to.
    public var requestID: String
    /// The recipient's party id.
    public var recipient: String
    /// The recipient's name.
    public var recipientName: String
    /// The recipient's role (`processor`, `sub-processor`, `third-party`), empty for the controller.
    public var role: String
    /// What the recipient must do.
    public var action: ErasureAction
    /// The notice this one is relayed through, for a sub-processor.
    public var parentID: String?
    /// How the notice is delivered, with its address.
    public var channel: NoticeChannel
    /// The webhook URL or e-mail address, when the channel has one (the relaying processor for a relay).
    public var channelDetail: String? { channel.detail }
    /// Where the notice stands.
    public var state: NoticeState
    /// The day the recipient must have answered by (ISO 8601), if it must answer.
    public var deadline: String?
    /// Not to be sent before this day (ISO 8601).
    public var notBefore: String?
    /// The last day of a restriction (ISO 8601).
    public var restrictedUntil: String?
    /// How many delivery attempts were made.
    public var attempts: Int
    /// Unix seconds of the next delivery attempt, after a failure.
    public var nextAttemptAt: Double?
    /// The recipient's reason for refusing, when it refused.
    public var refusalReason: String?
    /// The language the notice is written in.
    public var language: String
    /// The JSON sent to the recipient.
    public var body: String
    /// The order in the plan (parents before children).
    public var position: Int
    /// The legal duty a restriction or follow-up belongs to, when the recipient keeps data under several.
    public var duty: String? = nil

    enum CodingKeys: String, CodingKey {
        case id, recipient, recipientName, role, action, channel, channelDetail, state, deadline, notBefore,
            restrictedUntil, attempts, duty
        case nextAttemptAt, refusalReason, language, body, position
        case requestID = "requestId"
        case parentID = "parentId"
    }

    /// Creates a record.
    public init(
        id: String, requestID: String, recipient: String, recipientName: String, role: String, action: ErasureAction,
        parentID: String?, channel: NoticeChannel, state: NoticeState, deadline: String?, notBefore: String?,
        restrictedUntil: String?, attempts: Int, nextAttemptAt: Double?, refusalReason: String?, language: String,
        body: String, position: Int, duty: String? = nil
    ) {
        self.duty = duty
        self.id = id
        self.requestID = requestID
        self.recipient = recipient
        self.recipientName = recipientName
        self.role = role
        self.action = action
        self.parentID = parentID
        self.channel = channel
        self.state = state
        self.deadline = deadline
        self.notBefore = notBefore
        self.restrictedUntil = restrictedUntil
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.refusalReason = refusalReason
        self.language = language
        self.body = body
        self.position = position
    }

    /// Reads a notice stored with its action and channel as words.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        requestID = try container.decode(String.self, forKey: .requestID)
        recipient = try container.decode(String.self, forKey: .recipient)
        recipientName = try container.decode(String.self, forKey: .recipientName)
        role = try container.decode(String.self, forKey: .role)
        let actionWord = try container.decode(String.self, forKey: .action)
        guard let action = ErasureAction(rawValue: actionWord) else {
            throw DecodingError.dataCorruptedError(
                forKey: .action, in: container, debugDescription: "unknown action `\(actionWord)`")
        }
        self.action = action
        parentID = try container.decodeIfPresent(String.self, forKey: .parentID)
        let keyword = try container.decode(String.self, forKey: .channel)
        let detail = try container.decodeIfPresent(String.self, forKey: .channelDetail)
        // A kind this build does not know stays that kind: the deliverer reports that no channel
        // delivers it, rather than sending it some other way.
        channel =
            NoticeChannel(keyword: keyword, detail: detail)
            ?? .endpoint(ChannelKind(name: keyword, syntax: .url), address: detail ?? "")
        state = try container.decode(NoticeState.self, forKey: .state)
        deadline = try container.decodeIfPresent(String.self, forKey: .deadline)
        notBefore = try container.decodeIfPresent(String.self, forKey: .notBefore)
        restrictedUntil = try container.decodeIfPresent(String.self, forKey: .restrictedUntil)
        attempts = try container.decode(Int.self, forKey: .attempts)
        nextAttemptAt = try container.decodeIfPresent(Double.self, forKey: .nextAttemptAt)
        refusalReason = try container.decodeIfPresent(String.self, forKey: .refusalReason)
        language = try container.decode(String.self, forKey: .language)
        body = try container.decode(String.self, forKey: .body)
        position = try container.decode(Int.self, forKey: .position)
        // The store writes no duty as an empty word (a UNIQUE column cannot hold NULLs as equal).
        duty = try container.decodeIfPresent(String.self, forKey: .duty).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Writes the notice with its action and channel as words.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(requestID, forKey: .requestID)
        try container.encode(recipient, forKey: .recipient)
        try container.encode(recipientName, forKey: .recipientName)
        try container.encode(role, forKey: .role)
        try container.encode(action.rawValue, forKey: .action)
        try container.encodeIfPresent(parentID, forKey: .parentID)
        try container.encode(channel.keyword, forKey: .channel)
        try container.encodeIfPresent(channel.detail, forKey: .channelDetail)
        try container.encode(state, forKey: .state)
        try container.encodeIfPresent(deadline, forKey: .deadline)
        try container.encodeIfPresent(notBefore, forKey: .notBefore)
        try container.encodeIfPresent(restrictedUntil, forKey: .restrictedUntil)
        try container.encode(attempts, forKey: .attempts)
        try container.encodeIfPresent(nextAttemptAt, forKey: .nextAttemptAt)
        try container.encodeIfPresent(refusalReason, forKey: .refusalReason)
        try container.encode(language, forKey: .language)
        try container.encode(body, forKey: .body)
        try container.encode(position, forKey: .position)
        try container.encodeIfPresent(duty, forKey: .duty)
    }
}

/// A recorded request.
public struct RequestRecord: Sendable, Hashable, Codable {
    /// The request's id.
    public var id: String
    /// The controller that received it.
    public var controller: String
    /// The controller's reference for the person (never an identifier).
    public var subjectReference: String
    /// What the request covers: `all` or its purposes.
    public var scope: String
    /// The day the request was received (ISO 8601).
    public var received: String
    /// The day the answer is due (ISO 8601).
    public var deadline: String
    /// Why the deadline was extended (Art. 12(3)), when it was.
    public var extensionReason: String?
    /// The digest of the plan as recorded; recording the same request again must give it.
    public var contentHash: String
    /// When the request was recorded (ISO 8601, UTC).
    public var recordedAt: String
}

/// One line of the event log.
public struct NoticeEvent: Sendable, Hashable, Codable {
    /// The event's place in the log.
    public var sequence: Int64
    /// The notice the event is about.
    public var noticeID: String
    /// When it happened (ISO 8601, UTC, milliseconds).
    public var at: String
    /// What happened (`recorded`, `sent`, `failed`, `acknowledged`).
    public var kind: String
    /// The notice's state after the event.
    public var state: NoticeState
    /// Status codes and reasons only; never personal data.
    public var detail: String?
}

/// What recording a request did.
public enum RecordOutcome: Sendable, Hashable {
    /// New: the request and this many notices were recorded.
    case recorded(notices: Int)
    /// The same request was recorded before; nothing changed.
    case alreadyRecorded
}

/// An answer from a recipient (or the DPO for the controller's own tasks).
public enum Acknowledgment: Sendable, Hashable {
    case received
    case completed
    case refused(reason: String)
}

extension NoticeLedger {
    /// Records an answer given by hand.
    public func acknowledge(_ id: String, _ answer: Acknowledgment, at date: Date) throws(LedgerError) -> NoticeRecord {
        try acknowledge(id, answer, at: date, note: nil)
    }
}

/// Which notices to list.
public struct NoticeFilter: Sendable, Hashable {
    /// Only this request's notices.
    public var request: String?
    /// Only notices in these states.
    public var states: Set<NoticeState>?
    /// Only notices past their deadline and not final, as of this day.
    public var overdueOn: CalendarDate?

    /// Creates a filter.
    public init(request: String? = nil, states: Set<NoticeState>? = nil, overdueOn: CalendarDate? = nil) {
        self.request = request
        self.states = states
        self.overdueOn = overdueOn
    }
}

/// Errors from the ledger, each with what to do.
public enum LedgerError: Error, Sendable, CustomStringConvertible, Equatable {
    case cannotOpen(path: String, reason: String)
    /// No ledger, or an empty file, where one was expected: never answered as an empty ledger.
    case missing(path: String)
    case conflict(request: String)
    case unknownNotice(String)
    case unknownRequest(String)
    case waitingForChildren(notice: String, children: [String])
    case alreadyFinal(notice: String, state: NoticeState)
    case notAnswerable(notice: String)
    case chainBroken(ChainBreak)
    /// A proof of erasure asked for while notices still wait for delivery or an answer.
    case erasureIncomplete(request: String, outstanding: [String])
    case database(String)

    /// The problem in words, with what to do.
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the ledger at \(path): \(reason); check the path and that the directory is writable"
        case .missing(let path):
            "no ledger at \(path) (the file is missing or empty); check the path: `sharegraph erase --ledger \(path)` is what creates a ledger"
        case .conflict(let request):
            "request `\(request)` is already in the ledger with a different plan (the request or the graphs changed since); nothing was recorded. Record a change as a new request with its own id"
        case .unknownNotice(let id): "no notice `\(id.prefix(80))` in the ledger; `sharegraph notices` lists them"
        case .unknownRequest(let id):
            "no request `\(id.prefix(80))` in the ledger; `sharegraph notices` lists the recorded requests"
        case .waitingForChildren(let notice, let children):
            "notice \(notice) cannot be completed while its sub-processors' notices have no answer: \(children.joined(separator: ", ")); record their answers first with `sharegraph ack` (completed, or refused with the reason)"
        case .alreadyFinal(let notice, let state):
            "notice \(notice) is already \(state.rawValue); its answer cannot change"
        case .notAnswerable(let notice): "notice \(notice) needs no answer (no notice or a hold)"
        case .chainBroken(let found):
            "the ledger's record of \(found) does not verify; nothing was changed. Run `sharegraph verify` and restore the ledger from a backup"
        case .erasureIncomplete(let request, let outstanding):
            "request `\(request)` is not fully erased: \(outstanding.count) notice\(outstanding.count == 1 ? "" : "s") still wait\(outstanding.count == 1 ? "s" : "") for delivery or an answer: \(outstanding.prefix(5).joined(separator: "; "))\(outstanding.count > 5 ? "; and \(outstanding.count - 5) more" : ""). No proof was signed; record the answers with `sharegraph ack`, or write an interim statement with `--interim`"
        case .database(let message): "ledger error: \(message)"
        }
    }
}

/// Who holds a delivery claim: this host, this process and a token of its own.
public struct Claimant: Sendable, Hashable {
    /// The host name.
    public var host: String
    /// The process id.
    public var process: Int32
    /// A token unique to this deliverer.
    public var token: String

    /// A claimant for this process.
    public static func current() -> Claimant {
        Claimant(host: localHost, process: ProcessInfo.processInfo.processIdentifier, token: UUID().uuidString)
    }

    /// This machine's name from gethostname(2): no name lookup, which may hang without DNS.
    static let localHost: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// Creates a claimant.
    public init(host: String, process: Int32, token: String) {
        self.host = host
        self.process = process
        self.token = token
    }

    /// How a claim is stored: `host|process|token`.
    public var stored: String { "\(host)|\(process)|\(token)" }

    /// Whether a stored claim was made by a process on this host that no longer runs.
    static func isDead(_ stored: String) -> Bool {
        let parts = stored.split(separator: "|", maxSplits: 2).map(String.init)
        guard parts.count == 3, parts[0] == localHost, let process = Int32(parts[1]), process > 0 else { return false }
        return kill(process, 0) == -1 && errno == ESRCH
    }
}

/// The store behind `erase`, `notices`, `status`, `ack` and `deliver`.
public protocol NoticeLedger: Sendable {
    /// Records requests with their notices; each request is all-or-nothing and recording it again changes nothing.
    func record(_ drafts: [RequestDraft]) throws(LedgerError) -> [RecordOutcome]
    /// Records the requests `next` drafts, until it returns nil, in one transaction: recording begins
    /// before the last is drafted. An error from `next` or from the store rolls the whole transaction back.
    func record(streaming next: () throws(ErasurePlanError) -> RequestDraft?) throws(BatchError.Cause)
        -> [RecordOutcome]
    func request(_ id: String) throws(LedgerError) -> RequestRecord?
    func notices(_ filter: NoticeFilter) throws(LedgerError) -> [NoticeRecord]
    func notice(_ id: String) throws(LedgerError) -> NoticeRecord?
    func events(notice: String) throws(LedgerError) -> [NoticeEvent]
    /// Records an answer; completing a processor's notice needs its sub-processors' completed first.
    /// `note` says where the answer came from (an OpenDSR callback), in the event log.
    func acknowledge(_ id: String, _ answer: Acknowledgment, at: Date, note: String?) throws(LedgerError)
        -> NoticeRecord
    /// Notices whose channel can deliver now: planned, on or after their date, and not waiting for a retry.
    func deliverable(now: Date, today: CalendarDate) throws(LedgerError) -> [NoticeRecord]
    /// Claims a due notice for delivery until the lease ends, in one write transaction, so that any
    /// number of deliverers on one ledger send each notice once. False when another live deliverer
    /// holds it or it is no longer due. A claim whose lease ran out, or whose holder on this host
    /// has died, is taken over.
    func claim(_ id: String, by claimant: Claimant, now: Date, today: CalendarDate, lease: TimeInterval)
        throws(LedgerError) -> Bool
    /// Gives a claim back without delivering (no address, no secret, waiting for a relay).
    func release(_ id: String, by claimant: Claimant) throws(LedgerError)
    /// Logs an attempt before sending, so a crash mid-send is visible and the notice is sent again with the same id.
    func recordAttempt(_ id: String, at: Date) throws(LedgerError)
    func recordSent(_ id: String, at: Date, detail: String) throws(LedgerError)
    /// Records a failed attempt; `retryAt` nil gives up (state failed).
    func recordFailure(_ id: String, at: Date, detail: String, retryAt: Date?) throws(LedgerError)
    /// How many planned notices wait for a retry, and when the first is due.
    func pendingRetries() throws(LedgerError) -> (count: Int, soonest: Date?)
    func disableEndpoint(_ url: String, at: Date, reason: String) throws(LedgerError)
    func disabledEndpoints() throws(LedgerError) -> Set<String>
    /// Checks every request's event chain (or one request's): the first break of each, none when sound.
    func verify(request: String?) throws(LedgerError) -> [ChainBreak]
    /// `PRAGMA integrity_check` or its equivalent: "ok" when sound.
    func integrityCheck() throws(LedgerError) -> String
}

extension Date {
    /// ISO 8601 with milliseconds, UTC: the event log's time format.
    var ledgerTimestamp: String {
        formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt))
    }
}

/// What recording a batch did.
public struct BatchOutcome: Sendable, Equatable {
    /// Requests recorded now.
    public var recorded = 0
    /// Requests already in the ledger with the same content.
    public var alreadyRecorded = 0
    /// Notices recorded now.
    public var notices = 0

    /// Creates an empty outcome.
    public init() {}
}

/// A batch stopped by an error, with what was recorded before it.
public struct BatchError: Error, Sendable {
    /// What stopped it.
    public enum Cause: Error, Sendable, Equatable, CustomStringConvertible {
        /// The ledger refused a slice (a conflict, a database error); the slice was rolled back.
        case ledger(LedgerError)
        /// A request in the slice could not be planned; the slice was not recorded.
        case plan(ErasurePlanError)

        /// The cause in words, placed where it can be.
        public var description: String {
            switch self {
            case .ledger(let error): "error: \(error)"
            case .plan(let error): "\(error.location): error: \(error)"
            }
        }
    }

    /// What stopped the batch.
    public var cause: Cause
    /// What was recorded before it stopped.
    public var before: BatchOutcome
}

extension NoticeLedger {
    /// Records a batch of `count` requests, `transaction` requests to a transaction, while the next
    /// ones are drafted: `drafts(range)` is asked for pieces of `piece` requests in order, on another
    /// thread, at most four pieces ahead, so planning overlaps with writing and memory holds a few
    /// pieces, never the batch. When a transaction fails, the ones before it stay recorded and
    /// running the batch again skips them; nothing is drafted after a piece that failed.
    public func record(
        count: Int, transaction: Int = 1_000, piece: Int = 50,
        drafts: @escaping @Sendable (Range<Int>) -> [Result<RequestDraft, ErasurePlanError>],
        progress: (Int) -> Void = { _ in }
    ) throws(BatchError) -> BatchOutcome {
        let transaction = max(transaction, 1)
        let piece = max(min(piece, transaction), 1)
        // Pieces never straddle a transaction, so each transaction takes whole pieces.
        var pieces: [Range<Int>] = []
        var piecesPerTransaction: [Int] = []
        for start in stride(from: 0, to: count, by: transaction) {
            let end = min(start + transaction, count)
            let before = pieces.count
            pieces += stride(from: start, to: end, by: piece).map { $0..<min($0 + piece, end) }
            piecesPerTransaction.append(pieces.count - before)
        }
        let ranges = pieces
        return try Parallel.withLookahead(
            count: ranges.count, ahead: 4,
            isLast: { results in results.contains { if case .failure = $0 { true } else { false } } },
            produce: { drafts(ranges[$0]) }
        ) { (lookahead) throws(BatchError) -> BatchOutcome in
            var outcome = BatchOutcome()
            var done = 0
            for pieceCount in piecesPerTransaction {
                var taken = 0
                var current: IndexingIterator<[Result<RequestDraft, ErasurePlanError>]> = [].makeIterator()
                let next = { () throws(ErasurePlanError) -> RequestDraft? in
                    while true {
                        if let result = current.next() { return try result.get() }
                        guard taken < pieceCount, let results = lookahead.next() else { return nil }
                        taken += 1
                        current = results.makeIterator()
                    }
                }
                do throws(BatchError.Cause) {
                    for result in try record(streaming: next) {
                        switch result {
                        case .recorded(let notices):
                            outcome.recorded += 1
                            outcome.notices += notices
                        case .alreadyRecorded: outcome.alreadyRecorded += 1
                        }
                        done += 1
                    }
                } catch {
                    throw BatchError(cause: error, before: outcome)
                }
                progress(done)
            }
            return outcome
        }
    }
}
