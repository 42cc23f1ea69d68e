// An exclusive advisory lock on a file (flock), held while a ledger is created or migrated.

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Holds `flock(LOCK_EX)` on a lock file beside the ledger until released.
struct FileLock {
    private let descriptor: Int32

    /// Opens (creating, mode 0600) and locks the file, waiting for another holder.
    init(path: String) throws(LedgerError) {
        descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .cannotOpen(path: path, reason: "cannot lock: \(reason)")
            }
        }
    }

    /// Unlocks and closes.
    func release() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
