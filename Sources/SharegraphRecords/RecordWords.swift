// The record's words in English and Norwegian: column titles, their explanations for the sheet that
// explains the columns, and the phrases of cells the graph cannot fill.

import SharegraphCore
import SharegraphRender

/// The record's language.
public enum RecordLanguage: String, Sendable, CaseIterable {
    case en, nb
}

/// The words of the record in one language.
public struct RecordWords: Sendable {
    /// The language.
    public let language: RecordLanguage

    /// The words in `language`.
    public init(language: RecordLanguage) { self.language = language }

    func pick(_ en: String, _ nb: String) -> String { language == .nb ? nb : en }

    /// A cell the graph has nothing for.
    var notStated: RecordCell {
        RecordCell(text: pick("not stated in the policy", "ikke oppgitt i erklæringen"), stated: false)
    }
    var notQuoted: RecordCell {
        RecordCell(
            text: pick("no sentence of the policy is quoted", "ingen setning fra erklæringen er sitert"), stated: false)
    }
    var noneNamed: String { pick("none named in the policy", "ingen nevnt i erklæringen") }
    var noRecipients: String {
        pick("none: the data stays with the controller", "ingen: opplysningene blir hos den behandlingsansvarlige")
    }
    var noProcessors: String { pick("no processor", "ingen databehandler") }
    var noContract: String { pick("no data processing agreement recorded", "ingen databehandleravtale registrert") }
    var allInEEA: String { pick("none: every recipient is in the EEA", "ingen: alle mottakere er i EØS") }
    var countryUnknown: String { pick("country unknown", "ukjent land") }
    var noTransfer: String {
        pick("none needed: no transfer outside the EEA", "ikke nødvendig: ingen overføring ut av EØS")
    }
    var noSafeguard: String { pick("no safeguard recorded", "ingen garanti registrert") }
    var adequacy: String {
        pick("adequacy decision (Art. 45)", "beslutning om tilstrekkelig beskyttelsesnivå (art. 45)")
    }
    var legalDuty: String { pick("legal duty", "lovpålagt plikt") }
    var representativeNotNeeded: String {
        pick(
            "not needed: established in the EEA (Art. 27(1))",
            "ikke nødvendig: etablert i EØS (art. 27 nr. 1)")
    }

    /// The heading of the identification block (Art. 30(1)(a) or 30(2)(a)).
    func identificationHeading(_ kind: ProcessingRecord.Kind) -> String {
        kind == .controller
            ? pick("Controller (Art. 30(1)(a))", "Behandlingsansvarlig (art. 30 nr. 1 bokstav a)")
            : pick("Processor (Art. 30(2)(a))", "Databehandler (art. 30 nr. 2 bokstav a)")
    }

    /// A field of the identification block.
    func identificationField(_ field: String) -> String {
        switch field {
        case "name": pick("Name", "Navn")
        case "contact": pick("Contact details", "Kontaktopplysninger")
        case "dpo": pick("Data protection officer", "Personvernombud")
        case "representative": pick("Representative in the EU (Art. 27)", "Representant i EU (art. 27)")
        default: field
        }
    }
    var noSpecial: String { pick("no special categories", "ingen særlige kategorier") }
    var specialMissing: String {
        pick("special categories without an Art. 9(2) condition", "særlige kategorier uten vilkår etter art. 9 nr. 2")
    }
    var special: String { pick("special category", "særlig kategori") }
    var notReliedOn: String { pick("not relied on", "ikke brukt") }
    var noBalancing: String {
        pick("relied on; no balancing test recorded", "brukt; ingen interesseavveining registrert")
    }
    var balancingRecorded: String { pick("balancing test recorded", "interesseavveining registrert") }
    var rightsUnknown: String {
        pick(
            "cannot be stated: the policy gives no legal basis",
            "kan ikke oppgis: erklæringen gir ikke rettslig grunnlag")
    }
    var thePerson: String { pick("the person", "personen selv") }
    var collectedDirectly: String {
        pick(
            "collected by the controller; the policy does not say from whom",
            "samlet inn av den behandlingsansvarlige; erklæringen sier ikke fra hvem")
    }
    var assumedPurpose: String { pick("the purpose is an assumption", "formålet er en antakelse") }
    var assumedFlow: String { pick("an assumed flow", "en antatt overføring") }
    var noAssumptions: String { pick("none", "ingen") }
    var noFindings: String { pick("none", "ingen") }

    /// A category's name in the language (the built-in categories have Norwegian names).
    func category(_ id: String, graph: Graph) -> String {
        DiagramWords(language == .nb ? .nb : .en).category(id, taxonomy: graph.taxonomy)
    }

    /// The shared words, with events told about the person, as a record does.
    var shared: DiagramWords { DiagramWords(language == .nb ? .nb : .en, aboutThePerson: true) }

    /// An article as the language cites it (`art. 6 nr. 1 bokstav b` in Norwegian).
    func article(_ citation: String) -> String { shared.article(citation) }

    /// A purpose's name in the language, where the graph gives one.
    func name(of purpose: Purpose) -> String {
        language == .nb ? (purpose.translations["nb"] ?? purpose.name) : purpose.name
    }

    func basis(_ basis: LegalBasis) -> String {
        switch basis {
        case .consent: pick("consent", "samtykke")
        case .contract: pick("contract", "avtale")
        case .legalObligation: pick("legal obligation", "rettslig forpliktelse")
        case .vitalInterests: pick("vital interests", "vitale interesser")
        case .publicTask: pick("public task", "allmennhetens interesse eller offentlig myndighet")
        case .legitimateInterests: pick("legitimate interests", "berettiget interesse")
        }
    }

    func role(_ role: Role) -> String {
        switch role {
        case .processor: pick("processors", "databehandlere")
        case .subProcessor: pick("sub-processors", "underdatabehandlere")
        case .jointController: pick("joint controllers", "felles behandlingsansvarlige")
        case .independentController: pick("independent controllers", "selvstendige behandlingsansvarlige")
        case .authority: pick("authorities (in particular inquiries)", "myndigheter (i enkeltsaker)")
        case .internal: pick("internal", "internt")
        }
    }

    func right(_ right: DataSubjectRight) -> String {
        switch right {
        case .access: pick("access", "innsyn")
        case .rectification: pick("rectification", "retting")
        case .erasure: pick("erasure", "sletting")
        case .restriction: pick("restriction", "begrensning")
        case .portability: pick("portability", "dataportabilitet")
        case .objection: pick("objection", "protest")
        case .withdrawConsent: pick("withdraw consent", "trekke tilbake samtykke")
        }
    }

    /// A column's title and what it holds, for the header and the sheet that explains the columns.
    public func column(_ name: String) -> (title: String, explanation: String) {
        switch name {
        case "businessFunction":
            (
                pick("Business function", "Virksomhetsområde"),
                pick("The controller's systems the purpose uses", "Systemene formålet bruker")
            )
        case "purpose": (pick("Purpose of processing", "Formål"), "Art. 30(1)(b)")
        case "jointController": (pick("Joint controller", "Felles behandlingsansvarlig"), "Art. 26, 30(1)(a)")
        case "subjects": (pick("Categories of individuals", "Kategorier registrerte"), "Art. 30(1)(c)")
        case "dataCategories": (pick("Categories of personal data", "Kategorier personopplysninger"), "Art. 30(1)(c)")
        case "recipients": (pick("Categories of recipients", "Kategorier mottakere"), "Art. 30(1)(d)")
        case "processorContracts": (pick("Link to contract with processor", "Databehandleravtale"), "Art. 28(3)")
        case "thirdCountries":
            (pick("Names of third countries or international organisations", "Tredjeland"), "Art. 30(1)(e)")
        case "safeguards":
            (pick("Safeguards for exceptional transfers", "Garantier ved overføring"), "Art. 30(1)(e), 46, 49")
        case "retention": (pick("Retention schedule", "Lagringstid"), "Art. 30(1)(f)")
        case "securityMeasures":
            (
                pick(
                    "General description of technical and organisational security measures",
                    "Tekniske og organisatoriske sikkerhetstiltak"), "Art. 30(1)(g), 32"
            )
        case "lawfulBasis": (pick("Article 6 lawful basis", "Behandlingsgrunnlag (art. 6)"), "Art. 6(1)")
        case "specialCondition": (pick("Article 9 condition", "Vilkår (art. 9)"), "Art. 9(2)")
        case "legitimateInterests": (pick("Legitimate interests", "Berettiget interesse"), "Art. 6(1)(f)")
        case "rights": (pick("Rights available to individuals", "Rettigheter"), "Art. 15-21, 7(3)")
        case "automatedDecisions":
            (pick("Existence of automated decision-making", "Automatiserte avgjørelser"), "Art. 22")
        case "source": (pick("Source of the personal data", "Kilde"), "Art. 14(2)(f)")
        case "policySentence":
            (
                pick("The policy's words", "Erklæringens ord"),
                pick(
                    "The sentence of the privacy policy the purpose models",
                    "Setningen i erklæringen som formålet bygger på")
            )
        case "assumptions": (pick("Assumptions in the model", "Antakelser i modellen"), "Art. 5(2)")
        case "findings":
            (
                pick("Lint findings", "Funn"),
                pick("What `sharegraph check` finds on the row", "Det `sharegraph check` finner på raden")
            )
        case "controller": (pick("Controller", "Behandlingsansvarlig"), "Art. 30(2)(a)")
        case "processing": (pick("Categories of processing", "Kategorier behandling"), "Art. 30(2)(b)")
        case "subProcessors": (pick("Sub-processors", "Underdatabehandlere"), "Art. 28(2), (4)")
        case "contracts": (pick("Contracts", "Avtaler"), "Art. 28(3)")
        default: (name, "")
        }
    }

    /// The title of a controller's or a processor's record.
    public func title(_ record: ProcessingRecord) -> String {
        record.kind == .controller
            ? pick(
                "Record of processing activities (Art. 30(1)): \(record.name)",
                "Protokoll over behandlingsaktiviteter (art. 30 nr. 1): \(record.name)")
            : pick(
                "Record of processing for controllers (Art. 30(2)): \(record.name)",
                "Protokoll over behandling for behandlingsansvarlige (art. 30 nr. 2): \(record.name)")
    }
}
