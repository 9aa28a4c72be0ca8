import DiariumStore
import GRDB

extension SQLiteVerifySource {
    func anchorRow() throws -> (storeID: String, publicKey: String)? {
        try Row.fetchOne(db, sql: "SELECT store_id, public_key FROM store_anchor WHERE id = 1").map { ($0["store_id"], $0["public_key"]) }
    }

    func auditHashes(_ events: [Int64]) throws -> [Int64: String] {
        let lookup = try db.cachedStatement(sql: "SELECT hash FROM audit_event WHERE id = ?")
        var out: [Int64: String] = [:]
        for e in events {
            if let hash = try String.fetchOne(lookup, arguments: [e]) { out[e] = hash }
        }
        return out
    }

    func auditEventCount(after event: Int64) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT count(*) FROM audit_event WHERE id > ?", arguments: [event]) ?? 0
    }
}
