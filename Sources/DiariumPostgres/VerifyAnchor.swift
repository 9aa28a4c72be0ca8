import DiariumStore

extension PGVerifySource {
    func anchorRow() throws -> (storeID: String, publicKey: String)? {
        guard let r = try c.query(PostgresStore.anchorSelect).first else { return nil }
        return (try r["store_id"], try r["public_key"])
    }

    /// One statement for the whole batch (ids bound as text: the client binds text arrays).
    func auditHashes(_ events: [Int64]) throws -> [Int64: String] {
        guard !events.isEmpty else { return [:] }
        var out: [Int64: String] = [:]
        for r in try c.query("SELECT id, hash FROM audit_event WHERE id = ANY(?::text[]::bigint[])", [events.map { String($0) }]) {
            out[try r["id"]] = try r["hash"]
        }
        return out
    }

    func auditEventCount(after event: Int64) throws -> Int {
        Int(try c.query("SELECT count(*) AS n FROM audit_event WHERE id > ?", [event]).first?["n"] as Int64? ?? 0)
    }
}
