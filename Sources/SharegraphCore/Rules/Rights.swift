// Which rights a person has over processing, from its legal basis (Chapter III GDPR): what the
// record of processing and a privacy notice must tell them (Art. 13(2)(b)-(c), 14(2)(c)-(d)).

/// A right of the data subject.
public enum DataSubjectRight: String, Sendable, Hashable, CaseIterable {
    /// Access to the data and information about the processing, Art. 15.
    case access
    /// Rectification of inaccurate data, Art. 16.
    case rectification
    /// Erasure, Art. 17.
    case erasure
    /// Restriction of processing, Art. 18.
    case restriction
    /// Data portability, Art. 20.
    case portability
    /// Objection, Art. 21.
    case objection
    /// Withdrawal of consent at any time, Art. 7(3).
    case withdrawConsent = "withdraw-consent"

    /// The article that grants the right.
    public var article: String {
        switch self {
        case .access: "Art. 15"
        case .rectification: "Art. 16"
        case .erasure: "Art. 17"
        case .restriction: "Art. 18"
        case .portability: "Art. 20"
        case .objection: "Art. 21"
        case .withdrawConsent: "Art. 7(3)"
        }
    }
}

/// The rights that follow from a legal basis.
public enum DataSubjectRights {
    /// The rights a person has over processing on `basis`.
    ///
    /// Access, rectification and restriction hold whatever the basis (Art. 15, 16, 18). Erasure does
    /// not reach processing needed for a legal obligation or a public task (Art. 17(3)(b)).
    /// Portability covers processing on consent or a contract (Art. 20(1)(a)). Objection covers
    /// processing for a public task or legitimate interests (Art. 21(1)). Consent can be withdrawn at
    /// any time (Art. 7(3)). Automated processing, which Art. 20(1)(b) also requires for portability,
    /// is not recorded in the graph, so portability is given for every processing on those bases.
    public static func available(under basis: LegalBasis) -> [DataSubjectRight] {
        var rights: [DataSubjectRight] = [.access, .rectification]
        if erasureApplies(under: basis) { rights.append(.erasure) }
        rights.append(.restriction)
        if portabilityApplies(under: basis) { rights.append(.portability) }
        if objectionApplies(under: basis) { rights.append(.objection) }
        if basis == .consent { rights.append(.withdrawConsent) }
        return rights
    }

    /// Art. 17(3)(b): erasure gives way to a legal obligation or a public task that requires the processing.
    public static func erasureApplies(under basis: LegalBasis) -> Bool {
        basis != .legalObligation && basis != .publicTask
    }

    /// Art. 20(1)(a): portability of data processed on consent or for a contract.
    public static func portabilityApplies(under basis: LegalBasis) -> Bool {
        basis == .consent || basis == .contract
    }

    /// Art. 21(1): objection to processing for a public task or legitimate interests.
    public static func objectionApplies(under basis: LegalBasis) -> Bool {
        basis == .publicTask || basis == .legitimateInterests
    }
}
