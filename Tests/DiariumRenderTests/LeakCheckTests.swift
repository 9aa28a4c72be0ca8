import DiariumModel
import DiariumRender
import DiariumRules
import DiariumXML
import Foundation
import Testing

@Suite("Leak check")
struct LeakCheckTests {
    func check(_ value: String, document: String = "RS 2026/0042-3", field: String = "counterparty") -> LeakCheck {
        LeakCheck([LeakCheck.Secret(document: document, field: field, value: value)])
    }

    func finds(_ value: String, in text: String, field: String = "counterparty") -> Bool {
        check(value, field: field).scan(text: text) != nil
    }

    @Test("a value is found as typed, and in another case")
    func asTyped() {
        #expect(finds("MARKÖR", in: "Rubrik: MARKÖR här"))
        #expect(finds("MARKÖR", in: "rubrik: markör här"))
        #expect(finds("markör", in: "RUBRIK: MARKÖR HÄR"))
        #expect(finds("Nordisk Sjukvårdsprodukter AB", in: "<td>nordisk sjukvårdsprodukter ab</td>"))
        // Without its diacritics a value is still the value (a name typed in ASCII).
        #expect(finds("MARKÖR", in: "Rubrik: markor här"))
        #expect(!finds("MARKÖR", in: "Rubrik: marknad här"))
    }

    @Test("a value is found XML-escaped")
    func escaped() {
        #expect(finds("Gel & Gäng", in: "<counterparty>Gel &amp; Gäng</counterparty>"))
        #expect(finds("Gel & Gäng", in: "Gel & Gäng"))
        #expect(finds(#"Firma "Gel""#, in: #"<p title="Firma &quot;Gel&quot;">"#))
    }

    @Test("an amount is found in each printed form", arguments: [
        "259500.50", "belopp 259500.50 kr", "259\u{00A0}500,50 kr", "259 500,50 kr", "totalt 259\u{00A0}500,50", "totalt 259 500,50",
    ])
    func amount(_ text: String) {
        #expect(finds("259500.50", in: text))
    }

    @Test("a whole-krona amount is found as digits and with spaces")
    func wholeAmount() {
        #expect(finds("245000", in: "245\u{00A0}000 kr"))
        #expect(finds("245000", in: "245 000 kr"))
        #expect(finds("245000.00", in: "pris 245000 kr"))
    }

    @Test("an organisation number is found with and without hyphen and with the century prefix", arguments: [
        "556987-6542", "5569876542", "165569876542", "orgnr: 556987-6542.",
    ])
    func organisationNumber(_ text: String) {
        #expect(finds("556987-6542", in: text))
        #expect(finds("5569876542", in: text))
    }

    @Test("digits count only as a whole number")
    func wholeNumbers() {
        #expect(finds("231000", in: "pris 231000 kr"))
        #expect(finds("231000", in: "231000"))
        #expect(finds("231000", in: "(231000)"))
        #expect(!finds("231000", in: "1231000"))
        #expect(!finds("231000", in: "2310001"))
        #expect(!finds("231000", in: "nummer 12310005"))
        #expect(!finds("5569876542", in: "255698765421"))
    }

    @Test("short values are looked for as whole words; an empty one not at all")
    func short() {
        #expect(check("").isEmpty)
        #expect(finds("ICA", in: "Anbud från ICA."))
        #expect(finds("ICA", in: "ICAs anbud"))
        #expect(!finds("ICA", in: "xicax och Medicab"))
        #expect(finds("12", in: "belopp 12 kr", field: "amount"))
        #expect(!finds("12", in: "sidan 123 av 40", field: "amount"))
    }

    @Test("a hit names the document and field")
    func hit() throws {
        let check = LeakCheck([
            LeakCheck.Secret(document: "RS 2026/0042-1", field: "title", value: "Första hemligheten"),
            LeakCheck.Secret(document: "RS 2026/0042-3", field: "tenders[1].amount", value: "259500.50"),
        ])
        let h = try #require(check.scan(text: "summa 259 500,50 kr"))
        #expect(h.document == "RS 2026/0042-3" && h.field == "tenders[1].amount")
        let t = try #require(check.scan(Data("<title>FÖRSTA HEMLIGHETEN</title>".utf8)))
        #expect(t.document == "RS 2026/0042-1" && t.field == "title")
        #expect(check.scan(text: "inget här") == nil)
    }

    @Test("an empty check finds nothing")
    func empty() {
        let check = LeakCheck([])
        #expect(check.isEmpty)
        #expect(check.scan(text: "allt möjligt 231000 556987-6542") == nil)
        #expect(check.scan(Data([0xFF, 0x00, 0x41])) == nil)
    }

    @Test("decomposed text matches a precomposed value, and the other way round")
    func normalisation() {
        let nfd = "Gel & Go\u{0308}ran"
        #expect(finds("Gel & Göran", in: "Från \(nfd) AB"))
        #expect(finds(nfd, in: "Från Gel & Göran AB"))
        #expect(finds("Öberg", in: "O\u{0308}BERG"))
    }
}

@Suite("Access decision view")
struct AccessDecisionViewTests {
    static let organisation = Organisation(code: "RS", name: "Region Sörmland",
                                           organisationNumber: OrganisationNumber(parsing: "232100-0032")!, prefix: "RS")
    static let maskReference = "31 kap. 16 § offentlighets- och sekretesslagen (2009:400)"
    static let refusalReference = "19 kap. 3 § andra stycket offentlighets- och sekretesslagen (2009:400)"

    static func decision(withholding: Bool) -> AccessDecision {
        let released = AccessDecision.Item(
            document: "RS 2026/0042-1", title: "Dokumentation av direktupphandling", documentType: "dokumentation",
            outcome: .release, masked: [], refusal: nil, refusalGround: nil, reason: nil)
        let masked = AccessDecision.Item(
            document: "RS 2026/0042-3", title: "Anbud avseende ultraljudsgel", documentType: "anbud", outcome: .mask,
            masked: [AccessDecision.Withheld(field: "tenders[1].amount", label: FieldLabel.swedish(FieldPath(parsing: "tenders[1].amount")!),
                                             provision: "osl-31-16", reference: maskReference)],
            refusal: nil, refusalGround: nil, reason: "Anbudspriset är en affärshemlighet.")
        let refused = AccessDecision.Item(
            document: "RS 2026/0042-4", title: "Anbud avseende handskar", documentType: "anbud", outcome: .refuse, masked: [],
            refusal: AccessDecision.Withheld(field: "content", label: "handlingens innehåll", provision: "osl-19-3-2", reference: refusalReference),
            refusalGround: .meaninglessRemainder, reason: nil)
        return AccessDecision(
            request: "RS 2026/0107", organisation: "RS", receivedOn: CivilDate(parsing: "2026-11-24")!, channel: .email,
            format: .electronicCopy, requester: nil, decidedOn: CivilDate(parsing: "2026-11-25")!, decidedBy: "Åsa Öberg",
            items: withholding ? [released, masked, refused] : [released],
            fee: AccessDecision.Fee(pages: withholding ? 11 : 3, amount: withholding ? Amount(kronor: 52) : .zero, scale: "fee-default-avgf-15",
                                    reference: "15–24 §§ avgiftsförordningen (1992:191)"),
            appeal: withholding ? AccessDecision.Appeal(court: "kammarrätten", weeks: 3,
                                                        reference: "6 kap. 7–8 §§ offentlighets- och sekretesslagen (2009:400)",
                                                        ownReview: "6 kap. 3 § offentlighets- och sekretesslagen (2009:400)") : nil)
    }

    func render(_ d: AccessDecision, _ format: RenderFormat) throws -> String {
        try Repo.renderer().accessDecision(AccessDecisionView(d, organisation: Self.organisation), as: format)
    }

    @Test("every format renders the released, masked and refused items")
    func allFormats() throws {
        for format in RenderFormat.allCases {
            let out = try render(Self.decision(withholding: true), format)
            for needle in ["RS 2026/0042-1", "RS 2026/0042-3", "RS 2026/0042-4", "anbud 2, belopp", "kammarrätten", "tre veckor"] {
                #expect(out.contains(needle), "\(format) lacks \(needle)")
            }
            #expect(out.contains(Self.maskReference) && out.contains(Self.refusalReference), "\(format)")
        }
    }

    @Test("the HTML names the court, the period and each masked field with its provision")
    func html() throws {
        let html = try render(Self.decision(withholding: true), .html)
        #expect(html.contains("kammarrätten"))
        #expect(html.contains("tre veckor"))
        #expect(html.contains("Uppgiften om anbud 2, belopp är maskerad enligt \(Self.maskReference)."))
        #expect(html.contains("Avgiften för kopiorna är 52 kr (11 sidor)."))
        #expect(html.contains("Sökanden (anonym)"))
        #expect(html.contains("1 lämnas ut i sin helhet, 1 lämnas ut med maskering och 1 lämnas inte ut"))
    }

    @Test("a decision that releases everything carries no appeal notice")
    func noAppeal() throws {
        let d = Self.decision(withholding: false)
        #expect(!d.withholdsAnything)
        for format in RenderFormat.allCases {
            let out = try render(d, format)
            #expect(!out.lowercased().contains("överklaga"), "\(format)")
            #expect(!out.contains("kammarrätten"), "\(format)")
            #expect(!out.contains("<appeal>"), "\(format)")
        }
        #expect(try render(d, .html).contains("Kopiorna är avgiftsfria (3 sidor)."))
    }

    @Test("the XML validates against access-decision.xsd, with and without an appeal")
    func valid() throws {
        let schema = try Repo.schema("access-decision")
        for withholding in [true, false] {
            let xml = try render(Self.decision(withholding: withholding), .xml)
            let issues = schema.validate(try HardenedXMLParser.parse(Data(xml.utf8)))
            #expect(issues.isEmpty, "withholding \(withholding): \(issues)")
        }
        let xml = try render(Self.decision(withholding: true), .xml)
        #expect(xml.contains(#"<masked field="tenders[1].amount" provision="osl-31-16">"#))
        #expect(xml.contains(#"<refusal provision="osl-19-3-2" ground="meaningless-remainder">"#))
        #expect(xml.contains("<amount>52</amount>"))
    }

    @Test("a named requester is shown; a decision holds no value the leak check would stop")
    func requesterAndLeak() throws {
        let base = Self.decision(withholding: true)
        let named = AccessDecision(request: base.request, organisation: base.organisation, receivedOn: base.receivedOn, channel: base.channel,
                                   format: base.format, requester: "Per Ängström", decidedOn: base.decidedOn, decidedBy: base.decidedBy,
                                   items: base.items, fee: base.fee, appeal: base.appeal)
        let check = LeakCheck([LeakCheck.Secret(document: "RS 2026/0042-3", field: "tenders[1].amount", value: "259500.50"),
                               LeakCheck.Secret(document: "RS 2026/0042-4", field: "content", value: "Handskar & Co")])
        for format in RenderFormat.allCases {
            let out = try render(named, format)
            #expect(out.contains("Per Ängström"), "\(format)")
            #expect(check.scan(text: out) == nil, "\(format)")
        }
        let schema = try Repo.schema("access-decision")
        #expect(schema.validate(try HardenedXMLParser.parse(Data(try render(named, .xml).utf8))).isEmpty)
    }
}
