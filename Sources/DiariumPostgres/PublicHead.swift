public import DiariumStore
import Foundation

extension PostgresStore {
    public func lastAuditEventID() throws(StoreError) -> Int64 {
        try rows("SELECT max(id) AS id FROM audit_event").first?["id"] as Int64? ?? 0
    }

    /// As on SQLite (see `SQLiteStore.publicAuditHead`): the head and the anchor row from one
    /// snapshot, the newest signed entry from the log.
    public func publicAuditHead() throws(StoreError) -> PublicAuditHead {
        let (head, anchor) = try read { c throws(StoreError) in
            let last = try c.query("SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1").first
            let head = try last.map { r throws(StoreError) in AnchorHead(event: try r["id"], hash: try r["hash"]) }
            return (head, try anchorRow(c))
        }
        guard let anchor, let key = AnchorPublicKey(hex: anchor.publicKey) else {
            return PublicAuditHead(head: head, publicKey: nil, newestAnchor: nil)
        }
        return PublicAuditHead(head: head, publicKey: key.hex,
                               newestAnchor: AnchorLog.newestSignedEntry(in: anchorLogURL, key: key, storeID: anchor.storeID))
    }
}
