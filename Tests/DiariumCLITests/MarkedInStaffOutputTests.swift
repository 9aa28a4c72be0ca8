import DiariumKit
import DiariumStore
import Foundation
import Testing

@Suite("Staff outputs say which values are marked")
struct MarkedInStaffOutputTests {
    let s = try! Sandbox()

    @Test("procurement total names the marking of a secret amount, in text and JSON")
    func total() throws {
        _ = try s.diarium.documentProcurement(procurement { o in
            o["secrecy"] = [["field": "estimatedValue", "provision": "osl-19-3-1", "reason": "Kommande förhandling."]]
        }, as: tester)
        let t = try s.diarium.procurementTotal(organisation: "RS", category: "33141000", fiscalYear: 2026, as: tester)
        #expect(t.includesMarkedAmounts)
        #expect(t.markings["osl-19-3-1"] == "19 kap. 3 § första stycket OSL")
        let cli = try runCLI(["procurement", "total", "--organisation", "RS", "--category", "33141000", "--year", "2026",
                              "--store", s.storeURL.path])
        #expect(cli.status == 0)
        #expect(cli.stdout.contains("[sekretessmarkerat, 19 kap. 3 § första stycket OSL]"))
        #expect(cli.stdout.contains("innehåller sekretessmarkerade belopp"))
    }

    @Test("an internal search hit says which fields are marked; a public one has none")
    func search() throws {
        _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta([
            "secrecy": [["field": "counterparty", "provision": "osl-31-16", "reason": "Affärsförhållanden."]],
        ]), as: tester)
        let internalHits = try s.diarium.search(SearchQuery(text: "ultraljudsgel"), scope: .internal, as: tester)
        #expect(internalHits.map(\.marked) == [["counterparty"]])
        #expect(try s.diarium.search(SearchQuery(text: "ultraljudsgel"), scope: .public, as: tester).map(\.marked) == [[]])
        let cli = try runCLI(["search", "ultraljudsgel", "--store", s.storeURL.path])
        #expect(cli.stdout.contains("sekretessmarkerat: counterparty"))
    }
}
