// One person as the controllers know them: relationships, dated events, categories and identifiers.

/// A data subject described by a subject file.
///
/// Identifier values and the name are personal data: they exist only to address notices and are
/// never logged; reports print them only when asked.
public struct Subject: Sendable, Hashable {
    /// The controller's own case reference (not personal data), used in reports and notices.
    public var reference: Located<String>
    /// The person's name, when the file gives it.
    public var name: Located<String>?
    /// One entry per controller the person dealt with.
    public var relationships: [Relationship]
    /// The file it came from.
    public var file: String

    /// Creates a subject.
    public init(reference: Located<String>, name: Located<String>? = nil, relationships: [Relationship], file: String) {
        self.reference = reference
        self.name = name
        self.relationships = relationships
        self.file = file
    }
}

/// What one controller knows about the person.
public struct Relationship: Sendable, Hashable {
    /// The controller the person dealt with.
    public var controller: Reference
    /// The person's subject types at this controller (customer, prospect, event attendee).
    public var subjectTypes: [Reference]
    /// The categories the controller holds; nil means every category its purposes name.
    public var categories: [Reference]?
    /// Identifiers for addressing notices, by type (email, phone, customer-number).
    public var identifiers: [Identifier]
    /// Dated events in the relationship, in the order written.
    public var events: [EventOccurrence]
    /// Events known not to have happened.
    public var notHappened: [Reference]
    /// Whether every event that happened is listed, so any other is known not to have happened.
    public var eventsComplete: Bool
    /// Erasures already confirmed by holders.
    public var erasures: [ConfirmedErasure]
    /// Recorded facts that select between alternatives (`payment-method: card`).
    public var facts: [FactValue] = []
    /// Where the relationship was written.
    public var location: SourceLocation

    /// Creates a relationship.
    public init(
        controller: Reference, subjectTypes: [Reference], categories: [Reference]? = nil,
        identifiers: [Identifier] = [],
        events: [EventOccurrence] = [], notHappened: [Reference] = [], eventsComplete: Bool = false,
        erasures: [ConfirmedErasure] = [], location: SourceLocation
    ) {
        self.controller = controller
        self.subjectTypes = subjectTypes
        self.categories = categories
        self.identifiers = identifiers
        self.events = events
        self.notHappened = notHappened
        self.eventsComplete = eventsComplete
        self.erasures = erasures
        self.location = location
    }
}

/// One identifier of the person, with the category it belongs to (which decides who holds it).
public struct Identifier: Sendable, Hashable {
    /// The identifier type (`email`, `phone`, `customer-number`).
    public var type: Located<String>
    /// The value; personal data.
    public var value: String
    /// The category a holder must hold to know this identifier; nil when only the controller knows it.
    public var category: String?

    /// Creates an identifier.
    public init(type: Located<String>, value: String, category: String?) {
        self.type = type
        self.value = value
        self.category = category
    }

    /// The category of well-known identifier types.
    public static func defaultCategory(forType type: String) -> String? {
        switch type {
        case "email": "contact.email"
        case "phone": "contact.phone"
        case "address", "postal-address": "contact.address"
        case "name": "identity.name"
        case "national-id": "identity.national-id"
        case "ip-address": "online.ip-address"
        case "device-id": "online.device-id"
        default: nil
        }
    }
}

/// An event that happened to the person, on a date; consent and objection events may name a purpose.
public struct EventOccurrence: Sendable, Hashable {
    /// The event id.
    public var event: Reference
    /// When it happened.
    public var date: Located<CalendarDate>
    /// The purpose it concerns (consent given or withdrawn, objection), if any.
    public var purpose: Reference?

    /// Creates an occurrence.
    public init(event: Reference, date: Located<CalendarDate>, purpose: Reference? = nil) {
        self.event = event
        self.date = date
        self.purpose = purpose
    }
}

/// A recorded fact about the person in one relationship.
public struct FactValue: Sendable, Hashable {
    /// The fact's id.
    public var fact: Reference
    /// Its value.
    public var value: Reference

    /// Creates a fact value.
    public init(fact: Reference, value: Reference) {
        self.fact = fact
        self.value = value
    }
}

/// A holder's confirmation that it erased the person's data.
public struct ConfirmedErasure: Sendable, Hashable {
    /// The party that erased.
    public var party: Reference
    /// The date of the confirmation.
    public var date: Located<CalendarDate>
    /// The purpose erased for; nil means everything the party held.
    public var purpose: Reference?

    /// Creates a confirmation.
    public init(party: Reference, date: Located<CalendarDate>, purpose: Reference? = nil) {
        self.party = party
        self.date = date
        self.purpose = purpose
    }
}
