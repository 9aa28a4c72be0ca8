import DiariumModel
import DiariumRules
import Foundation
import Testing

@Suite("Legal data")
struct LegalDataTests {
    @Test("the bundled provisions are there, each dated and sourced", arguments: ["osl-19-3-1", "osl-19-3-2", "osl-31-16"])
    func provisions(_ id: String) throws {
        let legal = try LegalData.bundled()
        let day = try #require(CivilDate(parsing: "2026-11-24"))
        let p = try #require(legal.provision(id, on: day))
        #expect(!p.source.isEmpty)
        #expect(p.reference.contains("kap."))
        #expect(p.shortReference.hasSuffix("OSL"))
        #expect(!p.damageTestLabel.isEmpty && !p.durationNote.isEmpty)
    }

    @Test("a provision is not in force before its row begins")
    func validity() throws {
        let legal = try LegalData.bundled()
        let before = try #require(CivilDate(parsing: "2009-06-29"))
        let from = try #require(CivilDate(parsing: "2009-06-30"))
        #expect(legal.provision("osl-31-16", on: before) == nil)
        #expect(legal.provision("osl-31-16", on: from) != nil)
    }

    @Test("rows without a source are refused when loading")
    func sourceRequired() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(#"{"rows": [{"id": "x", "reference": "r", "shortReference": "s", "protects": "p", "damageTest": "straight", "damageTestLabel": "l", "maxDurationYears": null, "durationNote": "n", "validFrom": "2009-06-30", "validTo": null, "source": "", "verified": false}]}"#.utf8)
            .write(to: dir.appendingPathComponent("secrecy-provisions.json"))
        try Data(#"{"rows": []}"#.utf8).write(to: dir.appendingPathComponent("document-types.json"))
        #expect(throws: LegalDataError.self) { try LegalData(directory: dir) }
    }
}

@Suite("Registration rules")
struct RegistrationRulesTests {
    let legal = try! LegalData.bundled()
    let today = CivilDate(parsing: "2026-11-24")!

    func registration(title: String = "Anbud avseende gel", counterparty: String? = "Gel & Gäng Handelsbolag",
                      type: String = "anbud", date: String = "2026-11-12", secrecy: [SecrecyMarking] = [],
                      publicTitle: String? = nil) -> Registration {
        Registration(organisation: "RS", caseTitle: "Ärende", direction: .incoming, date: CivilDate(parsing: date)!,
                     counterparty: counterparty, title: title, publicTitle: publicTitle, documentType: type,
                     handler: "Åsa Öberg", secrecy: secrecy)
    }

    func rules(_ r: Registration) -> [String] { RegistrationRules.check(r, legal: legal, today: today).map(\.rule) }

    @Test("a correct registration passes")
    func passes() { #expect(rules(registration()).isEmpty) }

    @Test("an unknown document type is refused")
    func unknownType() { #expect(rules(registration(type: "hemligt")) == ["document-type.unknown"]) }

    @Test("a document dated after today is refused; today is fine")
    func futureDate() {
        #expect(rules(registration(date: "2026-11-25")) == ["date.in-future"])
        #expect(rules(registration(date: "2026-11-24")).isEmpty)
    }

    @Test("a marking must name a provision of the legal data")
    func unknownProvision() {
        let r = registration(secrecy: [SecrecyMarking(field: FieldPath("content"), provision: "osl-99-9", reason: "x")])
        #expect(rules(r) == ["provision.unknown"])
    }

    @Test("a secret counterparty may not stand in a public field")
    func secretInPublicField() {
        let r = registration(title: "Anbud från Gel & Gäng Handelsbolag",
                             secrecy: [SecrecyMarking(field: FieldPath("counterparty"), provision: "osl-19-3-2", reason: "x")])
        let errors = RegistrationRules.check(r, legal: legal, today: today)
        #expect(errors.map(\.rule) == ["secrecy.value-in-public-field"])
        #expect(errors.first?.field == "title")
        #expect(errors.first?.message.contains("Gel") == false)
    }
}
