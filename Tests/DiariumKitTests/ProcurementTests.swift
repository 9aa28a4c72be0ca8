@_spi(Tools) import DiariumKit
import DiariumRules
import DiariumRender
import DiariumStore
import DiariumModel
import DiariumXML
import Foundation
import Testing

@Suite("Direct procurement end to end")
struct ProcurementTests {
    let s = try! Sandbox()

    func csv(_ name: String, _ lines: [String]) -> URL { s.file(name, lines.joined(separator: "\n") + "\n") }

    @Test("the example: allowed before and after the ledgers are loaded; documented; counted in the total")
    func example() throws {
        #expect(try s.diarium.checkProcurement(procurement(), as: tester).allowed)
        _ = try s.diarium.importAgreements(Paths.fixture("agreements.csv"), as: tester)
        _ = try s.diarium.importPurchases(Paths.fixture("purchases.csv"), as: tester)
        let a = try s.diarium.checkProcurement(procurement(), as: tester)
        #expect(a.allowed && a.regionTotal == Amount(kronor: 539_500))
        #expect(a.findings.contains { $0.rule == "agreement.exists-justified" })
        let r = try s.diarium.documentProcurement(procurement(), as: tester)
        #expect(r.document == "RS 2026/0001-1")
        let total = try s.diarium.procurementTotal(organisation: "RS", category: "33141000", fiscalYear: 2026, as: tester)
        #expect(total.total == Amount(kronor: 539_500))
        #expect(total.contributions.map(\.kind) == ["purchase", "purchase", "purchase", "procurement"])
        #expect(try s.diarium.verify(as: tester).isIntact)
        // The next procurement of the same kind now counts this one.
        let next = try s.diarium.checkProcurement(procurement { $0["estimatedValue"] = "160500" }, as: tester)
        #expect(!next.allowed, "539 500 + 160 500 = 700 000 is not below the limit")
    }

    @Test("purchases of other units of the region count; the other region, another year or another CPV group do not")
    func aggregation() throws {
        _ = try s.diarium.importPurchases(csv("p.csv", [
            "organisation,unit,date,supplier,supplierOrgnr,category,amount,reference",
            "RS,Kirurgen,2026-01-10,A AB,556123-4567,33141100,200000,A-1",
            "RS,Akuten,2026-05-10,B AB,556987-6542,33149000,254999.99,A-2",
            "RV,Psykiatrin,2026-05-10,A AB,556123-4567,33141000,500000,B-1",
            "RS,Kirurgen,2025-12-31,A AB,556123-4567,33141000,500000,C-1",
            "RS,Kirurgen,2026-03-01,A AB,556123-4567,33151000,500000,D-1",
        ]), as: tester)
        let a = try s.diarium.checkProcurement(procurement(), as: tester)
        #expect(a.regionTotal == Amount(ore: 69_999_999), "245 000 + 200 000 + 254 999.99")
        #expect(a.allowed)
        #expect(a.facts.contributions.map(\.reference) == ["A-1", "A-2"])
    }

    @Test("an agreement in force blocks direct award without a justification, and document refuses it")
    func agreementBlocks() throws {
        _ = try s.diarium.importAgreements(Paths.fixture("agreements.csv"), as: tester)
        let data = procurement { $0["agreementCheck"] = ["checkedOn": "2026-11-05"] }
        let a = try s.diarium.checkProcurement(data, as: tester)
        #expect(!a.allowed && a.findings.contains { $0.rule == "agreement.exists" && $0.severity == .error })
        #expect(a.exposure == nil, "an agreement not used under the limit breaks the policy, not LOU")
        do {
            _ = try s.diarium.documentProcurement(data, as: tester)
            Issue.record("documented without --accept-findings")
        } catch {
            #expect(error.problems.map(\.rule) == ["agreement.exists"])
        }
        #expect(try s.diarium.store.documentCount() == 0)
        let r = try s.diarium.documentProcurement(data, acceptFindings: true, as: tester)
        #expect(!r.allowed)
        let text = try s.diarium.show(r.document, audience: .full, format: .html, as: tester)
        #expect(text.contains("Dokumenterad trots fel i kontrollen"))
    }

    @Test("a secret tender amount never reaches the public documentation, register or search")
    func secrecy() throws {
        let marker = "999123.45"
        let data = procurement { o in
            var tenders = o["tenders"] as! [[String: Any]]
            tenders[1]["amount"] = marker
            o["tenders"] = tenders
        }
        let r = try s.diarium.documentProcurement(data, as: tester)
        let pretty = "999 123,45"
        for f in ShowFormat.allCases {
            let out = try s.diarium.show(r.document, audience: .public, format: f, as: tester)
            #expect(!out.contains(marker) && !out.contains(pretty) && !out.contains("999\u{00A0}123"), "public \(f)")
            #expect(!out.contains(r.sha256), "the hash of a file with a secret detail would confirm a guess of it")
        }
        #expect(try s.diarium.show(r.document, audience: .full, format: .xml, as: tester).contains(marker))
        let pub = try s.diarium.search(SearchQuery(text: "999123"), scope: .public, as: tester)
        #expect(pub.isEmpty)
        let hits = try s.diarium.search(SearchQuery(text: "ultraljudsgel"), scope: .public, as: tester)
        #expect(!String(decoding: try JSONEncoder().encode(hits), as: UTF8.self).contains(marker))
        for audience in [Audience.full, .public] {
            let xml = try s.diarium.show(r.document, audience: audience, format: .xml, as: tester)
            let doc = try HardenedXMLParser.parse(Data(xml.utf8))
            #expect(doc.rootNamespace == "urn:diarium:direct-procurement:1")
            let html = try s.diarium.show(r.document, audience: audience, format: .html, as: tester)
            #expect(!HTMLText.attributeNames(Data(html.utf8)).contains { $0.hasPrefix("on") })
        }
    }

    @Test("a bad ledger row is refused with its line number and nothing of the file is loaded")
    func badRows() throws {
        let bad = csv("bad.csv", [
            "organisation,unit,date,supplier,supplierOrgnr,category,amount,reference",
            "RS,Kirurgen,2026-01-10,A AB,556123-4567,33141100,200000,A-1",
            "RS,Kirurgen,2026-01-11,A AB,556123-4567,33141100,12,5,A-2",
            "XX,Kirurgen,2026-01-12,A AB,556123-4567,33141100,200000,A-3",
        ])
        do {
            _ = try s.diarium.importPurchases(bad, as: tester)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.field) == ["bad.csv:3"], "\(error.problems)")
        }
        let bad2 = csv("bad2.csv", [
            "organisation,unit,date,supplier,supplierOrgnr,category,amount,reference",
            "RS,Kirurgen,2026-01-10,A AB,556123-4567,33141100,200000,A-1",
            "XX,Kirurgen,2026-13-12,A AB,556123-4568,3314110,-1,A-3",
        ])
        do {
            _ = try s.diarium.importPurchases(bad2, as: tester)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.problems.map(\.field)) == ["bad2.csv:3: organisation", "bad2.csv:3: date", "bad2.csv:3: supplierOrgnr",
                                                        "bad2.csv:3: category", "bad2.csv:3: amount"])
        }
        #expect(try s.diarium.procurementTotal(organisation: "RS", category: "33141000", fiscalYear: 2026, as: tester).contributions.isEmpty)
        let header = csv("header.csv", ["organisation;unit", "RS;x"])
        #expect(throws: DiariumError.self) { try s.diarium.importPurchases(header, as: tester) }
    }

    @Test("re-importing changes nothing; a changed row under a known reference refuses the file")
    func reimport() throws {
        let first = try s.diarium.importPurchases(Paths.fixture("purchases.csv"), as: tester)
        let again = try s.diarium.importPurchases(Paths.fixture("purchases.csv"), as: tester)
        #expect(first.inserted == 5 && again.inserted == 0 && again.unchanged == 5)
        let changed = csv("changed.csv", [
            "organisation,unit,date,supplier,supplierOrgnr,category,amount,reference",
            "RS,Hjärtcentrum,2026-02-03,Medicinteknik i Mälardalen AB,556123-4567,33141000,98001,F-2026-00311",
        ])
        do {
            _ = try s.diarium.importPurchases(changed, as: tester)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.rule) == ["purchase.conflict"])
            #expect(error.problems.first?.field == "changed.csv:2: reference")
        }
    }

    @Test("an agreement under a broader CPV code blocks direct award")
    func broaderAgreement() throws {
        _ = try s.diarium.importAgreements(s.file("a.csv", """
            id,organisation,supplier,supplierOrgnr,category,title,validFrom,validTo
            AVT-1,RS,X AB,556677-8899,33100000,Medicintekniska produkter,2025-01-01,2027-12-31
            AVT-1,RV,Y AB,556987-6542,33100000,Samma id i en annan region,2025-01-01,2027-12-31
            ,,,,,,,

            """), as: tester)
        let a = try s.diarium.checkProcurement(procurement { $0["agreementCheck"] = ["checkedOn": "2026-11-05"] }, as: tester)
        #expect(a.findings.filter { $0.rule == "agreement.exists" }.count == 1, "RS's agreement only; the RV one with the same id is kept apart")
    }

    @Test("checking an input already documented does not count it twice")
    func notTwice() throws {
        let input = procurement()
        _ = try s.diarium.documentProcurement(input, as: tester)
        #expect(try s.diarium.checkProcurement(input, as: tester).regionTotal == Amount(kronor: 245_000))
    }

    @Test("the same input documented twice is refused with the document it already is")
    func twice() throws {
        let input = procurement()
        let r = try s.diarium.documentProcurement(input, as: tester)
        #expect {
            try s.diarium.documentProcurement(input, as: tester)
        } throws: { error in
            let p = (error as? DiariumError)?.problems.first
            return p?.rule == "procurement.already-documented" && p?.message.contains(r.document) == true
        }
    }
}

@Suite("A secret estimated value")
struct SecretValueTests {
    @Test("is in no message, no public output, and the total that would reveal it is withheld too")
    func secretValue() throws {
        let s = try Sandbox()
        _ = try s.diarium.importPurchases(Paths.fixture("purchases.csv"), as: tester)
        let data = procurement { o in
            o["estimatedValue"] = "654321"
            o["secrecy"] = [["field": "estimatedValue", "provision": "osl-19-3-1", "reason": "Priset försämrar kommande förhandlingar."]]
        }
        let forms = ["654321", "654\u{00A0}321", "948821", "948\u{00A0}821"] // the value and value + 294 500 (the total)
        let a = try s.diarium.checkProcurement(data, as: tester)
        #expect(!a.allowed)
        for f in a.findings { for v in forms { #expect(!f.message.contains(v), "\(f.rule)") } }
        do {
            _ = try s.diarium.documentProcurement(data, as: tester)
            Issue.record("accepted")
        } catch {
            for v in forms { #expect(!error.description.contains(v)) }
        }
        let r = try s.diarium.documentProcurement(data, acceptFindings: true, as: tester)
        for format in ShowFormat.allCases {
            let out = try s.diarium.show(r.document, audience: .public, format: format, as: tester)
            for v in forms { #expect(!out.contains(v), "public \(format) shows \(v)") }
        }
        #expect(try s.diarium.show(r.document, audience: .full, format: .xml, as: tester).contains("654321"))
    }
}

@Suite("Procurements in bulk")
struct ProcurementBatchTests {
    @Test("procurements of one batch count each other: the one that reaches the limit is refused")
    func inBatchTotals() throws {
        let s = try Sandbox()
        let a = procurement { $0["estimatedValue"] = "400000" }
        let b = procurement { $0["estimatedValue"] = "300000"; $0["subject"] = "Mer gel" }
        let other = procurement { $0["estimatedValue"] = "300000"; $0["category"] = "39130000"; $0["agreementCheck"] = ["checkedOn": "2026-11-05"] }
        do {
            _ = try s.diarium.documentProcurements([a, other, b], as: tester)
            Issue.record("accepted 400 000 + 300 000")
        } catch {
            #expect(error.problems.map(\.rule) == ["limit.exceeded"])
        }
        #expect(try s.diarium.store.documentCount() == 0, "the batch is one transaction")
        let receipts = try s.diarium.documentProcurements([a, other, b], acceptFindings: true, batchSize: 2, as: tester)
        #expect(receipts.map(\.allowed) == [true, true, false])
        #expect(try s.diarium.verify(as: tester).isIntact)
        #expect(try s.diarium.procurementTotal(organisation: "RS", category: "33141000", fiscalYear: 2026, as: tester).total == Amount(kronor: 700_000))
    }
}

/// Secrets of one procurement, and of the others the region has documented, kept out of its public
/// documentation, totals and messages.
@Suite("Secrets in a procurement's public documentation")
struct ProcurementSecrecyTests {
    let s = try! Sandbox()

    @Test("another procurement's secret value and unit stay secret in this one's public documentation and messages")
    func crossDocument() throws {
        let a = procurement { o in
            o["estimatedValue"] = "321987"
            o["unit"] = "HEMLIG-ENHET-77"
            o["secrecy"] = [["field": "estimatedValue", "provision": "osl-19-3-1", "reason": "r"],
                            ["field": "unit", "provision": "osl-19-3-1", "reason": "r"]]
        }
        _ = try s.diarium.documentProcurement(a, as: tester)
        let b = try s.diarium.documentProcurement(procurement { $0["subject"] = "Mer ultraljudsgel"; $0["secrecy"] = [] }, as: tester)
        for f in ShowFormat.allCases {
            let out = try s.diarium.show(b.document, audience: .public, format: f, as: tester)
            for v in ["321987", "321\u{00A0}987", "HEMLIG-ENHET-77", "566987", "566\u{00A0}987"] {
                #expect(!out.contains(v), "public \(f) of the next procurement shows \(v)")
            }
        }
        for f in b.findings { #expect(!f.message.contains("321") && !f.message.contains("566")) }
    }

    @Test("a winner marked secret in its tender is masked in the award, the invited list and the public register")
    func winnerMarked() throws {
        let r = try s.diarium.documentProcurement(procurement {
            $0["secrecy"] = [["field": "tenders[0].supplier.name", "provision": "osl-19-3-2", "reason": "r"]]
        }, as: tester)
        for f in ShowFormat.allCases {
            let out = try s.diarium.show(r.document, audience: .public, format: f, as: tester)
            #expect(!out.contains("Medicinteknik") && !out.contains("556123-4567"), "public \(f)")
        }
        let hits = try s.diarium.search(SearchQuery(text: "ultraljudsgel"), scope: .public, as: tester)
        #expect(!String(decoding: try JSONEncoder().encode(hits), as: UTF8.self).contains("Medicinteknik"))
    }

    @Test("markings that could not be masked, or name no provision, are refused", arguments: [
        (#"[{"field": "contractSigned", "provision": "osl-19-3-1", "reason": "r"}]"#, "secrecy.field-not-markable"),
        (#"[{"field": "period.start", "provision": "osl-19-3-1", "reason": "r"}]"#, "secrecy.field-not-markable"),
        (#"[{"field": "tenders[1].amount", "provision": "foo", "reason": "r"}]"#, "provision.unknown"),
    ])
    func badMarkings(_ json: String, _ rule: String) {
        let marks = try? JSONSerialization.jsonObject(with: Data(json.utf8))
        do {
            _ = try s.diarium.checkProcurement(procurement { $0["secrecy"] = marks }, as: tester)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.problems.map(\.rule).contains(rule), "\(error.problems)")
        }
    }

    @Test("a secret amount written as 245000.00 is withheld from the next procurement's public total")
    func canonicalAmount() throws {
        let first = try s.diarium.documentProcurement(procurement {
            $0["estimatedValue"] = "245000.00"
            $0["secrecy"] = [["field": "estimatedValue", "provision": "osl-19-3-1", "reason": "Test."]]
        }, as: tester)
        let second = try s.diarium.documentProcurement(procurement { $0["subject"] = "Mer gel"; $0["unit"] = "Kirurgen" }, as: tester)
        #expect(first.document != second.document)
        // The second is worth 245 000 kr itself; the sum with the first (490 000 kr) gives the first away.
        for f in ShowFormat.allCases {
            let out = try s.diarium.show(second.document, audience: .public, format: f, as: tester)
            #expect(!out.contains("490 000") && !out.contains("490000"), "public \(f)")
        }
    }

    // Leak: as for a registration's handler (SecrecyGuardTests.surnameSharedWithHandler), a public
    // `name` (the handler's) sharing a word with a secret supplier makes that word free, so free
    // text names the secret supplier by it.
    @Test("a procurement's free text naming the secret supplier by a word the handler's name shares is refused")
    func supplierWordSharedWithHandler() {
        let input = procurement { o in
            var tenders = o["tenders"] as! [[String: Any]]
            tenders[1]["supplier"] = ["name": "Öberg Medicin AB", "orgnr": "556987-6542"]
            o["tenders"] = tenders
            var invited = o["suppliersInvited"] as! [[String: Any]]
            invited[1] = ["name": "Öberg Medicin AB", "orgnr": "556987-6542"]
            o["suppliersInvited"] = invited
            o["secrecy"] = [["field": "tenders[1].supplier.name", "provision": "osl-31-16", "reason": "Leverantör."]]
            o["description"] = "Öbergs anbud var dyrast. Gel för ekokardiografi."
        }
        do {
            _ = try s.diarium.checkProcurement(input, as: tester)
            Issue.record("accepted a description that names the secret supplier")
        } catch {
            #expect(error.problems.map(\.rule).contains("secrecy.value-in-public-field"))
        }
    }
}

@Suite("Filing into an existing case")
struct ProcurementCaseTests {
    @Test("a procurement whose secret supplier the case's public title names is refused, like any registration")
    func caseTitleRevealsSecret() throws {
        let s = try Sandbox()
        let first = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["caseTitle": "Gel från Nordisk Sjukvårdsprodukter AB", "secrecy": []]), as: tester)
        let data = procurement { $0["secrecy"] = [["field": "tenders[1].supplier.name", "provision": "osl-19-3-2", "reason": "r"]] }
        do {
            _ = try s.diarium.documentProcurement(data, caseNumber: first.case, as: tester)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.rule) == ["secrecy.value-in-public-field"])
        }
        #expect(try s.diarium.documentProcurement(procurement(), caseNumber: first.case, as: tester).case == first.case)
    }
}
