import DiariumModel
import DiariumRules
import Foundation
import Testing

/// Ledgers with known answers for the purchase audit.
@Suite("Purchase audit")
struct PurchaseAuditTests {
    static let header = "organisation,unit,date,supplier,supplierOrgnr,category,amount,reference"

    func purchases(_ lines: [String]) throws -> [Purchase] {
        let table = try CSVTable(Data(([Self.header] + lines).joined(separator: "\n").utf8), name: "p.csv", header: LedgerFile.purchaseHeader)
        return try LedgerFile.purchases(table, name: "p.csv", organisations: ["RS", "RV", "IN"])
    }

    func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)))
    }

    func agreements() throws -> [Agreement] {
        let t = try CSVTable(try fixture("agreements.csv"), name: "a.csv", header: LedgerFile.agreementHeader)
        return try LedgerFile.agreements(t, name: "a.csv", organisations: ["RS", "RV", "IN"])
    }

    func audit(_ p: [Purchase], agreements: [Agreement] = [], procurements: [DocumentedProcurement] = []) -> [String: [String]] {
        let findings = PurchaseAudit.run(p, fiscalYear: 2026, fiscalYearOf: { $0.year }, cpvDigits: 4, agreements: agreements,
                                         procurements: procurements, legal: legal)
        return Dictionary(grouping: findings, by: \.kind).mapValues { $0.flatMap(\.references).sorted() }
    }

    @Test("the example ledger: one undocumented purchase, three beside the agreement for gel; a call-off under an agreement is no direct procurement")
    func example() throws {
        let t = try CSVTable(try fixture("purchases.csv"), name: "p.csv", header: LedgerFile.purchaseHeader)
        let p = try LedgerFile.purchases(t, name: "p.csv", organisations: ["RS", "RV", "IN"])
        let result = audit(p, agreements: try agreements())
        // F-2026-20871 (138 000 kr of office furniture) is bought from the supplier of RV's
        // agreement AVT-2025-101 in its category while it is in force: a call-off, no duty.
        #expect(result["undocumented"] == ["F-2026-01733"])
        #expect(result["outside-agreement"] == ["F-2026-00311", "F-2026-00544", "F-2026-01022"])
        #expect(result["over-limit"] == nil)
    }

    @Test("split purchases reaching the limit are found; lookalikes in another region, year or category are not summed")
    func splitting() throws {
        var lines = (1...7).map { "RS,Enhet \($0),2026-0\($0)-01,Gel AB,556123-4567,33141000,99000,S-\($0)" }  // 693 000
        lines += ["RV,Psykiatrin,2026-05-01,Gel AB,556123-4567,33141000,99000,RV-1",       // other region
                  "RS,Kirurgen,2025-12-01,Gel AB,556123-4567,33141000,99000,OLD-1",        // other year
                  "RS,Kirurgen,2026-05-01,Gel AB,556123-4567,33151000,99000,CAT-1"]        // other category
        #expect(audit(try purchases(lines))["over-limit"] == nil, "693 000 stays below 700 000")
        lines.append("RS,Enhet 8,2026-08-01,Gel AB,556123-4567,33141100,7000,S-8")         // 700 000: reaches it
        let found = PurchaseAudit.run(try purchases(lines), fiscalYear: 2026, fiscalYearOf: { $0.year }, cpvDigits: 4,
                                      agreements: [], procurements: [], legal: legal).filter { $0.kind == "over-limit" }
        #expect(found.count == 1)
        #expect(found.first?.deviationType == "split-purchase")
        #expect(found.first?.references == (1...8).map { "S-\($0)" })
        #expect(found.first?.total == Amount(kronor: 700_000))
    }

    @Test("a documented procurement for that supplier and kind clears both the duty and the limit finding")
    func documented() throws {
        let p = try purchases(["RS,IT,2026-09-09,Datakraft AB,556222-3338,48000000,812000,D-1"])
        #expect(Set(audit(p).keys) == ["undocumented", "over-limit"])
        let doc = DocumentedProcurement(document: "RS 2026/0001-1", organisation: "RS", supplierOrgnr: OrganisationNumber(parsing: "556222-3338")!,
                                        category: CPVCode(parsing: "48000000")!, fiscalYear: 2026)
        #expect(audit(p, procurements: [doc]).isEmpty)
    }

    @Test("the key of a finding is stable across runs, so a draft deviation is never opened twice")
    func stableKeys() throws {
        let t = try CSVTable(try fixture("purchases.csv"), name: "p.csv", header: LedgerFile.purchaseHeader)
        let p = try LedgerFile.purchases(t, name: "p.csv", organisations: ["RS", "RV", "IN"])
        let run = { PurchaseAudit.run(p, fiscalYear: 2026, fiscalYearOf: { $0.year }, cpvDigits: 4, agreements: try self.agreements(),
                                      procurements: [], legal: legal).map(\.key) }
        #expect(try run() == run())
        #expect(Set(try run()).count == (try run()).count)
    }
}
