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

    /// The last entry in the log's final 64 KiB that parses, belongs to this store and carries a
    /// valid signature; a torn last line (a power cut) is passed over.
    func newestSignedEntry(key: AnchorPublicKey, storeID: String) -> AnchorEntry? {
        guard let handle = try? FileHandle(forReadingFrom: anchorLogURL) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd() else { return nil }
        let start = size > 65_536 ? size - 65_536 : 0
        guard (try? handle.seek(toOffset: start)) != nil, let tail = try? handle.readToEnd() else { return nil }
        for line in tail.split(separator: UInt8(ascii: "\n")).reversed() {
            guard let entry = AnchorEntry.parse(Data(line)), entry.store == storeID,
                  key.isValid(signature: entry.signature, for: entry.message) else { continue }
            return entry
        }
        return nil
    }
}
