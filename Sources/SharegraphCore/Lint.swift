// The GDPR linter: rules with stable ids, each resting on an article, run over an assembled graph.

/// A lint rule's fixed description.
public struct LintRule: Sendable, Hashable {
    /// Stable id, used in output and SARIF.
    public var id: String
    /// Default severity.
    public var severity: Severity
    /// The provision the rule rests on.
    public var article: String
    /// One line on what the rule finds.
    public var summary: String
    /// What to do about a finding.
    public var hint: String

    static func rule(_ id: String, _ severity: Severity, _ article: String, _ summary: String, hint: String) -> LintRule
    {
        LintRule(id: id, severity: severity, article: article, summary: summary, hint: hint)
    }

    /// Art. 28(3): a processor flow without a data processing agreement.
    public static let processorWithoutDPA = rule(
        "processor-without-dpa", .error, "Art. 28(3)",
        "a processor or sub-processor flow has no data processing agreement",
        hint: "add `contract:` naming a contract of `type: dpa` between the two parties")
    /// Art. 28(2): a sub-processor without the controller's authorisation.
    public static let subProcessorWithoutAuthorisation = rule(
        "sub-processor-without-authorisation", .error, "Art. 28(2)",
        "a sub-processor is used without the controller's authorisation",
        hint:
            "add `authorisation:` naming a `sub-processing-authorisation` contract (or a `dpa` granting general authorisation)"
    )
    /// Art. 44-46: a transfer outside the EEA without a safeguard.
    public static let transferWithoutSafeguard = rule(
        "transfer-without-safeguard", .error, "Art. 44-46",
        "data leaves the EEA without adequacy, SCCs, BCRs or a derogation",
        hint: "add `transfer: {mechanism: scc, contract: ...}` (or adequacy, bcr, derogation) to the flow")
    /// Art. 44: a recipient whose country is unknown.
    public static let unknownRecipientCountry = rule(
        "unknown-recipient-country", .warning, "Art. 44",
        "a recipient's country is unknown, so a transfer outside the EEA cannot be ruled out",
        hint: "add `country:` to the party (or `eea: true` with a note when only the region is known)")
    /// Art. 9(2): special categories without a condition.
    public static let specialCategoryWithoutCondition = rule(
        "special-category-without-condition", .error, "Art. 9(2)",
        "special-category data is processed without an Art. 9(2) condition",
        hint: "add `special-condition:` to the purpose, usually `explicit-consent`")
    /// Art. 6(1): a purpose without a legal basis.
    public static let purposeWithoutLegalBasis = rule(
        "purpose-without-legal-basis", .error, "Art. 6(1)", "a purpose has no legal basis",
        hint:
            "add `legal-basis:` (consent, contract, legal-obligation, vital-interests, public-task or legitimate-interests)"
    )
    /// Art. 6(1)(f): legitimate interests without a recorded balancing test.
    public static let legitimateInterestWithoutBalancing = rule(
        "legitimate-interest-without-balancing", .warning, "Art. 6(1)(f)",
        "a legitimate-interest purpose records no balancing test",
        hint: "add `balancing:` stating the interest and why it outweighs the person's")
    /// Art. 5(1)(e): data held with no retention rule.
    public static let categoryWithoutRetention = rule(
        "category-without-retention", .warning, "Art. 5(1)(e)", "data is held with no retention rule",
        hint: "add `retention:` such as `contract-end + 36 months` or `until consent-withdrawn`")
    /// Art. 6(1)(a), 7: consent-based data given to an independent controller.
    public static let consentDataToIndependentController = rule(
        "consent-data-to-independent-controller", .warning, "Art. 6(1)(a), 7",
        "consent-based data goes to an independent controller without consent that covers it",
        hint:
            "make the flow `when: {consent: PURPOSE}` with a consent purpose covering the disclosure, or give it another basis"
    )
    /// Art. 13(1)(e), 30(1)(d): a recipient named only by a placeholder.
    public static let placeholderRecipient = rule(
        "placeholder-recipient", .warning, "Art. 13(1)(e), 30(1)(d)", "a recipient is named only by a placeholder",
        hint: "name the real organisation; a data subject must be able to learn who the recipients are")
    /// Art. 30(1)(c): a flow carries a category its sender never holds.
    public static let categoryNotHeldBySender = rule(
        "category-not-held-by-sender", .error, "Art. 30(1)(c)", "a flow carries a category its sender never holds",
        hint: "add the category to one of the sender's purposes or incoming flows, or remove it from the flow")
    /// Art. 5(1)(b), 30(1)(c): a flow carries a category outside its purpose.
    public static let flowCategoryOutsidePurpose = rule(
        "flow-category-outside-purpose", .warning, "Art. 5(1)(b), 30(1)(c)",
        "a flow carries a category its purpose does not list",
        hint:
            "add the category to the purpose's `categories:` (the recipient holds it and an erasure must reach it), or stop sending it"
    )
    /// Art. 19: a recipient that erasure notices cannot reach.
    public static let recipientWithoutChannel = rule(
        "recipient-without-channel", .warning, "Art. 19",
        "a recipient has no channel for erasure notices, so deletion cannot propagate",
        hint: "add `contact: {email: ...}` or `contact: {webhook: https://...}` to the party")
    /// Art. 6(1)(c): a disclosure to an authority without a legal obligation.
    public static let authorityWithoutLegalObligation = rule(
        "authority-without-legal-obligation", .warning, "Art. 6(1)(c)",
        "a disclosure to an authority does not rest on a legal obligation",
        hint: "give the flow a purpose with `legal-basis: legal-obligation`")
    /// Art. 17(3)(b): a retention rule shorter than a legal duty on the same data.
    public static let retentionShorterThanDuty = rule(
        "retention-shorter-than-duty", .error, "Art. 17(3)(b)",
        "a retention rule is shorter than the legal retention duty on the same data",
        hint: "make the purpose's retention at least as long as the duty's, or drop the duty")
    /// Art. 26(1): joint controllers without an arrangement.
    public static let jointControllerWithoutArrangement = rule(
        "joint-controller-without-arrangement", .warning, "Art. 26(1)",
        "joint controllers have no recorded arrangement",
        hint: "add `contract:` naming a `joint-controller-arrangement`")
    /// Art. 5(2): something the model assumes and the policy does not say.
    public static let modelledAssumption = rule(
        "modelled-assumption", .note, "Art. 5(2)", "the model assumes something the policy does not say",
        hint: "confirm the assumption with the organisation, then remove `assumed: true`")
    /// Art. 5(1)(b): a flow that states no purpose.
    public static let flowWithoutPurpose = rule(
        "flow-without-purpose", .warning, "Art. 5(1)(b)", "a flow states no purpose",
        hint: "add `purpose:` naming the purpose the disclosure serves")

    /// Art. 13(1)(e), 30(1)(d): a controller whose purposes need a processor names none.
    public static let controllerWithoutProcessor = rule(
        "controller-without-processor", .warning, "Art. 13(1)(e), 30(1)(d)",
        "a controller names no processor, yet its purposes need one (payments, hosting, e-mail)",
        hint:
            "add the processors the policy names (or `Service providers (not named)` with `assumed: true` and a note) with flows of `role: processor`"
    )
    /// Art. 17(3)(b), 6(1)(c): a retention duty that cites no statute.
    public static let dutyWithoutStatute = rule(
        "duty-without-statute", .warning, "Art. 17(3)(b), 6(1)(c)",
        "a retention duty quotes no statute, so no one can check that the law requires the data kept",
        hint:
            "write the provision in `law:` (`bokføringsloven § 13`, `patientdatalagen 3 kap. 17 §`), or name a built-in statute"
    )

    /// Every rule, in a stable order.
    public static let all: [LintRule] = [
        processorWithoutDPA, subProcessorWithoutAuthorisation, transferWithoutSafeguard, unknownRecipientCountry,
        specialCategoryWithoutCondition, purposeWithoutLegalBasis, legitimateInterestWithoutBalancing,
        categoryWithoutRetention, consentDataToIndependentController, placeholderRecipient, categoryNotHeldBySender,
        flowCategoryOutsidePurpose, recipientWithoutChannel, authorityWithoutLegalObligation, retentionShorterThanDuty,
        jointControllerWithoutArrangement, flowWithoutPurpose, controllerWithoutProcessor, dutyWithoutStatute,
        modelledAssumption,
    ]
}

extension Linter {
    /// A note written over several lines (a YAML block scalar), as one line of a message.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
            .joined(separator: " ")
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}

/// Runs every lint rule over a graph.
public struct Linter: Sendable {
    /// The graph being checked.
    public let graph: Graph
    private let held: [String: Set<String>]

    /// Prepares a graph for checking.
    public init(graph: Graph) {
        self.graph = graph
        self.held = Linter.heldCategories(in: graph)
    }

    /// All findings, in report order.
    public func findings() -> [Diagnostic] {
        var findings: [Diagnostic] = []
        func add(_ rule: LintRule, _ message: String, at location: SourceLocation, hint: String? = nil) {
            findings.append(
                Diagnostic(
                    id: rule.id, severity: rule.severity, message: message, at: location, hint: hint ?? rule.hint,
                    article: rule.article))
        }
        for purpose in graph.purposes { checkPurpose(purpose, add) }
        for flow in graph.flows { checkFlow(flow, add) }
        checkRecipients(add)
        checkProcessorsNamed(add)
        for duty in graph.duties where !Self.citesAStatute(duty.law) {
            add(
                LintRule.dutyWithoutStatute, "retention duty `\(duty.id.value)` quotes no statute (`\(duty.law)`)",
                at: duty.location)
        }
        for (provenance, what, location) in assumptions() {
            add(
                LintRule.modelledAssumption, "\(what) is an assumption: \(Self.oneLine(provenance.note ?? "no note"))",
                at: location)
        }
        return findings.sorted(by: Diagnostic.reportOrder)
    }

    /// The elements marked as assumptions; the others are passed over without building anything.
    private func assumptions() -> [(Provenance, String, SourceLocation)] {
        var found: [(Provenance, String, SourceLocation)] = []
        func note(_ provenance: Provenance, _ what: @autoclosure () -> String, _ location: SourceLocation) {
            if provenance.assumed { found.append((provenance, what(), location)) }
        }
        for party in graph.parties {
            note(party.provenance, "party `\(party.id.value)`", party.location)
            for system in party.systems { note(system.provenance, "system `\(system.id.value)`", system.location) }
        }
        for purpose in graph.purposes { note(purpose.provenance, "purpose `\(purpose.id.value)`", purpose.location) }
        for contract in graph.contracts {
            note(contract.provenance, "contract `\(contract.id.value)`", contract.location)
        }
        for flow in graph.flows { note(flow.provenance, "flow `\(flow.id.value)`", flow.location) }
        for duty in graph.duties { note(duty.provenance, "retention duty `\(duty.id.value)`", duty.location) }
        return found
    }

    private typealias Add = (LintRule, String, SourceLocation, String?) -> Void

    private func checkPurpose(_ purpose: Purpose, _ add: Add) {
        let id = purpose.id.value
        guard let basis = purpose.legalBasis else {
            add(LintRule.purposeWithoutLegalBasis, "purpose `\(id)` has no legal basis", purpose.id.location, nil)
            return checkRetention(purpose, add)
        }
        if basis.value == .legitimateInterests, purpose.balancing == nil {
            add(
                LintRule.legitimateInterestWithoutBalancing,
                "purpose `\(id)` relies on legitimate interests but records no balancing test",
                basis.location, nil)
        }
        if purpose.specialCondition == nil,
            let special = purpose.categories.first(where: { graph.taxonomy.isSpecial($0.value) })
        {
            add(
                LintRule.specialCategoryWithoutCondition,
                "purpose `\(id)` processes special-category data `\(special.value)` without an Art. 9(2) condition",
                special.location, nil)
        }
        checkRetention(purpose, add)
    }

    private func checkRetention(_ purpose: Purpose, _ add: Add) {
        guard let retention = purpose.retention else {
            // A purpose kept under a statute is kept for the statute's period.
            if let duty = purpose.duty, graph.duty(duty.value) != nil { return }
            let categories = purpose.categories.map(\.value).joined(separator: ", ")
            add(
                LintRule.categoryWithoutRetention,
                "purpose `\(purpose.id.value)` keeps \(categories.isEmpty ? "its data" : categories) with no retention rule",
                purpose.id.location, nil)
            return
        }
        if let dutyID = purpose.duty, let duty = graph.duty(dutyID.value),
            retention.value.isCertainlyShorter(than: duty.retention.value)
        {
            add(
                LintRule.retentionShorterThanDuty,
                "retention `\(retention.value)` is shorter than `\(duty.retention.value)` required by \(duty.law)",
                retention.location, nil)
        }
    }

    private func checkFlow(_ flow: Flow, _ add: Add) {
        let role = flow.role.value
        let name = "flow `\(flow.id.value)`"
        let recipientID = graph.owningParty(of: flow.to.value)
        let recipient = recipientID.flatMap(graph.party)
        let purpose = flow.purpose.flatMap { graph.purpose($0.value) }
        if flow.purpose == nil, role != .internal, role != .subProcessor {
            add(LintRule.flowWithoutPurpose, "\(name) to `\(flow.to.value)` states no purpose", flow.location, nil)
        }
        if role.actsOnInstructions {
            let contract = flow.contract.flatMap { graph.contract($0.value) }
            if flow.contract == nil {
                add(
                    LintRule.processorWithoutDPA,
                    "\(role.rawValue) flow to `\(flow.to.value)` has no data processing agreement",
                    flow.role.location, nil)
            } else if let contract, contract.kind.value != .dpa {
                add(
                    LintRule.processorWithoutDPA,
                    "\(role.rawValue) flow to `\(flow.to.value)` rests on `\(contract.id.value)` (type \(contract.kind.value.rawValue)), not a data processing agreement",
                    flow.contract?.location ?? flow.location, nil)
            }
        }
        if role == .subProcessor {
            let authorisation = flow.authorisation.flatMap { graph.contract($0.value) }
            if flow.authorisation == nil {
                add(
                    LintRule.subProcessorWithoutAuthorisation,
                    "sub-processor `\(flow.to.value)` is used without a recorded authorisation from the controller",
                    flow.role.location, nil)
            } else if let authorisation, ![.subProcessingAuthorisation, .dpa].contains(authorisation.kind.value) {
                add(
                    LintRule.subProcessorWithoutAuthorisation,
                    "`\(authorisation.id.value)` (type \(authorisation.kind.value.rawValue)) does not authorise sub-processing",
                    flow.authorisation?.location ?? flow.location, nil)
            }
        }
        if role == .jointController {
            let contract = flow.contract.flatMap { graph.contract($0.value) }
            if contract?.kind.value != .jointControllerArrangement {
                add(
                    LintRule.jointControllerWithoutArrangement,
                    "joint-controller flow to `\(flow.to.value)` names no joint-controller arrangement",
                    flow.role.location, nil)
            }
        }
        if let recipient, role != .internal, role != .authority { checkTransfer(flow, to: recipient, add) }
        if role == .authority, purpose?.legalBasis?.value != .legalObligation {
            let basis = purpose?.legalBasis.map { "on `\($0.value.rawValue)`" } ?? "with no legal basis"
            add(
                LintRule.authorityWithoutLegalObligation,
                "disclosure to authority `\(flow.to.value)` rests \(basis), not on a legal obligation",
                flow.purpose?.location ?? flow.role.location, nil)
        }
        checkCategories(flow, purpose: purpose, add)
        if role.usesDataForOwnPurposes { checkConsent(flow, purpose: purpose, add) }
    }

    private func checkTransfer(_ flow: Flow, to recipient: Party, _ add: Add) {
        switch ThirdCountryTransfer.assess(flow, to: recipient) {
        case .unknownCountry:
            if !recipient.placeholder {
                add(
                    LintRule.unknownRecipientCountry, "recipient `\(recipient.id.value)` has no country",
                    recipient.id.location, nil)
            }
        case .noSafeguard:
            let country = recipient.country?.value ?? "outside the EEA"
            add(
                LintRule.transferWithoutSafeguard,
                "flow `\(flow.id.value)` sends data to `\(recipient.id.value)` in \(country) with no transfer mechanism",
                flow.to.location, nil)
        case .adequacyUnavailable(let code):
            add(
                LintRule.transferWithoutSafeguard,
                "\(code) has no adequacy decision; adequacy cannot cover this transfer",
                flow.transfer?.mechanism.location ?? flow.to.location,
                "use standard contractual clauses (`scc`), `bcr` or a `derogation`")
        case .insideEEA, .safeguarded: return
        }
    }

    private func checkCategories(_ flow: Flow, purpose: Purpose?, _ add: Add) {
        guard case .listed(let categories) = flow.categories, let sender = graph.owningParty(of: flow.from.value) else {
            return
        }
        let holding = held[sender] ?? []
        // The person holds all their own data.
        let senderIsThePerson = graph.party(sender)?.kind == .dataSubject
        for category in categories where graph.taxonomy.contains(category.value) {
            let isHeld = senderIsThePerson || holding.contains { Taxonomy.overlap($0, category.value) }
            if !isHeld {
                let (cause, hint) = causeElsewhere(of: flow, sender: sender)
                add(
                    LintRule.categoryNotHeldBySender,
                    "flow `\(flow.id.value)` carries `\(category.value)`, which `\(sender)` never holds\(cause)",
                    category.location, hint)
            }
            if let purpose, !senderIsThePerson,
                !purpose.categories.contains(where: { Taxonomy.isSelfOrAncestor($0.value, of: category.value) })
            {
                add(
                    LintRule.flowCategoryOutsidePurpose,
                    "flow `\(flow.id.value)` carries `\(category.value)`, which its purpose `\(purpose.id.value)` does not list",
                    category.location, nil)
            }
            // An unresolved purpose is already an error; only a missing or condition-less one is flagged here.
            if graph.taxonomy.isSpecial(category.value), purpose?.specialCondition == nil,
                flow.purpose == nil || purpose != nil
            {
                if flow.purpose == nil {
                    add(
                        LintRule.specialCategoryWithoutCondition,
                        "flow `\(flow.id.value)` carries special-category data `\(category.value)` with no purpose giving an Art. 9(2) condition",
                        category.location, nil)
                } else if let purpose, !purpose.categories.contains(where: { $0.value == category.value }) {
                    add(
                        LintRule.specialCategoryWithoutCondition,
                        "flow `\(flow.id.value)` carries special-category data `\(category.value)` under purpose `\(purpose.id.value)`, which has no Art. 9(2) condition",
                        category.location, nil)
                }
            }
        }
    }

    private func checkConsent(_ flow: Flow, purpose: Purpose?, _ add: Add) {
        guard let sender = graph.owningParty(of: flow.from.value) else { return }
        let ownPurposes = graph.purposes(controlledBy: sender)
        let carried: [String]
        switch flow.categories {
        case .all: carried = Array(held[sender] ?? []).sorted()
        case .listed(let references): carried = references.map(\.value)
        }
        // A category is consent-only when every purpose of the sender that covers it rests on consent;
        // the disclosing purpose itself does not count, or a "pass everything on" purpose would hide consent data.
        let consentOnly = carried.filter { category in
            let covering = ownPurposes.filter { purpose in
                purpose.id.value != flow.purpose?.value
                    && purpose.categories.contains { Taxonomy.overlap($0.value, category) }
            }
            return !covering.isEmpty && covering.allSatisfy { $0.legalBasis?.value == .consent }
        }
        let flowOnConsent = purpose?.legalBasis?.value == .consent
        guard flowOnConsent || !consentOnly.isEmpty else { return }
        if case .consent(let consentPurpose) = flow.condition.value,
            graph.purpose(consentPurpose.value)?.legalBasis?.value == .consent
        {
            return
        }
        let what = consentOnly.isEmpty ? "data held on consent" : consentOnly.map { "`\($0)`" }.joined(separator: ", ")
        add(
            LintRule.consentDataToIndependentController,
            "flow `\(flow.id.value)` passes \(what) to independent controller `\(flow.to.value)` without consent that covers it",
            flow.condition.location, nil)
    }

    /// Whether a duty's `law` names a provision: a section (§), an article, a chapter, or an act by
    /// its number. "the accounting rules" cites nothing a reader can check.
    public static func citesAStatute(_ law: String) -> Bool {
        let lowered = law.lowercased()
        let markers = ["§", "art.", "article", "artikel", "kap.", "chapter", "luku", "section"]
        return markers.contains { lowered.contains($0) } || lowered.contains { $0.isNumber }
    }

    /// What a controller's purposes process that is almost never done without a processor, in words.
    static func processorNeeds(_ categories: [String]) -> [String] {
        var needs: [String] = []
        if categories.contains(where: { Taxonomy.isSelfOrAncestor($0, of: "financial.payment") }) {
            needs.append("card or online payments (a payment service provider)")
        }
        if categories.contains(where: {
            Taxonomy.isSelfOrAncestor($0, of: "account.credentials") || Taxonomy.isSelfOrAncestor("online", of: $0)
        }) {
            needs.append("user accounts or a website (hosting)")
        }
        if categories.contains(where: { Taxonomy.isSelfOrAncestor($0, of: "marketing.campaigns") }) {
            needs.append("e-mail campaigns (an e-mail service)")
        }
        return needs
    }

    /// Art. 13(1)(e), 30(1)(d): a controller whose purposes need a processor and that names none
    /// has left recipients out of its record and its notice, and an erasure would never reach them.
    private func checkProcessorsNamed(_ add: Add) {
        var usesProcessor = Set<String>()
        for flow in graph.flows where flow.role.value.actsOnInstructions {
            if let sender = graph.owningParty(of: flow.from.value) { usesProcessor.insert(sender) }
            if let purpose = flow.purpose.flatMap({ graph.purpose($0.value) }) {
                usesProcessor.insert(purpose.controller.value)
            }
        }
        var seen = Set<String>()
        for purpose in graph.purposes where seen.insert(purpose.controller.value).inserted {
            let controller = purpose.controller.value
            guard !usesProcessor.contains(controller), let party = graph.party(controller),
                party.kind != .dataSubject, party.kind != .publicAuthority
            else { continue }
            let needs = Self.processorNeeds(graph.purposes(controlledBy: controller).flatMap(\.categories).map(\.value))
            guard !needs.isEmpty else { continue }
            add(
                LintRule.controllerWithoutProcessor,
                "controller `\(controller)` names no processor, yet its purposes process \(needs.joined(separator: ", "))",
                party.id.location, nil)
        }
    }

    private func checkRecipients(_ add: Add) {
        var recipients: [String: Flow] = [:]
        // Sub-processors hear of an erasure from their processor, so only direct recipients need a channel.
        for flow in graph.flows where ![.internal, .authority, .subProcessor].contains(flow.role.value) {
            if let recipient = graph.owningParty(of: flow.to.value), recipients[recipient] == nil {
                recipients[recipient] = flow
            }
        }
        for party in graph.parties {
            let isRecipient =
                recipients[party.id.value] != nil
                || graph.flows(to: party.id.value).contains { $0.role.value != .internal }
            guard isRecipient else { continue }
            if party.placeholder {
                add(
                    LintRule.placeholderRecipient,
                    "recipient `\(party.id.value)` is named only \"\(party.name.value)\"",
                    party.name.location, nil)
            }
            if recipients[party.id.value] != nil, !party.contact.hasChannel {
                let reason = party.contact.noneReason.map { " (\($0))" } ?? ""
                add(
                    LintRule.recipientWithoutChannel,
                    "recipient `\(party.id.value)` has no e-mail or webhook for erasure notices\(reason)",
                    party.id.location, nil)
            }
        }
    }

    /// Fixpoint over flows: a party holds its purposes' categories and whatever its incoming flows carry;
    /// a flow carrying `all` passes on everything its sender holds.
    /// Where a sender's data comes from when that is another file than the flow's: a chain in a
    /// shared file can break because of a change in the file that feeds it, so the message names both.
    private func causeElsewhere(of flow: Flow, sender: String) -> (String, String?) {
        let feeding = graph.flows(to: sender).filter { $0.location.file != flow.location.file }
        let purposes = graph.purposes(controlledBy: sender).filter { $0.location.file != flow.location.file }
        let places =
            (feeding.map { "flow `\($0.id.value)` at \($0.location)" }
                + purposes.map { "purpose `\($0.id.value)` at \($0.location)" })
        guard !places.isEmpty else { return ("", nil) }
        let listed =
            places.prefix(3).joined(separator: ", ") + (places.count > 3 ? " and \(places.count - 3) more" : "")
        return (
            "; `\(sender)` gets its data from \(listed)",
            "add the category to one of those (the change that removed it is likely there), or remove it from this flow"
        )
    }

    static func heldCategories(in graph: Graph) -> [String: Set<String>] {
        var held: [String: Set<String>] = [:]
        for purpose in graph.purposes {
            held[purpose.controller.value, default: []].formUnion(purpose.categories.map(\.value))
        }
        var queue = Array(Set(graph.flows.compactMap { graph.owningParty(of: $0.from.value) }).sorted())
        var queued = Set(queue)
        for flow in graph.flows {
            guard case .listed(let categories) = flow.categories, let recipient = graph.owningParty(of: flow.to.value)
            else { continue }
            held[recipient, default: []].formUnion(categories.map(\.value))
        }
        while let sender = queue.popLast() {
            queued.remove(sender)
            let holding = held[sender] ?? []
            for flow in graph.flows(from: sender) {
                guard case .all = flow.categories, let recipient = graph.owningParty(of: flow.to.value) else {
                    continue
                }
                let before = held[recipient]?.count ?? 0
                held[recipient, default: []].formUnion(holding)
                if held[recipient]?.count != before, !queued.contains(recipient) {
                    queue.append(recipient)
                    queued.insert(recipient)
                }
            }
        }
        return held
    }
}
