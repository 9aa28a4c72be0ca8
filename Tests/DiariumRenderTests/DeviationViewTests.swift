import DiariumModel
import DiariumRender
import DiariumRules
import DiariumXML
import Foundation
import Testing

@Suite("Deviation report view")
struct DeviationViewTests {
    static let reporter = "MARKÖRRAPPORTÖR3c9d"

    func report() throws -> DeviationReport {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/deviation", withExtension: "json"))
        var o = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        o["reportedBy"] = ["name": Self.reporter, "role": "Inköpare"]
        o["secrecy"] = [["field": "reportedBy.name", "provision": "osl-19-3-1", "reason": "Rapport om en kollega."]]
        return try DeviationReport.decode(try JSONSerialization.data(withJSONObject: o))
    }

    func render(_ audience: Audience, _ format: RenderFormat) throws -> String {
        let org = Organisation(code: "RV", name: "Region Västmanland", organisationNumber: OrganisationNumber(parsing: "232100-0172")!, prefix: "RV")
        let view = DeviationView(try report(), organisation: org, for: audience, legal: try LegalData.bundled(), data: try DeviationData.bundled())
        return try Repo.renderer().deviation(view, as: format)
    }

    @Test("both views are valid against deviation.xsd")
    func valid() throws {
        let schema = try Repo.schema("deviation")
        for audience in Audience.allCases {
            let doc = try HardenedXMLParser.parse(Data(try render(audience, .xml).utf8))
            #expect(schema.validate(doc).isEmpty, "\(audience)")
        }
    }

    @Test("a secret reporter is in no public output, and the full view has it")
    func secretReporter() throws {
        for format in RenderFormat.allCases {
            #expect(!(try render(.public, format)).contains(Self.reporter), "public \(format)")
        }
        #expect(try render(.full, .xml).contains(Self.reporter))
        #expect(try render(.public, .xml).contains("[Sekretess enligt 19 kap. 3 § första stycket OSL]"))
    }
}
