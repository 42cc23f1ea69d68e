// The built-in hierarchy of personal data categories, with Art. 9 special categories marked.

/// One data category: a dotted id whose prefix is its parent (`contact.email` is under `contact`).
public struct CategoryInfo: Sendable, Hashable {
    /// Dotted id.
    public var id: String
    /// Plain English name.
    public var name: String
    /// Whether this is a special category of Art. 9(1) (or Art. 10 criminal data).
    public var special: Bool
    /// The nearest fideslang data category.
    public var fides: String?
    /// The nearest W3C DPV personal data term.
    public var dpv: String?
    /// Where a graph defined it; nil for built-in categories.
    public var location: SourceLocation?
    /// The name in other languages, by language code (`nb`), where the graph gives one.
    public var translations: [String: String] = [:]

    /// Creates a category.
    public init(
        id: String, name: String, special: Bool = false, fides: String? = nil, dpv: String? = nil,
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.name = name
        self.special = special
        self.fides = fides
        self.dpv = dpv
        self.location = location
    }

    /// The parent id, or nil at the top.
    public var parent: String? {
        guard let dot = id.lastIndex(of: ".") else { return nil }
        return String(id[..<dot])
    }
}

/// The taxonomy: built-in categories plus those a graph adds.
public struct Taxonomy: Sendable {
    /// Categories by id.
    public private(set) var categories: [String: CategoryInfo] {
        didSet { special = Self.specialIDs(in: categories) }
    }
    /// The ids `isSpecial` answers yes for, worked out whenever a category is added: a trace asks
    /// once per holding, and walking the parents through string slices was 7% of a served trace's
    /// time at 10,000 parties (perf, BENCHMARKS.md).
    private var special: Set<String>

    init(categories: [String: CategoryInfo]) {
        self.categories = categories
        special = Self.specialIDs(in: categories)
    }

    /// The built-in taxonomy alone.
    public static let builtIn = Taxonomy(categories: Dictionary(uniqueKeysWithValues: builtInList.map { ($0.id, $0) }))

    /// Adds a category; its parent must already be present.
    public mutating func add(_ category: CategoryInfo) {
        categories[category.id] = category
    }

    /// Whether the id is known.
    public func contains(_ id: String) -> Bool { categories[id] != nil }

    /// Whether `ancestor` is `id` itself or one of its parents.
    public static func isSelfOrAncestor(_ ancestor: String, of id: String) -> Bool {
        id == ancestor || (id.hasPrefix(ancestor) && id.dropFirst(ancestor.count).first == ".")
    }

    /// Whether two categories overlap: one is the other or lies under it.
    public static func overlap(_ one: String, _ other: String) -> Bool {
        isSelfOrAncestor(one, of: other) || isSelfOrAncestor(other, of: one)
    }

    /// Whether the category or any ancestor is special; a parent of special categories is special too,
    /// since "all health data" includes them.
    public func isSpecial(_ id: String) -> Bool { special.contains(id) }

    /// Every id that is special itself or through a chain of present parents, as `isSpecial` defines it.
    private static func specialIDs(in categories: [String: CategoryInfo]) -> Set<String> {
        var result = Set<String>()
        for id in categories.keys {
            var current: String? = id
            while let key = current, let category = categories[key] {
                if category.special {
                    result.insert(id)
                    break
                }
                current = category.parent
            }
        }
        return result
    }

    /// The sorted ids.
    public var ids: [String] { categories.keys.sorted() }

    static let builtInList: [CategoryInfo] = [
        .init(id: "identity", name: "identity", fides: "user.name", dpv: "pd:Identifying"),
        .init(id: "identity.name", name: "name", fides: "user.name", dpv: "pd:Name"),
        .init(
            id: "identity.national-id", name: "national identity number (personnummer)",
            fides: "user.government_id.national_identification_number", dpv: "pd:OfficialID"),
        .init(id: "identity.nationality", name: "nationality", fides: "user.demographic", dpv: "pd:Nationality"),
        .init(
            id: "identity.date-of-birth", name: "date of birth", fides: "user.demographic.date_of_birth",
            dpv: "pd:BirthDate"),
        .init(id: "contact", name: "contact details", fides: "user.contact", dpv: "pd:Contact"),
        .init(id: "contact.email", name: "e-mail address", fides: "user.contact.email", dpv: "pd:EmailAddress"),
        .init(id: "contact.phone", name: "phone number", fides: "user.contact.phone_number", dpv: "pd:TelephoneNumber"),
        .init(id: "contact.address", name: "postal address", fides: "user.contact.address", dpv: "pd:PhysicalAddress"),
        .init(
            id: "contact.postcode", name: "postcode", fides: "user.contact.address.postal_code", dpv: "pd:PostalCode"),
        .init(id: "professional", name: "professional details", fides: "user.workplace", dpv: "pd:Professional"),
        .init(
            id: "professional.organisation", name: "employer or organisation", fides: "user.workplace",
            dpv: "pd:CurrentEmployment"),
        .init(id: "professional.job-title", name: "job title", fides: "user.job_title", dpv: "pd:Job"),
        .init(
            id: "professional.industry", name: "industry classification", fides: "user.workplace",
            dpv: "pd:Professional"),
        .init(
            id: "professional.business-address", name: "business or invoice address", fides: "user.workplace",
            dpv: "pd:PhysicalAddress"),
        .init(id: "account", name: "account", fides: "user.account", dpv: "pd:AccountIdentifier"),
        .init(
            id: "account.credentials", name: "login details (username, password)",
            fides: "user.authorization.credentials", dpv: "pd:Authenticating"),
        .init(
            id: "account.preferences", name: "settings and preferences", fides: "user.account.settings",
            dpv: "pd:Preference"),
        .init(id: "financial", name: "financial data", fides: "user.financial", dpv: "pd:Financial"),
        .init(
            id: "financial.payment", name: "payment details (card, payment method)",
            fides: "user.financial.credit_card", dpv: "pd:PaymentCardNumber"),
        .init(id: "financial.transaction", name: "transaction history", fides: "user.financial", dpv: "pd:Transaction"),
        .init(
            id: "financial.invoice", name: "invoices and billing details", fides: "user.financial",
            dpv: "pd:Transaction"),
        .init(
            id: "financial.bank-account", name: "bank account number", fides: "user.financial.bank_account",
            dpv: "pd:BankAccount"),
        .init(
            id: "financial.debt", name: "overdue claims and collection", fides: "user.financial", dpv: "pd:CreditRecord"
        ),
        .init(
            id: "commercial", name: "customer history", fides: "user.behavior.purchase_history",
            dpv: "pd:PurchasesAndSpendingHabit"),
        .init(
            id: "commercial.orders", name: "orders and deliveries", fides: "user.behavior.purchase_history",
            dpv: "pd:Purchase"),
        .init(
            id: "commercial.purchase-habits", name: "purchase habits", fides: "user.behavior.purchase_history",
            dpv: "pd:PurchasesAndSpendingHabit"),
        .init(
            id: "commercial.products", name: "active and past products and agreements",
            fides: "user.behavior.purchase_history", dpv: "pd:Purchase"),
        .init(
            id: "commercial.loyalty", name: "discount codes and loyalty programme",
            fides: "user.behavior.purchase_history", dpv: "pd:PurchasesAndSpendingHabit"),
        .init(
            id: "commercial.shipments", name: "shipment details", fides: "user.behavior.purchase_history",
            dpv: "pd:Purchase"),
        .init(id: "online", name: "online identifiers and activity", fides: "user.device", dpv: "pd:DeviceBased"),
        .init(id: "online.ip-address", name: "IP address", fides: "user.device.ip_address", dpv: "pd:IPAddress"),
        .init(
            id: "online.device", name: "device, operating system and browser", fides: "user.device",
            dpv: "pd:DeviceBased"),
        .init(
            id: "online.device-id", name: "device identifier", fides: "user.device.device_id",
            dpv: "pd:DeviceApplications"),
        .init(
            id: "online.browsing", name: "browsing history and site activity", fides: "user.behavior.browsing_history",
            dpv: "pd:BrowsingBehaviour"),
        .init(
            id: "online.cookies", name: "cookie identifiers", fides: "user.device.cookie_id",
            dpv: "pd:BrowserFingerprint"),
        .init(id: "communication", name: "communications", fides: "user.content", dpv: "pd:Communication"),
        .init(
            id: "communication.correspondence", name: "e-mail and chat correspondence", fides: "user.content.private",
            dpv: "pd:EmailContent"),
        .init(
            id: "communication.call-recording", name: "customer service call recordings", fides: "user.content.private",
            dpv: "pd:Communication"),
        .init(
            id: "communication.notes", name: "notes from calls and meetings", fides: "user.content",
            dpv: "pd:Communication"),
        .init(
            id: "communication.forms", name: "contact form and survey answers", fides: "user.content",
            dpv: "pd:Communication"),
        .init(id: "communication.feedback", name: "feedback", fides: "user.content", dpv: "pd:Opinion"),
        .init(id: "marketing", name: "marketing data", fides: "user.behavior", dpv: "pd:Behavioural"),
        .init(
            id: "marketing.preferences", name: "direct marketing choices", fides: "user.privacy_preferences",
            dpv: "pd:Preference"),
        .init(id: "marketing.profile", name: "interests and profiling", fides: "user.behavior", dpv: "pd:Interest"),
        .init(
            id: "marketing.campaigns", name: "campaigns sent and responses", fides: "user.behavior",
            dpv: "pd:Behavioural"),
        .init(id: "participation", name: "participation", fides: "user.behavior", dpv: "pd:Behavioural"),
        .init(
            id: "participation.event", name: "event registration and attendance", fides: "user.behavior",
            dpv: "pd:Behavioural"),
        .init(
            id: "participation.course", name: "course enrolment and progress", fides: "user.behavior",
            dpv: "pd:Behavioural"),
        .init(
            id: "rights", name: "data-subject rights requests", fides: "user.privacy_preferences",
            dpv: "dpv:RightExerciseRecord"),
        .init(id: "health", name: "health data", special: true, fides: "user.health_and_medical", dpv: "pd:Health"),
        .init(
            id: "health.dietary", name: "dietary needs revealing health", special: true,
            fides: "user.health_and_medical", dpv: "pd:Health"),
        .init(
            id: "ethnicity", name: "racial or ethnic origin", special: true, fides: "user.demographic.race_ethnicity",
            dpv: "pd:Ethnicity"),
        .init(
            id: "political", name: "political opinions", special: true, fides: "user.demographic.political_opinion",
            dpv: "pd:PoliticalOpinion"),
        .init(
            id: "religion", name: "religious or philosophical beliefs", special: true,
            fides: "user.demographic.religious_belief", dpv: "pd:Religion"),
        .init(
            id: "trade-union", name: "trade union membership", special: true, fides: "user.demographic",
            dpv: "pd:TradeUnionMembership"),
        .init(
            id: "genetic", name: "genetic data", special: true, fides: "user.health_and_medical.genetic",
            dpv: "pd:Genetic"),
        .init(
            id: "biometric", name: "biometric data for identification", special: true, fides: "user.biometric",
            dpv: "pd:Biometric"),
        .init(
            id: "sex-life", name: "sex life or sexual orientation", special: true,
            fides: "user.demographic.sexual_orientation",
            dpv: "pd:Sexual"),
        .init(
            id: "criminal", name: "criminal convictions and offences (Art. 10)", special: true,
            fides: "user.criminal_history", dpv: "pd:CriminalOffence"),
    ]
}
