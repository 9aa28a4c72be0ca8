public import DiariumStore
import Foundation
import PostgresNIO

extension Cell: PGBindable {
    func bind(into b: inout PostgresBindings) {
        switch self {
        case .null: b.appendNull()
        case .integer(let i): b.append(i)
        case .real(let d): b.append(d)
        case .text(let s): b.append(s)
        }
    }
}

/// A store moved here from another backend (`diarium migrate --to`): every row copied as it
/// is, in one transaction with the schema, so that the database holds the whole store or nothing.
extension PostgresStore {
    /// The tables whose ids are drawn from an identity: set past the copied rows' highest.
    static let identityTables = ["case", "document", "secrecy_marking", "purchase_import", "purchase", "deviation_step",
                                 "request_item", "request_release", "login_failure", "form_draft"]

    /// Copies every row of `source` into `database`, which must hold no store; the schema and
    /// the rows commit together. Returns how many rows each table got.
    package static func importTables(from source: any TableSource, into database: PostgresURL,
                                     progress: (String, Int) -> Void = { _, _ in }) throws(StoreError) -> [String: Int] {
        let client = try PGClient(url: database, keep: 1)
        return try client.withConnection { c throws(StoreError) in
            guard try c.query("SELECT to_regclass('diarium_migration') IS NULL AS free").first?["free"] as Bool? ?? false else {
                throw .databaseRefused(rule: "store.database-in-use",
                                       message: "databasen \(database.withoutPassword) har redan ett diarium; ange en tom databas")
            }
            try c.execute("BEGIN")
            do throws(StoreError) {
                try c.execute("SELECT pg_advisory_xact_lock(?)", [migrationLock])
                try applyMigrations(c)
                var counts: [String: Int] = [:]
                for table in RegisterTables.order {
                    counts[table] = try copy(table, from: source, on: c)
                    progress(table, counts[table] ?? 0)
                }
                for table in identityTables {
                    try c.execute("""
                        SELECT setval(pg_get_serial_sequence('"\(table)"', 'id'), (SELECT coalesce(max(id), 0) + 1 FROM "\(table)"), false)
                        """)
                }
                try c.execute("COMMIT")
                return counts
            } catch {
                if (try? c.execute("ROLLBACK")) == nil { c.close() }
                throw error
            }
        }
    }

    /// Copies one table in pages; a full-text table's terms are made from its copied text.
    private static func copy(_ table: String, from source: any TableSource, on c: PGConnection) throws(StoreError) -> Int {
        var columns: [String] = []
        for r in try c.query("""
            SELECT column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = ? AND column_name <> 'terms' ORDER BY ordinal_position
            """, [table]) { columns.append(try r["column_name"]) }
        let search = table.hasPrefix("search_")
        // Bound parameters per statement stay well under PostgreSQL's 65 535.
        let perStatement = max(1, 20_000 / (columns.count + 1))
        let names = (columns + (search ? ["terms"] : [])).map { "\"\($0)\"" }.joined(separator: ", ")
        let placeholders = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ")
            + (search ? ", array_to_tsvector(?::text[]))" : ")")
        var copied = 0
        var after: Int64?
        repeat {
            let page = try source.page(table, columns: columns, after: after, limit: 5_000)
            var start = 0
            while start < page.rows.count {
                let chunk = page.rows[start..<min(start + perStatement, page.rows.count)]
                var binds: [any PGBindable] = []
                binds.reserveCapacity(chunk.count * (columns.count + 1))
                for row in chunk {
                    guard row.count == columns.count else { throw .database("\(table): \(row.count) values for \(columns.count) columns") }
                    binds += row as [any PGBindable]
                    if search { binds.append(lexemes(of: row)) }
                }
                try c.execute("INSERT INTO \"\(table)\" (\(names)) VALUES " + Array(repeating: placeholders, count: chunk.count).joined(separator: ", "),
                              binds)
                start += chunk.count
            }
            copied += page.rows.count
            after = page.last
        } while after != nil
        return copied
    }

    /// A full-text row's lexemes: its text columns (all but the key), in the table's order, as
    /// a registration makes them.
    private static func lexemes(of row: [Cell]) -> [String] {
        var texts: [String?] = []
        for cell in row.dropFirst() {
            if case .text(let t) = cell { texts.append(t) } else { texts.append(nil) }
        }
        return PGSearchTerms.lexemes(texts)
    }

    /// Undoes an import whose result did not verify: every table of the schema dropped, so the
    /// database is as empty as it was.
    package static func dropImportedTables(in database: PostgresURL) throws(StoreError) {
        let client = try PGClient(url: database, keep: 0)
        try client.withConnection { c throws(StoreError) in
            let tables = (RegisterTables.order + ["diarium_migration"]).map { "\"\($0)\"" }.joined(separator: ", ")
            try c.execute("DROP TABLE IF EXISTS \(tables) CASCADE")
        }
    }
}
