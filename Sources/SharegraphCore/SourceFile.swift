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
    /// Whether the file holds a person's identifiers (a subject file, a request, a batch): its
    /// quoted lines show keys and structure, never identifier values.
    public var holdsPersonalData = false
    /// The UTF-8 offset of each line's first byte; four bytes a line.
    private let lineStarts: [UInt32]
    private let text: Text

    /// Keeps the text of a file that holds a person's identifiers; quotes from it are masked.
    public init(path: String, personalData text: String) {
        self.init(path: path, text: text)
        holdsPersonalData = true
    }

    /// The line as a diagnostic may quote it: with identifier values masked in a file that holds
    /// personal data (each character as `•`, so a caret under it stays in place).
    public func quotable(_ number: Int) -> String? {
        guard let line = line(number) else { return nil }
        guard holdsPersonalData else { return line }
        var context: [String] = []
        var previous = number - 1
        // The keys this line sits under, nearest first, up to the top level.
        var indent = IdentifierMask.indentation(line)
        while previous >= 1, indent > 0, let earlier = self.line(previous) {
            let earlierIndent = IdentifierMask.indentation(earlier)
            if earlierIndent < indent, let key = IdentifierMask.key(earlier) {
                context.append(key)
                indent = earlierIndent
            }
            previous -= 1
        }
        return IdentifierMask.mask(line, under: context)
    }

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
        var end =
            number < lineStarts.count
            ? bytes.index(bytes.startIndex, offsetBy: Int(lineStarts[number]) - 1) : bytes.endIndex
        if end > start, bytes[bytes.index(before: end)] == UInt8(ascii: "\r") { end = bytes.index(before: end) }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private static func lineStarts(_ text: String) -> [UInt32] {
        var starts: [UInt32] = [0]
        text.utf8.withContiguousStorageIfAvailable { bytes in
            for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
                starts.append(UInt32(truncatingIfNeeded: offset + 1))
            }
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

extension Diagnostic {
    /// The diagnostic with every value it quotes between backticks masked unless plainly safe (an
    /// id, a date, a number): for files that hold a person's identifiers, whose values a message
    /// must not repeat even when a file is too broken for anything better.
    public func maskingQuotedValues() -> Diagnostic {
        var copy = self
        // Hints are the tool's own words (keys, commands, ids the graph defines); messages may quote the file.
        copy.message = IdentifierMask.maskQuoted(message)
        return copy
    }
}

/// Masks identifier values in a quoted line of a subject, request or batch file.
enum IdentifierMask {
    /// Each backticked part of a message that is not plainly safe, as bullets.
    static func maskQuoted(_ text: String) -> String {
        let parts = text.split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return text }
        return parts.enumerated().map { index, part in
            index % 2 == 1 && index < parts.count - 1 && !isSafe(String(part), pathsToo: true)
                ? String(repeating: "•", count: min(part.count, 12)) : String(part)
        }.joined(separator: "`")
    }

    /// Keys whose values are identifiers or the person's name.
    static let valueKeys: Set<String> = ["name", "value"]

    static func indentation(_ line: String) -> Int {
        var count = 0
        for character in line {
            if character == " " || character == "-" { count += 1 } else { break }
        }
        return count
    }

    /// The block key a line opens or sets (`identifiers` in `  identifiers:`), if any.
    static func key(_ line: String) -> String? {
        let trimmed = line.drop { $0 == " " || $0 == "-" }
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let key = trimmed[..<colon].trimmingQuotes()
        return key.isEmpty || key.contains(" ") ? nil : key
    }

    static func mask(_ line: String, under context: [String]) -> String {
        var characters = Array(line)
        func blank(_ range: Range<Int>) {
            // From the value's first character on, everything but its quotes: not even the spaces
            // between words, whose places would tell the shape of a name or number.
            var start = range.lowerBound
            while start < range.upperBound, start < characters.count, characters[start] == " " { start += 1 }
            var end = min(range.upperBound, characters.count)
            while end > start, characters[end - 1] == " " { end -= 1 }
            for index in start..<max(start, end) where characters[index] != "\"" && characters[index] != "'" {
                characters[index] = "•"
            }
        }
        let insideIdentifiers = context.contains("identifiers")
        let ownKey = key(line)
        // A block value: `email: kari@example.no` under `identifiers:`, or the person's `name: ...`.
        if let ownKey, let colon = characters.firstIndex(of: ":"),
            insideIdentifiers || valueKeys.contains(ownKey) && context.count <= 1 || ownKey == "value"
        {
            let rest = colon + 1
            if !(String(characters[rest...]).trimmingCharacters(in: " ").hasPrefix("{")) {
                blank(rest..<characters.count)
            }
        } else if ownKey == nil, insideIdentifiers {
            blank(indentation(line)..<characters.count)
        }
        // Flow style and JSON: the values inside `identifiers: {...}` and after `name` keys.
        let text = String(characters)
        for range in flowValues(text) { blank(range) }
        // Whatever the context (a broken file has none to go by): any value that is not an id, a
        // date, a number or a boolean is hidden, so an address, a name or a phone number never shows.
        for range in unsafeTokens(String(characters)) { blank(range) }
        return String(characters)
    }

    /// The scalar tokens of a line that are not plainly safe: ids and keys (`contact.email`,
    /// `not-happened`), dates, small numbers and booleans show; the rest is hidden.
    static func unsafeTokens(_ text: String) -> [Range<Int>] {
        let characters = Array(text)
        var ranges: [Range<Int>] = []
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if " \t:,[]{}#".contains(character)
                || (character == "-" && (index + 1 == characters.count || characters[index + 1] == " "))
            {
                index += 1
                continue
            }
            let start = index
            if character == "\"" || character == "'" {
                index = endOfQuoted(characters, from: index)
            } else {
                // A plain scalar runs to `: `, `,`, a bracket or the end; inner spaces belong to it.
                while index < characters.count {
                    let current = characters[index]
                    if ",[]{}#".contains(current) { break }
                    if current == ":", index + 1 == characters.count || characters[index + 1] == " " { break }
                    index += 1
                }
            }
            var token = String(characters[start..<index])
            while token.hasSuffix(" ") { token.removeLast() }
            let bare =
                token.count >= 2 && (token.first == "\"" || token.first == "'") && token.last == token.first
                ? String(token.dropFirst().dropLast()) : token
            if !isSafe(bare) { ranges.append(start..<start + token.count) }
        }
        return ranges
    }

    /// Just past the quoted string that starts at `start` (its closing quote, or the line's end).
    static func endOfQuoted(_ characters: [Character], from start: Int) -> Int {
        let quote = characters[start]
        var index = start + 1
        while index < characters.count, characters[index] != quote {
            if characters[index] == "\\" { index += 1 }
            index += 1
        }
        return min(index + 1, characters.count)
    }

    static func isSafe(_ token: String, pathsToo: Bool = false) -> Bool {
        if token.isEmpty || ["true", "false", "null", "~"].contains(token) { return true }
        // A file path in a message (`/etc/passwd`, `../subjects/x.yaml`) names a file, not a person.
        if pathsToo, token.contains("/"),
            token.unicodeScalars.allSatisfy({
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "/._-".unicodeScalars.contains($0)
            })
        {
            return true
        }
        let scalars = Array(token.unicodeScalars)
        if scalars.count <= 6, scalars.allSatisfy({ ("0"..."9").contains($0) }) { return true }
        if scalars.count == 10, scalars[4] == "-", scalars[7] == "-",
            scalars.enumerated().allSatisfy({ $0.offset == 4 || $0.offset == 7 || ("0"..."9").contains($0.element) })
        {
            return true
        }
        guard let first = scalars.first, ("a"..."z").contains(first) else { return false }
        return scalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "." || $0 == "_"
        }
    }

    /// Character ranges of values to hide in flow mappings and JSON objects on one line.
    static func flowValues(_ text: String) -> [Range<Int>] {
        let characters = Array(text)
        var ranges: [Range<Int>] = []
        var index = 0
        var depthInIdentifiers: Int?
        var depth = 0
        var lastKey: String?
        var expectingValue = false
        while index < characters.count {
            let character = characters[index]
            switch character {
            case "{", "[":
                depth += 1
                if lastKey == "identifiers", depthInIdentifiers == nil { depthInIdentifiers = depth }
                expectingValue = false
                index += 1
            case "}", "]":
                if depthInIdentifiers == depth { depthInIdentifiers = nil }
                depth -= 1
                expectingValue = false
                index += 1
            case ":":
                expectingValue = true
                index += 1
            case ",":
                expectingValue = false
                lastKey = nil
                index += 1
            case " ":
                index += 1
            default:
                // A token: quoted or plain, up to the next structural character.
                let start = index
                if character == "\"" || character == "'" {
                    index = endOfQuoted(characters, from: index)
                } else {
                    while index < characters.count, !":,{}[]".contains(characters[index]) { index += 1 }
                }
                let token = String(characters[start..<index]).trimmingQuotes().trimmingCharacters(in: " ")
                if expectingValue {
                    let hide = depthInIdentifiers != nil || (lastKey.map { valueKeys.contains($0) } ?? false)
                    if hide, depth > 0 { ranges.append(start..<index) }
                    expectingValue = false
                } else {
                    lastKey = token
                }
            }
        }
        return ranges
    }
}

extension StringProtocol {
    fileprivate func trimmingQuotes() -> String {
        var text = String(self).trimmingCharacters(in: " ")
        if text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first {
            text = String(text.dropFirst().dropLast())
        }
        return text
    }

    fileprivate func trimmingCharacters(in set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
