// A JSON-lines input file (a batch of requests or of subjects): read once, bounded, checked as text,
// and cut into its non-blank lines so that each line is parsed on its own and placed at its number.

import SharegraphCore

/// A JSON-lines file in memory, with the numbers and byte ranges of its non-blank lines.
struct JSONLinesFile: Sendable {
    /// The file's path, as given.
    let path: String
    /// The whole text (contiguous UTF-8), for the lines and for the snippets diagnostics quote.
    let text: String
    /// The non-blank lines: their numbers and byte ranges in `text`.
    let lines: [(number: Int, start: Int, end: Int)]

    /// Reads the file within `limits.maxBatchBytes`; fails with a located diagnostic, its hint `hint`.
    /// A line longer than `limits.maxFileBytes` (one `line` item) is refused while the file is read.
    static func open(path: String, limits: LoaderLimits, what: String, line: String, hint: String) -> Result<
        JSONLinesFile, Diagnostic
    > {
        let bytes: [UInt8]
        switch InputFile.read(
            path, limit: limits.maxBatchBytes, what: what, hint: hint, lineLimit: (limits.maxFileBytes, line))
        {
        case .failure(let problem): return .failure(problem)
        case .success(let read): bytes = read
        }
        switch Prescan(file: path, limits: limits, batch: true).validate(bytes) {
        case .failure(let problem): return .failure(problem)
        case .success(var text):
            text.makeContiguousUTF8()
            return .success(JSONLinesFile(path: path, text: text, lines: lines(of: text)))
        }
    }

    /// The bytes of the line at `position` (among the non-blank lines).
    func bytes(at position: Int) -> Substring.UTF8View {
        let line = lines[position]
        let utf8 = text.utf8
        return Substring(text)[
            utf8.index(utf8.startIndex, offsetBy: line.start)..<utf8.index(utf8.startIndex, offsetBy: line.end)
        ].utf8
    }

    /// The positions of the lines, cut into slices of `size`; a batch is read and written a slice at a time.
    func slices(of size: Int) -> [Range<Int>] {
        let size = max(size, 1)
        return stride(from: 0, to: lines.count, by: size).map { $0..<min($0 + size, lines.count) }
    }

    /// The non-blank lines of a JSON-lines text: their numbers and byte ranges.
    static func lines(of text: String) -> [(number: Int, start: Int, end: Int)] {
        var lines: [(number: Int, start: Int, end: Int)] = []
        text.utf8.withContiguousStorageIfAvailable { bytes in
            var start = 0
            var number = 1
            func add(_ end: Int) {
                let blank = bytes[start..<end].allSatisfy {
                    $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r")
                }
                if !blank { lines.append((number, start, end)) }
            }
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                add(offset)
                start = offset + 1
                number += 1
            }
            add(bytes.count)
        }
        return lines
    }
}
