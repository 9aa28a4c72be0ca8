@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import Testing

/// The information management plan as data (issue 15): a new store starts with the default
/// plan, a region's own replaces it all or nothing, a type in use is never dropped, only
/// retired, and registration follows the plan.
@Suite("The information management plan")
struct InformationPlanTests {
    static let header = "code,label,process,series,action,retention,retentionFrom,decision,published,retired\n"

    /// Rules of what `body` threw, [] when it did not throw.
    func rules(_ body: () throws -> Void) -> [String] {
        do { try body(); return [] } catch let e as DiariumError { return e.problems.map(\.rule) } catch { return ["other: \(error)"] }
    }

    /// The default plan with one row changed (or dropped, when `row` is nil) and rows added.
    func plan(_ s: Sandbox, replacing code: String? = nil, with row: String? = nil, adding: [String] = []) throws -> Data {
        var lines: [String] = []
        for t in try s.diarium.plan(as: tester).map(\.type) {
            if t.code == code { if let row { lines.append(row) }; continue }
            let decision = "\"" + t.decision.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            lines.append([t.code, t.label, t.process, t.series ?? "", t.action.rawValue, t.retention?.description ?? "",
                          t.retentionFrom?.rawValue ?? "", decision, String(t.published), String(t.retired)].joined(separator: ","))
        }
        return Data((Self.header + (lines + adding).joined(separator: "\n") + "\n").utf8)
    }

    @Test func aNewStoreHasTheDefaultPlanAndRegistrationUsesIt() throws {
        let s = try Sandbox()
        let plan = try s.diarium.plan(as: tester)
        let offert = try #require(plan.first { $0.type.code == "offert" })
        #expect(offert.rule == "Gallras 2 år efter utgången av registreringsåret")
        #expect(plan.contains { $0.type.code == "anbud" && $0.rule == "Bevaras" })
        let r = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["documentType": "offert"]), as: tester)
        #expect(try s.diarium.view(r.document, audience: .full, as: tester).documentTypeLabel == "Offert")
        #expect(try s.diarium.plan(as: tester).first { $0.type.code == "offert" }?.documents == 1)
        #expect(rules { _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["documentType": "inget-sadant"]), as: tester) }
                == ["document-type.unknown"])
    }

    @Test func aRegionsPlanReplacesTheDefaultAndATypeInUseIsRetiredNeverDropped() throws {
        let s = try Sandbox()
        let r = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["documentType": "offert"]), as: tester)
        let before = try s.diarium.plan(as: tester)
        // Dropping a type that a document has: refused, naming it; nothing changed.
        #expect(rules { _ = try s.diarium.importPlan(try plan(s, replacing: "offert"), name: "plan.csv", as: tester) } == ["plan.type-in-use"])
        #expect(try s.diarium.plan(as: tester) == before)
        // Kept, retired, with a new type of the region's own.
        let retired = "offert,Offert,Upphandla varor och tjänster,F1,dispose,P3Y,document-date,RS 2026/77 § 4,false,true"
        let added = "leverantorsfraga,Frågor från leverantörer,Upphandla varor och tjänster,F1,dispose,P6M,registered,RS 2026/77 § 4,true,false"
        let summary = try s.diarium.importPlan(try plan(s, replacing: "offert", with: retired, adding: [added]), name: "plan.csv", as: tester)
        #expect(summary.added == ["leverantorsfraga"] && summary.changed == ["offert"] && summary.removed.isEmpty)
        let now = try s.diarium.plan(as: tester)
        #expect(now.first { $0.type.code == "offert" }?.rule == "Gallras 3 år efter handlingens datum")
        #expect(now.first { $0.type.code == "leverantorsfraga" }?.rule == "Gallras 6 månader efter registreringen")
        // A retired type takes no new document; the one registered keeps it.
        #expect(rules { _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["documentType": "offert"]), as: tester) }
                == ["document-type.retired"])
        #expect(try s.diarium.view(r.document, audience: .full, as: tester).documentType == "offert")
        // A type of the new plan is taken by a registration in the same process, and the whole
        // store is intact, the plan file kept in the archive.
        let d = try Diarium(store: s.storeURL, home: Paths.home)
        _ = try d.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["documentType": "leverantorsfraga"]), as: tester)
        let verified = try d.verify(as: tester)
        #expect(verified.isIntact)
        // The plan file is the import's object, not one left by an interrupted registration.
        #expect(!verified.notices.map(\.kind).contains("object.unreferenced"), "\(verified.notices)")
        try d.retirePlanType("offert", retired: false, as: tester)
        _ = try d.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["documentType": "offert"]), as: tester)
    }

    @Test func aBadPlanIsRefusedByLineAndColumnAndChangesNothing() throws {
        let s = try Sandbox()
        let before = try s.diarium.plan(as: tester)
        let bad = try plan(s, adding: [
            "Stora Bokstäver,Etikett,Process,,keep,,,Beslut,true,false",
            "nytt,Nytt,Process,,dispose,,,Beslut,true,false",
            "annat,Annat,Process,,keep,P2Y,year-end,Beslut,kanske,false",
            "anbud,Anbud igen,Process,,keep,,,Beslut,true,false",
        ])
        let problems: [ValidationError]
        do { _ = try s.diarium.importPlan(bad, name: "plan.csv", as: tester); problems = [] } catch { problems = error.problems }
        let n = before.count + 1
        #expect(problems.map(\.field) == ["plan.csv:\(n + 1): code", "plan.csv:\(n + 2): retention", "plan.csv:\(n + 2): retentionFrom",
                                         "plan.csv:\(n + 3): published", "plan.csv:\(n + 3): retention", "plan.csv:\(n + 4): code"])
        #expect(problems.map(\.rule) == ["plan.code", "plan.retention-missing", "plan.retention-from-missing", "plan.flag",
                                        "plan.keep-has-retention", "plan.code-duplicate"])
        // The types Diarium registers itself cannot go or be retired.
        #expect(rules { _ = try s.diarium.importPlan(try plan(s, replacing: "avstegsrapport"), name: "plan.csv", as: tester) } == ["plan.built-in-missing"])
        #expect(rules { try s.diarium.retirePlanType("beslut-utlamnande", retired: true, as: tester) } == ["plan.built-in-retired"])
        #expect(rules { try s.diarium.retirePlanType("finns-inte", retired: true, as: tester) } == ["plan.unknown-type"])
        // What Diarium builds other records on, and the disposal records, are kept.
        for code in ["gallringsprotokoll", "avstegsrapport"] {
            let row = "\(code),X,Arkivera,,dispose,P2Y,registered,RS 2026/77 § 4,true,false"
            #expect(rules { _ = try s.diarium.importPlan(try plan(s, replacing: code, with: row), name: "plan.csv", as: tester) } == ["plan.type-must-be-kept"])
        }
        #expect(rules { _ = try s.diarium.importPlan(Data("{\"types\": 3}".utf8), name: "plan.json", as: tester) } == ["plan.json-shape"])
        #expect(try s.diarium.plan(as: tester) == before)
        // Only a registrar changes the plan.
        let handler = Principal(name: "Handläggare", roles: [.handlaggare], organisations: .all)
        #expect(rules { _ = try s.diarium.importPlan(try plan(s), name: "plan.csv", as: handler) } == ["access.role"])
    }

    @Test func thePlanReadsAsJSONToo() throws {
        let s = try Sandbox()
        var types: [[String: Any]] = try s.diarium.plan(as: tester).map { v in
            var o: [String: Any] = ["code": v.type.code, "label": v.type.label, "process": v.type.process, "action": v.type.action.rawValue,
                                    "decision": v.type.decision, "published": v.type.published]
            if let r = v.type.retention { o["retention"] = r.description }
            if let f = v.type.retentionFrom { o["retentionFrom"] = f.rawValue }
            return o
        }
        types.append(["code": "rapport-arkiv", "label": "Arkivrapport", "process": "Arkivera", "action": "keep", "decision": "RS 2026/1", "published": false])
        let summary = try s.diarium.importPlan(try JSONSerialization.data(withJSONObject: ["types": types]), name: "plan.json", as: tester)
        #expect(summary.added == ["rapport-arkiv"])
        #expect(try s.diarium.plan(as: tester).last?.type.published == false)
        // A type the plan keeps out of the webbdiarium: found by staff, not by the public.
        let r = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["documentType": "rapport-arkiv", "title": "Arkivrapport om lokalerna"]), as: tester)
        let query = SearchQuery(text: "Arkivrapport")
        #expect(try s.diarium.search(query, scope: .internal, as: tester).map(\.document) == [r.document])
        #expect(try s.diarium.search(query, scope: .public, as: Principal.member(ofThePublic: "x")).isEmpty)
        #expect(try s.diarium.search(SearchQuery(text: ""), scope: .public, as: Principal.member(ofThePublic: "x")).allSatisfy { $0.document != r.document })
    }
}
