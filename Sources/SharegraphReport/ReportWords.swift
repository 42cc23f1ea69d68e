// Every sentence of the access report, in English and Norwegian Bokmål, in one place.

import Foundation
import SharegraphCore
import SharegraphRender

struct ReportWords {
    let language: ReportLanguage

    private func pick(_ en: String, _ nb: String) -> String { language == .nb ? nb : en }

    var title: String { pick("Access report: your personal data", "Innsynsrapport: dine personopplysninger") }
    var and: String { pick("and", "og") }
    var name: String { pick("Name", "Navn") }

    func intro(controllers: String, reference: String, date: String) -> String {
        pick(
            "This report answers your request for access (GDPR Art. 15) to the personal data \(controllers) holds about you, who else has received it, why, and for how long. Case reference \(reference); the report describes the situation on \(date).",
            "Denne rapporten svarer på din begjæring om innsyn (personvernforordningen art. 15) i personopplysningene \(controllers) har om deg, hvem andre som har mottatt dem, hvorfor og hvor lenge. Saksnummer \(reference); rapporten beskriver situasjonen per \(date)."
        )
    }

    func whatWeHold(_ controller: String) -> String {
        pick("What \(controller) holds about you, and why", "Hva \(controller) har om deg, og hvorfor")
    }
    var purpose: String { pick("Purpose", "Formål") }
    var categories: String { pick("Personal data", "Personopplysninger") }
    var legalBasis: String { pick("Legal basis", "Rettslig grunnlag") }
    var keptUntil: String { pick("Kept until", "Lagres til") }
    var status: String { pick("Status", "Status") }
    var recipient: String { pick("Recipient", "Mottaker") }
    var theirRole: String { pick("Their role", "Deres rolle") }
    var why: String { pick("Why", "Hvorfor") }
    var noBasis: String { pick("not stated in the privacy policy", "ikke oppgitt i personvernerklæringen") }

    var recipientsHeading: String { pick("Who else has your data", "Hvem andre som har opplysningene dine") }
    var recipientsIntro: String {
        pick(
            "These organisations have received personal data about you. Processors act only on instructions; the others decide for themselves how they use it.",
            "Disse virksomhetene har mottatt personopplysninger om deg. Databehandlere handler bare etter instruks; de andre bestemmer selv hvordan de bruker dem."
        )
    }
    var noRecipients: String {
        pick("Nobody else has received your personal data.", "Ingen andre har mottatt personopplysningene dine.")
    }

    var transfersHeading: String { pick("Transfers outside the EEA", "Overføring ut av EØS") }
    func transfer(_ recipient: String, country: String, mechanism: String?) -> String {
        let safeguard: String =
            switch mechanism {
            case "scc":
                pick(
                    "standard contractual clauses (Art. 46(2)(c))",
                    "EUs standardkontraktsklausuler (art. 46 nr. 2 bokstav c)")
            case "bcr": pick("binding corporate rules (Art. 47)", "bindende virksomhetsregler (art. 47)")
            case "adequacy":
                pick("an adequacy decision (Art. 45)", "en beslutning om tilstrekkelig beskyttelsesnivå (art. 45)")
            case "derogation":
                pick("a derogation for a specific situation (Art. 49)", "et unntak for særlige situasjoner (art. 49)")
            default: pick("no safeguard stated", "ingen garanti oppgitt")
            }
        return pick(
            "\(recipient) in \(country), under \(safeguard)", "\(recipient) i \(country), på grunnlag av \(safeguard)")
    }

    var possibleHeading: String {
        pick(
            "Processing that depends on something we cannot confirm",
            "Behandling som avhenger av noe vi ikke kan bekrefte")
    }
    var possibleIntro: String {
        pick(
            "The following happens only with your consent or in certain situations. Our records do not show whether that applies to you; ask us and we will check.",
            "Det følgende skjer bare med ditt samtykke eller i bestemte situasjoner. Våre opplysninger viser ikke om det gjelder deg; spør oss, så undersøker vi det."
        )
    }
    var onlyIf: String { pick("only", "bare") }

    func condition(_ condition: String) -> String {
        guard language == .nb else { return condition }
        return condition.replacingOccurrences(of: "with consent to", with: "med samtykke til")
            .replacingOccurrences(of: "unless", with: "med mindre").replacingOccurrences(of: "when", with: "når")
    }

    /// "Once the event happened", for a transfer dated by an event nobody recorded.
    func once(_ event: String) -> String { pick("once “\(event)”", "når «\(event)»") }

    var endingHeading: String {
        pick("Data that is to be deleted or is restricted", "Opplysninger som skal slettes eller er begrenset")
    }
    /// A retention rule in the reader's words, with each event named, never as ids.
    func rule(_ text: String, graph: Graph) -> String {
        DiagramWords(language == .nb ? .nb : .en).retention(text, graph: graph)
    }

    /// An event's name in the reader's language: the built-in events have Norwegian names; an
    /// event a graph defines has the name the graph gives it.
    func eventName(_ id: String, graph: Graph) -> String {
        DiagramWords(language == .nb ? .nb : .en).event(id, graph: graph)
    }

    var derivedIntro: String {
        pick(
            "Dates not in our records were worked out as follows:",
            "Datoer som ikke står i våre opplysninger er regnet ut slik:")
    }
    func derived(_ entry: TraceDocument.DerivedEventEntry, graph: Graph) -> String {
        let event = eventName(entry.event, graph: graph)
        let source = eventName(entry.from, graph: graph)
        return pick(
            "“\(event)” taken as \(entry.date), from “\(source)”",
            "«\(event)» satt til \(entry.date), ut fra «\(source)»")
    }

    var diagramHeading: String { pick("How your data travels", "Hvordan opplysningene dine flyter") }
    var diagramIntro: String {
        pick(
            "Solid arrows are certain; dashed arrows depend on a situation we cannot confirm.",
            "Heltrukne piler er sikre; stiplede piler avhenger av en situasjon vi ikke kan bekrefte.")
    }
    /// The diagram's name for a screen reader, which says where the same facts are in words.
    func diagramLabel(holders: Int) -> String {
        pick(
            "Diagram of how your data travels, from you to \(holders == 1 ? "one holder" : "\(holders) holders"); the same paths are listed in words above",
            "Diagram over hvor opplysningene dine går, fra deg til \(holders == 1 ? "én mottaker" : "\(holders) mottakere"); de samme veiene står med ord over"
        )
    }

    var diagramSource: String { pick("Diagram (Mermaid source)", "Diagram (Mermaid-kilde)") }

    var rightsHeading: String { pick("Your rights", "Dine rettigheter") }
    func rights(complaintTo authority: String) -> [String] {
        language == .nb
            ? [
                "Du kan be om å få rettet uriktige opplysninger (art. 16).",
                "Du kan be om at opplysningene slettes (art. 17). Opplysninger vi må oppbevare etter lov, for eksempel regnskap, blir begrenset til fristen er ute og deretter slettet.",
                "Du kan be om at behandlingen begrenses (art. 18).",
                "Du kan protestere mot behandling basert på berettiget interesse, og alltid mot direkte markedsføring (art. 21).",
                "Du kan trekke tilbake et samtykke når som helst (art. 7 nr. 3); det påvirker ikke behandlingen før tilbaketrekkingen.",
                "Du kan få opplysninger du har gitt oss i et maskinlesbart format (art. 20).",
                "Du kan klage til \(authority).",
            ]
            : [
                "You may ask us to correct inaccurate data (Art. 16).",
                "You may ask us to erase your data (Art. 17). Data the law requires us to keep, such as accounting records, is restricted until that period ends and then erased.",
                "You may ask us to restrict processing (Art. 18).",
                "You may object to processing based on legitimate interests, and always to direct marketing (Art. 21).",
                "You may withdraw consent at any time (Art. 7(3)); this does not affect processing before the withdrawal.",
                "You may receive the data you gave us in a machine-readable format (Art. 20).",
                "You may complain to \(authority).",
            ]
    }
    var contact: String { pick("To exercise your rights, contact", "For å bruke rettighetene dine, kontakt") }

    func basis(_ basis: LegalBasis) -> String {
        switch basis {
        case .consent: pick("your consent", "ditt samtykke")
        case .contract: pick("our contract with you", "avtalen med deg")
        case .legalObligation: pick("a legal obligation", "en rettslig forpliktelse")
        case .vitalInterests: pick("vital interests", "vitale interesser")
        case .publicTask: pick("a task in the public interest", "en oppgave i allmennhetens interesse")
        case .legitimateInterests: pick("our legitimate interests", "vår berettigede interesse")
        }
    }

    func article(_ article: String) -> String {
        guard language == .nb else { return article }
        // "Art. 6(1)(b)" → "art. 6 nr. 1 bokstav b"
        let digits = article.dropFirst(5).split(whereSeparator: { "()".contains($0) }).map(String.init)
        guard digits.count == 3 else { return article }
        return "art. \(digits[0]) nr. \(digits[1]) bokstav \(digits[2])"
    }

    func role(_ role: String, controller: String) -> String {
        switch role {
        case "processor":
            pick(
                "processes it on behalf of \(controller) (data processor)",
                "behandler dem på vegne av \(controller) (databehandler)")
        case "sub-processor":
            pick(
                "processes it for a processor of \(controller) (sub-processor)",
                "behandler dem for en databehandler for \(controller) (underdatabehandler)")
        case "independent-controller":
            pick("received it and is itself responsible for its use", "har mottatt dem og er selv behandlingsansvarlig")
        case "joint-controller":
            pick(
                "decides together with \(controller) (joint controller)",
                "bestemmer sammen med \(controller) (felles behandlingsansvarlig)")
        case "authority":
            pick(
                "received it in a particular inquiry (public authority)",
                "mottok dem i en konkret sak (offentlig myndighet)")
        case "internal": pick("another part of \(controller)", "en annen del av \(controller)")
        default: pick("controller", "behandlingsansvarlig")
        }
    }

    var recipientDecides: String { pick("not stated; the recipient decides", "ikke oppgitt; mottakeren bestemmer") }
    var notStated: String { pick("no period stated", "ingen lagringstid oppgitt") }

    /// A retention with no last day yet: the rule, the known minimum, and only the dates that are
    /// really missing (a recorded date is never called unknown).
    func openUntil(rule: String, notBefore: String?, unknown: [String], graph: Graph) -> String {
        let rule = self.rule(rule, graph: graph)
        guard !unknown.isEmpty else {
            guard let notBefore else { return pick("not stated: \(rule)", "ikke fastsatt: \(rule)") }
            return pick(
                "at least until \(notBefore) (\(rule)); the end is not stated",
                "minst til \(notBefore) (\(rule)); slutten er ikke fastsatt")
        }
        let english = unknown.map { "“\(eventName($0, graph: graph))”" }
        let norwegian = unknown.map { "«\(eventName($0, graph: graph))»" }
        let missing = pick(
            "the date of \(english.joined(separator: " and ")) is not known",
            "datoen for \(norwegian.joined(separator: " og ")) er ikke kjent")
        guard let notBefore else {
            return pick("not yet known: \(rule) (\(missing))", "ikke kjent ennå: \(rule) (\(missing))")
        }
        return pick(
            "not yet known, at least until \(notBefore): \(rule) (\(missing))",
            "ikke kjent ennå, minst til \(notBefore): \(rule) (\(missing))")
    }

    /// A restriction that covers only part of a purpose's categories: the rest is still in use.
    func partlyRestricted(restricted: String, status: String, inUse: String, purposes: String) -> String {
        pick(
            "\(restricted): \(status); \(inUse): still in use for \(purposes)",
            "\(restricted): \(status); \(inUse): fortsatt i bruk til \(purposes)")
    }

    func status(_ status: TraceDocument.StatusEntry) -> String {
        switch status.state {
        case "due":
            let why: String =
                switch status.reason {
                case "consent-withdrawn": pick("you withdrew consent", "du trakk samtykket")
                case "objection": pick("you objected", "du protesterte")
                case "duty-ended": pick("the legal storage duty ended", "den lovpålagte oppbevaringsplikten er ute")
                default: pick("the storage period ended", "lagringstiden er ute")
                }
            return pick("to be deleted: \(why) (\(status.since ?? ""))", "skal slettes: \(why) (\(status.since ?? ""))")
        case "restricted":
            return pick(
                "kept only to meet \(status.law ?? "a legal duty"), until \(status.until ?? ""); not used for anything else",
                "oppbevares bare for å oppfylle \(status.law ?? "en lovplikt"), til \(status.until ?? ""); brukes ikke til noe annet"
            )
        case "deleted": return pick("deleted (\(status.since ?? ""))", "slettet (\(status.since ?? ""))")
        default: return pick("in use", "i bruk")
        }
    }
}
