// Diagnostics printed for a person at a terminal: place, severity, message, the quoted line with a
// caret under the column, the hint and the article a rule rests on.

public import SharegraphCore

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
        // A person's file: no message repeats a value from it that is not plainly an id or a date.
        let diagnostic =
            files[diagnostic.location.file]?.holdsPersonalData == true ? diagnostic.maskingQuotedValues() : diagnostic
        let location = diagnostic.location
        let severity = paint(
            diagnostic.severity.rawValue,
            code: diagnostic.severity == .error ? "1;31" : diagnostic.severity == .warning ? "1;33" : "1;36")
        var text =
            "\(paint(Self.visible(location.description), code: "1")): \(severity): \(Self.visible(diagnostic.message)) [\(diagnostic.id)]\n"
        if let line = files[location.file]?.quotable(location.line) {
            let shown = Self.printable(line)
            let number = String(location.line)
            let gutter = String(repeating: " ", count: number.count)
            let caretColumn = min(max(location.column - 1, 0), shown.count)
            text += "\(number) | \(shown)\n"
            text += "\(gutter) | \(String(repeating: " ", count: caretColumn))\(paint("^", code: "1;32"))\n"
        }
        if let hint = diagnostic.hint { text += "  = help: \(Self.visible(hint))\n" }
        if let article = diagnostic.article { text += "  = rule rests on \(article)\n" }
        return text
    }

    /// A closing line such as "2 errors and 5 warnings in 6 files".
    public static func summary(_ diagnostics: [Diagnostic], files: Int) -> String {
        func plural(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        return
            "\(plural(diagnostics.count(of: .error), "error")), \(plural(diagnostics.count(of: .warning), "warning")) and \(plural(diagnostics.count(of: .note), "note")) in \(plural(files, "file"))"
    }

    private func paint(_ text: String, code: String) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// A message with every control character (an escape sequence, a line break from an input)
    /// written out as `\u{1B}`, so nothing in it can act on the terminal.
    public static func visible(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Tabs and control characters shown so the caret stays under the right character.
    static func printable(_ line: String) -> String {
        String(
            line.prefix(400).map { character -> Character in
                if character == "\t" { return " " }
                if let scalar = character.unicodeScalars.first, scalar.value < 0x20 || scalar.value == 0x7F {
                    return "\u{FFFD}"
                }
                return character
            })
    }
}
