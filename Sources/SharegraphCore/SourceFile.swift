// The text of a loaded file, kept so diagnostics can quote the offending line.

/// A file's text split into lines, for snippets under diagnostics.
public struct SourceFile: Sendable {
    /// The path as given.
    public let path: String
    private let lines: [Substring]

    /// Keeps the text of a file.
    public init(path: String, text: String) {
        self.path = path
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Line `number` (1-based) without its line break, or nil past the end.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        var line = lines[number - 1]
        if line.hasSuffix("\r") { line = line.dropLast() }
        return String(line)
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
