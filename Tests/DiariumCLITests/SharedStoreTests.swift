import DiariumKit
import DiariumPostgres
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// One PostgreSQL store served from two machines: each machine has its store folder (a copy of
/// the first, with the key beside it), both on the same database and the same objects folder.
/// Runs when the suites run on PostgreSQL (`DIARIUM_TEST_POSTGRES`, `make test`).
@Suite("A shared store on two servers", .serialized, .enabled(if: TestBackend.postgres != nil))
struct SharedStoreTests {
    let s = try! Sandbox()

    /// The second server's store folder: the first's copied, its key beside it.
    func secondServer() throws -> URL {
        let b = s.dir.appendingPathComponent("server-b")
        try FileManager.default.copyItem(at: s.storeURL, to: b)
        try FileManager.default.copyItem(at: s.dir.appendingPathComponent("store.anchor-key"),
                                         to: s.dir.appendingPathComponent("server-b.anchor-key"))
        return b
    }

    @Test("four processes on two servers registering at once never share a number or lose an audit event")
    func fourProcessesTwoServers() throws {
        let b = try secondServer()
        let file = Paths.fixture("anbud.txt").path
        let meta = Paths.fixture("registration.json").path
        let first = try runCLI(["register", file, "--meta", meta, "--json", "--store", s.storeURL.path])
        #expect(first.status == 0, "\(first.stderr)")
        let caseMeta = s.file("case.json", String(decoding: s.meta(["case": "RS 2026/0001", "caseTitle": nil]), as: UTF8.self))
        let eventsBefore = try s.diarium.auditLog(AuditQuery(limit: 500), as: tester).entries.count
        // Four writers, two per server, each registering six documents one after another:
        // alternately a new case and one more document in the first case.
        var processes: [(Process, Pipe)] = []
        for i in 0..<4 {
            let p = Process()
            p.executableURL = Paths.binary
            let folder = i < 2 ? s.storeURL.path : b.path
            let script = (0..<6).map { n in
                "\"$0\" register \(file) --meta \(n % 2 == 0 ? meta : caseMeta.path) --json --store \(folder) || exit 1"
            }.joined(separator: "; ")
            p.executableURL = URL(fileURLWithPath: "/bin/sh")
            p.arguments = ["-c", script, Paths.binary.path]
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = FileHandle.nullDevice
            try p.run()
            processes.append((p, pipe))
        }
        var documents: [String] = []
        for (p, pipe) in processes {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            // One JSON value per registration, one after another.
            let text = String(decoding: data, as: UTF8.self)
            documents += text.matches(of: /"document" : "([^"]+)"/).map { String($0.output.1) }
        }
        #expect(documents.count == 24)
        #expect(Set(documents).count == 24, "\(documents.sorted())")
        let newCases = documents.filter { $0.hasSuffix("-1") }.sorted()
        #expect(newCases == (2...13).map { String(format: "RS 2026/%04d-1", $0) })
        let inFirstCase = documents.filter { $0.hasPrefix("RS 2026/0001-") }.map { Int($0.split(separator: "-").last!)! }.sorted()
        #expect(inFirstCase == Array(2...13))
        // One register event per registration, none lost, none twice.
        let log = try s.diarium.auditLog(AuditQuery(limit: 500), as: tester).entries
        let registered = log.filter { $0.action == "register" }.compactMap(\.subject)
        #expect(log.count - eventsBefore == 24)
        #expect(Set(log.map(\.id)).count == log.count && log.map(\.id).max()! - log.map(\.id).min()! + 1 == Int64(log.count))
        #expect(Set(registered).isSuperset(of: documents))
        // Each server's folder verifies the one store: chain, rows, objects and its own anchor log.
        for folder in [s.storeURL.path, b.path] {
            let v = try runCLI(["verify", "--json", "--store", folder])
            #expect(v.status == 0, "\(folder): \(v.stdout) \(v.stderr)")
        }
    }

    @Test("a server killed in the middle of registrations leaves no row without its object")
    func killedServer() throws {
        let b = try secondServer()
        // Registrations on server B, each killed at a growing delay, while server A registers.
        for i in 0..<8 {
            let killed = Process()
            killed.executableURL = Paths.binary
            killed.arguments = ["register", Paths.fixture("anbud.xml").path, "--meta", Paths.fixture("registration.json").path, "--store", b.path]
            killed.standardOutput = FileHandle.nullDevice
            killed.standardError = FileHandle.nullDevice
            try killed.run()
            let other = try runCLI(["register", Paths.fixture("anbud.txt").path, "--meta", Paths.fixture("registration.json").path,
                                    "--store", s.storeURL.path])
            #expect(other.status == 0, "\(other.stderr)")
            Thread.sleep(forTimeInterval: 0.05 * Double(i))
            kill(killed.processIdentifier, SIGKILL)
            killed.waitUntilExit()
        }
        for folder in [s.storeURL.path, b.path] {
            let v = try runCLI(["verify", "--json", "--store", folder])
            #expect(v.status == 0, "\(folder): \(v.stdout) \(v.stderr)")
        }
    }

    @Test("migrate moves a SQLite store made on the command line; verify passes on the result and numbering goes on")
    func migrateFromTheCommandLine() throws {
        let sqlite = s.dir.appendingPathComponent("lokal").path
        #expect(try runCLI(["init", "--store", sqlite]).status == 0)
        let file = Paths.fixture("anbud.txt").path, meta = Paths.fixture("registration.json").path
        #expect(try runCLI(["register", file, "--meta", meta, "--store", sqlite]).status == 0)
        let server = try #require(TestBackend.postgres)
        let name = "c_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresServer.createDatabase(name, on: server)
        defer { TestBackend.drop(name) }
        let to = PostgresServer.url(server, database: name).description
        let moved = try runCLI(["migrate", "--store", sqlite, "--to", to, "--json"])
        #expect(moved.status == 0, "\(moved.stderr)")
        let result = try #require(try JSONSerialization.jsonObject(with: Data(moved.stdout.utf8)) as? [String: Any])
        #expect(result["documents"] as? Int == 1 && result["database"] as? String == to)
        #expect(try runCLI(["verify", "--store", sqlite]).status == 0)
        let next = try runCLI(["register", file, "--meta", meta, "--json", "--store", sqlite])
        #expect(next.stdout.contains("RS 2026/0002-1"), "\(next.stdout) \(next.stderr)")
        // Again: the store is on PostgreSQL already, refused by field and rule, nothing changed.
        let again = try runCLI(["migrate", "--store", sqlite, "--to", to])
        #expect(again.status == 1 && again.stderr.contains("[store.migrate-already]"), "\(again.stderr)")
    }
}
