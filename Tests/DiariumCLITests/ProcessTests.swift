import DiariumKit
import Foundation
import Testing

/// The real executable, in real processes: the CLI contract, concurrent registrations, and a
/// process killed mid-write.
@Suite("The diarium command", .serialized)
struct ProcessTests {
    let s = try! Sandbox()
    var store: [String] { ["--store", s.storeURL.path] }

    @Test("init is idempotent and says so; other commands on a missing store say how to create it")
    func initTwice() throws {
        let dir = s.dir.appendingPathComponent("new-store").path
        let first = try runCLI(["init", "--store", dir])
        let second = try runCLI(["init", "--store", dir])
        #expect(first.status == 0 && first.stdout.contains("Skapade"))
        #expect(second.status == 0 && second.stdout.contains("finns redan"))
        let missing = try runCLI(["search", "x", "--store", s.dir.appendingPathComponent("none").path])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("diarium init"))
    }

    @Test("register --json prints exactly one JSON value with case, document and sha256")
    func registerJSON() throws {
        let out = try runCLI(["register", Paths.fixture("anbud.txt").path, "--meta", Paths.fixture("registration.json").path, "--json"] + store)
        #expect(out.status == 0, "\(out.stderr)")
        let v = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: String])
        #expect(v["document"] == "RS 2026/0001-1" && v["case"] == "RS 2026/0001" && v["sha256"]?.count == 64)
    }

    @Test("rejected input exits 1 with field: rule on stderr and errors as JSON on stdout")
    func rejected() throws {
        let meta = s.file("bad.json", String(decoding: s.meta(["organisation": "XX", "documentType": "hemlis"]), as: UTF8.self))
        let out = try runCLI(["register", Paths.fixture("anbud.txt").path, "--meta", meta.path, "--json"] + store)
        #expect(out.status == 1)
        #expect(out.stderr.contains("organisation: ") && out.stderr.contains("[organisation.unknown]"))
        #expect(out.stderr.contains("documentType: ") && out.stderr.contains("[document-type.unknown]"))
        let v = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect((v["errors"] as? [Any])?.isEmpty == false)
        let missingMeta = try runCLI(["register", Paths.fixture("anbud.txt").path, "--meta", s.dir.appendingPathComponent("nej.json").path] + store)
        #expect(missingMeta.status == 1 && missingMeta.stderr.contains("meta: "))
        let dirMeta = try runCLI(["register", Paths.fixture("anbud.txt").path, "--meta", s.dir.path + "/../"] + store)
        #expect(dirMeta.status == 1)
    }

    @Test("usage errors exit 64")
    func usage() throws {
        #expect(try runCLI(["register"] + store).status == 64)
        #expect(try runCLI(["search", "x", "--from", "igår"] + store).status == 64)
        #expect(try runCLI(["show", "RS 2026/0001-1", "--format", "pdf"] + store).status == 64)
        #expect(try runCLI(["no-such-command", "--help"]).status == 64, "an unknown command is not help")
        #expect(try runCLI(["help", "register"]).status == 0)
    }

    @Test("validate prints each error with its line and exits 1")
    func validate() throws {
        try runCLI(["register", Paths.fixture("anbud.txt").path, "--meta", Paths.fixture("registration.json").path] + store)
        let good = s.file("good.xml", try runCLI(["show", "RS 2026/0001-1", "--format", "xml"] + store).stdout)
        let ok = try runCLI(["validate", good.path])
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("giltig enligt registration.xsd"))
        let text = try String(contentsOf: good, encoding: .utf8).replacingOccurrences(of: "<date>2026-11-12</date>", with: "<date>2026-13-45</date>")
        let bad = s.file("bad.xml", text)
        let out = try runCLI(["validate", bad.path, "--schema", "registration"])
        let line = try #require(text.components(separatedBy: "\n").firstIndex { $0.contains("<date>") }) + 1
        #expect(out.status == 1)
        #expect(out.stderr.contains("rad \(line): Element '{urn:diarium:registration:1}date'"), "\(out.stderr)")
        #expect(try runCLI(["validate", Paths.fixture("xxe.xml").path, "--schema", "registration"]).status == 1)
        #expect(try runCLI(["validate", good.path, "--schema", "../../etc/passwd"]).status == 1)
    }

    @Test("processes registering at once never share a number")
    func concurrent() throws {
        let file = Paths.fixture("anbud.txt").path
        let meta = Paths.fixture("registration.json").path
        let first = try runCLI(["register", file, "--meta", meta, "--json"] + store)
        let caseMeta = s.file("case.json", String(decoding: s.meta(["case": "RS 2026/0001", "caseTitle": nil]), as: UTF8.self))
        var processes: [(Process, Pipe)] = []
        for i in 0..<16 {
            let p = Process()
            p.executableURL = Paths.binary
            p.arguments = ["register", file, "--meta", i % 2 == 0 ? meta : caseMeta.path, "--json"] + store
            let pipe = Pipe()
            p.standardOutput = pipe
            p.standardError = FileHandle.nullDevice
            try p.run()
            processes.append((p, pipe))
        }
        var documents: [String] = [try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: String])["document"] ?? ""]
        for (p, pipe) in processes {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            documents.append((try JSONSerialization.jsonObject(with: data) as? [String: String])?["document"] ?? "")
        }
        #expect(Set(documents).count == 17, "\(documents.sorted())")
        let newCases = documents.filter { $0.hasSuffix("-1") && $0 != "RS 2026/0001-1" }.sorted()
        #expect(newCases == (2...9).map { String(format: "RS 2026/%04d-1", $0) })
        let inFirstCase = documents.filter { $0.hasPrefix("RS 2026/0001-") }.sorted { $0.count == $1.count ? $0 < $1 : $0.count < $1.count }
        #expect(inFirstCase == (1...9).map { "RS 2026/0001-\($0)" })
        #expect(try runCLI(["verify"] + store).status == 0)
    }

    @Test("a process killed at any point leaves a store that verify passes", arguments: [0.05, 0.15, 0.3, 0.6, 1.2])
    func killed(after seconds: Double) throws {
        // Single registrations, killed one after another at growing delays…
        for i in 0..<6 {
            let p = Process()
            p.executableURL = Paths.binary
            p.arguments = ["register", Paths.fixture("anbud.xml").path, "--meta", Paths.fixture("registration.json").path] + store
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: seconds / 6 * Double(i))
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
        }
        let v = try runCLI(["verify", "--json"] + store)
        #expect(v.status == 0, "\(v.stdout) \(v.stderr)")
        // …and a bulk migration (bench) killed in the middle of its batches.
        let scratch = s.dir.appendingPathComponent("bench-\(seconds)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let b = Process()
        b.executableURL = Paths.binary
        b.arguments = ["bench", "--count", "3000", "--singles", "5", "--queries", "5", "--audit-rows", "0", "--keep", "--scratch", scratch.path]
        b.standardOutput = FileHandle.nullDevice
        b.standardError = FileHandle.nullDevice
        try b.run()
        Thread.sleep(forTimeInterval: 1 + seconds * 3)
        kill(b.processIdentifier, SIGKILL)
        b.waitUntilExit()
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: scratch.path).first)
        let benchStore = scratch.appendingPathComponent(run).appendingPathComponent("store")
        if FileManager.default.fileExists(atPath: benchStore.appendingPathComponent("diarium.sqlite").path) {
            let bv = try runCLI(["verify", "--json", "--store", benchStore.path])
            #expect(bv.status == 0, "\(bv.stdout)")
        }
    }

    @Test("--meta must be a regular file: a FIFO or a device is refused, not read")
    func metaSpecialFiles() throws {
        let fifo = s.dir.appendingPathComponent("meta.fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for meta in [fifo.path, "/dev/zero"] {
            let out = try runCLI(["register", Paths.fixture("anbud.txt").path, "--meta", meta, "--store", s.storeURL.path])
            #expect(out.status == 1 && out.stderr.contains("meta: "), "\(meta): \(out.stderr)")
        }
    }

    @Test("show --json with a non-JSON format is a usage error")
    func showJSONFormat() throws {
        #expect(try runCLI(["show", "RS 2026/0001-1", "--json", "--format", "html", "--store", s.storeURL.path]).status == 64)
    }
}
