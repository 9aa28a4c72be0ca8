@_spi(Tools) import DiariumKit
import Foundation

/// The web part of `diarium bench --backend`: two `diarium serve` processes on the one store,
/// each under a wrk of its own at the same time. Rates are pages per second, latencies
/// milliseconds.
public struct TwoServerWebReport: Sendable, Codable {
    /// One server's share of a page's run.
    public struct Server: Sendable, Codable {
        public let port: Int
        public let requests: Int
        public let requestsPerSecond: Double
        public let p50: Double
        public let p95: Double
        public let p99: Double
        public let max: Double
        public let non2xx: Int
        public let socketErrors: Int
        /// The server's CPU time over the run's wall time (2.0 is both cores of a 2-core machine).
        public let cores: Double
    }

    public struct Page: Sendable, Codable {
        /// `search` or `entry`, as in `diarium bench --web`.
        public let name: String
        public let path: String
        public let paths: Int
        /// Both servers together.
        public let requests: Int
        public let requestsPerSecond: Double
        public let non2xx: Int
        public let socketErrors: Int
        /// Both wrk processes, and every other process of the machine, as `WebBenchReport.Page`.
        public let wrkCores: Double
        public let otherCores: Double
        public let servers: [Server]
    }

    public let documents: Int
    public let searchWord: String
    public let searchHits: Int
    public let pages: [Page]
}

extension Bench {
    /// `diarium serve` processes per store in `diarium bench --backend`.
    static let webServers = 2

    /// Starts two servers on `store` and loads the search page and a register entry (the
    /// registered numbers in turn) as `Bench.web` does, both servers at once: one wrk of one
    /// thread and `clients` connections per server (two wrk threads in all, as `Bench.web`
    /// runs), for `seconds` a page.
    static func twoServers(store: URL, _ registered: Registered, wrk: URL, clients: Int, seconds: Int, home: DiariumHome,
                           executable: URL, dir: URL, progress: @escaping (String) -> Void) throws -> TwoServerWebReport {
        // The entries as `Bench.web` takes them: shuffled, at most 10 000.
        var rng = SplitMix64(seed: 0xD1A2_13)
        let step = max(1, registered.numbers.count / 10_000)
        var numbers = stride(from: 0, to: registered.numbers.count, by: step).map { registered.numbers[$0] }
        for i in stride(from: numbers.count - 1, to: 0, by: -1) { numbers.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        let pages: [(name: String, paths: [String])] = [
            ("search", ["/sok?q=" + queryValue(registered.searchWord)]),
            ("entry", numbers.map { "/handling?nr=" + queryValue($0) }),
        ]
        let script = dir.appendingPathComponent("rotate.lua")
        try Data(luaScript.utf8).write(to: script)
        for page in pages {
            try Data((page.paths.joined(separator: "\n") + "\n").utf8).write(to: dir.appendingPathComponent("\(page.name).paths"))
        }

        var ports: [Int] = []
        while ports.count < webServers {
            let port = try Loopback.freePort()
            if !ports.contains(port) { ports.append(port) }
        }
        let serverPorts = ports
        var servers: [Server] = []
        defer {
            progress("stopping the servers")
            for s in servers { s.stop() }
        }
        for (i, port) in ports.enumerated() {
            progress("starting server \(i + 1): \(executable.path) serve --port \(port)")
            servers.append(try Server(executable: executable, store: store, port: port, home: home,
                                      log: dir.appendingPathComponent("server-\(i + 1).log")))
        }
        for s in servers { try s.waitUntilAnswering() }
        for page in pages {
            for s in servers {
                let status = (try? Loopback.get(page.paths[0], port: s.port))?.status ?? "no answer"
                guard status.hasPrefix("200") else { throw WebBenchError.pageFailed(path: page.paths[0], status: status) }
            }
        }

        var results: [TwoServerWebReport.Page] = []
        for page in pages {
            progress("\(page.name): \(webServers) × wrk -t1 -c\(clients) -d\(seconds)s over \(page.paths.count) path(s), from \(page.paths[0])")
            let cpuBefore = servers.map { $0.cpuSeconds() }
            let childrenBefore = CPUTime.reapedChildren(), machineBefore = CPUTime.machineBusy()
            let started = Date()
            let runs = WrkRuns(count: servers.count)
            let paths = dir.appendingPathComponent("\(page.name).paths")
            DispatchQueue.concurrentPerform(iterations: servers.count) { i in
                runs.set(i, Result {
                    try runWrk(wrk, threads: 1, clients: clients, seconds: seconds, script: script, paths: paths, port: serverPorts[i],
                               output: dir.appendingPathComponent("wrk-\(page.name)-\(i + 1).txt"))
                })
            }
            let wall = max(Date().timeIntervalSince(started), 1e-9)
            var shares: [TwoServerWebReport.Server] = []
            var serverCores = 0.0
            for (i, s) in servers.enumerated() {
                let run = try runs.get(i)
                let cores = max(0, s.cpuSeconds() - cpuBefore[i]) / wall
                serverCores += cores
                shares.append(.init(port: s.port, requests: run.requests, requestsPerSecond: Double(run.requests) / max(run.durationSeconds, 1e-9),
                                    p50: run.p50, p95: run.p95, p99: run.p99, max: run.max, non2xx: run.non2xx,
                                    socketErrors: run.socketErrors, cores: cores))
            }
            let wrkCores = max(0, CPUTime.reapedChildren() - childrenBefore) / wall
            let otherCores = max(0, (CPUTime.machineBusy() - machineBefore) / wall - serverCores - wrkCores)
            let result = TwoServerWebReport.Page(
                name: page.name, path: page.paths[0], paths: page.paths.count, requests: shares.reduce(0) { $0 + $1.requests },
                requestsPerSecond: shares.reduce(0) { $0 + $1.requestsPerSecond }, non2xx: shares.reduce(0) { $0 + $1.non2xx },
                socketErrors: shares.reduce(0) { $0 + $1.socketErrors }, wrkCores: wrkCores, otherCores: otherCores, servers: shares)
            results.append(result)
            progress(String(format: "\(page.name): %.0f pages/s in all, p95 %@ ms, %d non-2xx, %d socket errors",
                            result.requestsPerSecond, shares.map { String(format: "%.1f", $0.p95) }.joined(separator: " / "),
                            result.non2xx, result.socketErrors))
        }
        return TwoServerWebReport(documents: registered.documents, searchWord: registered.searchWord, searchHits: registered.searchHits,
                                  pages: results)
    }
}

/// The wrk runs of one page, each set once from its own thread.
private final class WrkRuns: @unchecked Sendable {
    private var runs: [Result<Bench.WrkRun, any Error>?]
    private let lock = NSLock()

    init(count: Int) { runs = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ run: Result<Bench.WrkRun, any Error>) {
        lock.lock()
        runs[i] = run
        lock.unlock()
    }

    func get(_ i: Int) throws -> Bench.WrkRun {
        lock.lock()
        defer { lock.unlock() }
        guard let run = runs[i] else { throw WebBenchError.wrkFailed("wrk \(i + 1) did not run") }
        return try run.get()
    }
}
