public import DiariumStore
import DiariumModel
import Foundation
import GRDB

extension SQLiteStore {
    /// The events of one action, oldest first.
    public func auditEvents(action: String) throws(StoreError) -> [AuditRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_event WHERE action = ? ORDER BY id", arguments: [action]).map {
                AuditRecord(id: $0["id"], at: $0["at"], actor: $0["actor"], action: $0["action"], subject: $0["subject"],
                            detail: $0["detail"], previousHash: $0["previous_hash"], hash: $0["hash"])
            }
        }
    }

    /// The events matching `filter`, newest first.
    public func auditEvents(_ f: AuditFilter) throws(StoreError) -> [AuditRecord] {
        let prefix = f.action.map { $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + ".%" }
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM audit_event
                WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR action = ?2 OR action LIKE ?3 ESCAPE '\\')
                  AND (?4 IS NULL OR subject = ?4) AND (?5 IS NULL OR at >= ?5) AND (?6 IS NULL OR at < ?6)
                  AND (?7 IS NULL OR id < ?7)
                ORDER BY id DESC LIMIT ?8
                """, arguments: [f.actor, f.action, prefix, f.subject, f.from.map(Timestamp.iso), f.until.map(Timestamp.iso), f.before,
                                 max(1, min(f.limit, 1000))]).map {
                AuditRecord(id: $0["id"], at: $0["at"], actor: $0["actor"], action: $0["action"], subject: $0["subject"],
                            detail: $0["detail"], previousHash: $0["previous_hash"], hash: $0["hash"])
            }
        }
    }

    /// The newest audit events, newest first.
    public func auditEvents(limit: Int) throws(StoreError) -> [AuditRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                AuditRecord(id: $0["id"], at: $0["at"], actor: $0["actor"], action: $0["action"], subject: $0["subject"],
                            detail: $0["detail"], previousHash: $0["previous_hash"], hash: $0["hash"])
            }
        }
    }
}
