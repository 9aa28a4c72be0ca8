import DiariumModel
import DiariumStore
import DiariumSQLite
import DiariumPostgres
import Foundation
import GRDB

/// The backend the store tests run on: SQLite, or with `DIARIUM_TEST_POSTGRES` set to a server's
/// address (`make test` runs the suite once more so) PostgreSQL, a fresh database per store.
enum StoreTestBackend {
    static let postgres: PostgresURL? = ProcessInfo.processInfo.environment["DIARIUM_TEST_POSTGRES"].flatMap {
        try? PostgresURL.parse($0).get()
    }

    static func newDatabase() throws -> (server: PostgresURL, name: String)? {
        guard let server = postgres else { return nil }
        let name = "s_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresServer.createDatabase(name, on: server)
        return (server, name)
    }
}

/// A store in a temporary folder, with its anchor key beside it, both removed when the value
/// is dropped (and its database, on PostgreSQL).
final class TempStore {
    /// The folder that holds the store (`root`) and its key (`key`).
    let dir: URL
    let root: URL
    private(set) var store: (any StoreBackend)!
    /// The databases made for this value's stores, on PostgreSQL: dropped with it.
    private var databases: [String] = []
    private var database: PostgresURL?
    var key: URL { dir.appendingPathComponent("store.anchor-key") }
    var log: URL { root.appendingPathComponent("audit-anchor.log") }

    static let config = RegionConfig(organisations: [
        Organisation(code: "RS", name: "Region Sörmland", organisationNumber: OrganisationNumber(parsing: "232100-0032")!, prefix: "RS"),
        Organisation(code: "RV", name: "Region Västmanland", organisationNumber: OrganisationNumber(parsing: "232100-0172")!, prefix: "RV"),
    ])

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-store-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        root = dir.appendingPathComponent("store")
        store = try create().store
    }

    deinit {
        store = nil
        if let server = StoreTestBackend.postgres {
            for d in databases { try? PostgresServer.dropDatabase(d, on: server) }
        }
        try? FileManager.default.removeItem(at: dir)
    }

    /// Creates a store at `at` (default: this one's folder, where it opens the existing store),
    /// on this run's backend.
    func create(at folder: URL? = nil, key: URL? = nil) throws -> (store: any StoreBackend, created: Bool, anchor: AnchorSetup) {
        let folder = folder ?? root
        guard StoreTestBackend.postgres != nil else {
            let made = try SQLiteStore.create(at: folder, config: Self.config, actor: "test", key: key)
            return (made.store, made.created, made.anchor)
        }
        if folder == root, let database {
            let made = try PostgresStore.create(at: folder, database: database, objects: folder.appendingPathComponent("objects"),
                                                config: Self.config, actor: "test", key: key)
            return (made.store, made.created, made.anchor)
        }
        guard let (server, name) = try StoreTestBackend.newDatabase() else { preconditionFailure("PostgreSQL run") }
        databases.append(name)
        let url = PostgresServer.url(server, database: name)
        if folder == root { database = url }
        let made = try PostgresStore.create(at: folder, database: url, objects: folder.appendingPathComponent("objects"),
                                            config: Self.config, actor: "test", key: key)
        return (made.store, made.created, made.anchor)
    }

    /// Another instance of this store (another process would open one so), with `key`.
    func open(key: URL? = nil) throws -> any StoreBackend {
        StoreTestBackend.postgres == nil ? try SQLiteStore(at: root, key: key) : try PostgresStore(at: root, key: key)
    }

    /// Registers a document directly through the store's transaction API (into `store`, or
    /// another instance opened on the same folder).
    @discardableResult
    func add(to store: (any StoreBackend)? = nil, title: String, counterparty: String? = nil, org: String = "RS", date: String = "2026-11-12",
             content: String = "", publicCounterparty: String? = nil, type: String = "anbud",
             direction: Direction = .incoming, caseNumber: CaseNumber? = nil, secrecy: [SecrecyMarking] = []) throws -> DocumentNumber {
        try register(in: store ?? self.store, title: title, counterparty: counterparty, org: org, date: date, content: content,
                     publicCounterparty: publicCounterparty, type: type, direction: direction, caseNumber: caseNumber, secrecy: secrecy)
    }

    /// Direct SQL, to play the part of someone editing the database behind Diarium's back. On
    /// PostgreSQL foreign keys are off as `PRAGMA foreign_keys = OFF` turns them off on SQLite.
    func tamper(_ sql: String) throws {
        if let database {
            // SQLite's id sequence of the audit log is audit_sequence here.
            let statements = sql.replacingOccurrences(of: "PRAGMA foreign_keys = OFF;", with: "")
                .replacingOccurrences(of: #"UPDATE sqlite_sequence SET seq = (\d+) WHERE name = 'audit_event'"#,
                                      with: "UPDATE audit_sequence SET last_id = $1", options: .regularExpression)
            try PostgresServer.execute("SET session_replication_role = replica;" + statements, on: database)
            return
        }
        let q = try DatabaseQueue(path: root.appendingPathComponent("diarium.sqlite").path)
        try q.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }

    /// The rows of `sql`, each column as text, read behind Diarium's back.
    func query(_ sql: String) throws -> [[String?]] {
        if let database { return try PostgresServer.rows(sql, on: database) }
        let q = try DatabaseQueue(path: root.appendingPathComponent("diarium.sqlite").path)
        return try q.read { db in
            try Row.fetchAll(db, sql: sql).map { r in r.databaseValues.map { String.fromDatabaseValue($0) ?? (Int64.fromDatabaseValue($0)).map(String.init) } }
        }
    }

    /// The attack the anchor exists for: `sql` edits the database, then every hash of the audit
    /// chain is recomputed, so that the chain is consistent again. The canonical form is written
    /// out here as an attacker would read it from the source.
    func rewriteChain(after sql: String) throws {
        if let database {
            try tamper(sql)
            let rows = try PostgresServer.rows("SELECT id::text, at, actor, action, subject, detail FROM audit_event ORDER BY id", on: database)
            var previous = String(repeating: "0", count: 64)
            var updates: [String] = []
            for r in rows {
                let id = Int64(r[0]!)!
                let hash = Self.chainHash(previous: previous, id: id, at: r[1]!, actor: r[2]!, action: r[3]!, subject: r[4], detail: r[5]!)
                updates.append("UPDATE audit_event SET previous_hash = '\(previous)', hash = '\(hash)' WHERE id = \(id)")
                previous = hash
            }
            // Each hash is new, so no two rows share one at any step.
            try PostgresServer.execute(updates.joined(separator: ";\n"), on: database)
            return
        }
        let q = try DatabaseQueue(path: root.appendingPathComponent("diarium.sqlite").path)
        try q.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: sql)
            var previous = String(repeating: "0", count: 64)
            for e in try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY id") {
                let hash = Self.chainHash(previous: previous, id: e["id"], at: e["at"], actor: e["actor"], action: e["action"],
                                          subject: e["subject"], detail: e["detail"])
                try db.execute(sql: "UPDATE audit_event SET previous_hash = ?, hash = ? WHERE id = ?", arguments: [previous, hash, e["id"] as Int64])
                previous = hash
            }
        }
    }

    static func chainHash(previous: String, id: Int64, at: String, actor: String, action: String, subject: String?, detail: String) -> String {
        func quote(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        let canonical = "{\"action\":\(quote(action)),\"actor\":\(quote(actor)),\"at\":\(quote(at)),\"detail\":\(quote(detail)),"
            + "\"id\":\(id),\"subject\":\(subject.map(quote) ?? "null")}"
        return SHA256Hex.of(previous + "\n" + canonical)
    }

    /// The anchor log's lines.
    func logLines() throws -> [String] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func writeLog(_ lines: [String]) throws {
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: log)
    }
}

/// Registers a document directly through the store's transaction API.
@discardableResult
func register(in store: any StoreBackend, title: String, counterparty: String? = nil, org: String = "RS", date: String = "2026-11-12",
              content: String = "", publicCounterparty: String? = nil, type: String = "anbud",
              direction: Direction = .incoming, caseNumber: CaseNumber? = nil, secrecy: [SecrecyMarking] = []) throws -> DocumentNumber {
    let fileData = Data("fil \(title) \(UUID())".utf8)
    let sha = try store.objects.put(fileData, durability: .immediate)
    guard let o = store.config.organisation(org) else { throw StoreError.organisationNotFound(org) }
    return try store.write { (tx: any StoreTransaction<StoreError>) throws(StoreError) in
        let c = if let caseNumber { try tx.existingCase(caseNumber) } else {
            try tx.openCase(organisation: o, title: "Ärende \(title)", year: 2026, at: Date())
        }
        let n = try tx.nextDocumentNumber(in: c)
        let record = try store.objects.put(Data("<record>\(n)</record>".utf8), durability: .immediate)
        let e = RegisterEntry(number: n, caseTitle: c.title, organisation: o, direction: direction, date: CivilDate(parsing: date)!,
                              registeredAt: Date(), registeredBy: "test", counterparty: counterparty, title: title, publicTitle: nil,
                              documentType: type, handler: "Åsa", file: ArchivedFile(name: "f.txt", mediaType: "text/plain", size: Int64(fileData.count), sha256: sha),
                              secrecy: secrecy)
        let ev = try tx.appendAudit(AuditEvent(at: Date(), actor: "test", action: "register", subject: n.description,
                                               detail: ["sha256": sha, "record": record, "markings": String(secrecy.count)]))
        try tx.insert(e, kind: .registration, caseID: c.id, recordSHA256: record, search: SearchText(
            public: .init(title: title, counterparty: publicCounterparty ?? counterparty ?? "", caseTitle: c.title, documentType: type),
            internal: .init(title: title, publicTitle: title, counterparty: counterparty ?? "", caseTitle: c.title, documentType: type, handler: "Åsa", content: content)),
            auditEventID: ev.id)
        return n
    }
}
