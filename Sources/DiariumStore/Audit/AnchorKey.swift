import Crypto
import DiariumModel
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The Ed25519 key that signs the heads of the audit chain (förankring). The chain alone proves
/// nothing against someone who can write the database: they can edit a row and recompute every
/// hash after it. They cannot sign the result without this key, which is why it lives OUTSIDE
/// the store folder (default `<parent>/<store folder>.anchor-key`) and is never overwritten.
///
/// The file names the store it was made for, so one store's key never signs another's log.
public struct AnchorKey: Sendable {
    public let storeID: String
    public let publicKey: AnchorPublicKey
    /// The 32-byte private key. Raw bytes rather than Crypto's key type, which is not Sendable.
    package let seed: Data
    package let createdAt: String

    package static let format = "diarium-anchor-key/1"

    /// A new key for a store whose id is made here: 16 random bytes, so that no two stores share one.
    package static func generate(at now: Date = Date()) -> AnchorKey {
        let key = Curve25519.Signing.PrivateKey()
        var rng = SystemRandomNumberGenerator()
        let id = Hex.encode((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &rng) })
        return AnchorKey(storeID: id, publicKey: AnchorPublicKey(raw: key.publicKey.rawRepresentation),
                         seed: key.rawRepresentation, createdAt: Timestamp.iso(now))
    }

    package func sign(_ message: Data) throws(StoreError) -> String {
        do {
            return Hex.encode(try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: message))
        } catch { throw .io("cannot sign the audit chain's head: \(error)") }
    }

    /// What the file holds. `note` tells a person who finds the file what it is.
    private struct File: Codable {
        let format: String
        let store: String
        let publicKey: String
        let privateKey: String
        let createdAt: String
        let note: String?
    }

    /// Reads a key file. The failure says what is wrong with the file; the caller says what that
    /// stops (a write, an init).
    package static func load(from url: URL) -> Result<AnchorKey, KeyProblem> {
        let path = url.path
        guard access(path, F_OK) == 0 else { return .failure(.init(rule: "store.anchor-key-missing", text: "signeringsnyckeln \(path) finns inte")) }
        var info = stat()
        // A key is a few hundred bytes; `--key /dev/zero` must not read forever.
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_size < 65_536 else {
            return .failure(.init(rule: "store.anchor-key-invalid", text: "\(path) är ingen giltig signeringsnyckel för Diarium"))
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return .failure(.init(rule: "store.anchor-key-unreadable", text: "signeringsnyckeln \(path) går inte att läsa (behörighet?)"))
        }
        let invalid = KeyProblem(rule: "store.anchor-key-invalid", text: "\(path) är ingen giltig signeringsnyckel för Diarium")
        guard let file = try? JSONDecoder().decode(File.self, from: data), file.format == format,
              Hex.decode(file.store, count: 16) != nil,
              let seed = Hex.decode(file.privateKey, count: 32),
              let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed),
              // A key whose halves disagree was damaged or assembled by hand: never sign with it.
              Hex.encode(key.publicKey.rawRepresentation) == file.publicKey.lowercased() else { return .failure(invalid) }
        return .success(AnchorKey(storeID: file.store.lowercased(), publicKey: AnchorPublicKey(raw: key.publicKey.rawRepresentation),
                                  seed: seed, createdAt: file.createdAt))
    }

    /// Writes the key to `url`, readable by its owner alone, and never over an existing file: it
    /// is written whole to a temporary file and then hard-linked into place, because a link, unlike
    /// a rename, fails when the name is taken, and no reader ever sees half a key.
    package func write(to url: URL) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let file = File(format: Self.format, store: storeID, publicKey: publicKey.hex, privateKey: Hex.encode(seed),
                        createdAt: createdAt,
                        note: "Diariums signeringsnyckel för granskningsloggen. Förvara den åtskild från arkivet och säkerhetskopiera den.")
        guard let data = try? encoder.encode(file) else { throw .io("cannot encode the signing key") }
        let folder = url.deletingLastPathComponent()
        let temp = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)").path
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .anchor(rule: "store.anchor-key-unwritable", message: "signeringsnyckeln kan inte skapas i \(folder.path): \(Self.errorText())") }
        // The umask could only narrow 0600, but say it exactly.
        let ok = fchmod(fd, 0o600) == 0 && Self.writeAll(fd, data + Data("\n".utf8)) && fsync(fd) == 0
        let reason = Self.errorText()
        close(fd)
        guard ok else {
            unlink(temp)
            throw .anchor(rule: "store.anchor-key-unwritable", message: "signeringsnyckeln kan inte skrivas i \(folder.path): \(reason)")
        }
        let linked = link(temp, url.path) == 0
        let linkError = errno
        unlink(temp)
        guard linked else {
            if linkError == EEXIST {
                throw .anchor(rule: "store.anchor-key-exists", message: "signeringsnyckeln \(url.path) finns redan och skrivs aldrig över")
            }
            throw .anchor(rule: "store.anchor-key-unwritable", message: "signeringsnyckeln kan inte skapas som \(url.path): \(String(cString: strerror(linkError)))")
        }
        try ObjectStore.syncFolder(folder)
    }

    package static func writeAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, base + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; return false }
                offset += n
            }
            return true
        }
    }

    package static func errorText() -> String { String(cString: strerror(errno)) }

    /// Where the key of the store at `root` lives unless `--key` or `DIARIUM_KEY` say otherwise:
    /// beside the store folder, named after it (`./archive` → `./archive.anchor-key`).
    public static func defaultURL(forStoreAt root: URL) -> URL {
        let root = root.standardizedFileURL
        return root.deletingLastPathComponent().appendingPathComponent(root.lastPathComponent + ".anchor-key")
    }
}

/// Why a key file could not be used, with a stable rule id.
package struct KeyProblem: Error, Sendable, Hashable {
    package let rule: String
    package let text: String
    package init(rule: String, text: String) {
        self.rule = rule
        self.text = text
    }
}

/// The public half of an anchor key: all a verifier without write rights needs.
public struct AnchorPublicKey: Sendable, Hashable, CustomStringConvertible {
    package let raw: Data

    package init(raw: Data) { self.raw = raw }

    /// Parses the 64 hex digits that `init` and `verify` print; nil for anything else.
    public init?(hex: String) {
        guard let raw = Hex.decode(hex, count: 32), (try? Curve25519.Signing.PublicKey(rawRepresentation: raw)) != nil else { return nil }
        self.raw = raw
    }

    public var hex: String { Hex.encode(raw) }
    public var description: String { hex }

    package func isValid(signature hex: String, for message: Data) -> Bool {
        guard let signature = Hex.decode(hex, count: 64),
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) else { return false }
        return key.isValidSignature(signature, for: message)
    }
}
