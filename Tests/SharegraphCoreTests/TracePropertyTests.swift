// Properties over random graphs with cycles and conditions: the walk terminates, is deterministic,
// never calls a conditional holding certain without its event, and adding an event never removes
// a holding that was reached without any condition.

import SharegraphTestSupport
import Testing

@testable import SharegraphCore

struct TracePropertyTests {
    struct Random {
        var state: UInt64
        mutating func below(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    static let events = ["invoice-overdue", "police-request", "merger", "sharing-refused", "dispute"]
    static let categories = [
        "identity.name", "contact.email", "contact.phone", "financial.invoice", "commercial.orders",
    ]

    static func randomGraph(_ random: inout Random, parties: Int, flows: Int) -> String {
        var text = "sharegraph: 1\nparties:\n"
        for party in 0..<parties { text += "  - {id: p\(party), name: P\(party), country: \"NO\"}\n" }
        text += "purposes:\n"
        for purpose in 0..<3 {
            let listed = (0..<3).map { _ in categories[random.below(categories.count)] }
            text +=
                "  - {id: p0.u\(purpose), controller: p0, legal-basis: contract, categories: [\(listed.joined(separator: ", "))], subjects: [customer], retention: contract-end + \(purpose + 1) months}\n"
        }
        text += "flows:\n"
        let roles = ["processor", "sub-processor", "independent-controller", "authority"]
        for flow in 0..<flows {
            let from = random.below(parties)
            var to = random.below(parties)
            if to == from { to = (to + 1) % parties }
            var line =
                "  - {id: f\(flow), from: p\(from), to: p\(to), role: \(roles[random.below(roles.count)]), categories: [\(categories[random.below(categories.count)]), \(categories[random.below(categories.count)])]"
            if random.below(3) == 0 { line += ", purpose: p0.u\(random.below(3))" }
            switch random.below(4) {
            case 0: line += ", when: \(events[random.below(events.count)])"
            case 1: line += ", when: {unless: \(events[random.below(events.count)])}"
            default: break
            }
            text += line + "}\n"
        }
        return text
    }

    static func subject(_ events: [(String, String)], complete: Bool = false) -> Subject {
        let location = SourceLocation(file: "s", line: 1, column: 1)
        let occurrences = events.map {
            EventOccurrence(event: Located($0.0, at: location), date: Located(CalendarDate.on($0.1), at: location))
        }
        return Subject(
            reference: Located("R", at: location),
            relationships: [
                Relationship(
                    controller: Located("p0", at: location), subjectTypes: [Located("customer", at: location)],
                    events: occurrences, eventsComplete: complete, location: location)
            ],
            file: "s")
    }

    static func key(_ holding: Holding) -> String {
        "\(holding.party)|\(holding.purpose)|\(holding.role?.rawValue ?? "controller")"
    }

    @Test func addingAnEventNeverRemovesAnUnconditionalHolding() throws {
        var random = Random(state: 7)
        for _ in 0..<40 {
            let text = Self.randomGraph(&random, parties: 12, flows: 30)
            let index = try Seeds.graph(text)
            // The oracle: the same graph without its conditional flows. What it reaches, it reaches
            // with no condition at all, so no event may take it away.
            let unconditional = try Seeds.graph(
                text.split(separator: "\n").filter { !$0.contains("when:") }.joined(separator: "\n"))
            let base = [("contract-start", "2024-01-01")]
            let floor = unconditional.trace(Self.subject(base), asOf: CalendarDate.on("2025-01-01")).holdings.map(
                Self.key)
            for event in Self.events {
                let after = index.trace(
                    Self.subject(base + [(event, "2024-06-01")]), asOf: CalendarDate.on("2025-01-01"))
                let keys = Set(after.holdings.map(Self.key))
                for key in floor { #expect(keys.contains(key), "adding \(event) removed \(key)") }
            }
        }
    }

    @Test func aHoldingIsCertainOnlyWhenEveryConditionOnARouteHolds() throws {
        var random = Random(state: 11)
        for _ in 0..<40 {
            let index = try Seeds.graph(Self.randomGraph(&random, parties: 10, flows: 30))
            let trace = index.trace(
                Self.subject([("contract-start", "2024-01-01"), ("merger", "2024-02-01")]),
                asOf: CalendarDate.on("2025-01-01"))
            for holding in trace.holdings where !holding.routes.isEmpty {
                let certainRoute = holding.routes.contains { $0.steps.allSatisfy { $0.truth == .yes } }
                #expect((holding.certainty == .held) == certainRoute, "\(Self.key(holding))")
            }
        }
    }

    @Test func theWalkTerminatesAndIsDeterministicOnDenseCyclicGraphs() throws {
        var random = Random(state: 3)
        for _ in 0..<10 {
            let index = try Seeds.graph(Self.randomGraph(&random, parties: 30, flows: 400))
            let subject = Self.subject([("contract-start", "2024-01-01"), ("dispute", "2024-03-01")])
            let first = index.trace(subject, asOf: CalendarDate.on("2025-01-01"))
            let second = index.trace(subject, asOf: CalendarDate.on("2025-01-01"))
            #expect(first.holdings == second.holdings)
            // Each (party, purpose, role) appears once.
            #expect(Set(first.holdings.map(Self.key)).count == first.holdings.count)
        }
    }

    @Test func theWalksHashTableAgreesWithADictionaryThroughGrowthAndCollisions() {
        var random = Random(state: 23)
        var table = IntegerTable(capacity: 1)
        var reference: [UInt64: Int32] = [:]
        for step in 0..<20_000 {
            // Keys packed as the walk packs them (party, purpose, role), drawn from a small range so they repeat.
            let key = UInt64(random.below(300)) << 32 | UInt64(random.below(40)) << 8 | UInt64(random.below(8))
            let value = Int32(step)
            let expected = reference[key] ?? value
            if reference[key] == nil { reference[key] = value }
            #expect(table.value(for: key, inserting: value) == expected)
            if step % 7 == 0 {
                table.set(key, -value)
                reference[key] = -value
            }
        }
        for (key, value) in reference {
            #expect(table.value(for: key) == value, "a lookup finds what was stored without inserting")
            #expect(table.value(for: key, inserting: .min) == value)
        }
        #expect(table.value(for: UInt64(999) << 32) == nil)
    }

    @Test func eachSendersFlowGroupsHoldExactlyItsFlowsForAPurposeInGraphOrder() throws {
        var random = Random(state: 31)
        // Forty purposes over three controllers, so one sender has more groups than a short scan
        // would search, plus flows without a purpose and parties that send nothing.
        var text = "sharegraph: 1\nparties:\n"
        for party in 0..<12 { text += "  - {id: p\(party), name: P\(party), country: \"NO\"}\n" }
        text += "purposes:\n"
        for purpose in 0..<40 {
            text +=
                "  - {id: p\(purpose % 3).u\(purpose), controller: p\(purpose % 3), legal-basis: contract, categories: [contact], subjects: [customer]}\n"
        }
        text += "flows:\n"
        for flow in 0..<600 {
            let from = random.below(9)
            let to = (from + 1 + random.below(11)) % 12
            var line = "  - {id: f\(flow), from: p\(from), to: p\(to), role: processor, categories: [contact]"
            if random.below(4) != 0 {
                let purpose = random.below(40)
                line += ", purpose: p\(purpose % 3).u\(purpose)"
            }
            text += line + "}\n"
        }
        let index = try Seeds.graph(text)
        let graph = index.graph
        for party in 0..<12 {
            let id = "p\(party)"
            let expectedAny = graph.flows.indices.filter {
                graph.flows[$0].from.value == id && graph.flows[$0].purpose == nil
            }
            for purpose in 0..<40 {
                let (forPurpose, forAny) = index.outFlowRanges(
                    Int32(party), Int32(index.purposePosition["p\(purpose % 3).u\(purpose)"]!))
                let expected = graph.flows.indices.filter {
                    graph.flows[$0].from.value == id && graph.flows[$0].purpose?.value == "p\(purpose % 3).u\(purpose)"
                }
                #expect(forPurpose.map { Int(index.outFlows[$0].number) } == expected, "\(id) for purpose \(purpose)")
                #expect(forAny.map { Int(index.outFlows[$0].number) } == expectedAny, "\(id) for any purpose")
            }
        }
        #expect(index.outFlows.count == graph.flows.count)
    }
}
