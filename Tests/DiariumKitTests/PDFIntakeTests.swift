@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumStore
import Foundation
import Testing

/// A PDF's text layer in the internal search (issue 15, first part): read at registration by
/// poppler in a bounded child process; a PDF that gives no text is registered without text and
/// says so, in the receipt and on the staff page.
@Suite("The text of a registered PDF")
struct PDFIntakeTests {
    @Test func aPDFsTextLayerIsInTheInternalSearchAndNeverInThePublicOne() throws {
        let s = try Sandbox()
        let pdf = TestPDF.page(["Offert på ultraljudsgel", "Leverantör: Gelkompaniet i Strängnäs AB", "Pris per flaska 48 kronor."])
        let receipt = try s.diarium.register(InputFile(name: "offert.pdf", data: pdf), meta: s.meta(["documentType": "anbud"]), as: tester)
        #expect(receipt.textNote == nil)
        let inside = try s.diarium.search(SearchQuery(text: "Gelkompaniet"), scope: .internal, as: tester)
        #expect(inside.map(\.document) == [receipt.document])
        let outside = try s.diarium.search(SearchQuery(text: "Gelkompaniet"), scope: .public, as: Principal.member(ofThePublic: "x"))
        #expect(outside.isEmpty, "the file's text is for staff only")
        #expect(try s.diarium.textNote(receipt.document, as: tester) == "PDF-filens textlager är läst för den interna sökningen.")
        // The same from a file at a path, as the command line registers it.
        let path = s.dir.appendingPathComponent("offert2.pdf")
        try TestPDF.page(["Offert nummer två från Skärholmens Sjukvårdsartiklar"]).write(to: path)
        let second = try s.diarium.register(file: path, meta: s.meta(["documentType": "anbud"]), as: tester)
        #expect(try s.diarium.search(SearchQuery(text: "Skärholmens"), scope: .internal, as: tester).map(\.document) == [second.document])
    }

    @Test func aPDFThatGivesNoTextIsRegisteredWithoutTextAndSaysSo() throws {
        let s = try Sandbox()
        let broken = Data("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without an end".utf8)
        let receipt = try s.diarium.register(InputFile(name: "skannat.pdf", data: broken), meta: s.meta([:]), as: tester)
        let note = try #require(receipt.textNote)
        #expect(note.hasPrefix("Registrerad utan text i den interna sökningen"))
        #expect(try s.diarium.textNote(receipt.document, as: tester)?.contains("registrerad utan text") == true)
        #expect(try s.diarium.verify(as: tester).isIntact)
    }
}
