// The byte layer of the compiled-graph cache: variable-length integers and a table of strings,
// written by `CacheWriter` and read back by `CacheReader`, which checks every read against the
// end of the bytes and throws instead of trapping.
//
// Why not a library format: Foundation's coders were measured on 100,000 flow-shaped records
// (the size of the 10,000-party benchmark map) at 1.36 s to decode with JSONDecoder and 4.47 s
// with the binary PropertyListDecoder, each more than the whole command's 0.5 s budget; this
// layout decodes the same map's documents in tens of milliseconds (BENCHMARKS.md, "Compiled-graph
// cache"). Integrity is not left to the layout: every entry carries a SHA-256 of its payload
// (swift-crypto), and a reader that meets anything unexpected gives up on the entry.

/// The entry could not be read: truncated, corrupt, or written by another layout.
struct CacheFormatError: Error {}

/// Appends values to a byte buffer; strings go into a table and are written once.
struct CacheWriter {
    private(set) var bytes: [UInt8] = []
    private var strings: [String] = []
    private var stringNumbers: [String: Int] = [:]

    mutating func unsigned(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    mutating func int(_ value: Int) {
        // Zigzag, so that small negative numbers stay short.
        let signed = Int64(value)
        unsigned(UInt64(bitPattern: (signed << 1) ^ (signed >> 63)))
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func string(_ value: String) {
        if let number = stringNumbers[value] {
            unsigned(UInt64(number))
            return
        }
        let number = strings.count
        strings.append(value)
        stringNumbers[value] = number
        unsigned(UInt64(number))
    }

    mutating func optional<Value>(_ value: Value?, _ write: (inout CacheWriter, Value) -> Void) {
        guard let value else { return bool(false) }
        bool(true)
        write(&self, value)
    }

    mutating func array<Value>(_ values: [Value], _ write: (inout CacheWriter, Value) -> Void) {
        unsigned(UInt64(values.count))
        for value in values { write(&self, value) }
    }

    /// The string table followed by the values: what a reader needs, in the order it needs it.
    func finished() -> [UInt8] {
        var table = CacheWriter()
        table.unsigned(UInt64(strings.count))
        for string in strings {
            let utf8 = Array(string.utf8)
            table.unsigned(UInt64(utf8.count))
            table.bytes += utf8
        }
        return table.bytes + bytes
    }
}

/// Reads what `CacheWriter` wrote; every read is bounds-checked and throws `CacheFormatError`.
struct CacheReader {
    private let bytes: [UInt8]
    private var offset: Int
    private var strings: [String] = []

    /// Reads the string table at the start of `bytes`.
    init(_ bytes: [UInt8]) throws {
        self.bytes = bytes
        offset = 0
        let count = try count(maximum: bytes.count)
        strings.reserveCapacity(count)
        for _ in 0..<count {
            let length = try self.count(maximum: bytes.count)
            guard length <= bytes.count - offset else { throw CacheFormatError() }
            strings.append(String(decoding: bytes[offset..<offset + length], as: UTF8.self))
            offset += length
        }
    }

    var isAtEnd: Bool { offset == bytes.count }

    /// How many bytes are left to read.
    var remaining: Int { bytes.count - offset }

    mutating func unsigned() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count, shift < 64 else { throw CacheFormatError() }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func int() throws -> Int {
        let raw = try unsigned()
        return Int(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }

    /// A count of things that each take at least a byte, so it can be no more than what is left.
    mutating func count(maximum: Int) throws -> Int {
        // The limit is taken before the count's own bytes are read; callers that need the bytes
        // left after it check again.
        let value = try unsigned()
        guard value <= UInt64(max(maximum, 0)) else { throw CacheFormatError() }
        return Int(value)
    }

    mutating func bool() throws -> Bool {
        guard offset < bytes.count, bytes[offset] <= 1 else { throw CacheFormatError() }
        offset += 1
        return bytes[offset - 1] == 1
    }

    mutating func string() throws -> String {
        let number = try unsigned()
        guard number < UInt64(strings.count) else { throw CacheFormatError() }
        return strings[Int(number)]
    }

    mutating func optional<Value>(_ read: (inout CacheReader) throws -> Value) throws -> Value? {
        try bool() ? try read(&self) : nil
    }

    /// A raw-value enum case.
    mutating func choice<Value: RawRepresentable>(_: Value.Type) throws -> Value where Value.RawValue == String {
        guard let value = Value(rawValue: try string()) else { throw CacheFormatError() }
        return value
    }
}
