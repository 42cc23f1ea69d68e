// How long a holding is kept: which period applies to it (the flow's, the statute's or the
// purpose's) and the day it ends, worked out from the events known about the person.

extension TraceIndex {
    /// Which period decides how long a holding is kept (Art. 5(1)(e)), and its last day: the flow's
    /// own period; for a recipient that decides its own purposes, nothing of the controller's;
    /// under a legal duty, the statute's period, not a longer one the policy chose (Art. 17(3)(b));
    /// else the purpose's period.
    func retention(for purpose: Purpose, role: Role?, incoming: [Int], knowledge: EventKnowledge)
        -> RetentionOutcome
    {
        // A plain loop: a lazy closure here captured (and so copied) the whole index for every holding.
        var flowRule: RetentionRule?
        for number in incoming {
            if let rule = graph.flows[number].retention?.value {
                flowRule = rule
                break
            }
        }
        var rule: RetentionRule?
        var source = RetentionOutcome.Source.unknown
        var policyRule: RetentionRule?
        if let flowRule {
            (rule, source) = (flowRule, .flow)
        } else if role.map(\.sharesControllersPurpose) == false {
            source = .recipient
        } else if let duty = purpose.duty.flatMap({ graph.duty($0.value) }) {
            // Kept under a statute: the statute's period decides, not a longer one the policy chose.
            (rule, source) = (duty.retention.value, .duty)
            if let own = purpose.retention?.value, own != duty.retention.value { policyRule = own }
        } else if let own = purpose.retention?.value {
            (rule, source) = (own, .purpose)
        }
        // The closure holds the one table it needs: capturing `self` copied the whole index (every
        // table retained and released) for each holding, a fifth of a served trace's time (perf).
        let eventPosition = eventPosition
        let purposeID = purpose.id.value
        let anchorDate = { (event: String) in
            eventPosition[event].flatMap { knowledge.anchorDate(of: $0, purpose: purposeID) }
        }
        var outcome = RetentionOutcome(rule: rule, source: source)
        if let rule {
            let end = rule.end(anchorDate: anchorDate)
            outcome.lastDay = end.lastDay
            outcome.atLatest = end.atLatest
            outcome.notBefore = end.notBefore
            outcome.anchorEvent = end.anchorEvent
            outcome.anchorDate = end.anchorDate
            if end.lastDay == nil || end.atLatest {
                var seen = Set<String>()
                outcome.unknownAnchors = rule.anchors.map(\.event).filter {
                    anchorDate($0) == nil && seen.insert($0).inserted
                }
            }
        }
        // The policy's own period is shown only where it gives another day than the statute.
        if let policyRule, case let policyLastDay = policyRule.end(anchorDate: anchorDate).lastDay,
            policyLastDay != outcome.lastDay || policyLastDay == nil
        {
            outcome.policyRule = policyRule
            outcome.policyLastDay = policyLastDay
        }
        return outcome
    }
}
