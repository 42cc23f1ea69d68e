// The erasure plan as a document (schema `sharegraph.erasure-plan/1`): JSON for scripts and the
// table a DPO reads. Identifier values never appear here, only which types each recipient gets.

import Foundation
public import SharegraphCore

/// An erasure plan with names resolved, ready to print or encode.
public struct ErasurePlanDocument: Codable, Sendable, Equatable {
    /// Always `sharegraph.erasure-plan/1`.
    public var schema = "sharegraph.erasure-plan/1"
    /// The request's id.
    public var request: String
    /// The controller that received it.
    public var controller: String
    /// The controller's name.
    public var controllerName: String
    /// What the request covers: `all` or its purposes.
    public var scope: String
    /// The Art. 17(1) ground the person gave.
    public var ground: String
    /// The day it was received (ISO 8601).
    public var received: String
    /// When the answer is due.
    public var deadline: Deadline
    /// The notices, parents before children.
    public var notices: [Notice]
    /// The holdings the request leaves alone, and why.
    public var kept: [Kept]
    /// Holdings that were past their retention before the request arrived: to act on first.
    public var pastRetention: [PastRetention]

    /// A holding that should already have been gone.
    public struct PastRetention: Codable, Sendable, Equatable {
        /// The holding party.
        public var party: String
        /// The purpose it held the data for.
        public var purpose: String
        /// The first day it was due (ISO 8601).
        public var since: String
        /// Why, in words.
        public var reason: String
    }

    /// The request's dates.
    public struct Deadline: Codable, Sendable, Equatable {
        /// The day that applies: the earliest of the statutory, promised and extended days.
        public var effective: String
        /// One month from receipt (Art. 12(3)).
        public var statutory: String
        /// The day the controller's own policy promises, when it promises one.
        public var promised: String?
        /// The day after an Art. 12(3) extension, when there is one.
        public var extended: String?
        /// Why the deadline was extended.
        public var extensionReason: String?
    }

    /// One notice of the plan.
    public struct Notice: Codable, Sendable, Equatable {
        /// `recipient/action`, unique within the request.
        public var key: String
        /// The recipient's party id.
        public var recipient: String
        /// The recipient's name.
        public var recipientName: String
        /// The recipient's role, empty for the controller itself.
        public var role: String
        /// What the recipient must do (`erase`, `restrict`, `relay`, `inform`, `none`).
        public var action: String
        /// The key of the notice it is relayed through.
        public var parent: String?
        /// How many relays lie between the controller and the recipient.
        public var depth: Int
        /// How it is delivered (`webhook`, `email`, `jsonl`, `manual`).
        public var channel: String
        /// The webhook URL or e-mail address, when the channel has one.
        public var channelDetail: String?
        /// The day the recipient must have answered by (ISO 8601), if it must answer.
        public var deadline: String?
        /// Not to be sent before this day (ISO 8601).
        public var notBefore: String?
        /// `held` or `possible`.
        public var certainty: String
        /// The legal reason, with articles.
        public var reason: String
        /// Every category concerned; for a notice without instructions, what the party received.
        public var categories: [String]
        /// Each thing to do, with its categories.
        public var instructions: [Instruction]
        /// The identifier types the notice carries (never their values).
        public var identifierTypes: [String]
        /// The parties the data passed through, from the controller to the recipient.
        public var path: [String]
    }

    /// One line of a notice.
    public struct Instruction: Codable, Sendable, Equatable {
        /// `erase`, `restrict`, `hold` or `keep` (kept in use under a duty).
        public var kind: String
        /// The categories the line concerns.
        public var categories: [String]
        /// The purposes they were held for.
        public var purposes: [String]
        /// The last day of a restriction (ISO 8601).
        public var until: String?
        /// The provision that requires keeping the data, for a restriction.
        public var law: String?
        /// The earliest day a restriction can end, when its duty gives only a minimum (ISO 8601).
        public var notBefore: String? = nil
        /// The duty's id, for a restriction, a keep or the erasure that follows one.
        public var duty: String? = nil
        /// `possible` when only a purpose or flow that may not apply to the person brings these
        /// categories into an otherwise certain notice: erase them if held.
        public var certainty: String? = nil
    }

    /// A holding the request leaves alone.
    public struct Kept: Codable, Sendable, Equatable {
        /// The holding party.
        public var party: String
        /// The purpose it holds the data for.
        public var purpose: String
        /// Why the request does not end it, with the article.
        public var reason: String
    }

    /// Builds the document from a plan.
    public init(plan: ErasurePlan, graph: Graph) {
        let request = plan.request
        self.request = request.id.value
        controller = request.controller.value
        controllerName = graph.party(request.controller.value)?.name.value ?? request.controller.value
        scope = request.scope.keyword
        ground = request.scope.ground
        received = request.received.value.description
        deadline = Deadline(
            effective: plan.deadline.effective.description, statutory: plan.deadline.statutory.description,
            promised: plan.deadline.promised?.description, extended: plan.deadline.extended?.description,
            extensionReason: request.deadlineExtension?.reason)
        var depth: [String: Int] = [:]
        notices = plan.notices.map { notice in
            let level = notice.parent.flatMap { depth[$0] }.map { $0 + 1 } ?? 0
            depth[notice.key] = level
            return Notice(
                key: notice.key, recipient: notice.recipient, recipientName: notice.recipientName,
                role: notice.role?.rawValue ?? "controller", action: notice.action.rawValue, parent: notice.parent,
                depth: level,
                channel: notice.channel.keyword, channelDetail: notice.channel.detail,
                deadline: notice.deadline?.description,
                notBefore: notice.notBefore?.description, certainty: notice.certainty.rawValue, reason: notice.reason,
                categories: notice.categories,
                instructions: notice.instructions.map {
                    Instruction(
                        kind: $0.kind.rawValue, categories: $0.categories, purposes: $0.purposes,
                        until: $0.until?.description, law: $0.law, notBefore: $0.notBefore?.description,
                        duty: $0.duty, certainty: $0.certainty?.rawValue)
                },
                identifierTypes: notice.identities.map(\.type), path: notice.path)
        }
        kept = plan.kept.map { Kept(party: $0.party, purpose: $0.purpose, reason: $0.reason) }
        pastRetention = plan.pastRetention.map {
            PastRetention(party: $0.party, purpose: $0.purpose, since: $0.since.description, reason: $0.reason.rawValue)
        }
    }

    /// Pretty JSON with snake_case keys, sorted, for scripts and golden files; `compact` writes it
    /// on one line, for JSON lines.
    public func json(compact: Bool = false) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            compact ? [.sortedKeys, .withoutEscapingSlashes] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The table a DPO reads: one block per notice, children indented under their processor.
    public func text() -> String {
        var lines: [String] = []
        lines.append("Erasure plan for request \(request) (\(scope), \(ground))")
        lines.append(
            "Controller \(controllerName) (\(controller)) · received \(received) · answer by \(deadline.effective)")
        var dates = ["statutory one month: \(deadline.statutory)"]
        if let promised = deadline.promised { dates.append("own promise: \(promised)") }
        if let extended = deadline.extended {
            dates.append("extended: \(extended) (\(deadline.extensionReason ?? ""))")
        }
        lines.append("  " + dates.joined(separator: " · "))
        let counts = Dictionary(grouping: notices, by: \.action).mapValues(\.count)
        lines.append(
            "  "
                + ErasureAction.allCases.compactMap { action in
                    counts[action.rawValue].map { "\($0) \(action.rawValue)" }
                }.joined(separator: ", "))
        if !pastRetention.isEmpty {
            let count = pastRetention.count == 1 ? "1 holding was" : "\(pastRetention.count) holdings were"
            lines.append(
                "  Act first: \(count) past retention before the request arrived and should already have been gone (Art. 5(1)(e)):"
            )
            for item in pastRetention {
                lines.append(
                    "    \(item.party) · \(item.purpose) · due since \(item.since) (\(item.reason.replacingOccurrences(of: "-", with: " ")))"
                )
            }
        }
        lines.append("")
        for notice in notices {
            let indent = String(repeating: "    ", count: notice.depth)
            let pad = { (word: String) in word.padding(toLength: 10, withPad: " ", startingAt: 0) }
            var head = "\(indent)\(pad(notice.action)) \(notice.recipientName) (\(notice.recipient)) · \(notice.role)"
            head += " · " + (notice.channelDetail.map { "\(notice.channel) \($0)" } ?? notice.channel)
            if let deadline = notice.deadline { head += " · by \(deadline)" }
            if let notBefore = notice.notBefore { head += " · not before \(notBefore)" }
            if notice.certainty == "possible" { head += " · [possible]" }
            lines.append(head)
            let body = indent + String(repeating: " ", count: 11)
            for item in notice.instructions {
                var line = "\(body)\(pad(item.kind)) \(item.categories.joined(separator: ", "))"
                if let until = item.until {
                    line += " until \(until)"
                } else if let notBefore = item.notBefore {
                    line += " at least until \(notBefore)"
                }
                if let law = item.law { line += " (\(law))" }
                if item.certainty == "possible" { line += " [if held]" }
                lines.append(line)
            }
            if notice.instructions.isEmpty, !notice.categories.isEmpty {
                lines.append("\(body)\(pad("received")) \(notice.categories.joined(separator: ", "))")
            }
            lines.append("\(body)\(pad("why")) \(notice.reason)")
            if !notice.identifierTypes.isEmpty {
                lines.append("\(body)\(pad("finds by")) \(notice.identifierTypes.joined(separator: ", "))")
            }
        }
        if !kept.isEmpty {
            lines.append("")
            lines.append("Left as they are:")
            for item in kept { lines.append("  \(item.party) · \(item.purpose): \(item.reason)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
