// The trace for a terminal: one block per holder, one entry per purpose and role, with the path,
// the contract, the retention date and the status.

import Foundation
import SharegraphCore

/// Writes a trace document as terminal text.
public struct TraceText: Sendable {
    /// Whether to use ANSI colours.
    public var colour: Bool

    /// Creates a renderer.
    public init(colour: Bool = false) {
        self.colour = colour
    }

    /// The whole trace.
    public func render(_ document: TraceDocument) -> String {
        var lines: [String] = []
        let summary = document.summary
        lines.append(
            bold("Trace of \(document.subject) as of \(document.asOf)")
                + " (controllers: \(document.controllers.joined(separator: ", ")))")
        if let identity = document.identity {
            if let name = identity.name { lines.append("  name: \(name)") }
            for identifier in identity.identifiers {
                lines.append("  \(identifier.type) at \(identifier.controller): \(identifier.value)")
            }
        }
        lines.append(
            "\(Wording.count(summary.parties, "party", "parties")) \(summary.parties == 1 ? "holds" : "hold") data under "
                + "\(Wording.count(summary.holdings, "purpose and role", "purposes and roles")): \(summary.held) held, "
                + "\(summary.possible) only possible, \(summary.due) due for deletion, \(summary.restricted) restricted, "
                + "\(summary.deleted) deleted; \(Wording.count(summary.openDates, "open date", "open dates")).")
        if !document.pastRetention.isEmpty {
            lines.append(
                red(
                    "Act first: \(Wording.count(document.pastRetention.count, "holding is", "holdings are")) past retention and should already be gone:"
                ))
            for finding in document.pastRetention {
                lines.append(
                    red(
                        "  \(finding.party) · \(finding.purpose) · due since \(finding.since) (\(Wording.reason(finding.reason)))"
                    ))
            }
        }
        for derived in document.derivedEvents {
            let verb = derived.future ? "will be" : "taken as"
            lines.append("  \(derived.event) at \(derived.controller) \(verb) \(derived.date) (from \(derived.from))")
        }
        for holder in document.holders {
            lines.append("")
            var heading = "\(holder.name) (\(holder.party)) · \(holder.kind)"
            if let country = holder.country {
                heading += " · \(country)\(holder.inEea == false ? ", outside the EEA" : "")"
            }
            lines.append(bold(heading))
            for holding in holder.holdings { lines += entry(holding) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func entry(_ holding: TraceDocument.HoldingEntry) -> [String] {
        var lines: [String] = []
        let role: String =
            switch holding.role {
            case "controller": "collected as controller"
            case "processor", "sub-processor", "internal": "as \(holding.role) for \(holding.controller)"
            default: "as \(holding.role.replacingOccurrences(of: "-", with: " ")), data from \(holding.controller)"
            }
        let possible =
            holding.certainty == "possible"
            ? yellow(" [possible: \(holding.unknownConditions.joined(separator: "; "))]") : ""
        lines.append("  • \(holding.purpose): \(holding.purposeName) (\(role))\(possible)")
        var basis = holding.legalBasis.map { "\($0), \(holding.article ?? "")" } ?? "none stated"
        if let special = holding.specialCondition { basis += " + \(special)" }
        let ownBasis = Role(rawValue: holding.role)?.sharesControllersPurpose ?? true
        lines.append("      basis       \(basis)\(ownBasis ? "" : " (\(holding.controller)'s basis for disclosing)")")
        var categories = Wording.grouped(holding.categories)
        if !holding.specialCategories.isEmpty {
            categories += red("  special category: \(holding.specialCategories.joined(separator: ", "))")
        }
        lines.append("      categories  \(categories)")
        for route in holding.routes {
            var text = "      path        \(Wording.path(route.steps))"
            if let contract = route.contract { text += "  [\(contract)\(route.contractKind.map { " (\($0))" } ?? "")]" }
            if let transfer = route.transfer {
                text += "  transfer: \(transfer)\(route.transferContract.map { " (\($0))" } ?? "")"
            }
            if route.certainty == "possible" { text += yellow("  possible") }
            lines.append(text)
        }
        lines.append("      retention   \(Wording.retention(holding.retention))")
        if let policy = holding.retention.policyRule {
            let end = holding.retention.policyLastDay.map { " → \($0)" } ?? ""
            lines.append("      policy      \(policy)\(end) (the controller's own period; not a legal obligation)")
        }
        if holding.certainty == "possible", holding.status.state != "deleted" {
            let unless =
                holding.unknownConditions.isEmpty
                ? "" : ": only if \(holding.unknownConditions.joined(separator: "; "))"
            lines.append("      status      " + yellow("possible\(unless)") + "; if so, \(statusText(holding.status))")
        } else {
            lines.append("      status      \(statusText(holding.status))")
        }
        return lines
    }

    private func statusText(_ status: TraceDocument.StatusEntry) -> String {
        switch status.state {
        case "due": red("due for deletion since \(status.since ?? "?") (\(Wording.reason(status.reason)))")
        case "restricted":
            yellow(
                "restricted until \(status.until ?? "?") under \(status.law ?? status.duty ?? "a legal duty") (Art. 18)"
            )
                + (status.inUse.map {
                    "; still in use for \((status.inUseFor ?? []).joined(separator: ", ")): \($0.joined(separator: ", "))"
                } ?? "")
        case "deleted": green("deleted, confirmed \(status.since ?? "?")")
        default: "held"
        }
    }

    private func bold(_ text: String) -> String { colour ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    private func red(_ text: String) -> String { colour ? "\u{1B}[31m\(text)\u{1B}[0m" : text }
    private func yellow(_ text: String) -> String { colour ? "\u{1B}[33m\(text)\u{1B}[0m" : text }
    private func green(_ text: String) -> String { colour ? "\u{1B}[32m\(text)\u{1B}[0m" : text }
}

/// Short phrases shared by the text, Markdown and HTML outputs.
enum Wording {
    /// Categories grouped by their taxonomy parent: `contact (email, phone), identity.name`.
    static func grouped(_ categories: [String]) -> String {
        var order: [String] = []
        var children: [String: [String]] = [:]
        for category in categories {
            guard let dot = category.firstIndex(of: ".") else {
                order.append(category)
                continue
            }
            let parent = String(category[..<dot])
            if children[parent] == nil { order.append(parent + ".") }
            children[parent, default: []].append(String(category[category.index(after: dot)...]))
        }
        return order.map { key in
            guard key.hasSuffix("."), let leaves = children[String(key.dropLast())] else { return key }
            return leaves.count == 1 ? key + leaves[0] : "\(key.dropLast()) (\(leaves.joined(separator: ", ")))"
        }.joined(separator: ", ")
    }

    /// `jetpak [jetpak.booking] → police (authority, when police-request)`.
    static func path(_ steps: [TraceDocument.StepEntry]) -> String {
        guard let first = steps.first else { return "" }
        var text = first.from + (first.fromSystem.map { " [\($0)]" } ?? "")
        for step in steps {
            var detail = step.role
            if let condition = step.condition { detail += ", \(condition)" }
            if let event = step.dateEvent { detail += step.date.map { ", on \($0)" } ?? ", on \(event)" }
            text += " → \(step.to) (\(detail))"
        }
        return text
    }

    static func retention(_ retention: TraceDocument.RetentionEntry) -> String {
        guard let rule = retention.rule else {
            return retention.source == "recipient"
                ? "not stated (the recipient decides; ask it)" : "not stated in the graph, so no date can be given"
        }
        let source =
            retention.source == "flow"
            ? " (stated for this recipient)" : retention.source == "duty" ? " (legal duty)" : ""
        if let lastDay = retention.lastDay {
            return "\(rule) → \(retention.atLatest == true ? "last day at the latest" : "last day") \(lastDay)\(source)"
        }
        if let notBefore = retention.notBefore { return "\(rule) → open, not before \(notBefore)\(source)" }
        return "\(rule) → open: the date of \(retention.anchorEvent ?? "the event") is not known\(source)"
    }

    /// `1 party`, `2 parties`.
    static func count(_ number: Int, _ one: String, _ many: String) -> String {
        "\(number) \(number == 1 ? one : many)"
    }

    static func reason(_ reason: String?) -> String {
        switch reason {
        case "consent-withdrawn": "consent withdrawn"
        case "objection": "the person objected"
        case "duty-ended": "the legal duty ended"
        default: "retention passed"
        }
    }
}
