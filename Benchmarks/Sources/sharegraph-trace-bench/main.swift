// Times one person's trace on a generated graph (`sharegraph generate`), and exports the same graph
// and person as tab-separated files so the networkx peer (Benchmarks/peers/trace_networkx.py) runs the
// same traversal. Prints one JSON object: load, index and trace times, states, routes, holders.
//
// usage: sharegraph-trace-bench GRAPH_DIR SUBJECT_FILE RUNS EXPORT_DIR

import Foundation
import SharegraphCore
import SharegraphYAML

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count == 5, let runs = Int(arguments[3]), runs > 0 else {
    fail("usage: sharegraph-trace-bench GRAPH_DIR SUBJECT_FILE RUNS EXPORT_DIR")
}
let (graphDirectory, subjectPath, exportDirectory) = (arguments[1], arguments[2], arguments[4])

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

var loaded: LoadResult?
let loadTime = seconds { loaded = GraphLoader().load(paths: [graphDirectory]) }
guard let loaded, !loaded.diagnostics.containsErrors else {
    fail("the generated graph has errors; run `sharegraph check \(graphDirectory)`")
}
var built: TraceIndex?
let indexTime = seconds { built = try? TraceIndex(graph: loaded.graph) }
guard let index = built else { fail("the graph cannot be traced") }
let subjectResult = SubjectLoader().load(path: subjectPath, graph: index.graph)
guard let subject = subjectResult.subject, !subjectResult.diagnostics.containsErrors else {
    fail("the subject file has errors")
}
let asOf = CalendarDate(year: 2026, month: 11, day: 16)!

var reachTimes: [Double] = []
var traceTimes: [Double] = []
var (states, routes, holders) = (0, 0, 0)
// The walks run back to back, as the peer's do, and then the full traces: interleaving them would
// time each walk on caches the previous trace had just filled with its own data.
for _ in 0..<runs {
    reachTimes.append(
        seconds {
            let reach = index.reach(subject, asOf: asOf)
            (states, routes) = (reach.count, reach.routeCount)
        })
}
for _ in 0..<runs {
    traceTimes.append(seconds { holders = index.trace(subject, asOf: asOf).parties.count })
}

// The same graph and person for the peer: categories as the index's own closed sets, written as
// bit strings, so the peer intersects plain integers exactly as the walk does.
let graph = index.graph
try FileManager.default.createDirectory(atPath: exportDirectory, withIntermediateDirectories: true)
func mask(_ ids: [String]?) -> String {
    let set = ids.map { index.categories.closure(of: $0) } ?? .all
    return String(index.categories.ids.indices.map { set.contains($0) ? "1" : "0" })
}
var text = ""
for purpose in graph.purposes {
    text +=
        "\(purpose.id.value)\t\(purpose.controller.value)\t\(purpose.legalBasis?.value.rawValue ?? "-")\t\(purpose.subjects.map(\.value).joined(separator: ","))\t\(mask(purpose.categories.map(\.value)))\n"
}
try text.write(toFile: exportDirectory + "/purposes.tsv", atomically: true, encoding: .utf8)
text = ""
text.reserveCapacity(graph.flows.count * 80)
for flow in graph.flows {
    let listed: [String]? = if case .listed(let references) = flow.categories { references.map(\.value) } else { nil }
    let condition: String =
        switch flow.condition.value {
        case .always: "always\t-"
        case .event(let event): "event\t\(event.value)"
        case .unless(let event): "unless\t\(event.value)"
        case .consent(let purpose): "consent\t\(purpose.value)"
        case .fact(let fact, let value): "fact\t\(fact.value)=\(value.value)"
        case .all(let parts): "all\t\(parts.map(\.summary).joined(separator: ";"))"
        }
    text +=
        "\(flow.from.value)\t\(flow.to.value)\t\(flow.role.value.rawValue)\t\(flow.purpose?.value ?? "-")\t\(condition)\t\(mask(listed))\n"
}
try text.write(toFile: exportDirectory + "/flows.tsv", atomically: true, encoding: .utf8)
text = ""
for relationship in subject.relationships {
    let happened = relationship.events.filter { $0.date.value <= asOf }
    let consented = happened.filter { $0.event.value == "consent-given" }.compactMap { $0.purpose?.value }
    text +=
        "\(relationship.controller.value)\t\(relationship.subjectTypes.map(\.value).joined(separator: ","))\t\(happened.map(\.event.value).joined(separator: ","))\t\(relationship.notHappened.map(\.value).joined(separator: ","))\t\(consented.joined(separator: ","))\n"
}
try text.write(toFile: exportDirectory + "/subject.tsv", atomically: true, encoding: .utf8)

print(
    String(
        format:
            #"{"load_s": %.4f, "index_s": %.4f, "reach_s": %.6f, "reach_min_s": %.6f, "trace_s": %.6f, "states": %d, "routes": %d, "holders": %d, "flows": %d}"#,
        loadTime, indexTime, median(reachTimes), reachTimes.min() ?? 0, median(traceTimes), states, routes, holders,
        graph.flows.count))
