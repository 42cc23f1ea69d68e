// Files that may hold personal data (reports, traces, proofs, e-mails): written whole or not at all,
// and readable by their owner alone, whatever the umask.

import Foundation

/// Why a private file could not be written.
public struct PrivateFileError: Error, Sendable, CustomStringConvertible {
    /// The file that was not written.
    public var path: String
    /// Why, in the system's words.
    public var reason: String
    /// `cannot write PATH: REASON`.
    public var description: String { "cannot write \(path): \(reason)" }
}

/// Writes files owner-only (0600) and atomically: a temporary beside the target, fsynced, renamed.
public enum PrivateFile {
    /// Writes `bytes` to `path`; a crash leaves the old file or the whole new one. `temporaryName`
    /// names the temporary in the same directory (a dot-file by default). `durable: false` skips
    /// the fsync, for files that are checked when read (a cache entry) and may be lost.
    public static func write(
        _ bytes: some Collection<UInt8>, to path: String, temporaryName: String? = nil, durable: Bool = true
    ) throws(PrivateFileError) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = temporaryName ?? ".\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let temporary = directory.isEmpty ? name : (directory as NSString).appendingPathComponent(name)
        let descriptor = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw PrivateFileError(path: path, reason: String(cString: strerror(errno))) }
        let bytes = Array(bytes)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw PrivateFileError(path: path, reason: reason)
            }
            written += count
        }
        let synced = !durable || fsync(descriptor) == 0
        close(descriptor)
        guard synced, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw PrivateFileError(path: path, reason: reason)
        }
    }
}
