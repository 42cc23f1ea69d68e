// Notices without an address, as JSON lines for a script to hand on.

import Foundation
import Logging
public import SharegraphCore

/// Writes each notice that has no address as one JSON line.
public struct JSONLinesChannel: DeliveryChannel {
    /// Where the lines go.
    public let sink: JSONLinesSink

    /// Creates the channel.
    public init(sink: JSONLinesSink) { self.sink = sink }

    /// Notices without an address, all in one local queue.
    public func queue(for channel: NoticeChannel) -> String? {
        if case .none = channel { "local" } else { nil }
    }

    /// Writes the line, synced to disk, and records it as sent.
    public func deliver(_ notice: NoticeRecord, context: DeliveryContext) async throws(LedgerError) -> DeliveryOutcome {
        try context.ledger.recordAttempt(notice.id, at: context.now())
        sink.write(Self.jsonLine(notice))
        try context.ledger.recordSent(notice.id, at: context.now(), detail: "handed to JSON lines")
        context.logger.info(
            "notice written as JSON lines", metadata: ["notice": "\(notice.id)", "recipient": "\(notice.recipient)"])
        return .sent
    }

    /// The JSON-lines object: the notice's body with where it should go.
    static func jsonLine(_ notice: NoticeRecord) -> String {
        let envelope: [String: String] = [
            "notice_id": notice.id, "request_id": notice.requestID, "recipient": notice.recipient,
            "action": notice.action.rawValue,
            "deadline": notice.deadline ?? "",
        ]
        let head = (try? String(decoding: NoticeBody.encoder.encode(envelope), as: UTF8.self)) ?? "{}"
        // Splice the stored body in unchanged, so a script sees exactly what a webhook would carry.
        return String(head.dropLast()) + ",\"body\":" + notice.body + "}"
    }
}

/// A JSON-lines sink: one object per notice, appended and flushed.
public final class JSONLinesSink: @unchecked Sendable {
    private let handle: FileHandle
    private let lock = NSLock()

    /// Standard output, or a file opened for appending (created if needed).
    public init(path: String?) throws(OutboxError) {
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            return
        }
        // Created for its owner alone: each line carries identifiers.
        let descriptor = open(path, O_CREAT | O_WRONLY | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotWrite(path: path, reason: String(cString: strerror(errno))) }
        handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    }

    /// Writes one line and syncs it to disk before the ledger records it as sent.
    public func write(_ line: String) {
        lock.lock()
        defer { lock.unlock() }
        handle.write(Data((line + "\n").utf8))
        try? handle.synchronize()
    }
}
