import DiariumStore
public import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// The store's protocols are synchronous (the Kit runs a use case start to end on its caller's
/// thread); postgres-nio is not. This client bridges the two on event loops of its own: a call
/// blocks its caller until the loop has the answer, and the caller is never one of these loops,
/// so no wait can deadlock a loop (nor Swift's cooperative pool: nothing here runs on it).
///
/// Connections are pooled: one is taken for a read or a whole write transaction and handed back
/// after; one that broke is dropped and a new one opened on the next call. At most `maxReads`
/// reads hold a connection at once (a server's blocking queue may run dozens of calls side by
/// side, and several servers share the database's connection limit); a caller beyond them waits
/// for one to come back. Writes do not count against them: a process writes one at a time
/// (`PostgresStore.writePostgres`), and a read made inside a write must never wait for a reader.
final class PGClient: Sendable {
    let configuration: PostgresConnection.Configuration
    /// What the errors name: host, port and database, never a password.
    let target: String
    private let group: MultiThreadedEventLoopGroup
    private let idle = NIOLockedValueBox<[PostgresConnection]>([])
    private let nextID = NIOLockedValueBox<Int>(0)
    private let logger: Logger
    /// Idle connections kept open; more may be open while calls run.
    private let keep: Int
    private let readPermits: DispatchSemaphore

    init(url: PostgresURL, keep: Int = 8, maxReads: Int = 16) throws(StoreError) {
        let tls: PostgresConnection.Configuration.TLS
        switch url.tls {
        case .disable:
            tls = .disable
        case .require, .verifyFull:
            var config = TLSConfiguration.makeClientConfiguration()
            // require: encrypted, the certificate not checked (libpq's sslmode=require);
            // verify-full: the certificate checked against the system's roots and the host name.
            if url.tls == .require { config.certificateVerification = .none }
            do { tls = .require(try NIOSSLContext(configuration: config)) } catch {
                throw .databaseRefused(rule: "store.database-tls", message: "TLS mot \(url.display) kan inte ställas in: \(error)")
            }
        }
        var c = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                 database: url.database, tls: tls)
        c.options.connectTimeout = .seconds(10)
        configuration = c
        target = url.display
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var logger = Logger(label: "diarium.postgres")
        // The driver's own lines would name statements; what fails reaches the caller as an error.
        logger.logLevel = .critical
        self.logger = logger
        self.keep = keep
        readPermits = DispatchSemaphore(value: maxReads)
    }

    deinit {
        for c in idle.withLockedValue({ $0 }) { Self.close(c) }
        try? group.syncShutdownGracefully()
    }

    /// Runs `body` on one connection of the pool, as one of the reads at most `maxReads` run at
    /// once; waits up to a minute for a permit.
    func withConnection<T>(_ body: (PGConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        guard readPermits.wait(timeout: .now() + 60) == .success else {
            throw .database("every connection to \(target) has been busy for a minute")
        }
        defer { readPermits.signal() }
        let lease = try lease()
        defer { giveBack(lease) }
        return try body(lease.connection)
    }

    /// A connection taken from the pool until `giveBack`.
    final class Lease {
        let connection: PGConnection
        init(_ connection: PGConnection) { self.connection = connection }

        /// Rolls the open transaction back; a connection that cannot is closed, never reused.
        func rollback() {
            if (try? connection.execute("ROLLBACK")) == nil { discard() }
        }

        /// Closes the connection (its state is not known).
        func discard() { connection.close() }
    }

    func lease() throws(StoreError) -> Lease {
        Lease(PGConnection(connection: try checkOut(), logger: logger))
    }

    func giveBack(_ lease: Lease) { checkIn(lease.connection.connection) }

    private func checkOut() throws(StoreError) -> PostgresConnection {
        while let c = idle.withLockedValue({ $0.popLast() }) {
            if !c.isClosed { return c }
        }
        let id = nextID.withLockedValue { n in n += 1; return n }
        do {
            return try PostgresConnection.connect(on: group.next(), configuration: configuration, id: id, logger: logger).wait()
        } catch {
            throw .databaseRefused(rule: "store.database-unreachable",
                                   message: "kan inte ansluta till PostgreSQL på \(target): \(PGConnection.describe(error))")
        }
    }

    /// Closes a connection and waits until it is (postgres-nio requires a connection closed
    /// before it goes).
    static func close(_ c: PostgresConnection) {
        let closing: EventLoopFuture<Void> = c.close()
        try? closing.wait()
    }

    private func checkIn(_ c: PostgresConnection) {
        guard !c.isClosed else { return }
        let kept = idle.withLockedValue { list -> Bool in
            guard list.count < keep else { return false }
            list.append(c)
            return true
        }
        if !kept { Self.close(c) }
    }
}

/// Statements of a write sent ahead without waiting (`PGTransaction.runLater`), settled before
/// the next statement whose answer is needed and before the commit, so that the first failure
/// is the one reported and nothing commits after one.
final class PGPipeline {
    private var pending: [EventLoopFuture<PostgresQueryResult>] = []

    func add(_ f: EventLoopFuture<PostgresQueryResult>) { pending.append(f) }

    /// Waits for every statement sent ahead; the first failure, if any.
    func settle() throws(StoreError) {
        guard !pending.isEmpty else { return }
        let waiting = pending
        pending.removeAll(keepingCapacity: true)
        var first: StoreError?
        for f in waiting {
            do { _ = try f.wait() } catch { if first == nil { first = .database(PGConnection.describe(error)) } }
        }
        if let first { throw first }
    }
}

/// One connection, for the length of a call.
struct PGConnection {
    let connection: PostgresConnection
    let logger: Logger

    /// Runs `sql` with `binds` and returns its rows. `?` and `?N` placeholders (the SQLite
    /// backend's spelling) are taken as `$n`, so that a statement reads the same in both.
    func query(_ sql: String, _ binds: [any PGBindable] = []) throws(StoreError) -> [PGRow] {
        try run(sql, binds).rows
    }

    /// Runs `sql` and returns how many rows it changed.
    @discardableResult
    func execute(_ sql: String, _ binds: [any PGBindable] = []) throws(StoreError) -> Int {
        try run(sql, binds).changed
    }

    /// Closes the connection: the pool drops it when it comes back.
    func close() { PGClient.close(connection) }

    /// Runs statements without parameters, separated by semicolons (outside quotes), one after
    /// another; `--` comments are dropped.
    func script(_ sql: String) throws(StoreError) {
        var statement = ""
        var quote: Character?
        var comment = false
        for ch in sql {
            if comment {
                if ch == "\n" { comment = false; statement.append(ch) }
                continue
            }
            if let q = quote {
                statement.append(ch)
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "'", "\"":
                quote = ch
                statement.append(ch)
            case "-" where statement.last == "-":
                statement.removeLast()
                comment = true
            case ";":
                let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { try execute(text) }
                statement = ""
            default:
                statement.append(ch)
            }
        }
        let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.isEmpty { try execute(text) }
    }

    /// Sends `sql` without waiting for its answer: the connection runs its statements in order,
    /// so a later statement sees this one's effect; its failure is the future's (`PGPipeline`).
    func send(_ sql: String, _ binds: [any PGBindable]) -> EventLoopFuture<PostgresQueryResult> {
        var bindings = PostgresBindings(capacity: binds.count)
        for b in binds { b.bind(into: &bindings) }
        return connection.query(PostgresQuery(unsafeSQL: PGPlaceholders.rewrite(sql), binds: bindings), logger: logger)
    }

    private func run(_ sql: String, _ binds: [any PGBindable]) throws(StoreError) -> (rows: [PGRow], changed: Int) {
        let result: PostgresQueryResult
        do { result = try send(sql, binds).wait() } catch { throw .database(Self.describe(error)) }
        var rows: [PGRow] = []
        for r in result.rows { rows.append(PGRow(r)) }
        return (rows, result.metadata.rows ?? 0)
    }

    /// The server's message and SQLSTATE, without its detail (which may quote a row's values).
    static func describe(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let info = e.serverInfo {
                return "\(info[.sqlState] ?? "?"): \(info[.message] ?? "")"
            }
            switch e.code {
            case .connectionError: return "ingen server svarar där (fel värd eller port, eller en brandvägg)"
            case .sslUnsupported: return "servern erbjuder inte TLS (lägg till ?sslmode=disable bara om förbindelsen inte lämnar ett skyddat nät)"
            case .authMechanismRequiresPassword: return "servern kräver ett lösenord; ange det i PGPASSWORD"
            case .serverClosedConnection, .uncleanShutdown: return "servern stängde förbindelsen"
            case .failedToAddSSLHandler: return "TLS kunde inte sättas upp"
            default: return "\(e.code)"
            }
        }
        return "\(error)"
    }
}

/// The SQLite spelling of parameters, `?` in order and `?N` by number, as PostgreSQL's `$N`.
/// Quoted text and identifiers are left alone.
enum PGPlaceholders {
    /// The statements rewritten so far: a registration runs the same dozen thousands of times.
    private static let rewritten = NIOLockedValueBox<[String: String]>([:])

    static func rewrite(_ sql: String) -> String {
        guard sql.contains("?") else { return sql }
        if let done = rewritten.withLockedValue({ $0[sql] }) { return done }
        let out = translate(sql)
        rewritten.withLockedValue { cache in
            // Statements are the code's own, a bounded set; text built per call (an IN list) would
            // grow it, so the cache stops at a size no set of statements reaches.
            if cache.count < 4096 { cache[sql] = out }
        }
        return out
    }

    private static func translate(_ sql: String) -> String {
        var out = ""
        out.reserveCapacity(sql.utf8.count + 16)
        var next = 1
        var quote: Character?
        var chars = sql.makeIterator()
        var pending: Character? = chars.next()
        while let ch = pending {
            pending = chars.next()
            if let q = quote {
                out.append(ch)
                if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "'", "\"":
                quote = ch
                out.append(ch)
            case "?":
                var digits = ""
                while let d = pending, d.isASCII, d.isNumber {
                    digits.append(d)
                    pending = chars.next()
                }
                if digits.isEmpty {
                    out += "$\(next)"
                    next += 1
                } else {
                    out += "$" + digits
                }
            default:
                out.append(ch)
            }
        }
        return out
    }
}

/// A value a statement binds. Booleans are bound as 0 and 1, as the SQLite schema keeps them,
/// so that both backends have the same columns.
protocol PGBindable {
    func bind(into b: inout PostgresBindings)
}

extension String: PGBindable { func bind(into b: inout PostgresBindings) { b.append(self) } }
extension Int: PGBindable { func bind(into b: inout PostgresBindings) { b.append(Int64(self)) } }
extension Int64: PGBindable { func bind(into b: inout PostgresBindings) { b.append(self) } }
extension Bool: PGBindable { func bind(into b: inout PostgresBindings) { b.append(Int64(self ? 1 : 0)) } }
extension Double: PGBindable { func bind(into b: inout PostgresBindings) { b.append(self) } }
extension Array: PGBindable where Element == String { func bind(into b: inout PostgresBindings) { b.append(self) } }
extension Optional: PGBindable where Wrapped: PGBindable {
    func bind(into b: inout PostgresBindings) {
        switch self {
        case .some(let v): v.bind(into: &b)
        case .none: b.appendNull()
        }
    }
}

/// A row as read: its cells decoded by name when asked for, a wrong type or a NULL where none
/// may be an error (never a trap).
struct PGRow {
    private let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) { self.row = row.makeRandomAccess() }

    var count: Int { row.count }

    /// The cell at `index` as text whatever its type (a tool's view of a row): integers in
    /// decimal, a flag as 1 or 0.
    func text(_ index: Int) throws(StoreError) -> String? {
        let cell = row[index]
        guard cell.bytes != nil else { return nil }
        switch cell.dataType {
        case .int2, .int4, .int8: return String(try Int64.decode(cell))
        case .bool: return try Bool.decode(cell) ? "1" : "0"
        case .float4, .float8: return String(try Double.decode(cell))
        default: return try String.decode(cell)
        }
    }

    subscript<T: PGColumn>(_ name: String) -> T {
        get throws(StoreError) {
            guard row.contains(name) else { throw .database("no column \(name) in the result") }
            return try T.decode(row[name])
        }
    }

    subscript<T: PGColumn>(_ index: Int) -> T {
        get throws(StoreError) {
            guard index < row.count else { throw .database("no column \(index) in the result") }
            return try T.decode(row[index])
        }
    }
}

/// A Swift value a column decodes to.
protocol PGColumn {
    static func decode(_ cell: PostgresCell) throws(StoreError) -> Self
}

extension PGColumn where Self: PostgresDecodable {
    static func decode(_ cell: PostgresCell) throws(StoreError) -> Self {
        guard cell.bytes != nil else { throw .database("column \(cell.columnName) is NULL") }
        do { return try cell.decode(Self.self) } catch {
            throw .database("column \(cell.columnName) (\(cell.dataType)) does not read as \(Self.self)")
        }
    }
}

extension String: PGColumn {}
extension Int64: PGColumn {}
extension Int: PGColumn {}
extension Double: PGColumn {}
/// A flag column holds 0 or 1 (as on SQLite); an expression's own boolean reads as itself.
extension Bool: PGColumn {
    static func decode(_ cell: PostgresCell) throws(StoreError) -> Bool {
        guard cell.dataType == .bool else { return try Int64.decode(cell) != 0 }
        guard cell.bytes != nil else { throw .database("column \(cell.columnName) is NULL") }
        do { return try cell.decode(Bool.self) } catch { throw .database("column \(cell.columnName) does not read as a flag") }
    }
}
extension Optional: PGColumn where Wrapped: PGColumn {
    static func decode(_ cell: PostgresCell) throws(StoreError) -> Wrapped? {
        cell.bytes == nil ? nil : try Wrapped.decode(cell)
    }
}

/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE`. The password may also come from
/// `PGPASSWORD`, so that it need not stand in the store's configuration.
public struct PostgresURL: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is secured: `?sslmode=disable|require|verify-full`; by default none
    /// on loopback (the server is this machine) and verify-full to any other host.
    public enum TLSMode: String, Sendable, Hashable {
        case disable
        case require
        case verifyFull = "verify-full"
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    static func isLoopback(_ host: String) -> Bool { ["127.0.0.1", "::1", "[::1]", "localhost"].contains(host.lowercased()) }

    /// Nil with the reason when `text` is not such an address.
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> Result<PostgresURL, PostgresURLProblem> {
        guard let c = URLComponents(string: text), c.scheme == "postgres" || c.scheme == "postgresql" else {
            return .failure(.init("adressen ska ha formen postgres://ANVÄNDARE@VÄRD[:PORT]/DATABAS"))
        }
        guard let host = c.host, !host.isEmpty else { return .failure(.init("adressen saknar värd (postgres://ANVÄNDARE@VÄRD/DATABAS)")) }
        guard let user = c.user, !user.isEmpty else { return .failure(.init("adressen saknar användare (postgres://ANVÄNDARE@VÄRD/DATABAS)")) }
        let database = String(c.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            return .failure(.init("adressen saknar databas (postgres://ANVÄNDARE@VÄRD/DATABAS)"))
        }
        if let p = c.port, !(1...65535).contains(p) { return .failure(.init("porten \(p) finns inte")) }
        var tls: TLSMode?
        for item in c.queryItems ?? [] {
            guard item.name == "sslmode", let value = item.value, let mode = TLSMode(rawValue: value) else {
                return .failure(.init("adressen kan bara ha ?sslmode=disable, require eller verify-full, inte \(item.name)=\(item.value ?? "")"))
            }
            tls = mode
        }
        return .success(PostgresURL(user: user, password: c.password ?? environment["PGPASSWORD"], host: host,
                                    port: c.port ?? 5432, database: database, tls: tls))
    }

    public init(user: String, password: String?, host: String, port: Int, database: String, tls: TLSMode? = nil) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
        self.tls = tls ?? (Self.isLoopback(host) ? .disable : .verifyFull)
    }

    /// The address without its password: what is written to the store folder and shown. The
    /// TLS mode is named when it is not the default for the host.
    public var description: String {
        let base = "postgres://\(user)@\(host):\(port)/\(database)"
        return tls == (Self.isLoopback(host) ? .disable : .verifyFull) ? base : base + "?sslmode=\(tls.rawValue)"
    }
    var display: String { description }
}

public struct PostgresURLProblem: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ text: String) { description = text }
}
