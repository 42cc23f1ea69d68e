// Every word a diagram draws, in English or Norwegian, so a Norwegian report's diagram is Norwegian.

public import SharegraphCore

/// The language of a diagram's words.
public enum DiagramLanguage: String, Sendable, Hashable, CaseIterable {
    case en, nb
}

/// The phrases of the visual language in one language.
public struct DiagramWords: Sendable {
    /// The language the words are in.
    public let language: DiagramLanguage

    /// Whether events are told about the person (a record) rather than to them (a report).
    public let aboutThePerson: Bool

    /// Words for a language; `aboutThePerson` for texts the controller keeps rather than sends.
    public init(_ language: DiagramLanguage, aboutThePerson: Bool = false) {
        self.language = language
        self.aboutThePerson = aboutThePerson
    }

    private func pick(_ en: String, _ nb: String) -> String { language == .nb ? nb : en }

    var legend: String { pick("Legend", "Tegnforklaring") }
    var dashedLine: String { pick("dashed line", "stiplet linje") }
    var conditional: String {
        pick("only when the condition in italics holds", "bare når vilkåret i kursiv er oppfylt")
    }
    var lineColour: String { pick("line colour: ", "linjefarge: ") }
    var outsideEEALegend: String {
        pick("outside the EEA (transfer mechanism on the line)", "utenfor EØS (overføringsgrunnlag på linjen)")
    }
    var specialLegend: String { pick("special-category data (Art. 9 or 10)", "særlige kategorier (art. 9 eller 10)") }
    var specialData: String { pick("special-category data", "særlige kategorier") }
    var specialPrefix: String { pick("special: ", "særlig: ") }
    var outsideEEA: String { pick("outside the EEA", "utenfor EØS") }
    var notNamed: String { pick("not named in the policy", "ikke navngitt i erklæringen") }
    var thePerson: String { pick("the person", "personen") }
    var dataSubject: String { pick("data subject", "den registrerte") }
    var countryUnknown: String { pick("country unknown", "land ukjent") }
    var transfer: String { pick("transfer: ", "overføring: ") }
    /// What marks a line that exists only if a condition nobody recorded holds.
    public var onlyPossible: String { pick("only possible", "bare mulig") }

    func controllerPurposes(_ count: Int) -> String {
        pick("controller · \(count) purpose\(count == 1 ? "" : "s")", "behandlingsansvarlig · \(count) formål")
    }

    func organisations(_ count: Int) -> String {
        pick("\(count) organisation\(count == 1 ? "" : "s")", "\(count) \(count == 1 ? "virksomhet" : "virksomheter")")
    }

    func flows(_ count: Int) -> String { pick("\(count) flows", "\(count) flyter") }

    func role(_ role: Role) -> String {
        switch role {
        case .processor: pick("processor", "databehandler")
        case .subProcessor: pick("sub processor", "underdatabehandler")
        case .jointController: pick("joint controller", "felles behandlingsansvarlig")
        case .independentController: pick("independent controller", "selvstendig behandlingsansvarlig")
        case .authority: pick("authority", "myndighet")
        case .internal: pick("internal", "intern")
        }
    }

    func groupLabel(_ kind: Diagram.NodeKind) -> String {
        switch kind {
        case .controller: pick("Controllers", "Behandlingsansvarlige")
        case .processor: pick("Processors", "Databehandlere")
        case .thirdParty: pick("Third parties", "Tredjeparter")
        case .authority: pick("Authorities", "Myndigheter")
        case .subject: pick("Data subjects", "Registrerte")
        case .system, .group, .other: pick("Other parties", "Andre parter")
        }
    }

    func kind(_ kind: Diagram.NodeKind) -> String {
        switch kind {
        case .subject: pick("data subject", "den registrerte")
        case .controller: pick("controller", "behandlingsansvarlig")
        case .processor: pick("processor or sub-processor", "databehandler eller underdatabehandler")
        case .thirdParty: pick("independent third party", "selvstendig tredjepart")
        case .authority: pick("public authority", "offentlig myndighet")
        case .system: pick("system inside an organisation", "system i en virksomhet")
        case .group: pick("group of organisations", "gruppe av virksomheter")
        case .other: pick("other party", "annen part")
        }
    }

    func style(_ style: Diagram.EdgeStyle) -> String {
        switch style {
        case .collection: pick("collected from the person", "samlet inn fra personen")
        case .processing: pick("processing on behalf (processor)", "behandling på vegne av (databehandler)")
        case .disclosure:
            pick("disclosed to an independent controller", "utlevert til en selvstendig behandlingsansvarlig")
        case .joint: pick("shared with a joint controller", "delt med en felles behandlingsansvarlig")
        case .authority: pick("disclosed to an authority", "utlevert til en myndighet")
        case .internal: pick("inside one organisation", "innad i én virksomhet")
        }
    }

    func shape(_ kind: Diagram.NodeKind) -> String {
        switch kind {
        case .subject: pick("double circle", "dobbel sirkel")
        case .controller: pick("blue rounded box", "blå avrundet boks")
        case .processor: pick("ellipse", "ellipse")
        case .thirdParty: pick("double box", "dobbel boks")
        case .authority: pick("grey house", "grått hus")
        case .system: pick("cylinder", "sylinder")
        case .group: pick("folder", "mappe")
        case .other: pick("dashed box", "stiplet boks")
        }
    }

    func line(_ style: Diagram.EdgeStyle) -> String {
        switch style {
        case .collection: pick("medium line", "middels linje")
        case .processing: pick("thin line", "tynn linje")
        case .disclosure: pick("bold line", "tykk linje")
        case .joint: pick("bold, both ends", "tykk, begge ender")
        case .authority: pick("diamond head", "rutespiss")
        case .internal: pick("hairline, open head", "hårstrek, åpen spiss")
        }
    }

    func basis(_ basis: LegalBasis?) -> String {
        guard let basis else {
            return pick("no purpose of its own (follows the data)", "uten eget formål (følger opplysningene)")
        }
        let article = basis.article
        switch language {
        case .en: return "\(basis.rawValue.split(separator: "-").joined(separator: " ")) (\(article))"
        case .nb:
            let name: String =
                switch basis {
                case .consent: "samtykke"
                case .contract: "avtale"
                case .legalObligation: "rettslig forpliktelse"
                case .vitalInterests: "vitale interesser"
                case .publicTask: "offentlig myndighetsutøvelse"
                case .legitimateInterests: "berettiget interesse"
                }
            return "\(name) (\(article.replacingArticle()))"
        }
    }

    /// A person's diagram's title.
    func subjectTitle(_ subject: String, asOf: CalendarDate) -> String {
        pick("Where the data of \(subject) goes, as of \(asOf)", "Hvor opplysningene om \(subject) går, per \(asOf)")
    }

    /// A kind of data subject in the reader's words: the built-in ones have Norwegian names; one a
    /// graph defines has the name the graph gives it.
    public func subjectType(_ id: String, graph: Graph) -> String {
        if language == .nb, let name = graph.subjectTypeTranslations["nb"]?[id] ?? NorwegianSubjectTypeNames.names[id] {
            return name
        }
        return graph.subjectTypes[id] ?? id
    }

    /// An Art. 9(2) condition in the reader's words, with its point.
    public func specialCondition(_ condition: SpecialCondition) -> String {
        let name: String =
            switch condition {
            case .explicitConsent: pick("explicit consent", "uttrykkelig samtykke")
            case .employment: pick("employment and social security law", "arbeidsrett og trygderett")
            case .vitalInterests: pick("vital interests", "vitale interesser")
            case .notForProfit: pick("not-for-profit body's members", "ideell organisasjons medlemmer")
            case .madePublic: pick("made public by the person", "offentliggjort av den registrerte")
            case .legalClaims: pick("legal claims", "rettskrav")
            case .substantialPublicInterest: pick("substantial public interest", "viktige allmenne interesser")
            case .healthCare: pick("health or social care", "helse- og sosialtjenester")
            case .publicHealth: pick("public health", "folkehelse")
            case .archivingResearch: pick("archiving, research or statistics", "arkiv, forskning eller statistikk")
            }
        return "\(name) (\(article(condition.article)))"
    }

    /// An article as the reader's language cites it: `Art. 6(1)(b)` in English, `art. 6 nr. 1
    /// bokstav b` in Norwegian, as Norwegian law cites the GDPR.
    public func article(_ citation: String) -> String {
        guard language == .nb else { return citation }
        var rest = Substring(citation)
        guard rest.hasPrefix("Art. ") else { return citation }
        rest = rest.dropFirst(5)
        let number = rest.prefix { $0.isNumber }
        guard !number.isEmpty else { return citation }
        rest = rest.dropFirst(number.count)
        var parts = ["art. \(number)"]
        var depth = 0
        while rest.hasPrefix("("), let close = rest.firstIndex(of: ")") {
            let inner = rest[rest.index(after: rest.startIndex)..<close]
            parts.append(depth == 0 && inner.allSatisfy(\.isNumber) ? "nr. \(inner)" : "bokstav \(inner)")
            depth += 1
            rest = rest[rest.index(after: close)...]
        }
        return parts.joined(separator: " ") + rest
    }

    /// A retention rule in the reader's words, with each event named, never as ids.
    public func retention(_ text: String, graph: Graph) -> String {
        guard case .success(let rule) = RetentionRule.parse(text) else { return text }
        return describe(rule, graph: graph)
    }

    private func describe(_ rule: RetentionRule, graph: Graph) -> String {
        let event = self.event(rule.event, graph: graph)
        switch rule.kind {
        case .until: return pick("until “\(event)”", "til «\(event)»")
        case .after:
            let period = self.period(rule.period)
            if rule.fromEndOfYear {
                return rule.period.amount == 0
                    ? pick("until the end of the year in which “\(event)”", "til utgangen av året da «\(event)»")
                    : pick(
                        "\(period) after the end of the year in which “\(event)”",
                        "\(period) etter utgangen av året da «\(event)»")
            }
            return rule.period.amount == 0
                ? pick("until “\(event)”", "til «\(event)»")
                : pick("\(period) after “\(event)”", "\(period) etter «\(event)»")
        case .earliest:
            return pick("whichever comes first: ", "det som kommer først av: ")
                + rule.parts.map { describe($0, graph: graph) }.joined(separator: pick(" or ", " eller "))
        case .latest:
            return pick("whichever comes last: ", "det som kommer sist av: ")
                + rule.parts.map { describe($0, graph: graph) }.joined(separator: pick(" or ", " eller "))
        case .atLeast:
            return pick("at least ", "minst ") + (rule.parts.first.map { describe($0, graph: graph) } ?? "")
        }
    }

    private func period(_ period: Period) -> String {
        let one = period.amount == 1
        let unit: String =
            switch period.unit {
            case .days: pick(one ? "day" : "days", one ? "dag" : "dager")
            case .workingDays: pick(one ? "working day" : "working days", one ? "virkedag" : "virkedager")
            case .weeks: pick(one ? "week" : "weeks", one ? "uke" : "uker")
            case .months: pick(one ? "month" : "months", one ? "måned" : "måneder")
            case .years: pick(one ? "year" : "years", "år")
            }
        return "\(period.amount) \(unit)"
    }

    /// An event in the reader's words.
    public func event(_ id: String, graph: Graph) -> String {
        let builtIn = aboutThePerson ? NorwegianEventNames.aboutThePerson : NorwegianEventNames.names
        if language == .nb, let name = builtIn[id] ?? graph.eventTranslations["nb"]?[id] {
            return name
        }
        return graph.events[id] ?? id
    }

    /// A condition in the reader's words, with events and purposes named, never as ids.
    public func condition(_ condition: Condition, graph: Graph) -> String? {
        switch condition {
        case .always: return nil
        case .event(let event):
            return pick(
                "when “\(self.event(event.value, graph: graph))”", "når «\(self.event(event.value, graph: graph))»")
        case .unless(let event):
            return pick(
                "unless “\(self.event(event.value, graph: graph))”",
                "med mindre «\(self.event(event.value, graph: graph))»")
        case .consent(let purpose):
            let name = graph.purpose(purpose.value).map { $0.name(in: language.rawValue) } ?? purpose.value
            return pick("with consent to “\(name)”", "med samtykke til «\(name)»")
        case .fact(let fact, let value):
            let name = graph.facts[fact.value].map { $0.name(in: language.rawValue) } ?? fact.value
            return pick("when \(name): \(value.value)", "når \(name): \(value.value)")
        case .all(let parts):
            return parts.compactMap { self.condition($0, graph: graph) }.joined(separator: pick(" and ", " og "))
        }
    }

    /// A category's name in the reader's language: the graph's `name-nb`, else the built-in
    /// Norwegian name, else the English name. The one place the reports, records and diagrams ask.
    public func category(_ id: String, taxonomy: Taxonomy) -> String {
        taxonomy.name(of: id, in: language.rawValue)
    }
}

extension String {
    /// `Art. 6(1)(b)` written the Norwegian way: `art. 6 nr. 1 bokstav b`.
    func replacingArticle() -> String {
        guard hasPrefix("Art. ") else { return self }
        let digits = dropFirst(5).split(whereSeparator: { $0 == "(" || $0 == ")" }).map(String.init)
        guard digits.count == 3 else { return "art. " + dropFirst(5) }
        return "art. \(digits[0]) nr. \(digits[1]) bokstav \(digits[2])"
    }
}
