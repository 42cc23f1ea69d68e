// The elements of a data-sharing graph, as read from the files, each with the place it was written.

/// A quotation of the privacy policy sentence an element models, so a DPO can audit the model.
public struct SourceQuote: Sendable, Hashable {
    /// The quoted sentence, in the policy's language.
    public var text: String
    /// The section heading it stands under.
    public var section: String?

    /// Creates a quote.
    public init(text: String, section: String? = nil) {
        self.text = text
        self.section = section
    }
}

/// Notes, policy quotes and assumptions that every element may carry.
///
/// Most elements of a large graph carry none, so the fields live out of line: an element without
/// provenance pays eight bytes for it.
public struct Provenance: Sendable, Hashable {
    private struct Fields: Sendable, Hashable {
        var note: String?
        var source: SourceQuote?
        var assumed = false
    }

    @OutOfLine private var fields: Fields?

    /// A free note.
    public var note: String? {
        get { fields?.note }
        set { update { $0.note = newValue } }
    }

    /// The policy sentence the element models.
    public var source: SourceQuote? {
        get { fields?.source }
        set { update { $0.source = newValue } }
    }

    /// Whether the element is an assumption where the policy is vague.
    public var assumed: Bool {
        get { fields?.assumed ?? false }
        set { update { $0.assumed = newValue } }
    }

    /// Creates provenance.
    public init(note: String? = nil, source: SourceQuote? = nil, assumed: Bool = false) {
        let fields = Fields(note: note, source: source, assumed: assumed)
        self.fields = fields == Fields() ? nil : fields
    }

    private mutating func update(_ change: (inout Fields) -> Void) {
        var changed = fields ?? Fields()
        change(&changed)
        fields = changed == Fields() ? nil : changed
    }
}

/// An organisation (or the data subject) that sends or receives personal data.
public struct Party: Sendable, Hashable {
    /// The party's id, unique in the merged graph.
    public var id: Located<String>
    /// The party's name as the policy writes it.
    public var name: Located<String>
    /// What kind of party it is: controller, processor, third party, authority or the person.
    public var kind: PartyKind
    /// ISO 3166-1 alpha-2 code.
    public var country: Located<String>?
    /// An explicit statement that the party is (or is not) in the EEA, checked against the country.
    public var eea: Located<Bool>?
    /// How a notice reaches the party (e-mail, webhook), if the graph says.
    public var contact: Contact
    /// The party's own promise for answering requests ("14 working days").
    public var responseTime: Located<Period>?
    /// Whether the policy names this party only by a placeholder ("XXX").
    public var placeholder: Bool
    /// The party's systems, each a place data is kept.
    public var systems: [SystemInfo]
    /// The name in other languages, by language code (`nb`), where the graph gives one.
    public var translations: [String: String] = [:]
    /// Where the fact comes from: the policy's words, or an assumption.
    public var provenance: Provenance
    /// Where the party is written.
    public var location: SourceLocation
    /// The last day of the party's financial year, when it is not 31 December.
    public var financialYearEnd: Located<MonthDay>? {
        get { storedFinancialYearEnd }
        set { storedFinancialYearEnd = newValue }
    }
    @OutOfLine private var storedFinancialYearEnd: Located<MonthDay>?

    /// Creates a party.
    public init(
        id: Located<String>, name: Located<String>, kind: PartyKind = .company, country: Located<String>? = nil,
        eea: Located<Bool>? = nil, contact: Contact = Contact(), responseTime: Located<Period>? = nil,
        placeholder: Bool = false, systems: [SystemInfo] = [], provenance: Provenance = Provenance(),
        location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.kind = kind
        self.country = country
        self.eea = eea
        self.contact = contact
        self.responseTime = responseTime
        self.placeholder = placeholder
        self.systems = systems
        self.provenance = provenance
        self.location = location
        _storedFinancialYearEnd = OutOfLine(wrappedValue: nil)
    }

    /// The name in `language`, or the policy's own name.
    public func name(in language: String) -> String { translations[language] ?? name.value }

    /// Whether the party is in the EEA: from the country, else the explicit statement; nil if unknown.
    public var isInEEA: Bool? {
        if let country { return Countries.eea.contains(country.value) }
        return eea?.value
    }
}

/// A system inside a party (CRM, mailing list, payment page).
public struct SystemInfo: Sendable, Hashable {
    /// The system's id, unique in the merged graph.
    public var id: Located<String>
    /// The system's name.
    public var name: String
    /// The id of the party that runs it.
    public var party: String
    /// The name in other languages, by language code (`nb`), where the graph gives one.
    public var translations: [String: String] = [:]
    /// Where the fact comes from: the policy's words, or an assumption.
    public var provenance: Provenance
    /// Where the system is written.
    public var location: SourceLocation

    /// Creates a system.
    public init(
        id: Located<String>, name: String, party: String, provenance: Provenance = Provenance(),
        location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.party = party
        self.provenance = provenance
        self.location = location
    }
}

/// A named kind of element a graph defines beside the built-in ones (subject types, events).
public struct Definition: Sendable, Hashable {
    /// The definition's id.
    public var id: Located<String>
    /// Its name in English.
    public var name: String
    /// The name in other languages, by language code (`nb`), where the graph gives one.
    public var translations: [String: String] = [:]
    /// Where the fact comes from: the policy's words, or an assumption.
    public var provenance: Provenance
    /// Where it is written.
    public var location: SourceLocation

    /// Creates a definition.
    public init(id: Located<String>, name: String, provenance: Provenance = Provenance(), location: SourceLocation) {
        self.id = id
        self.name = name
        self.provenance = provenance
        self.location = location
    }
}

/// A fact about a person, with the values it may take, that a condition can select on.
public struct FactDefinition: Sendable, Hashable {
    /// The fact's id (`payment-method`).
    public var id: Located<String>
    /// Its name in English.
    public var name: String
    /// The name in other languages, by language code (`nb`), where the graph gives one.
    public var translations: [String: String] = [:]
    /// The values the fact may take.
    public var values: [Reference]
    /// Where the fact comes from: the policy's words, or an assumption.
    public var provenance: Provenance
    /// Where it is written.
    public var location: SourceLocation

    /// Creates a fact definition.
    public init(
        id: Located<String>, name: String, values: [Reference], provenance: Provenance = Provenance(),
        location: SourceLocation
    ) {
        self.id = id
        self.name = name
        self.values = values
        self.provenance = provenance
        self.location = location
    }
}

/// What a legal duty does with the data it keeps after an erasure request.
public enum DutyKeeping: String, Sendable, Hashable, CaseIterable, Codable {
    /// Stored and used for nothing else until the duty ends (Art. 17(3)(b), Art. 18(2)): bookkeeping
    /// records, anti-money-laundering files.
    case restricted
    /// Kept for continued use under the duty (Art. 17(3)(b), (c)): a health record kept for the
    /// person's further care. Restricting it would block what the duty keeps it for.
    case inUse = "in-use"
}

/// A legal retention duty that overrides erasure (Art. 17(3)(b)), such as a bookkeeping act.
public struct RetentionDuty: Sendable, Hashable {
    /// The duty's id.
    public var id: Located<String>
    /// Its name in English.
    public var name: String
    /// The provision ("bokføringsloven § 13").
    public var law: String
    /// The country whose law imposes it (ISO 3166-1 alpha-2).
    public var country: Located<String>?
    /// How long the duty keeps the data.
    public var retention: Located<RetentionRule>
    /// The categories the duty covers.
    public var categories: [Reference]
    /// Whether the duty keeps the data restricted or in use.
    public var keeps: DutyKeeping
    /// Where the fact comes from: the policy's words, or an assumption.
    public var provenance: Provenance
    /// Where the duty is written.
    public var location: SourceLocation

    /// Creates a duty.
    public init(
        id: Located<String>, name: String, law: String, country: Located<String>? = nil,
        retention: Located<RetentionRule>, categories: [Reference], keeps: DutyKeeping = .restricted,
        provenance: Provenance = Provenance(), location: SourceLocation
    ) {
        self.keeps = keeps
        self.id = id
        self.name = name
        self.law = law
        self.country = country
        self.retention = retention
        self.categories = categories
        self.provenance = provenance
        self.location = location
    }
}

/// Why and on what basis a controller processes some categories of some subjects, and for how long.
public struct Purpose: Sendable, Hashable {
    /// The purpose's id.
    public var id: Located<String>
    /// Its name in English.
    public var name: String
    /// The controller whose purpose it is.
    public var controller: Reference
    /// The Art. 6(1) basis, if the policy states one.
    public var legalBasis: Located<LegalBasis>?
    /// The Art. 9(2) condition for special categories, if any.
    public var specialCondition: Located<SpecialCondition>?
    /// The legitimate-interest balancing test, in words.
    public var balancing: String?
    /// The categories processed under the purpose.
    public var categories: [Reference]
    /// The subject types the purpose concerns.
    public var subjects: [Reference]
    /// How long data is kept for the purpose, if the policy says.
    public var retention: Located<RetentionRule>?
    /// The legal retention duty this purpose fulfils.
    public var duty: Reference?
    /// When the purpose applies to a person (a dispute, a police request); `always` for most.
    public var condition: Located<Condition>
    /// The exception to erasure the purpose serves (Art. 17(3)), such as legal claims.
    public var erasureException: Located<ErasureException>?
    /// The name in other languages, by language code (`nb`), where the graph gives one.
    public var translations: [String: String] = [:]
    /// Where the fact comes from: the policy's words, or an assumption.
    public var provenance: Provenance
    /// Where the purpose is written.
    public var location: SourceLocation

    /// Creates a purpose.
    public init(
        id: Located<String>, name: String, controller: Reference, legalBasis: Located<LegalBasis>? = nil,
        specialCondition: Located<SpecialCondition>? = nil, balancing: String? = nil, categories: [Reference] = [],
        subjects: [Reference] = [], retention: Located<RetentionRule>? = nil, duty: Reference? = nil,
        condition: Located<Condition>? = nil, provenance: Provenance = Provenance(), location: SourceLocation
    ) {
        self.condition = condition ?? Located(.always, at: location)
        self.id = id
        self.name = name
        self.controller = controller
        self.legalBasis = legalBasis
        self.specialCondition = specialCondition
        self.balancing = balancing
        self.categories = categories
        self.subjects = subjects
        self.retention = retention
        self.duty = duty
        self.provenance = provenance
        self.location = location
    }
}

/// A contract or legal instrument between parties.
public struct Contract: Sendable, Hashable {
    /// The contract's id.
    public var id: Located<String>
    /// What kind of instrument it is (Art. 28 agreement, SCCs, joint-controller arrangement).
    public var kind: Located<ContractKind>
    /// The parties to it.
    public var parties: [Reference]
    /// The day it was signed, if known.
    public var signed: Located<CalendarDate>?
    /// The day it ends, if it does.
    public var expires: Located<CalendarDate>?
    /// Where the fact comes from: the policy's words, or an assumption.
    public var provenance: Provenance
    /// Where the contract is written.
    public var location: SourceLocation

    /// Creates a contract.
    public init(
        id: Located<String>, kind: Located<ContractKind>, parties: [Reference] = [],
        signed: Located<CalendarDate>? = nil,
        expires: Located<CalendarDate>? = nil, provenance: Provenance = Provenance(), location: SourceLocation
    ) {
        self.id = id
        self.kind = kind
        self.parties = parties
        self.signed = signed
        self.expires = expires
        self.provenance = provenance
        self.location = location
    }
}

/// When a flow happens for a given person.
public enum Condition: Sendable, Hashable {
    /// For everyone the purpose covers.
    case always
    /// Once the named event has happened to the person (an overdue invoice, a police request).
    case event(Reference)
    /// Unless the named event has happened (the person refused sharing).
    case unless(Reference)
    /// Only with the person's consent to the named purpose.
    case consent(Reference)
    /// When a recorded fact about the person has the value (a payment by card, not by invoice).
    case fact(Reference, is: Reference)
    /// When every one of the conditions holds.
    indirect case all([Condition])

    /// Plain words for reports and diagrams.
    public var summary: String {
        switch self {
        case .always: "always"
        case .event(let event): "when \(event.value)"
        case .unless(let event): "unless \(event.value)"
        case .consent(let purpose): "with consent to \(purpose.value)"
        case .fact(let fact, let value): "when \(fact.value) is \(value.value)"
        case .all(let parts): parts.map(\.summary).joined(separator: " and ")
        }
    }
}

/// Which categories a flow carries.
public enum CategorySelection: Sendable, Hashable {
    /// Everything the sender holds about the person.
    case all(SourceLocation)
    /// The listed categories.
    case listed([Reference])
}

/// The lawful ground for a transfer outside the EEA.
public struct Transfer: Sendable, Hashable {
    /// The Chapter V mechanism (adequacy, SCCs, BCRs, derogation).
    public var mechanism: Located<TransferMechanism>
    /// The contract that carries it, such as the signed SCCs.
    public var contract: Reference?

    /// Creates a transfer.
    public init(mechanism: Located<TransferMechanism>, contract: Reference? = nil) {
        self.mechanism = mechanism
        self.contract = contract
    }
}

/// Personal data moving from one party or system to another.
public struct Flow: Sendable, Hashable {
    /// The id written in the file, or one derived from the ends (`from->to`).
    public var id: Located<String>
    /// The sending party or system.
    public var from: Reference
    /// The receiving party or system.
    public var to: Reference
    /// The categories the flow carries.
    public var categories: CategorySelection
    /// The purpose the flow serves, when it names one.
    public var purpose: Reference?
    /// The recipient's role on the flow.
    public var role: Located<Role>
    /// The contract that governs the flow (an Art. 28 agreement for a processor).
    public var contract: Reference?
    /// The controller's authorisation of a sub-processor (Art. 28(2)).
    public var authorisation: Reference? {
        get { storedAuthorisation }
        set { storedAuthorisation = newValue }
    }
    /// When the flow happens for a person; `always` unless the graph says.
    public var condition: Located<Condition>
    /// The lawful ground when the flow leaves the EEA.
    public var transfer: Transfer? {
        get { storedTransfer }
        set { storedTransfer = newValue }
    }
    /// How long the recipient keeps the data, when known.
    public var retention: Located<RetentionRule>? {
        get { storedRetention }
        set { storedRetention = newValue }
    }
    /// The event that dates the transfer when it is not the condition itself (the claim was
    /// assigned to the collector on a day, some time after the invoice became overdue).
    public var transferEvent: Reference? {
        get { storedTransferEvent }
        set { storedTransferEvent = newValue }
    }
    /// Where the fact comes from: the policy's words, or an assumption.
    public var provenance: Provenance
    /// Where the flow is written.
    public var location: SourceLocation
    /// Whether the file wrote the id; derived ids are made unique when graphs merge.
    public var idWasWritten: Bool

    // The fields most flows leave out are kept out of line: a graph may hold a million flows.
    @OutOfLine private var storedAuthorisation: Reference?
    @OutOfLine private var storedTransfer: Transfer?
    @OutOfLine private var storedRetention: Located<RetentionRule>?
    @OutOfLine private var storedTransferEvent: Reference?

    /// Creates a flow.
    public init(
        id: Located<String>, from: Reference, to: Reference, categories: CategorySelection, purpose: Reference? = nil,
        role: Located<Role>, contract: Reference? = nil, authorisation: Reference? = nil,
        condition: Located<Condition>, transfer: Transfer? = nil, retention: Located<RetentionRule>? = nil,
        provenance: Provenance = Provenance(), location: SourceLocation, idWasWritten: Bool = true
    ) {
        self.id = id
        self.idWasWritten = idWasWritten
        self.from = from
        self.to = to
        self.categories = categories
        self.purpose = purpose
        self.role = role
        self.contract = contract
        self.condition = condition
        _storedAuthorisation = OutOfLine(wrappedValue: authorisation)
        _storedTransfer = OutOfLine(wrappedValue: transfer)
        _storedRetention = OutOfLine(wrappedValue: retention)
        _storedTransferEvent = OutOfLine(wrappedValue: nil)
        self.provenance = provenance
        self.location = location
    }
}

/// What one file describes: the policy it models and the elements it defines.
public struct GraphDocument: Sendable, Equatable {
    /// The file path.
    public var file: String
    /// The policy modelled, if the file says.
    public var policy: PolicyInfo?
    /// The parties the file defines.
    public var parties: [Party] = []
    /// The categories the file adds to the built-in taxonomy.
    public var categories: [CategoryInfo] = []
    /// The subject types the file defines.
    public var subjectTypes: [Definition] = []
    /// The events the file defines.
    public var events: [Definition] = []
    /// Facts about a person that select between alternatives (`payment-method`: card or invoice).
    public var facts: [FactDefinition] = []
    /// The legal retention duties the file defines.
    public var duties: [RetentionDuty] = []
    /// The purposes the file defines.
    public var purposes: [Purpose] = []
    /// The contracts the file defines.
    public var contracts: [Contract] = []
    /// The flows the file defines.
    public var flows: [Flow] = []

    /// Creates an empty document for a file.
    public init(file: String) { self.file = file }
}

/// The privacy policy a file models.
public struct PolicyInfo: Sendable, Hashable {
    /// The policy's title.
    public var title: String?
    /// The controller whose policy it is.
    public var controller: Reference?
    /// The document's name or version.
    public var document: String?
    /// Where the policy is published.
    public var url: String?
    /// The day the policy took effect.
    public var validFrom: Located<CalendarDate>?
    /// The policy's language (`nb`, `en`).
    public var language: String?

    /// Creates policy metadata.
    public init(
        title: String? = nil, controller: Reference? = nil, document: String? = nil, url: String? = nil,
        validFrom: Located<CalendarDate>? = nil, language: String? = nil
    ) {
        self.title = title
        self.controller = controller
        self.document = document
        self.url = url
        self.validFrom = validFrom
        self.language = language
    }
}

extension Purpose {
    /// The name in a language (`en`, `nb`): the translation where the graph gives one, else the name.
    public func name(in language: String) -> String { translations[language] ?? name }
}

extension FactDefinition {
    /// The name in a language (`en`, `nb`): the translation where the graph gives one, else the name.
    public func name(in language: String) -> String { translations[language] ?? name }
}
