@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumRender
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

    @Test func aFilesFormatIsReadFromItsBytesAndAContentThatContradictsItsNameIsFlagged() throws {
        let s = try Sandbox()
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 64)
        let misnamed = try s.diarium.register(InputFile(name: "anbud.pdf", data: png), meta: s.meta([:]), as: tester)
        #expect(misnamed.formatNote?.contains("filnamnet säger .pdf men innehållet är en PNG-bild") == true)
        #expect(try s.diarium.view(misnamed.document, audience: .full, as: tester).file.mediaType == "image/png")
        #expect(try s.diarium.textNote(misnamed.document, as: tester)?.contains("stämmer inte med dess namn") == true)
        // Named as an image, the bytes are none.
        let fake = try s.diarium.register(InputFile(name: "skanning.jpg", data: Data("Detta är text, ingen bild.".utf8)), meta: s.meta([:]), as: tester)
        #expect(fake.formatNote?.contains("innehållet är inte en JPEG-bild") == true)
        // What the name says and the bytes agree with: nothing to flag.
        let ok = try s.diarium.register(InputFile(name: "bild.png", data: png), meta: s.meta([:]), as: tester)
        #expect(ok.formatNote == nil)
        let pdf = try s.diarium.register(InputFile(name: "offert.pdf", data: TestPDF.page(["Offert"])), meta: s.meta([:]), as: tester)
        #expect(pdf.formatNote == nil)
    }
}
