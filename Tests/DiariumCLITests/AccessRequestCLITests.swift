import DiariumKit
import Foundation
import Testing

/// Requests for public documents through the real executable, on the same planted secrets as
/// the in-process suite of the same name (AccessRequestPlanting.swift).
@Suite("Requests for public documents, through the command line")
struct AccessRequestTests {
    let s = try! Sandbox()

    @Test("the CLI runs the whole flow with --json output only, and refuses a malformed --mask as usage")
    func cli() throws {
        let p = try plant()
        let store = ["--store", s.storeURL.path]
        let input = s.dir.appendingPathComponent("begaran.json")
        try accessRequest().write(to: input)
        let opened = try runCLI(["request", "open", input.path, "--json"] + store)
        #expect(opened.status == 0, "\(opened.stderr)")
        let number = try #require((try JSONSerialization.jsonObject(with: Data(opened.stdout.utf8)) as? [String: Any])?["request"] as? String)
        #expect(try runCLI(["request", "add", number, p.deviation, "--json"] + store).status == 0)
        let bad = try runCLI(["request", "assess", number, p.deviation, "--mask", "="] + store)
        #expect(bad.status == 64 && bad.stderr.contains("FIELD=PROVISION"))
        let assessed = try runCLI(["request", "assess", number, p.deviation, "--mask", "reportedBy.name=osl-19-3-1", "--json"] + store)
        #expect(assessed.status == 0, "\(assessed.stderr)")
        let out = s.dir.appendingPathComponent("cli-ut")
        let released = try runCLI(["request", "release", number, "--out", out.path, "--json"] + store)
        #expect(released.status == 0, "\(released.stderr)")
        let decided = try runCLI(["request", "decide", number, "--json"] + store)
        #expect(decided.status == 0, "\(decided.stderr)")
        for r in [opened, assessed, released, decided] {
            #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil, "stdout is one JSON value")
            assertClean(r.stdout + r.stderr, "CLI output")
        }
        let list = try runCLI(["request", "list", "--all"] + store)
        #expect(list.status == 0 && list.stdout.contains("beslutad"))
    }

    @Test("an input file that is missing, not a regular file or over 1 MB is refused by its own rule, before it is read")
    func inputFileRules() throws {
        let big = s.dir.appendingPathComponent("stor.json")
        try Data(repeating: 0x20, count: 1_000_001).write(to: big)
        let cases: [(String, String)] = [(s.dir.appendingPathComponent("saknas.json").path, "file.not-found"),
                                         (s.dir.path, "file.not-regular"), ("/dev/zero", "file.not-regular"), (big.path, "file.too-large")]
        for (path, rule) in cases {
            let open = try runCLI(["request", "open", path, "--store", s.storeURL.path])
            #expect(open.status == 1 && open.stderr.contains("file: ") && open.stderr.contains("[\(rule)]"), "\(path): \(open.stderr)")
            let register = try runCLI(["register", Paths.fixture("anbud.txt").path, "--meta", path, "--store", s.storeURL.path])
            #expect(register.status == 1 && register.stderr.contains("meta: ") && register.stderr.contains("[\(rule)]"), "\(path): \(register.stderr)")
        }
    }
}
