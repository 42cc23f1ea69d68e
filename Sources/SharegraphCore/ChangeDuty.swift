// The duties a change to the data map puts on the organisations in it, each rule with its article.

/// Why a controller's privacy notice no longer tells the truth after a change.
public enum NoticeChangeReason: String, Sendable, Hashable, CaseIterable, Codable {
    /// The recipients or categories of recipients changed.
    case recipients
    /// Data now goes to a third country (or the ground for it changed).
    case transfer
    /// A purpose, or its legal basis, was added, removed or changed.
    case purposeOrBasis = "purpose-or-basis"
    /// The legitimate interests relied on changed.
    case legitimateInterests = "legitimate-interests"
    /// How long data is kept changed.
    case retention
    /// The categories of data processed changed.
    case categories

    /// The points of Art. 13 and 14 the notice must state.
    public var article: String {
        switch self {
        case .recipients: "Art. 13(1)(e), 14(1)(e)"
        case .transfer: "Art. 13(1)(f), 14(1)(f)"
        case .purposeOrBasis: "Art. 13(1)(c), 14(1)(c)"
        case .legitimateInterests: "Art. 13(1)(d), 14(2)(b)"
        case .retention: "Art. 13(2)(a), 14(2)(a)"
        case .categories: "Art. 14(1)(d)"
        }
    }
}

/// A duty a change triggers: who must act, whom they must tell, and the article.
public struct ChangeDuty: Sendable, Hashable {
    /// The kinds of duty.
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        /// A processor adds or replaces a sub-processor: it must tell the controllers (Art. 28(2)).
        case informControllersOfSubProcessor = "inform-controllers-of-sub-processor"
        /// A controller's privacy notice must be updated (Art. 13/14).
        case updatePrivacyNotice = "update-privacy-notice"
        /// A controller must give a processor updated instructions (Art. 28(3)(a)).
        case updateProcessorInstructions = "update-processor-instructions"
    }

    /// What the duty is.
    public var kind: Kind
    /// The party that must act.
    public var party: String
    /// The parties it must tell, in graph order; empty when the duty is to the data subjects.
    public var tell: [String]
    /// The article that imposes it.
    public var article: String
    /// What in the change gives rise to it, as ids (sub-processors, purposes) or reasons.
    public var because: [String]

    /// Art. 28(2): a processor that engages another processor under a general written authorisation
    /// must inform the controller of any intended addition or replacement of sub-processors, giving
    /// it the chance to object; under a specific authorisation it needs the controller's prior
    /// authorisation. Removing a sub-processor without a replacement triggers neither.
    public static func subProcessorChange(
        processor: String, added: [String], controllers: [String]
    ) -> ChangeDuty? {
        guard !added.isEmpty, !controllers.isEmpty else { return nil }
        return ChangeDuty(
            kind: .informControllersOfSubProcessor, party: processor, tell: controllers, article: "Art. 28(2)",
            because: added)
    }

    /// Art. 13 and 14: the information given to data subjects must state the purposes and bases,
    /// recipients, transfers, retention and (where data is not collected from the person) the
    /// categories; when any of them changes, the notice must change with it, and a new purpose must
    /// be announced before the processing starts (Art. 13(3), 14(4)).
    public static func privacyNoticeUpdate(controller: String, reasons: Set<NoticeChangeReason>) -> ChangeDuty? {
        guard !reasons.isEmpty else { return nil }
        let ordered = NoticeChangeReason.allCases.filter(reasons.contains)
        return ChangeDuty(
            kind: .updatePrivacyNotice, party: controller, tell: [],
            article: "Art. 12(1), " + ordered.map(\.article).joined(separator: "; "), because: ordered.map(\.rawValue))
    }

    /// Art. 28(3)(a) and Art. 29: a processor processes only on the controller's documented
    /// instructions, so when the categories, retention or conditions of a purpose it serves change,
    /// the controller must instruct it again.
    public static func processorInstructions(
        controller: String, processors: [String], purposes: [String]
    ) -> ChangeDuty? {
        guard !processors.isEmpty, !purposes.isEmpty else { return nil }
        return ChangeDuty(
            kind: .updateProcessorInstructions, party: controller, tell: processors, article: "Art. 28(3)(a), 29",
            because: purposes)
    }
}
