// The compiled-graph cache: each graph file's parse kept on disk, keyed by the file's real path,
// size and SHA-256, the loader's limits and the build of Sharegraph that wrote it. A later run
// that reads the same bytes takes the parse from here instead of parsing YAML; any other bytes,
// limits or build, and any entry that is short, altered or unreadable, is a miss and the file is
// parsed again. The cache is never trusted over the files: it can only make a load faster.

import Crypto
import Foundation
public import SharegraphCore
import SharegraphSupport
public import SharegraphYAML
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Keeps parsed graph files in a directory, one entry per file path, and the findings of assembling
/// them, one entry per list of files.
public struct GraphCache: ParsedFileCache {
    /// The directory holding the entries.
    public let directory: String
    /// What must match for an entry to be used besides the file: the layout and the build.
    /// Nil when the running executable cannot be identified: then nothing is read or kept.
    private let identity: String?

    /// The per-user secret every entry is authenticated with, read once.
    private let secretBox = SecretBox()

    /// The first bytes of every entry; a file without them is not an entry.
    static let magic = Array("SGCACHE3".utf8)
    /// The secret's file, beside the entries, readable by its owner alone.
    static let secretName = ".secret"
    static let entrySuffix = ".graph"
    static let assemblySuffix = ".assembly"

    /// A cache in `directory`, valid for the build identified by `toolVersion` and this executable.
    public init(directory: String, toolVersion: String) {
        self.directory = directory
        identity = Self.executableIdentity().map { "layout 3\u{0}\(toolVersion)\u{0}\($0)" }
    }

    /// Where the cache lives unless the user says: `$SHAREGRAPH_CACHE_DIR`, else
    /// `$XDG_CACHE_HOME/sharegraph`, else `~/.cache/sharegraph`; nil when none can be named.
    public static func defaultDirectory() -> String? {
        defaultDirectory(environment: ProcessInfo.processInfo.environment)
    }

    /// The default directory for an environment.
    public static func defaultDirectory(environment: [String: String]) -> String? {
        if let explicit = environment["SHAREGRAPH_CACHE_DIR"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return xdg + "/sharegraph" }
        if let home = environment["HOME"], home.hasPrefix("/") { return home + "/.cache/sharegraph" }
        return nil
    }

    // MARK: ParsedFileCache

    /// The entry name from the file's real path, and the digest of everything its parse depends on;
    /// nil when the path cannot be resolved (the file is then parsed and not kept).
    public func key(file: String, bytes: [UInt8], limits: LoaderLimits) -> ParsedFileKey? {
        guard let identity, let real = realpath(file, nil) else { return nil }
        defer { free(real) }
        let path = String(cString: real)
        // Named by the path alone, so that a new build or an edit replaces the entry rather than
        // leaving the old one behind; everything else is in the digest.
        let name = SHA256.hash(data: Array(path.utf8))
        var digest = SHA256()
        // The name the file is given by is part of it: a message may quote it.
        digest.update(data: Array("\(identity)\u{0}\(path)\u{0}\(file)\u{0}\(limits)\u{0}\(bytes.count)\u{0}".utf8))
        digest.update(data: Array(SHA256.hash(data: bytes)))
        return ParsedFileKey(name: Hex.encode(name), digest: Array(digest.finalize()))
    }

    /// The kept parse, with its places in `file` as named in this run; nil for any miss.
    public func parsed(_ key: ParsedFileKey, file: String) -> ParsedFile? {
        guard let payload = read(key.name + Self.entrySuffix, key: key.digest) else { return nil }
        return try? DocumentCoding.decode(payload, file: file)
    }

    /// Keeps a parse; a parse naming a place in another file, or an unwritable directory, keeps nothing.
    public func store(_ parsed: ParsedFile, key: ParsedFileKey, file: String) {
        guard let payload = DocumentCoding.encode(parsed, file: file) else { return }
        write(payload, to: key.name + Self.entrySuffix, key: key.digest)
    }

    /// The findings of an earlier assembly of exactly these files, under these names; nil for any miss.
    public func assembly(of keys: [ParsedFileKey], files: [String]) -> [Diagnostic]? {
        let key = Self.assemblyKey(keys, files: files)
        guard let payload = read(key.name + Self.assemblySuffix, key: key.digest) else { return nil }
        return try? DocumentCoding.decodeFindings(payload, files: files)
    }

    /// Keeps the findings of assembling these files.
    public func storeAssembly(_ diagnostics: [Diagnostic], of keys: [ParsedFileKey], files: [String]) {
        let key = Self.assemblyKey(keys, files: files)
        guard let payload = DocumentCoding.encodeFindings(diagnostics, files: files) else { return }
        write(payload, to: key.name + Self.assemblySuffix, key: key.digest)
    }

    /// One assembly entry per list of files; its digest covers every file's own and the names
    /// the files are given by (a finding's message may name the place of another).
    private static func assemblyKey(_ keys: [ParsedFileKey], files: [String]) -> ParsedFileKey {
        var name = SHA256()
        var digest = SHA256()
        for (key, file) in zip(keys, files) {
            name.update(data: Array(key.name.utf8) + [0])
            digest.update(data: key.digest + Array(file.utf8) + [0])
        }
        return ParsedFileKey(name: Hex.encode(name.finalize()), digest: Array(digest.finalize()))
    }

    /// The payload of an entry, if the directory is trusted and the entry is a regular file of
    /// this user's (never a symbolic link), whole, authenticated and for exactly this key.
    private func read(_ name: String, key: [UInt8]) -> [UInt8]? {
        guard refusal() == nil, let secret = secret(creating: false),
            let entry = Self.ownFile(directory + "/" + name, limit: 1 << 30)
        else { return nil }
        return Self.open(entry, key: key, secret: secret)
    }

    private func write(_ payload: [UInt8], to name: String, key: [UInt8]) {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            guard refusal() == nil, let secret = secret(creating: true) else { return }
            try PrivateFile.write(
                Self.seal(payload, key: key, secret: secret), to: directory + "/" + name, durable: false)
        } catch {
            // A cache that cannot be written is a slower next run, not a failure of this one.
        }
    }

    // MARK: Trust

    /// Why the directory must not be used, in words; nil when it may (one that does not exist yet
    /// is created owner-only). Anyone else who can write it could plant or swap entries.
    public func refusal() -> String? {
        var info = stat()
        guard lstat(directory, &info) == 0 else {
            return errno == ENOENT ? nil : "cannot be examined (\(String(cString: strerror(errno))))"
        }
        switch info.st_mode & S_IFMT {
        case S_IFLNK: return "is a symbolic link; give the directory itself"
        case S_IFDIR: break
        default: return "is not a directory"
        }
        guard info.st_uid == geteuid() else { return "belongs to another user" }
        guard info.st_mode & 0o022 == 0 else { return "can be written by other users" }
        return nil
    }

    /// The per-user secret (32 random bytes, mode 0600, beside the entries), made on first write.
    private func secret(creating: Bool) -> [UInt8]? {
        secretBox.value.withLock { known -> [UInt8]? in
            if let known { return known }
            let path = directory + "/" + Self.secretName
            if let bytes = Self.ownFile(path, limit: 64), bytes.count == 32 {
                known = bytes
                return bytes
            }
            guard creating else { return nil }
            let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }
            let descriptor = Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else { return nil }
            let written = fresh.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            close(descriptor)
            guard written == fresh.count else { return nil }
            known = fresh
            return fresh
        }
    }

    /// A file's bytes when it is a regular file (never followed through a link) owned by this
    /// user, that no other user can write, and at most `limit` bytes.
    static func ownFile(_ path: String, limit: Int) -> [UInt8]? {
        let descriptor = Glibc.open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == geteuid(),
            info.st_mode & 0o022 == 0, Int(info.st_size) <= limit
        else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + done, $0.count - done) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            done += count
        }
        return bytes
    }

    // MARK: Managing

    /// What the cache holds: how many entries and how many bytes.
    public func summary() -> (entries: Int, bytes: Int) {
        entryNames().reduce(into: (0, 0)) { total, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)[.size] as? Int) ?? 0
            total = (total.0 + 1, total.1 + size)
        }
    }

    /// Removes every entry (and any temporary left by an interrupted write); returns how many.
    @discardableResult
    public func clear() throws -> Int {
        let names = entryNames()
        for name in names { try FileManager.default.removeItem(atPath: directory + "/" + name) }
        let temporaries = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }
        for name in temporaries { try? FileManager.default.removeItem(atPath: directory + "/" + name) }
        return names.count
    }

    private func entryNames() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { name in
                [Self.entrySuffix, Self.assemblySuffix].contains { name.hasSuffix($0) && name.count == 64 + $0.count }
            }
    }

    // MARK: Entries

    /// magic, key digest, HMAC-SHA256 under the user's secret over the key digest and the payload,
    /// payload. Without the secret no one can make an entry that is used.
    static func seal(_ payload: [UInt8], key: [UInt8], secret: [UInt8]) -> [UInt8] {
        magic + key + Array(authentication(key: key, payload: payload[...], secret: secret)) + payload
    }

    /// The payload of an entry, if the entry is whole, authenticated and for exactly this key.
    static func open(_ entry: [UInt8], key: [UInt8], secret: [UInt8]) -> [UInt8]? {
        let header = magic.count + 32 + 32
        guard entry.count >= header, entry.starts(with: magic), entry[magic.count..<magic.count + 32].elementsEqual(key)
        else { return nil }
        let payload = entry[header...]
        guard
            HMAC<SHA256>.isValidAuthenticationCode(
                Array(entry[(magic.count + 32)..<header]), authenticating: key + payload,
                using: SymmetricKey(data: secret))
        else { return nil }
        return Array(payload)
    }

    static func authentication(key: [UInt8], payload: ArraySlice<UInt8>, secret: [UInt8]) -> HashedAuthenticationCode<
        SHA256
    > {
        HMAC<SHA256>.authenticationCode(for: key + payload, using: SymmetricKey(data: secret))
    }

    /// The running executable's size and modification time: a rebuilt binary may read the layout
    /// differently, so its entries are not shared with the one before. Nil when it cannot be told,
    /// and then the cache is not used at all.
    static func executableIdentity() -> String? {
        guard let path = Bundle.main.executablePath,
            let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return "\(size)-\(modified.timeIntervalSince1970)"
    }
}

/// The secret, read or made once per cache value and shared by its copies.
final class SecretBox: Sendable {
    let value = Mutex<[UInt8]?>(nil)
}
