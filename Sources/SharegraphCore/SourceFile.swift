// The text of a loaded file, kept so diagnostics can quote the offending line.

/// A file's text and where each line starts, for snippets under diagnostics.
public struct SourceFile: Sendable {
    /// The path as given.
    public let path: String
    private let text: String
    /// The UTF-8 offset of each line's first byte; found in one pass over the bytes, so keeping a
    /// large file costs its text and four bytes a line.
    private let lineStarts: [UInt32]

    /// Keeps the text of a file.
    public init(path: String, text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.path = path
        self.text = text
        var starts: [UInt32] = [0]
        text.utf8.withContiguousStorageIfAvailable { bytes in
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(UInt32(truncatingIfNeeded: offset + 1)) }
        }
        lineStarts = starts
    }

    /// Line `number` (1-based) without its line break, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count else { return nil }
        let bytes = text.utf8
        let start = bytes.index(bytes.startIndex, offsetBy: Int(lineStarts[number - 1]))
        var end = number < lineStarts.count ? bytes.index(bytes.startIndex, offsetBy: Int(lineStarts[number]) - 1) : bytes.endIndex
        if end > start, bytes[bytes.index(before: end)] == UInt8(ascii: "\r") { end = bytes.index(before: end) }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// Prints diagnostics the way compilers do: `file:line:column: severity: message`, the line, a caret, a hint.
public struct DiagnosticTextRenderer: Sendable {
    /// Files by path, for the quoted lines.
    public var files: [String: SourceFile]
    /// Whether to use ANSI colours.
    public var colour: Bool

    /// Creates a renderer.
    public init(files: [String: SourceFile], colour: Bool = false) {
        self.files = files
        self.colour = colour
    }

    /// One finding, with its snippet and hint.
    public func render(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location
        let severity = paint(diagnostic.severity.rawValue, code: diagnostic.severity == .error ? "1;31" : diagnostic.severity == .warning ? "1;33" : "1;36")
        var text = "\(paint(location.description, code: "1")): \(severity): \(diagnostic.message) [\(diagnostic.id)]\n"
        if let line = files[location.file]?.line(location.line) {
            let shown = Self.printable(line)
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let caretColumn = min(max(location.column - 1, 0), shown.count)
            text += "\(number) | \(shown)\n"
            text += "\(gutter) | \(String(repeating: " ", count: caretColumn))\(paint("^", code: "1;32"))\n"
        }
        if let hint = diagnostic.hint { text += "  = help: \(hint)\n" }
        if let article = diagnostic.article { text += "  = rule rests on \(article)\n" }
        return text
    }

    /// A closing line such as "2 errors and 5 warnings in 6 files".
    public static func summary(_ diagnostics: [Diagnostic], files: Int) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return "\(plural(diagnostics.count(of: .error), "error")), \(plural(diagnostics.count(of: .warning), "warning")) and \(plural(diagnostics.count(of: .note), "note")) in \(plural(files, "file"))"
    }

    private func paint(_ text: String, code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Tabs and control characters shown so the caret stays under the right character.
    static func printable(_ line: String) -> String {
        String(
            line.prefix(400).map { character -> Character in
                if character == "\t" { return " " }
                if let scalar = character.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F { return "\u{FFFD}" }
                return character
            })
    }
}
