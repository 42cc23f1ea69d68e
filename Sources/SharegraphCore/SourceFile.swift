// The text of a loaded file, kept so diagnostics can quote the offending line.

import Synchronization

/// A file's lines, for snippets under diagnostics.
///
/// A file read from disk need not be held in memory for a quote or two: `init(path:text:readBack:)`
/// keeps where each line starts and a digest of the text, and asks its reader for the text again
/// the first time a line is quoted, quoting it only if the text is unchanged. A million-flow graph
/// is 250 MB of text, and most loads quote nothing.
public struct SourceFile: Sendable {
    /// The path as given.
    public let path: String
    /// The UTF-8 offset of each line's first byte; four bytes a line.
    private let lineStarts: [UInt32]
    private let text: Text

    /// Keeps the text of a file.
    public init(path: String, text: String) {
        var text = text
        text.makeContiguousUTF8()
        self.path = path
        lineStarts = Self.lineStarts(text)
        self.text = Text(.kept(text), byteCount: text.utf8.count, digest: 0)
    }

    /// Remembers where the lines of `text` start and a digest of it, not the text: `readBack`
    /// (the loader reading the file again, the same way) gives it when a line is first quoted.
    public init(path: String, text: String, readBack: @escaping @Sendable () -> String?) {
        var text = text
        text.makeContiguousUTF8()
        self.path = path
        lineStarts = Self.lineStarts(text)
        self.text = Text(.elsewhere(readBack), byteCount: text.utf8.count, digest: Self.digest(text))
    }

    /// Line `number` (1-based) without its line break, or nil past the end, or when the file was
    /// read back and has changed since it was loaded.
    public func line(_ number: Int) -> String? {
        guard number >= 1, number <= lineStarts.count, let text = text.current() else { return nil }
        let bytes = text.utf8
        let start = bytes.index(bytes.startIndex, offsetBy: Int(lineStarts[number - 1]))
        var end = number < lineStarts.count ? bytes.index(bytes.startIndex, offsetBy: Int(lineStarts[number]) - 1) : bytes.endIndex
        if end > start, bytes[bytes.index(before: end)] == UInt8(ascii: "\r") { end = bytes.index(before: end) }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func lineStarts(_ text: String) -> [UInt32] {
        var starts: [UInt32] = [0]
        text.utf8.withContiguousStorageIfAvailable { bytes in
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(UInt32(truncatingIfNeeded: offset + 1)) }
        }
        return starts
    }

    fileprivate static func digest(_ text: String) -> Int {
        var hasher = Hasher()
        text.utf8.withContiguousStorageIfAvailable { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        return hasher.finalize()
    }

    /// The text itself, or what is needed to read it back and know it is the same.
    private final class Text: Sendable {
        enum State {
            case kept(String)
            case elsewhere(@Sendable () -> String?)
            case changed
        }

        private let state: Mutex<State>
        private let byteCount: Int
        private let digest: Int

        init(_ state: State, byteCount: Int, digest: Int) {
            self.state = Mutex(state)
            self.byteCount = byteCount
            self.digest = digest
        }

        func current() -> String? {
            state.withLock { state in
                switch state {
                case .kept(let text): return text
                case .changed: return nil
                case .elsewhere(let read):
                    guard var text = read(), text.utf8.count == byteCount else {
                        state = .changed
                        return nil
                    }
                    text.makeContiguousUTF8()
                    guard SourceFile.digest(text) == digest else {
                        state = .changed
                        return nil
                    }
                    state = .kept(text)
                    return text
                }
            }
        }
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
