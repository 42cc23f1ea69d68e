// Writes large, valid graphs in the real format for benchmarks, with subject files and erasure
// requests that match them. The shape follows what the seed policies show, at enterprise scale:
// controllers with processors and sub-processor chains, shared vendors (payment, cloud, e-mail) with
// chains of their own, debt collectors and partners as independent controllers, authorities that
// receive only on an event, and a mix of legal bases, retention rules and duties.

/// A deterministic generator of graph files, subjects and requests; the same seed gives the same bytes.
public struct GraphGenerator: Sendable {
    /// About how many parties to write.
    public let parties: Int
    /// Exactly how many flows to write.
    public let flows: Int
    /// The seed; every choice is drawn from it.
    public let seed: UInt64

    /// How the parties divide up; derived from the size alone.
    public struct Layout: Sendable, Equatable {
        /// Controllers, each with its own file.
        public var controllers: Int
        /// Shared vendors of each kind (payment, cloud, e-mail); each has two sub-processors in a chain.
        public var vendorsPerKind: Int
        /// Shared debt collectors.
        public var collectors: Int
        /// Parties of each controller's own: processors, their sub-processors and independent partners.
        public var localParties: Int
    }

    /// Creates a generator for about `parties` parties (at least 40) and exactly `flows` flows.
    public init(parties: Int, flows: Int, seed: UInt64 = 1) {
        self.parties = max(parties, 40)
        self.flows = max(flows, 1)
        self.seed = seed
    }

    /// A few hundred controllers at enterprise sizes, with more parties of their own as the graph grows.
    public var layout: Layout {
        let vendorsPerKind = max(parties / 300, 1)
        let collectors = max(parties / 500, 1)
        let shared = 3 + vendorsPerKind * 9 + collectors
        let controllers = max(min(parties / 10, 150 + parties / 100), 1)
        let local = max((parties - shared) / controllers - 1, 6)
        return Layout(
            controllers: controllers, vendorsPerKind: vendorsPerKind, collectors: collectors, localParties: local)
    }

    /// A PCG-style generator: small, fast and the same on every platform.
    struct Random {
        var state: UInt64
        init(_ seed: UInt64, stream: UInt64) {
            state = seed &* 0x9E37_79B9_7F4A_7C15 ^ (stream &+ 1) &* 0xD1B5_4A32_D192_ED03
            _ = below(2)
        }
        mutating func below(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
        mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
        mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }
    }

    /// One controller's purposes: id suffix, legal basis, categories, subject types, retention, duty.
    static let purposes:
        [(suffix: String, basis: String, categories: [String], subjects: String, retention: String, duty: Bool)] = [
            (
                "sales", "contract",
                [
                    "identity.name", "contact.email", "contact.phone", "contact.address", "commercial.orders",
                    "financial.invoice", "financial.payment", "financial.debt",
                ],
                "[customer, private-customer]", "contract-end + 36 months", false
            ),
            (
                "accounting", "legal-obligation",
                ["identity.name", "contact.address", "financial.invoice", "financial.transaction"],
                "[customer, private-customer]", "end of year of financial-year-end + 5 years", true
            ),
            (
                "support", "legitimate-interests",
                [
                    "identity.name", "contact.email", "contact.phone", "communication.correspondence",
                    "communication.call-recording",
                ],
                "[customer, private-customer, prospect]", "last-contact + 12 months", false
            ),
            (
                "marketing", "consent",
                ["contact.email", "marketing.preferences", "marketing.profile", "online.cookies"],
                "[customer, private-customer, prospect]", "until consent-withdrawn", false
            ),
            (
                "security", "legitimate-interests", ["online.ip-address", "online.device", "account.credentials"],
                "[customer, private-customer, prospect]", "collection + 3 months", false
            ),
            (
                "disclosure", "legal-obligation", ["identity.name", "contact.address", "financial.transaction"],
                "[customer, private-customer]", "collection + 5 years", false
            ),
        ]

    static func padded(_ number: Int) -> String {
        let text = String(number)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }

    /// The graph files to write, as (file name, text): the shared parties first, then one per controller.
    public func files() -> [(name: String, text: String)] {
        let layout = layout
        var result = [(name: "000000-shared.yaml", text: sharedFile(layout))]
        let perController = flows / layout.controllers
        for controller in 0..<layout.controllers {
            let share =
                controller == layout.controllers - 1 ? flows - perController * (layout.controllers - 1) : perController
            result.append(
                (
                    name: Self.padded(controller + 1) + ".yaml",
                    text: controllerFile(controller, flows: share, layout: layout)
                ))
        }
        return result
    }

    private func sharedFile(_ layout: Layout) -> String {
        var text = "sharegraph: 1\nparties:\n"
        text +=
            "  - {id: police, name: Police, kind: public-authority, country: NO, contact: {none: disclosed on request only}}\n"
        text +=
            "  - {id: courts, name: Courts, kind: public-authority, country: NO, contact: {none: disclosed on court order only}}\n"
        text +=
            "  - {id: tax, name: Tax administration, kind: public-authority, country: NO, contact: {none: reported under the law}}\n"
        var flowsText = ""
        var contractsText = ""
        for (kind, name) in [("pay", "Payments"), ("cloud", "Cloud"), ("mail", "Mail")] {
            for vendor in 0..<layout.vendorsPerKind {
                let id = "\(kind)-\(vendor)"
                let abroad = vendor % 3 == 0
                text +=
                    "  - {id: \(id), name: \(name) \(vendor), country: \(abroad ? "US" : "IE"), contact: {webhook: \"https://\(id).example/erasure\"}}\n"
                for level in 1...2 {
                    text +=
                        "  - {id: \(id)-s\(level), name: \(name) \(vendor) sub-processor \(level), country: \(level == 2 && abroad ? "US" : "DE"), contact: {email: privacy@s\(level).\(id).example}}\n"
                    let sender = level == 1 ? id : "\(id)-s1"
                    contractsText += "  - {id: \(id)-s\(level)-dpa, type: dpa, parties: [\(sender), \(id)-s\(level)]}\n"
                    let transfer = level == 2 && abroad ? ", transfer: {mechanism: scc}" : ""
                    flowsText +=
                        "  - {id: \(id)-chain\(level), from: \(sender), to: \(id)-s\(level), role: sub-processor, categories: all, contract: \(id)-s\(level)-dpa, authorisation: \(id)-s1-dpa\(transfer)}\n"
                }
            }
        }
        for collector in 0..<layout.collectors {
            text +=
                "  - {id: collect-\(collector), name: Debt collector \(collector), country: NO, contact: {email: dpo@collect\(collector).example}}\n"
        }
        text += "duties:\n"
        text +=
            "  - {id: gen-bookkeeping, name: Bookkeeping act, law: bokføringsloven § 13, country: NO, retention: end of year of financial-year-end + 5 years, categories: [financial.invoice, financial.transaction]}\n"
        text += "contracts:\n" + contractsText
        text += "flows:\n" + flowsText
        return text
    }

    private func controllerFile(_ controller: Int, flows share: Int, layout: Layout) -> String {
        var random = Random(seed, stream: UInt64(controller))
        let c = "c\(controller)"
        let processors = max(layout.localParties * 2 / 5, 2)
        let partners = max(layout.localParties - processors * 2, 2)
        var text = "sharegraph: 1\nparties:\n"
        text +=
            "  - {id: \(c), name: Controller \(controller), country: NO, contact: {email: dpo@c\(controller).example, webhook: \"https://c\(controller).example/dsr\"}, response-time: \(random.pick(["14 working days", "30 days", "1 month"]))}\n"
        for processor in 0..<processors {
            text +=
                "  - {id: \(c)-p\(processor), name: Processor \(controller)-\(processor), country: \(processor % 5 == 0 ? "SE" : "NO"), contact: {email: privacy@p\(processor).c\(controller).example}}\n"
            text +=
                "  - {id: \(c)-p\(processor)-s, name: Sub-processor \(controller)-\(processor), country: \(processor % 7 == 0 ? "US" : "NO"), contact: {email: privacy@s.p\(processor).c\(controller).example}}\n"
        }
        for partner in 0..<partners {
            text +=
                "  - {id: \(c)-x\(partner), name: Partner \(controller)-\(partner), country: \(partner % 4 == 0 ? "DK" : "NO"), contact: {email: privacy@x\(partner).c\(controller).example}}\n"
        }
        text += "purposes:\n"
        for purpose in Self.purposes {
            let duty = purpose.duty ? ", duty: gen-bookkeeping" : ""
            let balancing = purpose.basis == "legitimate-interests" ? ", balancing: generated" : ""
            text +=
                "  - {id: \(c).\(purpose.suffix), controller: \(c), legal-basis: \(purpose.basis)\(balancing), categories: [\(purpose.categories.joined(separator: ", "))], subjects: \(purpose.subjects), retention: \(purpose.retention)\(duty)}\n"
        }
        text += "contracts:\n"
        for processor in 0..<processors {
            text += "  - {id: \(c)-p\(processor)-dpa, type: dpa, parties: [\(c), \(c)-p\(processor)]}\n"
            text +=
                "  - {id: \(c)-p\(processor)-s-dpa, type: dpa, parties: [\(c)-p\(processor), \(c)-p\(processor)-s]}\n"
        }
        for (kind, _) in [("pay", 0), ("cloud", 1), ("mail", 2)] {
            for vendor in 0..<layout.vendorsPerKind {
                text += "  - {id: \(c)-\(kind)-\(vendor)-dpa, type: dpa, parties: [\(c), \(kind)-\(vendor)]}\n"
            }
        }
        text += "flows:\n"
        func subset(_ categories: [String]) -> String {
            var chosen: [String] = []
            for _ in 0..<(1 + random.below(3)) {
                let category = random.pick(categories)
                if !chosen.contains(category) { chosen.append(category) }
            }
            return chosen.joined(separator: ", ")
        }
        let categoriesOf = Dictionary(uniqueKeysWithValues: Self.purposes.map { ($0.suffix, $0.categories) })
        var chained = Set<Int>()
        for index in 0..<share {
            let id = "\(c)-f\(index)"
            switch index % 20 {
            case 0, 1, 2, 3, 4, 5, 6:
                let processor = random.below(processors)
                let purpose = random.pick(["sales", "support", "marketing", "security", "accounting"])
                text +=
                    "  - {id: \(id), from: \(c), to: \(c)-p\(processor), role: processor, purpose: \(c).\(purpose), categories: [\(subset(categoriesOf[purpose] ?? []))], contract: \(c)-p\(processor)-dpa}\n"
            case 7, 8:
                // The sub-processor chain: each processor's sub-processor once, then more of the same link.
                let processor =
                    index / 20 < processors && !chained.contains(index / 20) ? index / 20 : random.below(processors)
                chained.insert(processor)
                let transfer = processor % 7 == 0 ? ", transfer: {mechanism: scc}" : ""
                text +=
                    "  - {id: \(id), from: \(c)-p\(processor), to: \(c)-p\(processor)-s, role: sub-processor, categories: all, contract: \(c)-p\(processor)-s-dpa, authorisation: \(c)-p\(processor)-dpa\(transfer)}\n"
            case 9, 10, 11:
                let kind = random.pick(["cloud", "mail", "cloud"])
                let vendor = random.below(layout.vendorsPerKind)
                let purpose =
                    kind == "mail"
                    ? random.pick(["marketing", "support"]) : random.pick(["sales", "support", "security"])
                let transfer = vendor % 3 == 0 ? ", transfer: {mechanism: scc}" : ""
                text +=
                    "  - {id: \(id), from: \(c), to: \(kind)-\(vendor), role: processor, purpose: \(c).\(purpose), categories: [\(subset(categoriesOf[purpose] ?? []))], contract: \(c)-\(kind)-\(vendor)-dpa\(transfer)}\n"
            case 12:
                let vendor = random.below(layout.vendorsPerKind)
                let transfer = vendor % 3 == 0 ? ", transfer: {mechanism: scc}" : ""
                text +=
                    "  - {id: \(id), from: \(c), to: pay-\(vendor), role: processor, purpose: \(c).sales, categories: [identity.name, financial.payment], contract: \(c)-pay-\(vendor)-dpa\(transfer)}\n"
            case 13:
                let vendor = random.below(layout.vendorsPerKind)
                let transfer = vendor % 3 == 0 ? ", transfer: {mechanism: scc}" : ""
                text +=
                    "  - {id: \(id), from: \(c), to: pay-\(vendor), role: independent-controller, purpose: \(c).accounting, categories: [identity.name, financial.transaction]\(transfer)}\n"
            case 14, 15:
                let partner = random.below(partners)
                text +=
                    "  - {id: \(id), from: \(c), to: \(c)-x\(partner), role: independent-controller, purpose: \(c).sales, categories: [\(subset(["identity.name", "contact.email", "commercial.orders"]))], when: {unless: sharing-refused}}\n"
            case 16:
                let partner = random.below(partners)
                text +=
                    "  - {id: \(id), from: \(c), to: \(c)-x\(partner), role: independent-controller, purpose: \(c).marketing, categories: [contact.email, marketing.profile], when: {consent: \(c).marketing}}\n"
            case 17:
                text +=
                    "  - {id: \(id), from: \(c), to: collect-\(random.below(layout.collectors)), role: independent-controller, purpose: \(c).sales, categories: [identity.name, contact.address, financial.invoice, financial.debt], when: invoice-overdue}\n"
            case 18:
                text +=
                    "  - {id: \(id), from: \(c), to: police, role: authority, purpose: \(c).disclosure, categories: [identity.name, contact.address], when: police-request}\n"
            default:
                let (to, event) = random.pick([("courts", "court-order"), ("tax", "authority-order")])
                text +=
                    "  - {id: \(id), from: \(c), to: \(to), role: authority, purpose: \(c).disclosure, categories: [identity.name, financial.transaction], when: \(event)}\n"
            }
        }
        return text
    }

    /// One person's relationship with a controller, written in the subject format as JSON, which is
    /// also YAML's flow syntax: the same text serves subject files and batch lines.
    struct Relationship {
        var controller: Int
        var identifiers: [(String, String)]
        /// Event and date, with the purpose a consent was given for.
        var events: [(event: String, date: String, purpose: String?)]
        var notHappened: [String]

        var json: String {
            let identifiers = identifiers.map { "\"\($0.0)\": \"\($0.1)\"" }.joined(separator: ", ")
            let events = events.map { event in
                event.purpose.map { "\"\(event.event)\": {\"date\": \"\(event.date)\", \"purpose\": \"\($0)\"}" }
                    ?? "\"\(event.event)\": \"\(event.date)\""
            }
            let notHappened = notHappened.map { "\"\($0)\"" }.joined(separator: ", ")
            return
                "{\"controller\": \"c\(controller)\", \"as\": [\"customer\"], \"identifiers\": {\(identifiers)}, \"events\": {\(events.joined(separator: ", "))}, \"not-happened\": [\(notHappened)]}"
        }
    }

    private func relationship(controller: Int, person: Int, random: inout Random) -> Relationship {
        let year = 2021 + random.below(5)
        let month = 1 + random.below(12)
        let day = 1 + random.below(28)
        func date(_ later: Int) -> String {
            "\(year + later)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
        }
        var events: [(event: String, date: String, purpose: String?)] = [
            ("collection", date(0), nil), ("contract-start", date(0), nil), ("order", date(0), nil),
            ("transaction", date(0), nil),
            ("last-contact", date(1), nil),
        ]
        var notHappened = ["police-request", "court-order"]
        if random.chance(40) { events.append(("contract-end", date(2), nil)) }
        if random.chance(20) {
            events.append(("invoice-overdue", date(1), nil))
        } else {
            notHappened.append("invoice-overdue")
        }
        if random.chance(50) { events.append(("consent-given", date(0), "c\(controller).marketing")) }
        if random.chance(10) { events.append(("sharing-refused", date(0), nil)) }
        return Relationship(
            controller: controller,
            identifiers: [
                ("email", "person\(person)@c\(controller).example.invalid"),
                ("customer-number", "C\(controller)-\(person)"),
            ],
            events: events, notHappened: notHappened)
    }

    /// Subject files, as (file name, text): each person is a customer of two to five controllers.
    public func subjects(count: Int) -> [(name: String, text: String)] {
        let controllers = layout.controllers
        return (0..<count).map { person in
            var random = Random(seed, stream: 1 << 40 | UInt64(person))
            let related = Set((0..<(2 + random.below(4))).map { _ in random.below(controllers) }).sorted()
            var text = "sharegraph-subject: 1\nreference: GEN-\(person)\nrelationships:\n"
            for controller in related {
                text += "  - " + relationship(controller: controller, person: person, random: &random).json + "\n"
            }
            return (name: "person-\(Self.padded(person)).yaml", text: text)
        }
    }

    /// Request `number` as one JSON line of an `erase --batch` file, its subject inline: mostly
    /// erasures, with consent withdrawals, objections and retention sweeps mixed in.
    public func request(_ number: Int) -> String {
        var random = Random(seed, stream: 2 << 40 | UInt64(number))
        let controller = random.below(layout.controllers)
        let scope: String
        switch random.below(20) {
        case 0, 1: scope = "\"scope\": \"consent-withdrawal\", \"purposes\": [\"c\(controller).marketing\"]"
        case 2: scope = "\"scope\": \"objection\", \"purposes\": [\"c\(controller).support\"]"
        case 3: scope = "\"scope\": \"retention-sweep\""
        default: scope = "\"scope\": \"erasure\""
        }
        let relationship = relationship(controller: controller, person: number, random: &random)
        return
            "{\"sharegraph-request\": 1, \"id\": \"gen-\(seed)-\(number)\", \"controller\": \"c\(controller)\", \"received\": \"2026-11-16\", \(scope), \"subject\": {\"reference\": \"GEN-R\(number)\", \"relationships\": [\(relationship.json)]}}"
    }
}
