// Many subjects, one per line of a JSON-lines file, for `sharegraph trace --batch`. Each line is a
// subject file written as one JSON object (JSON is YAML flow syntax, so the subject reader reads it
// as it is), placed at its own line so that every diagnostic points into the batch file.

public import SharegraphCore

/// A JSON-lines file of subjects, read a slice at a time.
public struct SubjectBatch: Sendable {
    private let file: JSONLinesFile
    private let loader: SubjectLoader

    /// The batch file's path, as given.
    public var path: String { file.path }

    /// How many subjects (non-blank lines) the batch holds.
    public var count: Int { file.lines.count }

    /// The line number of the subject at `position`.
    public func lineNumber(at position: Int) -> Int { file.lines[position].number }

    /// Reads the file and finds its lines; fails with a located diagnostic when it cannot be read.
    public static func open(path: String, loader: SubjectLoader = SubjectLoader()) -> Result<SubjectBatch, Diagnostic> {
        JSONLinesFile.open(
            path: path, limits: loader.limits, what: "subject batch", line: "one subject",
            hint: "split the batch into several files and trace each"
        )
        .map { SubjectBatch(file: $0, loader: loader) }
    }

    /// The positions of the subjects, cut into slices of `size`.
    public func slices(of size: Int) -> [Range<Int>] {
        file.slices(of: size)
    }

    /// Reads the subject at `position`. A line that is not one JSON object, or that is longer than
    /// one subject file may be, is an error at its line; the subject reader places every other
    /// problem at its line and column.
    public func subject(at position: Int, graph: Graph) -> SubjectLoadResult {
        let line = file.lines[position]
        let bytes = Array(file.bytes(at: position))
        let at = SourceLocation(file: path, line: line.number, column: 1)
        guard bytes.count <= loader.limits.maxFileBytes else {
            return SubjectLoadResult(
                subject: nil,
                diagnostics: [
                    Diagnostic(
                        id: "limit-exceeded", severity: .error,
                        message:
                            "the line is \(bytes.count) bytes, more than the limit of \(loader.limits.maxFileBytes) for one subject",
                        at: at, hint: "write one subject per line")
                ], source: nil)
        }
        guard bytes.first == UInt8(ascii: "{") else {
            return SubjectLoadResult(
                subject: nil,
                diagnostics: [
                    Diagnostic(
                        id: "wrong-type", severity: .error,
                        message: "each line of a subject batch must be one JSON object",
                        at: at,
                        hint:
                            "write one subject per line, e.g. {\"sharegraph-subject\": 1, \"reference\": \"s-1\", \"relationships\": [{\"controller\": \"vekstly\", \"as\": \"customer\"}]}"
                    )
                ],
                source: nil)
        }
        var result = loader.parse(text: bytes, file: path, graph: graph, firstLine: line.number)
        // The line's own text numbers from 1; snippets come from `source`, the whole batch.
        result.source = nil
        return result
    }

    /// The whole batch's text, for the snippets diagnostics quote.
    public var source: SourceFile { SourceFile(path: path, personalData: file.text) }
}
