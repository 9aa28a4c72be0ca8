import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import Testing

@Suite("Deviation reports")
struct DeviationTests {
    let s = try! Sandbox()
    static let reporter = "MARKÖRKOLLEGA51aa"

    @Test("the example registers in a case of its own; one about a procurement goes into its case")
    func register() throws {
        let r = try s.diarium.reportDeviation(deviation(), as: tester)
        #expect(r.document == "RV 2026/0001-1")
        let p = try s.diarium.documentProcurement(procurement(), as: tester)
        let about = try s.diarium.reportDeviation(deviation { $0["organisation"] = "RS"; $0["procurement"] = p.document }, as: tester)
        #expect(about.case == p.case && about.document == p.case + "-2")
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test("a reporter marked secret is in no public output, search hit or register field")
    func secretReporter() throws {
        let r = try s.diarium.reportDeviation(deviation {
            $0["reportedBy"] = ["name": Self.reporter, "role": "Undersköterska"]
            $0["secrecy"] = [["field": "reportedBy.name", "provision": "osl-19-3-1", "reason": "Rapport om kollega."]]
        }, as: tester)
        for f in ShowFormat.allCases {
            #expect(!(try s.diarium.show(r.document, audience: .public, format: f, as: tester)).contains(Self.reporter), "public \(f)")
        }
        #expect(try s.diarium.show(r.document, audience: .full, format: .xml, as: tester).contains(Self.reporter))
        for q in [Self.reporter, "avsteg", ""] {
            let hits = try s.diarium.search(SearchQuery(text: q), scope: .public, as: tester)
            #expect(!String(decoding: try JSONEncoder().encode(hits), as: UTF8.self).contains(Self.reporter))
        }
    }

    @Test("an unknown type, a future date and a missing procurement are refused, and nothing is stored")
    func refused() throws {
        let before = try s.snapshot()
        do {
            _ = try s.diarium.reportDeviation(deviation {
                $0["type"] = "late-lunch"
                $0["reportedOn"] = "2027-01-01"
                $0["procurement"] = "RV 2026/0099-1"
            }, as: tester)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.problems.map(\.rule)) == ["deviation-type.unknown", "date.in-future", "document.not-found"])
        }
        #expect(try s.snapshot() == before)
    }

    @Test("a deviation's supplier marked by name alone hides its organisation number too")
    func supplierPair() throws {
        let r = try s.diarium.reportDeviation(deviation {
            $0["secrecy"] = [["field": "supplier.name", "provision": "osl-31-16", "reason": "Test."]]
        }, as: tester)
        for f in ShowFormat.allCases {
            let out = try s.diarium.show(r.document, audience: .public, format: f, as: tester)
            #expect(!out.contains("556677-8899") && !out.contains("Kontorsmästarna"), "public \(f)")
        }
    }

    @Test("a marked value inside unmarked text is refused, naming the field and not the value")
    func freeText() throws {
        #expect {
            try s.diarium.reportDeviation(deviation {
                $0["description"] = "Per Ängström beställde möbler direkt."
                $0["secrecy"] = [["field": "reportedBy.name", "provision": "osl-19-3-1", "reason": "Rapport om kollega."]]
            }, as: tester)
        } throws: { error in
            let p = (error as? DiariumError)?.problems ?? []
            return p.map(\.field) == ["description"] && p.map(\.rule) == ["secrecy.value-in-public-field"]
                && !p.map(\.message).joined().contains("Ängström")
        }
        #expect {
            try s.diarium.documentProcurement(procurement { $0["description"] = "Nordisk offererade 259500.50 kr." }, as: tester)
        } throws: { error in
            // The fixture marks tenders[1].amount, 259500.50.
            (error as? DiariumError)?.problems.map(\.field) == ["description"]
        }
    }

    @Test("a deviation about a document that is no procurement is refused")
    func notAProcurement() throws {
        let other = try s.diarium.reportDeviation(deviation(), as: tester).document
        #expect {
            try s.diarium.reportDeviation(deviation { $0["procurement"] = other }, as: tester)
        } throws: { error in
            (error as? DiariumError)?.problems.map(\.rule) == ["procurement.not-a-procurement"]
        }
    }
}

@Suite("Deviation steps")
struct DeviationStepTests {
    let s = try! Sandbox()

    func rule(_ body: () throws -> Receipt) -> String? {
        do { _ = try body(); return nil } catch let e as DiariumError { return e.problems.first?.rule } catch { return "\(error)" }
    }

    @Test("escalation goes one level at a time to the regiondirektör; skipping or going back is refused")
    func escalation() throws {
        let d = try s.diarium.reportDeviation(deviation(), as: tester).document
        let step = { (level: String) in try self.s.diarium.deviationStep(d, .escalate(to: level), by: "Per Ängström", note: "Verksamheten motsätter sig.", as: tester) }
        #expect(rule { try step("administration") } == "escalation.out-of-order", "skips the manager")
        let first = try step("manager")
        #expect(first.case == "RV 2026/0001" && first.document == "RV 2026/0001-2", "each step is registered in the case")
        #expect(rule { try step("manager") } == "escalation.out-of-order", "the same level again")
        _ = try step("administration")
        #expect(rule { try step("manager") } == "escalation.out-of-order", "goes back")
        _ = try step("regional-director")
        #expect(rule { try step("regional-director") } == "escalation.at-top")
        #expect(rule { try step("ceo") } == "escalation.unknown-level")
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test("resolve then close; close before resolve, or any step after close, is refused")
    func resolveClose() throws {
        let d = try s.diarium.reportDeviation(deviation(), as: tester).document
        #expect(rule { try s.diarium.deviationStep(d, .close, by: "Lena Ek", note: "Klart.", as: tester) } == "deviation.not-resolved")
        _ = try s.diarium.deviationStep(d, .resolve, by: "Lena Ek", note: "Beställningen gjordes om via avtalet.", as: tester)
        #expect(rule { try s.diarium.deviationStep(d, .escalate(to: "manager"), by: "Lena Ek", note: "x", as: tester) } == "deviation.resolved")
        _ = try s.diarium.deviationStep(d, .close, by: "Lena Ek", note: "Uppföljt.", as: tester)
        #expect(rule { try s.diarium.deviationStep(d, .resolve, by: "Lena Ek", note: "x", as: tester) } == "deviation.closed")
    }

    @Test("a step needs who and a note, and only a deviation takes steps")
    func inputs() throws {
        let d = try s.diarium.reportDeviation(deviation(), as: tester).document
        #expect(rule { try s.diarium.deviationStep(d, .resolve, by: " ", note: "x", as: tester) } == "text.empty")
        #expect(rule { try s.diarium.deviationStep(d, .resolve, by: "Lena\u{0}Ek", note: "x", as: tester) } == "text.control-character")
        let secret = try s.diarium.reportDeviation(deviation {
            $0["reportedBy"] = ["name": DeviationTests.reporter, "role": "Undersköterska"]
            $0["secrecy"] = [["field": "reportedBy.name", "provision": "osl-19-3-1", "reason": "Rapport om kollega."]]
        }, as: tester).document
        #expect(rule { try s.diarium.deviationStep(secret, .resolve, by: "Lena Ek", note: "Samtal med \(DeviationTests.reporter.lowercased()) i dag.", as: tester) } == "secrecy.value-in-public-field")
        let reg = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(), as: tester)
        #expect(rule { try s.diarium.deviationStep(reg.document, .resolve, by: "A", note: "x", as: tester) } == "deviation.not-a-deviation")
    }
}
