import DiariumModel
import DiariumRender
import DiariumRules
import DiariumXML
import Foundation
import Testing

/// swift-mustache renders a missing key as nothing, silently (MEASURED.md §3): a misspelt or
/// forgotten key gives an empty element that nobody notices. Every name a template uses must
/// be a key of the context it is rendered with.
@Suite("Template keys")
struct TemplateKeyTests {
    /// Every key at every depth of a context tree.
    func keys(_ value: Any) -> Set<String> {
        var out = Set<String>()
        if let d = value as? [String: Any] {
            for (k, v) in d { out.insert(k); out.formUnion(keys(v)) }
        } else if let a = value as? [Any] {
            for v in a { out.formUnion(keys(v)) }
        }
        return out
    }

    /// The variable and section names of a template (partials, pragmas and comments excluded).
    func names(in source: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: #"\{\{\s*[#^/]?\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}"#)
        let range = NSRange(source.startIndex..., in: source)
        return Set(regex.matches(in: source, range: range).compactMap { m in
            Range(m.range(at: 1), in: source).map { String(source[$0]) }
        }.flatMap { $0.split(separator: ".").map(String.init) })
    }

    @Test("every name in the registration templates is a key of the register view", arguments: ["registration.xml", "registration.html", "registration.txt"])
    func registration(_ template: String) throws {
        let full = entry(counterparty: "x", secrecy: [mark("counterparty"), mark("title"), mark("content")])
        var available = Set<String>()
        for audience in Audience.allCases {
            // A disposed document's view has every key a kept one has, and its disposal.
            let mark = DisposalMark(disposedAt: Date(timeIntervalSince1970: 1_861_956_000), decision: "RS 2026/0100 § 5", record: "RS 2029/0001-1")
            available.formUnion(keys(RegisterView(full, for: audience, legal: try LegalData.bundled()).disposed(mark).templateContext))
        }
        try check(template, available)
    }

    @Test("every name in the disposal-record templates is a key of the disposal-record view",
          arguments: ["disposal-record.xml", "disposal-record.html", "disposal-record.txt"])
    func disposalRecord(_ template: String) throws {
        let org = Organisation(code: "RS", name: "Region Sörmland", organisationNumber: OrganisationNumber(parsing: "232100-0032")!, prefix: "RS")
        let item = DisposalRecord.Item(
            number: "RS 2026/0001-1", documentType: "offert", documentTypeLabel: "Offert", date: CivilDate(parsing: "2026-03-01")!,
            registeredOn: CivilDate(parsing: "2026-03-02")!, title: "Offert", mediaType: "text/plain", size: 12,
            sha256: String(repeating: "a", count: 64), rule: "Gallras 2 år efter utgången av registreringsåret", planDecision: "RS 2026/0100",
            dueOn: CivilDate(parsing: "2029-01-01")!)
        let record = DisposalRecord(organisation: "RS", decision: "RS 2026/0100 § 5", disposedOn: CivilDate(parsing: "2029-01-02")!,
                                    disposedAt: Date(timeIntervalSince1970: 1_861_956_000), disposedBy: "Rita Registrator", items: [item])
        try check(template, keys(DisposalRecordView(record, organisation: org).context))
    }

    @Test("every name in the procurement templates is a key of the procurement view",
          arguments: ["direct-procurement.xml", "direct-procurement.html", "direct-procurement.txt"])
    func procurement(_ template: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/direct-procurement", withExtension: "json"))
        // One supplier a sole trader, so that the built-in protection is in the context.
        let json = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "559012-3450", with: "19811218-9876")
        var p = try DirectProcurement.decode(Data(json.utf8))
        #expect(!p.protections.isEmpty)
        p.groundJustification = "Motivering"
        p.secrecy.append(SecrecyMarking(field: FieldPath("estimatedValue"), provision: "osl-19-3-1", reason: "r"))
        let legal = try ProcurementLegalData.bundled()
        let facts = RegionFacts(categoryGroup: "3314", fiscalYear: 2026,
                                contributions: [.init(kind: "purchase", reference: "F-1", unit: "U", date: p.contractSigned, amount: Amount(kronor: 600_000))],
                                agreements: [])
        let a = ProcurementRules.check(p, facts: facts, legal: legal, today: p.documentedOn)
        #expect(!a.allowed && a.exposure != nil, "the case with every optional part")
        let org = Organisation(code: "RS", name: "Region Sörmland", organisationNumber: OrganisationNumber(parsing: "232100-0032")!, prefix: "RS")
        var available = Set<String>()
        for audience in Audience.allCases {
            available.formUnion(keys(ProcurementView(p, assessment: a, organisation: org, acceptedFindings: true, for: audience,
                                                     legal: try LegalData.bundled(), procurementLegal: legal).context))
        }
        try check(template, available)
    }

    @Test("every name in the deviation templates is a key of the deviation view",
          arguments: ["deviation.xml", "deviation.html", "deviation.txt"])
    func deviation(_ template: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/deviation", withExtension: "json"))
        let json = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(of: "556677-8899", with: "19811218-9876")
        var d = try DeviationReport.decode(Data(json.utf8))
        #expect(!d.protections.isEmpty)
        d.procurement = DocumentNumber(parsing: "RV 2026/0001-1")
        d.secrecy = [SecrecyMarking(field: FieldPath(parsing: "reportedBy.name")!, provision: "osl-19-3-1", reason: "r")]
        let org = Organisation(code: "RV", name: "Region Västmanland", organisationNumber: OrganisationNumber(parsing: "232100-0172")!, prefix: "RV")
        var available = Set<String>()
        for audience in Audience.allCases {
            available.formUnion(keys(DeviationView(d, organisation: org, for: audience, legal: try LegalData.bundled(),
                                                   data: try DeviationData.bundled()).context))
        }
        try check(template, available)
    }

    @Test("every name in the board-report templates is a key of the board-report view",
          arguments: ["board-report.xml", "board-report.html", "board-report.txt"])
    func boardReport(_ template: String) throws {
        let org = Organisation(code: "IN", name: "Inköpsnämnden", organisationNumber: OrganisationNumber(parsing: "232100-0032")!, prefix: "IN")
        let view = BoardReportView(try fullBoardReport(), organisation: org)
        try check(template, keys(view.context))
    }

    func check(_ template: String, _ available: Set<String>) throws {
        var used = Set<String>()
        var pending = [template]
        var seen = Set<String>()
        while let name = pending.popLast() {
            guard seen.insert(name).inserted else { continue }
            let source = try String(contentsOf: Repo.templates.appendingPathComponent(name + ".mustache"), encoding: .utf8)
            used.formUnion(names(in: source))
            let partials = try NSRegularExpression(pattern: #"\{\{>\s*([A-Za-z0-9_./-]+)\s*\}\}"#)
            for m in partials.matches(in: source, range: NSRange(source.startIndex..., in: source)) {
                if let r = Range(m.range(at: 1), in: source) { pending.append(String(source[r])) }
            }
        }
        #expect(seen.contains("partials/page-head.html") == template.hasSuffix(".html"))
        #expect(used.subtracting(available).isEmpty, "unknown keys: \(used.subtracting(available).sorted())")
    }
}

/// A board report with every optional part present: escalations, a resolution, a late and a
/// missing documentation, penalty exposure from both sources, and a withheld procurement.
func fullBoardReport() throws -> BoardReport {
    func d(_ s: String) -> CivilDate { CivilDate(parsing: s)! }
    let deviations = [
        DeviationFact(document: "RS 2026/0001-1", organisation: "RS", unit: "Kirurgen", type: "split-purchase", status: "resolved",
                      reportedOn: d("2026-03-01"),
                      steps: [.init(step: "escalate", level: "manager", on: d("2026-03-05"), document: "RS 2026/0001-2"),
                              .init(step: "resolve", level: "manager", on: d("2026-03-11"), document: "RS 2026/0001-3")]),
        DeviationFact(document: "RV 2026/0002-1", organisation: "RV", unit: "[Sekretess enligt 19 kap. 3 § OSL]", type: "conflict-of-interest",
                      status: "reported", reportedOn: d("2026-04-01"), steps: []),
    ]
    let exposure = ProcurementAssessment.Exposure(minimum: Amount(kronor: 10_000), maximum: Amount(kronor: 80_000), row: "penalty-2024", reference: "21 kap. LOU")
    let procurements = [
        ProcurementFact(document: "RS 2026/0003-1", contractSigned: d("2026-02-01"), documentedOn: d("2026-04-01"), allowed: false,
                        acceptedFindings: true, valueSecret: false, exposure: exposure),
        ProcurementFact(document: "RS 2026/0004-1", contractSigned: d("2026-02-01"), documentedOn: d("2026-02-10"), allowed: false,
                        acceptedFindings: true, valueSecret: true, exposure: exposure),
    ]
    var purchases: [Purchase] = (1...8).map { (i: Int) -> Purchase in
        Purchase(organisation: "RS", unit: "Enhet", date: d("2026-0\(i)-01"), supplier: "Gel AB", supplierOrgnr: OrganisationNumber(parsing: "556123-4567")!,
                 category: CPVCode(parsing: "33141000")!, amount: Amount(kronor: 90_000 + Int64(i) * 1000), reference: "S-\(i)", line: i + 1)
    }
    purchases += [Purchase(organisation: "RS", unit: "IT", date: d("2026-05-05"), supplier: "Data AB", supplierOrgnr: OrganisationNumber(parsing: "556222-3338")!,
                  category: CPVCode(parsing: "48000000")!, amount: Amount(kronor: 150_000), reference: "D-1", line: 10)]
    let legal = try ProcurementLegalData.bundled()
    let findings = PurchaseAudit.run(purchases, fiscalYear: 2026, fiscalYearOf: { $0.year }, cpvDigits: 4, agreements: [], procurements: [], legal: legal)
    let report = BoardReport.compile(organisation: "IN", from: d("2026-01-01"), to: d("2026-12-31"), today: d("2026-11-24"),
                                     organisationNames: ["RS": "Region Sörmland", "RV": "Region Västmanland"], deviations: deviations,
                                     procurements: procurements, findings: findings.map { ($0, "RS 2026/0009-1") }, overdueDays: 14,
                                     data: try DeviationData.bundled(), legal: legal)
    #expect(!report.resolutions.isEmpty && !report.late.isEmpty && !report.missing.isEmpty && !report.exposureWithheld.isEmpty)
    #expect(Set(report.exposure.map { $0.source }) == Set(["procurement", "purchases"]))
    return report
}

@Suite("Board report")
struct BoardReportTests {
    @Test("the figures: steps by the day taken, resolution days, late documentation, exposure with the secret value left out")
    func figures() throws {
        let r = try fullBoardReport()
        #expect(r.deviations == ["RS 2026/0001-1", "RV 2026/0002-1"])
        #expect(r.escalations.first { $0.code == "manager" }?.documents == ["RS 2026/0001-2"])
        #expect(r.resolutions.map(\.days) == [10] && r.resolutionMedianTenths == 100)
        #expect(r.open == ["RS 2026/0001-1", "RV 2026/0002-1"], "resolved is still open until closed")
        #expect(r.overdue == ["RS 2026/0001-1", "RV 2026/0002-1"])
        #expect(r.late.map(\.document) == ["RS 2026/0003-1"] && r.late.first?.days == 59)
        #expect(r.exposureWithheld == ["RS 2026/0004-1"])
        #expect(r.missing.map(\.reference) == ["D-1"], "the only purchase of 100 000 kr or more")
        let split = try #require(r.exposure.first { $0.source == "purchases" })
        #expect(split.minimum == Amount(kronor: 10_000) && split.maximum == Amount(kronor: 75_600), "10 % of 756 000 kr")
        #expect(r.exposureMaximum == Amount(kronor: 80_000) + Amount(kronor: 75_600))
        #expect(r.byUnit.contains { $0.label.contains("[Sekretess enligt") })
    }

    @Test("both renderings are valid, and the charts have text alternatives")
    func rendered() throws {
        let org = Organisation(code: "IN", name: "Inköpsnämnden", organisationNumber: OrganisationNumber(parsing: "232100-0032")!, prefix: "IN")
        let view = BoardReportView(try fullBoardReport(), organisation: org)
        let renderer = try Repo.renderer()
        let xml = try renderer.boardReport(view, as: .xml)
        #expect(try Repo.schema("board-report").validate(try HardenedXMLParser.parse(Data(xml.utf8))).isEmpty)
        let html = try renderer.boardReport(view, as: .html)
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        #expect(html.components(separatedBy: "<desc id=").count - 1 == 4)
        #expect(html.contains("Uppdelning av inköp för att underskrida gränsen 1"))
    }
}
