import DiariumText
import Testing

@Suite("The secret matcher")
struct SecretMatcherTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let secret: String
        let kind: SecretMatcher.Kind
        let text: String
        var testDescription: String { "\(kind.rawValue) \(secret) in \(text.debugDescription)" }
    }

    static func found(_ c: Case) -> Bool {
        SecretMatcher([.init(value: c.secret, kind: c.kind, tag: 7)]).firstMatch(in: c.text)?.tag == 7
    }

    @Test("a secret name is found however it is written", arguments: [
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Anbud från Kemikonsult Norden AB."),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Anbud från Kemikonsult\nNorden AB"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Anbud från Kemikonsult  Norden   AB"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "<p>Kemikonsult <b>Norden</b> AB</p>"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "<p>Kemi</span><span>konsult</p>"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Anbudet från Kemi-\nkonsult är lägst"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "KEMIKONSULT NORDEN AB"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemi\u{200B}konsult Norden AB"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemi\u{00AD}konsult"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemikonsult\u{00A0}Norden\u{00A0}AB"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "\u{FF2B}\u{FF45}\u{FF4D}\u{FF49}\u{FF4B}\u{FF4F}\u{FF4E}\u{FF53}\u{FF55}\u{FF4C}\u{FF54}"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemikonsult Norden (utan bolagsform)"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemikonsults anbud"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemi&#x6B;onsult Norden"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemi&shy;konsult"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "{\"name\": \"Kemi\\u006bonsult\"}"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "K\u{0435}mikonsult"),
        Case(secret: "Öresunds Kemi AB", kind: .name, text: "Oresunds Kemi"),
        Case(secret: "Öresunds Kemi AB", kind: .name, text: "O\u{0308}resunds kemi ab"),
        Case(secret: "Karin Sundqvist", kind: .name, text: "Begäran kom från Sundqvist."),
        Case(secret: "Karin Sundqvist", kind: .name, text: "Sundqvists begäran"),
        Case(secret: "ICA", kind: .name, text: "Anbud från ICA i går"),
        Case(secret: "ICA", kind: .name, text: "ICAs anbud"),
        Case(secret: "ICA", kind: .name, text: "Ica-Maxi"),
        Case(secret: "Bo Ahl", kind: .name, text: "Rapport av bo ahl"),
        Case(secret: "Bo Ahl", kind: .name, text: "Rapport av Ahl"),
        Case(secret: "anna.svensson@example.se", kind: .email, text: "Kontakt: ANNA.SVENSSON@EXAMPLE.SE"),
        Case(secret: "Anbud om ultraljudsgel", kind: .text, text: "Rubrik: anbud\tom  ultraljudsgel"),
    ])
    func namesAndText(_ c: Case) { #expect(Self.found(c)) }

    @Test("a secret amount is found in every Swedish and plain form", arguments: [
        Case(secret: "259500.50", kind: .amount, text: "Pris 259 500,50 kr"),
        Case(secret: "259500.50", kind: .amount, text: "Pris 259\u{00A0}500,50 kr"),
        Case(secret: "259500.50", kind: .amount, text: "Pris 259\u{202F}500,50 kr"),
        Case(secret: "259500.50", kind: .amount, text: "Pris 259500,5"),
        Case(secret: "259500.50", kind: .amount, text: "Pris 259.500,50"),
        Case(secret: "259500.50", kind: .amount, text: "Pris 259,500.50 SEK"),
        Case(secret: "259500.50", kind: .amount, text: "Pris 259500.50"),
        Case(secret: "245000", kind: .amount, text: "245 000 kr"),
        Case(secret: "245000", kind: .amount, text: "245.000 kr"),
        Case(secret: "245000", kind: .amount, text: "245 000:-"),
        Case(secret: "245000", kind: .amount, text: "245000,00"),
        Case(secret: "245000", kind: .amount, text: "245 tkr"),
        Case(secret: "245000", kind: .amount, text: "0,25 mkr är fel men 245 tusen rätt"),
        Case(secret: "245000", kind: .amount, text: "\u{FF12}\u{FF14}\u{FF15} \u{FF10}\u{FF10}\u{FF10}"),
        Case(secret: "245000", kind: .amount, text: "<td>245&#160;000</td>"),
    ])
    func amounts(_ c: Case) { #expect(Self.found(c)) }

    @Test("identifiers are found with or without separators and prefixes", arguments: [
        Case(secret: "556677-1234", kind: .organisationNumber, text: "orgnr 5566771234"),
        Case(secret: "556677-1234", kind: .organisationNumber, text: "orgnr 556677 1234"),
        Case(secret: "556677-1234", kind: .organisationNumber, text: "orgnr 16556677-1234"),
        Case(secret: "556677-1234", kind: .organisationNumber, text: "orgnr 165566771234"),
        Case(secret: "556677-1234", kind: .organisationNumber, text: "momsreg.nr SE556677123401"),
        Case(secret: "556677-1234", kind: .organisationNumber, text: "momsreg.nr SE 5566771234 01"),
        Case(secret: "19800101-1234", kind: .personalIdentityNumber, text: "pnr 800101-1234"),
        Case(secret: "19800101-1234", kind: .personalIdentityNumber, text: "pnr 8001011234"),
        Case(secret: "19800101-1234", kind: .personalIdentityNumber, text: "pnr 198001011234"),
        Case(secret: "19800101-1234", kind: .personalIdentityNumber, text: "pnr 800101+1234"),
        Case(secret: "070-123 45 67", kind: .phone, text: "ring 0701234567"),
        Case(secret: "070-123 45 67", kind: .phone, text: "ring +46 70 123 45 67"),
        Case(secret: "070-123 45 67", kind: .phone, text: "ring +46701234567"),
        Case(secret: "070-123 45 67", kind: .phone, text: "ring 0046 70-1234567"),
        Case(secret: "070-123 45 67", kind: .phone, text: "ring +46 (0)70-123 45 67"),
        Case(secret: "+46 70 123 45 67", kind: .phone, text: "ring 070-123 45 67"),
    ])
    func identifiers(_ c: Case) { #expect(Self.found(c)) }

    @Test("it does not err the other way: a number only as a whole number, a short value only as a word", arguments: [
        Case(secret: "123456", kind: .amount, text: "orgnr 5561234567"),
        Case(secret: "556123", kind: .amount, text: "orgnr 556123-4567"),
        Case(secret: "2026", kind: .amount, text: "datum 2026-01-15 och 15.01.2026"),
        Case(secret: "500", kind: .amount, text: "Pris 259 500,50 kr"),
        Case(secret: "259500", kind: .amount, text: "Pris 259 500,50 kr"),
        Case(secret: "259500.50", kind: .amount, text: "Pris 259 500 kr"),
        Case(secret: "245000", kind: .amount, text: "referens 12450001"),
        Case(secret: "556677-1234", kind: .organisationNumber, text: "nr 15566771234"),
        Case(secret: "070-123 45 67", kind: .phone, text: "nr 070123456"),
        Case(secret: "ICA", kind: .name, text: "Medicab AB och Ficaro"),
        Case(secret: "Anna Berg", kind: .name, text: "Bergström och Isberg, handläggare Anna Ek"),
        Case(secret: "Karin Sundqvist", kind: .name, text: "Handläggare Karin Berg"),
        Case(secret: "Kemikonsult Norden AB", kind: .name, text: "Norden AB och Kemi AB"),
    ])
    func noFalseHits(_ c: Case) { #expect(!Self.found(c)) }

    @Test("a match carries its line and its place in the text")
    func lineAndRange() throws {
        let text = "rad ett\nrad två\nKemikonsult\nNorden AB här"
        let m = try #require(SecretMatcher([.init(value: "Kemikonsult Norden AB", kind: .name, tag: 1)]).firstMatch(in: text))
        #expect(m.line == 3)
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[m.range])).hasPrefix("Kemikonsult"))
    }

    @Test("a distinctive word inside a public name written out is the public name; alone it is the secret one")
    func publicNames() {
        let matcher = SecretMatcher([.init(value: "Nordisk Medicinteknik AB", kind: .name, tag: 1)],
                                    publicNames: ["Medicinteknik Syd AB"])
        #expect(!matcher.matches("Vinnare: Medicinteknik Syd AB"))
        #expect(!matcher.matches("Vinnare: Medicinteknik Syds anbud"))
        #expect(!matcher.matches("Vinnare: medicinteknik\nsyd"))
        #expect(matcher.matches("Anbud från Nordisk Medicinteknik"))
        #expect(matcher.matches("Medicinteknik lämnade två anbud"))
        #expect(matcher.matches("Medicinteknik Syd AB och Medicinteknik"))
        let person = SecretMatcher([.init(value: "Per Sundqvist", kind: .name, tag: 2)], publicNames: ["Karin Sundqvist", "Sundqvist AB"])
        #expect(!person.matches("Handläggare: Karin Sundqvist"))
        #expect(person.matches("Klagomål från Sundqvist"), "a public name's core of one word frees nothing")
        #expect(person.matches("Klagomål från Sundqvists advokat"))
    }

    @Test("kinds are inferred from the field and the value", arguments: [
        ("tenders[1].amount", "245000", SecretMatcher.Kind.amount), ("supplier.orgnr", "556677-1234", .organisationNumber),
        ("contact.phone", "070-1234567", .phone), ("contact.email", "a@b.se", .email), ("counterparty", "Kemi AB", .name),
        ("reportedBy.name", "Bo Ek", .name), ("title", "Anbud", .text), ("description", "245000", .amount),
        ("counterparty", "kalle.karlsson@gmail.com", .email), ("counterparty", "Kalle @ Gmail", .name),
    ])
    func inference(field: String, value: String, kind: SecretMatcher.Kind) {
        #expect(SecretMatcher.Kind.infer(field: field, value: value) == kind)
    }
}
