// A holding's status as of a day, decided by the rules of the GDPR in the order they apply: a
// recorded erasure, a legal duty that keeps the data (restricted until its end), a withdrawn consent,
// an objection, and the storage limit. Each rule is a function with its article, so the trace,
// the planner and what comes next ask the same rule.

/// The rules that decide where a holding stands.
enum StatusRules {
    /// The status as of `asOf`: the first rule that applies decides.
    static func status(
        party: String, purpose: Purpose, retention: RetentionOutcome, knowledge: EventKnowledge,
        relationship: Relationship?, asOf: CalendarDate
    ) -> HoldingStatus {
        if let erased = recordedErasure(party: party, purpose: purpose, relationship: relationship, asOf: asOf) {
            return .deleted(on: erased)
        }
        if let duty = purpose.duty {
            return legalDutyRestriction(duty: duty.value, lastDay: retention.lastDay, asOf: asOf)
        }
        if let withdrawn = consentWithdrawal(purpose: purpose, knowledge: knowledge) {
            return .due(since: withdrawn, reason: .consentWithdrawn)
        }
        if let objected = objection(purpose: purpose, knowledge: knowledge) {
            return .due(since: objected, reason: .objection)
        }
        if let since = storageLimitation(lastDay: retention.lastDay, asOf: asOf) {
            return .due(since: since, reason: .retentionPassed)
        }
        return .held
    }

    /// Art. 17(1): the party erased the data, as the subject file records, on or before the day.
    static func recordedErasure(party: String, purpose: Purpose, relationship: Relationship?, asOf: CalendarDate)
        -> CalendarDate?
    {
        relationship?.erasures.filter {
            $0.party.value == party && ($0.purpose == nil || $0.purpose?.value == purpose.id.value)
                && $0.date.value <= asOf
        }.map(\.date.value).min()
    }

    /// Art. 17(3)(b) and Art. 18: data kept because a legal obligation requires it is restricted
    /// until the duty's last day and due the day after; with no known last day it is held.
    static func legalDutyRestriction(duty: String, lastDay: CalendarDate?, asOf: CalendarDate) -> HoldingStatus {
        guard let lastDay else { return .held }
        return asOf > lastDay
            ? .due(since: dayAfter(lastDay), reason: .dutyEnded) : .restricted(until: lastDay, duty: duty)
    }

    /// Art. 7(3) and Art. 17(1)(b): processing on consent ends when consent is withdrawn.
    static func consentWithdrawal(purpose: Purpose, knowledge: EventKnowledge) -> CalendarDate? {
        guard purpose.legalBasis?.value == .consent else { return nil }
        return knowledge.consent(to: purpose.id.value).withdrawn
    }

    /// Art. 21(1) and Art. 17(1)(c): an objection ends processing for a public task or legitimate
    /// interests (the right as `DataSubjectRights.objectionApplies` states it).
    static func objection(purpose: Purpose, knowledge: EventKnowledge) -> CalendarDate? {
        guard let basis = purpose.legalBasis?.value, DataSubjectRights.objectionApplies(under: basis) else {
            return nil
        }
        return knowledge.objection(to: purpose.id.value)
    }

    /// Art. 5(1)(e): data is kept no longer than its period; the day after the last day it is due.
    static func storageLimitation(lastDay: CalendarDate?, asOf: CalendarDate) -> CalendarDate? {
        guard let lastDay, asOf > lastDay else { return nil }
        return dayAfter(lastDay)
    }

    static func dayAfter(_ date: CalendarDate) -> CalendarDate { date.adding(days: 1) ?? date }

    /// Data kept under a legal duty is only restricted once nothing else at that party still needs it
    /// (Art. 18 applies to data no longer needed for a live purpose): while live purposes there cover
    /// every category the duty keeps, it is simply held; where they cover some, those stay in use
    /// and only the rest is restricted, so no category has two statuses at one party.
    static func resolveRestrictions(_ holdings: inout [Holding]) {
        var live: [String: [(purpose: String, categories: [String])]] = [:]
        for holding in holdings where holding.status == .held && holding.certainty == .held {
            live[holding.party, default: []].append((holding.purpose, holding.categories))
        }
        for index in holdings.indices {
            guard case .restricted = holdings[index].status, let covering = live[holdings[index].party] else {
                continue
            }
            var purposes: [String] = []
            let inUse = holdings[index].categories.filter { category in
                let users = covering.filter { $0.categories.contains { Taxonomy.isSelfOrAncestor($0, of: category) } }
                for user in users where !purposes.contains(user.purpose) { purposes.append(user.purpose) }
                return !users.isEmpty
            }
            if inUse.count == holdings[index].categories.count {
                holdings[index].status = .held
            } else if !inUse.isEmpty {
                holdings[index].inUseElsewhere = inUse
                holdings[index].inUseFor = purposes
            }
        }
    }
}
