/// Compiled into DiariumCLITests as well, through a link of the same name there, so that the
/// in-process and the command-line tests share one copy: edit it here.

import DiariumKit
import DiariumModel
import DiariumPostgres
import DiariumStore
import Foundation
import GRDB

/// A fixed instant: 2026-11-24 10:00 UTC, so "today" is the same in every run.
let fixedNow = Date(timeIntervalSince1970: 1_795_514_400)

/// Who acts in the tests: the operator of the command line (every role, every organisation),
/// as the register and the log record them.
let tester = Principal.operator("Test Testsson")

/// The backend the tests' stores use: SQLite, or with `DIARIUM_TEST_POSTGRES` set to a server's
/// address (`make test` starts a throwaway cluster and runs the suites once more so) a fresh
/// PostgreSQL database per store, dropped with it.
enum TestBackend {
    static let postgres: PostgresURL? = ProcessInfo.processInfo.environment["DIARIUM_TEST_POSTGRES"].flatMap {
        try? PostgresURL.parse($0).get()
    }

    /// A new store's shared index on the test server, or nil on SQLite.
    static func newIndex(objects: URL) throws -> (index: SharedIndex, database: String)? {
        guard let server = postgres else { return nil }
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresServer.createDatabase(name, on: server)
        return (try SharedIndex(database: PostgresServer.url(server, database: name).description, objects: objects), name)
    }

    static func drop(_ database: String?) {
        guard let server = postgres, let database else { return }
        try? PostgresServer.dropDatabase(database, on: server)
    }
}

/// Tampering with a SQLite store's file directly.
enum SQLiteTamper {
    static func execute(_ sql: String, store: URL) throws {
        let q = try DatabaseQueue(path: store.appendingPathComponent("diarium.sqlite").path)
        try q.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA foreign_keys = OFF; " + sql) }
    }

    static func query(_ sql: String, store: URL) throws -> [[String?]] {
        let q = try DatabaseQueue(path: store.appendingPathComponent("diarium.sqlite").path)
        return try q.read { db in
            try Row.fetchAll(db, sql: sql).map { r in r.databaseValues.map { String.fromDatabaseValue($0) ?? Int64.fromDatabaseValue($0).map(String.init) } }
        }
    }
}

/// A text as an SQL literal (both dialects double the quote).
func sqlLiteral(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

/// A scratch folder with a fresh store, removed afterwards.
final class Sandbox {
    let dir: URL
    var storeURL: URL { dir.appendingPathComponent("store") }
    /// The store's PostgreSQL database, when the tests run on PostgreSQL.
    let database: String?
    private(set) var diarium: Diarium!

    init(home: DiariumHome = Paths.home) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-kit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let shared = try TestBackend.newIndex(objects: dir.appendingPathComponent("store/objects"))
        database = shared?.database
        _ = try Diarium.initialize(store: storeURL, as: tester, index: shared?.index)
        diarium = try Diarium(store: storeURL, home: home, clock: { fixedNow })
    }

    deinit {
        diarium = nil
        TestBackend.drop(database)
        try? FileManager.default.removeItem(at: dir)
    }

    /// SQL run on the store's index behind Diarium's back, as an attacker or a damaged disk
    /// would (foreign keys not enforced): on SQLite or on the test's PostgreSQL database. On
    /// PostgreSQL the full-text terms then follow the edited columns, as SQLite's index does by
    /// itself, unless `termsFollow` is false (to tamper with the terms alone).
    func tamper(_ sql: String, termsFollow: Bool = true) throws {
        if let server = TestBackend.postgres, let database {
            // The full-text tables' key is document_id where SQLite's is rowid.
            let pg = sql.replacingOccurrences(of: #"\browid\b"#, with: "document_id", options: .regularExpression)
            let url = PostgresServer.url(server, database: database)
            try PostgresServer.execute("SET session_replication_role = replica;\n" + pg, on: url)
            if termsFollow { try PostgresServer.reindexSearch(on: url) }
        } else {
            try SQLiteTamper.execute(sql, store: storeURL)
        }
    }

    /// The rows of `sql` on the store's index, each column as text, read behind Diarium's back.
    func query(_ sql: String) throws -> [[String?]] {
        if let server = TestBackend.postgres, let database {
            return try PostgresServer.rows(sql, on: PostgresServer.url(server, database: database))
        }
        return try SQLiteTamper.query(sql, store: storeURL)
    }

    /// Writes `text` to a file in the sandbox.
    func file(_ name: String, _ text: String) -> URL {
        let url = dir.appendingPathComponent(name)
        try! Data(text.utf8).write(to: url)
        return url
    }

    /// The example metadata with `changes` applied (a nil value removes the key).
    func meta(_ changes: [String: Any?] = [:]) -> Data {
        var o = try! JSONSerialization.jsonObject(with: Data(contentsOf: Paths.fixture("registration.json"))) as! [String: Any]
        for (k, v) in changes {
            if let v { o[k] = v } else { o.removeValue(forKey: k) }
        }
        return try! JSONSerialization.data(withJSONObject: o)
    }

    /// Every byte of the store but SQLite's shared-memory index: equal snapshots mean the store is
    /// exactly as it was.
    func snapshot() throws -> [String: String] {
        var out: [String: String] = [:]
        let e = FileManager.default.enumerator(at: storeURL, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = e?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true,
                  !url.lastPathComponent.hasSuffix("-shm") else { continue }
            out[String(url.path.dropFirst(storeURL.path.count))] = SHA256Hex.of(try Data(contentsOf: url))
        }
        return out
    }
}

/// The ledger use cases from a path, as the CLI calls them: the file read by the face
/// (`InputFile.read`), its bytes handed to the Kit.
extension Diarium {
    func importPurchases(_ url: URL, as principal: Principal) throws(DiariumError) -> ImportSummary {
        try importPurchases(InputFile.read(url), as: principal)
    }
    func importAgreements(_ url: URL, as principal: Principal) throws(DiariumError) -> ImportSummary {
        try importAgreements(InputFile.read(url), as: principal)
    }
    func auditPurchases(file: URL?, fiscalYear: Int, create: Bool, as principal: Principal) throws(DiariumError) -> PurchaseAuditResult {
        try auditPurchases(ledger: file.map { url throws(DiariumError) in try InputFile.read(url) }, fiscalYear: fiscalYear, create: create,
                           as: principal)
    }
}
