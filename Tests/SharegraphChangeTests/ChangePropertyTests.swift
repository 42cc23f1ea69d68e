// Properties every diff must have, on random graphs: a graph compared with itself has no change, and
// comparing B with A mirrors comparing A with B.

import Foundation
import SharegraphChange
import SharegraphCore
import SharegraphTestSupport
import Testing

/// A small deterministic generator (SplitMix64), so a failure names its seed and can be rerun.
struct SplitMix {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func pick<T>(_ items: [T]) -> T { items[int(items.count)] }
    mutating func subset(_ items: [String]) -> [String] {
        let chosen = items.filter { _ in int(2) == 0 }
        return chosen.isEmpty ? [items[0]] : chosen
    }
}

/// Random graphs of two controllers and five other parties.
struct RandomGraph {
    static let categories = ["identity.name", "contact.email", "contact.phone", "financial.transaction"]
    static let countries = ["\"NO\"", "SE", "US", "DE", "IN", nil]
    static let retention = ["contract-end + 1 year", "contract-end + 3 years", "order + 2 years", nil]

    var parties: [String] = []
    var purposes: [String] = []
    var flows: [String] = []

    init(_ random: inout SplitMix) {
        for controller in ["c0", "c1"] {
            parties.append(
                "  - id: \(controller)\n    name: \(controller)\n    country: \"NO\"\n    contact: {email: \(controller)@example.org}"
            )
            for number in 0..<2 {
                var purpose =
                    "  - id: \(controller).p\(number)\n    name: p\(number)\n    controller: \(controller)\n    legal-basis: \(random.pick(["contract", "consent", "legitimate-interests"]))\n    categories: [\(random.subset(Self.categories).joined(separator: ", "))]\n    subjects: [\(random.pick(["customer", "customer, prospect"]))]"
                if purpose.contains("legitimate-interests") { purpose += "\n    balancing: weighed" }
                if let rule = random.pick(Self.retention) { purpose += "\n    retention: \(rule)" }
                purposes.append(purpose)
            }
        }
        for number in 0..<5 {
            var party = "  - id: x\(number)\n    name: X\(number)\n    contact: {email: x\(number)@example.org}"
            if let country = random.pick(Self.countries) { party += "\n    country: \(country)" }
            parties.append(party)
        }
        for number in 0..<(3 + random.int(5)) { flows.append(Self.flow(number, &random)) }
    }

    static func flow(_ number: Int, _ random: inout SplitMix) -> String {
        let from = random.pick(["c0", "c1", "x0", "x1"])
        let to = random.pick(["x0", "x1", "x2", "x3", "x4"].filter { $0 != from })
        let role =
            from.hasPrefix("c")
            ? random.pick(["processor", "independent-controller"])
            : random.pick(["sub-processor", "independent-controller"])
        var flow =
            "  - id: f\(number)\n    from: \(from)\n    to: \(to)\n    role: \(role)\n    categories: [\(random.subset(categories).joined(separator: ", "))]"
        if from.hasPrefix("c") { flow += "\n    purpose: \(from).p\(random.int(2))" }
        if random.int(4) == 0 { flow += "\n    when: police-request" }
        if random.int(4) == 0 { flow += "\n    transfer: {mechanism: \(random.pick(["scc", "adequacy"]))}" }
        return flow
    }

    /// A variation: a flow added, removed or replaced, a party's country or a purpose's retention changed.
    mutating func mutate(_ random: inout SplitMix) {
        switch random.int(5) {
        case 0: flows.append(Self.flow(flows.count + 10, &random))
        case 1: if flows.count > 1 { flows.remove(at: random.int(flows.count)) }
        case 2:
            let position = random.int(flows.count)
            flows[position] = Self.flow(position, &random)
        case 3:
            // A party moves: out of the EEA when it had a country, to the US when it had none.
            let position = 2 + random.int(5)
            let lines = parties[position].components(separatedBy: "\n")
            parties[position] =
                lines.contains { $0.contains("country:") }
                ? lines.filter { !$0.contains("country:") }.joined(separator: "\n") + "\n    eea: false"
                : parties[position] + "\n    country: US"
        default:
            let position = random.int(purposes.count)
            purposes[position] =
                purposes[position].components(separatedBy: "\n").filter { !$0.contains("retention:") }
                .joined(separator: "\n")
                + "\n    retention: \(random.pick(["contract-end + 2 years", "order + 5 years"]))"
        }
    }

    var yaml: String {
        "sharegraph: 1\nparties:\n" + parties.joined(separator: "\n") + "\npurposes:\n"
            + purposes.joined(separator: "\n")
            + "\nflows:\n" + flows.joined(separator: "\n") + "\n"
    }
}

struct ChangePropertyTests {
    static let seeds: [UInt64] = Array(1...40)

    @Test(arguments: seeds) func aGraphComparedWithItselfHasNoChange(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        let graph = RandomGraph(&random).yaml
        let impact = try Shop.impact(graph, graph)
        #expect(impact.isEmpty, "seed \(seed)")
        #expect(impact.reach.isEmpty && impact.newFindings.isEmpty && impact.duties.isEmpty, "seed \(seed)")
    }

    @Test(arguments: seeds) func comparingTheOtherWayMirrorsTheAnswer(seed: UInt64) throws {
        var random = SplitMix(state: seed)
        var graph = RandomGraph(&random)
        let a = graph.yaml
        graph.mutate(&random)
        let b = graph.yaml
        let forward = try Shop.impact(a, b)
        let backward = try Shop.impact(b, a)
        func comparable(_ change: ElementChange) -> String {
            "\(change.kind) \(change.element) \(change.id) "
                + change.fields.map { "\($0.field)|\($0.old ?? "")|\($0.new ?? "")|\($0.added)|\($0.removed)" }.sorted()
                .joined(separator: ";")
        }
        #expect(
            Set(forward.changes.map { comparable($0.mirrored) }) == Set(backward.changes.map(comparable)),
            "seed \(seed)")
        // Who gains on the way there loses on the way back, with the same categories.
        func reach(_ impact: ChangeImpact, gained: Bool) -> Set<String> {
            Set(
                impact.reach.flatMap { change in
                    (gained ? change.gained : change.lost).map {
                        "\(change.controller)/\(change.subjectType ?? "")/\($0.party)/\($0.categories)"
                    }
                        + (gained ? change.moreCategories : change.fewerCategories).map {
                            "\(change.controller)/\(change.subjectType ?? "")/\($0.party)/+\($0.categories)"
                        }
                })
        }
        #expect(reach(forward, gained: true) == reach(backward, gained: false), "seed \(seed)")
        #expect(reach(forward, gained: false) == reach(backward, gained: true), "seed \(seed)")
        func findings(_ list: [Diagnostic]) -> Set<String> { Set(list.map { "\($0.id) \($0.message)" }) }
        #expect(findings(forward.newFindings) == findings(backward.resolvedFindings), "seed \(seed)")
        #expect(findings(forward.resolvedFindings) == findings(backward.newFindings), "seed \(seed)")
        // A retention that moves earlier one way moves later the other.
        let opposite: [RetentionMove.Direction: RetentionMove.Direction] = [
            .earlier: .later, .later: .earlier, .dependsOnDates: .dependsOnDates, .nowStated: .noLongerStated,
            .noLongerStated: .nowStated,
        ]
        #expect(
            Set(forward.retention.map { "\($0.party) \($0.purpose) \(opposite[$0.direction]!)" })
                == Set(backward.retention.map { "\($0.party) \($0.purpose) \($0.direction)" }), "seed \(seed)")
        // The fast path traces fewer controllers and gives the same answer.
        let everyone = try Shop.impact(a, b, everyController: true)
        #expect(everyone.reach == forward.reach && everyone.records == forward.records, "seed \(seed)")
        #expect(!forward.isEmpty || a == b, "seed \(seed)")
    }
}
