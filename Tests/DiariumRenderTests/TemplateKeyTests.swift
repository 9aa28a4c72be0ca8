import DiariumModel
import DiariumRender
import DiariumRules
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
            available.formUnion(keys(RegisterView(full, for: audience, legal: try LegalData.bundled()).templateContext))
        }
        try check(template, available)
    }

    @Test("every name in the procurement templates is a key of the procurement view",
          arguments: ["direct-procurement.xml", "direct-procurement.html", "direct-procurement.txt"])
    func procurement(_ template: String) throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/direct-procurement", withExtension: "json"))
        var p = try DirectProcurement.decode(Data(contentsOf: url))
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
        var d = try DeviationReport.decode(Data(contentsOf: url))
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
