import DiariumText
import Foundation
import Testing

/// Decodes `bytes` in the given pieces and returns the text and the invalid count.
func decode(_ bytes: [UInt8], _ encoding: TextEncoding, splitAt cuts: [Int] = []) -> (String, Int) {
    var decoder = TextDecoder(encoding)
    var scalars: [Unicode.Scalar] = []
    var start = 0
    for cut in cuts + [bytes.count] {
        bytes[start..<cut].withUnsafeBytes { decoder.decode($0, into: &scalars) }
        start = cut
    }
    decoder.finish(into: &scalars)
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return (String(view), decoder.invalidSequences)
}

func utf16(_ s: String, littleEndian: Bool) -> [UInt8] {
    s.utf16.flatMap { littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
}

func utf32(_ s: String, littleEndian: Bool) -> [UInt8] {
    s.unicodeScalars.flatMap { u -> [UInt8] in
        let v = u.value
        let be = [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
        return littleEndian ? be.reversed() : be
    }
}

@Suite("Streaming text decoder")
struct TextDecoderTests {
    static let sample = "Åsa Öberg – €, “citat” 😀"

    static let encodings: [(TextEncoding, [UInt8], String)] = [
        (.utf8, Array(sample.utf8), sample),
        (.utf16LE, utf16(sample, littleEndian: true), sample),
        (.utf16BE, utf16(sample, littleEndian: false), sample),
        (.utf32LE, utf32(sample, littleEndian: true), sample),
        (.utf32BE, utf32(sample, littleEndian: false), sample),
        (.isoLatin1, [0xC5, 0x73, 0x61, 0x20, 0xF6, 0x80], "Åsa ö\u{80}"),
        (.windows1252, [0xC5, 0x73, 0x61, 0x20, 0x96, 0x20, 0x80, 0x93, 0x94, 0x81], "Åsa – €“”\u{81}"),
    ]

    @Test("each encoding decodes", arguments: encodings)
    func decodes(_ encoding: TextEncoding, _ bytes: [UInt8], _ expected: String) {
        let (text, invalid) = decode(bytes, encoding)
        #expect(text == expected)
        #expect(invalid == 0)
    }

    @Test("a sequence split across chunks decodes as if whole", arguments: encodings)
    func splitAnywhere(_ encoding: TextEncoding, _ bytes: [UInt8], _ expected: String) {
        for cut in 0...bytes.count {
            #expect(decode(bytes, encoding, splitAt: [cut]) == (expected, 0), "split at \(cut)")
        }
        #expect(decode(bytes, encoding, splitAt: Array(1..<bytes.count)) == (expected, 0), "byte by byte")
    }

    /// Each maximal invalid subpart is one U+FFFD (Unicode §3.9; WHATWG Encoding).
    static let invalid: [(String, TextEncoding, [UInt8], String, Int)] = [
        ("a lone continuation byte", .utf8, [0x61, 0x80, 0x62], "a\u{FFFD}b", 1),
        ("an overlong form", .utf8, [0xC0, 0x80], "\u{FFFD}\u{FFFD}", 2),
        ("a truncated sequence inside the text", .utf8, [0xE2, 0x82, 0x41], "\u{FFFD}A", 1),
        ("a truncated sequence at the end", .utf8, [0x41, 0xF0, 0x9F, 0x98], "A\u{FFFD}", 1),
        ("an encoded surrogate", .utf8, [0xED, 0xA0, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}", 3),
        ("a value past U+10FFFF", .utf8, [0xF4, 0x90, 0x80, 0x80], "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}", 4),
        ("a byte never in UTF-8", .utf8, [0xFF, 0x41], "\u{FFFD}A", 1),
        ("an unpaired high surrogate", .utf16LE, [0x3D, 0xD8, 0x41, 0x00], "\u{FFFD}A", 1),
        ("an unpaired low surrogate", .utf16BE, [0xDE, 0x00, 0x00, 0x41], "\u{FFFD}A", 1),
        ("a high surrogate at the end", .utf16LE, [0x41, 0x00, 0x3D, 0xD8], "A\u{FFFD}", 1),
        ("an odd byte at the end", .utf16LE, [0x41, 0x00, 0x42], "A\u{FFFD}", 1),
        ("a UTF-32 value past U+10FFFF", .utf32BE, [0x00, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41], "\u{FFFD}A", 1),
        ("a UTF-32 surrogate", .utf32LE, [0x00, 0xD8, 0x00, 0x00], "\u{FFFD}", 1),
    ]

    @Test("invalid sequences become U+FFFD and are counted", arguments: invalid)
    func invalidCounted(_ name: String, _ encoding: TextEncoding, _ bytes: [UInt8], _ expected: String, _ count: Int) {
        #expect(decode(bytes, encoding) == (expected, count), "\(name)")
        for cut in 0...bytes.count {
            #expect(decode(bytes, encoding, splitAt: [cut]) == (expected, count), "\(name), split at \(cut)")
        }
    }
}
