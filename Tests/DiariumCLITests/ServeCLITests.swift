import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `diarium serve` as a user runs it: it says where it listens, answers on loopback with the
/// security headers, and stops cleanly on Ctrl-C.
@Suite("diarium serve")
struct ServeCLITests {
    /// A port the system has just handed out and released, free for the server to take.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// One HTTP/1.1 GET over a plain socket; the whole response as text.
    static func get(_ path: String, port: Int) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        let request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(fd, $0, strlen($0), 0) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return String(decoding: data, as: UTF8.self)
    }

    @Test("serve prints its address, answers the start page with the policy, and stops on Ctrl-C")
    func serve() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("store").path
        #expect(try runCLI(["init", "--store", store]).status == 0)
        let port = try Self.freePort()
        let p = Process()
        p.executableURL = Paths.binary
        p.arguments = ["serve", "--store", store, "--port", String(port)]
        var env = ProcessInfo.processInfo.environment
        env["DIARIUM_HOME"] = Paths.repo.path
        p.environment = env
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        defer { if p.isRunning { p.terminate() } }
        // The address line comes once the server is up.
        var printed = ""
        let deadline = Date().addingTimeInterval(30)
        while !printed.contains("\n"), Date() < deadline {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            printed += String(decoding: chunk, as: UTF8.self)
        }
        #expect(printed.contains("http://127.0.0.1:\(port)/"))
        var response = ""
        for _ in 0..<50 {
            if let r = try? Self.get("/", port: port), !r.isEmpty { response = r; break }
            usleep(100_000)
        }
        #expect(response.hasPrefix("HTTP/1.1 200"))
        #expect(response.lowercased().contains("content-security-policy: default-src 'none'"))
        #expect(response.contains("<html lang=\"sv\">"))
        p.interrupt()
        let stop = Date().addingTimeInterval(20)
        while p.isRunning, Date() < stop { usleep(100_000) }
        #expect(!p.isRunning, "Ctrl-C stops the server")
        #expect(p.terminationStatus == 0)
    }
}
