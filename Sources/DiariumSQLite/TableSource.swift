package import DiariumStore
import Foundation
import GRDB

/// The store's rows for a move to another backend (`diarium migrate`).
extension SQLiteStore {
    /// Runs `body` with the store's tables as they are, holding the write lock throughout so
    /// that no other process commits while the rows are read; nothing is written.
    package func withFrozenTables<T>(_ body: (any TableSource) throws(StoreError) -> T) throws(StoreError) -> T {
        var failure: StoreError?
        var result: T?
        do {
            try pool.writeWithoutTransaction { db in
                try db.inTransaction(.immediate) {
                    do throws(StoreError) { result = try body(SQLiteTableSource(db: db)) } catch {
                        failure = error
                        throw error
                    }
                    // Nothing was written; rolling back says so.
                    return .rollback
                }
            }
        } catch {
            throw failure ?? .database("\(error)")
        }
        guard let result else { throw failure ?? .database("the tables could not be read") }
        return result
    }

    /// Puts the SQLite index aside after a move (`diarium.sqlite` → `diarium.sqlite.moved`, its
    /// write-ahead log folded in first), so that no process opens it as the register again.
    package func retireIndex() throws(StoreError) {
        do {
            try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            try pool.close()
        } catch { throw .database("cannot close \(Self.databaseName): \(error)") }
        let fm = FileManager.default
        let db = root.appendingPathComponent(Self.databaseName)
        do {
            try fm.moveItem(at: db, to: root.appendingPathComponent(Self.databaseName + ".moved"))
            for suffix in ["-wal", "-shm"] {
                let side = root.appendingPathComponent(Self.databaseName + suffix)
                if fm.fileExists(atPath: side.path) { try fm.removeItem(at: side) }
            }
        } catch { throw .io("cannot put \(db.path) aside: \(error.localizedDescription)") }
    }
}

/// Pages through a table by rowid (SQLite's own key, which the full-text tables' and the
/// login failures' ids are); a table without one (WITHOUT ROWID) comes whole.
private struct SQLiteTableSource: TableSource {
    let db: Database

    /// Columns named otherwise on SQLite than in the shared schema.
    static let renamed = ["search_public": ["document_id": "rowid"], "search_internal": ["document_id": "rowid"],
                          "login_failure": ["id": "rowid"]]
    static let withoutRowID: Set<String> = ["number_series", "agreement", "account", "account_session", "form_token", "plan_type",
                                            "disposal_hold"]

    func page(_ table: String, columns: [String], after: Int64?, limit: Int) throws(StoreError) -> (rows: [[Cell]], last: Int64?) {
        if table == "audit_sequence" {
            guard after == nil, columns == ["id", "last_id"] else { return ([], nil) }
            do {
                let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_event'")
                return (seq.map { [[.integer(1), .integer($0)]] } ?? [], nil)
            } catch { throw .database("sqlite_sequence: \(error)") }
        }
        let names = columns.map { c in Self.renamed[table]?[c].map { "\($0) AS \"\(c)\"" } ?? "\"\(c)\"" }
        let whole = Self.withoutRowID.contains(table)
        if whole && after != nil { return ([], nil) }
        let sql = whole ? "SELECT \(names.joined(separator: ", ")) FROM \"\(table)\""
            : "SELECT rowid AS key_, \(names.joined(separator: ", ")) FROM \"\(table)\" WHERE rowid > ? ORDER BY rowid LIMIT ?"
        do {
            let fetched = whole ? try Row.fetchAll(db, sql: sql) : try Row.fetchAll(db, sql: sql, arguments: [after ?? Int64.min, limit])
            var rows: [[Cell]] = []
            rows.reserveCapacity(fetched.count)
            for r in fetched {
                let values = whole ? Array(r.databaseValues) : Array(r.databaseValues.dropFirst())
                var cells: [Cell] = []
                for v in values {
                    switch v.storage {
                    case .null: cells.append(.null)
                    case .int64(let i): cells.append(.integer(i))
                    case .double(let d): cells.append(.real(d))
                    case .string(let s): cells.append(.text(s))
                    // No column of the schema holds bytes: one that does was not written by Diarium.
                    case .blob: throw StoreError.database("\(table): a value of bytes where the schema has none")
                    }
                }
                rows.append(cells)
            }
            return (rows, whole || fetched.isEmpty ? nil : fetched.last.map { $0["key_"] })
        } catch let e as StoreError { throw e } catch { throw .database("\(table): \(error)") }
    }
}
