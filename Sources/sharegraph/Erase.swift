// `sharegraph erase`: plan an erasure request, and record it with its notices in the ledger.

import ArgumentParser
import Foundation
import SharegraphCore
import SharegraphLedger
import SharegraphReport
import SharegraphSupport
import SharegraphYAML

struct Erase: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "erase",
        abstract: "Plan an erasure request and record its notices in the ledger.",
        discussion: """
            Reads a request (see Samples/requests/): the subject, the controller that received it, the date received and its scope (erasure, consent-withdrawal, objection, retention-sweep). Each holder gets one action with its legal reason: erase, restrict under a retention duty (with a follow-up erasure when the duty ends), instruct a processor (which passes the instruction to its sub-processors), inform an independent controller, hold for legal claims, or no notice for an authority that received data in a particular inquiry.

            Exit status: 0 on success, 1 when the graphs or the request have errors, 2 for usage errors.

            Examples:
              sharegraph erase Samples/requests/vekstly-course-participant-erasure.yaml --plan
              sharegraph erase Samples/requests/jetpak-customer-erasure.yaml --plan --format json
              sharegraph erase Samples/requests/igo-employee-erasure.yaml --ledger ledger.sqlite
              sharegraph erase --batch sweep.jsonl --plan
              sharegraph erase --batch sweep.jsonl --ledger ledger.sqlite
            """
    )

    @Argument(help: "The request file (YAML). Leave out with --batch.")
    var request: String?

    @Option(help: "A JSON-lines file of requests, one object per line, recorded in bulk.")
    var batch: String?

    @Option(name: .customLong("graphs"), help: "Graph files or directories (repeatable).")
    var graphs: [String] = ["Graphs"]

    @OptionGroup var cache: CacheOptions

    @OptionGroup var ledger: LedgerOptions

    @Option(help: "A URL recipients may report status to (OpenDSR `status_callback_urls`), put in every notice.")
    var callbackURL: String?

    @Option(
        name: .customLong("subjects-from"),
        help:
            "Also allow subject files in this directory (repeatable); by default only the request's directory and the working directory."
    )
    var subjectsFrom: [String] = []

    @Flag(
        help: "Print the plan without recording anything; with --batch, a summary of every request's plan (a dry run).")
    var plan = false

    @Option(help: "Output format of the plan: text or json.")
    var format: TextOrJSON = .text

    func validate() throws {
        if (request == nil) == (batch == nil) { throw ValidationError("give one request file, or --batch FILE.jsonl") }
    }

    func run() throws {
        let index = try Inputs.graph(graphs, cache: cache)
        if let batch { return try runBatch(batch, index: index) }
        var loader = RequestLoader()
        loader.subjectDirectories = subjectsFrom
        let loaded = loader.load(path: request ?? "", graph: index.graph)
        Inputs.report(loaded.diagnostics, files: loaded.sources)
        guard let request = loaded.requests.first else {
            Terminal.standardError(
                DiagnosticTextRenderer.summary(loaded.diagnostics, files: 1) + "; nothing was planned or recorded")
            throw ExitCode(1)
        }
        let plan = try Self.plan(request, index: index)
        let document = ErasurePlanDocument(plan: plan, graph: index.graph)
        if self.plan {
            switch format {
            case .text: try Output.write(document.text(), to: nil)
            case .json: try Output.write(try document.json() + "\n", to: nil)
            }
            return
        }
        let store = try ledger.open(creating: true)
        let outcome: RecordOutcome
        do {
            outcome = try store.record([RequestDraft(plan: plan, graph: index.graph, callbackURL: callbackURL)])[0]
        } catch {
            Terminal.standardError("\(request.id.location): error: \(error)")
            throw ExitCode(1)
        }
        switch outcome {
        case .recorded(let count):
            print(
                "recorded request \(request.id.value) with \(count) notices in \(ledger.path); answer by \(plan.deadline.effective)"
            )
        case .alreadyRecorded:
            print(
                "request \(request.id.value) is already in \(ledger.path) with the same plan; nothing new was recorded")
        }
        print(
            "next: `sharegraph deliver --ledger \(ledger.path)` sends the notices; `sharegraph status \(request.id.value) --ledger \(ledger.path)` shows them"
        )
    }

    static func plan(_ request: ErasureRequest, index: TraceIndex) throws -> ErasurePlan {
        do {
            return try index.erasurePlan(for: request)
        } catch {
            Terminal.standardError("\(error.location): error: \(error)")
            throw ExitCode(1)
        }
    }

    /// Checks the whole batch, then records it a thousand requests to a transaction while the next
    /// requests are planned (on all cores), with a progress bar on a terminal. Memory stays that of a
    /// few dozen requests.
    private func runBatch(_ path: String, index: TraceIndex) throws {
        let batch: RequestBatch
        var loader = RequestLoader()
        loader.subjectDirectories = subjectsFrom
        switch RequestBatch.open(path: path, loader: loader) {
        case .failure(let problem):
            Inputs.report([problem], files: [:])
            throw ExitCode(1)
        case .success(let opened): batch = opened
        }
        let checked = batch.check(index: index)
        Inputs.report(checked.diagnostics, files: checked.sources)
        if checked.diagnostics.containsErrors {
            Terminal.standardError(
                DiagnosticTextRenderer.summary(checked.diagnostics, files: 1)
                    + "; nothing was recorded, fix the lines above and run again")
            throw ExitCode(1)
        }
        if plan { return try dryRun(batch, path: path, index: index) }
        let store = try ledger.open(creating: true)
        let progress = Progress(total: batch.count, enabled: isatty(STDERR_FILENO) == 1)
        let outcome: BatchOutcome
        do {
            outcome = try store.record(
                count: batch.count,
                drafts: { [callbackURL] range in
                    RequestDraft.drafts(
                        for: batch.requests(in: range, graph: index.graph), index: index, callbackURL: callbackURL)
                }, progress: progress.update)
        } catch {
            progress.finish()
            Terminal.standardError(error.cause.description)
            Terminal.standardError(
                "\(error.before.recorded + error.before.alreadyRecorded) requests were recorded before it; running the batch again records the rest"
            )
            throw ExitCode(1)
        }
        progress.finish()
        print(
            "\(batch.count) requests: \(outcome.recorded) recorded with \(outcome.notices) notices, \(outcome.alreadyRecorded) already in the ledger; ledger \(ledger.path)"
        )
    }
}

extension Erase {
    /// `--batch FILE --plan`: plans every request of a checked batch, a thousand at a time on all
    /// cores, and records nothing. Text is a summary for the DPO (notices by action, deadlines, the
    /// recipients most written to); JSON is one plan a line, as `--plan --format json` gives one.
    fileprivate func dryRun(_ batch: RequestBatch, path: String, index: TraceIndex) throws {
        var notices = 0
        var byAction: [String: Int] = [:]
        var byRecipient: [String: Int] = [:]
        var earliest: CalendarDate?
        var latest: CalendarDate?
        var pastRetention = 0
        var requestsPastRetention = 0
        let progress = Progress(total: batch.count, enabled: isatty(STDERR_FILENO) == 1 && format == .text)
        var done = 0
        for slice in batch.slices() {
            let requests = batch.requests(in: slice, graph: index.graph)
            let plans = Parallel.map(requests.count) { position in
                Result { () throws(ErasurePlanError) in try index.erasurePlan(for: requests[position]) }
            }
            for planned in plans {
                let plan: ErasurePlan
                switch planned {
                case .success(let value): plan = value
                case .failure(let error):
                    progress.interrupt()
                    Terminal.standardError("\(error.location): error: \(error)")
                    throw ExitCode(1)
                }
                if format == .json {
                    let document = ErasurePlanDocument(plan: plan, graph: index.graph)
                    try Output.write(try document.json(compact: true) + "\n", to: nil)
                }
                notices += plan.notices.count
                for notice in plan.notices {
                    byAction[notice.action.rawValue, default: 0] += 1
                    byRecipient[notice.recipient, default: 0] += 1
                }
                let deadline = plan.deadline.effective
                earliest = min(earliest ?? deadline, deadline)
                latest = max(latest ?? deadline, deadline)
                pastRetention += plan.pastRetention.count
                if !plan.pastRetention.isEmpty { requestsPastRetention += 1 }
                done += 1
                progress.update(done)
            }
        }
        progress.finish()
        guard format == .text else { return }
        let actions = ErasureAction.allCases.compactMap { action in
            byAction[action.rawValue].map { "\($0) \(action.rawValue)" }
        }
        print(
            "Dry run of \(batch.count == 1 ? "1 request" : "\(batch.count) requests") in \(path); nothing was recorded")
        print("  \(notices) notices: \(actions.joined(separator: ", "))")
        if let earliest, let latest {
            print(
                "  answer by: \(earliest == latest ? "\(earliest)" : "the earliest \(earliest), the latest \(latest)")")
        }
        let busiest = byRecipient.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(5)
        print(
            "  most notices go to: "
                + busiest.map { "\(index.graph.party($0.key)?.name.value ?? $0.key) (\($0.value))" }.joined(
                    separator: ", "))
        if pastRetention > 0 {
            print(
                "  act first: \(pastRetention) holdings in \(requestsPastRetention) requests were past retention before the request arrived (Art. 5(1)(e))"
            )
        }
        print("next: run it again without --plan to record the requests and their notices in the ledger")
    }
}

/// A one-line progress bar on standard error, redrawn at most every percent.
final class Progress: @unchecked Sendable {  // drawn from one task at a time (PassCounter's lock)
    private(set) var total: Int
    let enabled: Bool
    let noun: String
    private var shown = -1

    init(total: Int, enabled: Bool, noun: String = "requests") {
        self.total = total
        self.enabled = enabled
        self.noun = noun
    }

    /// Draws `done` of `total`, for work whose total is known only as it goes (a delivery pass).
    func update(_ done: Int, of total: Int) {
        if total != self.total {
            self.total = total
            shown = -1
        }
        update(done)
    }

    func update(_ done: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        guard percent != shown else { return }
        shown = percent
        let width = 30
        let filled = percent * width / 100
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r[\(bar)] \(percent)% \(done)/\(total) \(noun)".utf8))
    }

    /// Ends the bar's line so that a message can be printed; the next update draws it anew.
    func interrupt() {
        guard enabled, shown >= 0 else { return }
        FileHandle.standardError.write(Data("\n".utf8))
        shown = -1
    }

    func finish() {
        guard enabled, shown >= 0 else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
