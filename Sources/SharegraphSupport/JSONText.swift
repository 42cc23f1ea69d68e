// JSON written directly, byte for byte what `JSONEncoder` writes with `.sortedKeys` and
// `.withoutEscapingSlashes` and no pretty printing: keys are written in the order given (the
// caller gives them sorted), strings escaped as Foundation escapes them, absent optionals left out.
// The measured fast path for the notice bodies of a batch erasure and for traces the server
// answers; each user holds its output to JSONEncoder's in a test.

/// A compact JSON writer for objects of strings, escaping as `JSONEncoder` does.
public struct JSONText {
    /// The JSON written so far.
    public private(set) var text = ""
    private var first = true

    /// Opens an object.
    public mutating func open() {
        text += "{"
        first = true
    }

    /// Closes an object.
    public mutating func close() {
        text += "}"
        first = false
    }

    /// Writes a key; the caller gives keys in sorted order.
    public mutating func key(_ name: String) {
        if !first { text += "," }
        first = false
        text += "\""
        text += name
        text += "\":"
    }

    /// A key and a string.
    public mutating func field(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    /// An array of strings.
    public mutating func strings(_ values: [String]) {
        array(values) { out, value in out.string(value) }
    }

    /// An array, each element written by `element`.
    public mutating func array<T>(_ values: [T], _ element: (inout JSONText, T) -> Void) {
        text += "["
        for (index, value) in values.enumerated() {
            if index > 0 { text += "," }
            element(&self, value)
        }
        text += "]"
        first = false
    }

    /// A string, escaped as `JSONEncoder` escapes it.
    public mutating func string(_ value: String) {
        text += "\""
        var plain = true
        for byte in value.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            plain = false
            break
        }
        if plain {
            text += value
        } else {
            for scalar in value.unicodeScalars {
                switch scalar {
                case "\"": text += "\\\""
                case "\\": text += "\\\\"
                case "\n": text += "\\n"
                case "\r": text += "\\r"
                case "\t": text += "\\t"
                case "\u{08}": text += "\\b"
                case "\u{0C}": text += "\\f"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }

    /// Creates an empty writer.
    public init() {}

    /// Reserves room for `bytes` of output.
    public mutating func reserve(_ bytes: Int) { text.reserveCapacity(bytes) }

    /// A key and an integer.
    public mutating func field(_ name: String, _ value: Int) {
        key(name)
        text += String(value)
    }

    /// A key and a Boolean.
    public mutating func field(_ name: String, _ value: Bool) {
        key(name)
        text += value ? "true" : "false"
    }

    /// A key and a string, left out when nil.
    public mutating func optional(_ name: String, _ value: String?) {
        if let value { field(name, value) }
    }

    /// A key and a Boolean, left out when nil.
    public mutating func optional(_ name: String, _ value: Bool?) {
        if let value { field(name, value) }
    }
}
