import DiariumModel
import DiariumRules
import Foundation
import Testing

/// The v1 example, decoded; tests change what they need on the value.
func example() -> DirectProcurement {
    let url = Bundle.module.url(forResource: "Fixtures/direct-procurement", withExtension: "json")!
    return try! DirectProcurement.decode(Data(contentsOf: url))
}

func day(_ s: String) -> CivilDate { CivilDate(parsing: s)! }
func kr(_ s: String) -> Amount { Amount(parsing: s)! }

/// Facts with one earlier similar purchase of `similar` kronor and the given agreements.
func facts(similar: String = "0", agreements: [RegionFacts.ActiveAgreement] = []) -> RegionFacts {
    RegionFacts(categoryGroup: "3314", fiscalYear: 2026,
                contributions: similar == "0" ? [] : [.init(kind: "purchase", reference: "F-1", unit: "Hjärtcentrum", date: day("2026-02-03"), amount: kr(similar))],
                agreements: agreements)
}

let legal = try! ProcurementLegalData.bundled()
let today = day("2026-11-24")

func assess(_ p: DirectProcurement, _ f: RegionFacts = facts()) -> ProcurementAssessment {
    ProcurementRules.check(p, facts: f, legal: legal, today: today)
}

func rules(_ a: ProcurementAssessment, _ severity: Finding.Severity) -> [String] {
    a.findings.filter { $0.severity == severity }.map(\.rule)
}

@Suite("Direct-award limit")
struct LimitTests {
    @Test("the example is allowed, with the agreement justified as a warning")
    func example() {
        let a = assess(DiariumRulesTests.example(), facts(similar: "294500", agreements: [
            .init(id: "AVT-2025-044", title: "Ramavtal", supplier: "Nordisk", validFrom: day("2025-05-01"), validTo: day("2027-04-30"))]))
        #expect(a.allowed)
        #expect(a.documentationRequired)
        #expect(a.regionTotal == kr("539500"))
        #expect(rules(a, .warning) == ["agreement.exists-justified"])
        #expect(a.limit?.id == "lou-2022")
        #expect(a.exposure == nil)
    }

    @Test("the 700 000 kr limit: below is allowed, exactly 700 000 is not", arguments: [
        ("699999.99", true), ("700000", false), ("700000.01", false),
    ])
    func boundary(_ total: String, _ allowed: Bool) {
        var p = DiariumRulesTests.example()
        p.estimatedValue = kr(total)
        p.awardAmount = kr("100000")
        let a = assess(p)
        #expect(a.allowed == allowed, "\(a.findings)")
        #expect(rules(a, .error) == (allowed ? [] : ["limit.exceeded"]))
    }

    @Test("the region total counts: 245 000 + 455 000 reaches the limit")
    func summed() {
        let a = assess(DiariumRulesTests.example(), facts(similar: "455000"))
        #expect(!a.allowed)
        #expect(rules(a, .error) == ["limit.exceeded"])
        #expect(a.exposure?.minimum == kr("10000") && a.exposure?.maximum == kr("24500"), "10 % of this procurement's own value")
        #expect(assess(DiariumRulesTests.example(), facts(similar: "454999.99")).allowed)
    }

    /// (contract date, value, allowed, limit row): each period's last and first day, and each
    /// period's operator at its own amount.
    @Test("each limit period applies from its first day with its own operator", arguments: [
        ("2022-02-01", "699999.99", true, "lou-2022"), ("2022-02-01", "700000", false, "lou-2022"),
        ("2022-01-31", "626284", true, "lou-2022-01"), ("2022-01-31", "626284.01", false, "lou-2022-01"),
        ("2022-01-01", "626284", true, "lou-2022-01"), ("2021-12-31", "615312", true, "lou-2020"),
        ("2021-12-31", "615312.01", false, "lou-2020"),
        ("2020-01-01", "615312", true, "lou-2020"), ("2019-12-31", "586907", true, "lou-2018"),
        ("2019-12-31", "586907.01", false, "lou-2018"), ("2018-01-01", "586907", true, "lou-2018"),
        ("2017-12-31", "534890", true, "lou-2016"), ("2016-01-01", "534890.01", false, "lou-2016"),
        ("2015-12-31", "505800", true, "lou-2014"), ("2014-07-01", "505800.01", false, "lou-2014"),
        ("2014-06-30", "270964", true, "lou-2014-01"), ("2014-01-01", "270964.01", false, "lou-2014-01"),
    ])
    func periods(_ date: String, _ value: String, _ allowed: Bool, _ row: String) {
        var p = DiariumRulesTests.example()
        p.contractSigned = day(date)
        p.documentedOn = day(date)
        p.tenders = p.tenders.map { Tender(supplier: $0.supplier, amount: $0.amount, received: day(date)) }
        p.estimatedValue = kr(value)
        p.awardAmount = kr("1000")
        let a = assess(p)
        #expect(a.limit?.id == row)
        #expect(!rules(a, .error).contains("limit.exceeded") == allowed, "\(date) \(value): \(a.findings.map(\.message))")
    }

    @Test("the limit and the duty use the awarded amount when it is higher than the estimate")
    func awardAbove() {
        var p = DiariumRulesTests.example()
        p.estimatedValue = kr("690000")
        p.awardAmount = kr("710000")
        #expect(rules(assess(p), .error) == ["limit.exceeded"])
        p.estimatedValue = kr("95000")
        p.awardAmount = kr("120000")
        #expect(assess(p).documentationRequired)
    }

    @Test("LUFS has a limit row too")
    func lufs() {
        var p = DiariumRulesTests.example()
        p.law = "LUFS"
        #expect(assess(p).allowed)
    }

    @Test("LUF has its own limit")
    func luf() {
        var p = DiariumRulesTests.example()
        p.law = "LUF"
        p.estimatedValue = kr("1199999.99")
        #expect(assess(p).allowed)
        p.estimatedValue = kr("1200000")
        #expect(!assess(p).allowed)
    }

    @Test("a date before the legal data begins has no limit and is an error")
    func noRow() {
        var p = DiariumRulesTests.example()
        p.contractSigned = day("2005-01-01")
        p.tenders = p.tenders.map { Tender(supplier: $0.supplier, amount: $0.amount, received: day("2005-01-01")) }
        #expect(rules(assess(p), .error).contains("limit.unknown-for-date"))
    }

    @Test("the penalty regime is that of the day the procurement started")
    func penaltyRegime() {
        var p = DiariumRulesTests.example()
        p.contractSigned = day("2023-06-01")
        p.tenders = p.tenders.map { Tender(supplier: $0.supplier, amount: $0.amount, received: day("2023-06-01")) }
        p.estimatedValue = kr("900000")
        #expect(assess(p).exposure?.row == "penalty-2010")
        p.contractSigned = day("2024-01-10")
        #expect(assess(p).exposure?.row == "penalty-2010", "tenders came in 2023: the procurement started then")
        p.tenders = p.tenders.map { Tender(supplier: $0.supplier, amount: $0.amount, received: day("2024-01-02")) }
        #expect(assess(p).exposure?.row == "penalty-2024")
    }
}

@Suite("Documentation duty")
struct DutyTests {
    /// 19 a kap. 11 § LOU reads "överstiger" since SFS 2023:815 (2024-01-01); UHM renders the
    /// 2022–2023 wording as "uppgår till minst"; before 2022, "överstiger".
    @Test("above 100 000 kr from 2024 and before 2022; at least 100 000 kr in 2022–2023", arguments: [
        ("2026-11-18", "100000", false), ("2026-11-18", "100000.01", true),
        ("2023-06-01", "100000", true), ("2023-06-01", "99999.99", false),
        ("2021-06-01", "100000", false), ("2021-06-01", "100000.01", true),
    ])
    func duty(_ date: String, _ value: String, _ required: Bool) {
        var p = DiariumRulesTests.example()
        p.contractSigned = day(date)
        p.tenders = p.tenders.map { Tender(supplier: $0.supplier, amount: $0.amount, received: day(date)) }
        p.estimatedValue = kr(value)
        p.awardAmount = kr("1")
        #expect(assess(p).documentationRequired == required)
    }
}

@Suite("Grounds, agreements and good practice")
struct GroundTests {
    static let agreement = RegionFacts.ActiveAgreement(id: "AVT-1", title: "Ramavtal", supplier: "X AB", validFrom: day("2025-01-01"), validTo: day("2027-12-31"))

    @Test("an active agreement blocks direct award unless justified")
    func agreement() {
        var p = DiariumRulesTests.example()
        p.agreementJustification = nil
        let blocked = assess(p, facts(agreements: [Self.agreement]))
        #expect(!blocked.allowed && rules(blocked, .error) == ["agreement.exists"])
        #expect(blocked.exposure == nil, "under the limit an agreement not used breaks the policy, not LOU: no penalty")
        p.agreementJustification = "Avtalet omfattar inte produkten."
        let justified = assess(p, facts(agreements: [Self.agreement]))
        #expect(justified.allowed && rules(justified, .warning) == ["agreement.exists-justified"])
    }

    @Test("every ground other than the value limit needs a justification and skips the limit",
          arguments: ["exceptional-reasons", "no-suitable-tenders", "exclusive-rights", "extreme-urgency", "during-review"])
    func otherGrounds(_ ground: String) {
        var p = DiariumRulesTests.example()
        p.ground = ground
        p.estimatedValue = kr("5000000")
        p.groundJustification = nil
        #expect(rules(assess(p), .error) == ["ground.justification-missing"])
        p.groundJustification = "Endast en leverantör har rätt att leverera."
        let a = assess(p)
        #expect(a.allowed, "\(a.findings)")
        #expect(rules(a, .info).contains("ground.other") && a.limit == nil)
    }

    @Test("an unknown ground is an error")
    func unknownGround() {
        var p = DiariumRulesTests.example()
        p.ground = "because"
        #expect(rules(assess(p), .error) == ["ground.unknown"])
    }

    @Test("warnings: few suppliers without a reason, late documentation, supplier checks, conflict of interest")
    func warnings() {
        var p = DiariumRulesTests.example()
        p.contractSigned = day("2026-10-01")
        p.tenders = p.tenders.map { Tender(supplier: $0.supplier, amount: $0.amount, received: day("2026-09-20")) }
        p.suppliersInvited = Array(p.suppliersInvited.prefix(2))
        p.competitionJustification = nil
        p.documentedOn = p.contractSigned.adding(days: 31)
        p.taxesAndFeesChecked = false
        p.conflictOfInterestDeclared = false
        let a = assess(p, facts())
        #expect(a.allowed, "warnings do not block")
        #expect(Set(rules(a, .warning)) == ["competition.few-suppliers", "documentation.late", "supplier-checks.missing", "conflict-of-interest.missing"])
        p.documentedOn = p.contractSigned.adding(days: 30)
        #expect(!rules(assess(p), .warning).contains("documentation.late"))
    }

    @Test("every finding names a field, has a Swedish message and a source")
    func findingsComplete() {
        var p = DiariumRulesTests.example()
        p.estimatedValue = kr("800000")
        p.taxesAndFeesChecked = false
        p.conflictOfInterestDeclared = false
        p.awardAmount = kr("900000")
        for f in assess(p, facts(agreements: [Self.agreement])).findings {
            #expect(!f.field.isEmpty && !f.message.isEmpty, "\(f)")
            #expect(f.source?.isEmpty == false, "\(f.rule) has no source")
        }
    }
}

@Suite("Procurement legal data")
struct ProcurementLegalDataTests {
    @Test("every threshold and duty row is sourced and the series do not overlap")
    func rows() throws {
        let d = try ProcurementLegalData.bundled()
        #expect(d.thresholds.allSatisfy { !$0.source.isEmpty })
        #expect(d.threshold(law: "LOU", contractCategory: "general", on: day("2026-11-24"))?.amount == kr("700000"))
        #expect(d.threshold(law: "LOU", contractCategory: "social-services", on: day("2026-11-24"))?.amount == kr("8109450"))
        #expect(d.grounds.count == 18)
        for law in ["LOU", "LUF", "LUFS"] { #expect(d.groundCodes(law: law).count == 6, "\(law)") }
    }
}
