// What `status` and `notices` print: a request's notices as a tree with states and deadlines,
// and lists of notices. No identifier or notice body is ever printed.

import Foundation
public import SharegraphCore

/// Text and JSON views of the ledger.
public struct LedgerReport: Sendable {
    /// The day deadlines are compared with.
    public var today: CalendarDate

    /// Creates a report.
    public init(today: CalendarDate) {
        self.today = today
    }

    /// A request and its notices, processors' sub-processors indented beneath them.
    public func status(request: RequestRecord, notices: [NoticeRecord]) -> String {
        let open = notices.filter { !$0.state.isFinal }
        let overdue = open.filter { isOverdue($0) }
        var lines = [
            "Request \(request.id) (\(request.scope)) · \(request.controller) · received \(request.received) · answer by \(request.deadline)"
        ]
        if let reason = request.extensionReason { lines.append("  extended: \(reason)") }
        let verdict: String
        if open.isEmpty {
            verdict = "done: every notice is answered"
        } else if overdue.isEmpty {
            verdict = "\(open.count) of \(notices.count) notices still open"
        } else {
            verdict = "\(open.count) of \(notices.count) notices still open, \(overdue.count) overdue"
        }
        lines.append("  " + verdict)
        let waiting = open.filter { isWaitingForAFact($0) }.count
        if waiting > 0 {
            lines.append(
                "  \(waiting) follow-up erasure\(waiting == 1 ? "" : "s") with no date: a duty's end waits for a date the person's file does not record"
            )
        }
        lines.append("")
        var depth: [String: Int] = [:]
        for notice in notices {
            let level = notice.parentID.flatMap { depth[$0] }.map { $0 + 1 } ?? 0
            depth[notice.id] = level
            lines.append(String(repeating: "    ", count: level) + row(notice))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One line per notice.
    public func list(_ notices: [NoticeRecord]) -> String {
        guard !notices.isEmpty else { return "no notices match\n" }
        return notices.map { "\($0.requestID)  " + row($0) }.joined(separator: "\n") + "\n"
    }

    /// Whether a notice is open past its deadline.
    public func isOverdue(_ notice: NoticeRecord) -> Bool {
        guard !notice.state.isFinal, let deadline = notice.deadline.flatMap(CalendarDate.init(iso:)) else {
            return false
        }
        return deadline < today
    }

    /// Whether an open follow-up has no day at all: its duty's end waits for a date nobody recorded,
    /// so nothing will ever bring it due until someone records it.
    public func isWaitingForAFact(_ notice: NoticeRecord) -> Bool {
        notice.action == .followUp && !notice.state.isFinal && notice.notBefore == nil && notice.deadline == nil
    }

    private func row(_ notice: NoticeRecord) -> String {
        let pad = { (text: String, width: Int) in text.padding(toLength: width, withPad: " ", startingAt: 0) }
        var text =
            "\(pad(notice.state.rawValue, 12)) \(pad(notice.action.rawValue, 10)) \(notice.recipientName) (\(notice.recipient)) · \(notice.channel.keyword)"
        if let deadline = notice.deadline { text += " · by \(deadline)" }
        if let notBefore = notice.notBefore { text += " · not before \(notBefore)" }
        if let until = notice.restrictedUntil { text += " · restricted until \(until)" }
        if let duty = notice.duty { text += " · under \(duty)" }
        if isWaitingForAFact(notice) { text += " · END NOT KNOWN: record the date its duty's end waits for" }
        if isOverdue(notice) { text += " · OVERDUE" }
        if let reason = notice.refusalReason { text += " · refused: \(reason)" }
        if notice.attempts > 0 && notice.state == .planned { text += " · \(notice.attempts) attempts" }
        return text + "  \(notice.id)"
    }

    /// Notices as JSON for scripts: the records without their bodies.
    public static func json(_ notices: [NoticeRecord]) -> String {
        struct Entry: Encodable {
            var id, requestId, recipient, recipientName, role, action, channel, state: String
            var parentId, channelDetail, deadline, notBefore, restrictedUntil, refusalReason, duty: String?
            var attempts: Int
        }
        let entries = notices.map {
            Entry(
                id: $0.id, requestId: $0.requestID, recipient: $0.recipient, recipientName: $0.recipientName,
                role: $0.role, action: $0.action.rawValue,
                channel: $0.channel.keyword, state: $0.state.rawValue, parentId: $0.parentID,
                channelDetail: $0.channelDetail,
                deadline: $0.deadline,
                notBefore: $0.notBefore, restrictedUntil: $0.restrictedUntil, refusalReason: $0.refusalReason,
                duty: $0.duty, attempts: $0.attempts)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return ((try? String(decoding: encoder.encode(entries), as: UTF8.self)) ?? "[]") + "\n"
    }
}
