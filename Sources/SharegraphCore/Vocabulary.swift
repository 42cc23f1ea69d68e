// The closed vocabularies of the format: legal bases, roles, instruments, countries and built-in events.

/// A lawful basis for processing under Art. 6(1) GDPR.
public enum LegalBasis: String, Sendable, Hashable, CaseIterable, Codable {
    case consent, contract
    case legalObligation = "legal-obligation"
    case vitalInterests = "vital-interests"
    case publicTask = "public-task"
    case legitimateInterests = "legitimate-interests"

    /// The point of Art. 6(1), such as `Art. 6(1)(b)`.
    public var article: String {
        let letter: String =
            switch self {
            case .consent: "a"
            case .contract: "b"
            case .legalObligation: "c"
            case .vitalInterests: "d"
            case .publicTask: "e"
            case .legitimateInterests: "f"
            }
        return "Art. 6(1)(\(letter))"
    }

    /// Accepts the names above and the article forms `6-1-b`, `art-6-1-b`.
    public init?(written text: String) {
        let lowered = text.lowercased()
        if let basis = LegalBasis(rawValue: lowered) {
            self = basis
            return
        }
        let stripped = lowered.hasPrefix("art-") ? String(lowered.dropFirst(4)) : lowered
        guard let match = LegalBasis.allCases.first(where: { "6-1-" + $0.letter == stripped }) else { return nil }
        self = match
    }

    private var letter: String { String(article.dropLast().last ?? "?") }

    /// Every accepted spelling, for messages.
    public static var writtenForms: [String] { allCases.map(\.rawValue) }
}

/// A condition of Art. 9(2) that lifts the ban on processing special categories.
public enum SpecialCondition: String, Sendable, Hashable, CaseIterable, Codable {
    case explicitConsent = "explicit-consent"
    case employment
    case vitalInterests = "vital-interests"
    case notForProfit = "not-for-profit"
    case madePublic = "made-public"
    case legalClaims = "legal-claims"
    case substantialPublicInterest = "substantial-public-interest"
    case healthCare = "health-care"
    case publicHealth = "public-health"
    case archivingResearch = "archiving-research"

    /// The point of Art. 9(2).
    public var article: String {
        let letters = "abcdefghij"
        let index = SpecialCondition.allCases.firstIndex(of: self) ?? 0
        return "Art. 9(2)(\(letters[letters.index(letters.startIndex, offsetBy: index)]))"
    }
}

/// What the recipient of a flow is, on that flow.
public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
    /// Processes on the sender's behalf under a DPA (Art. 28).
    case processor
    /// Processes on a processor's behalf, with the controller's authorisation (Art. 28(2), (4)).
    case subProcessor = "sub-processor"
    /// Decides purposes and means together with the sender (Art. 26).
    case jointController = "joint-controller"
    /// Receives the data and decides for itself.
    case independentController = "independent-controller"
    /// A public authority receiving data in a particular inquiry (not a recipient, Art. 4(9)).
    case authority
    /// A move between systems of the same organisation.
    case `internal`

    /// Whether the recipient acts on instructions, so erasure is instructed rather than informed.
    public var actsOnInstructions: Bool { self == .processor || self == .subProcessor }

    /// Whether the recipient processes for the sending controller's own purpose, so that purpose's
    /// legal basis and retention apply to it; independent controllers and authorities decide for themselves.
    public var sharesControllersPurpose: Bool { actsOnInstructions || self == .internal || self == .jointController }
}

/// The exceptions of Art. 17(3) under which a controller may keep data despite an erasure request.
/// A legal retention duty (Art. 17(3)(b)) is written as a purpose's `duty`, with its statute.
public enum ErasureException: String, Sendable, Hashable, CaseIterable, Codable {
    /// Freedom of expression and information, Art. 17(3)(a).
    case freedomOfExpression = "freedom-of-expression"
    /// Public health, Art. 17(3)(c).
    case publicHealth = "public-health"
    /// Archiving in the public interest, research or statistics, Art. 17(3)(d).
    case archiving
    /// The establishment, exercise or defence of legal claims, Art. 17(3)(e).
    case legalClaims = "legal-claims"

    /// The point of Art. 17(3).
    public var article: String {
        switch self {
        case .freedomOfExpression: "Art. 17(3)(a)"
        case .publicHealth: "Art. 17(3)(c)"
        case .archiving: "Art. 17(3)(d)"
        case .legalClaims: "Art. 17(3)(e)"
        }
    }

    /// What the data is kept for, in words.
    public var summary: String {
        switch self {
        case .freedomOfExpression: "freedom of expression and information"
        case .publicHealth: "public health"
        case .archiving: "archiving, research or statistics"
        case .legalClaims: "the establishment, exercise or defence of legal claims"
        }
    }
}

/// What kind of organisation or person a party is.
public enum PartyKind: String, Sendable, Hashable, CaseIterable, Codable {
    case company
    case nonprofit
    case publicAuthority = "public-authority"
    case dataSubject = "data-subject"
}

/// A contract or legal instrument under which data flows.
public enum ContractKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// Data processing agreement, Art. 28(3).
    case dpa
    /// The controller's authorisation of a sub-processor, Art. 28(2).
    case subProcessingAuthorisation = "sub-processing-authorisation"
    /// Arrangement between joint controllers, Art. 26.
    case jointControllerArrangement = "joint-controller-arrangement"
    /// Standard contractual clauses, Art. 46(2)(c).
    case scc
    /// Binding corporate rules, Art. 47.
    case bcr
    /// A data-sharing agreement between independent controllers.
    case dataSharingAgreement = "data-sharing-agreement"
    /// Assignment or sale of a debt claim to a collector.
    case debtAssignment = "debt-assignment"
    /// Transfer of a business or customer base (merger, acquisition, restructuring, insolvency).
    case assetTransfer = "asset-transfer"
    /// An order of a court.
    case courtOrder = "court-order"
    /// A request or order from the police or prosecution.
    case policeRequest = "police-request"
    /// An order from another public authority.
    case authorityOrder = "authority-order"
    /// Terms the person accepted (ticket terms, order confirmation).
    case terms
}

/// How a transfer outside the EEA is made lawful (Chapter V).
public enum TransferMechanism: String, Sendable, Hashable, CaseIterable, Codable {
    /// Adequacy decision, Art. 45.
    case adequacy
    /// Standard contractual clauses, Art. 46(2)(c).
    case scc
    /// Binding corporate rules, Art. 47.
    case bcr
    /// A derogation for a specific situation, Art. 49.
    case derogation
}

/// Country facts the rules need: ISO codes, the EEA, adequacy decisions.
public enum Countries {
    /// EU members plus Iceland, Liechtenstein and Norway.
    public static let eea: Set<String> = [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
        "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    ]

    /// Countries with an EU adequacy decision (Art. 45); the US one covers certified organisations only.
    public static let adequate: Set<String> = [
        "AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY", "US",
    ]

    /// Every ISO 3166-1 alpha-2 code.
    public static let iso: Set<String> = Set(
        ("AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW "
            + "BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET "
            + "FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL "
            + "IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA "
            + "MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ "
            + "OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN "
            + "SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG "
            + "VI VN VU WF WS YE YT ZA ZM ZW")
            .split(separator: " ").map(String.init))
}

/// Events every graph may name in conditions and retention rules without defining them.
public enum BuiltInEvents {
    /// Id and a plain description.
    public static let all: [(id: String, name: String)] = [
        ("collection", "the data was collected"),
        ("account-created", "the person created an account"),
        ("account-closed", "the person's account was closed"),
        ("contract-start", "the contract with the person began"),
        ("course-start", "the course the person takes began"),
        ("event-start", "the event the person attends began"),
        ("employment-start", "the person started working for the business customer"),
        ("claim-assigned", "an overdue claim was assigned or sold to a debt collector"),
        ("contract-end", "the contract with the person ended"),
        ("customer-relationship-end", "the customer relationship ended"),
        ("employment-end", "the person left the business customer that employs them"),
        ("order", "the person placed an order"),
        ("transaction", "a payment or accounting transaction took place"),
        ("payment-completed", "the payment went through"),
        ("withdrawal-period-end", "the right of withdrawal (angrerett) expired"),
        ("invoice-overdue", "an invoice to the person is overdue"),
        ("course-end", "the course the person took ended"),
        ("event-end", "the event the person attended ended"),
        ("last-contact", "the last contact with the person"),
        ("last-disclosure", "the person last gave the controller information"),
        ("consent-given", "the person gave consent"),
        ("consent-withdrawn", "the person withdrew consent"),
        ("objection", "the person objected (Art. 21)"),
        ("sharing-refused", "the person refused sharing with third parties"),
        ("newsletter-signup", "the person signed up for a newsletter"),
        ("unsubscribe", "the person unsubscribed"),
        ("dispute", "a dispute or legal claim is open"),
        ("police-request", "the police or prosecution requested the data"),
        ("court-order", "a court ordered disclosure"),
        ("authority-order", "another public authority ordered disclosure"),
        ("merger", "a merger, acquisition or restructuring took place"),
        ("insolvency", "insolvency, bankruptcy or liquidation"),
        ("financial-year-end", "the financial year the record belongs to ended"),
        ("last-entry", "the last entry was made in the person's record"),
        ("record-no-longer-needed", "the record was judged no longer needed for the person's care"),
    ]

    /// The ids alone.
    public static let ids: Set<String> = Set(all.map(\.id))
}

/// Kinds of data subject every graph may name without defining them.
public enum BuiltInSubjectTypes {
    /// Id and a plain description.
    public static let all: [(id: String, name: String)] = [
        ("customer", "customer"),
        ("private-customer", "private (consumer) customer"),
        ("prospect", "prospective customer"),
        ("business-contact", "employee or representative of a business customer"),
        ("event-attendee", "event attendee"),
        ("course-participant", "course participant"),
        ("newsletter-subscriber", "newsletter subscriber"),
        ("website-visitor", "website visitor"),
        ("user", "user of a digital service"),
        ("employee", "employee"),
        ("patient", "patient of a health-care provider"),
        ("gym-member", "member of a gym or training centre"),
    ]

    /// The ids alone.
    public static let ids: Set<String> = Set(all.map(\.id))
}
