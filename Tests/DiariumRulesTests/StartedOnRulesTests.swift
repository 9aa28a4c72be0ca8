import DiariumModel
import DiariumRules
import Foundation
import Testing

/// Issue 11 through the fields added for it: the stated start and a provision's ending events.
@Suite("The stated start and the ending events")
struct StartedOnRulesTests {
    @Test("a stated start picks the limit, the duty and the penalty alike")
    func statedStart() {
        var p = startedOn("2026-11-18", value: "650000")
        p.statedStart = day("2022-01-20")
        let a = assess(p)
        #expect(a.limit?.id == "lou-2022-01")
        #expect(a.legalRows.contains("doc-duty-2017"), "before 2022-02-01: 19 kap. 30 § LOU")
        #expect(a.exposure?.row == "penalty-2010", "started before 2024: the court regime")
        p.statedStart = nil
        let b = assess(p)
        #expect(b.limit?.id == "lou-2022" && b.exposure == nil)
    }

    @Test("a start after today is refused by field and rule")
    func future() {
        var p = example()
        p.statedStart = today.adding(days: 1)
        let f = assess(p).findings.first { $0.field == "startedOn" && $0.rule == "date.in-future" }
        #expect(f?.severity == .error)
    }

    @Test("absolute tender secrecy ends with the award decision or the contract; the others only with time")
    func endingEvents() throws {
        let legal = try LegalData.bundled()
        let on = day("2026-11-24")
        #expect(legal.provision("osl-19-3-2", on: on)?.endsWith == ["tilldelningsbeslut", "avtal", "direktupphandlingsdokumentation"])
        for id in ["osl-19-3-1", "osl-31-16", "osl-19-1"] { #expect(legal.provision(id, on: on)?.endsWith == [], "\(id)") }
        let older = try JSONDecoder().decode(SecrecyProvision.self, from: Data(#"{"id": "x", "reference": "r", "shortReference": "s", "protects": "p", "damageTest": "straight", "damageTestLabel": "l", "maxDurationYears": null, "durationNote": "n", "validFrom": "2009-06-30", "validTo": null, "source": "s", "verified": false}"#.utf8))
        #expect(older.endsWith == nil, "data written before the field still decodes")
    }
}
