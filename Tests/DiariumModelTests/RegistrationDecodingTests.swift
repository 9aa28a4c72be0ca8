import DiariumModel
import Foundation
import Testing

/// The registration example of ../shared/examples, the v1 contract (copied, not read, so the
/// test runs without shared/ beside the clone).
let exampleRegistration = """
{
  "organisation": "RS",
  "case": null,
  "caseTitle": "Direktupphandling av ultraljudsgel, Hjärtcentrum",
  "direction": "incoming",
  "date": "2026-11-12",
  "counterparty": "Nordisk Sjukvårdsprodukter AB",
  "title": "Anbud avseende ultraljudsgel",
  "publicTitle": "Anbud avseende ultraljudsgel",
  "documentType": "anbud",
  "handler": "Åsa Öberg",
  "secrecy": [
    { "field": "content", "provision": "osl-31-16", "reason": "Anbudet innehåller leverantörens affärsförhållanden." }
  ]
}
"""

/// The example with one key replaced by a JSON fragment (or removed, with `nil`).
func example(_ key: String, json value: String?) -> Data {
    var o = (try? JSONSerialization.jsonObject(with: Data(exampleRegistration.utf8))) as? [String: Any] ?? [:]
    o[key] = value.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
    return (try? JSONSerialization.data(withJSONObject: o)) ?? Data()
}

func exampleObject() -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(exampleRegistration.utf8))) as? [String: Any] ?? [:]
}

func data(_ o: [String: Any]) -> Data { (try? JSONSerialization.data(withJSONObject: o)) ?? Data() }

@Suite("Registration decoding")
struct RegistrationDecodingTests {
    @Test("the v1 example decodes")
    func decodesExample() throws {
        let r = try Registration.decode(Data(exampleRegistration.utf8))
        #expect(r.organisation == "RS")
        #expect(r.caseNumber == nil)
        #expect(r.direction == .incoming)
        #expect(r.date.description == "2026-11-12")
        #expect(r.isSecret("content") && !r.isSecret("title"))
        #expect(r.secrecy.first?.provision == "osl-31-16")
    }

    static let rejections: [(String, String?, String, String)] = [
        ("title", "42", "title", "type.string"),
        ("title", nil, "title", "required"),
        ("title", "\"   \"", "title", "text.empty"),
        ("title", "\"" + String(repeating: "x", count: 501) + "\"", "title", "text.max-length"),
        ("counterparty", #"{"name": "x"}"#, "counterparty", "type.string"),
        ("date", #""2026-02-30""#, "date", "date.invalid"),
        ("date", #""24/11/2026""#, "date", "date.invalid"),
        ("date", "20261124", "date", "type.string"),
        ("direction", #""sideways""#, "direction", "code.unknown"),
        ("case", #""../../etc/passwd""#, "case", "case-number.invalid"),
        ("case", "42", "case", "type.string"),
        ("organisation", #"["RS"]"#, "organisation", "type.string"),
        ("handler", "\"" + String(repeating: "å", count: 201) + "\"", "handler", "text.max-length"),
        ("secrecy", #""content""#, "secrecy", "type.array"),
        ("secrecy", #"[{"field": "amount", "provision": "osl-31-16", "reason": "r"}]"#, "secrecy[0].field", "secrecy.field-not-markable"),
        ("secrecy", #"[{"field": "../content", "provision": "osl-31-16", "reason": "r"}]"#, "secrecy[0].field", "field-path.invalid"),
        ("secrecy", #"[{"field": "content", "reason": "r"}]"#, "secrecy[0].provision", "required"),
        ("secrecy", #"[{"field": "content", "provision": "osl-31-16", "reason": "r", "extra": 1}]"#, "secrecy[0].extra", "unknown-key"),
        ("secrecy", #"[{"field": "content", "provision": "osl-31-16", "reason": "r"}, {"field": "content", "provision": "osl-19-3-2", "reason": "r"}]"#,
         "secrecy[1].field", "secrecy.duplicate"),
        ("titel", #""Anbud""#, "titel", "unknown-key"),
    ]

    @Test("each rule refuses with the field and the rule", arguments: rejections)
    func rejection(_ key: String, _ value: String?, _ field: String, _ rule: String) {
        do {
            _ = try Registration.decode(example(key, json: value))
            Issue.record("accepted \(key) = \(String(describing: value))")
        } catch {
            #expect(error.errors.contains { $0.field == field && $0.rule == rule }, "\(error.errors)")
        }
    }

    @Test("a new case needs a case title; an existing case takes none")
    func caseTitleRequired() {
        #expect(throws: InputRejected.self) { try Registration.decode(example("caseTitle", json: nil)) }
        var o = exampleObject()
        o["caseTitle"] = nil
        o["case"] = "RS 2026/0001"
        #expect((try? Registration.decode(data(o))) != nil)
        o["caseTitle"] = "Nytt namn"
        do {
            _ = try Registration.decode(data(o))
            Issue.record("accepted a case title for an existing case")
        } catch {
            #expect(error.errors.map(\.rule) == ["case-title.only-for-new-case"])
        }
    }

    @Test("a secret title needs a public title that does not repeat it")
    func secretTitle() throws {
        var o = exampleObject()
        o["secrecy"] = [["field": "title", "provision": "osl-19-3-2", "reason": "r"]]
        o["publicTitle"] = nil
        let missing = data(o)
        #expect(throws: InputRejected([ValidationError(field: "publicTitle", rule: "public-title.required-when-title-secret",
                                                       message: "krävs när title är sekretessmarkerad, eftersom det offentliga diariet visar den i stället")])) {
            try Registration.decode(missing)
        }
        o["publicTitle"] = "anbud avseende ULTRALJUDSGEL"
        let repeating = data(o)
        do {
            _ = try Registration.decode(repeating)
            Issue.record("accepted a public title that repeats the secret title")
        } catch {
            #expect(error.errors.map(\.rule) == ["public-title.reveals-secret-title"])
        }
        o["publicTitle"] = "Anbud"
        #expect(try Registration.decode(data(o)).isSecret("title"))
    }

    @Test("all problems are reported at once, none echoing the value")
    func allProblems() throws {
        var o = exampleObject()
        o["date"] = "HEMLIGT-VÄRDE-1"
        o["direction"] = "HEMLIGT-VÄRDE-2"
        o["title"] = 7
        let input = data(o)
        do {
            _ = try Registration.decode(input)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.errors.map(\.field)) == ["date", "direction", "title"])
            #expect(!error.description.contains("HEMLIGT"))
        }
    }

    @Test("text is normalised to NFC")
    func nfc() throws {
        let r = try Registration.decode(example("title", json: "\"Sto\u{0308}rre anbud\""))
        #expect(r.title == "Större anbud")
        #expect(r.title.unicodeScalars.count == "Större anbud".unicodeScalars.count)
    }

    @Test("broken JSON is refused as the meta file, with the line")
    func syntax() {
        do {
            _ = try Registration.decode(Data("{\n\"title\": }".utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.errors.first?.field == "meta")
            #expect(error.errors.first?.rule == "json.syntax")
            #expect(error.errors.first?.message.contains("rad 2") == true)
        }
    }
}
