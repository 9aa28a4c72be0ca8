@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumStore
import Foundation
import Testing

/// `export sip` (issue 15 item 4): one E-ARK SIP per case, whole or not at all, the store only read.
@Suite("Export of cases as E-ARK SIPs")
struct ExportSIPTests {
    /// A case of two documents, the second with its counterparty marked secret.
    private func twoDocuments(_ s: Sandbox) throws -> (caseNumber: String, documents: [String]) {
        let first = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["secrecy": []]), as: tester)
        let second = try s.diarium.register(InputFile(name: "offert.pdf", data: TestPDF.page(["Offert"])), meta: s.meta([
            "case": first.case, "caseTitle": nil,
            "secrecy": [["field": "counterparty", "provision": "osl-19-3-2", "reason": "Anbudssekretess"]],
        ]), as: tester)
        return (first.case, [first.document, second.document])
    }

    private func request(_ caseNumber: String, _ out: URL, zip: Bool = false) -> SIPExportRequest {
        SIPExportRequest(cases: [caseNumber], from: nil, to: nil, organisation: nil, out: out, zip: zip)
    }

    @Test func thePackageHoldsEveryDocumentFileWithItsSizeAndSHA256InMETS() throws {
        let s = try Sandbox()
        let (caseNumber, documents) = try twoDocuments(s)
        let out = s.dir.appendingPathComponent("out")
        let result = try s.diarium.exportSIP(request(caseNumber, out), as: tester)
        let package = try #require(result.packages.first)
        #expect(package.documents == 2)
        let root = URL(fileURLWithPath: package.path)
        let mets = try String(contentsOf: root.appendingPathComponent("representations/rep1/METS.xml"), encoding: .utf8)
        for number in documents {
            let stored = try s.diarium.document(number)
            let base = number.replacingOccurrences(of: " ", with: "-").replacingOccurrences(of: "/", with: "-")
            let ext = stored.entry.file.name.hasSuffix(".pdf") ? "pdf" : "txt"
            let file = root.appendingPathComponent("representations/rep1/data/\(base).\(ext)")
            let data = try Data(contentsOf: file)
            #expect(SHA256Hex.of(data) == stored.entry.file.sha256)
            #expect(mets.contains("SIZE=\"\(data.count)\""))
            #expect(mets.contains("CHECKSUM=\"\(stored.entry.file.sha256.uppercased())\""))
            #expect(mets.contains("data/\(base).\(ext)"))
        }
        // The same store and case give the same id: a re-export is recognised.
        #expect(package.id.hasPrefix("uuid-") && root.lastPathComponent == package.id)
    }

    @Test func aSecrecyMarkingsProvisionIsAnERMSRestriction() throws {
        let s = try Sandbox()
        let (caseNumber, _) = try twoDocuments(s)
        let out = s.dir.appendingPathComponent("out")
        let package = try #require(try s.diarium.exportSIP(request(caseNumber, out), as: tester).packages.first)
        let erms = try String(contentsOf: URL(fileURLWithPath: package.path).appendingPathComponent("metadata/descriptive/erms.xml"), encoding: .utf8)
        #expect(erms.contains("<restriction restrictionType=\"confidential\">"))
        #expect(erms.contains("<regulation>\(s.diarium.provisionReference("osl-19-3-2"))</regulation>"))
        #expect(erms.contains("counterparty"))
    }

    @Test func aDocumentsRequestEventsAreAmongItsPreservationEvents() throws {
        let s = try Sandbox()
        let (caseNumber, documents) = try twoDocuments(s)
        let r = try s.diarium.openRequest(accessRequest(), as: tester)
        _ = try s.diarium.addToRequest(r.request, documents: documents, as: tester)
        _ = try s.diarium.assess(r.request, document: documents[0], .init(choice: .release), as: tester)
        let package = try #require(try s.diarium.exportSIP(request(caseNumber, s.dir.appendingPathComponent("out")), as: tester).packages.first)
        let premis = try String(contentsOf: URL(fileURLWithPath: package.path)
            .appendingPathComponent("representations/rep1/metadata/preservation/premis.xml"), encoding: .utf8)
        #expect(premis.contains("Sekretessprövning av \(documents[0]) vid begäran \(r.request)"))
        for d in documents { #expect(premis.contains("\(d) begärd ut i begäran \(r.request)")) }
    }

    @Test func eachRecordCarriesThePlansRetention() throws {
        let s = try Sandbox()
        let kept = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["secrecy": []]), as: tester)
        _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta([
            "case": kept.case, "caseTitle": nil, "documentType": "offert", "title": "Offert", "publicTitle": nil, "secrecy": [],
        ]), as: tester)
        let package = try #require(try s.diarium.exportSIP(request(kept.case, s.dir.appendingPathComponent("out")), as: tester).packages.first)
        let erms = try String(contentsOf: URL(fileURLWithPath: package.path).appendingPathComponent("metadata/descriptive/erms.xml"), encoding: .utf8)
        #expect(erms.contains("<disposal disposable=\"false\">") && erms.contains("<disposalAction>Bevaras</disposalAction>"))
        #expect(erms.contains("<disposal disposable=\"true\">") && erms.contains("<disposalPeriod>P2Y</disposalPeriod>"))
        // An offert registered in 2026 may go from 2029-01-01 (two years after the year's end).
        #expect(erms.contains("<disposalDate dateType=\"retention_period_end\">2029-01-01T00:00:00+01:00</disposalDate>"))
    }

    @Test func anExistingPackageIsRefusedAndNothingElseWritten() throws {
        let s = try Sandbox()
        let (caseNumber, _) = try twoDocuments(s)
        let other = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["secrecy": []]), as: tester)
        let out = s.dir.appendingPathComponent("out")
        _ = try s.diarium.exportSIP(request(caseNumber, out), as: tester)
        let before = try FileManager.default.contentsOfDirectory(atPath: out.path)
        let both = SIPExportRequest(cases: [other.case, caseNumber], from: nil, to: nil, organisation: nil, out: out, zip: false)
        #expect {
            _ = try s.diarium.exportSIP(both, as: tester)
        } throws: { error in
            (error as? DiariumError)?.problems.map(\.rule) == ["export.package-exists"]
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path) == before)
    }

    @Test func aFailedExportLeavesNoTempFolder() throws {
        let s = try Sandbox()
        let (caseNumber, _) = try twoDocuments(s)
        let out = s.dir.appendingPathComponent("out")
        // A home without the E-ARK schemas: writing fails part-way, after the content files.
        let home = s.dir.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("schemas"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Paths.home.templates, to: home.appendingPathComponent("templates"))
        for f in try FileManager.default.contentsOfDirectory(atPath: Paths.home.schemas.path) where f.hasSuffix(".xsd") {
            try FileManager.default.copyItem(at: Paths.home.schemas.appendingPathComponent(f), to: home.appendingPathComponent("schemas/\(f)"))
        }
        let broken = try Diarium(store: s.storeURL, home: DiariumHome(root: home), clock: { fixedNow })
        // A leftover of a killed run is cleared too.
        try FileManager.default.createDirectory(at: out.appendingPathComponent(".tmp-uuid-leftover"), withIntermediateDirectories: true)
        #expect(throws: DiariumError.self) { _ = try broken.exportSIP(request(caseNumber, out), as: tester) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).isEmpty)
    }

    @Test func theExportLeavesTheStoreUnchanged() throws {
        let s = try Sandbox()
        let (caseNumber, _) = try twoDocuments(s)
        let events = try s.diarium.store.lastAuditEventID()
        let documents = try s.diarium.store.documentCount()
        _ = try s.diarium.exportSIP(request(caseNumber, s.dir.appendingPathComponent("out")), as: tester)
        _ = try s.diarium.exportSIP(request(caseNumber, s.dir.appendingPathComponent("zip"), zip: true), as: tester)
        #expect(try s.diarium.store.lastAuditEventID() == events)
        #expect(try s.diarium.store.documentCount() == documents)
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test func badInputIsRefusedWithTheFieldAndRuleAndNothingWritten() throws {
        let s = try Sandbox()
        _ = try twoDocuments(s)
        let out = s.dir.appendingPathComponent("out")
        let cases: [(SIPExportRequest, String)] = [
            (SIPExportRequest(cases: ["RS 2026/9999"], from: nil, to: nil, organisation: nil, out: out, zip: false), "case.not-found"),
            (SIPExportRequest(cases: [], from: "2026-12-01", to: "2026-01-01", organisation: nil, out: out, zip: false), "date-order.period"),
            (SIPExportRequest(cases: [], from: "2026-13-01", to: "2026-12-01", organisation: nil, out: out, zip: false), "date.invalid"),
            (SIPExportRequest(cases: [], from: "2020-01-01", to: "2020-01-31", organisation: nil, out: out, zip: false), "export.no-cases"),
        ]
        for (req, rule) in cases {
            #expect {
                _ = try s.diarium.exportSIP(req, as: tester)
            } throws: { error in
                (error as? DiariumError)?.problems.map(\.rule) == [rule]
            }
        }
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }
}
