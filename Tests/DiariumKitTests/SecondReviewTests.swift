import DiariumKit
import Foundation
import Testing

/// Defects found by the review of issue 5, each with the test that would have caught it.
@Suite("Review of the deviation work")
struct SecondReviewTests {
    let s = try! Sandbox()

    @Test("a deviation's supplier marked by name alone hides its organisation number too")
    func supplierPair() throws {
        let r = try s.diarium.reportDeviation(deviation {
            $0["secrecy"] = [["field": "supplier.name", "provision": "osl-31-16", "reason": "Test."]]
        })
        for f in ShowFormat.allCases {
            let out = try s.diarium.show(r.document, audience: .public, format: f)
            #expect(!out.contains("556677-8899") && !out.contains("Kontorsmästarna"), "public \(f)")
        }
    }

    @Test("a marked value inside unmarked text is refused, naming the field and not the value")
    func freeText() throws {
        #expect {
            try s.diarium.reportDeviation(deviation {
                $0["description"] = "Per Ängström beställde möbler direkt."
                $0["secrecy"] = [["field": "reportedBy.name", "provision": "osl-19-3-1", "reason": "Rapport om kollega."]]
            })
        } throws: { error in
            let p = (error as? DiariumError)?.problems ?? []
            return p.map(\.field) == ["description"] && p.map(\.rule) == ["secrecy.value-in-public-field"]
                && !p.map(\.message).joined().contains("Ängström")
        }
        #expect {
            try s.diarium.documentProcurement(procurement { $0["description"] = "Nordisk offererade 259500.50 kr." })
        } throws: { error in
            // The fixture marks tenders[1].amount, 259500.50.
            (error as? DiariumError)?.problems.map(\.field) == ["description"]
        }
    }

    @Test("a secret amount written as 245000.00 is withheld from the next procurement's public total")
    func canonicalAmount() throws {
        let first = try s.diarium.documentProcurement(procurement {
            $0["estimatedValue"] = "245000.00"
            $0["secrecy"] = [["field": "estimatedValue", "provision": "osl-19-3-1", "reason": "Test."]]
        })
        let second = try s.diarium.documentProcurement(procurement { $0["subject"] = "Mer gel"; $0["unit"] = "Kirurgen" })
        #expect(first.document != second.document)
        // The second is worth 245 000 kr itself; the sum with the first (490 000 kr) gives the first away.
        for f in ShowFormat.allCases {
            let out = try s.diarium.show(second.document, audience: .public, format: f)
            #expect(!out.contains("490 000") && !out.contains("490000"), "public \(f)")
        }
    }

    @Test("the same input documented twice is refused with the document it already is")
    func twice() throws {
        let input = procurement()
        let r = try s.diarium.documentProcurement(input)
        #expect {
            try s.diarium.documentProcurement(input)
        } throws: { error in
            let p = (error as? DiariumError)?.problems.first
            return p?.rule == "procurement.already-documented" && p?.message.contains(r.document) == true
        }
    }

    @Test("a deviation about a document that is no procurement is refused")
    func notAProcurement() throws {
        let other = try s.diarium.reportDeviation(deviation()).document
        #expect {
            try s.diarium.reportDeviation(deviation { $0["procurement"] = other })
        } throws: { error in
            (error as? DiariumError)?.problems.map(\.rule) == ["procurement.not-a-procurement"]
        }
    }
}
