import DiariumModel
import Foundation
import Testing

func deviationExample(_ edit: (inout [String: Any]) -> Void = { _ in }) -> Data {
    let url = Bundle.module.url(forResource: "Fixtures/deviation", withExtension: "json")!
    var o = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    edit(&o)
    return try! JSONSerialization.data(withJSONObject: o)
}

@Suite("Deviation report decoding")
struct DeviationReportDecodingTests {
    @Test("the v1 example decodes")
    func example() throws {
        let d = try DeviationReport.decode(deviationExample())
        #expect(d.organisation == "RV" && d.phase == .after && d.type == "purchase-outside-agreement")
        #expect(d.reporterName == "Per Ängström" && d.reporterRole == "Inköpare")
        #expect(d.procurement == nil && d.estimatedValue == Amount(kronor: 138_000))
        #expect(d.supplier?.organisationNumber.description == "556677-8899")
    }

    @Test("the reporter may be marked secret; the organisation may not")
    func secrecy() throws {
        let secret = try DeviationReport.decode(deviationExample {
            $0["secrecy"] = [["field": "reportedBy.name", "provision": "osl-19-3-1", "reason": "Rapport om kollega."]]
        })
        #expect(secret.isSecret("reportedBy.name"))
        #expect(throws: InputRejected.self) {
            try DeviationReport.decode(deviationExample {
                $0["secrecy"] = [["field": "organisation", "provision": "osl-19-3-1", "reason": "x"]]
            })
        }
    }

    static let cases: [(String, String, String, String)] = [
        ("phase", #""later""#, "phase", "code.unknown"),
        ("reportedOn", #""2026-02-30""#, "reportedOn", "date.invalid"),
        ("estimatedValue", "138000", "estimatedValue", "type.string"),
        ("procurement", #""RS 2026/0001""#, "procurement", "document-number.invalid"),
        ("supplier", #"{"name": "X", "orgnr": "556677-8898"}"#, "supplier.orgnr", "orgnr.invalid"),
        ("reporter", #""x""#, "reporter", "unknown-key"),
    ]

    @Test("each rule refuses with its field and rule", arguments: cases)
    func rejects(_ key: String, _ json: String, _ field: String, _ rule: String) {
        let value = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        do {
            _ = try DeviationReport.decode(deviationExample { $0[key] = value })
            Issue.record("accepted \(key)")
        } catch {
            #expect(error.errors.contains { $0.field == field && $0.rule == rule }, "\(error.errors)")
        }
    }
}
