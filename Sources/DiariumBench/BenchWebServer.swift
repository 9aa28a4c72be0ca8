import DiariumKit
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The web bench's processes: the server under test, the CPU time it and the machine use, and a
// loopback port and client of its own.

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
        try send("GET", path, port: port)
    }

    /// One HTTP/1.1 request with `headers` (whole lines) and a body; the status and the answer.
    static func send(_ method: String, _ path: String, port: Int, headers: [String] = [], body: String = "") throws -> (status: String, response: String) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = loopback(port: port)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let bodyBytes = Array(body.utf8)
        let head = (["\(method) \(path) HTTP/1.1", "Host: 127.0.0.1", "Connection: close"] + headers
                    + (method == "GET" ? [] : ["Content-Length: \(bodyBytes.count)"])).joined(separator: "\r\n") + "\r\n\r\n"
        let request = Array(head.utf8) + bodyBytes
        let sent = request.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, 0) }
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
