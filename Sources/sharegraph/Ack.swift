// `sharegraph ack`: records a recipient's answer to a notice.

import ArgumentParser
import Foundation
import SharegraphLedger

struct Ack: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Record a recipient's answer: received, completed, or refused with a reason.",
        discussion: """
            A processor's notice can be completed only after its sub-processors' notices are. Answering the same way twice changes nothing; a final answer cannot be changed.

            Examples:
              sharegraph ack ntc_1f0c... --completed
              sharegraph ack ntc_1f0c... --refused "kept under our own anti-money-laundering duty"
            """
    )

    @Argument(help: "The notice id (ntc_...).")
    var notice: String

    @Flag(help: "The recipient confirmed receipt.")
    var received = false

    @Flag(help: "The recipient confirmed the erasure (or restriction) is done.")
    var completed = false

    @Option(help: "The recipient refused; give its reason.")
    var refused: String?

    @OptionGroup var ledger: LedgerOptions

    func validate() throws {
        let count = [received, completed, refused != nil].filter { $0 }.count
        if count != 1 { throw ValidationError("give exactly one of --received, --completed or --refused REASON") }
        if let refused, refused.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--refused needs the recipient's reason")
        }
    }

    func run() throws {
        let store = try ledger.open()
        let answer: Acknowledgment = completed ? .completed : refused.map { .refused(reason: $0) } ?? .received
        do {
            let record = try store.acknowledge(notice, answer, at: Date())
            print("\(record.id) \(record.recipient) \(record.action): \(record.state.rawValue)")
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
    }
}
