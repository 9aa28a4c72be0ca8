import DiariumXML
import Foundation
import Testing

@Suite("Streaming XML reader")
struct StreamingXMLReaderTests {
    /// The text of `data` fed in the given pieces.
    func text(_ data: Data, splitAt cuts: [Int] = []) throws(XMLRejection) -> String {
        let reader = StreamingXMLReader()
        var out = ""
        var start = 0
        for cut in cuts + [data.count] {
            out += try reader.feed(data.subdata(in: start..<cut))
            start = cut
        }
        return out + (try reader.finish())
    }

    func rejection(_ xml: String) -> XMLRejection? {
        do { _ = try text(Data(xml.utf8)) } catch { return error }
        return nil
    }

    static let sample = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- a comment -->
        <record xmlns="urn:diarium:test:1" id="r&amp;1" note='a > b'>
          <title>Åtgärd &amp; beslut</title><party>Kemi</party><party>konsult</party>
          <text><![CDATA[ö < ä]]> och <?pi x?>mer &#229;&#x10FFFF;</text>
          <empty/><name>Börje</name>
        </record>
        """

    @Test("text of an XML split into chunks at every byte boundary equals the unsplit text")
    func everySplit() throws {
        let data = Data(Self.sample.utf8)
        let whole = try text(data)
        #expect(whole.contains("Åtgärd & beslut"))
        for cut in 1..<data.count {
            #expect(try text(data, splitAt: [cut]) == whole, "split at \(cut)")
        }
        #expect(try text(data, splitAt: Array(1..<data.count)) == whole, "one byte at a time")
    }

    @Test("text of a UTF-16 document split at every byte boundary equals the unsplit text")
    func everySplitUTF16() throws {
        let data = Data([0xFF, 0xFE] + Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a><b>Åsa</b><c>Örn</c></a>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        let whole = try text(data)
        #expect(whole == "Åsa Örn")
        for cut in 1..<data.count {
            #expect(try text(data, splitAt: [cut]) == whole, "split at \(cut)")
        }
    }

    @Test("a character and a tag split where libxml2 is handed the next piece read whole")
    func acrossPushes() throws {
        // Chunks are handed to libxml2 a mebibyte at a time; put "Å" and a tag across that line.
        let chunk = StreamingXMLReader.chunkSize
        for offset in [chunk - 1, chunk - 2] {
            let filler = String(repeating: "x", count: offset - "<a><b>".utf8.count)
            let xml = "<a><b>" + filler + "Åsa</b><c>Örn</c></a>"
            var pieces: [String] = []
            try StreamingXMLReader.readText(Data(xml.utf8)) { pieces.append($0) }
            #expect(pieces.joined() == filler + "Åsa Örn")
        }
    }

    @Test("words of adjacent elements do not run together; comments and PIs leave nothing")
    func separated() throws {
        #expect(try text(Data("<a><b>Kemi</b><c>konsult</c></a>".utf8)) == "Kemi konsult")
        #expect(try text(Data("<a>Kemi<!-- x -->konsult<?p y?>bolaget</a>".utf8)) == "Kemikonsultbolaget")
        #expect(try text(Data("<a>Kemi <b>konsult</b></a>".utf8)) == "Kemi konsult")
        #expect(try text(Data("<a>x&lt;y&amp;z</a>".utf8)) == "x<y&z")
    }

    @Test("the root element's name and namespace are known once read")
    func root() throws {
        let reader = StreamingXMLReader()
        _ = try reader.feed(Data("<n:note xmlns:n=\"urn:test:note:1\"><n:text>x</n:text>".utf8))
        #expect(reader.rootName == nil, "libxml2 has not been handed the start tag yet")
        _ = try reader.feed(Data("</n:note>".utf8))
        #expect(try reader.finish() == "x")
        #expect(reader.rootName == "note")
        #expect(reader.rootNamespace == "urn:test:note:1")
    }

    @Test("a DTD is refused by the streaming reader as by the DOM parser", arguments: HardenedParserTests.hostile)
    func refusesDTD(_ name: String, _ xml: String) throws {
        let streamed = try #require(rejection(xml), "\(name)")
        #expect(streamed.reason == .doctypeNotAllowed, "\(name)")
        do {
            _ = try HardenedXMLParser.parse(Data(xml.utf8))
            Issue.record("DOM accepted \(name)")
        } catch {
            #expect(error.reason == streamed.reason && error.line == streamed.line, "\(name)")
        }
    }

    @Test("malformed markup is refused with the line it is on", arguments: HardenedParserTests.malformed)
    func malformedWithLine(_ xml: String, _ line: Int) throws {
        let e = try #require(rejection(xml), "accepted \(xml)")
        #expect(e.reason == .malformed)
        #expect(e.line == line, "\(e.issues)")
    }

    @Test("a refusal is final: later chunks throw it again")
    func refusalIsFinal() {
        let reader = StreamingXMLReader()
        #expect(throws: XMLRejection.self) { try reader.feed(Data("<a><!DOCTYPE".utf8)) }
        #expect(throws: XMLRejection.self) { try reader.feed(Data("<b/>".utf8)) }
        #expect(throws: XMLRejection.self) { try reader.finish() }
    }

    @Test("empty input is refused as empty")
    func empty() {
        #expect(throws: XMLRejection(reason: .empty, issues: [])) { try StreamingXMLReader().finish() }
    }
}
