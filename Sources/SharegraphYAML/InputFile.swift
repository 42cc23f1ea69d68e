// Reads an input file with its size bounded before a byte is read: a FIFO, a device or /proc file
// is refused at once instead of hanging or filling memory, and every failure says why in words.

import Foundation
import SharegraphCore

#if canImport(Glibc)
    import Glibc
#endif

/// Bounded reading of graph, subject, request and batch files.
enum InputFile {
    /// The file's bytes, at most `limit`; a located diagnostic when it cannot or must not be read.
    /// With `lineLimit`, a line longer than that is refused as soon as reading passes it, at its
    /// line, before the rest of a batch is read.
    static func read(
        _ path: String, limit: Int, what: String, hint: String, lineLimit: (bytes: Int, what: String)? = nil
    ) -> Result<[UInt8], Diagnostic> {
        func failure(_ message: String, _ hint: String, id: String = "io-error") -> Result<[UInt8], Diagnostic> {
            .failure(
                Diagnostic(
                    id: id, severity: .error, message: message, at: SourceLocation(file: path, line: 0, column: 0),
                    hint: hint))
        }
        // Non-blocking, so that opening a FIFO with no writer returns at once.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return failure("cannot open the \(what): \(describe(errno))", hint) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            return failure("cannot read the \(what): \(describe(errno))", hint)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            return failure(
                "the \(what) is not a regular file (a directory, pipe or device)",
                "give the path of a YAML file on disk")
        }
        if Int(status.st_size) > limit {
            return failure(
                "the \(what) is \(megabytes(Int(status.st_size))), more than the limit of \(megabytes(limit))", hint,
                id: "limit-exceeded")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var line = 1
        var lineLength = 0
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return failure("cannot read the \(what): \(describe(errno))", hint)
            }
            if count == 0 { break }
            if let lineLimit {
                // memchr: a debug build walking 64 MiB a byte at a time took seconds.
                chunk.withUnsafeBytes { buffer in
                    guard let base = buffer.baseAddress else { return }
                    var start = 0
                    while start < count, let found = memchr(base + start, 0x0A, count - start) {
                        line += 1
                        lineLength = 0
                        start = base.distance(to: UnsafeRawPointer(found)) + 1
                    }
                    lineLength += count - start
                }
                if lineLength > lineLimit.bytes {
                    return .failure(
                        Diagnostic(
                            id: "limit-exceeded", severity: .error,
                            message:
                                "line \(line) is longer than the limit of \(megabytes(lineLimit.bytes)) for \(lineLimit.what)",
                            at: SourceLocation(file: path, line: line, column: 1), hint: hint))
                }
            }
            bytes += chunk.prefix(count)
            // A file that grows while it is read (or a /proc file whose size says 0) stops at the limit.
            if bytes.count > limit {
                return failure("the \(what) is more than the limit of \(megabytes(limit))", hint, id: "limit-exceeded")
            }
        }
        return .success(bytes)
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code)).lowercased()
    }

    /// `64 MiB`, `100.0 MiB`, `2 GiB`: sizes a person reads.
    static func megabytes(_ bytes: Int) -> String {
        let mebibytes = Double(bytes) / 1_048_576
        if mebibytes >= 1024 {
            let gibibytes = mebibytes / 1024
            return gibibytes.rounded() == gibibytes ? "\(Int(gibibytes)) GiB" : "\((gibibytes * 10).rounded() / 10) GiB"
        }
        if mebibytes >= 1 {
            return mebibytes.rounded() == mebibytes ? "\(Int(mebibytes)) MiB" : "\((mebibytes * 10).rounded() / 10) MiB"
        }
        return "\(bytes) bytes"
    }
}
