// The rules of an erasure request (Art. 17 with Art. 4(9), 7(3), 18, 21 and 5(1)(e)): which
// holdings a request reaches, which get no notice, which an exception keeps, and which a legal duty
// restricts. The planner asks them holding by holding.

/// The rules that decide what an erasure request does to a holding.
enum ErasureRules {
    /// Why a holding stays out of a request of this scope, or nil when the request ends it: a
    /// withdrawal of consent ends only processing on consent (Art. 7(3)), an objection only the
    /// purposes objected to (Art. 21(1)), a retention sweep only what is past its period (Art. 5(1)(e));
    /// an erasure request reaches every holding (Art. 17(1)).
    static func outOfScope(_ holding: Holding, scope: ErasureScope) -> String? {
        let basis = holding.legalBasis
        switch scope {
        case .erasure: return nil
        case .consentWithdrawal(let purposes):
            guard basis == .consent else { return "not based on consent (\(basis?.rawValue ?? "no basis stated"))" }
            return purposes.isEmpty || purposes.contains { $0.value == holding.purpose }
                ? nil : "consent to this purpose was not withdrawn"
        case .objection(let purposes):
            return purposes.contains { $0.value == holding.purpose } ? nil : "not a purpose the person objected to"
        case .retentionSweep:
            if case .due = holding.status { return nil }
            return "retention has not passed (\(holding.status.keyword))"
        }
    }

    /// Art. 4(9): a public authority that received the data in a particular inquiry is not a
    /// recipient, so no notice goes to it.
    static func isNotARecipient(_ holding: Holding) -> Bool { holding.role == .authority }

    /// Art. 17(3)(a), (c), (d), (e): the purpose serves an exception to erasure, and it certainly
    /// applies to the person now: its condition was recorded as having happened (a dispute was
    /// opened) and its retention has not ended (the dispute was not settled). An exception whose
    /// condition nobody recorded is only possible, and a possible exception keeps nothing.
    static func erasureException(_ holding: Holding, purpose: Purpose?) -> ErasureException? {
        guard let exception = purpose?.erasureException?.value, holding.certainty == .held, holding.status == .held
        else { return nil }
        return exception
    }

    /// Art. 17(3)(b), Art. 18: data a statute requires the controller (or its processor) to keep
    /// is kept until the last day the statute gives, counted from the person's own dates; where the
    /// statute gives only a minimum ("at least 10 years after the last entry"), not before that
    /// minimum. Nil when the duty does not apply to this holding or has already ended.
    static func legalDutyRestriction(_ holding: Holding, duty: RetentionDuty, received: CalendarDate) -> (
        lastDay: CalendarDate?, notBefore: CalendarDate?, law: String
    )? {
        guard holding.role.map(\.sharesControllersPurpose) ?? true, holding.retention.source == .duty else {
            return nil
        }
        let lastDay = holding.retention.lastDay
        guard lastDay.map({ $0 >= received }) ?? true else { return nil }
        return (lastDay, lastDay == nil ? holding.retention.notBefore : nil, duty.law)
    }
}
