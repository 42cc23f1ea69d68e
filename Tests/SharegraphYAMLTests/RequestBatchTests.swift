// A JSON-lines batch read in slices: the whole batch is checked first (ids unique across slices,
// what a plan needs), slices cover every request in order, blank lines keep their numbers.

import Foundation
import SharegraphCore
import SharegraphYAML
import Testing

struct RequestBatchTests {
    static func batch(_ lines: [String], limits: LoaderLimits = LoaderLimits()) throws -> (RequestBatch, URL) {
        let (opened, directory) = try open(lines, limits: limits)
        return (try opened.get(), directory)
    }

    static func open(_ lines: [String], limits: LoaderLimits) throws -> (Result<RequestBatch, Diagnostic>, URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let file = directory.appendingPathComponent("requests.jsonl")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        return (RequestBatch.open(path: file.path, loader: RequestLoader(limits: limits)), directory)
    }

    static let generator = GraphGeneratorTests.generator

    @Test func slicesCoverEveryRequestInFileOrderAndBlankLinesKeepTheirNumbers() throws {
        let lines = (0..<5).map(Self.generator.request)
        let (batch, directory) = try Self.batch([lines[0], "", lines[1], "  ", lines[2], lines[3], lines[4]])
        defer { try? FileManager.default.removeItem(at: directory) }
        let (graph, _) = GraphGeneratorTests.load(Self.generator)
        #expect(batch.count == 5)
        #expect(batch.slices(of: 2) == [0..<2, 2..<4, 4..<5])
        let read = batch.slices(of: 2).flatMap { batch.requests(in: $0, graph: graph) }
        #expect(read.map(\.id.value) == (0..<5).map { "gen-11-\($0)" })
        #expect(read.map(\.id.location.line) == [1, 3, 5, 6, 7])
        #expect(batch.check(index: try TraceIndex(graph: graph), sliceSize: 2).diagnostics.isEmpty)
    }

    @Test func theCheckFindsARepeatedIdInALaterSliceAndARequestThatCannotBePlanned() throws {
        let lines = (0..<4).map(Self.generator.request)
        // Controller c1 named for a person whose only relationship is with c2.
        let stranger =
            #"{"id": "x-1", "controller": "c1", "received": "2026-11-16", "scope": "erasure", "subject": {"reference": "R", "relationships": [{"controller": "c2", "as": ["customer"]}]}}"#
        let (batch, directory) = try Self.batch([lines[0], lines[1], lines[2], stranger, lines[0]])
        defer { try? FileManager.default.removeItem(at: directory) }
        let (graph, _) = GraphGeneratorTests.load(Self.generator)
        let checked = batch.check(index: try TraceIndex(graph: graph), sliceSize: 2)
        #expect(checked.requests.isEmpty, "the check keeps nothing")
        #expect(checked.diagnostics.map(\.id) == ["cannot-plan", "duplicate-id"])
        #expect(checked.diagnostics.map(\.location.line) == [4, 5])
        #expect(checked.diagnostics[0].message.contains("no relationship with `c1`"))
        #expect(checked.sources[batch.path]?.line(4) == stranger, "the batch's text is there for the snippet")
    }

    @Test func aBatchIsBoundedByItsOwnLimitAndEachLineByAFilesLimit() throws {
        // A million requests is about 600 MB, far past a graph file's limit: the batch has its own,
        // and each line, parsed on its own, is held to a file's.
        let lines = (0..<5).map(Self.generator.request)
        let size = lines.map(\.utf8.count).reduce(4, +)
        var limits = LoaderLimits()
        limits.maxFileBytes = lines.map(\.utf8.count).max()!
        limits.maxBatchBytes = size
        let (batch, directory) = try Self.batch(lines, limits: limits)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (graph, _) = GraphGeneratorTests.load(Self.generator)
        #expect(batch.count == 5, "a batch larger than one file's limit opens")
        #expect(batch.check(index: try TraceIndex(graph: graph)).diagnostics.isEmpty)

        limits.maxBatchBytes = size - 1
        let (refused, second) = try Self.open(lines, limits: limits)
        defer { try? FileManager.default.removeItem(at: second) }
        guard case .failure(let problem) = refused else {
            Issue.record("a batch over its limit opened")
            return
        }
        #expect(problem.id == "limit-exceeded" && problem.hint?.contains("split the batch into several files") == true)

        limits.maxBatchBytes = LoaderLimits().maxBatchBytes
        limits.maxFileBytes = lines[2].utf8.count - 1
        let (long, third) = try Self.batch(lines, limits: limits)
        defer { try? FileManager.default.removeItem(at: third) }
        let checked = long.check(index: try TraceIndex(graph: graph))
        #expect(
            checked.diagnostics.contains { $0.id == "limit-exceeded" && $0.location.line == 3 },
            "the long line, at its place")
    }

    @Test func aLineCutShortIsReportedAtItsOwnEndNotOnTheNextLine() throws {
        let lines = (0..<2).map(Self.generator.request)
        let cut = #"{"id": "broken""#
        let (batch, directory) = try Self.batch([lines[0], cut, lines[1]])
        defer { try? FileManager.default.removeItem(at: directory) }
        let (graph, _) = GraphGeneratorTests.load(Self.generator)
        let checked = batch.check(index: try TraceIndex(graph: graph))
        let syntax = try #require(checked.diagnostics.first { $0.id == "yaml-syntax" })
        #expect(syntax.location.line == 2 && syntax.location.column == cut.count + 1)
        #expect(checked.sources[batch.path]?.line(2) == cut)
    }
}
