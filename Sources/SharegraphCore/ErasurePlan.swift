// From a person's trace to an erasure plan: one action per holder with its legal reason, processors
// in a dependency tree, restrictions under retention duties with their follow-up, and deadlines.

/// What a holder is asked to do, or why it is not asked.
public enum ErasureAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// The controller erases what it holds (Art. 17(1)).
    case erase
    /// The controller keeps the data only under a legal duty, used for nothing else (Art. 17(3)(b), Art. 18).
    case restrict
    /// A processor is instructed, and passes the instruction to its sub-processors (Art. 28(3)(g), 28(4)).
    case instruct
    /// An independent or joint controller that received the data is informed (Art. 19).
    case inform
    /// Kept under another exception of Art. 17(3), such as legal claims while a dispute is open (Art. 17(3)(e)).
    case hold
    /// An authority that received data in a particular inquiry gets no notice (Art. 4(9)).
    case noNotice = "no-notice"
    /// The erasure due when a restriction's duty ends.
    case followUp = "follow-up"

    /// Whether the action goes to the recipient and waits for its answer.
    public var needsAnswer: Bool { self != .noNotice && self != .hold }
}

/// One line of a notice: do this with these categories.
public struct ErasureInstruction: Sendable, Hashable, Codable {
    /// What to do with the categories.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Erase (Art. 17(1)); told to an independent recipient, the controller erased these (Art. 19).
        case erase
        /// Keep stored and use for nothing else (Art. 18); told to a recipient, the controller restricted these.
        case restrict
        /// Keep for an exception such as legal claims (Art. 17(3)(e)).
        case hold
        /// Keep in use under a legal duty that needs the data for its own purpose (Art. 17(3)(b), (c)).
        case keep
    }

    /// Whether to erase, restrict, hold or keep in use.
    public var kind: Kind
    /// The categories the line concerns.
    public var categories: [String]
    /// The purposes they were held for.
    public var purposes: [String]
    /// The last day of a restriction.
    public var until: CalendarDate?
    /// The provision behind a restriction.
    public var law: String?
    /// The earliest day a restriction can end, when the duty gives only a minimum ("at least").
    public var notBefore: CalendarDate? = nil
    /// The duty behind a restriction or a keep, by id.
    public var duty: String? = nil
    /// `.possible` when the categories come only from purposes or flows that may not apply to this
    /// person, in a notice that is otherwise certain: erase them if held. Nil: as certain as the notice.
    public var certainty: Certainty? = nil

    /// One line of a notice: what to do with which categories, and why.
    public init(
        kind: Kind, categories: [String], purposes: [String], until: CalendarDate?, law: String?,
        notBefore: CalendarDate? = nil, duty: String? = nil, certainty: Certainty? = nil
    ) {
        self.kind = kind
        self.categories = categories
        self.purposes = purposes
        self.until = until
        self.law = law
        self.notBefore = notBefore
        self.duty = duty
        self.certainty = certainty
    }
}

/// An identifier the recipient already holds, so it can find the person (OpenDSR `subject_identities`).
public struct SubjectIdentity: Sendable, Hashable, Codable {
    /// The identifier's type (`email`, `customer-number`).
    public var type: String
    /// The identifier itself.
    public var value: String
}

/// One notice in the plan.
public struct PlannedNotice: Sendable, Hashable {
    /// `recipient/action`: unique within a request.
    public var key: String
    /// The recipient's party id.
    public var recipient: String
    /// The recipient's name.
    public var recipientName: String
    /// The recipient's role for the data; nil for the controller itself.
    public var role: Role?
    /// What the recipient must do: erase, restrict, relay, inform or nothing.
    public var action: ErasureAction
    /// The key of the notice this one is passed on through and that waits for it: a sub-processor's processor.
    public var parent: String?
    /// Each thing to do, with its categories.
    public var instructions: [ErasureInstruction]
    /// The legal reason, with articles.
    public var reason: String
    /// Every category concerned, and the purposes.
    public var categories: [String]
    /// The purposes concerned.
    public var purposes: [String]
    /// Whether the holding is certain or only possible for this person.
    public var certainty: Certainty
    /// The day the recipient must have answered by; nil for notices that need no answer.
    public var deadline: CalendarDate?
    /// Not to be sent before this day (a follow-up erasure).
    public var notBefore: CalendarDate?
    /// How the notice is delivered.
    public var channel: NoticeChannel
    /// Only the identifiers this recipient already holds.
    public var identities: [SubjectIdentity]
    /// The parties the data passed through, from the controller to the recipient.
    public var path: [String]
    /// The legal duty a restriction or follow-up belongs to, when the party keeps data under several.
    public var duty: String? = nil
    /// The facts the reason rests on, for a notice to another party (nil for the controller's own).
    public var grounds: NoticeReason? = nil

    /// The legal reason in the notice's language (`en` or `nb`): worded from its grounds where it
    /// has them, else the English reason.
    public func reason(in language: String) -> String {
        grounds?.text(in: language) ?? reason
    }
}

/// A holding whose retention had passed before the request arrived.
public struct PastRetention: Sendable, Hashable {
    /// The holding party.
    public var party: String
    /// The purpose it held the data for.
    public var purpose: String
    /// The first day the holding was due.
    public var since: CalendarDate
    /// Why its retention had passed.
    public var reason: DueReason
}

/// A holding that stays untouched, and why.
public struct KeptHolding: Sendable, Hashable {
    /// The holding party.
    public var party: String
    /// The purpose it holds the data for.
    public var purpose: String
    /// Why the request does not end it, with the article.
    public var reason: String
}

/// Everything the controller must do for one request.
public struct ErasurePlan: Sendable {
    /// The request the plan answers.
    public var request: ErasureRequest
    /// When the controller must have answered (Art. 12(3)).
    public var deadline: RequestDeadline
    /// In dependency order: a parent before its children, the controller's own tasks first.
    public var notices: [PlannedNotice]
    /// Holdings the request does not end (out of scope, still needed, already erased).
    public var kept: [KeptHolding]
    /// Holdings of this controller's data that were certainly past their retention before the
    /// request arrived: data that should already have been gone (Art. 5(1)(e)), a finding to act on first.
    public var pastRetention: [PastRetention] = []

    /// The notices that a given notice waits for.
    public func children(of key: String) -> [PlannedNotice] { notices.filter { $0.parent == key } }
}

/// Why a request cannot be planned.
public enum ErasurePlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownController(Located<String>, message: String)
    case notAController(Located<String>)
    case noRelationship(Located<String>)
    case unknownPurpose(Located<String>, message: String)
    case purposeOfAnotherController(Located<String>, controller: String)

    /// Where the problem was written.
    public var location: SourceLocation {
        switch self {
        case .unknownController(let id, _), .notAController(let id), .noRelationship(let id),
            .unknownPurpose(let id, _),
            .purposeOfAnotherController(let id, _):
            id.location
        }
    }

    /// The problem in words, with what to do.
    public var description: String {
        switch self {
        case .unknownController(_, let message): message
        case .notAController(let id):
            "`\(id.value)` controls no purpose in the graph, so it cannot have received an erasure request"
        case .noRelationship(let id):
            "the subject has no relationship with `\(id.value)`; add one to the subject file or name the right controller"
        case .unknownPurpose(_, let message): message
        case .purposeOfAnotherController(let id, let controller):
            "purpose `\(id.value)` belongs to `\(controller)`, not to the controller that received the request"
        }
    }
}

extension TraceIndex {
    /// Plans a request: traces the person as of the day it was received and gives each holder one action.
    public func erasurePlan(for request: ErasureRequest) throws(ErasurePlanError) -> ErasurePlan {
        let (controller, relationship) = try check(request)
        let received = request.received.value
        let trace = trace(request.subject, asOf: received)
        let deadline = RequestDeadline(
            received: received, promise: controller.responseTime?.value,
            extensionMonths: request.deadlineExtension?.months,
            workingDays: WorkingDays(country: controller.country?.value))
        var planner = ErasurePlanner(
            graph: graph, categoryIndex: categories, request: request, relationship: relationship, trace: trace,
            deadline: deadline)
        return planner.plan()
    }

    /// Whether a plan can be made for `request`, without tracing: the checks `erasurePlan(for:)` makes
    /// first, so a batch can be checked whole before any of it is recorded.
    @discardableResult
    public func check(_ request: ErasureRequest) throws(ErasurePlanError) -> (
        controller: Party, relationship: Relationship
    ) {
        let controllerID = request.controller.value
        guard let controller = graph.party(controllerID) else {
            throw .unknownController(
                request.controller,
                message: Suggestion.unknown("controller", controllerID, among: graph.parties.map(\.id.value)))
        }
        guard !graph.purposes(controlledBy: controllerID).isEmpty else { throw .notAController(request.controller) }
        guard let relationship = request.subject.relationships.first(where: { $0.controller.value == controllerID })
        else {
            throw .noRelationship(request.controller)
        }
        for purpose in request.scope.purposes {
            guard let found = graph.purpose(purpose.value) else {
                throw .unknownPurpose(
                    purpose,
                    message: Suggestion.unknown(
                        "purpose", purpose.value, among: graph.purposes(controlledBy: controllerID).map(\.id.value)))
            }
            if found.controller.value != controllerID {
                throw .purposeOfAnotherController(purpose, controller: found.controller.value)
            }
        }
        return (controller, relationship)
    }
}

/// The working state of one plan.
struct ErasurePlanner {
    let graph: Graph
    let categoryIndex: CategoryIndex
    let request: ErasureRequest
    let relationship: Relationship
    let trace: Trace
    let requestDeadline: RequestDeadline
    var kept: [KeptHolding] = []
    /// What the controller itself does with its data: what Art. 19 communicates to recipients.
    private var controllerOutcome = ControllerOutcome()

    /// What the controller keeps of its own data after the request, worked out before any recipient's
    /// notice: restricted under each duty, and kept (held for an exception, in use under a duty,
    /// still needed for another purpose).
    struct ControllerOutcome {
        var restricted: [RestrictionsUnderLaw] = []
        var kept = CategorySet.empty
    }

    private enum Treatment {
        case erase
        case restrict(Restriction)
        case hold(ErasureException)
        case noNotice
    }

    /// The working days of the controller's country, for every deadline the plan sets.
    private var workingDays: WorkingDays { WorkingDays(country: graph.party(request.controller.value)?.country?.value) }

    /// The date every notice that needs an answer carries.
    private var deadline: CalendarDate { requestDeadline.effective }

    init(
        graph: Graph, categoryIndex: CategoryIndex, request: ErasureRequest, relationship: Relationship, trace: Trace,
        deadline: RequestDeadline
    ) {
        self.graph = graph
        self.categoryIndex = categoryIndex
        self.request = request
        self.relationship = relationship
        self.trace = trace
        self.requestDeadline = deadline
    }

    mutating func plan() -> ErasurePlan {
        let controller = request.controller.value
        var inScope = Set<Int>()
        var parties: [String] = []
        var partiesSeen = Set<String>()
        var holdingsOfParty: [String: [Int]] = [:]
        for (index, holding) in trace.holdings.enumerated() {
            holdingsOfParty[holding.party, default: []].append(index)
            // The controller's own purposes, and anything a recipient holds under them. What an
            // independent recipient passed on for a purpose of its own is that recipient's to tell.
            guard holding.controller == controller else {
                if holding.routes.contains(where: { $0.steps.first?.from == controller }) {
                    let owner = graph.party(holding.controller)?.name.value ?? holding.controller
                    kept.append(
                        KeptHolding(
                            party: holding.party, purpose: holding.purpose,
                            reason:
                                "serves \(owner)'s own purpose; \(owner) received the data as an independent controller, is informed, and tells its own recipients (Art. 17, 19)"
                        ))
                }
                continue
            }
            if case .deleted(let day) = holding.status {
                kept.append(
                    KeptHolding(party: holding.party, purpose: holding.purpose, reason: "already erased on \(day)"))
            } else if let reason = outOfScope(holding) {
                kept.append(KeptHolding(party: holding.party, purpose: holding.purpose, reason: reason))
            } else {
                if partiesSeen.insert(holding.party).inserted { parties.append(holding.party) }
                inScope.insert(index)
            }
        }
        func split(_ party: String) -> (inScope: [Holding], live: [Holding]) {
            let indices = holdingsOfParty[party] ?? []
            // What the party certainly keeps of this controller's data for purposes the request does
            // not end. A holding that is only possible is no reason to keep anything.
            let live = indices.filter { !inScope.contains($0) }.map { trace.holdings[$0] }.filter { holding in
                guard holding.certainty == .held, holding.controller == controller else { return false }
                switch holding.status {
                case .held, .restricted: return true
                case .due, .deleted: return false
                }
            }
            return (indices.filter(inScope.contains).map { trace.holdings[$0] }, live)
        }
        let own = split(controller)
        controllerOutcome = outcome(holdings: own.inScope, live: own.live)
        var notices: [PlannedNotice] = []
        for party in parties {
            let (holdings, live) = split(party)
            notices += self.notices(for: party, holdings: holdings, live: live)
        }
        var plan = ErasurePlan(
            request: request, deadline: requestDeadline, notices: Self.ordered(linkParents(notices)), kept: kept)
        plan.pastRetention = trace.pastRetention.compactMap { holding in
            guard holding.controller == controller, case .due(let since, let reason) = holding.status,
                since < request.received.value
            else { return nil }
            return PastRetention(party: holding.party, purpose: holding.purpose, since: since, reason: reason)
        }
        return plan
    }

    /// Why a holding stays out of the request, or nil when the request ends it.
    private func outOfScope(_ holding: Holding) -> String? { ErasureRules.outOfScope(holding, scope: request.scope) }

    private func treatment(_ holding: Holding) -> Treatment {
        if ErasureRules.isNotARecipient(holding) { return .noNotice }
        let purpose = graph.purpose(holding.purpose)
        if let exception = ErasureRules.erasureException(holding, purpose: purpose) { return .hold(exception) }
        if let duty = purpose?.duty.flatMap({ graph.duty($0.value) }),
            let end = ErasureRules.legalDutyRestriction(holding, duty: duty, received: request.received.value)
        {
            return .restrict(
                Restriction(
                    holding: holding, duty: duty, until: end.lastDay, notBefore: end.notBefore,
                    categories: categoryIndex.closure(of: duty.categories.map(\.value)),
                    policy: holding.retention.policyRule, policyLastDay: holding.retention.policyLastDay,
                    unrecorded: holding.retention.unknownAnchors))
        }
        return .erase
    }

    private func set(_ categories: [String]) -> CategorySet { categoryIndex.closure(of: categories) }
    private func ids(_ set: CategorySet) -> [String] { categoryIndex.summary(of: set) }

    /// A holding kept under a retention duty (Art. 17(3)(b)): the statute's categories of it and
    /// the last day the duty gives (or its minimum), with the policy's own period where it differs.
    struct Restriction {
        var holding: Holding
        var duty: RetentionDuty
        var until: CalendarDate?
        var notBefore: CalendarDate?
        var categories: CategorySet
        var policy: RetentionRule?
        var policyLastDay: CalendarDate?
        /// Anchor events of the rule the person's file does not record.
        var unrecorded: [String]
        var law: String { duty.law }
    }

    /// The restrictions under one duty, with the categories it keeps at the party: each duty keeps
    /// its own categories until its own end.
    struct RestrictionsUnderLaw {
        var duty: RetentionDuty
        var categories: CategorySet
        var group: [Restriction]
        var law: String { duty.law }
        /// The last day, when every holding's is known.
        var until: CalendarDate? {
            let dates = group.compactMap(\.until)
            return dates.count == group.count ? dates.max() : nil
        }
        /// The earliest day the duty can end, when only minimums (or some dates) are known.
        var notBefore: CalendarDate? {
            guard until == nil else { return nil }
            return (group.compactMap(\.until) + group.compactMap(\.notBefore)).max()
        }
        /// The person's dates the end waits for.
        var unrecorded: [String] { ErasurePlanner.unique(group.flatMap(\.unrecorded)) }
        /// Whether `until` is only the outer bound the law allows (`first of` with a part unrecorded):
        /// the duty may end earlier, never later.
        var atTheLatest: Bool { until != nil && group.contains { $0.holding.retention.atLatest } }
    }

    /// A party's holdings sorted by what the law does with each.
    private struct Sorted {
        var erase: [Holding] = []
        var restrict: [Restriction] = []
        var hold: [(Holding, ErasureException)] = []
        var exempt: [Holding] = []
    }

    /// What the plan tells one party: erase, restrict, hold, instruct or inform, each notice with
    /// its legal reason (Art. 17(3), 18, 19, 26, 28).
    private mutating func notices(for party: String, holdings: [Holding], live: [Holding]) -> [PlannedNotice] {
        let info = graph.party(party)
        let isController =
            party == request.controller.value || holdings.allSatisfy { $0.role == nil || $0.role == .internal }
        let sorted = sort(holdings)
        // What stays at the party never overlaps what goes: holds first, then restrictions, then
        // what other purposes still need; erasure takes the rest, split below a parent where part stays.
        let holdSet = sorted.hold.reduce(CategorySet.empty) { $0.union(set($1.0.categories)) }
        let liveSet = live.reduce(CategorySet.empty) { $0.union(set($1.categories)) }
        let restrictByLaw = group(sorted.restrict, keepingApartFrom: holdSet)
        let restrictSet = restrictByLaw.reduce(CategorySet.empty) { $0.union($1.categories) }
        let erasure = erasureLists(sorted.erase, keeping: holdSet.union(restrictSet).union(liveSet))
        noteKept(
            party: party, erase: sorted.erase, eraseSet: erasure.certain.union(erasure.possible),
            restrict: sorted.restrict, live: live)
        let instructions = self.instructions(
            erase: sorted.erase, erasure: erasure, restrictByLaw: restrictByLaw, hold: sorted.hold, holdSet: holdSet)

        let maker = NoticeMaker(
            party: party, name: info?.name.value ?? party, isController: isController, holdings: holdings,
            identities: identities(for: holdings, isController: isController),
            path: holdings.first?.routes.first.map {
                [$0.steps.first?.from ?? request.controller.value] + $0.steps.map(\.to)
            } ?? [party])
        let followUps = FollowUp.all(
            restrictByLaw, instructions: instructions, workingDays: workingDays, graph: graph)
        if isController {
            return controllerNotices(
                maker, instructions: instructions, sorted: sorted, restrictByLaw: restrictByLaw, followUps: followUps)
        }
        return recipientNotices(
            maker, info: info, instructions: instructions, sorted: sorted, liveSet: liveSet, followUps: followUps)
    }

    /// What the controller keeps of its own holdings: the sets the party's notices would keep.
    private func outcome(holdings: [Holding], live: [Holding]) -> ControllerOutcome {
        let sorted = sort(holdings)
        let holdSet = sorted.hold.reduce(CategorySet.empty) { $0.union(set($1.0.categories)) }
        let liveSet = live.reduce(CategorySet.empty) { $0.union(set($1.categories)) }
        let groups = group(sorted.restrict, keepingApartFrom: holdSet)
        let inUse = groups.filter { $0.duty.keeps == .inUse }.reduce(CategorySet.empty) { $0.union($1.categories) }
        return ControllerOutcome(
            restricted: groups.filter { $0.duty.keeps == .restricted }, kept: holdSet.union(liveSet).union(inUse))
    }

    /// What an erase list may name (Art. 17(1)): the categories the party certainly holds for this
    /// person, less what stays; apart from them, what only a purpose or flow that may not apply to the
    /// person would add, to be erased if held. Splitting a parent where part of it stays therefore
    /// never names a child that only a possible purpose brings in as if it were the person's data.
    private func erasureLists(_ erase: [Holding], keeping stays: CategorySet) -> ErasureLists {
        let held = erase.filter { $0.certainty == .held }.reduce(CategorySet.empty) { $0.union(set($1.categories)) }
        let maybe = erase.filter { $0.certainty == .possible }.reduce(CategorySet.empty) {
            $0.union(set($1.categories))
        }
        // A party that holds nothing certainly has a possible notice: its one list is as possible as it is.
        guard !held.isEmpty else {
            return ErasureLists(certain: categoryIndex.subtracting(stays, from: maybe), possible: .empty)
        }
        let certain = categoryIndex.subtracting(stays, from: held)
        return ErasureLists(
            certain: certain, possible: categoryIndex.subtracting(stays.union(certain), from: maybe),
            possiblePurposes: Self.unique(erase.filter { $0.certainty == .possible }.map(\.purpose)))
    }

    /// Each holding's treatment; a restricted holding's categories beyond the statute's are erased.
    private func sort(_ holdings: [Holding]) -> Sorted {
        var sorted = Sorted()
        for holding in holdings {
            switch treatment(holding) {
            case .erase: sorted.erase.append(holding)
            case .restrict(var restriction):
                // Only what the statute names stays; the rest of the purpose's data goes.
                let statute = restriction.categories
                let held = set(holding.categories)
                restriction.categories = held.intersection(statute)
                if !restriction.categories.isEmpty { sorted.restrict.append(restriction) }
                if !categoryIndex.subtracting(statute, from: held).isEmpty { sorted.erase.append(holding) }
            case .hold(let exception): sorted.hold.append((holding, exception))
            case .noNotice: sorted.exempt.append(holding)
            }
        }
        return sorted
    }

    /// Restrictions grouped by duty, in the statutes' order, without what a hold keeps already.
    private func group(_ restrictions: [Restriction], keepingApartFrom holdSet: CategorySet) -> [RestrictionsUnderLaw] {
        var byDuty: [RestrictionsUnderLaw] = []
        for item in restrictions {
            let categories = categoryIndex.subtracting(holdSet, from: item.categories)
            guard !categories.isEmpty else { continue }
            if let position = byDuty.firstIndex(where: { $0.duty.id.value == item.duty.id.value }) {
                byDuty[position].categories = byDuty[position].categories.union(categories)
                byDuty[position].group.append(item)
            } else {
                byDuty.append(RestrictionsUnderLaw(duty: item.duty, categories: categories, group: [item]))
            }
        }
        // One status per category at a party: what a duty keeps in use is not also restricted
        // under another (Art. 18 would forbid the use the first duty keeps it for).
        let inUse = byDuty.filter { $0.duty.keeps == .inUse }.reduce(CategorySet.empty) { $0.union($1.categories) }
        if !inUse.isEmpty {
            byDuty = byDuty.compactMap { item in
                guard item.duty.keeps == .restricted else { return item }
                var item = item
                item.categories = categoryIndex.subtracting(inUse, from: item.categories)
                return item.categories.isEmpty ? nil : item
            }
        }
        return Self.keptOnce(byDuty.sorted { ($0.law, $0.duty.id.value) < ($1.law, $1.duty.id.value) }, categoryIndex)
    }

    /// One status per category at a party: a category two duties keep stays with the duty that keeps
    /// it longest (an end not yet known counts as longest), so the earlier duty's follow-up never
    /// erases what the later duty still requires, and a recipient hears of one end for it.
    static func keptOnce(_ groups: [RestrictionsUnderLaw], _ index: CategoryIndex) -> [RestrictionsUnderLaw] {
        func outlasts(_ one: RestrictionsUnderLaw, _ other: RestrictionsUnderLaw) -> Bool {
            switch (one.until, other.until) {
            case (nil, .some): true
            case (.some(let a), .some(let b)): a > b
            default: false
            }
        }
        var result = groups
        for position in result.indices {
            for other in result.indices where other != position {
                let keeperIsOther =
                    outlasts(result[other], result[position])
                    || (!outlasts(result[position], result[other]) && other < position)
                guard keeperIsOther else { continue }
                result[position].categories = index.subtracting(
                    result[other].categories, from: result[position].categories)
            }
        }
        return result.filter { !$0.categories.isEmpty }
    }

    /// Records the holdings whose every category stays (restricted, held or needed by another purpose).
    private mutating func noteKept(
        party: String, erase: [Holding], eraseSet: CategorySet, restrict: [Restriction], live: [Holding]
    ) {
        for holding in erase
        where eraseSet.intersection(set(holding.categories)).isEmpty
            && !restrict.contains(where: { $0.holding == holding })
        {
            let needing = Self.unique(live.map(\.purpose))
            kept.append(
                KeptHolding(
                    party: party, purpose: holding.purpose,
                    reason: needing.isEmpty
                        ? "its categories stay restricted or held"
                        : "its categories are still needed for \(needing.joined(separator: ", "))"))
        }
    }

    /// Erase what goes, restrict under each statute until its last day, hold what an exception keeps.
    private func instructions(
        erase: [Holding], erasure: ErasureLists, restrictByLaw: [RestrictionsUnderLaw],
        hold: [(Holding, ErasureException)], holdSet: CategorySet
    ) -> [ErasureInstruction] {
        var instructions = erasure.instructions(erase, ids: ids)
        for item in restrictByLaw {
            instructions.append(
                ErasureInstruction(
                    kind: item.duty.keeps == .inUse ? .keep : .restrict, categories: ids(item.categories),
                    purposes: Self.unique(item.group.map(\.holding.purpose)),
                    until: item.until, law: item.law, notBefore: item.notBefore, duty: item.duty.id.value))
        }
        if !hold.isEmpty {
            instructions.append(
                ErasureInstruction(
                    kind: .hold, categories: ids(holdSet), purposes: Self.unique(hold.map(\.0.purpose)), until: nil,
                    law: nil))
        }
        return instructions
    }

    /// A party's erase lists: what it certainly holds, and what it holds only if a possible purpose
    /// applies to the person.
    struct ErasureLists {
        var certain: CategorySet
        var possible: CategorySet
        var possiblePurposes: [String] = []

        /// One erase instruction for each list that is not empty.
        func instructions(_ erase: [Holding], ids: (CategorySet) -> [String]) -> [ErasureInstruction] {
            var result: [ErasureInstruction] = []
            let certainIDs = ids(certain)
            if !certainIDs.isEmpty {
                // With a possible list apart, the certain one names the purposes the person certainly has.
                let purposes = ErasurePlanner.unique(
                    erase.filter { possible.isEmpty || $0.certainty == .held }.map(\.purpose))
                result.append(
                    ErasureInstruction(kind: .erase, categories: certainIDs, purposes: purposes, until: nil, law: nil))
            }
            let possibleIDs = ids(possible)
            if !possibleIDs.isEmpty {
                result.append(
                    ErasureInstruction(
                        kind: .erase, categories: possibleIDs, purposes: possiblePurposes, until: nil, law: nil,
                        certainty: .possible))
            }
            return result
        }
    }

    /// The erasure that follows a kept holding once its duty's period has ended (Art. 17(3)(b) ends):
    /// one per duty, each with its own day, so a duty that ends earlier is not kept waiting for another.
    private struct FollowUp {
        var duty: RetentionDuty
        var keep: ErasureInstruction
        var instruction: ErasureInstruction
        /// The day the erasure comes due; nil when only a minimum (or nothing) is known.
        var day: CalendarDate?
        /// Not before this day: the day after the end, or after the known minimum.
        var notBefore: CalendarDate?
        var grounds: NoticeReason
        var reason: String { grounds.english }
        var deadline: CalendarDate?
        var holdings: [Holding]

        init(_ item: RestrictionsUnderLaw, keep: ErasureInstruction, workingDays: WorkingDays, graph: Graph) {
            duty = item.duty
            self.keep = keep
            instruction = ErasureInstruction(
                kind: .erase, categories: keep.categories, purposes: keep.purposes, until: nil, law: nil,
                duty: item.duty.id.value)
            day = item.until.flatMap { $0.adding(days: 1) }
            notBefore = day ?? item.notBefore.flatMap { $0.adding(days: 1) }
            holdings = item.group.map(\.holding)
            deadline = day.map { workingDays.periodEnd($0.adding(months: 1) ?? $0) }
            if day != nil {
                grounds = .dutyEnded(law: item.law)
            } else if let minimum = item.notBefore {
                grounds = .dutyMinimum(law: item.law, minimum: minimum, checkFrom: notBefore ?? minimum)
            } else {
                grounds = .dutyWaits(
                    law: item.law, events: item.unrecorded.map { NoticeReason.NamedEvent($0, graph: graph) })
            }
        }

        static func all(
            _ groups: [RestrictionsUnderLaw], instructions: [ErasureInstruction], workingDays: WorkingDays, graph: Graph
        ) -> [FollowUp] {
            groups.compactMap { item in
                guard let keep = instructions.first(where: { $0.duty == item.duty.id.value }) else { return nil }
                return FollowUp(item, keep: keep, workingDays: workingDays, graph: graph)
            }
        }
    }

    /// The person's dates a duty's end waits for, in words: which fact is missing and what it decides.
    static func missing(_ events: [String], graph: Graph) -> String {
        NoticeReason.missing(events.map { NoticeReason.NamedEvent($0, graph: graph) }, norwegian: false)
    }

    /// Events by their names, quoted.
    static func quoted(_ events: [String], graph: Graph) -> [String] {
        events.map { graph.events[$0].map { "“\($0)”" } ?? "`\($0)`" }
    }

    /// Makes one party's notices: what they all share (recipient, identities, path, certainty).
    private struct NoticeMaker {
        let party: String
        let name: String
        let isController: Bool
        let holdings: [Holding]
        let identities: [SubjectIdentity]
        let path: [String]

        func notice(
            _ action: ErasureAction, _ items: [ErasureInstruction], reason: String, channel: NoticeChannel,
            deadline: CalendarDate?,
            notBefore: CalendarDate? = nil, from group: [Holding], duty: String? = nil, grounds: NoticeReason? = nil
        ) -> PlannedNotice {
            let certainty: Certainty = holdings.contains { $0.certainty == .held } ? .held : .possible
            // A notice without instructions (no notice to an authority) still names what the party received.
            let categories =
                items.isEmpty
                ? ErasurePlanner.collapsed(group.flatMap(\.categories))
                : ErasurePlanner.unique(items.flatMap(\.categories))
            return PlannedNotice(
                key: "\(party)/\(action.rawValue)" + (duty.map { "/\($0)" } ?? ""), recipient: party,
                recipientName: name,
                role: isController ? nil : group.compactMap(\.role).first ?? holdings.compactMap(\.role).first,
                action: action, parent: nil,
                instructions: items, reason: reason, categories: categories,
                purposes: ErasurePlanner.unique(group.map(\.purpose)),
                certainty: group.contains { $0.certainty == .held } ? .held : certainty, deadline: deadline,
                notBefore: notBefore,
                channel: channel, identities: action.needsAnswer ? identities : [], path: path, duty: duty,
                grounds: grounds)
        }
    }

    /// The controller's own notices, all internal: erase; restrict under each duty and erase when it
    /// ends; hold what an exception or a duty keeps in use.
    private func controllerNotices(
        _ maker: NoticeMaker, instructions: [ErasureInstruction], sorted: Sorted, restrictByLaw: [RestrictionsUnderLaw],
        followUps: [FollowUp]
    ) -> [PlannedNotice] {
        var result: [PlannedNotice] = []
        let erases = instructions.filter { $0.kind == .erase }
        if !erases.isEmpty {
            result.append(
                maker.notice(
                    .erase, erases, reason: "\(request.scope.ground): no exception applies", channel: .internal,
                    deadline: deadline, from: sorted.erase))
        }
        // Each duty its own notices, keyed by the duty where the party keeps data under several.
        let several = followUps.count > 1
        for followUp in followUps {
            let duty = several ? followUp.duty.id.value : nil
            if followUp.keep.kind == .restrict {
                let group = restrictByLaw.filter { $0.duty.id.value == followUp.duty.id.value }
                result.append(
                    maker.notice(
                        .restrict, [followUp.keep], reason: Self.restrictionReason(group, graph: graph),
                        channel: .internal, deadline: deadline, from: followUp.holdings, duty: duty))
            }
            result.append(
                maker.notice(
                    .followUp, [followUp.instruction], reason: followUp.reason, channel: .internal,
                    deadline: followUp.deadline, notBefore: followUp.notBefore, from: followUp.holdings, duty: duty,
                    grounds: followUp.grounds))
        }
        let inUse = followUps.filter { $0.keep.kind == .keep }
        let holds = instructions.filter { $0.kind == .hold } + inUse.map(\.keep)
        if !holds.isEmpty {
            let reasons =
                (sorted.hold.isEmpty ? [] : [Self.holdReason(sorted.hold, graph: graph)])
                + restrictByLaw.filter { $0.duty.keeps == .inUse }.map { Self.keptInUseReason($0, graph: graph) }
            result.append(
                maker.notice(
                    .hold, holds, reason: reasons.joined(separator: "; "), channel: .internal, deadline: nil,
                    from: sorted.hold.map(\.0) + inUse.flatMap(\.holdings)))
        }
        return result
    }

    /// Another party's notices: none to an authority that received data in an inquiry, an
    /// instruction to a processor (Art. 28), word to an independent or joint controller (Art. 19, 26).
    private mutating func recipientNotices(
        _ maker: NoticeMaker, info: Party?, instructions: [ErasureInstruction], sorted: Sorted, liveSet: CategorySet,
        followUps: [FollowUp]
    ) -> [PlannedNotice] {
        var result: [PlannedNotice] = []
        let holdings = maker.holdings
        if !sorted.exempt.isEmpty {
            let why =
                info?.contact.noneReason
                ?? "received the data in a particular inquiry and is not a recipient (Art. 4(9))"
            result.append(
                maker.notice(
                    .noNotice, [], reason: "\(maker.name) \(why)", channel: .none(reason: why), deadline: nil,
                    from: sorted.exempt))
        }
        guard !instructions.isEmpty else { return result }
        // Who passed the data on: the last organisation on the path, never the person themselves.
        let sender = holdings.lazy.flatMap(\.routes).compactMap(\.steps.last?.from)
            .first { self.graph.party($0)?.kind != .dataSubject }
        // One company can be a processor for some of the data and an independent controller for the rest (Stripe).
        let instructed = holdings.filter { $0.role?.actsOnInstructions == true }
        if !instructed.isEmpty {
            let subProcessor = instructed.contains { $0.role == .subProcessor }
            // Organisations are named as the graph names them: the reader knows them by name.
            let controllerName = graph.party(request.controller.value)?.name.value ?? request.controller.value
            let grounds: NoticeReason =
                subProcessor
                ? .subProcessor(controller: controllerName, through: sender.map { graph.party($0)?.name.value ?? $0 })
                : .processor(controller: controllerName)
            result.append(
                maker.notice(
                    .instruct, instructions, reason: grounds.english, channel: .direct(to: info, for: .instruct),
                    deadline: deadline, from: instructed, grounds: grounds))
            let several = followUps.count > 1
            for followUp in followUps {
                result.append(
                    maker.notice(
                        .followUp, [followUp.instruction], reason: followUp.reason,
                        channel: .direct(to: info, for: .followUp), deadline: followUp.deadline,
                        notBefore: followUp.notBefore, from: followUp.holdings,
                        duty: several ? followUp.duty.id.value : nil, grounds: followUp.grounds))
            }
        }
        let informed = holdings.filter { $0.role?.usesDataForOwnPurposes == true }
        if !informed.isEmpty,
            let notice = informNotice(maker, info: info, informed: informed, sender: sender, liveSet: liveSet)
        {
            result.append(notice)
        }
        return result
    }

    /// Art. 19 (and Art. 26 for a joint controller): what the controller actually did with the
    /// categories the recipient received. A category the controller erased is communicated as erased
    /// (Art. 17(1)); one it restricted, as restricted until the duty's end (Art. 18); one it keeps
    /// (a duty that keeps it in use, an exception, another purpose) was not erased, so nothing is
    /// communicated for it. Nil when nothing was erased or restricted.
    private mutating func informNotice(
        _ maker: NoticeMaker, info: Party?, informed: [Holding], sender: String?, liveSet: CategorySet
    ) -> PlannedNotice? {
        let joint = informed.contains { $0.role == .jointController }
        let received = categoryIndex.subtracting(
            liveSet, from: informed.reduce(CategorySet.empty) { $0.union(set($1.categories)) })
        let purposes = Self.unique(informed.map(\.purpose))
        var items: [ErasureInstruction] = []
        var restricted = CategorySet.empty
        for group in controllerOutcome.restricted {
            let here = received.intersection(group.categories)
            guard !here.isEmpty else { continue }
            restricted = restricted.union(here)
            items.append(
                ErasureInstruction(
                    kind: .restrict, categories: ids(here), purposes: purposes, until: group.until, law: group.law,
                    notBefore: group.notBefore, duty: group.duty.id.value))
        }
        // What the controller erased, named as the recipient's lists are: what it certainly
        // received, and apart from that what it received only if a possible flow applies.
        let erasure = erasureLists(informed, keeping: liveSet.union(controllerOutcome.kept).union(restricted))
        items.insert(contentsOf: erasure.instructions(informed, ids: ids), at: 0)
        let controllerName = graph.party(request.controller.value)?.name.value ?? request.controller.value
        guard !items.isEmpty else {
            for holding in informed {
                kept.append(
                    KeptHolding(
                        party: maker.party, purpose: holding.purpose,
                        reason:
                            "\(controllerName) keeps these categories itself, so it erased or restricted nothing to communicate (Art. 19)"
                    ))
            }
            return nil
        }
        let restricts = items.contains { $0.kind == .restrict }
        let erases = items.contains { $0.kind == .erase }
        let outcome: NoticeReason.Outcome = restricts ? (erases ? .erasedOrRestricted : .restricted) : .erased
        let grounds: NoticeReason =
            joint
            ? .jointController(controllerName: controllerName, outcome: outcome)
            : .informed(
                controllerName: controllerName, outcome: outcome, recipient: maker.name,
                sender: graph.party(sender ?? request.controller.value)?.name.value ?? sender
                    ?? request.controller.value)
        return maker.notice(
            .inform, items, reason: grounds.english, channel: .direct(to: info, for: .inform), deadline: deadline,
            from: informed, grounds: grounds)
    }

    /// The reason of a restriction: the statute and the date it gives (or its minimum, or the fact
    /// its end waits for), and, where the controller's policy keeps the data longer, that this
    /// longer period is not a legal obligation.
    static func restrictionReason(_ groups: [RestrictionsUnderLaw], graph: Graph) -> String {
        var laws: [String] = []
        var notes: [String] = []
        for item in groups {
            laws.append("\(item.law) \(dutyEnd(item, graph: graph))")
            for restriction in item.group {
                guard let policy = restriction.policy else { continue }
                let policyEnd = restriction.policyLastDay.map { ", to \($0)" } ?? ""
                notes.append(
                    "the policy's own period (\(policy)\(policyEnd)) is not a legal obligation and does not justify keeping the data"
                )
            }
        }
        let note = unique(notes).isEmpty ? "" : "; " + unique(notes).joined(separator: "; ")
        return "Art. 17(3)(b), Art. 18: kept under \(laws.joined(separator: "; ")), used for nothing else\(note)"
    }

    /// The reason data stays in use under a duty that needs it (Art. 17(3)(b)): not a restriction.
    static func keptInUseReason(_ item: RestrictionsUnderLaw, graph: Graph) -> String {
        "Art. 17(3)(b): kept in use under \(item.law) \(dutyEnd(item, graph: graph)); not restricted, because the duty keeps the data for its own use"
    }

    /// How long a duty keeps the data, in words: its last day, its minimum, or the fact it waits for.
    static func dutyEnd(_ item: RestrictionsUnderLaw, graph: Graph) -> String {
        if let until = item.until {
            guard item.atTheLatest else { return "until \(until)" }
            let sooner = quoted(item.unrecorded, graph: graph)
            return
                "until \(until) at the latest; it ends sooner if \(sooner.joined(separator: " or ")) comes first, which is not recorded"
        }
        if let minimum = item.notBefore {
            let missing = item.unrecorded.isEmpty ? "" : "; the end waits for \(missing(item.unrecorded, graph: graph))"
            return "at least until \(minimum)\(missing)"
        }
        return "until its period ends; the end waits for \(missing(item.unrecorded, graph: graph))"
    }

    /// The reason of a hold: the exception's article, what it serves, and until when.
    static func holdReason(_ hold: [(Holding, ErasureException)], graph: Graph) -> String {
        let parts = unique(
            hold.map { holding, exception in
                let purpose = graph.purpose(holding.purpose)
                var since = ""
                if case .event(let event)? = purpose?.condition.value {
                    since = " since \(graph.events[event.value] ?? event.value)"
                }
                let until =
                    holding.retention.rule.map { rule in
                        rule.kind == .until ? " until \(graph.events[rule.event] ?? rule.event)" : " (kept: \(rule))"
                    } ?? ""
                return "\(exception.article): needed for \(exception.summary)\(since)\(until)"
            })
        return parts.joined(separator: "; ")
    }

    /// The identifiers the holder already has: those whose category it holds (all of them for the controller).
    private func identities(for holdings: [Holding], isController: Bool) -> [SubjectIdentity] {
        let types = Set(holdings.flatMap(\.identifierTypes))
        return relationship.identifiers
            .filter { isController || types.contains($0.type.value) }
            .map { SubjectIdentity(type: $0.type.value, value: $0.value) }
    }

    /// A sub-processor's instruction waits on its processor's: the processor passes it on and confirms after.
    private func linkParents(_ notices: [PlannedNotice]) -> [PlannedNotice] {
        var result = notices
        for index in result.indices where result[index].action == .instruct || result[index].action == .followUp {
            let path = result[index].path
            guard path.count >= 3 else { continue }
            let sender = path[path.count - 2]
            guard
                let parent = notices.first(where: {
                    $0.recipient == sender && $0.action == result[index].action && $0.duty == result[index].duty
                })
                    ?? notices.first(where: { $0.recipient == sender && $0.action == result[index].action })
            else { continue }
            result[index].parent = parent.key
            result[index].channel = .relay(via: sender)
        }
        return result
    }

    /// Parents before children, otherwise in trace order.
    static func ordered(_ notices: [PlannedNotice]) -> [PlannedNotice] {
        var result: [PlannedNotice] = []
        var placed = Set<String>()
        func place(_ notice: PlannedNotice) {
            guard placed.insert(notice.key).inserted else { return }
            result.append(notice)
            for child in notices where child.parent == notice.key { place(child) }
        }
        for notice in notices where notice.parent == nil || !notices.contains(where: { $0.key == notice.parent }) {
            place(notice)
        }
        for notice in notices { place(notice) }
        return result
    }

    /// Categories without repeats, without any whose ancestor is listed, in id order.
    static func collapsed(_ categories: [String]) -> [String] {
        let all = Set(categories)
        return all.filter { category in !all.contains { $0 != category && Taxonomy.isSelfOrAncestor($0, of: category) }
        }.sorted()
    }

    static func unique(_ values: [String]) -> [String] {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }
}
