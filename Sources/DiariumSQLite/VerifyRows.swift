public import DiariumStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Every row of `table` with the number of its document (column `document`) where it has
    /// one. The internal index's `content` column is left out: it is the file's text, re-read by
    /// nothing cheaper than registering again.
    public func derivedRows(_ table: DerivedTable) throws(StoreError) -> [VerifiedRow] {
        let sql = switch table {
        case .procurement:
            "SELECT d.number AS document, p.* FROM procurement p JOIN document d ON d.id = p.document_id ORDER BY d.id"
        case .deviation:
            "SELECT d.number AS document, v.* FROM deviation v JOIN document d ON d.id = v.document_id ORDER BY d.id"
        case .accessRequest:
            "SELECT d.number AS document, a.*, x.disposed_at FROM access_request a JOIN document d ON d.id = a.document_id LEFT JOIN disposal x ON x.document_id = a.document_id ORDER BY d.id"
        case .searchPublic:
            "SELECT d.number AS document, s.rowid AS row, s.number, s.title, s.counterparty, s.case_title, s.document_type FROM search_public s LEFT JOIN document d ON d.id = s.rowid ORDER BY s.rowid"
        case .searchInternal:
            "SELECT d.number AS document, s.rowid AS row, s.number, s.title, s.public_title, s.counterparty, s.case_title, s.document_type, s.handler FROM search_internal s LEFT JOIN document d ON d.id = s.rowid ORDER BY s.rowid"
        case .purchase:
            "SELECT p.*, i.sha256 AS import_sha256 FROM purchase p LEFT JOIN purchase_import i ON i.id = p.import_id ORDER BY p.id"
        case .purchaseImport:
            "SELECT * FROM purchase_import ORDER BY id"
        }
        return try read { db in
            try Row.fetchAll(db, sql: sql).map { row in
                var values: [String: String] = [:]
                for (column, value) in row {
                    switch value.storage {
                    case .null: continue
                    case .int64(let i): values[column] = String(i)
                    case .double(let d): values[column] = String(d)
                    case .string(let s): values[column] = s
                    case .blob(let b): values[column] = b.base64EncodedString()
                    }
                }
                return VerifiedRow(values: values)
            }
        }
    }
}
