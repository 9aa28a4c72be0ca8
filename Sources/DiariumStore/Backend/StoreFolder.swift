public import DiariumModel
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What every backend's store folder shares: its `config.json`, the anchor key beside it, and
/// the anchor a write signs. The index (SQLite's file, a PostgreSQL database) is the backend's.
package enum StoreFolder {
    package static let configName = "config.json"

    /// Refuses, as the user's error, a store path that is a file, lies under one, or (for a
    /// store still to be made) sits where nothing can be written: FileManager's own errors for
    /// these say nothing a registrar can act on.
    package static func checkUsable(_ root: URL, creating: Bool) throws(StoreError) {
        var url = root
        while true {
            var info = stat()
            if stat(url.path, &info) == 0 {
                guard info.st_mode & S_IFMT == S_IFDIR else { throw .notAFolder(path: root.path) }
                if creating, access(url.path, W_OK | X_OK) != 0 { throw .notAFolder(path: root.path) }
                return
            }
            // ENOTDIR: a part of the path is a file.
            guard errno == ENOENT else { throw .notAFolder(path: root.path) }
            let parent = url.deletingLastPathComponent().standardizedFileURL
            if parent.path == url.path { return }
            url = parent
        }
    }

    package static func keyURL(_ key: URL?, root: URL) -> URL {
        (key ?? AnchorKey.defaultURL(forStoreAt: root)).standardizedFileURL
    }

    package static func loadKey(_ url: URL, root: URL) -> Result<AnchorKey, KeyProblem> {
        if url.path.hasPrefix(root.path + "/") {
            return .failure(KeyProblem(rule: "store.anchor-key-inside-store",
                                       text: "signeringsnyckeln \(url.path) ligger i arkivmappen, där den inte skyddar något; den ska ligga utanför"))
        }
        return AnchorKey.load(from: url)
    }

    /// A key where a new store's would go belongs to another store, or to one that was removed:
    /// signing with it would let two stores share a key. Refused before anything is made.
    package static func refuseForeignKey(_ keyURL: URL, root: URL) throws(StoreError) {
        if FileManager.default.fileExists(atPath: keyURL.path) {
            throw .anchor(rule: "store.anchor-key-exists",
                          message: "det finns redan en signeringsnyckel i \(keyURL.path) men inget arkiv i \(root.path); den hör till ett annat arkiv. Flytta den eller ange en annan plats med --key")
        }
    }

    package static func readConfig(_ root: URL) throws(StoreError) -> RegionConfig {
        let url = root.appendingPathComponent(configName)
        let config: RegionConfig
        do { config = try JSONDecoder().decode(RegionConfig.self, from: Data(contentsOf: url)) } catch {
            throw .badConfig("cannot read \(url.path): \(error)")
        }
        do { try config.validate() } catch { throw .badConfig(error.message) }
        return config
    }

    /// Writes a JSON file of the store folder whole (atomically), sorted and readable.
    package static func writeJSON(_ value: some Encodable, to url: URL) throws(StoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { try encoder.encode(value).write(to: url, options: .atomic) } catch {
            throw .io("cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// Whether the store is anchored (`row`: its store id and public key as the index holds
    /// them), and if so the key and the open log for a write. An anchored store without its key,
    /// with another store's key or without its log refuses the write, so that every legitimate
    /// write is anchored.
    package static func anchorForWrite(row: (storeID: String, publicKey: String)?, signingKey: Result<AnchorKey, KeyProblem>,
                                       keyURL: URL, logURL: URL) throws(StoreError) -> WriteSession.Anchor {
        guard let row else { return .unanchored }
        let key: AnchorKey
        switch signingKey {
        case .success(let k): key = k
        case .failure(let p):
            throw StoreError.anchor(rule: p.rule, message: "arkivet är förankrat och kan bara skrivas med sin signeringsnyckel, men \(p.text); "
                                    + "ange nyckeln med --key FIL eller DIARIUM_KEY. Inget skrevs")
        }
        guard key.storeID == row.storeID, key.publicKey.hex == row.publicKey else {
            throw StoreError.anchor(rule: "store.anchor-key-other-store",
                                    message: "signeringsnyckeln \(keyURL.path) hör inte till det här arkivet; ange rätt nyckel med --key FIL eller DIARIUM_KEY. Inget skrevs")
        }
        return .anchored(key, try AnchorLog.openForAppend(logURL))
    }

    package enum Anchoring {
        /// Anchored already, with this (the given) key.
        case anchored(AnchorKey)
        /// To be anchored now with this key, made here when `created`.
        case anchorNow(AnchorKey, created: Bool)
    }

    /// For `init` on a store that may be anchored already: whether it is, with the key given, or
    /// the key to anchor it with now (made here when there is none). A key found for a store that
    /// is not anchored yet is taken as left by an interrupted `init` and used.
    package static func keyForAnchoring(row: (storeID: String, publicKey: String)?, signingKey: Result<AnchorKey, KeyProblem>,
                                        keyURL: URL) throws(StoreError) -> Anchoring {
        if let row {
            switch signingKey {
            case .failure(let p):
                throw .anchor(rule: p.rule, message: "arkivet är förankrat men \(p.text); ange nyckeln med --key FIL eller DIARIUM_KEY")
            case .success(let key):
                guard key.storeID == row.storeID, key.publicKey.hex == row.publicKey else {
                    throw .anchor(rule: "store.anchor-key-other-store",
                                  message: "signeringsnyckeln \(keyURL.path) hör inte till det här arkivet; ange rätt nyckel med --key FIL eller DIARIUM_KEY")
                }
                return .anchored(key)
            }
        }
        switch signingKey {
        case .success(let k):
            return .anchorNow(k, created: false)
        case .failure(let p) where p.rule == "store.anchor-key-missing":
            let key = AnchorKey.generate()
            try key.write(to: keyURL)
            return .anchorNow(key, created: true)
        case .failure(let p):
            throw .anchor(rule: p.rule, message: "\(p.text); flytta bort filen eller ange en annan plats med --key")
        }
    }
}

/// What one write transaction knows about the anchor: decided at its first audit event, acted
/// on after its commit.
package final class WriteSession {
    package enum Anchor {
        case unanchored
        case anchored(AnchorKey, AnchorLog.Appender)
    }

    package var anchor: Anchor?
    /// The newest event this transaction appended.
    package var head: AuditRecord?

    package init() {}

    /// Signs the committed head into the log. Nothing here can undo the commit, and nothing
    /// should: the caller is told the write succeeded, because it did (a retry would register
    /// twice). When signing or the append fails (disk full, I/O error, the process killed just
    /// now) the log merely lacks this head; the next commit's head covers these events, since
    /// every hash covers all before it, and until then `verify` counts them as not yet anchored.
    package func anchorAfterCommit() {
        guard case .anchored(let key, let log)? = anchor, let head else { return }
        if let entry = try? AnchorEntry.signed(head, key: key, at: Date()) { _ = log.append(entry) }
    }
}
