public import DiariumModel
public import DiariumStore
public import Foundation

/// The shared store: the store folder holds `config.json`, `database.json` (the database's
/// address without its password, and where the objects are) and, once anchored,
/// `audit-anchor.log`; the index is a PostgreSQL database; the objects are a folder that every
/// server mounts. Any number of processes on any number of machines open the same store.
///
/// Every write is one transaction that first takes one advisory lock of the database
/// (`pg_advisory_xact_lock`), held to its commit: writers queue as SQLite's IMMEDIATE
/// transactions do, across machines, so numbers, the audit chain and every check made inside a
/// write hold exactly as on SQLite. Reads take no lock.
public final class PostgresStore: StoreBackend {
    public let root: URL
    public let config: RegionConfig
    /// The database, as the store folder names it (no password).
    public let database: PostgresURL
    let objectStore: ObjectStore
    public var objects: any ObjectArchive { objectStore }
    let client: PGClient
    /// This process's writers, one at a time (see `writePostgres`).
    let writer = NSLock()
    public let keyURL: URL
    let signingKey: Result<AnchorKey, KeyProblem>

    static let settingsName = "database.json"
    /// The advisory lock every write holds: "diarium" in ASCII.
    static let writeLock: Int64 = 0x64_69_61_72_69_75_6D
    /// The one the schema's migrations hold, so that servers started together migrate once.
    static let migrationLock: Int64 = 0x64_69_61_72_69_75_6E

    var anchorLogURL: URL { root.appendingPathComponent(AnchorLog.name) }

    /// What `database.json` holds.
    struct Settings: Codable {
        var database: String
        var objects: String
    }

    /// Whether the store folder at `root` is a PostgreSQL store.
    public static func isStore(at root: URL) -> Bool {
        FileManager.default.fileExists(atPath: root.standardizedFileURL.appendingPathComponent(settingsName).path)
    }

    /// Opens an existing store. `key` names the anchor key file (default
    /// `AnchorKey.defaultURL(forStoreAt:)`, beside the store folder). The database's password,
    /// when it needs one, is `PGPASSWORD`'s.
    public convenience init(at root: URL, key: URL? = nil) throws(StoreError) {
        try self.init(at: root, key: key, environment: ProcessInfo.processInfo.environment)
    }

    /// Creates a store folder at `root` whose index is the database at `database` (which must
    /// hold no Diarium store yet) and whose objects are under `objects`, or opens the one already
    /// at `root`; anchors it (creating its key) unless it is anchored already. Returns the store,
    /// whether it was created now, and its anchor.
    public static func create(at root: URL, database: PostgresURL, objects: URL, config: RegionConfig, actor: String,
                              key: URL? = nil) throws(StoreError) -> (store: PostgresStore, created: Bool, anchor: AnchorSetup) {
        let root = root.standardizedFileURL
        let fm = FileManager.default
        if isStore(at: root) {
            let opened = try PostgresStore(at: root, key: key)
            guard opened.database == database.withoutPassword else {
                throw .databaseRefused(rule: "store.database-other",
                                       message: "arkivet i \(root.path) har sitt register i \(opened.database), inte i \(database.withoutPassword)")
            }
            let (store, anchor) = try anchorIfNeeded(opened, actor: actor)
            return (store, false, anchor)
        }
        try StoreFolder.checkUsable(root, creating: true)
        if fm.fileExists(atPath: root.appendingPathComponent("diarium.sqlite").path) {
            throw .databaseRefused(rule: "store.sqlite-exists",
                                   message: "i \(root.path) finns redan ett arkiv med registret i SQLite; flytta det till PostgreSQL med `diarium migrate --to`")
        }
        do { try config.validate() } catch { throw .badConfig(error.message) }
        let keyURL = StoreFolder.keyURL(key, root: root)
        try StoreFolder.refuseForeignKey(keyURL, root: root)
        // The database is checked and given its schema before anything is written to the folder:
        // a refusal leaves no folder that would pass for a store.
        let client = try PGClient(url: database, keep: 1)
        let used = try client.withConnection { c throws(StoreError) in
            try c.query("SELECT to_regclass('diarium_migration') IS NOT NULL AS used").first?["used"] as Bool? ?? false
        }
        if used {
            throw .databaseRefused(rule: "store.database-in-use",
                                   message: "databasen \(database.withoutPassword) har redan ett diarium; ange en tom databas (eller det arkivets egen arkivmapp med --store)")
        }
        try migrate(client)
        let objectsRoot = objects.standardizedFileURL
        do {
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
            try fm.createDirectory(at: objectsRoot.appendingPathComponent("sha256", isDirectory: true), withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create the store at \(root.path): \(error.localizedDescription)")
        }
        try StoreFolder.writeJSON(config, to: root.appendingPathComponent(StoreFolder.configName))
        // The settings come last: their presence is what marks the folder as a store.
        try StoreFolder.writeJSON(Settings(database: database.withoutPassword.description, objects: objectsRoot.path),
                                  to: root.appendingPathComponent(settingsName))
        let store = try PostgresStore(at: root, key: keyURL, password: database.password)
        try store.writeStore { tx throws(StoreError) in
            _ = try tx.appendAudit(AuditEvent(at: Date(), actor: actor, action: "store.init", subject: root.lastPathComponent,
                                              detail: ["organisations": config.organisations.map(\.code).joined(separator: ",")]))
        }
        let (anchored, anchor) = try anchorIfNeeded(store, actor: actor)
        return (anchored, true, anchor)
    }

    /// Anchors an existing store unless it is anchored already (`init` run again).
    public static func initExisting(at root: URL, actor: String, key: URL? = nil) throws(StoreError)
        -> (store: PostgresStore, created: Bool, anchor: AnchorSetup) {
        let (store, anchor) = try anchorIfNeeded(try PostgresStore(at: root, key: key), actor: actor)
        return (store, false, anchor)
    }

    /// Opens with a password given on the command line at `init` (never written down).
    private convenience init(at root: URL, key: URL, password: String?) throws(StoreError) {
        var env = ProcessInfo.processInfo.environment
        if let password { env["PGPASSWORD"] = password }
        try self.init(at: root, key: key, environment: env)
    }

    private convenience init(at root: URL, key: URL?, environment: [String: String]) throws(StoreError) {
        let root = root.standardizedFileURL
        let settingsURL = root.appendingPathComponent(Self.settingsName)
        guard FileManager.default.fileExists(atPath: settingsURL.path) else { throw .notInitialized(path: root.path) }
        let settings: Settings
        do { settings = try JSONDecoder().decode(Settings.self, from: Data(contentsOf: settingsURL)) } catch {
            throw .badConfig("cannot read \(settingsURL.path): \(error)")
        }
        let url: PostgresURL
        switch PostgresURL.parse(settings.database, environment: environment) {
        case .success(let u): url = u
        case .failure(let p): throw .badConfig("\(settingsURL.path): \(p.description)")
        }
        try self.init(moving: root, database: url, objects: URL(fileURLWithPath: settings.objects, isDirectory: true), key: key)
    }

    /// Opens the store of the folder `root` on `database` and `objects` before the folder says
    /// so (`database.json`): a store being moved here, verified before `adopt()` switches the
    /// folder over.
    package init(moving root: URL, database url: PostgresURL, objects: URL, key: URL?) throws(StoreError) {
        self.root = root.standardizedFileURL
        self.config = try StoreFolder.readConfig(self.root)
        self.database = url.withoutPassword
        self.objectStore = ObjectStore(root: objects.standardizedFileURL.appendingPathComponent("sha256", isDirectory: true))
        self.keyURL = StoreFolder.keyURL(key, root: self.root)
        self.signingKey = StoreFolder.loadKey(keyURL, root: self.root)
        self.client = try PGClient(url: url)
        try migrate()
        try syncOrganisations()
    }

    /// Makes the folder a PostgreSQL store: from now on it opens on this database.
    package func adopt() throws(StoreError) {
        try StoreFolder.writeJSON(Settings(database: database.description, objects: objectStore.root.deletingLastPathComponent().path),
                                  to: root.appendingPathComponent(Self.settingsName))
    }

    /// The same store with its key read again (made by `init` just now).
    init(reopening other: PostgresStore) {
        root = other.root
        config = other.config
        database = other.database
        objectStore = other.objectStore
        client = other.client
        keyURL = other.keyURL
        signingKey = StoreFolder.loadKey(other.keyURL, root: other.root)
    }

    private func migrate() throws(StoreError) { try Self.migrate(client) }

    /// Applies the migrations not yet applied, under a lock of their own, in one transaction.
    /// A schema that has them all (every open but the first) is seen with one read, no lock.
    private static func migrate(_ client: PGClient) throws(StoreError) {
        try client.withConnection { c throws(StoreError) in
            let known = PGSchema.migrations.map(\.name)
            if try c.query("SELECT to_regclass('diarium_migration') IS NOT NULL AS made").first?["made"] as Bool? ?? false {
                var applied = Set<String>()
                for r in try c.query("SELECT name FROM diarium_migration") { applied.insert(try r["name"]) }
                if applied.isSuperset(of: known) { return }
            }
            try c.execute("BEGIN")
            do throws(StoreError) {
                try c.execute("SELECT pg_advisory_xact_lock(?)", [migrationLock])
                try applyMigrations(c)
                try c.execute("COMMIT")
            } catch {
                if (try? c.execute("ROLLBACK")) == nil { c.close() }
                throw .database("migration failed: \(error)")
            }
        }
    }

    /// The migrations not yet applied, in the caller's transaction (holding `migrationLock`).
    static func applyMigrations(_ c: PGConnection) throws(StoreError) {
        try c.execute("CREATE TABLE IF NOT EXISTS diarium_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        var applied = Set<String>()
        for r in try c.query("SELECT name FROM diarium_migration") { applied.insert(try r["name"]) }
        for m in PGSchema.migrations where !applied.contains(m.name) {
            try c.script(m.sql)
            try c.execute("INSERT INTO diarium_migration (name, applied_at) VALUES (?, ?)", [m.name, Timestamp.iso(Date())])
        }
    }

    /// Adds organisations that were added to config.json by hand; never removes or renames one
    /// that documents point at.
    private func syncOrganisations() throws(StoreError) {
        var known = Set<String>()
        for r in try rows("SELECT code FROM organisation") { known.insert(try r["code"]) }
        let missing = config.organisations.filter { !known.contains($0.code) }
        guard !missing.isEmpty else { return }
        try writeStore { tx throws(StoreError) in
            for o in missing { try tx.insertOrganisation(o) }
        }
    }

    /// Runs `body` in one transaction holding the store's write lock; it commits when `body`
    /// returns and rolls back when it throws. The body's error reaches the caller unchanged; the
    /// database's own (the begin, the lock, the commit) become `Failure.store(.database)`.
    ///
    /// When the body appended audit events to an anchored store, the new head is signed into the
    /// anchor log after the commit.
    public func write<T, Failure: StoreFailure>(_ body: (any StoreTransaction<Failure>) throws(Failure) -> T) throws(Failure) -> T {
        try writePostgres { (tx: PGTransaction<Failure>) throws(Failure) in try body(tx) }
    }

    /// `write` with the concrete transaction, for the store's own writes.
    func writePostgres<T, Failure: StoreFailure>(_ body: (PGTransaction<Failure>) throws(Failure) -> T) throws(Failure) -> T {
        // One writer of this process at a time, as GRDB's writer queue on SQLite: the others wait
        // here rather than each holding a connection while the database's lock is taken.
        writer.lock()
        defer { writer.unlock() }
        let connection: PGClient.Lease
        do { connection = try client.lease() } catch { throw .store(error) }
        defer { client.giveBack(connection) }
        let c = connection.connection
        do {
            try c.execute("BEGIN")
            try c.execute("SELECT pg_advisory_xact_lock(?)", [Self.writeLock])
        } catch {
            connection.rollback()
            throw .store(error)
        }
        let session = WriteSession()
        let result: T
        let pipeline = PGPipeline()
        do throws(Failure) {
            let tx = PGTransaction<Failure>(c: c, store: self, session: session, pipeline: pipeline)
            result = try body(tx)
            // Statements sent ahead must all have succeeded before anything commits.
            try tx.settle()
        } catch {
            try? pipeline.settle()
            connection.rollback()
            throw error
        }
        do { try c.execute("COMMIT") } catch {
            // Whether it committed is unknown when the answer was lost: the connection goes.
            connection.discard()
            throw .store(error)
        }
        session.anchorAfterCommit()
        return result
    }

    /// `write` for the store's own bodies, which fail with store errors only.
    func writeStore<T>(_ body: (PGTransaction<StoreError>) throws(StoreError) -> T) throws(StoreError) -> T {
        try writePostgres(body)
    }

    /// Runs one statement outside any transaction of ours.
    func rows(_ sql: String, _ binds: [any PGBindable] = []) throws(StoreError) -> [PGRow] {
        try client.withConnection { c throws(StoreError) in try c.query(sql, binds) }
    }

    /// Runs `body` in one read-only snapshot (REPEATABLE READ): the statements of a read that
    /// must agree with each other (verify, a page and its count) see one moment of the store.
    func read<T>(_ body: (PGConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        try client.withConnection { c throws(StoreError) in
            try c.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            let result: T
            do throws(StoreError) { result = try body(c) } catch {
                if (try? c.execute("ROLLBACK")) == nil { c.close() }
                throw error
            }
            try c.execute("COMMIT")
            return result
        }
    }
}

extension PostgresURL {
    var withoutPassword: PostgresURL { PostgresURL(user: user, password: nil, host: host, port: port, database: database, tls: tls) }
}
