// Places in graph files, so every finding can point at the line and column that caused it.

import Synchronization

/// A 1-based line and column in a named file.
///
/// A graph holds a dozen locations per flow, so a location is twelve bytes: the file is a number
/// in a process-wide table of the paths locations have named (`FileNames`), and line and column
/// are 32 bits each (a file is at most 64 MiB).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    private var fileNumber: UInt32
    private var storedLine: Int32
    private var storedColumn: Int32

    /// The file path as the user gave it (relative paths stay relative).
    public var file: String {
        get { FileNames.name(fileNumber) }
        set { fileNumber = FileNames.number(newValue) }
    }

    /// The line, counted from 1.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }

    /// The column in characters, counted from 1.
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        fileNumber = FileNames.number(file)
        storedLine = Int32(clamping: line)
        storedColumn = Int32(clamping: column)
    }

    /// Another place in the same file, without looking the path up again (decoders make one per node).
    public func moved(line: Int, column: Int) -> SourceLocation {
        var location = self
        location.storedLine = Int32(clamping: line)
        location.storedColumn = Int32(clamping: column)
        return location
    }

    /// `file:line:column`, as compilers print it.
    public var description: String { line > 0 ? "\(file):\(line):\(column)" : file }

    /// Orders by file, then line, then column.
    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        if lhs.fileNumber != rhs.fileNumber { return lhs.file < rhs.file }
        return (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    /// The same place shifted right by `columns` characters.
    public func advanced(byColumns columns: Int) -> SourceLocation {
        moved(line: line, column: column + columns)
    }
}

/// The file paths named by locations, each stored once for the life of the process and known by
/// its number. It grows only with distinct paths, which a process reads a bounded number of.
enum FileNames {
    private struct Table {
        var names: [String] = []
        var numbers: [String: UInt32] = [:]
    }

    private static let table = Mutex(Table())

    static func number(_ name: String) -> UInt32 {
        table.withLock { table in
            if let number = table.numbers[name] { return number }
            let number = UInt32(table.names.count)
            table.names.append(name)
            table.numbers[name] = number
            return number
        }
    }

    static func name(_ number: UInt32) -> String {
        table.withLock { $0.names[Int(number)] }
    }
}

/// A value together with the place it was written.
public struct Located<Value> {
    /// The value.
    public var value: Value
    /// Where the value was written.
    public var location: SourceLocation

    /// Creates a located value.
    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Sendable where Value: Sendable {}
extension Located: Equatable where Value: Equatable {}
extension Located: Hashable where Value: Hashable {}

/// A reference to another element by id, with the place it was written.
public typealias Reference = Located<String>
