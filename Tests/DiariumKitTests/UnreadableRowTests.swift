import DiariumKit
import DiariumRules
import DiariumModel
import Foundation
import Testing

/// A stored row that cannot be read stops the answer that needs it and names the row: a purchase
/// skipped from a region-wide total would let a purchase over the limit be documented as allowed.
@Suite("Stored rows that cannot be read")
struct UnreadableRowTests {
    func tamper(_ s: Sandbox, _ sql: String) throws { try s.tamper(sql) }

    @Test("a purchase whose date cannot be read stops the region total and the procurement check, naming the purchase")
    func purchaseDate() throws {
        let s = try Sandbox()
        _ = try s.diarium.importPurchases(Paths.fixture("purchases.csv"), as: tester)
        let before = try s.diarium.procurementTotal(organisation: "RS", category: "33141000", fiscalYear: 2026, as: tester)
        #expect(before.contributions.contains { $0.reference == "F-2026-00311" })
        try tamper(s, "UPDATE purchase SET date = '2026-02-3x' WHERE reference = 'F-2026-00311'")
        #expect {
            _ = try s.diarium.procurementTotal(organisation: "RS", category: "33141000", fiscalYear: 2026, as: tester)
        } throws: { "\($0)".contains("F-2026-00311") }
        #expect {
            _ = try s.diarium.checkProcurement(Data(contentsOf: Paths.fixture("direct-procurement.json")), as: tester)
        } throws: { "\($0)".contains("F-2026-00311") }
    }

    @Test("an agreement whose dates cannot be read stops the check instead of vanishing from it")
    func agreementDate() throws {
        let s = try Sandbox()
        _ = try s.diarium.importAgreements(Paths.fixture("agreements.csv"), as: tester)
        try tamper(s, "UPDATE agreement SET valid_to = 'snart'")
        #expect(throws: (any Error).self) {
            _ = try s.diarium.checkProcurement(Data(contentsOf: Paths.fixture("direct-procurement.json")), as: tester)
        }
    }

    @Test("a request whose status or date cannot be read stops the list naming the request, and is never taken for open or handled")
    func requestRow() throws {
        let s = try Sandbox()
        let r = try s.diarium.openRequest(accessRequest(), as: tester)
        #expect(try s.diarium.listRequests(as: tester).map(\.status) == [.open])
        try tamper(s, "UPDATE access_request SET status = 'kanske'")
        #expect {
            _ = try s.diarium.listRequests(as: tester)
        } throws: { "\($0)".contains(r.request) }
        try tamper(s, "UPDATE access_request SET status = 'open', received_on = 'igår'")
        #expect {
            _ = try s.diarium.listRequests(as: tester)
        } throws: { "\($0)".contains(r.request) }
    }

    @Test("a deviation whose last step has an unreadable date stops the list naming it, instead of passing for one stepped today")
    func deviationDate() throws {
        let s = try Sandbox()
        let r = try s.diarium.reportDeviation(deviation(), as: tester)
        #expect(try s.diarium.listDeviations(DeviationQuery(), as: tester).map(\.document) == [r.document])
        try tamper(s, "UPDATE deviation SET last_step_on = '2026-13-01'")
        #expect {
            _ = try s.diarium.listDeviations(DeviationQuery(), as: tester)
        } throws: { "\($0)".contains(r.document) }
    }
}
