import DiariumModel
import Foundation
import Testing

/// The v1 example (`examples/access-request.json`), read from the copy in the Kit tests'
/// fixtures so that the two never drift apart; `edit` changes it as a JSON object.
func accessRequestExample(_ edit: (inout [String: Any]) -> Void = { _ in }) -> Data {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DiariumKitTests/Fixtures/access-request.json")
    var o = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    edit(&o)
    return try! JSONSerialization.data(withJSONObject: o)
}

/// An independent reading of an RFC 3339 time, to check `Timestamp.parseRFC3339` against.
func rfc3339Reference(_ text: String) -> Date {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.date(from: text)!
}

@Suite("Access request decoding")
struct AccessRequestDecodingTests {
    @Test("the v1 example decodes")
    func example() throws {
        let r = try AccessRequest.decode(accessRequestExample())
        #expect(r.organisation == "RS")
        #expect(r.receivedAt == rfc3339Reference("2026-11-24T08:14:00Z"))
        #expect(Timestamp.iso(r.receivedAt) == "2026-11-24T08:14:00Z")
        #expect(r.channel == .email)
        #expect(r.requester == nil && r.isAnonymous)
        #expect(r.email == "journalist@example.se" && r.phone == nil && r.address == nil)
        #expect(r.description.hasPrefix("Samtliga dokumentationer av direktupphandlingar"))
        #expect(r.format == .electronicCopy)
        #expect(r.secrecy.isEmpty && r.secretValues.isEmpty)
    }

    @Test("requester and contact may be absent or null")
    func optional() throws {
        let absent = try AccessRequest.decode(accessRequestExample {
            $0.removeValue(forKey: "requester")
            $0.removeValue(forKey: "contact")
        })
        #expect(absent.isAnonymous && absent.email == nil && absent.phone == nil && absent.address == nil)
        let null = try AccessRequest.decode(accessRequestExample { $0["contact"] = NSNull() })
        #expect(null.isAnonymous && null.email == nil)
        let emptyContact = try AccessRequest.decode(accessRequestExample { $0["contact"] = [String: Any]() })
        #expect(emptyContact.email == nil)
        let nullMembers = try AccessRequest.decode(accessRequestExample {
            $0["contact"] = ["email": NSNull(), "phone": NSNull(), "address": NSNull()]
        })
        #expect(nullMembers.email == nil && nullMembers.phone == nil && nullMembers.address == nil)
    }

    @Test("a named requester with every contact detail decodes")
    func named() throws {
        let r = try AccessRequest.decode(accessRequestExample {
            $0["requester"] = "Åsa Öberg"
            $0["contact"] = ["email": "asa@example.se", "phone": "+46 (0)16-123 45", "address": "Storgatan 1, 611 30 Nyköping"]
            $0["channel"] = "in person"
            $0["format"] = "paper copy"
        })
        #expect(r.requester == "Åsa Öberg" && !r.isAnonymous)
        #expect(r.email == "asa@example.se" && r.phone == "+46 (0)16-123 45" && r.address == "Storgatan 1, 611 30 Nyköping")
        #expect(r.channel == .inPerson && r.format == .paperCopy)
    }

    static let cases: [(String, String?, String, String)] = [
        ("unexpected", #""x""#, "unexpected", "unknown-key"),
        ("description", nil, "description", "required"),
        ("description", #""   ""#, "description", "text.empty"),
        ("receivedAt", #""2026-11-24T09:14:00""#, "receivedAt", "timestamp.invalid"),
        ("receivedAt", #""2026-11-24T09:14:00+25:00""#, "receivedAt", "timestamp.invalid"),
        ("receivedAt", #""2026-11-24T09:14:00+01:99""#, "receivedAt", "timestamp.invalid"),
        ("receivedAt", #""2026-02-30T10:00:00Z""#, "receivedAt", "timestamp.invalid"),
        ("channel", #""fax""#, "channel", "code.unknown"),
        ("format", #""pdf""#, "format", "code.unknown"),
        ("contact", #"{"email": "a@b"}"#, "contact.email", "email.invalid"),
        ("contact", #"{"email": "x y@example.se"}"#, "contact.email", "email.invalid"),
        ("contact", #"{"phone": "abc"}"#, "contact.phone", "phone.invalid"),
        ("contact", #"{"email": "journalist@example.se", "fax": "016-123 45"}"#, "contact.fax", "unknown-key"),
        ("description", "42", "description", "type.string"),
        ("requester", "true", "requester", "type.string"),
        ("receivedAt", "1795000000", "receivedAt", "type.string"),
        ("contact", #""journalist@example.se""#, "contact", "type.object"),
        ("contact", #"["journalist@example.se"]"#, "contact", "type.object"),
    ]

    @Test("each rule refuses with its field and rule", arguments: cases)
    func rejects(_ key: String, _ json: String?, _ field: String, _ rule: String) {
        let value = json.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }
        do {
            _ = try AccessRequest.decode(accessRequestExample { $0[key] = value })
            Issue.record("accepted \(key) = \(json ?? "(absent)")")
        } catch {
            #expect(error.errors.contains { $0.field == field && $0.rule == rule }, "\(error.errors)")
        }
    }

    @Test("a document that is not an object, or not JSON, is refused")
    func notAnObject() {
        do {
            _ = try AccessRequest.decode(Data("[]".utf8))
            Issue.record("accepted an array")
        } catch {
            #expect(error.errors.contains { $0.rule == "type.object" }, "\(error.errors)")
        }
        do {
            _ = try AccessRequest.decode(Data("{".utf8))
            Issue.record("accepted broken JSON")
        } catch {
            #expect(error.errors.contains { $0.field == "input" && $0.rule == "json.syntax" }, "\(error.errors)")
        }
    }

    @Test("several problems are reported in one run")
    func several() {
        do {
            _ = try AccessRequest.decode(accessRequestExample {
                $0["channel"] = "fax"
                $0["format"] = "pdf"
                $0["receivedAt"] = "2026-11-24T09:14:00"
                $0["contact"] = ["email": "a@b", "phone": "abc"]
                $0.removeValue(forKey: "description")
                $0["extra"] = 1
            })
            Issue.record("accepted")
        } catch {
            let found = Set(error.errors.map { "\($0.field) \($0.rule)" })
            #expect(found == ["channel code.unknown", "format code.unknown", "receivedAt timestamp.invalid",
                              "contact.email email.invalid", "contact.phone phone.invalid", "description required",
                              "extra unknown-key"], "\(error.errors)")
        }
    }

    @Test("an error message never repeats the refused value")
    func messagesHoldNoValue() {
        do {
            _ = try AccessRequest.decode(accessRequestExample {
                $0["contact"] = ["email": "hemlig-adress@nowhere", "phone": "HEMLIGT-NUMMER"]
            })
            Issue.record("accepted")
        } catch {
            #expect(!error.description.contains("hemlig-adress") && !error.description.contains("HEMLIGT-NUMMER"))
        }
    }
}

@Suite("Access request secrecy")
struct AccessRequestSecrecyTests {
    static let name = "Hemlig Sökande Svensson"

    @Test("the requester may be marked secret, and its name is then a secret value")
    func requesterMarked() throws {
        let r = try AccessRequest.decode(accessRequestExample {
            $0["requester"] = Self.name
            $0["secrecy"] = [["field": "requester", "provision": "any-provision-id", "reason": "Skyddad identitet."]]
        })
        #expect(r.requester == Self.name && !r.isAnonymous)
        #expect(r.isSecret("requester") && !r.isSecret("description"))
        #expect(r.secrecy.first?.provision == "any-provision-id")
        #expect(r.secretValues[Self.name]?.field == FieldPath("requester"))
    }

    @Test("a contact detail may be marked secret", arguments: ["contact.email", "contact.phone", "contact.address"])
    func contactMarked(_ field: String) throws {
        // The markable paths must be contact → email (two keys), not one key "contact.email".
        let r = try AccessRequest.decode(accessRequestExample {
            $0["contact"] = ["email": "journalist@example.se", "phone": "016-123 45 67", "address": "Storgatan 1, Nyköping"]
            $0["secrecy"] = [["field": field, "provision": "osl-21-3", "reason": "x"]]
        })
        #expect(r.isSecret(field))
        #expect(r.secretValues.values.contains { $0.field.description == field })
    }

    @Test("the channel cannot be marked")
    func channelNotMarkable() {
        do {
            _ = try AccessRequest.decode(accessRequestExample {
                $0["secrecy"] = [["field": "channel", "provision": "osl-21-3", "reason": "x"]]
            })
            Issue.record("accepted a marking on channel")
        } catch {
            #expect(error.errors.contains { $0.field == "secrecy[0].field" && $0.rule == "secrecy.field-not-markable" },
                    "\(error.errors)")
        }
    }

    @Test("a requester missing from the document cannot be marked")
    func missingNotMarkable() {
        do {
            _ = try AccessRequest.decode(accessRequestExample {
                $0.removeValue(forKey: "requester")
                $0["secrecy"] = [["field": "requester", "provision": "osl-21-3", "reason": "x"]]
            })
            Issue.record("accepted a marking on a missing requester")
        } catch {
            #expect(error.errors.contains { $0.field == "secrecy[0].field" && $0.rule == "secrecy.field-not-markable" },
                    "\(error.errors)")
        }
    }

    @Test("an absent (null) requester cannot be marked")
    func absentNotMarkable() {
        do {
            _ = try AccessRequest.decode(accessRequestExample {
                $0["secrecy"] = [["field": "requester", "provision": "osl-21-3", "reason": "x"]]
            })
            Issue.record("accepted a marking on a null requester")
        } catch {
            #expect(error.errors.contains { $0.rule == "secrecy.field-not-markable" }, "\(error.errors)")
        }
    }

    @Test("a marked requester named inside the description is refused, without the name in the message")
    func nameInDescription() {
        do {
            _ = try AccessRequest.decode(accessRequestExample {
                $0["requester"] = Self.name
                $0["description"] = "Jag, \(Self.name.uppercased()), begär ut alla anbud."
                $0["secrecy"] = [["field": "requester", "provision": "osl-21-3", "reason": "x"]]
            })
            Issue.record("accepted the secret name in a public field")
        } catch {
            #expect(error.errors.map(\.field) == ["description"], "\(error.errors)")
            #expect(error.errors.map(\.rule) == ["secrecy.value-in-public-field"])
            #expect(!error.description.contains("Svensson") && !error.description.contains("SVENSSON"))
        }
    }

    @Test("marking the description as well lets the name stand there")
    func bothMarked() throws {
        let r = try AccessRequest.decode(accessRequestExample {
            $0["requester"] = Self.name
            $0["description"] = "Jag, \(Self.name), begär ut alla anbud."
            $0["secrecy"] = [["field": "requester", "provision": "osl-21-3", "reason": "x"],
                             ["field": "description", "provision": "osl-21-3", "reason": "x"]]
        })
        #expect(r.isSecret("requester") && r.isSecret("description"))
    }
}

@Suite("RFC 3339 timestamps")
struct RFC3339Tests {
    @Test("accepted forms", arguments: [
        ("2026-11-24T08:14:00Z", "2026-11-24T08:14:00Z"),
        ("2026-11-24T08:14:00z", "2026-11-24T08:14:00Z"),
        ("2026-11-24T09:14:00+01:00", "2026-11-24T08:14:00Z"),
        ("2026-11-24T02:44:00-05:30", "2026-11-24T08:14:00Z"),
        ("2026-11-24T08:14:00.5Z", "2026-11-24T08:14:00Z"),
        ("2026-11-24T08:14:00.123456789Z", "2026-11-24T08:14:00Z"),
        ("2026-11-24T09:14:00.250+01:00", "2026-11-24T08:14:00Z"),
        ("2026-11-24T09:14+01:00", "2026-11-24T08:14:00Z"),
        ("2026-11-24T08:14Z", "2026-11-24T08:14:00Z"),
        ("2026-11-24 09:14:00+01:00", "2026-11-24T08:14:00Z"),
        ("2026-11-25T00:30:00+01:00", "2026-11-24T23:30:00Z"),
        ("2026-11-24T23:59:59-01:00", "2026-11-25T00:59:59Z"),
        ("2028-02-29T12:00:00Z", "2028-02-29T12:00:00Z"),
    ])
    func accepted(_ text: String, _ utc: String) throws {
        let date = try #require(Timestamp.parseRFC3339(text))
        #expect(Timestamp.iso(date) == utc)
        #expect(date == rfc3339Reference(utc))
    }

    @Test("refused forms", arguments: [
        "2026-11-24T09:14:00",          // no zone
        "2026-11-24T09:14",             // no zone, no seconds
        "2026-11-24",                   // a date only
        "2026-11-24T24:00:00Z",         // hour 24
        "2026-11-24T09:60:00Z",
        "2026-11-24T09:14:60Z",
        "2026-11-24T09:14:00+1:00",     // one-digit offset hour
        "2026-11-24T09:14:00+0100",     // offset without colon
        "2026-11-24T09:14:00+01",
        "2026-11-24T09:14:00+24:00",
        "2026-11-24T09:14:00+01:60",
        "2026-11-24T09:14:00Zjunk",     // trailing junk
        "2026-11-24T09:14:00+01:00 ",
        "2026-11-24T09:14:00+01:00x",
        "2026-11-24T09:14:00.Z",        // a point without digits
        "2026-11-24T09:14:00.1234567890Z",
        "2026-02-30T10:00:00Z",         // no such day
        "2026-11-24X09:14:00Z",
        "2026-11-24T9:14:00Z",
        "",
    ])
    func refused(_ text: String) {
        #expect(Timestamp.parseRFC3339(text) == nil)
    }
}
