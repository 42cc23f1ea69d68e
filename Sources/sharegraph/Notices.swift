// `sharegraph notices` and `sharegraph status`: what the ledger holds, and what is late.

import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphLedger

struct Notices: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notices",
        abstract: "List the notices in the ledger; --overdue lists those open past their deadline.",
        discussion: """
            Exit status: 0 on success (with --overdue, also when some are overdue), 1 when the ledger cannot be read.

            Examples:
              sharegraph notices --ledger out/ledger.sqlite
              sharegraph notices --ledger out/ledger.sqlite --overdue --as-of 2026-12-21
              sharegraph notices --ledger out/ledger.sqlite --state failed --state refused --format json
            """
    )

    @OptionGroup var ledger: LedgerOptions

    @Flag(help: "Only notices not answered by their deadline.")
    var overdue = false

    @Option(
        help:
            "Only notices in this state (repeatable): planned, sent, acknowledged, completed, refused, failed, exempt.")
    var state: [String] = []

    @Option(help: "Only this request's notices.")
    var request: String?

    @Option(help: "The day deadlines are compared with (YYYY-MM-DD); default today.")
    var asOf: String?

    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of `\(asOf)` is not a date; write YYYY-MM-DD")
        }
        for word in state where NoticeState(rawValue: word) == nil {
            throw ValidationError(
                "unknown state `\(word)`; use one of \(NoticeState.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let store = try ledger.open()
        let today = asOf.flatMap(CalendarDate.init(iso:)) ?? .today()
        let filter = NoticeFilter(
            request: request, states: state.isEmpty ? nil : Set(state.compactMap(NoticeState.init(rawValue:))),
            overdueOn: overdue ? today : nil)
        do {
            let notices = try store.notices(filter)
            try Output.write(
                format == .json ? LedgerReport.json(notices) : LedgerReport(today: today).list(notices), to: nil)
        } catch let error as LedgerError {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }
}

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show one request's notices as a tree, with each notice's state and deadline.",
        discussion: """
            Exit status: 0 on success, 1 when the request is not in the ledger.

            Examples:
              sharegraph status vekstly-dsr-2026-0107 --ledger out/ledger.sqlite
              sharegraph status vekstly-dsr-2026-0107 --ledger out/ledger.sqlite --as-of 2026-12-21 --format json
            """
    )

    @Argument(help: "The request id.")
    var request: String

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "The day deadlines are compared with (YYYY-MM-DD); default today.")
    var asOf: String?

    @Option(help: "Output format: text or json.")
    var format: TextOrJSON = .text

    @Flag(help: "Also print each notice's event log.")
    var events = false

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of `\(asOf)` is not a date; write YYYY-MM-DD")
        }
    }

    func run() throws {
        let store = try ledger.open()
        let today = asOf.flatMap(CalendarDate.init(iso:)) ?? .today()
        do {
            guard let record = try store.request(request) else { throw LedgerError.unknownRequest(request) }
            // A tree drawn from an edited ledger would show "9 of 9" where a notice was deleted.
            if let found = try store.verify(request: request).first { throw LedgerError.chainBroken(found) }
            let notices = try store.notices(NoticeFilter(request: request))
            if format == .json { return try Output.write(LedgerReport.json(notices), to: nil) }
            var text = LedgerReport(today: today).status(request: record, notices: notices)
            if events {
                for notice in notices {
                    text += "\n\(notice.id) \(notice.recipient) \(notice.action)\n"
                    for event in try store.events(notice: notice.id) {
                        text +=
                            "  \(event.at)  \(event.kind.padding(toLength: 16, withPad: " ", startingAt: 0)) \(event.state.rawValue)\(event.detail.map { "  \($0)" } ?? "")\n"
                    }
                }
            }
            try Output.write(text, to: nil)
        } catch let error as LedgerError {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }
}
