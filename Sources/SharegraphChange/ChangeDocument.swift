// The change as a document (schema `sharegraph.diff/1`, docs/schemas/diff.schema.json) and the
// concerns a CI job fails on.

import Foundation
import SharegraphCore
import SharegraphReport

/// What in a change needs a person to look at it; `--fail-on` names these.
public enum ChangeConcern: String, Sendable, Hashable, CaseIterable, Codable {
    /// Data starts to leave the EEA.
    case transfer
    /// A party gains some people's data.
    case newRecipient = "new-recipient"
    /// A new error or warning from the checks.
    case finding
    /// A legal duty follows (Art. 28(2), Art. 13/14, Art. 28(3)(a)).
    case duty
    /// An erasure under way needs a supplementary notice.
    case request
    /// Any change to the model at all.
    case change

    /// The concerns present in an impact.
    public static func present(in impact: ChangeImpact, requests: [RequestImpact]) -> Set<ChangeConcern> {
        var concerns = Set<ChangeConcern>()
        if !impact.changes.isEmpty { concerns.insert(.change) }
        if !impact.transfers.isEmpty { concerns.insert(.transfer) }
        if impact.reach.contains(where: { !$0.gained.isEmpty }) { concerns.insert(.newRecipient) }
        if impact.newFindings.contains(where: { $0.severity != .note }) { concerns.insert(.finding) }
        if !impact.duties.isEmpty { concerns.insert(.duty) }
        if requests.contains(where: { !$0.notices.isEmpty || !$0.byHand.isEmpty }) { concerns.insert(.request) }
        return concerns
    }
}

/// The change document scripts read.
public struct ChangeDocument: Encodable, Sendable {
    /// Always `sharegraph.diff/1`.
    public var schema = "sharegraph.diff/1"
    /// What the old side was read from.
    public var old: Side
    /// What the new side was read from.
    public var new: Side
    /// Counts, and the concerns present.
    public var summary: Summary
    /// Elements added, removed and changed.
    public var changes: [Change]
    /// Recipients and categories gained or lost, per controller and subject type.
    public var reach: [Reach]
    /// Holdings whose retention moves.
    public var retention: [Retention]
    /// Transfers outside the EEA that start.
    public var transfers: [Transfer]
    /// Findings that appear and disappear.
    public var findings: Findings
    /// Rows of the records of processing that change.
    public var records: [Record]
    /// Duties the change triggers.
    public var duties: [Duty]
    /// Requests under way that need supplementary notices (with `--ledger`).
    public var requests: [Request]?

    /// One side of the comparison.
    public struct Side: Encodable, Sendable {
        /// A revision or a description of the paths.
        public var label: String
        /// The graph files read.
        public var files: [String]
    }

    /// Counts.
    public struct Summary: Encodable, Sendable {
        var added: Int
        var removed: Int
        var changed: Int
        var recipientsGained: Int
        var recipientsLost: Int
        var transfers: Int
        var newFindings: Int
        var resolvedFindings: Int
        var duties: Int
        var supplementaryNotices: Int
        var tracedControllers: Int
        var concerns: [String]
    }

    /// An element change.
    public struct Change: Encodable, Sendable {
        var kind: String
        var element: String
        var id: String
        var file: String?
        var line: Int?
        var column: Int?
        var fields: [FieldChange]
    }

    /// A party in a reach change.
    public struct Party: Encodable, Sendable {
        var party: String
        var roles: [String]
        var categories: [String]
        var certainty: String
    }

    /// A reach change.
    public struct Reach: Encodable, Sendable {
        var controller: String
        var subjectType: String?
        var gained: [Party]
        var lost: [Party]
        var moreCategories: [Party]
        var fewerCategories: [Party]
    }

    /// A retention move.
    public struct Retention: Encodable, Sendable {
        var party: String
        var purpose: String
        var controller: String
        var old: String?
        var new: String?
        var direction: String
    }

    /// A new transfer.
    public struct Transfer: Encodable, Sendable {
        var flow: String
        var from: String
        var to: String
        var country: String?
        var leavesEea: Bool?
        var safeguarded: Bool?
        var ground: String
        var article: String
        var controllers: [String]
        var file: String?
        var line: Int?
        var column: Int?
    }

    /// Findings that appear and disappear.
    public struct Findings: Encodable, Sendable {
        var new: [CheckReport.Finding]
        var resolved: [CheckReport.Finding]
    }

    /// A record row change.
    public struct Record: Encodable, Sendable {
        var article: String
        var party: String
        var row: String
        var kind: String
        var columns: [String]
    }

    /// A duty.
    public struct Duty: Encodable, Sendable {
        var kind: String
        var party: String
        var tell: [String]
        var article: String
        var because: [String]
    }

    /// A request under way.
    public struct Request: Encodable, Sendable {
        var request: String
        var controller: String
        var notices: [Notice]
        var byHand: [Notice]
        var recorded: Int
        var skipped: String?
    }

    /// A supplementary notice.
    public struct Notice: Encodable, Sendable {
        var id: String
        var recipient: String
        var action: String
        var categories: [String]
        var reason: String

        init(_ notice: SupplementaryNotice) {
            id = notice.id
            recipient = notice.recipient
            action = notice.action.rawValue
            categories = notice.categories
            reason = notice.reason.rawValue
        }
    }

    /// Builds the document.
    public init(
        impact: ChangeImpact, requests: [RequestImpact]?, old: (label: String, files: [String]),
        new: (label: String, files: [String])
    ) {
        self.old = Side(label: old.label, files: old.files)
        self.new = Side(label: new.label, files: new.files)
        let concerns = ChangeConcern.present(in: impact, requests: requests ?? [])
        summary = Summary(
            added: impact.changes.count { $0.kind == .added }, removed: impact.changes.count { $0.kind == .removed },
            changed: impact.changes.count { $0.kind == .changed },
            recipientsGained: impact.reach.reduce(0) { $0 + $1.gained.count },
            recipientsLost: impact.reach.reduce(0) { $0 + $1.lost.count }, transfers: impact.transfers.count,
            newFindings: impact.newFindings.count, resolvedFindings: impact.resolvedFindings.count,
            duties: impact.duties.count,
            supplementaryNotices: (requests ?? []).reduce(0) { $0 + $1.notices.count + $1.byHand.count },
            tracedControllers: impact.tracedControllers,
            concerns: ChangeConcern.allCases.filter(concerns.contains).map(\.rawValue))
        changes = impact.changes.map {
            Change(
                kind: $0.kind.rawValue, element: $0.element.rawValue, id: $0.id, file: $0.location?.file,
                line: $0.location?.line, column: $0.location?.column, fields: $0.fields)
        }
        func parties(_ list: [RecipientChange]) -> [Party] {
            list.map {
                Party(
                    party: $0.party, roles: $0.roles.map(\.rawValue), categories: $0.categories,
                    certainty: $0.certainty.rawValue)
            }
        }
        reach = impact.reach.map {
            Reach(
                controller: $0.controller, subjectType: $0.subjectType, gained: parties($0.gained),
                lost: parties($0.lost), moreCategories: parties($0.moreCategories),
                fewerCategories: parties($0.fewerCategories))
        }
        retention = impact.retention.map {
            Retention(
                party: $0.party, purpose: $0.purpose, controller: $0.controller, old: $0.old, new: $0.new,
                direction: $0.direction.rawValue)
        }
        transfers = impact.transfers.map {
            Transfer(
                flow: $0.flow, from: $0.from, to: $0.to, country: $0.country, leavesEea: $0.assessment.leavesEEA,
                safeguarded: $0.assessment.isSafeguarded, ground: ChangeWords.ground($0.assessment),
                article: $0.assessment.article, controllers: $0.controllers, file: $0.location?.file,
                line: $0.location?.line, column: $0.location?.column)
        }
        findings = Findings(
            new: CheckReport(diagnostics: impact.newFindings, files: []).findings,
            resolved: CheckReport(diagnostics: impact.resolvedFindings, files: []).findings)
        records = impact.records.map {
            Record(article: $0.article, party: $0.party, row: $0.row, kind: $0.kind.rawValue, columns: $0.columns)
        }
        duties = impact.duties.map {
            Duty(kind: $0.kind.rawValue, party: $0.party, tell: $0.tell, article: $0.article, because: $0.because)
        }
        self.requests = requests.map { list in
            list.map { impact in
                Request(
                    request: impact.request, controller: impact.controller, notices: impact.notices.map(Notice.init),
                    byHand: impact.byHand.map(Notice.init), recorded: impact.recorded, skipped: impact.skipped)
            }
        }
    }

    /// Pretty, key-sorted JSON with snake-case keys, stable across runs.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
