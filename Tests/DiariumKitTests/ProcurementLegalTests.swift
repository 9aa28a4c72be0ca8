import DiariumKit
import DiariumRules
import DiariumRender
import DiariumModel
import DiariumXML
import Foundation
import Testing

/// Issue 11 end to end: the start picks the rules, an agreement not used carries no penalty.
@Suite("Direct procurement and the law of its day")
struct ProcurementLegalTests {
    let s = try! Sandbox()

    @Test("a stated startedOn picks the limit and the duty, and every view shows it")
    func statedStart() throws {
        // Started in 2023: the duty then was "uppgår till minst 100 000 kr" (19 a kap. 11 § LOU
        // before SFS 2023:815), so exactly 100 000 kr must be documented; in 2026 it need not.
        let data = procurement { $0["startedOn"] = "2023-12-20"; $0["estimatedValue"] = "100000"; $0["award"] = ["supplier": ["name": "Medicinteknik i Mälardalen AB", "orgnr": "556123-4567"], "amount": "100000", "reason": "Lägst pris."] }
        let a = try s.diarium.checkProcurement(data, as: tester)
        #expect(a.documentationRequired && a.legalRows.contains("doc-duty-2022"), "\(a.legalRows)")
        #expect(try !s.diarium.checkProcurement(procurement { $0["estimatedValue"] = "100000"; $0["award"] = ["supplier": ["name": "Medicinteknik i Mälardalen AB", "orgnr": "556123-4567"], "amount": "100000", "reason": "Lägst pris."] }, as: tester).documentationRequired)
        let r = try s.diarium.documentProcurement(data, as: tester)
        let xml = try s.diarium.show(r.document, audience: .public, format: .xml, as: tester)
        #expect(xml.contains(#"<startedOn basis="input">2023-12-20</startedOn>"#))
        #expect(try s.diarium.show(r.document, audience: .full, format: .html, as: tester).contains("2023-12-20"))
        #expect(try s.diarium.show(r.document, audience: .full, format: .text, as: tester).contains("Påbörjad:"))
        let derived = try s.diarium.documentProcurement(procurement { $0["subject"] = "Mer gel" }, as: tester)
        #expect(try s.diarium.show(derived.document, audience: .full, format: .xml, as: tester).contains(#"<startedOn basis="derived">2026-11-10</startedOn>"#))
    }

    @Test("documented in spite of an agreement under the limit: no penalty, a draft of the type purchase outside an agreement")
    func agreementDeviation() throws {
        _ = try s.diarium.importAgreements(Paths.fixture("agreements.csv"), as: tester)
        let under = procurement { $0["agreementCheck"] = ["checkedOn": "2026-11-05"] }
        let r = try s.diarium.documentProcurement(under, acceptFindings: true, as: tester)
        #expect(!r.allowed && !r.findings.contains { $0.rule == "penalty.exposure" })
        let over = procurement { $0["agreementCheck"] = ["checkedOn": "2026-11-05"]; $0["estimatedValue"] = "760000"; $0["subject"] = "Mycket gel" }
        let o = try s.diarium.documentProcurement(over, acceptFindings: true, as: tester)
        #expect(o.findings.contains { $0.rule == "penalty.exposure" })
        let drafts = try s.diarium.listDeviations(DeviationQuery(status: "draft"), as: tester)
        #expect(drafts.first { $0.procurement == r.document }?.type == "purchase-outside-agreement", "\(drafts.map { ($0.procurement, $0.type) })")
        #expect(drafts.first { $0.procurement == o.document }?.type == "direct-award-over-limit")
        let text = try s.diarium.show(r.document, audience: .full, format: .xml, as: tester)
        #expect(!text.contains("<exposure"), "the documentation shows no penalty exposure")
    }
}
