import DiariumKit
import DiariumRules
import DiariumModel
import DiariumStore
import DiariumRender
import Foundation
import Testing

/// Deviation follow-up end to end: list, audit with drafts, drafts from procurements, the board
/// report, and the CLI of all of them.
@Suite("Deviation follow-up")
struct DeviationFollowUpTests {
    let s = try! Sandbox()
    static let unitMarker = "MARKÖRENHET7c1e"
    static let valueMarker = "812345.67"

    func ledgers() throws {
        _ = try s.diarium.importAgreements(Paths.fixture("agreements.csv"), as: tester)
        _ = try s.diarium.importPurchases(Paths.fixture("purchases.csv"), as: tester)
    }

    @Test("list filters by status, type, organisation, unit, period and overdue days")
    func list() throws {
        let a = try s.diarium.reportDeviation(deviation(), as: tester).document                                  // RV, 2026-11-20
        let b = try s.diarium.reportDeviation(deviation {
            $0["organisation"] = "RS"; $0["unit"] = "Kirurgen"; $0["reportedOn"] = "2026-09-01"; $0["type"] = "split-purchase"
        }, as: tester).document
        _ = try s.diarium.deviationStep(a, .escalate(to: "manager"), by: "Chef", note: "Informerad", as: tester)
        func docs(_ q: DeviationQuery) throws -> [String] { try s.diarium.listDeviations(q, as: tester).map(\.document) }
        #expect(try docs(DeviationQuery()) == [b, a], "oldest report first")
        #expect(try docs(DeviationQuery(status: "escalated")) == [a])
        #expect(try docs(DeviationQuery(type: "split-purchase")) == [b])
        #expect(try docs(DeviationQuery(organisation: "RV")) == [a])
        #expect(try docs(DeviationQuery(unit: "Kirurgen")) == [b])
        #expect(try docs(DeviationQuery(from: "2026-10-01", to: "2026-12-31")) == [a])
        // b has had no step since 2026-09-01 (84 days before the fixed today); a had one today.
        #expect(try docs(DeviationQuery(overdueDays: s.diarium.deviationOverdueDays)) == [b], "the configured 14 days")
        #expect(try docs(DeviationQuery(overdueDays: 100)).isEmpty)
        let item = try #require(try s.diarium.listDeviations(DeviationQuery(status: "escalated"), as: tester).first)
        #expect(item.levelLabel == "Närmaste chef i linjeorganisationen" && item.steps.map(\.step) == ["escalate"])
        for bad in [DeviationQuery(status: "lost"), DeviationQuery(type: "x"), DeviationQuery(organisation: "ZZ"), DeviationQuery(from: "2026-13-01")] {
            #expect(throws: DiariumError.self) { try s.diarium.listDeviations(bad, as: tester) }
        }
    }

    @Test("audit --create opens one draft per finding, never twice, and a later run names it")
    func auditDrafts() throws {
        try ledgers()
        let first = try s.diarium.auditPurchases(file: nil, fiscalYear: 2026, create: true, as: tester)
        #expect(first.findings.count == 4 && first.findings.allSatisfy { $0.created && $0.deviation != nil })
        let again = try s.diarium.auditPurchases(file: Paths.fixture("purchases.csv"), fiscalYear: 2026, create: true, as: tester)
        #expect(again.findings.allSatisfy { !$0.created })
        #expect(again.findings.map(\.deviation) == first.findings.map(\.deviation))
        let drafts = try s.diarium.listDeviations(DeviationQuery(status: "draft"), as: tester)
        #expect(drafts.count == 4 && drafts.allSatisfy { $0.origin == "audit" })
        // A draft is a deviation like any other: it can be escalated.
        _ = try s.diarium.deviationStep(drafts[0].document, .escalate(to: "manager"), by: "Chef", note: "Granskat", as: tester)
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test("a procurement documented with --accept-findings opens a draft in its case, with its secrets still marked")
    func acceptedFindings() throws {
        let r = try s.diarium.documentProcurement(procurement {
            $0["estimatedValue"] = Self.valueMarker
            $0["unit"] = Self.unitMarker
            $0["secrecy"] = [["field": "estimatedValue", "provision": "osl-19-3-1", "reason": "Pågående upphandling."],
                             ["field": "unit", "provision": "osl-19-3-1", "reason": "Test."]]
        }, acceptFindings: true, as: tester)
        #expect(!r.allowed)
        let draft = try #require(r.deviation)
        #expect(draft.hasPrefix(r.case + "-"))
        #expect(try s.diarium.openProcurementDeviations(as: tester).isEmpty, "never twice")
        let item = try #require(try s.diarium.listDeviations(DeviationQuery(), as: tester).first)
        #expect(item.type == "direct-award-over-limit" && item.status == "draft" && item.procurement == r.document)
        #expect(!item.unit.contains(Self.unitMarker), "the list masks a secret unit")
        for f in ShowFormat.allCases {
            let out = try s.diarium.show(draft, audience: .public, format: f, as: tester)
            #expect(!out.contains(Self.unitMarker) && !out.contains("812 345") && !out.contains(Self.valueMarker), "public \(f)")
        }
        #expect(try s.diarium.show(draft, audience: .full, format: .xml, as: tester).contains(Self.unitMarker))
    }

    @Test("the board report counts by period, traces every figure and holds no secret")
    func boardReport() throws {
        try ledgers()
        let a = try s.diarium.reportDeviation(deviation {
            $0["unit"] = Self.unitMarker
            $0["secrecy"] = [["field": "unit", "provision": "osl-19-3-1", "reason": "Test."]]
        }, as: tester).document
        _ = try s.diarium.reportDeviation(deviation { $0["reportedOn"] = "2025-12-31" }, as: tester)   // before the period
        _ = try s.diarium.deviationStep(a, .escalate(to: "manager"), by: "Chef", note: "Informerad", as: tester)
        _ = try s.diarium.deviationStep(a, .resolve, by: "Chef", note: "Åtgärdat", as: tester)
        let p = try s.diarium.documentProcurement(procurement {
            $0["estimatedValue"] = Self.valueMarker
            $0["secrecy"] = [["field": "estimatedValue", "provision": "osl-19-3-1", "reason": "Pågående upphandling."]]
        }, acceptFindings: true, as: tester)
        let late = try s.diarium.documentProcurement(procurement { $0["contractSigned"] = "2026-09-01"; $0["estimatedValue"] = "120000"; $0["category"] = "30192000"
            $0["tenders"] = ($0["tenders"] as? [[String: Any]] ?? []).map { var t = $0; t["received"] = "2026-08-20"; return t }
            $0["award"] = ["supplier": ["name": "Medicinteknik i Mälardalen AB", "orgnr": "556123-4567"], "amount": "120000",
                           "reason": "Lägst pris."] }, as: tester)

        let r = try s.diarium.compileBoardReport(from: "2026-01-01", to: "2026-12-31", as: tester)
        #expect(r.deviations.count == 2, "the report and the procurement's draft; not the one of 2025")
        #expect(r.byType.first { $0.code == "purchase-outside-agreement" }?.documents == [a])
        #expect(r.escalations.first { $0.code == "manager" }?.count == 1)
        #expect(r.resolutions.map(\.days) == [4], "2026-11-20 to the fixed today 2026-11-24")
        #expect(Set(r.documented) == [p.document, late.document])
        #expect(r.late.map(\.document) == [late.document] && r.late.first?.days == 84)
        #expect(r.acceptedFindings == [p.document])
        #expect(r.exposureWithheld == [p.document] && r.exposure.allSatisfy { !$0.references.contains(p.document) },
                "a secret value is left out of the sums, and said to be")
        #expect(r.missing.map(\.reference) == ["F-2026-01733"])

        let receipt = try s.diarium.boardReport(from: "2026-01-01", to: "2026-12-31", as: tester)
        #expect(receipt.document.hasPrefix("IN 2026/"))
        let again = try s.diarium.boardReport(from: "2026-01-01", to: "2026-12-31", as: tester)
        #expect(again.case == receipt.case, "a report drawn up again joins the case of its period")
        let html = try s.diarium.show(receipt.document, audience: .public, format: .html, as: tester)
        #expect(html.contains("<svg") && html.contains("<title id=\"chart-type-title\">") && html.contains("<desc id="))
        #expect(!html.contains("<script"))
        for f in ShowFormat.allCases {
            for audience in Audience.allCases {
                let out = try s.diarium.show(receipt.document, audience: audience, format: f, as: tester)
                #expect(!out.contains(Self.unitMarker) && !out.contains(Self.valueMarker) && !out.contains("812 345"), "\(audience) \(f)")
            }
        }
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test("a bad ledger is refused with its line, and nothing is stored")
    func badLedger() throws {
        var lines = ["organisation,unit,date,supplier,supplierOrgnr,category,amount,reference"]
        for i in 2...5000 { lines.append("RS,Enhet,2026-03-01,Lev AB,556123-4567,33141000,\(i == 4711 ? "12,5" : "1000"),R-\(i)") }
        let file = s.file("ledger.csv", lines.joined(separator: "\n"))
        let before = try s.snapshot()
        #expect {
            try s.diarium.auditPurchases(file: file, fiscalYear: 2026, create: true, as: tester)
        } throws: { error in
            // "12,5" splits into two fields: the row is one column too long.
            (error as? DiariumError)?.problems.first?.field == "ledger.csv:4711"
        }
        lines[4710] = "RS,Enhet,2026-03-01,Lev AB,556123-4567,33141000,12.555,R-4711"
        lines[99] = "ZZ,Enhet,2026-03-01,Lev AB,556123-4567,33141000,100,R-100"
        let file2 = s.file("ledger2.csv", lines.joined(separator: "\n"))
        #expect {
            try s.diarium.auditPurchases(file: file2, fiscalYear: 2026, create: true, as: tester)
        } throws: { error in
            let fields = (error as? DiariumError)?.problems.map(\.field) ?? []
            return fields == ["ledger2.csv:100: organisation", "ledger2.csv:4711: amount"]
        }
        let header = s.file("ledger3.csv", "organisation,unit,date\nRS,U,2026-01-01\n")
        #expect(throws: DiariumError.self) { try s.diarium.auditPurchases(file: header, fiscalYear: 2026, create: true, as: tester) }
        #expect(try s.snapshot() == before)
    }
}
