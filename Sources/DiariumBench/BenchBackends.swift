@_spi(Tools) public import DiariumKit
import DiariumModel
import DiariumPostgres
import DiariumStore
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A backend `diarium bench --backend` measures.
public enum BenchBackend: String, Sendable, Codable, CaseIterable {
    case sqlite, postgres
}

/// What `diarium bench --backend` is to measure, checked: every problem by the option it names.
public struct BackendBenchSettings: Sendable {
    public let backends: [BenchBackend]
    /// The PostgreSQL server the throwaway database is made on (its own database is only
    /// connected to, to make and drop the other).
    let server: PostgresURL?
    public let count: Int
    public let singles: Int
    public let queries: Int
    public let batchSize = 1000
    /// The register's sizes at which search is measured, ascending.
    public let searchSizes: [Int]
    public let webSeconds: Int
    /// Connections per server.
    public let webClients: Int
    public let webQuery: String?

    public static let defaultSearchSizes = "100000,1000000"
    /// A generated register beyond this is hours of loading, not a bench run.
    public static let largestSearchSize = 10_000_000

    /// `backend`: sqlite, postgres or both. `database`: the server's address, for postgres.
    /// `searchSizes`: numbers of documents separated by commas, none below what is registered
    /// through the Kit first (`count + singles`).
    public init(backend: String, database: String?, searchSizes: String, count: Int, singles: Int, queries: Int,
                webSeconds: Int, webClients: Int, webQuery: String?) throws(DiariumError) {
        var problems: [ValidationError] = []
        switch backend {
        case "sqlite": backends = [.sqlite]
        case "postgres": backends = [.postgres]
        case "both": backends = [.sqlite, .postgres]
        default:
            backends = []
            problems.append(ValidationError(field: "--backend", rule: "bench.backend", message: "ska vara sqlite, postgres eller both"))
        }
        var server: PostgresURL?
        if let database {
            switch PostgresURL.parse(database) {
            case .success(let url): server = url
            case .failure(let p): problems.append(ValidationError(field: "--database", rule: "store.database-url", message: p.description))
            }
            if backends == [.sqlite] {
                problems.append(ValidationError(field: "--database", rule: "bench.database-unused",
                                                message: "gäller bara --backend postgres och --backend both"))
            }
        } else if backends.contains(.postgres) {
            problems.append(ValidationError(field: "--database", rule: "bench.database-required",
                                            message: "behövs med --backend \(backend): adressen till en PostgreSQL-server (postgres://ANVÄNDARE@VÄRD:PORT/DATABAS) där benchen får skapa och ta bort en databas"))
        }
        var sizes: [Int] = []
        let parts = searchSizes.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        if parts.isEmpty || parts.contains(where: { Int($0) == nil }) {
            problems.append(ValidationError(field: "--search-sizes", rule: "bench.search-sizes",
                                            message: "ska vara antal handlingar åtskilda med komma, t.ex. \(Self.defaultSearchSizes)"))
        } else {
            sizes = Array(Set(parts.compactMap { Int($0) })).sorted()
            let registered = count + singles
            if let small = sizes.first(where: { $0 < registered }) {
                problems.append(ValidationError(field: "--search-sizes", rule: "bench.search-size-small",
                                                message: "\(small) är färre än de \(registered) handlingar som registreras först (--count + --singles)"))
            }
            if let large = sizes.last, large > Self.largestSearchSize {
                problems.append(ValidationError(field: "--search-sizes", rule: "bench.search-size-large",
                                                message: "\(large) är fler än \(Self.largestSearchSize) handlingar"))
            }
        }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        self.server = server
        self.count = count
        self.singles = singles
        self.queries = queries
        self.searchSizes = sizes
        self.webSeconds = webSeconds
        self.webClients = webClients
        self.webQuery = webQuery
    }
}

/// What `diarium bench --backend` measured, backend by backend. Rates are per second,
/// latencies in milliseconds.
public struct BackendBenchReport: Sendable, Codable {
    public let count: Int
    public let singles: Int
    public let batchSize: Int
    public let queries: Int
    /// `diarium serve` processes on each store during the web runs.
    public let servers: Int
    public let webClients: Int
    public let webSeconds: Int
    public let backends: [BackendFigures]
}

public struct BackendFigures: Sendable, Codable {
    public struct Bulk: Sendable, Codable {
        public let documents: Int
        public let seconds: Double
        public let perSecond: Double
    }

    /// Search at one size of the register, the documents beyond those registered generated
    /// straight into the index.
    public struct Search: Sendable, Codable {
        public let documents: Int
        /// Documents the generator added to reach `documents`, and how long it took.
        public let generated: Int
        public let generateSeconds: Double
        public let search: BenchReport.Latency
        public let publicSearch: BenchReport.Latency
        public let internalSearch: BenchReport.Latency
    }

    public let backend: BenchBackend
    /// The throwaway database (PostgreSQL), dropped at the end unless kept.
    public let database: String?
    public let bulk: Bulk
    public let singleDurable: BenchReport.Latency
    public let search: [Search]
    public let web: TwoServerWebReport
}

/// Why the backend bench could not start: the PostgreSQL server would not make its database.
public struct BackendBenchSetupError: Error, Sendable, CustomStringConvertible {
    /// The server's refusal, as the Kit reports a store's.
    public let error: DiariumError
    public var description: String { "\(error)" }
}

extension Bench {
    /// Measures each backend of `settings` in a throwaway store of its own under `scratch`
    /// (removed afterwards unless `keep`; on PostgreSQL also a throwaway database on the server,
    /// dropped unless `keep`), one after the other: COUNT documents registered in bulk through
    /// the Kit, SINGLES durable registrations, the web pages under two `executable serve`
    /// processes on that store, then search at each size of `searchSizes`, the register filled
    /// up to it by the backend's generator.
    public static func backends(_ settings: BackendBenchSettings, home: DiariumHome, executable: URL, scratch: URL, keep: Bool,
                                progress: @escaping (String) -> Void) throws -> BackendBenchReport {
        // Before minutes of registering: the tool that measures the web must be there.
        guard let wrk = findOnPath("wrk") else { throw WebBenchError.wrkMissing }
        // The servers are child processes and read the password from the environment only.
        if let password = settings.server?.password, ProcessInfo.processInfo.environment["PGPASSWORD"] == nil {
            setenv("PGPASSWORD", password, 1)
        }
        let root = scratch.appendingPathComponent("diarium-bench-backends-\(UUID().uuidString)", isDirectory: true)
        defer {
            if keep {
                progress("kept the throwaway stores in \(root.path)")
            } else {
                progress("removing the throwaway stores (--keep keeps them)")
                try? FileManager.default.removeItem(at: root)
            }
        }
        let files = root.appendingPathComponent("files", isDirectory: true)
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        let total = settings.count + settings.singles
        progress("preparing \(total) synthetic documents (the same for every backend)")
        var data = BenchData()
        var requests: [RegistrationRequest] = []
        requests.reserveCapacity(total)
        for i in 0..<total {
            let (meta, text) = data.registration(i)
            let url = files.appendingPathComponent("\(i).txt")
            try text.write(to: url)
            requests.append(RegistrationRequest(file: url, meta: meta))
        }
        var figures: [BackendFigures] = []
        for backend in settings.backends {
            figures.append(try measure(backend, settings, requests: requests, wrk: wrk, root: root, home: home,
                                       executable: executable, keep: keep) { progress("[\(backend.rawValue)] " + $0) })
        }
        return BackendBenchReport(count: settings.count, singles: settings.singles, batchSize: settings.batchSize,
                                  queries: settings.queries, servers: webServers, webClients: settings.webClients,
                                  webSeconds: settings.webSeconds, backends: figures)
    }

    static func measure(_ backend: BenchBackend, _ settings: BackendBenchSettings, requests: [RegistrationRequest], wrk: URL,
                        root: URL, home: DiariumHome, executable: URL, keep: Bool,
                        progress: @escaping (String) -> Void) throws -> BackendFigures {
        let dir = root.appendingPathComponent(backend.rawValue, isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = dir.appendingPathComponent("store", isDirectory: true)
        var database: PostgresURL?
        if backend == .postgres, let server = settings.server {
            let name = "diarium_bench_" + UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(12)
            do { try PostgresServer.createDatabase(name, on: server) } catch { throw BackendBenchSetupError(error: .store(error)) }
            let url = PostgresServer.url(server, database: name)
            database = url
            progress("made the throwaway database \(url)")
        }
        // Runs last, after every store and server on the database has gone.
        defer {
            if let database, let server = settings.server {
                if keep {
                    progress("kept the database \(database)")
                } else {
                    progress("dropping the database \(database) (--keep keeps it)")
                    try? PostgresServer.dropDatabase(database.database, on: server)
                }
            }
        }
        let index = try database.map { d throws(DiariumError) in
            try SharedIndex(database: d.description, objects: dir.appendingPathComponent("objects", isDirectory: true))
        }
        _ = try Diarium.initialize(store: store, as: bench, index: index)

        let registered = try register(requests, settings, store: store, home: home, progress: progress)
        let web = try twoServers(store: store, registered, wrk: wrk, clients: settings.webClients, seconds: settings.webSeconds,
                                 home: home, executable: executable, dir: dir, progress: progress)
        var search: [BackendFigures.Search] = []
        for size in settings.searchSizes {
            search.append(try searchAt(size, backend, store: store, vocabulary: registered.vocabulary, queries: settings.queries,
                                       home: home, progress: progress))
        }
        return BackendFigures(backend: backend, database: database?.description, bulk: registered.bulk,
                              singleDurable: registered.singles, search: search, web: web)
    }

    /// What the registrations through the Kit left in the store for the later runs.
    struct Registered {
        let bulk: BackendFigures.Bulk
        let singles: BenchReport.Latency
        let documents: Int
        let numbers: [String]
        let searchWord: String
        let searchHits: Int
        let vocabulary: CorpusVocabulary
    }

    /// COUNT in bulk through the Kit's batch registration, then SINGLES one by one, as
    /// `Bench.run` does; the web's search word as `Bench.seed` picks it. The Diarium is closed
    /// on return, before the servers open the store.
    static func register(_ requests: [RegistrationRequest], _ settings: BackendBenchSettings, store: URL, home: DiariumHome,
                         progress: @escaping (String) -> Void) throws -> Registered {
        let diarium = try Diarium(store: store, home: home).acting(as: bench)
        let count = settings.count, batchSize = settings.batchSize
        progress("bulk: registering \(count) documents in batches of \(batchSize)")
        let start = Date()
        let receipts = try diarium.registerBatch(Array(requests.prefix(count)), batchSize: batchSize, as: bench) { done in
            if done % max(batchSize, count / 10) == 0 || done == count {
                progress("bulk: \(done)/\(count) (\(Int(Double(done) / max(Date().timeIntervalSince(start), 1e-9)))/s)")
            }
        }
        let seconds = Date().timeIntervalSince(start)
        progress("single durable registrations: \(settings.singles)")
        var numbers = receipts.map(\.document)
        var times: [Double] = []
        for r in requests.suffix(settings.singles) {
            let t = Date()
            numbers.append(try diarium.register(r, as: bench).document)
            times.append(Date().timeIntervalSince(t) * 1000)
        }
        var best = (word: "", hits: 0)
        for word in settings.webQuery.map({ [$0] }) ?? ["avtal", "anbud"] {
            let hits = try diarium.searchCount(SearchQuery(text: word, limit: 20), scope: .public, as: bench)
            if hits > best.hits { best = (word, hits) }
        }
        guard best.hits > 0 else { throw WebBenchError.noSearchWord(settings.webQuery ?? "avtal, anbud") }
        return Registered(bulk: .init(documents: count, seconds: seconds, perSecond: Double(count) / max(seconds, 1e-9)),
                          singles: latency(times), documents: try diarium.store.documentCount(), numbers: numbers,
                          searchWord: best.word, searchHits: best.hits, vocabulary: try CorpusVocabulary(diarium))
    }
}
