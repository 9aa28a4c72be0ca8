@_spi(Tools) public import DiariumKit
import DiariumModel
import DiariumStore
public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `diarium bench --web` measured: the real server (`diarium serve`, a child process)
/// under wrk on loopback. Rates are pages per second, latencies milliseconds, memory MiB.
public struct WebBenchReport: Sendable, Codable {
    /// One page under load for `seconds`.
    public struct Page: Sendable, Codable {
        /// `search`, `entry` (one register entry) or `start`.
        public let name: String
        /// The first path requested (the others differ only in the entry's number).
        public let path: String
        /// Distinct paths the clients went through in turn.
        public let paths: Int
        public let requests: Int
        public let requestsPerSecond: Double
        /// Per-request latency as wrk measures it (from sending the request to the end of the
        /// response, per connection: a closed loop, so time spent queueing before a send is not in it).
        public let p50: Double
        public let p75: Double
        public let p90: Double
        public let p95: Double
        public let p99: Double
        public let max: Double
        /// Responses with a status outside 200–299, counted by the script's `response()` hook.
        public let non2xx: Int
        /// Connections that failed, reads and writes that failed, and requests wrk gave up on
        /// after its 2 s timeout.
        public let socketErrors: Int
        /// CPU time spent during the run over the run's wall time (2.0 is both cores of the
        /// 2-core machine): by the server, by wrk, and by every other process (the bench's own
        /// polling is a few milliseconds of it). Others above a tenth of a core mean the machine
        /// was shared and the figures understate it.
        public let serverCores: Double
        public let wrkCores: Double
        public let otherCores: Double
        public let meetsTarget: Bool
    }

    public let documents: Int
    public let clients: Int
    public let threads: Int
    public let seconds: Int
    /// The word the search page looks for, and how many public documents it finds.
    public let searchWord: String
    public let searchHits: Int
    public let targetRequestsPerSecond: Double
    public let targetP95: Double
    public let pages: [Page]
    /// The server's resident memory once it answered its first page (VmRSS).
    public let serverRSSAtStartMiB: Double
    /// The server's resident memory after the runs (VmRSS), and its peak over its life (VmHWM).
    public let serverRSSMiB: Double
    public let serverPeakRSSMiB: Double
    /// Every page met the target, without errors.
    public let passed: Bool

    init(documents: Int, clients: Int, threads: Int, seconds: Int, searchWord: String, searchHits: Int,
         targetRequestsPerSecond: Double, targetP95: Double, pages: [Page],
         serverRSSAtStartMiB: Double, serverRSSMiB: Double, serverPeakRSSMiB: Double) {
        self.documents = documents
        self.clients = clients
        self.threads = threads
        self.seconds = seconds
        self.searchWord = searchWord
        self.searchHits = searchHits
        self.targetRequestsPerSecond = targetRequestsPerSecond
        self.targetP95 = targetP95
        self.pages = pages
        self.serverRSSAtStartMiB = serverRSSAtStartMiB
        self.serverRSSMiB = serverRSSMiB
        self.serverPeakRSSMiB = serverPeakRSSMiB
        passed = pages.allSatisfy(\.meetsTarget)
    }
}

/// Why the web bench could not measure.
public enum WebBenchError: Error, Sendable, CustomStringConvertible {
    /// wrk is not on PATH.
    case wrkMissing
    /// The server stopped or never answered; the tail of its output.
    case serverDown(String)
    /// A page answered something else than 200 before the load started.
    case pageFailed(path: String, status: String)
    /// wrk stopped without its summary line; its output.
    case wrkFailed(String)
    /// The search words find no public document: the page would measure an empty result.
    case noSearchWord(String)

    public var description: String {
        switch self {
        case .wrkMissing: "wrk is not installed (Debian: apt-get install wrk)"
        case .serverDown(let log): "the server did not answer: \(log)"
        case .pageFailed(let path, let status): "\(path) answered \(status) instead of 200"
        case .wrkFailed(let output): "wrk gave no summary: \(output)"
        case .noSearchWord(let words): "the search (\(words)) finds no public document"
        }
    }
}

extension Bench {
    /// The web application's targets (issue 13): pages per second and p95 in milliseconds.
    public static let webTargetRate = 1000.0
    public static let webTargetP95 = 50.0

    /// Seeds a throwaway store under `scratch` with `count` documents, starts `executable serve`
    /// on a free loopback port and loads the search page, the entry page and the start page with
    /// wrk, `clients` connections for `seconds` each. The store is removed afterwards unless `keep`.
    /// `query`: the search page's words; nil picks a word of the synthetic vocabulary that
    /// thousands of public documents contain.
    public static func web(count: Int, clients: Int, seconds: Int, query: String? = nil, home: DiariumHome, executable: URL,
                           scratch: URL, keep: Bool = false, progress: @escaping (String) -> Void) throws -> WebBenchReport {
        // Before minutes of seeding: the tool that measures must be there.
        guard let wrk = findOnPath("wrk") else { throw WebBenchError.wrkMissing }
        let root = scratch.appendingPathComponent("diarium-bench-web-\(UUID().uuidString)", isDirectory: true)
        defer {
            if !keep {
                progress("removing the throwaway store (--keep keeps it)")
                try? FileManager.default.removeItem(at: root)
            } else {
                progress("kept the throwaway store in \(root.path)")
            }
        }
        let storeURL = root.appendingPathComponent("store", isDirectory: true)
        let seeded = try seed(count: count, query: query, store: storeURL, root: root, home: home, progress: progress)

        // Shuffled, so that the clients do not walk the store in registration order; spread over
        // every number registered, at most 10 000 of them.
        var rng = SplitMix64(seed: 0xD1A2_13)
        let step = max(1, seeded.numbers.count / 10_000)
        var numbers = stride(from: 0, to: seeded.numbers.count, by: step).map { seeded.numbers[$0] }
        for i in stride(from: numbers.count - 1, to: 0, by: -1) { numbers.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let pages: [(name: String, paths: [String])] = [
            ("search", ["/sok?q=" + queryValue(seeded.searchWord)]),
            ("entry", numbers.map { "/handling?nr=" + queryValue($0) }),
            ("start", ["/"]),
        ]
        let script = root.appendingPathComponent("rotate.lua")
        try Data(luaScript.utf8).write(to: script)
        for page in pages {
            try Data((page.paths.joined(separator: "\n") + "\n").utf8).write(to: root.appendingPathComponent("\(page.name).paths"))
        }

        let port = try Loopback.freePort()
        progress("starting the server: \(executable.path) serve --port \(port)")
        let server = try Server(executable: executable, store: storeURL, port: port, home: home,
                                log: root.appendingPathComponent("server.log"))
        defer {
            progress("stopping the server")
            server.stop()
        }
        try server.waitUntilAnswering()
        for page in pages {
            let status = (try? Loopback.get(page.paths[0], port: port))?.status ?? "no answer"
            guard status.hasPrefix("200") else { throw WebBenchError.pageFailed(path: page.paths[0], status: status) }
        }
        let atStart = server.memory()

        let threads = min(2, clients)
        var results: [WebBenchReport.Page] = []
        for page in pages {
            progress("\(page.name): wrk -t\(threads) -c\(clients) -d\(seconds)s over \(page.paths.count) path(s), from \(page.paths[0])")
            let cpuBefore = server.cpuSeconds(), childrenBefore = CPUTime.reapedChildren(), machineBefore = CPUTime.machineBusy()
            let started = Date()
            let run = try runWrk(wrk, threads: threads, clients: clients, seconds: seconds, script: script,
                                 paths: root.appendingPathComponent("\(page.name).paths"), port: port,
                                 output: root.appendingPathComponent("wrk-\(page.name).txt"))
            let wall = max(Date().timeIntervalSince(started), 1e-9)
            // Only wrk is reaped during the run (the server is reaped at the end), so the children's
            // CPU time grows by wrk's alone.
            let cores = max(0, server.cpuSeconds() - cpuBefore) / wall
            let wrkCores = max(0, CPUTime.reapedChildren() - childrenBefore) / wall
            let otherCores = max(0, (CPUTime.machineBusy() - machineBefore) / wall - cores - wrkCores)
            let rate = Double(run.requests) / max(run.durationSeconds, 1e-9)
            let meets = rate >= webTargetRate && run.p95 < webTargetP95 && run.non2xx == 0 && run.socketErrors == 0
            results.append(.init(name: page.name, path: page.paths[0], paths: page.paths.count, requests: run.requests,
                                 requestsPerSecond: rate, p50: run.p50, p75: run.p75, p90: run.p90, p95: run.p95, p99: run.p99,
                                 max: run.max, non2xx: run.non2xx, socketErrors: run.socketErrors, serverCores: cores,
                                 wrkCores: wrkCores, otherCores: otherCores, meetsTarget: meets))
            progress(String(format: "\(page.name): %.0f pages/s, p95 %.1f ms, %d non-2xx, %d socket errors; cores: server %.2f, wrk %.2f, others %.2f",
                            rate, run.p95, run.non2xx, run.socketErrors, cores, wrkCores, otherCores))
        }
        let after = server.memory()
        let mib = { (bytes: Int64?) in Double(bytes ?? 0) / 1_048_576 }
        return WebBenchReport(documents: seeded.documents, clients: clients, threads: threads, seconds: seconds,
                              searchWord: seeded.searchWord, searchHits: seeded.searchHits,
                              targetRequestsPerSecond: webTargetRate, targetP95: webTargetP95, pages: results,
                              serverRSSAtStartMiB: mib(atStart.rss), serverRSSMiB: mib(after.rss), serverPeakRSSMiB: mib(after.peak))
    }

    /// What the seeded store holds that the pages need.
    struct SeededStore {
        let documents: Int
        let numbers: [String]
        let searchWord: String
        let searchHits: Int
    }

    /// Registers `count` synthetic documents in bulk, as `Bench.run` does, and picks the search
    /// word. The Diarium is closed on return, before the server opens the store.
    static func seed(count: Int, query: String?, store: URL, root: URL, home: DiariumHome, batchSize: Int = 1000,
                     progress: @escaping (String) -> Void) throws -> SeededStore {
        let files = root.appendingPathComponent("files", isDirectory: true)
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        progress("preparing \(count) synthetic documents")
        var data = BenchData()
        var requests: [RegistrationRequest] = []
        requests.reserveCapacity(count)
        for i in 0..<count {
            let (meta, text) = data.registration(i)
            let url = files.appendingPathComponent("\(i).txt")
            try text.write(to: url)
            requests.append(RegistrationRequest(file: url, meta: meta))
        }
        _ = try Diarium.initialize(store: store, as: bench)
        let diarium = try Diarium(store: store, home: home)
        progress("bulk: registering \(count) documents in batches of \(batchSize)")
        let start = Date()
        let receipts = try diarium.registerBatch(requests, batchSize: batchSize, as: bench) { done in
            if done % max(batchSize, count / 10) == 0 || done == count {
                progress("bulk: \(done)/\(count) (\(Int(Double(done) / max(Date().timeIntervalSince(start), 1e-9)))/s)")
            }
        }
        // The files were only input: the archive holds its own copies.
        try? FileManager.default.removeItem(at: files)

        // A document type of the synthetic vocabulary, in about one public title in eight: a
        // search a visitor makes, with thousands of hits to count and page through. (Every
        // case title holds "direktupphandling": --web-query takes that for the worst case.)
        var best = (word: "", hits: 0)
        for word in query.map({ [$0] }) ?? ["avtal", "anbud"] {
            let hits = try diarium.searchCount(SearchQuery(text: word, limit: 20), scope: .public, as: bench)
            if hits > best.hits { best = (word, hits) }
        }
        guard best.hits > 0 else { throw WebBenchError.noSearchWord(query ?? "avtal, anbud") }
        progress("search word: \(best.word) (\(best.hits) public documents)")
        return SeededStore(documents: try diarium.store.documentCount(), numbers: receipts.map(\.document),
                           searchWord: best.word, searchHits: best.hits)
    }

    /// A query value as the site's own links write it (`Site.query`): a space as %20.
    static func queryValue(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    static func findOnPath(_ name: String) -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = URL(fileURLWithPath: String(dir), isDirectory: true).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    // MARK: wrk

    /// Each connection takes the next path of the list in $DIARIUM_BENCH_PATHS (one per line);
    /// each thread starts at its own place. `response()` counts every status outside 2xx exactly
    /// (wrk's own counter takes only 400 and above), and `done()` prints one line with the
    /// totals and the percentiles in microseconds, p95 included, which `--latency` does not print.
    static let luaScript = """
        -- diarium bench --web: written by the bench, removed with its scratch store.
        local paths = {}
        for line in io.lines(os.getenv("DIARIUM_BENCH_PATHS")) do
          if #line > 0 then paths[#paths + 1] = line end
        end
        local threads = {}
        -- A logged-in official's pages (--web-staff): the session cookie on every request.
        local cookie = os.getenv("DIARIUM_BENCH_COOKIE")
        if cookie and #cookie > 0 then wrk.headers["Cookie"] = cookie end

        function setup(thread)
          thread:set("id", #threads)
          table.insert(threads, thread)
        end

        function init(args)
          bad = 0
          index = ((id or 0) * 7919) % #paths
        end

        function request()
          index = index % #paths + 1
          return wrk.format("GET", paths[index])
        end

        function response(status, headers, body)
          if status < 200 or status > 299 then bad = bad + 1 end
        end

        function done(summary, latency, requests)
          local non2xx = 0
          for _, thread in ipairs(threads) do non2xx = non2xx + (thread:get("bad") or 0) end
          local e = summary.errors
          io.write(string.format(
            "diarium-wrk requests=%d duration_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d p50_us=%d p75_us=%d p90_us=%d p95_us=%d p99_us=%d max_us=%d\\n",
            summary.requests, summary.duration, non2xx, e.connect, e.read, e.write, e.timeout,
            latency:percentile(50), latency:percentile(75), latency:percentile(90), latency:percentile(95),
            latency:percentile(99), latency.max))
        end

        """

    struct WrkRun {
        var requests = 0
        var durationSeconds = 0.0
        var non2xx = 0
        var socketErrors = 0
        var p50 = 0.0, p75 = 0.0, p90 = 0.0, p95 = 0.0, p99 = 0.0, max = 0.0
    }

    static func runWrk(_ wrk: URL, threads: Int, clients: Int, seconds: Int, script: URL, paths: URL, port: Int,
                       output: URL, cookie: String? = nil) throws -> WrkRun {
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let out = try FileHandle(forWritingTo: output)
        defer { try? out.close() }
        let p = Process()
        p.executableURL = wrk
        p.arguments = ["-t\(threads)", "-c\(clients)", "-d\(seconds)s", "--latency", "-s", script.path, "http://127.0.0.1:\(port)/"]
        var env = ProcessInfo.processInfo.environment
        env["DIARIUM_BENCH_PATHS"] = paths.path
        env["DIARIUM_BENCH_COOKIE"] = cookie ?? ""
        p.environment = env
        p.standardOutput = out
        p.standardError = out
        try p.run()
        // wrk ends itself after -d; the bound is for a wrk that hangs.
        let deadline = Date().addingTimeInterval(Double(seconds) + 60)
        while p.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("diarium-wrk ") }) else {
            throw WebBenchError.wrkFailed(String(text.suffix(2000)))
        }
        var fields: [String: Int] = [:]
        for pair in line.split(separator: " ").dropFirst() {
            let kv = pair.split(separator: "=", maxSplits: 1)
            if kv.count == 2, let v = Int(kv[1]) { fields[String(kv[0])] = v }
        }
        func ms(_ key: String) -> Double { Double(fields[key] ?? 0) / 1000 }
        var run = WrkRun()
        run.requests = fields["requests"] ?? 0
        run.durationSeconds = Double(fields["duration_us"] ?? 0) / 1_000_000
        run.non2xx = fields["non2xx"] ?? 0
        run.socketErrors = ["connect", "read", "write", "timeout"].reduce(0) { $0 + (fields[$1] ?? 0) }
        run.p50 = ms("p50_us")
        run.p75 = ms("p75_us")
        run.p90 = ms("p90_us")
        run.p95 = ms("p95_us")
        run.p99 = ms("p99_us")
        run.max = ms("max_us")
        return run
    }
}
