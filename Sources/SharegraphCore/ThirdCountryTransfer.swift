// Chapter V: whether a flow takes data out of the EEA, and what makes that lawful.

/// What Chapter V says of one flow to one recipient.
public enum TransferAssessment: Sendable, Hashable {
    /// The recipient is in the EEA: Chapter V does not apply.
    case insideEEA
    /// The graph gives the recipient no country, so a transfer is possible and its ground unknown.
    case unknownCountry
    /// Outside the EEA on a ground that covers it (Art. 45, 46(2), 47 or 49).
    case safeguarded(TransferMechanism)
    /// Outside the EEA and the flow names adequacy, but the country has no adequacy decision (Art. 45(1)).
    case adequacyUnavailable(country: String)
    /// Outside the EEA with no ground at all (Art. 44).
    case noSafeguard

    /// Whether data leaves the EEA: true, false, or nil when the country is unknown.
    public var leavesEEA: Bool? {
        switch self {
        case .insideEEA: false
        case .unknownCountry: nil
        case .safeguarded, .adequacyUnavailable, .noSafeguard: true
        }
    }

    /// Whether the transfer has a ground that covers it; nil when there is no transfer or it is unknown.
    public var isSafeguarded: Bool? {
        switch self {
        case .safeguarded: true
        case .adequacyUnavailable, .noSafeguard: false
        case .insideEEA, .unknownCountry: nil
        }
    }

    /// The article that decides the case.
    public var article: String {
        switch self {
        case .insideEEA: "Art. 44"
        case .unknownCountry: "Art. 44"
        case .safeguarded(let mechanism): mechanism.article
        case .adequacyUnavailable: "Art. 45(1)"
        case .noSafeguard: "Art. 44"
        }
    }
}

extension TransferMechanism {
    /// The article that provides the mechanism.
    public var article: String {
        switch self {
        case .adequacy: "Art. 45(3)"
        case .scc: "Art. 46(2)(c)"
        case .bcr: "Art. 47"
        case .derogation: "Art. 49(1)"
        }
    }
}

/// The transfer rules of Chapter V (Art. 44-49) applied to one flow.
public enum ThirdCountryTransfer {
    /// Art. 44: a transfer outside the EEA needs a ground in Chapter V: an adequacy decision for
    /// the recipient's country (Art. 45), appropriate safeguards such as SCCs (Art. 46(2)(c)) or
    /// BCRs (Art. 47), or a derogation (Art. 49). Adequacy counts only where the Commission has
    /// decided it for that country.
    public static func assess(_ flow: Flow, to recipient: Party) -> TransferAssessment {
        guard let inEEA = recipient.isInEEA else { return .unknownCountry }
        guard !inEEA else { return .insideEEA }
        guard let transfer = flow.transfer else { return .noSafeguard }
        if transfer.mechanism.value == .adequacy, let code = recipient.country?.value,
            !Countries.adequate.contains(code)
        {
            return .adequacyUnavailable(country: code)
        }
        return .safeguarded(transfer.mechanism.value)
    }
}
