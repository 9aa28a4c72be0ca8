public import DiariumStore
import Foundation
import GRDB

extension SQLiteStore {
    public func lastAuditEventID() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM audit_event") ?? 0 }
    }

    public func publicAuditHead() throws(StoreError) -> PublicAuditHead {
        let (head, anchor) = try read { db in
            (try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1"),
             try Row.fetchOne(db, sql: Self.anchorSelect))
        }
        let chainHead = head.map { AnchorHead(event: $0["id"], hash: $0["hash"]) }
        guard let anchor, let key = AnchorPublicKey(hex: anchor["public_key"]) else {
            return PublicAuditHead(head: chainHead, publicKey: nil, newestAnchor: nil)
        }
        let storeID: String = anchor["store_id"]
        return PublicAuditHead(head: chainHead, publicKey: key.hex, newestAnchor: newestSignedEntry(key: key, storeID: storeID))
    }

    func newestSignedEntry(key: AnchorPublicKey, storeID: String) -> AnchorEntry? {
        AnchorLog.newestSignedEntry(in: anchorLogURL, key: key, storeID: storeID)
    }
}
