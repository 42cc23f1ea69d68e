// Norwegian Bokmål names of the built-in categories, events and kinds of data subject: the words that
// diagrams, reports, records and notices in `nb` share.

/// Norwegian names of the built-in data categories.
public enum NorwegianCategoryNames {
    /// Names by category id.
    public static let names: [String: String] = [
        "identity": "identitet", "identity.name": "navn", "identity.national-id": "fødselsnummer",
        "identity.nationality": "nasjonalitet", "identity.date-of-birth": "fødselsdato",
        "contact": "kontaktopplysninger", "contact.email": "e-postadresse", "contact.phone": "telefonnummer",
        "contact.address": "postadresse", "contact.postcode": "postnummer",
        "professional": "opplysninger om arbeid", "professional.organisation": "arbeidsgiver eller organisasjon",
        "professional.job-title": "stillingstittel", "professional.industry": "bransje",
        "professional.business-address": "forretnings- eller fakturaadresse",
        "account": "konto", "account.credentials": "innloggingsopplysninger (brukernavn, passord)",
        "account.preferences": "innstillinger og preferanser",
        "financial": "økonomiske opplysninger", "financial.payment": "betalingsopplysninger (kort, betalingsmåte)",
        "financial.transaction": "transaksjonshistorikk", "financial.invoice": "fakturaer og fakturaopplysninger",
        "financial.bank-account": "kontonummer", "financial.debt": "forfalte krav og inkasso",
        "commercial": "kundehistorikk", "commercial.orders": "bestillinger og leveranser",
        "commercial.purchase-habits": "kjøpsvaner", "commercial.products": "aktive og tidligere produkter og avtaler",
        "commercial.loyalty": "rabattkoder og fordelsprogram", "commercial.shipments": "forsendelser",
        "online": "nettidentifikatorer og aktivitet", "online.ip-address": "IP-adresse",
        "online.device": "enhet, operativsystem og nettleser", "online.device-id": "enhets-ID",
        "online.browsing": "nettleserhistorikk og aktivitet på nettstedet", "online.cookies": "informasjonskapsler",
        "communication": "kommunikasjon", "communication.correspondence": "e-post- og chatkorrespondanse",
        "communication.call-recording": "opptak av kundeservicesamtaler",
        "communication.notes": "notater fra samtaler og møter",
        "communication.forms": "svar i kontaktskjema og undersøkelser", "communication.feedback": "tilbakemeldinger",
        "marketing": "markedsføringsopplysninger", "marketing.preferences": "valg om direkte markedsføring",
        "marketing.profile": "interesser og profilering", "marketing.campaigns": "kampanjer sendt og svar",
        "participation": "deltakelse", "participation.event": "påmelding og oppmøte på arrangement",
        "participation.course": "kurspåmelding og fremdrift", "rights": "henvendelser om personvernrettigheter",
        "health": "helseopplysninger", "health.dietary": "kostholdsbehov som avslører helse",
        "ethnicity": "rasemessig eller etnisk opprinnelse", "political": "politisk oppfatning",
        "religion": "religiøs eller filosofisk overbevisning", "trade-union": "fagforeningsmedlemskap",
        "genetic": "genetiske opplysninger", "biometric": "biometriske opplysninger for identifisering",
        "sex-life": "seksuelle forhold eller seksuell orientering",
        "criminal": "straffedommer og lovovertredelser (art. 10)",
    ]
}

/// Norwegian names of the built-in events, as phrases ("avtalen med deg tok slutt").
public enum NorwegianEventNames {
    /// Names by event id.
    public static let names: [String: String] = [
        "collection": "opplysningene ble samlet inn", "account-created": "du opprettet en konto",
        "account-closed": "kontoen din ble avsluttet", "contract-start": "avtalen med deg begynte",
        "contract-end": "avtalen med deg tok slutt", "course-start": "kurset begynte",
        "event-start": "arrangementet begynte",
        "employment-start": "du begynte hos bedriftskunden",
        "claim-assigned": "et forfalt krav ble overdratt til inkasso",
        "customer-relationship-end": "kundeforholdet tok slutt",
        "employment-end": "du sluttet hos bedriftskunden som er arbeidsgiveren din",
        "order": "du la inn en bestilling", "transaction": "en betaling eller regnskapstransaksjon fant sted",
        "payment-completed": "betalingen gikk gjennom", "withdrawal-period-end": "angreretten gikk ut",
        "invoice-overdue": "en faktura til deg forfalt", "course-end": "kurset tok slutt",
        "event-end": "arrangementet tok slutt",
        "last-contact": "siste kontakt med deg", "last-disclosure": "du sist ga oss opplysninger",
        "consent-given": "du ga samtykke",
        "consent-withdrawn": "du trakk samtykket", "objection": "du protesterte (art. 21)",
        "sharing-refused": "du nektet deling med tredjeparter", "newsletter-signup": "du meldte deg på et nyhetsbrev",
        "unsubscribe": "du meldte deg av", "dispute": "en tvist eller et rettskrav er åpent",
        "police-request": "politiet ba om opplysningene", "court-order": "en domstol påla utlevering",
        "authority-order": "en annen offentlig myndighet påla utlevering",
        "merger": "en fusjon, et oppkjøp eller en omorganisering fant sted",
        "insolvency": "insolvens, konkurs eller avvikling",
        "financial-year-end": "regnskapsåret opplysningene hører til tok slutt",
        "last-entry": "siste innføring i journalen din ble gjort",
        "record-no-longer-needed": "journalen ble vurdert som ikke lenger nødvendig for helsehjelpen din",
    ]

    /// The same events told about the person rather than to them, for records a controller keeps
    /// (Art. 30): only the phrases that address the person differ.
    public static let aboutThePerson: [String: String] = names.merging(
        [
            "account-created": "personen opprettet en konto", "account-closed": "personens konto ble avsluttet",
            "contract-start": "avtalen med personen begynte", "contract-end": "avtalen med personen tok slutt",
            "employment-start": "personen begynte hos bedriftskunden",
            "employment-end": "personen sluttet hos bedriftskunden som er arbeidsgiveren",
            "order": "personen la inn en bestilling", "invoice-overdue": "en faktura til personen forfalt",
            "last-contact": "siste kontakt med personen", "last-disclosure": "personen sist ga opplysninger",
            "consent-given": "personen ga samtykke", "consent-withdrawn": "personen trakk samtykket",
            "objection": "personen protesterte (art. 21)",
            "sharing-refused": "personen nektet deling med tredjeparter",
            "newsletter-signup": "personen meldte seg på et nyhetsbrev", "unsubscribe": "personen meldte seg av",
            "last-entry": "siste innføring i personens journal ble gjort",
            "record-no-longer-needed": "journalen ble vurdert som ikke lenger nødvendig for personens helsehjelp",
        ], uniquingKeysWith: { _, about in about })
}

/// Norwegian names of the built-in kinds of data subject.
public enum NorwegianSubjectTypeNames {
    /// Names by subject type id.
    public static let names: [String: String] = [
        "customer": "kunde", "private-customer": "privatkunde (forbruker)", "prospect": "mulig kunde",
        "business-contact": "ansatt eller representant for en bedriftskunde",
        "event-attendee": "deltaker på arrangement",
        "course-participant": "kursdeltaker", "newsletter-subscriber": "abonnent på nyhetsbrev",
        "website-visitor": "besøkende på nettstedet", "user": "bruker av en digital tjeneste", "employee": "ansatt",
        "patient": "pasient hos en helsetjeneste", "gym-member": "medlem av et treningssenter",
    ]
}

extension Taxonomy {
    /// A category's name in a language (`en` or `nb`): the graph's translation (`name-nb`), else the
    /// built-in Norwegian name, else the English name, else the id. The one rule reports, records,
    /// diagrams and notices ask.
    public func name(of id: String, in language: String) -> String {
        if language == "nb", let name = categories[id]?.translations["nb"] ?? NorwegianCategoryNames.names[id] {
            return name
        }
        return categories[id]?.name ?? id
    }
}
