public import DiariumStore
import Foundation

/// What the tools (the bench, the test harness) do to a PostgreSQL server beside a store: make
/// and drop a database, run a statement behind Diarium's back (to play an attacker). Never
/// used by a use case.
public enum PostgresServer {
    /// A database name of letters, digits and `_` only, so that it can stand in a statement.
    static func checkName(_ name: String) throws(StoreError) {
        guard !name.isEmpty, name.count <= 63, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
            throw .databaseRefused(rule: "store.database-name", message: "databasnamnet \(name) får bara ha bokstäver a–z, siffror och _")
        }
    }

    /// `server` with `database` as its database.
    public static func url(_ server: PostgresURL, database: String) -> PostgresURL {
        PostgresURL(user: server.user, password: server.password, host: server.host, port: server.port, database: database, tls: server.tls)
    }

    public static func createDatabase(_ name: String, on server: PostgresURL) throws(StoreError) {
        try checkName(name)
        try execute("CREATE DATABASE \(name) TEMPLATE template0 ENCODING 'UTF8'", on: server)
    }

    /// Drops the database, ending its connections first.
    public static func dropDatabase(_ name: String, on server: PostgresURL) throws(StoreError) {
        try checkName(name)
        try execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: server)
    }

    /// Runs `sql` (statements separated by `;`) on `database`, in one session.
    public static func execute(_ sql: String, on database: PostgresURL) throws(StoreError) {
        let client = try PGClient(url: database, keep: 0)
        try client.withConnection { c throws(StoreError) in try c.script(sql) }
    }

    /// Makes every full-text row's `terms` anew from its columns, as SQLite's full-text index
    /// follows an edit of its columns by itself: what someone editing the database by hand gets
    /// on SQLite without asking.
    public static func reindexSearch(on database: PostgresURL) throws(StoreError) {
        let client = try PGClient(url: database, keep: 0)
        try client.withConnection { c throws(StoreError) in
            for (table, columns) in [("search_public", "number, title, counterparty, case_title, document_type"),
                                     ("search_internal", "number, title, public_title, counterparty, case_title, document_type, handler, content")] {
                for r in try c.query("SELECT document_id, \(columns) FROM \(table)") {
                    var texts: [String?] = []
                    for i in 1..<r.count { texts.append(try r[i]) }
                    try c.execute("UPDATE \(table) SET terms = array_to_tsvector(?::text[]) WHERE document_id = ?",
                                  [PGSearchTerms.lexemes(texts), try r[0] as Int64])
                }
            }
        }
    }

    /// The rows of `sql`, every column selected as text (a tool's look at the index).
    public static func rows(_ sql: String, on database: PostgresURL) throws(StoreError) -> [[String?]] {
        let client = try PGClient(url: database, keep: 0)
        return try client.withConnection { c throws(StoreError) in
            var out: [[String?]] = []
            for r in try c.query(sql) {
                var row: [String?] = []
                for i in 0..<r.count { row.append(try r.text(i)) }
                out.append(row)
            }
            return out
        }
    }
}
