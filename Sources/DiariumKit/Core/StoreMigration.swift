public import DiariumModel
import DiariumPostgres
import DiariumSQLite
public import DiariumStore
public import Foundation

/// What `diarium migrate` did.
public struct MigrationResult: Sendable, Codable {
    /// The database the register is in now (no password).
    public let database: String
    public let objects: String
    public let documents: Int
    public let auditEvents: Int
    /// The audit chain's head, the same before and after.
    public let head: AnchorHead?
    /// Rows copied per table.
    public let rows: [String: Int]
    /// Archive objects copied (none when the objects stay where they are).
    public let objectsCopied: Int
    /// Where the SQLite index was put aside.
    public let retiredIndex: String
}

extension Diarium {
    /// Moves the SQLite store at `storeURL` to PostgreSQL: every row into `index.database` (which
    /// must hold no store) in one transaction, the objects into `index.objects` when that is
    /// another folder; then the result is verified as a whole and must hold the same documents,
    /// audit events and chain head as the source, or the database is emptied again and the store
    /// stays on SQLite. Only then does the folder switch over (`database.json`) and the SQLite
    /// index go aside as `diarium.sqlite.moved`. All or nothing. Every other process on the store
    /// must be stopped first: the source is read under its write lock, and one still running
    /// afterwards would write to the index put aside.
    public static func migrate(store storeURL: URL, to index: SharedIndex, home: DiariumHome, as principal: Principal,
                               key: URL? = nil) throws(DiariumError) -> MigrationResult {
        guard principal.holds(.admin) else {
            throw .denied(rule: "access.role", message: Access.roleMessage(.admin, "flytta ett arkiv"))
        }
        guard !PostgresStore.isStore(at: storeURL) else {
            throw .reject("store", "store.migrate-already", "arkivet \(storeURL.path) har redan sitt register i PostgreSQL")
        }
        let sqlite: SQLiteStore
        do { sqlite = try SQLiteStore(at: storeURL, key: key) } catch { throw .store(error) }
        let source = try Diarium(backend: sqlite, home: home).bound(to: principal)
        let before = try source.verify()
        guard before.isIntact else {
            throw .reject("store", "store.migrate-damaged",
                          "verify hittar \(before.damage.count) skador i arkivet (första: \(before.damage[0])); rätta dem innan arkivet flyttas")
        }
        let ownObjects = storeURL.appendingPathComponent("objects", isDirectory: true).standardizedFileURL
        let objectsRoot = index.objects.standardizedFileURL
        var copied = 0
        if objectsRoot.path != ownObjects.path {
            let target = ObjectStore(root: objectsRoot.appendingPathComponent("sha256", isDirectory: true))
            for sha in sqlite.objects.inventory().objects where !target.contains(sha) {
                do { try target.put(contentsOf: sqlite.objects.url(for: sha), sha256: sha, durability: .deferred) } catch { throw .store(error) }
                copied += 1
            }
            do { try target.flush() } catch { throw .store(error) }
        }
        let rows: [String: Int]
        do {
            rows = try sqlite.withFrozenTables { tables throws(StoreError) in
                try PostgresStore.importTables(from: tables, into: index.database)
            }
        } catch { throw .store(error) }
        let moved: PostgresStore
        let after: VerifyReport
        do throws(DiariumError) {
            do { moved = try PostgresStore(moving: storeURL, database: index.database, objects: objectsRoot, key: key) } catch {
                throw .store(error)
            }
            after = try Diarium(backend: moved, home: home).bound(to: principal).verify()
        } catch {
            try? PostgresStore.dropImportedTables(in: index.database)
            throw error
        }
        guard after.isIntact, after.documentsChecked == before.documentsChecked, after.auditEventsChecked == before.auditEventsChecked,
              after.anchor.head == before.anchor.head else {
            try? PostgresStore.dropImportedTables(in: index.database)
            let why = after.damage.first.map { "verify hittar skador i kopian (första: \($0))" }
                ?? "kopian har \(after.documentsChecked) handlingar och \(after.auditEventsChecked) händelser, arkivet \(before.documentsChecked) och \(before.auditEventsChecked) (skrev något under flytten?)"
            throw .reject("store", "store.migrate-differs", "\(why); databasen tömdes och arkivet ligger kvar i SQLite")
        }
        do {
            try moved.adopt()
            try sqlite.retireIndex()
            try moved.audit(AuditEvent(at: Date(), actor: cleanActor(principal.name), action: "store.migrate", subject: storeURL.lastPathComponent,
                                       detail: ["from": "sqlite", "database": moved.database.description, "documents": String(before.documentsChecked)]))
        } catch { throw .store(error) }
        return MigrationResult(database: moved.database.description, objects: objectsRoot.path, documents: before.documentsChecked,
                               auditEvents: before.auditEventsChecked, head: before.anchor.head, rows: rows, objectsCopied: copied,
                               retiredIndex: storeURL.appendingPathComponent("diarium.sqlite.moved").path)
    }
}
