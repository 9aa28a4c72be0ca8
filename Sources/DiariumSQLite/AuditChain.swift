public import DiariumStore
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
