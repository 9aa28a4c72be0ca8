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
                       output: URL) throws -> WrkRun {
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let out = try FileHandle(forWritingTo: output)
        defer { try? out.close() }
        let p = Process()
        p.executableURL = wrk
        p.arguments = ["-t\(threads)", "-c\(clients)", "-d\(seconds)s", "--latency", "-s", script.path, "http://127.0.0.1:\(port)/"]
        var env = ProcessInfo.processInfo.environment
        env["DIARIUM_BENCH_PATHS"] = paths.path
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

// MARK: The server under test

/// `diarium serve` as a child process of the bench, its output in a log file.
struct Server {
    let process: Process
    let port: Int
    let log: URL

    init(executable: URL, store: URL, port: Int, home: DiariumHome, log: URL) throws {
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        let p = Process()
        p.executableURL = executable
        p.arguments = ["serve", "--store", store.path, "--port", String(port)]
        var env = ProcessInfo.processInfo.environment
        // The same templates the bench found, whatever the server would find from its own path.
        env["DIARIUM_HOME"] = home.root.path
        p.environment = env
        p.standardOutput = handle
        p.standardError = handle
        p.standardInput = FileHandle.nullDevice
        try p.run()
        try? handle.close()
        process = p
        self.port = port
        self.log = log
    }

    /// Waits up to a minute for `/` to answer.
    func waitUntilAnswering() throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            guard process.isRunning else { throw WebBenchError.serverDown(logTail()) }
            if let answer = try? Loopback.get("/", port: port), !answer.status.isEmpty { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw WebBenchError.serverDown("no answer within 60 s; " + logTail())
    }

    /// Ctrl-C, as a user stops it; killed if it has not stopped after 20 s.
    func stop() {
        guard process.isRunning else { return }
        process.interrupt()
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    func logTail() -> String {
        String(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(2000))
    }

    /// Resident memory now (VmRSS) and the peak over the process's life (VmHWM), in bytes.
    func memory() -> (rss: Int64?, peak: Int64?) {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int64? {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
                  let kib = Int64(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
            return kib * 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// CPU time (user + system) the server has used, in seconds.
    func cpuSeconds() -> Double {
        CPUTime.process(process.processIdentifier)
    }
}

/// CPU time in seconds, from Linux's /proc and getrusage(2).
enum CPUTime {
    static var tick: Double { Double(sysconf(Int32(_SC_CLK_TCK))) }

    /// User + system time of process `pid`.
    static func process(_ pid: Int32) -> Double {
        // The command name in parentheses may hold spaces: fields are counted after its ")".
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")": state is field 3 of stat(5), utime 14 and stime 15.
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / tick
    }

    /// Every core's time not idle (nor waiting for I/O) since boot, summed.
    static func machineBusy() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return 0 }
        // user nice system idle iowait irq softirq steal (guest time is inside user already).
        let t = line.split(separator: " ").dropFirst().prefix(8).compactMap { Double($0) }
        guard t.count == 8 else { return 0 }
        return (t[0] + t[1] + t[2] + t[5] + t[6] + t[7]) / tick
    }

    /// User + system time of the children this process has waited for.
    static func reapedChildren() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_CHILDREN.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}

/// Plain sockets on 127.0.0.1, as the serve tests use them: a free port, one GET.
enum Loopback {
    /// A port the system has just handed out and released, free for the server to take.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = loopback(port: 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// One HTTP/1.1 GET; the status line's code and reason (`200 OK`), empty when the answer
    /// has none.
    static func get(_ path: String, port: Int) throws -> (status: String, response: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        let sent = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        guard sent == request.count else { throw POSIXError(.EPIPE) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        let text = String(decoding: data, as: UTF8.self)
        let first = text.prefix { $0 != "\r" && $0 != "\n" }
        let status = first.hasPrefix("HTTP/") ? String(first.drop { $0 != " " }.dropFirst()) : ""
        return (status, text)
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return address
    }
}
