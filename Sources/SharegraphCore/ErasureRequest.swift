// An erasure request as the controller received it, and the deadlines it sets (Art. 12(3)).

/// What the person asked for, which decides which holdings end.
public enum ErasureScope: Sendable, Hashable {
    /// Erase everything (Art. 17(1)), save what a legal duty or a legal claim keeps.
    case erasure
    /// Consent withdrawn (Art. 7(3)): only processing on consent ends; all consent purposes when the list is empty.
    case consentWithdrawal(purposes: [Reference])
    /// Objection to direct marketing (Art. 21(2)-(3)): only the named purposes end.
    case objection(purposes: [Reference])
    /// Data past its retention date (Art. 5(1)(e)); no request by the person.
    case retentionSweep

    /// The word used in files and output.
    public var keyword: String {
        switch self {
        case .erasure: "erasure"
        case .consentWithdrawal: "consent-withdrawal"
        case .objection: "objection"
        case .retentionSweep: "retention-sweep"
        }
    }

    /// The purposes named, for withdrawal and objection, where they were written.
    public var purposes: [Reference] {
        switch self {
        case .consentWithdrawal(let purposes), .objection(let purposes): purposes
        case .erasure, .retentionSweep: []
        }
    }

    /// The articles a notice cites as the ground for ending the processing.
    public var ground: String {
        switch self {
        case .erasure: "Art. 17(1)"
        case .consentWithdrawal: "Art. 7(3), Art. 17(1)(b)"
        case .objection: "Art. 21(3), Art. 17(1)(c)"
        case .retentionSweep: "Art. 5(1)(e), Art. 17(1)(a)"
        }
    }
}

/// A deadline extension by up to two further months (Art. 12(3)), with the reason given to the person.
public struct DeadlineExtension: Sendable, Hashable {
    /// One or two months.
    public var months: Int
    /// Why, as told to the person within the first month.
    public var reason: String

    /// Creates an extension.
    public init(months: Int, reason: String) {
        self.months = months
        self.reason = reason
    }
}

/// One request: who asked, of which controller, when, and for what.
public struct ErasureRequest: Sendable, Hashable {
    /// The request's id, stable across runs: the ledger's key and the OpenDSR request id's source.
    public var id: Located<String>
    /// The person, as the controllers know them.
    public var subject: Subject
    /// The controller that received the request.
    public var controller: Located<String>
    /// The day it was received (day one of the month allowed).
    public var received: Located<CalendarDate>
    /// What was asked.
    public var scope: ErasureScope
    /// A recorded extension, if any.
    public var deadlineExtension: DeadlineExtension?
    /// The language of e-mails to recipients ("en" or "nb").
    public var language: String
    /// Where the request was read from.
    public var location: SourceLocation

    /// Creates a request.
    public init(
        id: Located<String>, subject: Subject, controller: Located<String>, received: Located<CalendarDate>,
        scope: ErasureScope, deadlineExtension: DeadlineExtension? = nil, language: String = "en",
        location: SourceLocation
    ) {
        self.id = id
        self.subject = subject
        self.controller = controller
        self.received = received
        self.scope = scope
        self.deadlineExtension = deadlineExtension
        self.language = language
        self.location = location
    }
}

/// The dates a request must be answered by.
public struct RequestDeadline: Sendable, Hashable, Codable {
    /// One month from receipt: the same date next month, or that month's last day; a Saturday, Sunday
    /// or public holiday moves it to the next working day (Reg. 1182/71 Art. 3(4)).
    public var statutory: CalendarDate
    /// The controller's own promise ("14 working days"), when the graph states one.
    public var promised: CalendarDate?
    /// The statutory deadline after an extension.
    public var extended: CalendarDate?
    /// The date that applies: the extension if recorded, else the earlier of the statutory date and the promise.
    public var effective: CalendarDate

    /// Works out the deadlines for a request received on `received`, with the controller's country's
    /// working days (its public holidays, where they are modelled).
    public init(received: CalendarDate, promise: Period?, extensionMonths: Int?, workingDays: WorkingDays) {
        let statutory = workingDays.periodEnd(received.adding(months: 1) ?? received)
        self.statutory = statutory
        promised = promise.flatMap { $0.after(received, workingDays: workingDays) }.map(workingDays.periodEnd)
        extended = extensionMonths.flatMap { received.adding(months: 1 + $0) }.map(workingDays.periodEnd)
        if let extended {
            effective = extended
        } else if let promised, promised < statutory {
            effective = promised
        } else {
            effective = statutory
        }
    }
}
