public import DiariumStore
public import DiariumModel
public import Foundation
import GRDB

/// The embedded store: `config.json`, `diarium.sqlite` (GRDB, WAL), the object archive
/// `objects/sha256/` and, once anchored, `audit-anchor.log`. Every write that registers something
/// is one transaction, begun IMMEDIATE so that concurrent processes queue for the write lock
/// instead of racing for numbers; within a process GRDB's writer queue serialises them.
public final class SQLiteStore: StoreBackend {
    public let root: URL
    public let config: RegionConfig
    let objectStore: ObjectStore
    public var objects: any ObjectArchive { objectStore }
    let pool: DatabasePool
    /// Where the anchor key is looked for, and what was found there. A key that cannot be loaded
    /// stops only writes that append audit events to an anchored store; reading never needs it.
    public let keyURL: URL
    let signingKey: Result<AnchorKey, KeyProblem>

    static let databaseName = "diarium.sqlite"
    static let configName = StoreFolder.configName

    var anchorLogURL: URL { root.appendingPathComponent(AnchorLog.name) }

    /// Opens an existing store. `key` names the anchor key file (default
    /// `AnchorKey.defaultURL(forStoreAt:)`, beside the store folder).
    public init(at root: URL, key: URL? = nil) throws(StoreError) {
        let root = root.standardizedFileURL
        let dbURL = root.appendingPathComponent(Self.databaseName)
        guard FileManager.default.fileExists(atPath: dbURL.path) else { throw .notInitialized(path: root.path) }
        self.root = root
        self.config = try Self.readConfig(root)
        self.objectStore = ObjectStore(root: root.appendingPathComponent("objects/sha256", isDirectory: true))
        self.keyURL = Self.keyURL(key, root: root)
        self.signingKey = Self.loadKey(keyURL, root: root)
        self.pool = try Self.openPool(dbURL)
        try migrate()
        try syncOrganisations()
    }

    /// Creates a store at `root` with `config`, or opens the one already there, and anchors it
    /// (creating its key) unless it is anchored already. Returns the store, whether it was created
    /// now, and its anchor.
    public static func create(at root: URL, config: RegionConfig, actor: String, key: URL? = nil) throws(StoreError)
        -> (store: SQLiteStore, created: Bool, anchor: AnchorSetup) {
        let root = root.standardizedFileURL
        let fm = FileManager.default
        let exists = fm.fileExists(atPath: root.appendingPathComponent(databaseName).path)
        try checkUsableFolder(root, creating: !exists)
        if exists {
            let (store, anchor) = try anchorIfNeeded(try SQLiteStore(at: root, key: key), actor: actor)
            return (store, false, anchor)
        }
        do { try config.validate() } catch { throw .badConfig(error.message) }
        let keyURL = Self.keyURL(key, root: root)
        try StoreFolder.refuseForeignKey(keyURL, root: root)
        do {
            try fm.createDirectory(at: root.appendingPathComponent("objects/sha256", isDirectory: true), withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create the store at \(root.path): \(error.localizedDescription)")
        }
        try StoreFolder.writeJSON(config, to: root.appendingPathComponent(configName))
        // The database file comes last: its presence is what marks a store as created.
        let store = try SQLiteStore(at: root, creating: config, key: keyURL)
        try store.writeStore { tx throws(StoreError) in
            _ = try tx.appendAudit(AuditEvent(at: Date(), actor: actor, action: "store.init", subject: root.lastPathComponent,
                                              detail: ["organisations": config.organisations.map(\.code).joined(separator: ",")]))
        }
        let (anchored, anchor) = try anchorIfNeeded(store, actor: actor)
        return (anchored, true, anchor)
    }

    private init(at root: URL, creating config: RegionConfig, key: URL) throws(StoreError) {
        self.root = root
        self.config = config
        self.objectStore = ObjectStore(root: root.appendingPathComponent("objects/sha256", isDirectory: true))
        self.keyURL = key
        self.signingKey = Self.loadKey(key, root: root)
        self.pool = try Self.openPool(root.appendingPathComponent(Self.databaseName))
        try migrate()
        try syncOrganisations()
    }

    static func checkUsableFolder(_ root: URL, creating: Bool) throws(StoreError) {
        try StoreFolder.checkUsable(root, creating: creating)
    }

    static func keyURL(_ key: URL?, root: URL) -> URL { StoreFolder.keyURL(key, root: root) }

    static func loadKey(_ url: URL, root: URL) -> Result<AnchorKey, KeyProblem> { StoreFolder.loadKey(url, root: root) }

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

    private static func readConfig(_ root: URL) throws(StoreError) -> RegionConfig { try StoreFolder.readConfig(root) }

    private func migrate() throws(StoreError) {
        do { try Schema.migrator.migrate(pool) } catch { throw .database("migration failed: \(error)") }
    }

    /// Adds organisations that were added to config.json by hand; never removes or renames one
    /// that documents point at.
    private func syncOrganisations() throws(StoreError) {
        let known = Set(try read { db in try String.fetchAll(db, sql: "SELECT code FROM organisation") })
        let missing = config.organisations.filter { !known.contains($0.code) }
        guard !missing.isEmpty else { return }
        try writeStore { tx throws(StoreError) in
            for o in missing { try tx.insertOrganisation(o) }
        }
    }

    /// Runs `body` in one IMMEDIATE transaction; it commits when `body` returns and rolls back
    /// when it throws. The body's error reaches the caller unchanged; GRDB's own errors (the
    /// begin, the commit) become `Failure.store(.database)`. No error is told apart by casting:
    /// the body's typed error is kept aside as it passes through GRDB.
    ///
    /// When the body appended audit events to an anchored store, the new head is signed into the
    /// anchor log after the commit (see `WriteSession.anchorAfterCommit`).
    public func write<T, Failure: StoreFailure>(_ body: (any StoreTransaction<Failure>) throws(Failure) -> T) throws(Failure) -> T {
        try writeSQLite { (tx: SQLiteTransaction<Failure>) throws(Failure) in try body(tx) }
    }

    /// `write` with the concrete transaction, for the store's own writes.
    func writeSQLite<T, Failure: StoreFailure>(_ body: (SQLiteTransaction<Failure>) throws(Failure) -> T) throws(Failure) -> T {
        var failure: Failure?
        do {
            return try pool.writeWithoutTransaction { db in
                let session = WriteSession()
                var result: T?
                try db.inTransaction(.immediate) {
                    do throws(Failure) { result = try body(SQLiteTransaction(db: db, store: self, session: session)) } catch {
                        failure = error
                        throw error
                    }
                    return .commit
                }
                guard let result else { throw TransactionReturnedNothing() }
                // Still on the writer connection: entries of this process's commits reach the
                // log in commit order. Other processes' may interleave; verify does not care.
                session.anchorAfterCommit()
                return result
            }
        } catch {
            throw failure ?? .store(.database("\(error)"))
        }
    }

    /// `write` for the store's own bodies, which fail with store errors only.
    func writeStore<T>(_ body: (SQLiteTransaction<StoreError>) throws(StoreError) -> T) throws(StoreError) -> T {
        try writeSQLite(body)
    }

    /// Runs `body` on a reader connection. The body makes GRDB calls only, so whatever it throws
    /// is a database fault; rows that may not read are decoded by the caller afterwards (or
    /// into `Result`s inside), so that their typed errors are never cast back out.
    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw .database("\(error)") }
    }
}

private struct TransactionReturnedNothing: Error, CustomStringConvertible {
    var description: String { "the transaction returned nothing" }
}
