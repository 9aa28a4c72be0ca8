import DiariumText
import Testing

@Suite("The secret matcher")
struct SecretMatcherTests {
    @Test("a secret name is found however it is written", arguments: [
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Anbud från Kemikonsult Norden AB."),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Anbud från Kemikonsult\nNorden AB"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Anbud från Kemikonsult  Norden   AB"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "<p>Kemikonsult <b>Norden</b> AB</p>"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "<p>Kemi</span><span>konsult</p>"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Anbudet från Kemi-\nkonsult är lägst"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "KEMIKONSULT NORDEN AB"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemi\u{200B}konsult Norden AB"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemi\u{00AD}konsult"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemikonsult\u{00A0}Norden\u{00A0}AB"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "\u{FF2B}\u{FF45}\u{FF4D}\u{FF49}\u{FF4B}\u{FF4F}\u{FF4E}\u{FF53}\u{FF55}\u{FF4C}\u{FF54}"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemikonsult Norden (utan bolagsform)"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemikonsults anbud"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemi&#x6B;onsult Norden"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Kemi&shy;konsult"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "{\"name\": \"Kemi\\u006bonsult\"}"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "K\u{0435}mikonsult"),
        MatcherCase(secret: "Öresunds Kemi AB", kind: .name, text: "Oresunds Kemi"),
        MatcherCase(secret: "Öresunds Kemi AB", kind: .name, text: "O\u{0308}resunds kemi ab"),
        MatcherCase(secret: "Karin Sundqvist", kind: .name, text: "Begäran kom från Sundqvist."),
        MatcherCase(secret: "Karin Sundqvist", kind: .name, text: "Sundqvists begäran"),
        MatcherCase(secret: "ICA", kind: .name, text: "Anbud från ICA i går"),
        MatcherCase(secret: "ICA", kind: .name, text: "ICAs anbud"),
        MatcherCase(secret: "ICA", kind: .name, text: "Ica-Maxi"),
        MatcherCase(secret: "Bo Ahl", kind: .name, text: "Rapport av bo ahl"),
        MatcherCase(secret: "Bo Ahl", kind: .name, text: "Rapport av Ahl"),
        MatcherCase(secret: "anna.svensson@example.se", kind: .email, text: "Kontakt: ANNA.SVENSSON@EXAMPLE.SE"),
        MatcherCase(secret: "Anbud om ultraljudsgel", kind: .text, text: "Rubrik: anbud\tom  ultraljudsgel"),
    ])
    func namesAndText(_ c: MatcherCase) { #expect(c.found) }

    @Test("a secret amount is found in every Swedish and plain form", arguments: [
        MatcherCase(secret: "259500.50", kind: .amount, text: "Pris 259 500,50 kr"),
        MatcherCase(secret: "259500.50", kind: .amount, text: "Pris 259\u{00A0}500,50 kr"),
        MatcherCase(secret: "259500.50", kind: .amount, text: "Pris 259\u{202F}500,50 kr"),
        MatcherCase(secret: "259500.50", kind: .amount, text: "Pris 259500,5"),
        MatcherCase(secret: "259500.50", kind: .amount, text: "Pris 259.500,50"),
        MatcherCase(secret: "259500.50", kind: .amount, text: "Pris 259,500.50 SEK"),
        MatcherCase(secret: "259500.50", kind: .amount, text: "Pris 259500.50"),
        MatcherCase(secret: "245000", kind: .amount, text: "245 000 kr"),
        MatcherCase(secret: "245000", kind: .amount, text: "245.000 kr"),
        MatcherCase(secret: "245000", kind: .amount, text: "245 000:-"),
        MatcherCase(secret: "245000", kind: .amount, text: "245000,00"),
        MatcherCase(secret: "245000", kind: .amount, text: "245 tkr"),
        MatcherCase(secret: "245000", kind: .amount, text: "0,25 mkr är fel men 245 tusen rätt"),
        MatcherCase(secret: "245000", kind: .amount, text: "\u{FF12}\u{FF14}\u{FF15} \u{FF10}\u{FF10}\u{FF10}"),
        MatcherCase(secret: "245000", kind: .amount, text: "<td>245&#160;000</td>"),
    ])
    func amounts(_ c: MatcherCase) { #expect(c.found) }

    @Test("identifiers are found with or without separators and prefixes", arguments: [
        MatcherCase(secret: "556677-1234", kind: .organisationNumber, text: "orgnr 5566771234"),
        MatcherCase(secret: "556677-1234", kind: .organisationNumber, text: "orgnr 556677 1234"),
        MatcherCase(secret: "556677-1234", kind: .organisationNumber, text: "orgnr 16556677-1234"),
        MatcherCase(secret: "556677-1234", kind: .organisationNumber, text: "orgnr 165566771234"),
        MatcherCase(secret: "556677-1234", kind: .organisationNumber, text: "momsreg.nr SE556677123401"),
        MatcherCase(secret: "556677-1234", kind: .organisationNumber, text: "momsreg.nr SE 5566771234 01"),
        MatcherCase(secret: "19800101-1234", kind: .personalIdentityNumber, text: "pnr 800101-1234"),
        MatcherCase(secret: "19800101-1234", kind: .personalIdentityNumber, text: "pnr 8001011234"),
        MatcherCase(secret: "19800101-1234", kind: .personalIdentityNumber, text: "pnr 198001011234"),
        MatcherCase(secret: "19800101-1234", kind: .personalIdentityNumber, text: "pnr 800101+1234"),
        MatcherCase(secret: "070-123 45 67", kind: .phone, text: "ring 0701234567"),
        MatcherCase(secret: "070-123 45 67", kind: .phone, text: "ring +46 70 123 45 67"),
        MatcherCase(secret: "070-123 45 67", kind: .phone, text: "ring +46701234567"),
        MatcherCase(secret: "070-123 45 67", kind: .phone, text: "ring 0046 70-1234567"),
        MatcherCase(secret: "070-123 45 67", kind: .phone, text: "ring +46 (0)70-123 45 67"),
        MatcherCase(secret: "+46 70 123 45 67", kind: .phone, text: "ring 070-123 45 67"),
    ])
    func identifiers(_ c: MatcherCase) { #expect(c.found) }

    @Test("it does not err the other way: a number only as a whole number, a short value only as a word", arguments: [
        MatcherCase(secret: "123456", kind: .amount, text: "orgnr 5561234567"),
        MatcherCase(secret: "556123", kind: .amount, text: "orgnr 556123-4567"),
        MatcherCase(secret: "2026", kind: .amount, text: "datum 2026-01-15 och 15.01.2026"),
        MatcherCase(secret: "500", kind: .amount, text: "Pris 259 500,50 kr"),
        MatcherCase(secret: "259500", kind: .amount, text: "Pris 259 500,50 kr"),
        MatcherCase(secret: "259500.50", kind: .amount, text: "Pris 259 500 kr"),
        MatcherCase(secret: "245000", kind: .amount, text: "referens 12450001"),
        MatcherCase(secret: "556677-1234", kind: .organisationNumber, text: "nr 15566771234"),
        MatcherCase(secret: "070-123 45 67", kind: .phone, text: "nr 070123456"),
        MatcherCase(secret: "ICA", kind: .name, text: "Medicab AB och Ficaro"),
        MatcherCase(secret: "Anna Berg", kind: .name, text: "Bergström och Isberg, handläggare Anna Ek"),
        MatcherCase(secret: "Karin Sundqvist", kind: .name, text: "Handläggare Karin Berg"),
        MatcherCase(secret: "Kemikonsult Norden AB", kind: .name, text: "Norden AB och Kemi AB"),
    ])
    func noFalseHits(_ c: MatcherCase) { #expect(!c.found) }

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
