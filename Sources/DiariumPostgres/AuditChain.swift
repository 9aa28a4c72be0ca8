public import DiariumStore
import DiariumModel
import Foundation

extension PostgresStore {
    static let auditColumns = "id, at, actor, action, subject, detail, previous_hash, hash"

    static func auditRecord(_ r: PGRow) throws(StoreError) -> AuditRecord {
        AuditRecord(id: try r["id"], at: try r["at"], actor: try r["actor"], action: try r["action"], subject: try r["subject"],
                    detail: try r["detail"], previousHash: try r["previous_hash"], hash: try r["hash"])
    }

    private func auditRecords(_ sql: String, _ binds: [any PGBindable]) throws(StoreError) -> [AuditRecord] {
        var out: [AuditRecord] = []
        for r in try rows(sql, binds) { out.append(try Self.auditRecord(r)) }
        return out
    }

    /// The events of one action, oldest first.
    public func auditEvents(action: String) throws(StoreError) -> [AuditRecord] {
        try auditRecords("SELECT \(Self.auditColumns) FROM audit_event WHERE action = ? ORDER BY id", [action])
    }

    /// The events matching `filter`, newest first (as on SQLite; times compare as the ISO text
    /// they are, byte by byte whatever the database's collation).
    public func auditEvents(_ f: AuditFilter) throws(StoreError) -> [AuditRecord] {
        let prefix = f.action.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + ".%" }
        return try auditRecords("""
            SELECT \(Self.auditColumns) FROM audit_event
            WHERE (?1::text IS NULL OR actor = ?1::text) AND (?2::text IS NULL OR action = ?2::text OR action LIKE ?3::text ESCAPE '\\')
              AND (?4::text IS NULL OR subject = ?4::text) AND (?5::text IS NULL OR at >= ?5::text COLLATE "C")
              AND (?6::text IS NULL OR at < ?6::text COLLATE "C") AND (?7::bigint IS NULL OR id < ?7::bigint)
            ORDER BY id DESC LIMIT ?8
            """, [f.actor, f.action, prefix, f.subject, f.from.map(Timestamp.iso), f.until.map(Timestamp.iso), f.before,
                  max(1, min(f.limit, 1000))])
    }

    /// The newest audit events, newest first.
    public func auditEvents(limit: Int) throws(StoreError) -> [AuditRecord] {
        try auditRecords("SELECT \(Self.auditColumns) FROM audit_event ORDER BY id DESC LIMIT ?", [limit])
    }
}
