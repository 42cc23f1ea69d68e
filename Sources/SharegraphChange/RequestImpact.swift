// Erasures under way when the graph changes: each open request in the ledger is planned again on
// both sides, and what the new side adds (a recipient added after the plan, a category a recipient
// now holds) becomes a supplementary notice, so that Art. 19 reaches everyone who holds the data now.

import Foundation
public import SharegraphCore
public import SharegraphLedger

/// A notice a request under way now needs.
public struct SupplementaryNotice: Sendable, Hashable {
    /// The notice id it is (or would be) recorded under.
    public var id: String
    /// The recipient.
    public var recipient: String
    /// What it must do.
    public var action: ErasureAction
    /// The categories concerned: all of them for a new recipient, the new ones otherwise.
    public var categories: [String]
    /// Why: a new recipient, or categories a known recipient now holds.
    public var reason: Reason

    /// Why a request needs the notice.
    public enum Reason: String, Sendable, Hashable, Codable {
        /// The recipient holds the data on the new side only.
        case newRecipient = "new-recipient"
        /// The recipient was notified but now holds more categories.
        case newCategories = "new-categories"
    }
}

/// What the change means for one request under way.
public struct RequestImpact: Sendable, Hashable {
    /// The request id.
    public var request: String
    /// Its controller.
    public var controller: String
    /// The notices it now needs, which `apply` records.
    public var notices: [SupplementaryNotice]
    /// Notices it needs that the ledger cannot hold, to be sent by hand: more categories for a
    /// recipient and action already recorded (the ledger keeps one notice per recipient and action).
    public var byHand: [SupplementaryNotice] = []
    /// How many of them were recorded now (with `apply`); the rest were recorded before or not asked for.
    public var recorded: Int
    /// Why the request was not planned again, when it was not.
    public var skipped: String?
}

/// Plans the ledger's open requests again on the old and the new graph.
public struct RequestReplan: Sendable {
    /// The old side.
    public let old: TraceIndex
    /// The new side.
    public let new: TraceIndex

    /// Creates a re-plan.
    public init(old: TraceIndex, new: TraceIndex) {
        self.old = old
        self.new = new
    }

    /// Each open request whose plan differs; with `apply`, the supplementary notices are recorded
    /// once, their `planned` event naming `change` as the reason.
    ///
    /// The ledger keeps no subject file, only the identifiers each notice carried, so the person is
    /// taken as anyone of the controller's subject types with those identifiers: every conditional
    /// holding is possible. A notice is needed only where the new side plans what the old side did
    /// not, so a recipient the person's own facts had ruled out before stays ruled out. Identifiers
    /// go only to a recipient that holds their category (Art. 5(1)(c)); one whose category is not
    /// known from its type goes to nobody.
    public func impacts(
        in ledger: SQLiteLedger, apply: Bool, change: String
    ) throws(LedgerError) -> [RequestImpact] {
        let notices = try ledger.notices(NoticeFilter())
        var byRequest: [String: [NoticeRecord]] = [:]
        var order: [String] = []
        for notice in notices {
            if byRequest[notice.requestID] == nil { order.append(notice.requestID) }
            byRequest[notice.requestID, default: []].append(notice)
        }
        var impacts: [RequestImpact] = []
        for requestID in order {
            let recorded = byRequest[requestID] ?? []
            guard recorded.contains(where: { !$0.state.isFinal }), let request = try ledger.request(requestID) else {
                continue
            }
            var impact = RequestImpact(
                request: requestID, controller: request.controller, notices: [], recorded: 0, skipped: nil)
            guard request.scope == ErasureScope.erasure.keyword else {
                impact.skipped = "a \(request.scope) request is planned again only from its request file"
                impacts.append(impact)
                continue
            }
            guard let received = CalendarDate(iso: request.received) else { continue }
            let erasure = Self.request(request, received: received, notices: recorded, graphs: [new.graph, old.graph])
            let plans: (old: ErasurePlan, new: ErasurePlan)
            do {
                plans = (try old.erasurePlan(for: erasure), try new.erasurePlan(for: erasure))
            } catch {
                impact.skipped = "it cannot be planned again: \(error)"
                impacts.append(impact)
                continue
            }
            let (supplement, notices, byHand) = Self.supplement(
                requestID: requestID, old: plans.old, new: plans.new, recorded: recorded, change: change,
                graph: new.graph)
            guard !notices.isEmpty || !byHand.isEmpty else { continue }
            impact.notices = notices
            impact.byHand = byHand
            if apply && !notices.isEmpty {
                let draft = RequestDraft(plan: supplement, graph: new.graph)
                impact.recorded = try ledger.recordSupplement(
                    request: requestID, notices: draft.notices, reason: change)
            }
            impacts.append(impact)
        }
        return impacts
    }

    /// The request as far as the ledger knows it: the controller, the day received, erasure, and
    /// the identifiers its notices carried.
    static func request(
        _ request: RequestRecord, received: CalendarDate, notices: [NoticeRecord], graphs: [Graph]
    ) -> ErasureRequest {
        let place = SourceLocation(file: "", line: 0, column: 0)
        var identifiers: [Identifier] = []
        var seen = Set<String>()
        for notice in notices {
            for identity in Self.identities(notice.body)
            where seen.insert("\(identity.type)\u{0}\(identity.value)").inserted {
                identifiers.append(
                    Identifier(
                        type: Located(identity.type, at: place), value: identity.value,
                        category: Identifier.defaultCategory(forType: identity.type)))
            }
        }
        var types: [String] = []
        for graph in graphs {
            for purpose in graph.purposes(controlledBy: request.controller) {
                for subject in purpose.subjects where !types.contains(subject.value) { types.append(subject.value) }
            }
        }
        let relationship = Relationship(
            controller: Located(request.controller, at: place), subjectTypes: types.map { Located($0, at: place) },
            identifiers: identifiers, location: place)
        let subject = Subject(
            reference: Located(request.subjectReference, at: place), relationships: [relationship], file: "")
        return ErasureRequest(
            id: Located(request.id, at: place), subject: subject, controller: Located(request.controller, at: place),
            received: Located(received, at: place), scope: .erasure, language: notices.first?.language ?? "en",
            location: place)
    }

    static func identities(_ body: String) -> [(type: String, value: String)] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
            let list = object["subject_identities"] as? [[String: Any]]
        else { return [] }
        return list.compactMap { entry in
            guard let type = entry["identity_type"] as? String, let value = entry["identity_value"] as? String else {
                return nil
            }
            return (type, value)
        }
    }

    /// The new plan cut down to what the old one lacked and the ledger does not hold.
    ///
    /// A new sub-processor's notice is relayed through its processor's. When the processor's notice
    /// was recorded before (and may have gone out), it did not name the new sub-processor, so the
    /// notice goes to the sub-processor directly, by its own address: a relay is never marked passed
    /// on through a notice that did not carry it. More categories for a recipient already notified
    /// with the same action cannot be a second notice under the ledger's one notice per recipient and
    /// action; they are returned apart, to be sent by hand.
    static func supplement(
        requestID: String, old: ErasurePlan, new: ErasurePlan, recorded: [NoticeRecord], change: String, graph: Graph
    ) -> (plan: ErasurePlan, notices: [SupplementaryNotice], byHand: [SupplementaryNotice]) {
        let before = Dictionary(old.notices.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let recordedIDs = Set(recorded.map(\.id))
        let recordedPairs = Set(recorded.map { "\($0.recipient)\u{0}\($0.action.rawValue)" })
        var kept: [PlannedNotice] = []
        var notices: [SupplementaryNotice] = []
        var byHand: [SupplementaryNotice] = []
        for var notice in new.notices where notice.action.needsAnswer {
            let id = NoticeID.make(request: requestID, key: notice.key)
            if let then = before[notice.key] {
                let more = Set(notice.categories).subtracting(then.categories)
                guard !more.isEmpty else { continue }
                byHand.append(
                    SupplementaryNotice(
                        id: id, recipient: notice.recipient, action: notice.action, categories: more.sorted(),
                        reason: .newCategories))
                continue
            }
            guard !recordedIDs.contains(id),
                !recordedPairs.contains("\(notice.recipient)\u{0}\(notice.action.rawValue)")
            else { continue }
            notice.reason += "; supplementary notice: \(change)"
            kept.append(notice)
            notices.append(
                SupplementaryNotice(
                    id: id, recipient: notice.recipient, action: notice.action, categories: notice.categories,
                    reason: .newRecipient))
        }
        let keys = Set(kept.map(\.key))
        let planned = Dictionary(new.notices.map { ($0.key, $0.recipient) }, uniquingKeysWith: { first, _ in first })
        for position in kept.indices {
            guard let parent = kept[position].parent, !keys.contains(parent) else { continue }
            kept[position].parent = nil
            kept[position].channel = .direct(to: graph.party(kept[position].recipient), for: kept[position].action)
            kept[position].reason +=
                "; sent to you directly, as the notice to \(planned[parent] ?? parent) went out before you were added"
        }
        var plan = new
        plan.notices = kept
        return (plan, notices, byHand)
    }
}
