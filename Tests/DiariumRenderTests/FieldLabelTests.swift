import DiariumRender
import Testing

/// People read Swedish names of details and follow sources as links.
@Suite("Field labels and source links")
struct FieldLabelTests {
    @Test func aFieldPathReadsAsItsSwedishName() {
        #expect(FieldLabels.label("estimatedValue") == "Uppskattat värde")
        #expect(FieldLabels.label("agreementCheck.justification") == "Resultat av avtalskontrollen")
        #expect(FieldLabels.label("tenders[1].amount") == "Anbud 2: belopp")
        #expect(FieldLabels.label("tenders[0].supplier.name") == "Anbud 1: leverantörens namn")
        #expect(FieldLabels.label("suppliersInvited[2]") == "Tillfrågad leverantör 3")
        #expect(FieldLabels.label("contact.email") == "E-post")
        #expect(FieldLabels.label("somethingNew") == "somethingNew", "an unknown detail is shown as it is, never dropped")
    }

    @Test func everyWebAddressInASourceIsALinkAndTheTextStaysWhole() {
        let text = "19 a kap. 2 § LOU (lagtext, SFS 2016:1145; rkrattsdb.gov.se via github.com/se-lex/sfs-processor); konkurrensverket.se/upphandling/; https://example.se/a."
        let parts = SourceLinks.parts(text)
        #expect(parts.map { $0["text"] as? String ?? "" }.joined() == text)
        let links = parts.compactMap { $0["href"] as? String }
        #expect(links == ["https://rkrattsdb.gov.se", "https://github.com/se-lex/sfs-processor", "https://konkurrensverket.se/upphandling/", "https://example.se/a"])
        #expect(SourceLinks.parts("Inköpspolicy och riktlinjer (policy/inkopspolicy-och-riktlinjer.txt)").allSatisfy { $0["href"] == nil })
        #expect(SourceLinks.parts("SFS 2023:815 övergångsbestämmelse").allSatisfy { $0["href"] == nil })
    }
}
