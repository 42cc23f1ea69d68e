// Small conveniences the tests of the trace and the plan share: dates from literals, a party's
// holdings, a recipient's notice.

public import SharegraphCore

extension CalendarDate {
    /// A date from a literal in tests.
    public static func on(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { preconditionFailure("bad test date \(text)") }
        return date
    }
}

extension Trace {
    /// The holdings at one party.
    public func at(_ party: String) -> [Holding] { holdings.filter { $0.party == party } }
}

extension ErasurePlan {
    /// The plan's notice of one kind to one recipient.
    public func notice(_ recipient: String, _ action: ErasureAction) -> PlannedNotice? {
        notices.first { $0.recipient == recipient && $0.action == action }
    }
}
