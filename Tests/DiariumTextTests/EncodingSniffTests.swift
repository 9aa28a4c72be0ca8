import DiariumText
import Foundation
import Testing

@Suite("Encoding sniffing")
struct EncodingSniffTests {
    func sniff(_ bytes: [UInt8], whole: Bool = false) -> SniffedEncoding {
        TextEncoding.sniff(Data(bytes), isWholeFile: whole)
    }

    static let marks: [([UInt8], TextEncoding, Int)] = [
        ([0xEF, 0xBB, 0xBF, 0x41], .utf8, 3),
        ([0xFF, 0xFE, 0x41, 0x00], .utf16LE, 2),
        ([0xFE, 0xFF, 0x00, 0x41], .utf16BE, 2),
        ([0xFF, 0xFE, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00], .utf32LE, 4),
        ([0x00, 0x00, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x41], .utf32BE, 4),
    ]

    @Test("a byte-order mark decides, and its length is given", arguments: marks)
    func byteOrderMark(_ bytes: [UInt8], _ encoding: TextEncoding, _ length: Int) {
        #expect(sniff(bytes) == SniffedEncoding(encoding: encoding, basis: .byteOrderMark, byteOrderMarkLength: length))
    }

    static let text = "Diarienummer RS 2026/0042, åtgärd"

    @Test("UTF-16 and UTF-32 without a mark are told by their NUL pattern", arguments: [
        (utf16(text, littleEndian: true), TextEncoding.utf16LE), (utf16(text, littleEndian: false), .utf16BE),
        (utf32(text, littleEndian: true), .utf32LE), (utf32(text, littleEndian: false), .utf32BE),
    ])
    func nulPattern(_ bytes: [UInt8], _ encoding: TextEncoding) {
        #expect(sniff(bytes) == SniffedEncoding(encoding: encoding, basis: .guessed))
    }

    static let declared: [(String, TextEncoding)] = [
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", .windows1252),
        ("<?xml version='1.0' encoding='utf-8'?><a/>", .utf8),
        ("<html><head><meta charset=\"windows-1252\"></head>", .windows1252),
        ("<!-- <meta charset=utf-8> --><meta charset=latin1>", .windows1252),
        ("<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-1\">", .windows1252),
        ("<meta http-equiv=content-type content='text/html;charset=UTF-8'>", .utf8),
    ]

    @Test("a declared encoding decides: XML declaration, meta charset, http-equiv", arguments: declared)
    func declaredEncoding(_ head: String, _ encoding: TextEncoding) {
        #expect(sniff(Array(head.utf8)) == SniffedEncoding(encoding: encoding, basis: .declared))
    }

    @Test("an unknown or impossible declaration is ignored", arguments: [
        "<?xml version=\"1.0\" encoding=\"Shift_JIS\"?><a/>", "<meta charset=\"utf-16\">",
    ])
    func ignoredDeclaration(_ head: String) {
        #expect(sniff(Array(head.utf8)) == SniffedEncoding(encoding: .utf8, basis: .guessed))
    }

    @Test("otherwise UTF-8 when the head is valid UTF-8, else Windows-1252")
    func guessed() {
        #expect(sniff(Array("Åsa Öberg".utf8)) == SniffedEncoding(encoding: .utf8, basis: .guessed))
        #expect(sniff([0xC5, 0x73, 0x61]) == SniffedEncoding(encoding: .windows1252, basis: .guessed))
        #expect(sniff(Array("plain".utf8)) == SniffedEncoding(encoding: .utf8, basis: .guessed))
    }

    @Test("a UTF-8 sequence cut off by the end of the head counts as valid, not at the end of the file")
    func cutOff() {
        let bytes = Array("Åsa ".utf8) + [0xC3]
        #expect(sniff(bytes).encoding == .utf8)
        #expect(sniff(bytes, whole: true).encoding == .windows1252)
    }
}
