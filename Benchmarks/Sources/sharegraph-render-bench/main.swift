// Render benchmark and leak check for libgraphviz through Sharegraph's one context.
//
// usage: sharegraph-render-bench repeat COUNT        renders each seed organisation's overview COUNT times as SVG
//                                                    and PNG in this process, printing resident memory as it goes
//        sharegraph-render-bench scale DIR RUNS DOT  loads DIR, builds the overview, times layout to SVG
//                                                    (median of RUNS) and writes the DOT for `dot`/`sfdp` to DOT

import Foundation
import SharegraphCore
import SharegraphRender
import SharegraphYAML

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("sharegraph-render-bench: \(message)\n".utf8))
    exit(2)
}

/// Resident memory in KB, from /proc.
func residentKB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
    return 0
}

func load(_ paths: [String]) throws -> TraceIndex {
    let result = GraphLoader().load(paths: paths)
    if result.diagnostics.contains(where: { $0.severity == .error }) {
        fail("\(paths.joined(separator: " ")) has errors; run sharegraph check")
    }
    return try TraceIndex(graph: result.graph)
}

func seconds(_ work: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try work()
    let elapsed = ContinuousClock.now - start
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "repeat":
    guard arguments.count >= 2, let count = Int(arguments[1]), count > 0 else {
        fail("usage: repeat COUNT [FORMAT...]")
    }
    let formats = arguments.count > 2 ? arguments.dropFirst(2).compactMap(DiagramFormat.init(rawValue:)) : [.svg, .png]
    let graphs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Graphs")
        .standardized
    let diagrams = try ["vekstly", "janteloppet", "jetpak", "igo", "jackon"].map { name in
        try MapView(
            index: load([
                graphs.appendingPathComponent("\(name).yaml").path, graphs.appendingPathComponent("shared.yaml").path,
            ])
        ).diagram()
    }
    // Warm up: fonts, plugins and caches are loaded once per process.
    for diagram in diagrams {
        for format in formats { _ = try diagram.rendered(as: format) }
    }
    let start = residentKB()
    print("after warm-up: \(start) KB resident")
    var renders = 0
    for round in 1...count {
        for diagram in diagrams {
            for format in formats { _ = try diagram.rendered(as: format) }
            renders += formats.count
        }
        if round % max(count / 4, 1) == 0 {
            print("after \(round) rounds (\(renders) renders): \(residentKB()) KB resident")
        }
    }
    print("growth: \(residentKB() - start) KB over \(renders) renders")
case "scale":
    guard arguments.count == 4, let runs = Int(arguments[2]), runs > 0 else { fail("usage: scale DIR RUNS DOT") }
    var loaded: TraceIndex?
    let loading = try seconds { loaded = try load([arguments[1]]) }
    guard let loaded else { fail("no graph") }
    let graph = loaded.graph
    var diagram: Diagram?
    let building = try seconds { diagram = try MapView(index: loaded).diagram() }
    guard let diagram else { fail("no diagram") }
    let dot = DOTWriter(diagram).text()
    try dot.write(toFile: arguments[3], atomically: true, encoding: .utf8)
    var times: [Double] = []
    var size = 0
    for _ in 0..<runs {
        times.append(try seconds { size = try diagram.rendered(as: .svg).count })
    }
    times.sort()
    print(
        "parties \(graph.parties.count), flows \(graph.flows.count): drawn \(diagram.nodes.count) nodes, \(diagram.edges.count) edges, engine \(diagram.engine)"
    )
    print(
        String(
            format: "load %.2f s, build diagram %.3f s, layout+SVG median %.3f s of %d (%d bytes)", loading, building,
            times[times.count / 2], runs, size))
default:
    fail("usage: sharegraph-render-bench repeat COUNT | scale DIR RUNS DOT")
}
