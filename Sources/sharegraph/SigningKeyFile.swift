// The controller's Ed25519 signing key in a file: created 0600 when missing, refused when others
// can read it (as ssh refuses such a key), shared by `proof` and `verify --checkpoint`.

import ArgumentParser
import Crypto
import Foundation

struct SigningKeyFile {
    /// The key file's path.
    let path: String
    private var key: String { path }

    /// The key in the file; with `creating`, a new one when the file does not exist.
    func load(creating: Bool) throws -> Curve25519.Signing.PrivateKey {
        // Not followed through a link: attributes of the path itself.
        if let attributes = try? FileManager.default.attributesOfItem(atPath: key) {
            // A key others can read is a key others may have: refused, as ssh refuses one.
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                Terminal.error("the key file \(key) is not a regular file; give the key file itself")
                throw ExitCode(1)
            }
            let mode = (attributes[.posixPermissions] as? Int) ?? 0o777
            guard mode & 0o077 == 0 else {
                Terminal.error(
                    "the key file \(key) has mode \(String(mode & 0o777, radix: 8)), readable or writable by others; the key may be known to them. Run `chmod 600 \(key)` if it is not, or make a new key"
                )
                throw ExitCode(1)
            }
        }
        if let text = try? String(contentsOfFile: key, encoding: .utf8) {
            guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
                let loaded = try? Curve25519.Signing.PrivateKey(rawRepresentation: data)
            else {
                Terminal.standardError(
                    "error: \(key) does not hold an Ed25519 private key in base64; give another file, or a new path to create one"
                )
                throw ExitCode(1)
            }
            return loaded
        }
        guard creating else {
            Terminal.error("cannot read the key file \(key); give the file `sharegraph proof --key` created")
            throw ExitCode(1)
        }
        let created = Curve25519.Signing.PrivateKey()
        let descriptor = open(key, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            Terminal.error("cannot create the key file \(key): \(String(cString: strerror(errno)))")
            throw ExitCode(1)
        }
        let text = created.rawRepresentation.base64EncodedString() + "\n"
        _ = text.withCString { write(descriptor, $0, strlen($0)) }
        close(descriptor)
        Terminal.standardError("created a new signing key in \(key)")
        return created
    }
}
