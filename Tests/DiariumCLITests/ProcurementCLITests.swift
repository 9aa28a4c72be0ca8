import DiariumKit
import Foundation
import Testing

@Suite("Direct procurement, through the command line")
struct ProcurementCLITests {
    let s = try! Sandbox()

    @Test("the CLI: check exits 0 when allowed and 1 when not; --json has allowed and findings")
    func cli() throws {
        let store = ["--store", s.storeURL.path]
        let ok = try runCLI(["procurement", "check", Paths.fixture("direct-procurement.json").path, "--json"] + store)
        #expect(ok.status == 0)
        let v = try #require(try JSONSerialization.jsonObject(with: Data(ok.stdout.utf8)) as? [String: Any])
        #expect(v["allowed"] as? Bool == true)
        let findings = try #require(v["findings"] as? [[String: Any]])
        #expect(findings.allSatisfy { $0["rule"] != nil && $0["severity"] != nil && $0["field"] != nil && $0["message"] != nil })
        let over = s.file("over.json", String(decoding: procurement { $0["estimatedValue"] = "700000" }, as: UTF8.self))
        let no = try runCLI(["procurement", "check", over.path] + store)
        #expect(no.status == 1)
        #expect(no.stdout.contains("limit.exceeded"))
    }

    @Test("check --json on refused input keeps the contract shape")
    func checkJSONShape() throws {
        let bad = s.file("bad.json", String(decoding: procurement { $0["category"] = "nope" }, as: UTF8.self))
        let out = try runCLI(["procurement", "check", bad.path, "--json", "--store", s.storeURL.path])
        #expect(out.status == 1)
        let v = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        #expect(v["allowed"] as? Bool == false)
        #expect((v["findings"] as? [[String: Any]])?.first?["rule"] as? String == "cpv.invalid")
    }
}
