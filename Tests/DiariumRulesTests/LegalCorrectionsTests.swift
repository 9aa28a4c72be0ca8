import DiariumModel
import DiariumRules
import Foundation
import Testing

/// The example with every date set to `date`, so that the procurement started that day.
func startedOn(_ date: String, value: String, law: String = "LOU", category: String = "general") -> DirectProcurement {
    var p = example()
    p.law = law
    p.contractCategory = category
    p.contractSigned = day(date)
    p.documentedOn = day(date)
    p.tenders = p.tenders.map { Tender(supplier: $0.supplier, amount: $0.amount, received: day(date)) }
    p.estimatedValue = kr(value)
    p.awardAmount = kr("1000")
    return p
}

/// The corrections of issue 11 (../shared/DOMAIN.md §11), one test per item.
@Suite("Legal data corrections (issue 11)")
struct LegalCorrectionsTests {
    /// (law, category, day, value, allowed, row): SKR 2021-12-13 gives 626 284 kr (LOU) and
    /// 1 165 804 kr (LUF) for January 2022, högst; before, the 2020–2021 figures.
    @Test("January 2022: 626 284 kr under LOU and 1 165 804 kr under LUF, högst", arguments: [
        ("LOU", "2022-01-17", "626284", true, "lou-2022-01"), ("LOU", "2022-01-17", "626284.01", false, "lou-2022-01"),
        ("LUF", "2022-01-17", "1165804", true, "luf-2022-01"), ("LUF", "2022-01-17", "1165804.01", false, "luf-2022-01"),
        ("LOU", "2021-12-31", "615312.01", false, "lou-2020"), ("LUF", "2021-12-31", "1142723.01", false, "luf-2020"),
    ])
    func january2022(_ law: String, _ date: String, _ value: String, _ allowed: Bool, _ row: String) {
        let a = assess(startedOn(date, value: value, law: law))
        #expect(a.limit?.id == row)
        #expect(a.limit?.operator == "le")
        #expect(rules(a, .error).contains("limit.exceeded") == !allowed, "\(a.findings.map(\.message))")
    }

    /// (law, category, day, amount, verified).
    @Test("rows that were missing: LUFS before 2022, social services before 2022, LUF social services from 2024, the 2026 split", arguments: [
        ("LUFS", "general", "2015-03-01", "939342", true), ("LUFS", "general", "2018-06-01", "1092436", true),
        ("LUFS", "general", "2021-06-01", "1142723", true), ("LUFS", "general", "2022-01-15", "1165804", false),
        ("LUFS", "general", "2023-06-01", "1200000", true),
        ("LOU", "social-services", "2019-06-01", "586907", true), ("LOU", "social-services", "2021-06-01", "615312", true),
        ("LUF", "social-services", "2019-06-01", "1092436", true), ("LUF", "social-services", "2021-06-01", "1142723", true),
        ("LOU", "social-services", "2022-01-15", "626284", false), ("LUF", "social-services", "2022-01-15", "1165804", false),
        ("LUF", "social-services", "2024-06-01", "10812600", false), ("LUF", "social-services", "2026-06-01", "10812600", false),
        ("LOU", "social-services", "2025-12-31", "8109450", true), ("LOU", "social-services", "2026-01-01", "8109450", false),
    ])
    func missingRows(_ law: String, _ category: String, _ date: String, _ amount: String, _ verified: Bool) throws {
        let row = try #require(legal.threshold(law: law, contractCategory: category, on: day(date)), "\(law) \(category) \(date)")
        #expect(row.amount == kr(amount))
        #expect(row.verified == verified, "\(row.id)")
        #expect(!row.source.isEmpty)
        if !verified { #expect(row.note?.isEmpty == false, "\(row.id) says why it is not verified") }
    }

    @Test("the social-services limit is split at 2026-01-01, when the thresholds were recalculated")
    func split2026() throws {
        for law in ["LOU", "LUF"] {
            let before = try #require(legal.threshold(law: law, contractCategory: "social-services", on: day("2025-12-31")))
            let after = try #require(legal.threshold(law: law, contractCategory: "social-services", on: day("2026-01-01")))
            #expect(before.id != after.id && before.validTo == day("2025-12-31") && after.validFrom == day("2026-01-01"))
        }
    }

    @Test("the pre-2014 limits begin with the thresholds of 2014, not in 2012")
    func before2014() throws {
        for law in ["LOU", "LUF"] {
            #expect(legal.threshold(law: law, contractCategory: "general", on: day("2013-12-31")) == nil, "\(law)")
            let row = try #require(legal.threshold(law: law, contractCategory: "general", on: day("2014-01-01")))
            #expect(row.validFrom == day("2014-01-01") && row.operator == "le" && !row.verified)
        }
    }

    /// Tenders came in before the change, the contract after it: the start decides.
    @Test("the limit and the duty are those of the day the procurement started, not of the contract")
    func startedNotSigned() {
        var p = startedOn("2022-01-20", value: "650000")
        p.contractSigned = day("2022-02-10")
        p.documentedOn = day("2022-02-10")
        let a = assess(p)
        #expect(a.limit?.id == "lou-2022-01", "started in January 2022: högst 626 284 kr")
        #expect(rules(a, .error) == ["limit.exceeded"])
        var q = startedOn("2014-06-20", value: "150000")
        q.contractSigned = day("2014-07-05")
        q.documentedOn = day("2014-07-05")
        #expect(!assess(q).documentationRequired, "started before 2014-07-01: no duty yet")
    }

    @Test("no documentation duty before 2014-07-01: a dated row says so; before the data begins nothing is assumed", arguments: ["LOU", "LUF", "LUFS"])
    func noDutyBefore2014(_ law: String) {
        let a = assess(startedOn("2014-06-30", value: "400000", law: law))
        #expect(!a.documentationRequired)
        let f = a.findings.first { $0.rule == "documentation.not-required" }
        #expect(f?.field == "startedOn" && f?.message.contains("2014-06-30") == true, "\(a.findings)")
        #expect(a.legalRows.contains { $0.contains("before-2014") })
        let old = assess(startedOn("2005-03-01", value: "400000", law: law))
        #expect(!old.documentationRequired)
        #expect(rules(old, .error).contains("documentation.unknown-for-date"))
    }

    /// Every finding of a LUF or LUFS procurement that cites a provision cites its own law.
    @Test("a LUF or LUFS procurement cites its own law, never LOU's sections", arguments: ["LUF", "LUFS"])
    func ownLaw(_ law: String) {
        let cited = ["documentation.required", "limit.below", "limit.exceeded", "ground.other", "penalty.exposure"]
        let below = assess(startedOn("2026-11-18", value: "300000", law: law))
        let over = assess(startedOn("2026-11-18", value: "1300000", law: law))
        var p = startedOn("2026-11-18", value: "300000", law: law)
        p.ground = "extreme-urgency"
        p.groundJustification = "Akut behov."
        let other = assess(p)
        let findings = (below.findings + over.findings + other.findings).filter { cited.contains($0.rule) }
        #expect(Set(findings.map(\.rule)) == Set(cited))
        for f in findings {
            #expect(!f.message.contains("§ LOU") && !f.message.contains("kap. LOU"), "\(law) \(f.rule): \(f.message)")
            #expect(f.message.contains(law), "\(law) \(f.rule): \(f.message)")
        }
        #expect(over.exposure.map { !$0.reference.contains("LOU") && $0.reference.contains(law) } == true)
        #expect(!over.legalRows.contains("penalty-2024") && !below.legalRows.contains("doc-duty-2024"))
    }

    @Test("an agreement not used under the limit is a policy breach with no penalty; over the limit the penalty stands")
    func agreementNoPenalty() {
        let agreement = RegionFacts.ActiveAgreement(id: "AVT-1", title: "Ramavtal", supplier: "X AB", validFrom: day("2025-01-01"), validTo: day("2027-12-31"))
        var p = example()
        p.agreementJustification = nil
        let under = assess(p, facts(agreements: [agreement]))
        #expect(!under.allowed && rules(under, .error) == ["agreement.exists"])
        #expect(under.exposure == nil && !under.findings.contains { $0.rule == "penalty.exposure" })
        p.estimatedValue = kr("800000")
        let over = assess(p, facts(agreements: [agreement]))
        #expect(Set(rules(over, .error)) == ["agreement.exists", "limit.exceeded"])
        #expect(over.exposure?.row == "penalty-2024")
    }

    @Test("a finding resting on an unverified row says so; one on a verified row does not")
    func unverifiedSaysSo() {
        let guessed = assess(startedOn("2024-06-01", value: "500000", law: "LUF", category: "social-services"))
        let limit = guessed.findings.first { $0.rule == "limit.below" }
        #expect(limit?.message.contains("beloppet är inte bekräftat i en primärkälla") == true, "\(guessed.findings)")
        #expect(limit?.message.contains("luf-social-2024") == true)
        let sure = assess(example())
        #expect(sure.findings.allSatisfy { !$0.message.contains("inte bekräftat") }, "\(sure.findings.map(\.message))")
        let duty = assess(startedOn("2023-06-01", value: "150000")).findings.first { $0.rule == "documentation.required" }
        #expect(duty?.message.contains("dokumentationsplikten är inte bekräftad i en primärkälla") == true)
    }

    @Test("an audit finding resting on an unverified row says so too")
    func auditSaysSo() throws {
        let csv = "organisation,unit,date,supplier,supplierOrgnr,category,amount,reference\nRS,Kirurgen,2023-03-01,Gel AB,556123-4567,33141000,150000,A-1\n"
        let table = try CSVTable(Data(csv.utf8), name: "p.csv", header: LedgerFile.purchaseHeader)
        let purchases = try LedgerFile.purchases(table, name: "p.csv", organisations: ["RS"])
        let found = PurchaseAudit.run(purchases, fiscalYear: 2023, fiscalYearOf: { $0.year }, cpvDigits: 4, agreements: [],
                                      procurements: [], legal: legal)
        let undocumented = try #require(found.first { $0.kind == "undocumented" })
        #expect(undocumented.message.contains("dokumentationsplikten är inte bekräftad i en primärkälla (rättsdata doc-duty-2022"))
    }

    @Test("the secrecy provisions state their maximum duration from the law text", arguments: ["osl-19-1", "osl-19-3-1", "osl-19-3-2", "osl-31-16"])
    func secrecyDuration(_ id: String) throws {
        let p = try #require(try LegalData.bundled().provision(id, on: day("2026-11-24")))
        #expect(p.maxDurationYears == 20)
        #expect(p.verified && p.source.contains("2009:400"))
    }
}

@Suite("Procurement legal data loading (issue 11)")
struct ProcurementLegalDataLoadingTests {
    /// The data folder of the rules: the repository's own copy.
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/DiariumRules/Data")

    /// Loads a copy of the data with `row` added to `file`; returns the error, or nil.
    func loadWith(_ file: String, row: String) throws -> LegalDataError? {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.copyItem(at: Self.data, to: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(file)
        var o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        let extra = try JSONSerialization.jsonObject(with: Data(row.utf8))
        o["rows"] = ((o["rows"] as? [Any]) ?? []) + [extra]
        try JSONSerialization.data(withJSONObject: o).write(to: url)
        do {
            _ = try ProcurementLegalData(directory: dir)
            return nil
        } catch {
            return error
        }
    }

    /// (what, file, added row, what the refusal says): the added duty rows lie before every
    /// bundled one, so that only the rule named can refuse them.
    @Test("inconsistent rows are refused when loading, each for its own reason", arguments: [
        ("no duty, yet an amount", "documentation-duty.json",
         #"{"id": "x-row", "law": "LOU", "amount": "100000", "operator": "none", "validFrom": "1990-01-01", "validTo": "1990-12-31", "reference": "r", "source": "s", "verified": true}"#,
         "x-row needs operator gt or ge with an amount, or none without one"),
        ("a duty without an amount", "documentation-duty.json",
         #"{"id": "x-row", "law": "LOU", "amount": null, "operator": "gt", "validFrom": "1990-01-01", "validTo": "1990-12-31", "reference": "r", "source": "s", "verified": true}"#,
         "x-row needs operator gt or ge with an amount, or none without one"),
        ("an unverified duty without a note", "documentation-duty.json",
         #"{"id": "x-row", "law": "LOU", "amount": "100000", "operator": "gt", "validFrom": "1990-01-01", "validTo": "1990-12-31", "reference": "r", "source": "s", "verified": false}"#,
         "x-row needs a source, and a note when it is not verified"),
        ("two penalty rows of one law at once", "procurement-penalty.json",
         #"{"id": "x-row", "law": "LOU", "minimum": "10000", "maximum": "20000000", "maxSharePercent": 10, "minimumPrevails": true, "validFrom": "2030-01-01", "validTo": null, "decidedBy": "K", "reference": "r", "source": "s", "verified": true}"#,
         "two rows for LOU overlap"),
        ("a ground twice for one law", "direct-award-grounds.json",
         #"{"code": "below-threshold", "law": "LOU", "label": "l", "reference": "r", "usesValueLimit": true, "needsJustification": false, "source": "s", "verified": true}"#,
         "two rows for below-threshold under LOU"),
        ("a limit under a law with no rows of its own", "direct-award-thresholds.json",
         #"{"id": "x-row", "law": "LUK", "contractCategory": "general", "amount": "1", "operator": "lt", "validFrom": "2100-01-01", "validTo": null, "basis": "b", "source": "s", "verified": true}"#,
         "law LUK needs its own duty, penalty and ground rows"),
    ])
    func refused(_ what: String, _ file: String, _ row: String, _ says: String) throws {
        let error = try loadWith(file, row: row)
        #expect(error?.file == file && error?.message.contains(says) == true, "\(what): \(error.map(String.init(describing:)) ?? "loaded")")
    }

    @Test("the penalty range follows the reading the data records when ten per cent is below the minimum")
    func penaltyReading() throws {
        func row(_ prevails: Bool) throws -> PenaltyRow {
            try JSONDecoder().decode(PenaltyRow.self, from: Data(#"{"id": "p", "law": "LOU", "minimum": "10000", "maximum": "20000000", "maxSharePercent": 10, "minimumPrevails": \#(prevails), "validFrom": "2024-01-01", "validTo": null, "decidedBy": "K", "reference": "r", "source": "s", "verified": true}"#.utf8))
        }
        let small = kr("50000")
        #expect(try row(true).range(for: small) == (kr("10000"), kr("10000")))
        #expect(try row(false).range(for: small) == (kr("5000"), kr("5000")))
        #expect(try row(false).range(for: kr("300000")) == (kr("10000"), kr("30000")))
    }

    @Test("a provision's ending events must be document types")
    func endingEvents() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"rows": [{"id": "x", "reference": "r", "shortReference": "s", "protects": "p", "damageTest": "absolute", "damageTestLabel": "l", "maxDurationYears": 20, "durationNote": "n", "endsWith": ["vinst"], "validFrom": "2009-06-30", "validTo": null, "source": "s", "verified": true}]}"#.utf8)
            .write(to: dir.appendingPathComponent("secrecy-provisions.json"))
        try Data(#"{"rows": [{"code": "avtal", "label": "Avtal"}]}"#.utf8).write(to: dir.appendingPathComponent("document-types.json"))
        #expect(throws: LegalDataError.self) { try LegalData(directory: dir) }
    }
}
