// JSON written directly, byte for byte what `JSONEncoder` writes with `.sortedKeys` and
// `.withoutEscapingSlashes` and no pretty printing: keys are written in the order given (the
// caller gives them sorted), strings escaped as Foundation escapes them, absent optionals left out.
// The measured fast path for the notice bodies of a batch erasure and for traces the server
// answers; each user holds its output to JSONEncoder's in a test.

/// A compact JSON writer for objects of strings, escaping as `JSONEncoder` does.
public struct JSONText {
    /// The JSON written so far, as UTF-8.
    public private(set) var bytes: [UInt8] = []
    private var first = true

    /// The JSON written so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Opens an object.
    public mutating func open() {
        bytes.append(UInt8(ascii: "{"))
        first = true
    }

    /// Closes an object.
    public mutating func close() {
        bytes.append(UInt8(ascii: "}"))
        first = false
    }

    /// Writes a key; the caller gives keys in sorted order.
    public mutating func key(_ name: StaticString) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        first = false
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// A key and a string.
    public mutating func field(_ name: StaticString, _ value: String) {
        key(name)
        string(value)
    }

    /// An array of strings.
    public mutating func strings(_ values: [String]) {
        array(values) { out, value in out.string(value) }
    }

    /// An array, each element written by `element`.
    public mutating func array<T>(_ values: [T], _ element: (inout JSONText, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        var index = 0
        while index < values.count {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            element(&self, values[index])
            index += 1
        }
        bytes.append(UInt8(ascii: "]"))
        first = false
    }

    /// A string, escaped as `JSONEncoder` escapes it.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var plain = true
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                plain = false
                break
            }
            if plain {
                bytes.append(contentsOf: utf8)
                return
            }
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case ..<0x20:
                    let hex = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: Array("\\u00".utf8))
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Creates an empty writer.
    public init() {}

    /// Reserves room for `count` bytes of output.
    public mutating func reserve(_ count: Int) { bytes.reserveCapacity(count) }

    /// A key and an integer.
    public mutating func field(_ name: StaticString, _ value: Int) {
        key(name)
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A key and a Boolean.
    public mutating func field(_ name: StaticString, _ value: Bool) {
        key(name)
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
    }

    /// A key and a string, left out when nil.
    public mutating func optional(_ name: StaticString, _ value: String?) {
        if let value { field(name, value) }
    }

    /// A key and a Boolean, left out when nil.
    public mutating func optional(_ name: StaticString, _ value: Bool?) {
        if let value { field(name, value) }
    }
}
