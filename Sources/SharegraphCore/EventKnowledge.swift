// What is known, as of a date, about the events in one relationship: what happened and when,
// what is known not to have happened, and what nobody has said.

/// Three-valued truth: conditions on events nobody recorded are unknown, not false.
public enum Truth: Int, Sendable, Comparable {
    case no = 0
    case unknown = 1
    case yes = 2

    /// Orders false before unknown before true.
    public static func < (lhs: Truth, rhs: Truth) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An event date the subject file did not give but the tool worked out, with its reason.
public struct DerivedEvent: Sendable, Hashable {
    /// The event id.
    public var event: String
    /// The date worked out.
    public var date: CalendarDate
    /// The event it was worked out from.
    public var from: String
}

/// The events of one relationship as of a date.
///
/// Two questions are kept apart. "Has it happened by the date?" decides conditions: an event
/// recorded for a later day has not. "When is or was it?" decides retention arithmetic: a date in
/// the future can be certain (the contract ends on a known day; the financial year of a sale made
/// today ends on a known day), and a retention period counted from it has a known last day.
public struct EventKnowledge: Sendable {
    /// Latest date of each event, for occurrences that name no purpose; by event number.
    private var latest: [CalendarDate?]
    /// The earliest recorded date of each event that lies after the trace date; by event number.
    private var upcoming: [CalendarDate?]
    /// Latest date of purpose-scoped occurrences (consent, objection), by event number and purpose id.
    private var scoped: [Int: [String: CalendarDate]] = [:]
    private var knownNot: Set<Int>
    private let complete: Bool
    private let consentGiven: Int?
    private let consentWithdrawn: Int?
    private let objection: Int?
    /// Recorded facts about the person, by fact id.
    private let facts: [String: String]
    /// Dates worked out from other events, for the report.
    public private(set) var derived: [DerivedEvent] = []

    /// Events the controller, not the person, brings about; they are not "contact" with the person.
    static let controllerSideEvents: Set<String> = [
        "merger", "insolvency", "police-request", "court-order", "authority-order", "financial-year-end", "dispute",
        "claim-assigned",
    ]
    /// Events whose date places a record in a financial year.
    static let accountingEvents = ["transaction", "order", "payment-completed"]

    /// Collects the relationship's events: those up to and including `asOf` have happened; later
    /// ones have not happened yet, but their dates still count for retention arithmetic.
    /// `financialYearEnd` is the last day of the controller's financial year.
    public init(
        relationship: Relationship, asOf: CalendarDate, eventPosition: [String: Int],
        financialYearEnd: MonthDay = .endOfCalendarYear
    ) {
        latest = Array(repeating: nil, count: eventPosition.count)
        upcoming = Array(repeating: nil, count: eventPosition.count)
        knownNot = Set(relationship.notHappened.compactMap { eventPosition[$0.value] })
        complete = relationship.eventsComplete
        consentGiven = eventPosition["consent-given"]
        consentWithdrawn = eventPosition["consent-withdrawn"]
        objection = eventPosition["objection"]
        var recordedFacts: [String: String] = [:]
        for fact in relationship.facts where recordedFacts[fact.fact.value] == nil {
            recordedFacts[fact.fact.value] = fact.value.value
        }
        facts = recordedFacts
        var earliest: (date: CalendarDate, event: String)?
        var lastContact: (date: CalendarDate, event: String)?
        var pastAccounting: (date: CalendarDate, event: String)?
        var futureAccounting: (date: CalendarDate, event: String)?
        for occurrence in relationship.events {
            guard let number = eventPosition[occurrence.event.value] else { continue }
            let date = occurrence.date.value
            let isAccounting = occurrence.purpose == nil && Self.accountingEvents.contains(occurrence.event.value)
            // Recorded for a later date: as of `asOf` it has not happened, but its date is known.
            guard date <= asOf else {
                if latest[number] == nil { knownNot.insert(number) }
                if occurrence.purpose == nil, upcoming[number].map({ date < $0 }) ?? true { upcoming[number] = date }
                if isAccounting, futureAccounting.map({ date < $0.date }) ?? true {
                    futureAccounting = (date, occurrence.event.value)
                }
                continue
            }
            knownNot.remove(number)
            if let purpose = occurrence.purpose?.value {
                if scoped[number]?[purpose].map({ $0 < date }) ?? true { scoped[number, default: [:]][purpose] = date }
            } else if latest[number].map({ $0 < date }) ?? true {
                latest[number] = date
            }
            if isAccounting, pastAccounting.map({ date > $0.date }) ?? true {
                pastAccounting = (date, occurrence.event.value)
            }
            if earliest.map({ date < $0.date }) ?? true { earliest = (date, occurrence.event.value) }
            if !Self.controllerSideEvents.contains(occurrence.event.value), lastContact.map({ date > $0.date }) ?? true
            {
                lastContact = (date, occurrence.event.value)
            }
        }
        // The end of the financial year of the latest accounting event: known the day the sale is
        // made, whether or not that year has ended yet.
        if let number = eventPosition["financial-year-end"], latest[number] == nil, upcoming[number] == nil,
            let source = pastAccounting ?? futureAccounting,
            let yearEnd = source.date.endOfFinancialYear(endingOn: financialYearEnd)
        {
            if yearEnd <= asOf {
                latest[number] = yearEnd
                knownNot.remove(number)
            } else {
                upcoming[number] = yearEnd
            }
            derived.append(DerivedEvent(event: "financial-year-end", date: yearEnd, from: source.event))
        }
        for (id, source) in [("collection", earliest), ("last-contact", lastContact), ("last-disclosure", lastContact)]
        {
            guard let number = eventPosition[id], latest[number] == nil, let source else { continue }
            latest[number] = source.date
            knownNot.remove(number)
            derived.append(DerivedEvent(event: id, date: source.date, from: source.event))
        }
    }

    /// The date to count a retention period from: when the event happened, or, when it has not
    /// happened yet, the day it is recorded to happen.
    public func anchorDate(of event: Int, purpose: String? = nil) -> CalendarDate? {
        date(of: event, purpose: purpose) ?? upcoming[event]
    }

    /// The truth of "the fact has this value": unknown while the fact is not recorded.
    public func fact(_ id: String, is value: String) -> Truth {
        guard let recorded = facts[id] else { return .unknown }
        return recorded == value ? .yes : .no
    }

    /// The latest date the event happened, counting occurrences for `purpose` and those naming none.
    public func date(of event: Int, purpose: String? = nil) -> CalendarDate? {
        let general = latest[event]
        guard let purpose, let specific = scoped[event]?[purpose] else { return general }
        return max(general ?? specific, specific)
    }

    /// Whether the event happened.
    public func happened(_ event: Int) -> Truth {
        if latest[event] != nil || !(scoped[event]?.isEmpty ?? true) { return .yes }
        return knownNot.contains(event) || complete ? .no : .unknown
    }

    /// Whether the person's consent to the purpose stands, and since when it was withdrawn if not.
    public func consent(to purpose: String) -> (truth: Truth, withdrawn: CalendarDate?) {
        let given = consentGiven.flatMap { date(of: $0, purpose: purpose) }
        let withdrawn = consentWithdrawn.flatMap { date(of: $0, purpose: purpose) }
        switch (given, withdrawn) {
        case (let given?, let withdrawn?): return given > withdrawn ? (.yes, nil) : (.no, withdrawn)
        case (_?, nil): return (.yes, nil)
        case (nil, let withdrawn?): return (.no, withdrawn)
        case (nil, nil):
            let refused = consentGiven.map { knownNot.contains($0) } ?? false
            return (refused || complete ? .no : .unknown, nil)
        }
    }

    /// Whether data was ever collected or shared on the person's consent to the purpose: withdrawing
    /// consent later makes the data due for erasure, but does not undo that it was collected or shared.
    public func consentWasGiven(to purpose: String) -> Truth {
        let consent = consent(to: purpose)
        // A withdrawal implies consent was given before it.
        return consent.withdrawn != nil ? .yes : consent.truth
    }

    /// When the person objected to the purpose (Art. 21); an objection naming no purpose covers all.
    public func objection(to purpose: String) -> CalendarDate? {
        objection.flatMap { date(of: $0, purpose: purpose) }
    }

    /// The truth of a compiled condition.
    func evaluate(_ condition: TraceIndex.CompiledCondition, in index: TraceIndex) -> Truth {
        switch condition {
        case .always: .yes
        case .event(let event): happened(Int(event))
        case .unless(let event):
            switch happened(Int(event)) {
            case .yes: .no
            case .no: .yes
            case .unknown: .unknown
            }
        case .consent(let purpose): consentWasGiven(to: index.graph.purposes[Int(purpose)].id.value)
        case .fact(let pair): fact(index.factValues[Int(pair)].fact, is: index.factValues[Int(pair)].value)
        case .all(let list):
            // All must hold: one that does not makes the whole false, one unknown makes it unknown.
            index.conjunctions[Int(list)].reduce(Truth.yes) { min($0, evaluate($1, in: index)) }
        }
    }
}
