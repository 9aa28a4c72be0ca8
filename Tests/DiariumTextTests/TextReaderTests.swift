import DiariumText
import Foundation
import Testing

@Suite("Text reader")
struct TextReaderTests {
    func read(_ bytes: [UInt8], _ format: TextReader.Format, chunk: Int = 1 << 20) -> (String, TextReader) {
        var reader = TextReader(format: format)
        var out = ""
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            out += bytes[start..<end].withUnsafeBytes { reader.feed($0) }
            start = end
        }
        out += reader.finish()
        return (out, reader)
    }

    @Test("a Windows-1252 text file is read whole, its encoding guessed")
    func windows1252() {
        let (text, reader) = read([0xC5, 0x73, 0x61, 0x20, 0x96, 0x20, 0xD6, 0x62, 0x65, 0x72, 0x67], .plain)
        #expect(text == "Åsa – Öberg")
        #expect(reader.encoding == SniffedEncoding(encoding: .windows1252, basis: .guessed))
        #expect(reader.invalidSequences == 0)
    }

    @Test("a byte-order mark is not text")
    func byteOrderMark() {
        let (text, reader) = read([0xFF, 0xFE] + utf16("Åsa", littleEndian: true), .plain)
        #expect(text == "Åsa")
        #expect(reader.encoding?.basis == .byteOrderMark)
    }

    @Test("a file that is not what its head said counts its invalid sequences")
    func invalidCounted() {
        // The head (64 KiB) is valid UTF-8; a Latin-1 byte comes after it.
        let bytes = Array(repeating: UInt8(ascii: "a"), count: TextEncoding.sniffLength) + [0x20, 0xE5, 0x20]
        let (text, reader) = read(bytes, .plain, chunk: 1000)
        #expect(reader.encoding?.encoding == .utf8)
        #expect(reader.invalidSequences == 1)
        #expect(text.hasSuffix(" \u{FFFD} "))
    }

    @Test("text past the sniffed head is the same in any chunk size", arguments: [1, 7, 4096, 1 << 20])
    func chunkSizes(_ chunk: Int) {
        let page = "<p>Åsa &amp; Örn</p>" + String(repeating: "<div>ord ord</div>", count: 5000) + "<p>slut &auml;</p>"
        let (whole, _) = read(Array(page.utf8), .html)
        #expect(whole.hasPrefix("Åsa & Örn\nord ord"))
        #expect(whole.hasSuffix("slut ä"))
        #expect(read(Array(page.utf8), .html, chunk: chunk).0 == whole)
    }

    @Test("HTML in a declared encoding is decoded before its markup is read")
    func declaredHTML() {
        let bytes = Array("<meta charset=\"windows-1252\"><p>".utf8) + [0xC5, 0x73, 0x61, 0x20, 0x93, 0x78, 0x94] + Array("</p>".utf8)
        let (text, reader) = read(bytes, .html)
        #expect(text == "Åsa “x”")
        #expect(reader.encoding == SniffedEncoding(encoding: .windows1252, basis: .declared))
    }
}
