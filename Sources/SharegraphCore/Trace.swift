// Tracing one person's data: where it enters, which flows carry it on, which categories each
// holder gets, and, for each holding, the purpose, contract, path, retention date and status.

/// Whether a holding is certain or depends on something the subject file does not say.
public enum Certainty: String, Sendable, Codable {
    /// Every condition on the path holds for this person.
    case held
    /// Some condition on the path is unknown for this person (no event recorded either way).
    case possible
}

/// Where a holding stands as of the trace date.
public enum HoldingStatus: Sendable, Hashable {
    /// Kept, and its retention has not passed.
    case held
    /// Its retention passed (or consent was withdrawn, or the person objected): it should be gone.
    case due(since: CalendarDate, reason: DueReason)
    /// Kept only because a legal duty requires it (Art. 17(3)(b), Art. 18) until the date.
    case restricted(until: CalendarDate, duty: String)
    /// The holder confirmed the erasure.
    case deleted(on: CalendarDate)

    /// A stable word for scripts.
    public var keyword: String {
        switch self {
        case .held: "held"
        case .due: "due"
        case .restricted: "restricted"
        case .deleted: "deleted"
        }
    }
}

/// Why a holding is due for deletion.
public enum DueReason: String, Sendable, Hashable, Codable {
    case retentionPassed = "retention-passed"
    case consentWithdrawn = "consent-withdrawn"
    case objection
    case dutyEnded = "duty-ended"
}

/// How long a holder keeps the data, and the date that gives for this person.
public struct RetentionOutcome: Sendable, Hashable {
    /// Where the rule came from.
    public enum Source: String, Sendable, Hashable, Codable {
        /// The purpose's own rule (the controller, and processors acting for it).
        case purpose
        /// A rule stated on the flow for the recipient.
        case flow
        /// A legal retention duty.
        case duty
        /// No rule on the flow: an independent recipient decides for itself.
        case recipient
        /// No rule: the graph states none for the purpose.
        case unknown
    }

    /// The rule, if any.
    public var rule: RetentionRule?
    /// Where it came from.
    public var source: Source
    /// The anchor event's date for this person, when it is known (it may lie in the future).
    public var anchorDate: CalendarDate?
    /// The last day the data may be kept; nil while no date can be worked out.
    public var lastDay: CalendarDate?
    /// Whether `lastDay` is only the latest day (a `first of` rule with a part still unknown).
    public var atLatest = false
    /// A day before which the data is certainly not due, when only that much is known.
    public var notBefore: CalendarDate?
    /// The anchor event that decided the date.
    public var anchorEvent: String?
    /// While no last day is known: the anchor events whose date this person's file does not give
    /// (empty for an `at least` rule whose anchor is known: its end is simply not stated).
    public var unknownAnchors: [String] = []
    /// For data kept under a legal duty: the controller's own period from its policy, when it
    /// differs from the statute's. It is shown, never used as the end of a restriction: after an
    /// erasure request only the legal duty justifies keeping data (Art. 17(3)(b)).
    public var policyRule: RetentionRule?
    /// The last day the policy's own period gives.
    public var policyLastDay: CalendarDate?

    /// Creates an outcome.
    public init(rule: RetentionRule?, source: Source, anchorDate: CalendarDate? = nil, lastDay: CalendarDate? = nil) {
        self.rule = rule
        self.source = source
        self.anchorDate = anchorDate
        self.lastDay = lastDay
    }

    /// Whether no last day can be worked out yet (the anchor event's date is not known).
    public var isOpen: Bool { rule != nil && lastDay == nil }
}

/// One step of a path: the flow and the party it reaches.
public struct PathStep: Sendable, Hashable {
    /// The flow's id.
    public var flow: String
    /// The sending party and system.
    public var from: String
    /// The sending system, when the flow names one.
    public var fromSystem: String?
    /// The receiving party and system.
    public var to: String
    /// The receiving system, when the flow names one.
    public var toSystem: String?
    /// The recipient's role on this flow.
    public var role: Role
    /// The flow's condition, in words, when it has one.
    public var condition: String?
    /// The flow's condition as written, for words in another language.
    public var conditionValue: Condition = .always
    /// The truth of that condition for this person.
    public var truth: Truth
    /// The day the transfer happened, when the flow is dated by an event of its own (`on:`).
    public var date: CalendarDate?
    /// The event that dates the transfer.
    public var dateEvent: String?
}

/// One way the data reached a holding: the flow, what it carried, and the whole path from collection.
public struct Route: Sendable, Hashable {
    /// The steps from the collecting controller, the last one being the flow into this holder.
    public var steps: [PathStep]
    /// The categories this flow carried for this person.
    public var categories: [String]
    /// Whether every condition on this route holds.
    public var certainty: Certainty
    /// The flow's contract, and its kind.
    public var contract: String?
    /// The contract's kind.
    public var contractKind: ContractKind?
    /// The transfer mechanism and its contract, when the flow leaves the EEA.
    public var transfer: TransferMechanism?
    /// The contract that carries the transfer mechanism.
    public var transferContract: String?
}

/// What one party holds about the person under one purpose and one role.
public struct Holding: Sendable, Hashable {
    /// The holding party's id.
    public var party: String
    /// Its role: nil for the controller that collected the data, else the role on the flows into it.
    public var role: Role?
    /// The purpose the data serves (the collecting controller's purpose).
    public var purpose: String
    /// The controller whose purpose it is.
    public var controller: String
    /// The purpose's legal basis and Art. 9(2) condition.
    public var legalBasis: LegalBasis?
    /// The Art. 9(2) condition, when special categories are processed.
    public var specialCondition: SpecialCondition?
    /// The categories held, written as compactly as the taxonomy allows.
    public var categories: [String]
    /// Whether the holding is certain.
    public var certainty: Certainty
    /// The routes into the holding; empty for the collecting controller.
    public var routes: [Route]
    /// The retention rule and date.
    public var retention: RetentionOutcome
    /// The status as of the trace date.
    public var status: HoldingStatus
    /// The identifier types this holder knows (never the values).
    public var identifierTypes: [String]
    /// For a restricted holding: its categories another live purpose at the same party still uses.
    /// Only the rest is restricted (Art. 18): each category has one status at a party.
    public var inUseElsewhere: [String] = []
    /// The live purposes that use `inUseElsewhere`.
    public var inUseFor: [String] = []
}

/// One person's trace.
public struct Trace: Sendable {
    /// The subject's case reference.
    public var subject: String
    /// The date statuses are computed for.
    public var asOf: CalendarDate
    /// The controllers the person dealt with.
    public var controllers: [String]
    /// Every holding, in the order the walk found them (collecting controllers first).
    public var holdings: [Holding]
    /// Dates worked out from other events, by controller.
    public var derivedEvents: [String: [DerivedEvent]]

    /// The parties holding data, in the order first found.
    public var parties: [String] {
        var seen = Set<String>()
        return holdings.map(\.party).filter { seen.insert($0).inserted }
    }

    /// How the holdings stand, each counted once.
    public var summary: TraceSummary { TraceSummary(self) }

    /// Certain holdings whose retention has passed: a finding for the DPO to act on first.
    public var pastRetention: [Holding] {
        holdings.filter { holding in
            guard holding.certainty == .held, case .due = holding.status else { return false }
            return true
        }
    }
}

/// Counts of a trace's holdings, each in exactly one of held, possible, due, restricted and deleted.
///
/// A holding whose condition is unknown is *possible*, whatever its dates say: an unknown fact is
/// never counted as data held (nor as data due or restricted).
public struct TraceSummary: Sendable, Hashable {
    /// Parties that hold or may hold something.
    public var parties = 0
    /// Holdings, one per party, purpose and role.
    public var holdings = 0
    /// Holdings kept now, under a condition that holds.
    public var held = 0
    /// Holdings that depend on a fact nobody recorded.
    public var possible = 0
    /// Holdings past their last day: the data should be gone.
    public var due = 0
    /// Holdings kept only under a legal duty (Art. 18 restriction).
    public var restricted = 0
    /// Holdings whose deletion is recorded.
    public var deleted = 0
    /// Holdings with a retention rule but no last day yet.
    public var openDates = 0

    /// Counts a trace.
    public init(_ trace: Trace) {
        parties = trace.parties.count
        holdings = trace.holdings.count
        for holding in trace.holdings {
            if holding.retention.isOpen { openDates += 1 }
            switch (holding.status, holding.certainty) {
            case (.deleted, _): deleted += 1
            case (_, .possible): possible += 1
            case (.held, .held): held += 1
            case (.due, .held): due += 1
            case (.restricted, .held): restricted += 1
            }
        }
    }
}

extension TraceIndex {
    /// Traces one person: every holding with its routes, retention date and status as of `asOf`.
    public func trace(_ subject: Subject, asOf: CalendarDate) -> Trace {
        trace(subject, asOf: asOf, reach: reach(subject, asOf: asOf))
    }

    /// Builds the holdings from a finished walk.
    func trace(_ subject: Subject, asOf: CalendarDate, reach: Reach) -> Trace {
        var holdings: [Holding] = []
        holdings.reserveCapacity(reach.count)
        let relationships = Dictionary(
            subject.relationships.map { ($0.controller.value, $0) }, uniquingKeysWith: { first, _ in first })
        for index in 0..<reach.count where !subjectParties.contains(reach.records[index].party) {
            holdings.append(holding(index, reach: reach, relationships: relationships, asOf: asOf))
        }
        StatusRules.resolveRestrictions(&holdings)
        var derived: [String: [DerivedEvent]] = [:]
        for (number, controller) in reach.knowledgeController.enumerated()
        where !reach.knowledge[number].derived.isEmpty {
            derived[partyIDs[Int(controller)]] = reach.knowledge[number].derived
        }
        var seen = Set<String>()
        return Trace(
            subject: subject.reference.value, asOf: asOf,
            controllers: subject.relationships.map(\.controller.value).filter { seen.insert($0).inserted },
            holdings: holdings, derivedEvents: derived)
    }

    private func holding(_ index: Int, reach: Reach, relationships: [String: Relationship], asOf: CalendarDate)
        -> Holding
    {
        let purpose = graph.purposes[Int(reach.hot[index].purpose)]
        let party = partyIDs[Int(reach.records[index].party)]
        let role = Self.role(reach.hot[index].role)
        let knowledgeNumber = Int(reach.records[index].relationship)
        let knowledge = reach.knowledge[knowledgeNumber]
        let relationship = relationships[partyIDs[Int(reach.knowledgeController[knowledgeNumber])]]

        var routes: [Route] = []
        var incoming: [Int] = []
        var via = reach.records[index].firstRoute
        while via >= 0 {
            let flowNumber = Int(reach.routes[Int(via)].flow)
            let from = Int(reach.routes[Int(via)].from)
            let flow = graph.flows[flowNumber]
            incoming.append(flowNumber)
            let last = step(flowNumber, knowledge: knowledge)
            let carried = reach.hot[from].categories.intersection(
                flowByNumber[flowNumber].map { categorySets[Int($0.categories)] } ?? .empty)
            routes.append(
                Route(
                    steps: path(to: from, reach: reach, knowledge: knowledge) + [last],
                    categories: categories.summary(of: carried),
                    certainty: reach.hot[from].certain && last.truth == .yes ? .held : .possible,
                    contract: flow.contract?.value,
                    contractKind: flow.contract.flatMap { graph.contract($0.value)?.kind.value },
                    transfer: flow.transfer?.mechanism.value, transferContract: flow.transfer?.contract?.value))
            via = reach.routes[Int(via)].next
        }

        let retention = retention(for: purpose, role: role, incoming: incoming, knowledge: knowledge)
        let held = reach.hot[index].categories
        return Holding(
            party: party, role: role, purpose: purpose.id.value, controller: purpose.controller.value,
            legalBasis: purpose.legalBasis?.value, specialCondition: purpose.specialCondition?.value,
            categories: categories.summary(of: held), certainty: reach.hot[index].certain ? .held : .possible,
            routes: routes,
            retention: retention,
            status: StatusRules.status(
                party: party, purpose: purpose, retention: retention, knowledge: knowledge, relationship: relationship,
                asOf: asOf),
            identifierTypes: (relationship?.identifiers ?? []).filter { identifier in
                guard let category = identifier.category else { return role == nil }
                return categories.index(of: category).map(held.contains) ?? false
            }.map(\.type.value))
    }

    private func step(_ flowNumber: Int, knowledge: EventKnowledge) -> PathStep {
        let flow = graph.flows[flowNumber]
        let fromParty = graph.owningParty(of: flow.from.value) ?? flow.from.value
        let toParty = graph.owningParty(of: flow.to.value) ?? flow.to.value
        let truth = flowByNumber[flowNumber].map { self.truth(of: $0, knowledge: knowledge) } ?? .unknown
        let dateEvent = flow.transferEvent?.value
        return PathStep(
            flow: flow.id.value, from: fromParty, fromSystem: fromParty == flow.from.value ? nil : flow.from.value,
            to: toParty, toSystem: toParty == flow.to.value ? nil : flow.to.value, role: flow.role.value,
            condition: flow.condition.value == .always ? nil : flow.condition.value.summary,
            conditionValue: flow.condition.value, truth: truth,
            date: dateEvent.flatMap { eventPosition[$0] }.flatMap { knowledge.date(of: $0) }, dateEvent: dateEvent)
    }

    /// The steps from the collecting controller to a state, following each state's first (certain) parent.
    private func path(to state: Int, reach: Reach, knowledge: EventKnowledge) -> [PathStep] {
        var steps: [PathStep] = []
        var current = state
        // Parents form a tree (see `reach`); the bound only guards against a broken invariant.
        while reach.records[current].parentState >= 0, steps.count <= reach.count {
            steps.append(step(Int(reach.records[current].parentFlow), knowledge: knowledge))
            current = Int(reach.records[current].parentState)
        }
        return steps.reversed()
    }
}
