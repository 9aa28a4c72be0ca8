import DiariumModel
import DiariumRender
import DiariumRules
import DiariumXML
import Foundation
import Testing

/// Marker strings planted in every markable field: no public output may contain one.
enum Planted {
    static let counterparty = "HEMLIG-MOTPART-7f3a"
    static let title = "HEMLIG-RUBRIK-91c2"
    static let fileName = "HEMLIGT-FILNAMN-44d0.pdf"
    static let reason = "HEMLIGT-SKÄL-5be1"
    static let all = [counterparty, title, fileName, reason]
}

@Suite("Public view")
struct PublicViewTests {
    let secretEntry = entry(
        title: "Anbud \(Planted.title)", counterparty: Planted.counterparty, publicTitle: "Anbud avseende gel",
        fileName: Planted.fileName,
        secrecy: [mark("counterparty", "osl-19-3-2", reason: Planted.reason), mark("title", "osl-19-3-2", reason: Planted.reason),
                  mark("content", reason: Planted.reason)])

    func outputs(_ audience: Audience) throws -> [String: String] {
        let r = try Repo.renderer()
        var out: [String: String] = [:]
        for f in RenderFormat.allCases { out[f.rawValue] = try r.registration(secretEntry, for: audience, as: f) }
        let json = try JSONEncoder().encode(RegisterView(secretEntry, for: audience, legal: try LegalData.bundled()))
        out["json"] = String(decoding: json, as: UTF8.self)
        return out
    }

    @Test("no public output holds a secret value")
    func noLeak() throws {
        for (format, text) in try outputs(.public) {
            for marker in Planted.all {
                #expect(!text.contains(marker), "\(format) leaks \(marker)")
            }
        }
    }

    @Test("the public view names the provision of each withheld detail")
    func markers() throws {
        let out = try outputs(.public)
        #expect(out["xml"]?.contains("[Sekretess enligt 19 kap. 3 § andra stycket OSL]") == true)
        #expect(out["xml"]?.contains("[Sekretess enligt 31 kap. 16 § OSL]") == true)
        #expect(out["xml"]?.contains("withheld=\"true\" provision=\"osl-19-3-2\"") == true)
        #expect(out["html"]?.contains("Anbud avseende gel") == true)
    }

    @Test("the full view holds everything, for staff")
    func fullView() throws {
        let out = try outputs(.full)
        for marker in Planted.all { #expect(out["xml"]?.contains(marker) == true, "\(marker)") }
    }

    @Test("both views validate against registration.xsd")
    func valid() throws {
        let schema = try Repo.schema("registration")
        for audience in Audience.allCases {
            let xml = try #require(try outputs(audience)["xml"])
            #expect(schema.validate(try HardenedXMLParser.parse(Data(xml.utf8))).isEmpty)
        }
    }

    @Test("a public detail that gives a marked counterparty away is withheld with it, in the public view only")
    func givenAway() throws {
        // Registered before the input check refused such text: the title and the file name
        // name the marked counterparty, however written.
        let e = entry(title: "Anbud från NORDISK  sjukvårdsprodukter", counterparty: "Nordisk Sjukvårdsprodukter AB",
                      fileName: "anbud-nordisk-sjukvardsprodukter.pdf", secrecy: [mark("counterparty", "osl-19-3-2")])
        let legal = try LegalData.bundled()
        let pub = RegisterView(e, for: .public, legal: legal)
        #expect(pub.title.withheld?.provision == "osl-19-3-2")
        #expect(pub.file.name.withheld?.provision == "osl-19-3-2")
        #expect(pub.publicTitle == "[Sekretess enligt 19 kap. 3 § andra stycket OSL]")
        let full = RegisterView(e, for: .full, legal: legal)
        #expect(full.title.text == e.title && full.title.withheld == nil && full.file.name.text == e.file.name)
    }

    @Test("a document without a counterparty or markings renders and validates")
    func minimal() throws {
        let xml = try Repo.renderer().registration(entry(counterparty: nil), for: .public, as: .xml)
        #expect(try Repo.schema("registration").validate(try HardenedXMLParser.parse(Data(xml.utf8))).isEmpty)
        #expect(!xml.contains("<counterparty"))
    }
}
