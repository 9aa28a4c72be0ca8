import DiariumKit
import DiariumRender
import DiariumModel
import DiariumStore
import Foundation
import Testing

/// Staff and the public as a server has them: one long-lived Diarium, the principal passed with
/// each call, roles and organisations checked by the Kit itself.
@Suite("Who acts is passed with each call and checked")
struct PrincipalTests {
    let s: Sandbox
    init() throws { s = try Sandbox() }

    static let karinRS = Principal(name: "Karin Berg", roles: [.registrator], organisations: .only(["RS"]))
    static let olaRV = Principal(name: "Ola Ek", roles: [.registrator, .handlaggare], organisations: .only(["RV"]))
    static let requestStaffRV = Principal(name: "Lena Lund", roles: [.utlamnare], organisations: .only(["RV"]))
    static let visitor = Principal.member(ofThePublic: "allmänheten")

    func expectDenied(_ rule: String, _ body: () throws(DiariumError) -> Void, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try s.snapshot()
        do {
            try body()
            Issue.record("was not refused", sourceLocation: sourceLocation)
        } catch {
            guard case .denied(let r, let message) = error else {
                Issue.record("refused as \(error), not denied", sourceLocation: sourceLocation)
                return
            }
            #expect(r == rule, sourceLocation: sourceLocation)
            #expect(error.isUserError && !message.isEmpty, sourceLocation: sourceLocation)
            #expect(error.problems.map(\.field) == ["user"], sourceLocation: sourceLocation)
        }
        #expect(try s.snapshot() == before, "a refusal writes nothing", sourceLocation: sourceLocation)
    }

    @Test("each call records its own principal; the shared instance acts for no one")
    func recordsTheCaller() throws {
        let karins = try s.diarium.register(file: s.file("brev.txt", "Ett brev."), meta: s.meta(), as: Self.karinRS)
        let olas = try s.diarium.register(file: s.file("brev2.txt", "Ett till."), meta: s.meta(["organisation": "RV"]), as: Self.olaRV)
        #expect(try s.diarium.view(karins.document, audience: .full, as: tester).registeredBy == "Karin Berg")
        #expect(try s.diarium.view(olas.document, audience: .full, as: tester).registeredBy == "Ola Ek")
    }

    @Test("a role the use case needs and the principal lacks refuses the call before anything is written")
    func roleMissing() throws {
        try expectDenied("access.role") { () throws(DiariumError) in
            _ = try s.diarium.register(file: s.file("brev.txt", "Ett brev."), meta: s.meta(), as: Self.requestStaffRV)
        }
        try expectDenied("access.role") { () throws(DiariumError) in
            _ = try s.diarium.documentProcurement(procurement(), as: Self.karinRS)
        }
        try expectDenied("access.role") { () throws(DiariumError) in
            _ = try s.diarium.verify(as: Self.karinRS)
        }
        try expectDenied("access.role") { () throws(DiariumError) in
            _ = try s.diarium.boardReport(from: "2026-01-01", to: "2026-06-30", as: Self.olaRV)
        }
        try expectDenied("access.role") { () throws(DiariumError) in
            _ = try s.diarium.listRequests(as: Self.karinRS)
        }
    }

    @Test("staff act for their own organisations only")
    func otherOrganisation() throws {
        try expectDenied("access.organisation") { () throws(DiariumError) in
            _ = try s.diarium.register(file: s.file("brev.txt", "Ett brev."), meta: s.meta(), as: Self.olaRV)
        }
        try expectDenied("access.organisation") { () throws(DiariumError) in
            _ = try s.diarium.reportDeviation(deviation { $0["organisation"] = "RS" }, as: Self.olaRV)
        }
        let rs = try s.diarium.register(file: s.file("anbud.txt", "Anbudet."), meta: s.meta(), as: tester)
        try expectDenied("access.organisation") { () throws(DiariumError) in
            _ = try s.diarium.show(rs.document, audience: .full, format: .json, as: Self.olaRV)
        }
        // A ledger with one row of another organisation is refused whole, naming the line.
        let before = try s.snapshot()
        #expect {
            try s.diarium.importPurchases(Paths.fixture("purchases.csv"), as: Self.olaRV)
        } throws: { error in
            guard case .denied(let rule, let message) = error as? DiariumError else { return false }
            return rule == "access.organisation" && message.contains("purchases.csv:2:")
        }
        #expect(try s.snapshot() == before)
    }

    @Test("the public searches and reads the public register and asks for documents, and sees nothing more")
    func thePublic() throws {
        let rs = try s.diarium.register(file: s.file("anbud.txt", "Anbudet."), meta: s.meta(), as: tester)
        #expect(try s.diarium.search(SearchQuery(text: "ultraljudsgel"), scope: .public, as: Self.visitor).map(\.document) == [rs.document])
        #expect(try !s.diarium.show(rs.document, audience: .public, format: .html, as: Self.visitor).isEmpty)
        let request = try s.diarium.openRequest(accessRequest(), as: Self.visitor)
        #expect(try s.diarium.view(request.document, audience: .full, as: tester).registeredBy == "allmänheten")
        try expectDenied("access.staff") { () throws(DiariumError) in
            _ = try s.diarium.show(rs.document, audience: .full, format: .text, as: Self.visitor)
        }
        try expectDenied("access.staff") { () throws(DiariumError) in
            _ = try s.diarium.search(SearchQuery(text: "ultraljudsgel"), scope: .internal, as: Self.visitor)
        }
        try expectDenied("access.staff") { () throws(DiariumError) in
            _ = try s.diarium.reportDeviation(deviation(), as: Self.visitor)
        }
        // Naming the handler is the request staff's, not the requester's.
        try expectDenied("access.role") { () throws(DiariumError) in
            _ = try s.diarium.openRequest(accessRequest(), handler: "Någon", as: Self.visitor)
        }
    }

    @Test("the internal search and the lists hold only the principal's organisations")
    func scopedLists() throws {
        let rs = try s.diarium.register(file: s.file("rs.txt", "Gemensamt ord."), meta: s.meta(["secrecy": []]), as: tester)
        let rv = try s.diarium.register(file: s.file("rv.txt", "Gemensamt ord."), meta: s.meta(["organisation": "RV", "secrecy": []]), as: tester)
        func found(_ p: Principal) throws -> Set<String> {
            Set(try s.diarium.search(SearchQuery(text: "gemensamt"), scope: .internal, as: p).map(\.document))
        }
        #expect(try found(tester) == [rs.document, rv.document])
        #expect(try found(Self.olaRV) == [rv.document])
        // The count follows the same restriction, with and without filters of its own.
        #expect(try s.diarium.searchCount(SearchQuery(text: "gemensamt"), scope: .internal, as: tester) == 2)
        #expect(try s.diarium.searchCount(SearchQuery(text: "gemensamt"), scope: .internal, as: Self.olaRV) == 1)
        #expect(try s.diarium.searchCount(SearchQuery(text: "gemensamt", organisation: "RS"), scope: .internal, as: tester) == 1)
        // The word is only in the files' text, which the public index does not hold.
        #expect(try s.diarium.searchCount(SearchQuery(text: "gemensamt"), scope: .public, as: Self.visitor) == 0)
        try expectDenied("access.organisation") { () throws(DiariumError) in
            _ = try s.diarium.search(SearchQuery(text: "gemensamt", organisation: "RS"), scope: .internal, as: Self.olaRV)
        }

        // An utlämnare of RV sees no RS request and cannot act on one.
        let rsRequest = try s.diarium.openRequest(accessRequest(), as: tester)
        let rvRequest = try s.diarium.openRequest(accessRequest { $0["organisation"] = "RV" }, as: tester)
        #expect(try s.diarium.listRequests(as: tester).map(\.request).sorted() == [rsRequest.request, rvRequest.request].sorted())
        #expect(try s.diarium.listRequests(as: Self.requestStaffRV).map(\.request) == [rvRequest.request])
        try expectDenied("access.organisation") { () throws(DiariumError) in
            _ = try s.diarium.addToRequest(rsRequest.request, documents: [rs.document], as: Self.requestStaffRV)
        }

        // Deviations likewise (the example report is RV's).
        let dev = try s.diarium.reportDeviation(deviation(), as: tester)
        let staffRS = Principal(name: "Per Sund", roles: [.handlaggare], organisations: .only(["RS"]))
        #expect(try s.diarium.listDeviations(DeviationQuery(), as: tester).map(\.document) == [dev.document])
        #expect(try s.diarium.listDeviations(DeviationQuery(), as: staffRS).isEmpty)
        try expectDenied("access.organisation") { () throws(DiariumError) in
            _ = try s.diarium.deviationStep(dev.document, .escalate(to: "manager"), by: "Per Sund", note: "Till förvaltningen.", as: staffRS)
        }
    }

    @Test("many tasks at once on one Diarium through the async entry points: every number once, the store intact")
    func concurrentCalls() async throws {
        let diarium = try #require(s.diarium)
        let files = (0..<12).map { s.file("samtidig-\($0).txt", "Handling \($0).") }
        let metas = (0..<12).map { s.meta(["title": "Samtidig \($0)", "organisation": $0 % 2 == 0 ? "RS" : "RV", "secrecy": []]) }
        let receipts = try await withThrowingTaskGroup(of: Receipt.self) { group in
            for i in 0..<12 {
                let principal = i % 2 == 0 ? Self.karinRS : Self.olaRV
                group.addTask { try await diarium.register(file: files[i], meta: metas[i], as: principal) }
                group.addTask {
                    // Reads run beside the writes.
                    _ = try await diarium.search(SearchQuery(text: "samtidig"), scope: .public, as: Self.visitor)
                    return Receipt(case: "", document: "", sha256: "")
                }
            }
            var out: [Receipt] = []
            for try await r in group where !r.document.isEmpty { out.append(r) }
            return out
        }
        #expect(receipts.count == 12)
        #expect(Set(receipts.map(\.document)).count == 12)
        let report = try await diarium.verify(as: tester)
        #expect(report.isIntact && report.documentsChecked == 12)
        let hits = try await diarium.search(SearchQuery(text: "samtidig", limit: 50), scope: .public, as: Self.visitor)
        #expect(hits.count == 12)
    }
}
