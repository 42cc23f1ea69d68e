// The root command: lists the subcommands and turns argument errors into exit code 2.

import ArgumentParser
import Foundation
import SharegraphReport

/// `sharegraph`: who holds a person's data, and who must hear of an erasure.
struct SharegraphCommand: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "sharegraph",
        abstract: "Map who holds personal data, why, under which contract and until when.",
        discussion: """
            Graphs are YAML files describing controllers, processors, third parties and authorities, the purposes and legal bases under which data flows between them, and retention rules. See docs/FORMAT.md for the format.
            """,
        version: version,
        subcommands: [
            Check.self, TraceCommand.self, Recipients.self, Render.self, Erase.self, Deliver.self, Status.self,
            Notices.self, Ack.self, Verify.self, Proof.self, Taxonomy.self, CacheCommand.self, Generate.self,
            Records.self, Export.self, Diff.self, Serve.self, Token.self,
        ]
    )

    /// Runs the command; argument errors exit 2 (not ArgumentParser's 64), as the docs promise.
    static func mainWithUsageExitCode() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty { Terminal.standardError(message) }
            Foundation.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// Small helpers for writing to the terminal.
enum Terminal {
    /// An error line: `error: ` and the message, every control character in it (from an argument,
    /// a file or the ledger) written out as `\u{1B}` so nothing can act on the terminal.
    static func error(_ message: String) {
        standardError("error: " + DiagnosticTextRenderer.visible(message))
    }

    static func standardError(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    /// Whether to colour output: a terminal, no NO_COLOR, not a dumb terminal.
    static func wantsColour(_ choice: ColourChoice) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            let environment = ProcessInfo.processInfo.environment
            return isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        }
    }
}

/// `--color auto|always|never`.
enum ColourChoice: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never
}
