// `sharegraph deliver`: sends the notices that are due, and can be run again after any failure.

import ArgumentParser
import Foundation
import Logging
import SharegraphCore
import SharegraphLedger

struct Deliver: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver",
        abstract: "Send the notices that are due: signed webhooks, e-mail files, JSON lines.",
        discussion: """
            Webhooks are signed as Standard Webhooks says; the secret for recipient `stripe-inc` is read from SHAREGRAPH_WEBHOOK_SECRET_STRIPE_INC (never from a graph). Failed deliveries are retried on the specification's schedule (immediately, 5 s, 5 min, 30 min, 2 h, ... 24 h): short waits within this run, longer ones at the next run. A 410 disables the endpoint; 429 and Retry-After are honoured; redirects are not followed. E-mails are RFC 5322 files in --outbox for your mail system to send. Notices whose recipient has no address go to --jsonl, when given, for a script.

            Run it again at any time (from cron, say): it sends only what is due, and a notice interrupted by a crash is sent again with the same webhook-id.

            Exit status: 0 when nothing failed, 1 when a notice failed for good or the ledger cannot be used.

            Examples:
              sharegraph deliver --ledger out/ledger.sqlite --outbox out/outbox --as-of 2026-11-21
              SHAREGRAPH_WEBHOOK_SECRET_STRIPE_INC=whsec_... sharegraph deliver --ledger out/ledger.sqlite --outbox out/outbox
              sharegraph deliver --ledger out/ledger.sqlite --outbox out/outbox --jsonl out/for-scripts.jsonl
            """
    )

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "Directory for e-mail notices (.eml files).")
    var outbox = "outbox"

    @Option(
        help:
            "Sender address for e-mails when the graph gives the controller none (default privacy@localhost); the graph's address wins."
    )
    var from: String?

    @Option(help: "Write notices without an address as JSON lines to this file, or - for standard output.")
    var jsonl: String?

    @Option(name: .customLong("graphs"), help: "Graph files or directories, for the controllers' sender addresses.")
    var graphs: [String] = ["Graphs"]

    @OptionGroup var cache: CacheOptions

    @Option(
        help:
            "A directory of processors' OpenDSR public keys (PARTY.pem), for notices to an `opendsr` contact; their tokens come from SHAREGRAPH_OPENDSR_TOKEN_<RECIPIENT>."
    )
    var opendsrKeys: String?

    @Option(help: "The day that decides which scheduled follow-ups are due (YYYY-MM-DD); default today.")
    var asOf: String?

    func validate() throws {
        if let asOf, CalendarDate(iso: asOf) == nil {
            throw ValidationError("--as-of `\(asOf)` is not a date; write YYYY-MM-DD")
        }
        guard EmailAddress.parse(from ?? Self.defaultSender) != nil else {
            throw ValidationError(
                "--from takes one plain e-mail address such as privacy@example.no: no name, list or line break")
        }
    }

    static let defaultSender = "privacy@localhost"

    func run() async throws {
        let store = try ledger.open()
        // The graphs give sender addresses, internal endpoints and secret names; without the default
        // directory, --from is used.
        var setup = DeliverySetup()
        if graphs != ["Graphs"] || FileManager.default.fileExists(atPath: "Graphs") {
            let index = try Inputs.graph(graphs, cache: cache)
            setup = DeliverySetup(graph: index.graph)
            // --from is the fallback: where the graph gives a controller an address, that one is used.
            if let from {
                let controllers = Set(index.graph.purposes.map(\.controller.value))
                let overridden = index.graph.parties.filter {
                    controllers.contains($0.id.value) && setup.senders[$0.id.value] != nil
                }
                if !overridden.isEmpty {
                    let names = overridden.prefix(5).map { "`\($0.id.value)`" }.joined(separator: ", ")
                    let more = overridden.count > 5 ? " and \(overridden.count - 5) more" : ""
                    Terminal.standardError(
                        "warning: --from \(from) is used only for controllers the graph gives no e-mail address; \(names)\(more) send from the address in the graph"
                    )
                }
            }
            for warning in setup.warnings { Terminal.standardError("warning: " + warning) }
        }
        let sink: JSONLinesSink?
        do {
            sink = try jsonl.map { try JSONLinesSink(path: $0) }
        } catch {
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
        let transport = HTTPWebhookTransport(internalEndpoints: setup.internalEndpoints)
        let mailbox = EmailOutbox(directory: outbox, from: from ?? Self.defaultSender)
        mailbox.removeStaleTemporaries()
        var channels = DeliveryChannels(
            transport: transport, secrets: setup.secrets, environment: ProcessInfo.processInfo.environment,
            outbox: mailbox, senders: setup.senders, jsonLines: sink)
        if let opendsrKeys {
            do {
                channels.channels.append(
                    OpenDSRChannel(
                        transport: transport, keys: try OpenDSRKeys(directory: opendsrKeys),
                        environment: ProcessInfo.processInfo.environment))
            } catch {
                await transport.shutdown()
                Terminal.error("cannot read the keys in \(opendsrKeys): \(error)")
                throw ExitCode(1)
            }
        }
        var deliverer = Deliverer(ledger: store, channels: channels, logger: Logger(label: "sharegraph.deliver"))
        // Thousands of notices take a while: a progress bar on a terminal, as the batches have.
        let progress = Progress(total: 0, enabled: isatty(STDERR_FILENO) == 1, noun: "notices")
        deliverer.progress = { done, total in progress.update(done, of: total) }
        let summary: DeliverySummary
        do {
            summary = try await deliverer.deliverDue(today: asOf.flatMap(CalendarDate.init(iso:)) ?? .today())
            progress.finish()
        } catch {
            progress.finish()
            await transport.shutdown()
            Terminal.error("\(error)")
            throw ExitCode(1)
        }
        await transport.shutdown()
        var parts = ["\(summary.sent) sent", "\(summary.retrying) waiting to retry", "\(summary.failed) failed"]
        if summary.noAddress > 0 {
            parts.append("\(summary.noAddress) without an address (pass --jsonl to hand them to a script)")
        }
        if summary.notConfigured > 0 {
            parts.append(
                "\(summary.notConfigured) without a signing secret or key (set SHAREGRAPH_WEBHOOK_SECRET_<RECIPIENT>)")
        }
        if summary.noChannel > 0 {
            parts.append("\(summary.noChannel) to a kind of address this command does not deliver (see the warnings)")
        }
        if summary.waitingForRelay > 0 {
            parts.append("\(summary.waitingForRelay) waiting for their processor's notice")
        }
        if summary.unverified > 0 {
            parts.append("\(summary.unverified) not sent: their record does not verify (run sharegraph verify)")
        }
        Terminal.standardError("deliver: " + parts.joined(separator: ", "))
        if summary.failed > 0 || summary.unverified > 0 { throw ExitCode(1) }
    }
}
