// Why a notice goes to another party, kept as the facts it rests on so that it can be worded in the
// notice's language: a processor's instruction (Art. 28), word to a recipient (Art. 19, 26), and the
// erasure that follows when a retention duty ends (Art. 17(3)(b)). The plan's `reason` is the
// English wording; a notice in Norwegian is worded from the same facts.

/// The facts behind a notice to another party, worded by `text(in:)`.
public enum NoticeReason: Sendable, Hashable {
    /// Art. 28(3)(g): a processor is instructed and passes the instruction on (Art. 28(4)).
    case processor(controller: String)
    /// Art. 28(2), (4): a sub-processor, instructed through the party that passed it the data.
    case subProcessor(controller: String, through: String?)
    /// Art. 19: an independent controller is told what the controller did; it decides on its own erasure.
    case informed(controllerName: String, outcome: Outcome, recipient: String, sender: String)
    /// Art. 26 with Art. 19: a joint controller erases under the arrangement.
    case jointController(controllerName: String, outcome: Outcome)
    /// Art. 17(3)(b) ends: the duty's last day has passed.
    case dutyEnded(law: String)
    /// Art. 17(3)(b) ends at the earliest after `minimum`; from `checkFrom`, check whether the law still requires the data.
    case dutyMinimum(law: String, minimum: CalendarDate, checkFrom: CalendarDate)
    /// Art. 17(3)(b) ends when the period ends, which waits for facts that are not recorded.
    case dutyWaits(law: String, events: [NamedEvent])

    /// What the controller did with the data it tells a recipient about.
    public enum Outcome: Sendable, Hashable {
        case erased, restricted, erasedOrRestricted
    }

    /// An event as the graph names it, in English and (where known) Norwegian.
    public struct NamedEvent: Sendable, Hashable {
        /// The event's id.
        public var id: String
        /// The graph's name for it, if any.
        public var english: String?
        /// Its Norwegian name: the graph's `name-nb`, else the built-in one.
        public var norwegian: String?

        /// Names the event from the graph.
        public init(_ id: String, graph: Graph) {
            self.id = id
            english = graph.events[id]
            norwegian = NorwegianEventNames.names[id] ?? graph.eventTranslations["nb"]?[id]
        }
    }

    /// The reason in English (`en`) or Norwegian Bokmål (`nb`); other languages get English.
    public func text(in language: String) -> String {
        language == "nb" ? norwegian : english
    }

    /// The English wording, which the plan keeps as its `reason`.
    public var english: String {
        switch self {
        case .processor(let controller):
            "Art. 28(3)(g): processor for \(controller); pass the instruction to any sub-processors (Art. 28(4)) and confirm once they have"
        case .subProcessor(let controller, let through):
            "Art. 28(2), (4): sub-processor authorised for \(controller); instructed through \(through ?? "its processor"), which confirms once it has"
        case .informed(let controllerName, let outcome, let recipient, let sender):
            "Art. 19: \(controllerName) \(outcome.english); \(recipient) received it from \(sender) as an independent controller and decides on its own erasure and its own legal duties (Art. 17); an acknowledgment of receipt is asked, not a confirmation of erasure"
        case .jointController(let controllerName, let outcome):
            "Art. 26, Art. 19: joint controller; \(controllerName) \(outcome.english); erase it under the arrangement and confirm"
        case .dutyEnded(let law):
            "\(law) no longer requires the data: erase it (Art. 17(3)(b) ends)"
        case .dutyMinimum(let law, let minimum, let checkFrom):
            "\(law) keeps the data at least until \(minimum); from \(checkFrom) check whether it still requires the data, and erase it when it does not (Art. 17(3)(b) ends)"
        case .dutyWaits(let law, let events):
            "\(law) no longer requires the data once its period ends; its end waits for \(Self.missing(events, norwegian: false)) (Art. 17(3)(b) ends)"
        }
    }

    /// The Norwegian wording, articles cited the Norwegian way.
    public var norwegian: String {
        switch self {
        case .processor(let controller):
            "Art. 28 nr. 3 bokstav g: databehandler for \(controller); send instruksen videre til eventuelle underleverandører (art. 28 nr. 4) og bekreft når de har gjort det"
        case .subProcessor(let controller, let through):
            "Art. 28 nr. 2 og 4: underleverandør godkjent for \(controller); instruert gjennom \(through ?? "databehandleren"), som bekrefter når det er gjort"
        case .informed(let controllerName, let outcome, let recipient, let sender):
            "Art. 19: \(controllerName) \(outcome.norwegian); \(recipient) mottok opplysningene fra \(sender) som selvstendig behandlingsansvarlig og avgjør selv sletting og egne lovpålagte plikter (art. 17); vi ber om bekreftelse på mottak, ikke på sletting"
        case .jointController(let controllerName, let outcome):
            "Art. 26 og art. 19: felles behandlingsansvarlig; \(controllerName) \(outcome.norwegian); slett opplysningene etter avtalen mellom dere og bekreft"
        case .dutyEnded(let law):
            "\(law) krever ikke lenger opplysningene: slett dem (unntaket i art. 17 nr. 3 bokstav b gjelder ikke lenger)"
        case .dutyMinimum(let law, let minimum, let checkFrom):
            "\(law) krever at opplysningene oppbevares minst til \(minimum); fra \(checkFrom) må det vurderes om loven fortsatt krever dem, og de slettes når den ikke gjør det (unntaket i art. 17 nr. 3 bokstav b gjelder ikke lenger)"
        case .dutyWaits(let law, let events):
            "\(law) krever ikke lenger opplysningene når perioden er over; slutten venter på \(Self.missing(events, norwegian: true)) (unntaket i art. 17 nr. 3 bokstav b gjelder ikke lenger)"
        }
    }

    /// The unrecorded dates an end waits for, quoted.
    static func missing(_ events: [NamedEvent], norwegian: Bool) -> String {
        guard !events.isEmpty else {
            return norwegian ? "en dato plikten ikke oppgir" : "a date the duty does not state"
        }
        if norwegian {
            let names = events.map { $0.norwegian.map { "«\($0)»" } ?? "`\($0.id)`" }
            return
                "datoen for \(names.joined(separator: " og ")), som ikke er registrert: registrer den for å fastsette slutten"
        }
        let names = events.map { $0.english.map { "“\($0)”" } ?? "`\($0.id)`" }
        return "the date of \(names.joined(separator: " and ")), not recorded: record it to fix the end"
    }
}

extension NoticeReason.Outcome {
    var english: String {
        switch self {
        case .erased: "erased the data listed (Art. 17(1))"
        case .restricted: "restricted the data listed (Art. 18)"
        case .erasedOrRestricted: "erased or restricted the data listed (Art. 17(1), Art. 18)"
        }
    }

    var norwegian: String {
        switch self {
        case .erased: "har slettet opplysningene som er listet (art. 17 nr. 1)"
        case .restricted: "har begrenset behandlingen av opplysningene som er listet (art. 18)"
        case .erasedOrRestricted:
            "har slettet eller begrenset behandlingen av opplysningene som er listet (art. 17 nr. 1 og art. 18)"
        }
    }
}
