// Times one person's trace on a large generated graph, and exports the same graph as an edge list
// so the networkx peer (Benchmarks/peers/trace_networkx.py) can run the equivalent traversal.
//
// usage: sharegraph-trace-bench PARTIES FLOWS RUNS EXPORT_DIR

import Foundation
import SharegraphCore

let arguments = CommandLine.arguments
guard arguments.count == 5, let parties = Int(arguments[1]), let flowCount = Int(arguments[2]), let runs = Int(arguments[3]) else {
    FileHandle.standardError.write(Data("usage: sharegraph-trace-bench PARTIES FLOWS RUNS EXPORT_DIR\n".utf8))
    exit(2)
}
let exportDirectory = arguments[4]

struct Random {
    var state: UInt64
    mutating func below(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(max(bound, 1)))
    }
}

// The shape: controllers with four purposes each, disclosing to processors and third parties; the
// recipients pass data on to sub-processors and onward recipients, so one controller's data
// reaches most of the graph (the worst case for a trace).
let here = SourceLocation(file: "generated", line: 0, column: 0)
func at<T>(_ value: T) -> Located<T> { Located(value, at: here) }
let categoryPool = ["identity.name", "contact.email", "contact.phone", "contact.address", "financial.invoice", "financial.transaction", "commercial.orders", "online.ip-address"]
let controllers = max(parties / 50, 1)
var random = Random(state: 42)
var document = GraphDocument(file: "generated")
for party in 0..<parties {
    document.parties.append(Party(id: at("p\(party)"), name: at("Party \(party)"), country: at("NO"), location: here))
}
for controller in 0..<controllers {
    for (number, basis) in [LegalBasis.contract, .legitimateInterests, .consent, .legalObligation].enumerated() {
        document.purposes.append(Purpose(
            id: at("p\(controller).u\(number)"), name: "purpose", controller: at("p\(controller)"), legalBasis: at(basis),
            categories: categoryPool.map(at), subjects: [at("customer")], retention: at(RetentionRule(kind: .after, event: "contract-end", period: Period(36, .months))),
            location: here))
    }
}
let events = ["invoice-overdue", "police-request", "merger"]
for flow in 0..<flowCount {
    let fromController = flow % 25 == 0
    let from = fromController ? random.below(controllers) : controllers + random.below(parties - controllers)
    var to = controllers + random.below(parties - controllers)
    if to == from { to = controllers + (to - controllers + 1) % (parties - controllers) }
    let categories = [categoryPool[random.below(categoryPool.count)], categoryPool[random.below(categoryPool.count)], "identity.name"]
    let condition: Condition =
        switch random.below(10) {
        case 0: .event(at(events[random.below(events.count)]))
        case 1: .unless(at("sharing-refused"))
        default: .always
        }
    let role: Role = fromController ? (random.below(4) == 0 ? .independentController : .processor) : (random.below(5) == 0 ? .independentController : .subProcessor)
    document.flows.append(Flow(
        id: at("f\(flow)"), from: at("p\(from)"), to: at("p\(to)"), categories: .listed(categories.map(at)),
        purpose: fromController ? at("p\(from).u\(random.below(2))") : nil, role: at(role), condition: at(condition), location: here))
}

let (graph, diagnostics) = Graph.assemble([document])
precondition(!diagnostics.containsErrors, "generated graph has errors: \(diagnostics.prefix(3))")
let index = try TraceIndex(graph: graph)
let subject = Subject(
    reference: at("BENCH"),
    relationships: [Relationship(
        controller: at("p0"), subjectTypes: [at("customer")],
        events: [EventOccurrence(event: at("contract-start"), date: at(CalendarDate(year: 2023, month: 1, day: 1)!)),
                 EventOccurrence(event: at("invoice-overdue"), date: at(CalendarDate(year: 2024, month: 2, day: 1)!))],
        notHappened: [at("police-request")], location: here)],
    file: "generated")
let asOf = CalendarDate(year: 2025, month: 1, day: 1)!

func seconds(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var reachTimes: [Double] = []
var traceTimes: [Double] = []
var states = 0
var routes = 0
var holders = 0
var walked = (0, 0)
for _ in 0..<runs {
    reachTimes.append(seconds {
        let reach = index.reach(subject, asOf: asOf)
        states = reach.count
        routes = reach.routeCount
        walked = (reach.statesWalked, reach.flowsExamined)
    })
}
for _ in 0..<max(1, runs / 3) {
    traceTimes.append(seconds { holders = index.trace(subject, asOf: asOf).parties.count })
}
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
print(String(format: "sharegraph reach: median %.4f s over %d runs (%d states, %d routes; %d state walks, %d flows examined)", median(reachTimes), runs, states, routes, walked.0, walked.1))
print(String(format: "sharegraph full trace with paths and dates: median %.4f s over %d runs (%d holders)", median(traceTimes), traceTimes.count, holders))

// The same graph for the peer: purposes, then flows with numeric category masks.
try FileManager.default.createDirectory(atPath: exportDirectory, withIntermediateDirectories: true)
func mask(_ ids: [String]) -> UInt64 {
    var value: UInt64 = 0
    for id in ids { if let position = categoryPool.firstIndex(of: id) { value |= 1 << UInt64(position) } }
    return value
}
var purposeLines = ""
for purpose in graph.purposes {
    purposeLines += "\(purpose.id.value)\t\(purpose.controller.value)\t\(purpose.legalBasis?.value.rawValue ?? "")\t\(mask(purpose.categories.map(\.value)))\n"
}
try purposeLines.write(toFile: exportDirectory + "/purposes.tsv", atomically: true, encoding: .utf8)
var flowLines = ""
flowLines.reserveCapacity(flowCount * 40)
for flow in graph.flows {
    let listed: [String] = if case .listed(let references) = flow.categories { references.map(\.value) } else { categoryPool }
    let condition: String =
        switch flow.condition.value {
        case .always: "always\t-"
        case .event(let event): "event\t\(event.value)"
        case .unless(let event): "unless\t\(event.value)"
        case .consent(let purpose): "consent\t\(purpose.value)"
        }
    flowLines += "\(flow.from.value)\t\(flow.to.value)\t\(flow.role.value.rawValue)\t\(flow.purpose?.value ?? "-")\t\(condition)\t\(mask(listed))\n"
}
try flowLines.write(toFile: exportDirectory + "/flows.tsv", atomically: true, encoding: .utf8)
