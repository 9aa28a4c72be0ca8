public import DiariumModel
public import Foundation
import GRDB

/// The embedded store: `config.json`, `diarium.sqlite` (GRDB, WAL) and the object archive
/// `objects/sha256/`. Every write that registers something is one transaction, begun IMMEDIATE so
/// that concurrent processes queue for the write lock instead of racing for numbers.
public final class Store: Sendable {
    public let root: URL
    public let config: StoreConfig
    public let objects: ObjectStore
    let pool: DatabasePool

    static let databaseName = "diarium.sqlite"
    static let configName = "config.json"

    /// Opens an existing store.
    public init(at root: URL) throws(StoreError) {
        let root = root.standardizedFileURL
        let dbURL = root.appendingPathComponent(Self.databaseName)
        guard FileManager.default.fileExists(atPath: dbURL.path) else { throw .notInitialized(path: root.path) }
        self.root = root
        self.config = try Self.readConfig(root)
        self.objects = ObjectStore(root: root.appendingPathComponent("objects/sha256", isDirectory: true))
        self.pool = try Self.openPool(dbURL)
        try migrate()
        try syncOrganisations()
    }

    /// Creates a store at `root` with `config`, or opens the one already there. Returns the store
    /// and whether it was created now.
    public static func create(at root: URL, config: StoreConfig, actor: String) throws(StoreError) -> (Store, created: Bool) {
        let root = root.standardizedFileURL
        let fm = FileManager.default
        if fm.fileExists(atPath: root.appendingPathComponent(databaseName).path) {
            return (try Store(at: root), false)
        }
        try config.validate()
        do {
            try fm.createDirectory(at: root.appendingPathComponent("objects/sha256", isDirectory: true), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            try encoder.encode(config).write(to: root.appendingPathComponent(configName), options: .atomic)
        } catch {
            throw .io("cannot create the store at \(root.path): \(error.localizedDescription)")
        }
        // The database file comes last: its presence is what marks a store as created.
        let store = try Store(at: root, creating: config)
        try store.writeStoreOnly { tx in
            _ = try tx.appendAudit(AuditEvent(at: Date(), actor: actor, action: "store.init", subject: root.lastPathComponent,
                                              detail: ["organisations": config.organisations.map(\.code).joined(separator: ",")]))
        }
        return (store, true)
    }

    private init(at root: URL, creating config: StoreConfig) throws(StoreError) {
        self.root = root
        self.config = config
        self.objects = ObjectStore(root: root.appendingPathComponent("objects/sha256", isDirectory: true))
        self.pool = try Self.openPool(root.appendingPathComponent(Self.databaseName))
        try migrate()
        try syncOrganisations()
    }

    private static func openPool(_ url: URL) throws(StoreError) -> DatabasePool {
        var configuration = Configuration()
        // Writers from other processes wait for the lock rather than fail.
        configuration.busyMode = .timeout(60)
        configuration.prepareDatabase { db in
            // FULL: a commit is on disk when it returns, in WAL mode too.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do { return try DatabasePool(path: url.path, configuration: configuration) } catch {
            throw .database("cannot open \(url.path): \(error)")
        }
    }

    private static func readConfig(_ root: URL) throws(StoreError) -> StoreConfig {
        let url = root.appendingPathComponent(configName)
        let config: StoreConfig
        do { config = try JSONDecoder().decode(StoreConfig.self, from: Data(contentsOf: url)) } catch {
            throw .badConfig("cannot read \(url.path): \(error)")
        }
        try config.validate()
        return config
    }

    private func migrate() throws(StoreError) {
        do { try Schema.migrator.migrate(pool) } catch { throw .database("migration failed: \(error)") }
    }

    /// Adds organisations that were added to config.json by hand; never removes or renames one
    /// that documents point at.
    private func syncOrganisations() throws(StoreError) {
        let known: Set<String>
        do {
            known = Set(try pool.read { db in try String.fetchAll(db, sql: "SELECT code FROM organisation") })
        } catch { throw .database("\(error)") }
        let missing = config.organisations.filter { !known.contains($0.code) }
        guard !missing.isEmpty else { return }
        try writeStoreOnly { tx in
            for o in missing { try tx.insertOrganisation(o) }
        }
    }

    /// Runs `body` in one IMMEDIATE transaction; it commits when `body` returns and rolls back
    /// when it throws. Errors thrown by `body` reach the caller unchanged.
    public func write<T>(_ body: (StoreTransaction) throws -> T) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(StoreTransaction(db: db, store: self))
                    return .commit
                }
                guard let result else { throw StoreError.database("transaction returned nothing") }
                return result
            }
        } catch let error as DatabaseError {
            throw StoreError.database(error.description)
        }
    }

    /// `write` for bodies that throw nothing but store errors.
    func writeStoreOnly(_ body: (StoreTransaction) throws -> Void) throws(StoreError) {
        do { try write(body) } catch let e as StoreError { throw e } catch { throw .database("\(error)") }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch let e as StoreError { throw e } catch {
            throw .database("\(error)")
        }
    }

    /// The date of today in the store's time zone.
    public func today(_ now: Date = Date()) -> CivilDate { CivilDate(now, in: config.zone) }
}
