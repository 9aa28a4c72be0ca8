import DiariumKit
import Foundation
import Testing

/// The registration of SecrecyPlanting.swift, shown and searched through the real executable.
@Suite("Secrets never leak from the command line")
struct SecrecyTests {
    let s = try! Sandbox()

    @Test("the CLI's public output holds no secret value")
    func cli() throws {
        let r = try registerSecret()
        for args in [["show", r.document, "--public", "--format", "html"], ["show", r.document, "--public", "--json"],
                     ["search", "anbud", "--public", "--json"], ["search", "", "--public"]] {
            let out = try runCLI(args + ["--store", s.storeURL.path])
            #expect(out.status == 0, "\(args): \(out.stderr)")
            assertClean(out.stdout + out.stderr, "diarium \(args.joined(separator: " "))")
        }
    }
}
