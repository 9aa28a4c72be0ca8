public import DiariumStore
import Foundation

extension PostgresStore {
    /// As on SQLite (see `SQLiteStore.derivedRows`): every row of `table` with its document's
    /// number (column `document`), every column as text, NULL left out. A table's columns are
    /// read from the catalogue (SQLite's `t.*`); a later column of the same name wins, as there.
    public func derivedRows(_ table: DerivedTable) throws(StoreError) -> [VerifiedRow] {
        try read { c throws(StoreError) in
            func all(_ name: String, _ alias: String) throws(StoreError) -> [(String, String)] {
                var out: [(String, String)] = []
                for r in try c.query("""
                    SELECT column_name::text AS name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position
                    """, [name]) {
                    let column: String = try r["name"]
                    out.append((column, "\(alias).\"\(column)\""))
                }
                return out
            }
            // (name, expression) in the order SQLite's statement has them.
            let columns: [(String, String)]
            let from: String
            switch table {
            case .procurement:
                columns = [("document", "d.number")] + (try all("procurement", "p"))
                from = "procurement p JOIN document d ON d.id = p.document_id ORDER BY d.id"
            case .deviation:
                columns = [("document", "d.number")] + (try all("deviation", "v"))
                from = "deviation v JOIN document d ON d.id = v.document_id ORDER BY d.id"
            case .accessRequest:
                columns = [("document", "d.number")] + (try all("access_request", "a")) + [("disposed_at", "x.disposed_at")]
                from = "access_request a JOIN document d ON d.id = a.document_id LEFT JOIN disposal x ON x.document_id = a.document_id ORDER BY d.id"
            case .searchPublic:
                columns = [("document", "d.number"), ("row", "s.document_id")]
                    + ["number", "title", "counterparty", "case_title", "document_type"].map { ($0, "s.\($0)") }
                from = "search_public s LEFT JOIN document d ON d.id = s.document_id ORDER BY s.document_id"
            case .searchInternal:
                columns = [("document", "d.number"), ("row", "s.document_id")]
                    + ["number", "title", "public_title", "counterparty", "case_title", "document_type", "handler"].map { ($0, "s.\($0)") }
                from = "search_internal s LEFT JOIN document d ON d.id = s.document_id ORDER BY s.document_id"
            case .purchase:
                columns = (try all("purchase", "p")) + [("import_sha256", "i.sha256")]
                from = "purchase p LEFT JOIN purchase_import i ON i.id = p.import_id ORDER BY p.id"
            case .purchaseImport:
                columns = try all("purchase_import", "t")
                from = "purchase_import t ORDER BY id"
            }
            let sql = "SELECT " + columns.enumerated().map { "(\($1.1))::text AS c\($0)" }.joined(separator: ", ") + " FROM " + from
            var out: [VerifiedRow] = []
            for r in try c.query(sql) {
                var values: [String: String] = [:]
                for (i, column) in columns.enumerated() {
                    if let v = try r[i] as String? { values[column.0] = v }
                }
                out.append(VerifiedRow(values: values))
            }
            return out
        }
    }
}
