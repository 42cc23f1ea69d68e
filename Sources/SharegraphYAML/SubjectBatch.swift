// Many subjects, one per line of a JSON-lines file, for `sharegraph trace --batch`. Each line is a
// subject file written as one JSON object (JSON is YAML flow syntax, so the subject reader reads it
// as it is), placed at its own line so that every diagnostic points into the batch file.

public import SharegraphCore

/// A JSON-lines file of subjects, read a slice at a time.
public struct SubjectBatch: Sendable {
    /// The batch file's path, as given.
    public let path: String
    private let loader: SubjectLoader
    private let text: String
    /// The non-blank lines: their numbers and byte ranges.
    private let lines: [(number: Int, start: Int, end: Int)]

    /// How many subjects (non-blank lines) the batch holds.
    public var count: Int { lines.count }

    /// The line number of the subject at `position`.
    public func lineNumber(at position: Int) -> Int { lines[position].number }

    /// Reads the file and finds its lines; fails with a located diagnostic when it cannot be read.
    public static func open(path: String, loader: SubjectLoader = SubjectLoader()) -> Result<SubjectBatch, Diagnostic> {
        let bytes: [UInt8]
        switch InputFile.read(path, limit: loader.limits.maxBatchBytes, what: "subject batch", hint: "split the batch into several files and trace each") {
        case .failure(let problem): return .failure(problem)
        case .success(let read): bytes = read
        }
        switch Prescan(file: path, limits: loader.limits, batch: true).validate(bytes) {
        case .failure(let problem): return .failure(problem)
        case .success(var text):
            text.makeContiguousUTF8()
            return .success(SubjectBatch(path: path, loader: loader, text: text, lines: RequestBatch.lines(of: text)))
        }
    }

    private init(path: String, loader: SubjectLoader, text: String, lines: [(number: Int, start: Int, end: Int)]) {
        self.path = path
        self.loader = loader
        self.text = text
        self.lines = lines
    }

    /// The positions of the subjects, cut into slices of `size`.
    public func slices(of size: Int = 1_000) -> [Range<Int>] {
        RequestBatch.slices(of: size, count: count)
    }

    /// Reads the subject at `position`. A line that is not one JSON object, or that is longer than
    /// one subject file may be, is an error at its line; the subject reader places every other
    /// problem at its line and column.
    public func subject(at position: Int, graph: Graph) -> SubjectLoadResult {
        let line = lines[position]
        let bytes = Array(text.utf8.dropFirst(line.start).prefix(line.end - line.start))
        let at = SourceLocation(file: path, line: line.number, column: 1)
        guard bytes.count <= loader.limits.maxFileBytes else {
            return SubjectLoadResult(subject: nil, diagnostics: [Diagnostic(
                id: "limit-exceeded", severity: .error,
                message: "the line is \(bytes.count) bytes, more than the limit of \(loader.limits.maxFileBytes) for one subject",
                at: at, hint: "write one subject per line")], source: nil)
        }
        guard bytes.first == UInt8(ascii: "{") else {
            return SubjectLoadResult(subject: nil, diagnostics: [Diagnostic(
                id: "wrong-type", severity: .error, message: "each line of a subject batch must be one JSON object",
                at: at,
                hint: "write one subject per line, e.g. {\"sharegraph-subject\": 1, \"reference\": \"s-1\", \"relationships\": [{\"controller\": \"vekstly\", \"as\": \"customer\"}]}")],
                source: nil)
        }
        var result = loader.parse(text: bytes, file: path, graph: graph, firstLine: line.number)
        // The line's own text numbers from 1; snippets come from `source`, the whole batch.
        result.source = nil
        return result
    }

    /// The whole batch's text, for the snippets diagnostics quote.
    public var source: SourceFile { SourceFile(path: path, personalData: text) }
}
