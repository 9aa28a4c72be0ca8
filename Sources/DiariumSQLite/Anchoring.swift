public import DiariumStore
import DiariumModel
import Foundation
import GRDB

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
        try StoreFolder.anchorForWrite(row: row.map { ($0["store_id"], $0["public_key"]) }, signingKey: signingKey, keyURL: keyURL,
                                       logURL: anchorLogURL)
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
        let key: AnchorKey
        let created: Bool
        switch try StoreFolder.keyForAnchoring(row: row.map { ($0["store_id"], $0["public_key"]) }, signingKey: opened.signingKey,
                                               keyURL: opened.keyURL) {
        case .anchored(let k):
            return (opened, AnchorSetup(keyURL: opened.keyURL, publicKey: k.publicKey, keyCreated: false, anchoredNow: false))
        case .anchorNow(let k, let made):
            (key, created) = (k, made)
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
