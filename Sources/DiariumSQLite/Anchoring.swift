public import DiariumStore
import DiariumModel
import Foundation
import GRDB

/// What one write transaction knows about the anchor: decided at its first audit event, acted
/// on after its commit.
final class WriteSession {
    enum Anchor {
        case unanchored
        case anchored(AnchorKey, AnchorLog.Appender)
    }

    var anchor: Anchor?
    /// The newest event this transaction appended.
    var head: AuditRecord?

    /// Signs the committed head into the log. Nothing here can undo the commit, and nothing
    /// should: the caller is told the write succeeded, because it did (a retry would register
    /// twice). When signing or the append fails (disk full, I/O error, the process killed just
    /// now) the log merely lacks this head; the next commit's head covers these events, since
    /// every hash covers all before it, and until then `verify` counts them as not yet anchored.
    func anchorAfterCommit() {
        guard case .anchored(let key, let log)? = anchor, let head else { return }
        if let entry = try? AnchorEntry.signed(head, key: key, at: Date()) { _ = log.append(entry) }
    }
}

extension SQLiteStore {
    /// Whether the store is anchored, and if so the key and the open log for this write. An
    /// anchored store without its key, with another store's key or without its log refuses the
    /// write, so that every legitimate write is anchored.
    func anchorForWrite(_ db: Database) throws(StoreError) -> WriteSession.Anchor {
        let row: Row?
        do { row = try Row.fetchOne(db.cachedStatement(sql: Self.anchorSelect)) } catch { throw .database("\(error)") }
        return try anchor(for: row)
    }

    static let anchorSelect = "SELECT store_id, public_key FROM store_anchor WHERE id = 1"

    private func anchor(for row: Row?) throws(StoreError) -> WriteSession.Anchor {
        guard let row else { return .unanchored }
        let key: AnchorKey
        switch signingKey {
        case .success(let k): key = k
        case .failure(let p):
            throw StoreError.anchor(rule: p.rule, message: "arkivet är förankrat och kan bara skrivas med sin signeringsnyckel, men \(p.text); "
                                    + "ange nyckeln med --key FIL eller DIARIUM_KEY. Inget skrevs")
        }
        guard key.storeID == row["store_id"], key.publicKey.hex == row["public_key"] else {
            throw StoreError.anchor(rule: "store.anchor-key-other-store",
                                    message: "signeringsnyckeln \(keyURL.path) hör inte till det här arkivet; ange rätt nyckel med --key FIL eller DIARIUM_KEY. Inget skrevs")
        }
        return .anchored(key, try AnchorLog.openForAppend(anchorLogURL))
    }

    /// Refuses, before anything is written, what a write transaction would refuse: an anchored
    /// store without its key, with another store's key or without its log. Checked first by the
    /// use cases that archive objects before their transaction, so that a refused write leaves
    /// no stray object behind.
    public func checkWritable() throws(StoreError) {
        // The log opened for the check is closed again when the value goes.
        _ = try anchor(for: try read { db in try Row.fetchOne(db, sql: Self.anchorSelect) })
    }

    /// Anchors `opened` unless it is anchored already, and returns the store to use from now on
    /// (opened again when its key was made here) with its anchor.
    ///
    /// Order, so that a stop at any point leaves something the next `init` completes and
    /// `verify` does not call damage: the key (outside the store), then the empty log, then one
    /// transaction with the anchor row and the `store.anchor` event, whose head the commit signs.
    /// A key found for a store that is not anchored yet is taken as left by such a stop and used.
    static func anchorIfNeeded(_ opened: SQLiteStore, actor: String) throws(StoreError) -> (SQLiteStore, AnchorSetup) {
        let row = try opened.read { db in try Row.fetchOne(db, sql: anchorSelect) }
        if let row {
            switch opened.signingKey {
            case .failure(let p):
                throw .anchor(rule: p.rule, message: "arkivet är förankrat men \(p.text); ange nyckeln med --key FIL eller DIARIUM_KEY")
            case .success(let key):
                guard key.storeID == row["store_id"], key.publicKey.hex == row["public_key"] else {
                    throw .anchor(rule: "store.anchor-key-other-store",
                                  message: "signeringsnyckeln \(opened.keyURL.path) hör inte till det här arkivet; ange rätt nyckel med --key FIL eller DIARIUM_KEY")
                }
                return (opened, AnchorSetup(keyURL: opened.keyURL, publicKey: key.publicKey, keyCreated: false, anchoredNow: false))
            }
        }
        let key: AnchorKey
        let created: Bool
        switch opened.signingKey {
        case .success(let k):
            (key, created) = (k, false)
        case .failure(let p) where p.rule == "store.anchor-key-missing":
            key = AnchorKey.generate()
            try key.write(to: opened.keyURL)
            created = true
        case .failure(let p):
            throw .anchor(rule: p.rule, message: "\(p.text); flytta bort filen eller ange en annan plats med --key")
        }
        try AnchorLog.create(opened.anchorLogURL)
        let store = created ? try SQLiteStore(at: opened.root, key: opened.keyURL) : opened
        try store.writeStore { tx throws(StoreError) in
            try tx.insertAnchor(key)
            _ = try tx.appendAudit(AuditEvent(at: Date(), actor: actor, action: "store.anchor", subject: store.root.lastPathComponent,
                                              detail: ["publicKey": key.publicKey.hex, "store": key.storeID]))
        }
        return (store, AnchorSetup(keyURL: store.keyURL, publicKey: key.publicKey, keyCreated: created, anchoredNow: true))
    }
}

extension SQLiteTransaction {
    func insertAnchor(_ key: AnchorKey) throws(Failure) {
        try run("INSERT INTO store_anchor (id, store_id, public_key, anchored_at) VALUES (1, ?, ?, ?)",
                [key.storeID, key.publicKey.hex, Timestamp.iso(Date())])
    }
}
