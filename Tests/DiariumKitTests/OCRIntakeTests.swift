@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumStore
import Foundation
import Testing

/// Scanned letters in the internal search (issue 15): an image, or a PDF without a text layer,
/// is read by OCR with Swedish (tesseract) in bounded child processes, marked as OCR text, and
/// never reaches the public search.
@Suite("OCR of scanned documents")
struct OCRIntakeTests {
    static let letter = ["Till Region Sörmland, inköpsavdelningen", "Vi överklagar tilldelningsbeslutet om rullstolar.", "Med vänlig hälsning, Älvdalens Hjälpmedel AB"]

    @Test func aScannedImageIsReadByOCRForTheInternalSearchOnly() throws {
        let s = try Sandbox()
        let png = try TestPDF.scannedImage(Self.letter)
        let receipt = try s.diarium.register(InputFile(name: "brev.png", data: png), meta: s.meta(["documentType": "skrivelse"]), as: tester)
        let note = try #require(receipt.textNote)
        #expect(note.contains("tolkad med OCR (svenska)"))
        // Swedish letters read as such: the Swedish model, not the English one.
        for word in ["tilldelningsbeslutet", "rullstolar", "Älvdalens"] {
            #expect(try s.diarium.search(SearchQuery(text: word), scope: .internal, as: tester).map(\.document) == [receipt.document], "\(word)")
            #expect(try s.diarium.search(SearchQuery(text: word), scope: .public, as: Principal.member(ofThePublic: "x")).isEmpty)
        }
        #expect(try s.diarium.textNote(receipt.document, as: tester)?.contains("tolkad med OCR") == true)
    }

    @Test func aPDFWithoutATextLayerIsReadPageByPageAndALongScanInPart() throws {
        let s = try Sandbox()
        let pdf = try TestPDF.scannedPDF(Self.letter)
        let receipt = try s.diarium.register(InputFile(name: "skannat.pdf", data: pdf), meta: s.meta([:]), as: tester)
        #expect(receipt.textNote?.contains("tolkad med OCR") == true)
        #expect(try s.diarium.search(SearchQuery(text: "rullstolar"), scope: .internal, as: tester).map(\.document) == [receipt.document])
        // A scan of more pages than OCR reads: the first pages read, and the note says how many.
        let long = s.dir.appendingPathComponent("lang-skanning.pdf")
        try TestPDF.scannedPDF(["Bilaga till överklagandet"], pages: 23).write(to: long)
        let second = try s.diarium.register(file: long, meta: s.meta([:]), as: tester)
        #expect(second.textNote?.contains("de första 20 av 23 sidorna") == true)
        #expect(try s.diarium.textNote(second.document, as: tester)?.contains("de första 20 av 23 sidorna är lästa") == true)
        #expect(try s.diarium.search(SearchQuery(text: "Bilaga"), scope: .internal, as: tester).map(\.document) == [second.document])
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test func aBrokenImageIsRegisteredWithoutTextAndSaysSo() throws {
        let s = try Sandbox()
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0xFF, count: 4096)
        let receipt = try s.diarium.register(InputFile(name: "trasig.png", data: png), meta: s.meta([:]), as: tester)
        #expect(receipt.textNote?.hasPrefix("Registrerad utan text i den interna sökningen") == true)
        #expect(try s.diarium.verify(as: tester).isIntact)
    }
}
