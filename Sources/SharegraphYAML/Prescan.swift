// Refuses hostile input before the YAML parser sees it: size, encoding, NUL bytes, nesting and aliases.

import SharegraphCore

/// Bounds the loader enforces on every file.
public struct LoaderLimits: Sendable, Hashable {
    /// The largest file, in bytes; in a JSON-lines batch, the longest line.
    public var maxFileBytes: Int = 64 << 20
    /// The largest JSON-lines batch of requests, in bytes. Each line is parsed on its own, so a
    /// batch may be far larger than a graph file: a retention sweep of a million requests is
    /// about 600 MB. The batch is held in memory while it is checked and recorded.
    public var maxBatchBytes: Int = 2 << 30
    /// The deepest nesting of flow collections (`[`, `{`).
    public var maxFlowDepth: Int = 64
    /// The widest indentation, counting `- ` markers, which bounds block nesting.
    public var maxIndent: Int = 256
    /// How many aliases (`*name`) one file may use.
    public var maxAliases: Int = 256
    /// The longest id.
    public var maxIDLength: Int = 128
    /// How many files one load may read.
    public var maxFiles: Int = 100_000

    /// The default limits.
    public init() {}

    /// How many YAML nodes the loader visits at most for a file of `bytes` bytes; aliases cannot
    /// multiply the work beyond this.
    func nodeBudget(forFileBytes bytes: Int) -> Int { bytes * 2 + 10_000 }
}

/// A byte-level scan that finds what would make the YAML parser crash or explode.
struct Prescan {
    let file: String
    let limits: LoaderLimits
    /// Whether the file is a JSON-lines batch of requests, which has its own size limit.
    var batch = false

    /// Validates the bytes and returns the text, or the problem with its place.
    /// The bytes after a UTF-8 byte-order mark, if they start with one: the text a file holds.
    static func withoutByteOrderMark(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? bytes.dropFirst(3) : bytes[...]
    }

    func validate(_ bytes: [UInt8]) -> Result<String, Diagnostic> {
        let limit = batch ? limits.maxBatchBytes : limits.maxFileBytes
        if bytes.count > limit {
            return .failure(
                problem(
                    "limit-exceeded",
                    "file is \(InputFile.megabytes(bytes.count)), more than the limit of \(InputFile.megabytes(limit))",
                    line: 1, column: 1,
                    hint: batch
                        ? "split the batch into several files and record each; requests already in the ledger are skipped"
                        : "split the graph into several files in one directory; ids resolve across files"))
        }
        if let nul = bytes.firstIndex(of: 0) {
            let (line, column) = position(of: nul, in: bytes)
            return .failure(
                problem(
                    "invalid-encoding", "file contains a NUL byte", line: line, column: column,
                    hint: "graph files are UTF-8 text; remove the NUL byte (was the file saved as UTF-16?)"))
        }
        let bytes = Array(Self.withoutByteOrderMark(bytes))
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let bad = firstInvalidUTF8(bytes) ?? 0
            let (line, column) = position(of: bad, in: bytes)
            return .failure(
                problem(
                    "invalid-encoding",
                    "file is not valid UTF-8 (byte 0x\(String(bytes[min(bad, bytes.count - 1)], radix: 16, uppercase: true)))",
                    line: line, column: column, hint: "save the file as UTF-8"))
        }
        if let structural = scanStructure(bytes) { return .failure(structural) }
        return .success(text)
    }

    private func problem(_ id: String, _ message: String, line: Int, column: Int, hint: String) -> Diagnostic {
        Diagnostic(
            id: id, severity: .error, message: message, at: SourceLocation(file: file, line: line, column: column),
            hint: hint)
    }

    /// Line and character column of a byte offset.
    private func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }

    private func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length: Int
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            for next in 1..<length where bytes[index + next] & 0xC0 != 0x80 { return index }
            if length > 1, String(validating: bytes[index..<index + length], as: UTF8.self) == nil { return index }
            index += length
        }
        return nil
    }

    /// Tracks quotes, comments and block scalars well enough to count flow nesting, indentation and
    /// aliases, and to refuse aliases used as keys (hashing an expanded alias key is exponential).
    private func scanStructure(_ bytes: [UInt8]) -> Diagnostic? {
        let space = UInt8(ascii: " ")
        let tab = UInt8(ascii: "\t")
        let newline = UInt8(ascii: "\n")
        let cr = UInt8(ascii: "\r")
        var line = 1
        var index = 0
        var flowDepth = 0
        var aliases = 0
        var quote: UInt8? = nil
        var blockScalarIndent: Int? = nil
        while index < bytes.count {
            // One line: find its end first.
            var end = index
            while end < bytes.count, bytes[end] != newline { end += 1 }
            var indent = 0
            while index + indent < end, bytes[index + indent] == space { indent += 1 }
            let isBlank = index + indent >= end || bytes[index + indent] == cr
            if let blockIndent = blockScalarIndent, quote == nil {
                if isBlank || indent > blockIndent {
                    line += 1
                    index = end + 1
                    continue
                }
                blockScalarIndent = nil
            }
            // Effective indentation counts sequence and explicit-key markers that open nested blocks.
            var cursor = index + indent
            if quote == nil {
                while cursor + 1 < end, bytes[cursor] == UInt8(ascii: "-") || bytes[cursor] == UInt8(ascii: "?"),
                    bytes[cursor + 1] == space || bytes[cursor + 1] == tab
                {
                    if bytes[cursor] == UInt8(ascii: "?") {
                        return problem(
                            "unsupported-yaml", "explicit `?` mapping keys are not supported in graph files",
                            line: line, column: column(cursor, lineStart: index, bytes),
                            hint: "write keys as plain words: `key: value`")
                    }
                    cursor += 2
                    while cursor < end, bytes[cursor] == space { cursor += 1 }
                }
                let effective = column(cursor, lineStart: index, bytes) - 1
                if effective > limits.maxIndent {
                    return problem(
                        "limit-exceeded",
                        "nesting is deeper than the limit (indentation \(effective) > \(limits.maxIndent))",
                        line: line, column: column(cursor, lineStart: index, bytes),
                        hint: "graph files need only a few levels of nesting; flatten the structure")
                }
            }
            var position = index
            var lastSignificant: UInt8? = nil
            while position < end {
                let byte = bytes[position]
                if let open = quote {
                    if open == UInt8(ascii: "\"") && byte == UInt8(ascii: "\\") {
                        position += 2
                        continue
                    }
                    if byte == open { quote = nil }
                    position += 1
                    continue
                }
                let atTokenStart =
                    position == index
                    || [space, tab, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ",")].contains(
                        bytes[position - 1])
                switch byte {
                case UInt8(ascii: "#") where atTokenStart:
                    position = end
                    continue
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    if atTokenStart || lastSignificant == UInt8(ascii: ":") { quote = byte }
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    if atTokenStart || flowDepth > 0 {
                        flowDepth += 1
                        if flowDepth > limits.maxFlowDepth {
                            return problem(
                                "limit-exceeded", "brackets are nested deeper than the limit of \(limits.maxFlowDepth)",
                                line: line, column: column(position, lineStart: index, bytes),
                                hint: "graph files need only a few levels of nesting")
                        }
                    }
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if flowDepth > 0 { flowDepth -= 1 }
                case UInt8(ascii: "*") where atTokenStart:
                    aliases += 1
                    if aliases > limits.maxAliases {
                        return problem(
                            "limit-exceeded", "more than \(limits.maxAliases) aliases in one file",
                            line: line, column: column(position, lineStart: index, bytes),
                            hint: "write the values out, or split the file")
                    }
                    var after = position + 1
                    while after < end,
                        !([space, tab, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), cr].contains(
                            bytes[after]))
                    { after += 1 }
                    var next = after
                    while next < end, bytes[next] == space || bytes[next] == tab { next += 1 }
                    if next < end, bytes[next] == UInt8(ascii: ":") {
                        return problem(
                            "unsupported-yaml", "an alias cannot be used as a mapping key",
                            line: line, column: column(position, lineStart: index, bytes),
                            hint: "write the key as plain text")
                    }
                    position = after
                    lastSignificant = UInt8(ascii: "*")
                    continue
                case UInt8(ascii: "|"), UInt8(ascii: ">"):
                    if atTokenStart || lastSignificant == UInt8(ascii: ":") {
                        var rest = position + 1
                        while rest < end,
                            [UInt8(ascii: "+"), UInt8(ascii: "-")].contains(bytes[rest])
                                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[rest])
                        { rest += 1 }
                        while rest < end, bytes[rest] == space || bytes[rest] == tab || bytes[rest] == cr { rest += 1 }
                        if rest == end || bytes[rest] == UInt8(ascii: "#") { blockScalarIndent = indent }
                    }
                default: break
                }
                if byte != space && byte != tab { lastSignificant = byte }
                position += 1
            }
            line += 1
            index = end + 1
        }
        return nil
    }

    private func column(_ offset: Int, lineStart: Int, _ bytes: [UInt8]) -> Int {
        var column = 1
        for byte in bytes[lineStart..<offset] where byte & 0xC0 != 0x80 { column += 1 }
        return column
    }
}
