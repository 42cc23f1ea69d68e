// The change in words: plain text for a terminal, Markdown for a pull-request comment.

public import SharegraphCore

/// Words shared by the writers.
enum ChangeWords {
    static func ground(_ assessment: TransferAssessment) -> String {
        switch assessment {
        case .insideEEA: "inside the EEA"
        case .unknownCountry: "country unknown: a transfer is possible and its ground unknown"
        case .safeguarded(let mechanism):
            switch mechanism {
            case .adequacy: "adequacy decision"
            case .scc: "standard contractual clauses"
            case .bcr: "binding corporate rules"
            case .derogation: "derogation"
            }
        case .adequacyUnavailable(let country): "no safeguard: \(country) has no adequacy decision"
        case .noSafeguard: "no safeguard"
        }
    }

    static func direction(_ direction: RetentionMove.Direction) -> String {
        switch direction {
        case .earlier: "earlier for everyone"
        case .later: "later for everyone"
        case .dependsOnDates: "earlier or later depending on the person's dates"
        case .nowStated: "now stated"
        case .noLongerStated: "no longer stated"
        }
    }

    static func duty(_ duty: ChangeDuty, name: (String) -> String) -> String {
        let tell = duty.tell.map(name).joined(separator: ", ")
        switch duty.kind {
        case .informControllersOfSubProcessor:
            return
                "\(name(duty.party)) must tell \(tell) of the new sub-processor \(duty.because.map(name).joined(separator: ", ")) before it is used, so they can object (\(duty.article))"
        case .updatePrivacyNotice:
            return
                "\(name(duty.party)) must update its privacy notice: \(duty.because.joined(separator: ", ")) (\(duty.article))"
        case .updateProcessorInstructions:
            return
                "\(name(duty.party)) must give \(tell) updated instructions for \(duty.because.joined(separator: ", ")) (\(duty.article))"
        }
    }

    static func field(_ change: FieldChange) -> String {
        if !change.added.isEmpty || !change.removed.isEmpty {
            let parts = change.added.map { "+\($0)" } + change.removed.map { "-\($0)" }
            return "\(change.field): \(parts.joined(separator: " "))"
        }
        switch (change.old, change.new) {
        case (nil, let new?): return "\(change.field): \(new)"
        case (let old?, nil): return "\(change.field): \(old) (removed)"
        case (let old?, let new?): return "\(change.field): \(old) → \(new)"
        case (nil, nil): return change.field
        }
    }

    static func element(_ kind: ElementKind) -> String {
        switch kind {
        case .party: "Parties"
        case .system: "Systems"
        case .purpose: "Purposes"
        case .flow: "Flows"
        case .contract: "Contracts"
        case .duty: "Retention duties"
        case .category: "Categories"
        case .subjectType: "Subject types"
        case .event: "Events"
        case .fact: "Facts"
        }
    }

    static func sign(_ kind: ElementChange.Kind) -> String {
        switch kind {
        case .added: "+"
        case .removed: "-"
        case .changed: "~"
        }
    }
}

/// Writes a change as text or Markdown.
public struct ChangeText: Sendable {
    /// Plain text or Markdown.
    public enum Style: Sendable { case text, markdown }

    /// The impact.
    public var impact: ChangeImpact
    /// Requests under way, when a ledger was read.
    public var requests: [RequestImpact]?
    /// The old and new sides' labels.
    public var labels: (old: String, new: String)
    /// Party names, from the new side (else the old).
    var names: [String: String]

    /// Creates a writer; party names come from the graphs.
    public init(
        impact: ChangeImpact, requests: [RequestImpact]?, labels: (old: String, new: String), old: Graph, new: Graph
    ) {
        self.impact = impact
        self.requests = requests
        self.labels = labels
        var names: [String: String] = [:]
        for party in old.parties + new.parties { names[party.id.value] = party.name.value }
        self.names = names
    }

    func name(_ id: String) -> String { names[id].map { $0 == id ? id : "\($0) (\(id))" } ?? id }

    /// The text.
    public func render(_ style: Style) -> String {
        let md = style == .markdown
        var out: [String] = []
        func heading(_ text: String) {
            out.append("")
            out.append(md ? "### \(text)" : text)
        }
        func item(_ text: String, depth: Int = 0) {
            out.append(String(repeating: "  ", count: depth + (md ? 0 : 1)) + (md ? "- " : "") + text)
        }
        func code(_ text: String) -> String { md ? "`\(text)`" : text }
        let added = impact.changes.count { $0.kind == .added }
        let removed = impact.changes.count { $0.kind == .removed }
        let changed = impact.changes.count { $0.kind == .changed }
        out.append(
            (md ? "## " : "")
                + "Sharegraph: \(labels.old) → \(labels.new): "
                + (impact.isEmpty
                    ? "no change to the model"
                    : "\(added) added, \(removed) removed, \(changed) changed"))
        guard !impact.isEmpty else { return out.joined(separator: "\n") + "\n" }
        let concerns = ChangeConcern.present(in: impact, requests: requests ?? []).subtracting([.change])
        if !concerns.isEmpty {
            out.append("")
            out.append(
                (md ? "**Needs review:** " : "Needs review: ")
                    + ChangeConcern.allCases.filter(concerns.contains).map(\.rawValue).joined(separator: ", "))
        }

        if !impact.duties.isEmpty {
            heading("Duties")
            for duty in impact.duties { item(ChangeWords.duty(duty, name: name)) }
        }
        if !impact.transfers.isEmpty {
            heading("Transfers outside the EEA")
            for transfer in impact.transfers {
                let whose =
                    transfer.controllers.isEmpty
                    ? "" : "; carries data of \(transfer.controllers.map(name).joined(separator: ", "))"
                item(
                    "\(code(transfer.flow)): to \(name(transfer.to)) in \(transfer.country ?? "an unknown country"), \(ChangeWords.ground(transfer.assessment)) (\(transfer.assessment.article))\(whose)"
                )
            }
        }
        if !impact.reach.isEmpty {
            heading("Who holds whose data")
            for change in impact.reach {
                let who = "\(name(change.controller))'s \(change.subjectType ?? "data subjects")"
                item(md ? "**\(who)**" : who + ":")
                for party in change.gained {
                    item(
                        "gains \(name(party.party)) (\(party.roles.map(\.rawValue).joined(separator: ", ")); \(party.certainty == .held ? "everyone" : "some")): \(party.categories.joined(separator: ", "))",
                        depth: 1)
                }
                for party in change.lost {
                    item("loses \(name(party.party)): \(party.categories.joined(separator: ", "))", depth: 1)
                }
                for party in change.moreCategories {
                    item("\(name(party.party)) now also holds \(party.categories.joined(separator: ", "))", depth: 1)
                }
                for party in change.fewerCategories {
                    item("\(name(party.party)) no longer holds \(party.categories.joined(separator: ", "))", depth: 1)
                }
            }
        }
        if !impact.retention.isEmpty {
            heading("Retention")
            for move in impact.retention {
                item(
                    "\(name(move.party)) for \(code(move.purpose)): \(move.old ?? "not stated") → \(move.new ?? "not stated"), \(ChangeWords.direction(move.direction))"
                )
            }
        }
        if !impact.newFindings.isEmpty || !impact.resolvedFindings.isEmpty {
            heading("Findings")
            for finding in impact.newFindings {
                item(
                    "new \(finding.severity.rawValue) [\(finding.id)] \(finding.message) (\(code(finding.location.description)))"
                )
            }
            for finding in impact.resolvedFindings {
                item("resolved \(finding.severity.rawValue) [\(finding.id)] \(finding.message)")
            }
        }
        if !impact.records.isEmpty {
            heading("Records of processing (Art. 30)")
            for row in impact.records {
                let what =
                    switch row.kind {
                    case .added: "row added"
                    case .removed: "row removed"
                    case .changed: row.columns.joined(separator: ", ")
                    }
                item("\(row.article) \(name(row.party)), \(code(row.row)): \(what)")
            }
        }
        if let requests, !requests.isEmpty {
            heading("Erasures under way")
            for request in requests {
                if let skipped = request.skipped {
                    item("\(code(request.request)) (\(name(request.controller))): not planned again: \(skipped)")
                    continue
                }
                let recorded = request.recorded > 0 ? "; \(request.recorded) recorded now" : ""
                item(
                    "\(code(request.request)) (\(name(request.controller))): \(request.notices.count) supplementary notice(s)\(recorded)"
                )
                for notice in request.notices {
                    let why =
                        switch notice.reason {
                        case .newRecipient: "added after the request was planned"
                        case .newCategories: "now also holds \(notice.categories.joined(separator: ", "))"
                        }
                    item(
                        "\(notice.action.rawValue) to \(name(notice.recipient)): \(why) (\(code(notice.id)))", depth: 1)
                }
                for notice in request.byHand {
                    item(
                        "by hand, \(notice.action.rawValue) to \(name(notice.recipient)): now also holds \(notice.categories.joined(separator: ", ")); the ledger holds one \(notice.action.rawValue) notice per recipient, so send this one yourself",
                        depth: 1)
                }
            }
        }
        // In a pull-request comment the element list folds away under the impact.
        if md {
            out += ["", "<details><summary>Changes to the model (\(impact.changes.count))</summary>", ""]
        } else {
            heading("Changes")
        }
        for kind in ElementKind.allCases {
            let changes = impact.changes.filter { $0.element == kind }
            guard !changes.isEmpty else { continue }
            item(md ? "**\(ChangeWords.element(kind))**" : ChangeWords.element(kind))
            for change in changes {
                let place = change.location.map { " (\(code($0.description)))" } ?? ""
                item("\(ChangeWords.sign(change.kind)) \(code(change.id))\(place)", depth: 1)
                if change.kind == .changed {
                    for field in change.fields { item(ChangeWords.field(field), depth: 2) }
                }
            }
        }
        if md { out += ["", "</details>"] }
        return out.joined(separator: "\n") + "\n"
    }
}
