// Opening the ledger for the commands that record and deliver, with the crash hook the tests use.

import ArgumentParser
import Foundation
import Logging
import SharegraphLedger

struct LedgerOptions: ParsableArguments {
    @Option(
        name: .customLong("ledger"),
        help: "The ledger file (SQLite); `erase` and `serve` create it, every other command needs it to exist.")
    var path = "ledger.sqlite"

    /// Opens the ledger; an unusable path is an error with the path and what to check. Only the
    /// commands that record (`erase`, `serve`) create a missing one: any other command given a
    /// mistyped path would otherwise report an empty ledger as all clear.
    func open(creating: Bool = false) throws -> SQLiteLedger {
        do {
            return try SQLiteLedger(path: path, creating: creating, checkpoint: CrashHook.checkpoint)
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }
}

/// Stops the process at a named durable step when `SHAREGRAPH_CRASH_AT` names it: the crash-safety tests
/// kill the tool there with SIGKILL, as a power cut would, and check that a rerun loses nothing.
/// Debug builds only (the tests'): in a release build no environment variable can stop the tool.
enum CrashHook {
    #if DEBUG
        static let target = ProcessInfo.processInfo.environment["SHAREGRAPH_CRASH_AT"]
    #endif

    @Sendable static func checkpoint(_ name: String) {
        #if DEBUG
            guard let target, target == name else { return }
            kill(getpid(), SIGKILL)
        #endif
    }
}

/// Log lines on standard error; they carry ids, states and status codes, never identifiers or bodies.
enum Logs {
    static func bootstrap() {
        let level =
            ProcessInfo.processInfo.environment["SHAREGRAPH_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
            ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}
