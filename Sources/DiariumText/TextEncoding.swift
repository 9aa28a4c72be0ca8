public import Foundation

/// The encodings a registered text or HTML file is read in. Everything a Swedish office writes
/// is one of these; a file in another encoding is read as Windows-1252 and its invalid sequences
/// are counted, so the caller can tell.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8, utf16LE, utf16BE, utf32LE, utf32BE, isoLatin1, windows1252
}

/// What `TextEncoding.sniff` decided, and on what ground.
public struct SniffedEncoding: Sendable, Hashable {
    public enum Basis: String, Sendable, Hashable {
        /// A byte-order mark at the start.
        case byteOrderMark
        /// An XML declaration's `encoding`, an HTML `<meta charset>` or `http-equiv` content type.
        case declared
        /// The NUL pattern of UTF-16/UTF-32, valid UTF-8, or else Windows-1252.
        case guessed
        /// Named by the caller (`TextReader(format:encoding:)`), who knew it from elsewhere.
        case given
    }

    public let encoding: TextEncoding
    public let basis: Basis
    /// Bytes of the byte-order mark at the start, which are not text.
    public let byteOrderMarkLength: Int

    public init(encoding: TextEncoding, basis: Basis, byteOrderMarkLength: Int = 0) {
        self.encoding = encoding
        self.basis = basis
        self.byteOrderMarkLength = byteOrderMarkLength
    }
}

extension TextEncoding {
    /// How much of the start of a file `sniff` should see: enough for a declaration, a `<meta>`
    /// (looked for in the first 1024 bytes, as browsers do) and a fair test of UTF-8.
    public static let sniffLength = 64 * 1024

    /// Decides the encoding of a file from its first bytes: a byte-order mark; else the NUL
    /// pattern of UTF-32 or UTF-16 without a mark; else a declared encoding that this decoder
    /// reads; else UTF-8 when `head` is valid UTF-8, else Windows-1252. Unless `head` is the
    /// whole file, a UTF-8 sequence cut off at its end counts as valid.
    public static func sniff(_ head: UnsafeRawBufferPointer, isWholeFile: Bool = false) -> SniffedEncoding {
        let b = head
        func starts(_ p: [UInt8]) -> Bool { b.count >= p.count && zip(b, p).allSatisfy { $0 == $1 } }
        if starts([0xFF, 0xFE, 0x00, 0x00]) { return SniffedEncoding(encoding: .utf32LE, basis: .byteOrderMark, byteOrderMarkLength: 4) }
        if starts([0x00, 0x00, 0xFE, 0xFF]) { return SniffedEncoding(encoding: .utf32BE, basis: .byteOrderMark, byteOrderMarkLength: 4) }
        if starts([0xEF, 0xBB, 0xBF]) { return SniffedEncoding(encoding: .utf8, basis: .byteOrderMark, byteOrderMarkLength: 3) }
        if starts([0xFF, 0xFE]) { return SniffedEncoding(encoding: .utf16LE, basis: .byteOrderMark, byteOrderMarkLength: 2) }
        if starts([0xFE, 0xFF]) { return SniffedEncoding(encoding: .utf16BE, basis: .byteOrderMark, byteOrderMarkLength: 2) }
        if let wide = nulPattern(b) { return SniffedEncoding(encoding: wide, basis: .guessed) }
        let declarationHead = UnsafeRawBufferPointer(rebasing: b.prefix(1024))
        if let label = EncodingLabels.xmlDeclaration(declarationHead) ?? EncodingLabels.htmlMeta(declarationHead),
           let declared = EncodingLabels.encoding(forLabel: label) {
            return SniffedEncoding(encoding: declared, basis: .declared)
        }
        return SniffedEncoding(encoding: isValidUTF8(b, isWholeFile: isWholeFile) ? .utf8 : .windows1252, basis: .guessed)
    }

    public static func sniff(_ head: Data, isWholeFile: Bool = false) -> SniffedEncoding {
        head.withUnsafeBytes { sniff($0, isWholeFile: isWholeFile) }
    }

    /// UTF-32 or UTF-16 told by where the zero bytes fall: text in a Latin script has a zero
    /// in every high byte, and text in a byte encoding has none at all.
    static func nulPattern(_ b: UnsafeRawBufferPointer) -> TextEncoding? {
        let n = min(b.count, 1024) & ~3
        guard n >= 4 else { return nil }
        var zeros = [0, 0, 0, 0]
        for i in 0..<n where b[i] == 0 { zeros[i & 3] += 1 }
        guard zeros.reduce(0, +) > 0 else { return nil }
        let groups = n / 4
        // More than half of the positions that must be zero are, and the position that holds the
        // Latin letter is rarely zero.
        func mostly(_ z: Int) -> Bool { z * 2 > groups }
        func rarely(_ z: Int) -> Bool { z * 4 < groups }
        if mostly(zeros[1]) && mostly(zeros[2]) && mostly(zeros[3]) && rarely(zeros[0]) { return .utf32LE }
        if mostly(zeros[0]) && mostly(zeros[1]) && mostly(zeros[2]) && rarely(zeros[3]) { return .utf32BE }
        if mostly(zeros[1]) && mostly(zeros[3]) && rarely(zeros[0]) && rarely(zeros[2]) { return .utf16LE }
        if mostly(zeros[0]) && mostly(zeros[2]) && rarely(zeros[1]) && rarely(zeros[3]) { return .utf16BE }
        return nil
    }

    /// Whether `b` is UTF-8, up to a sequence cut off at its very end unless it is the whole file.
    static func isValidUTF8(_ b: UnsafeRawBufferPointer, isWholeFile: Bool) -> Bool {
        var decoder = TextDecoder(.utf8)
        var sink: [Unicode.Scalar] = []
        sink.reserveCapacity(b.count)
        decoder.decode(b, into: &sink)
        if isWholeFile { decoder.finish(into: &sink) }
        return decoder.invalidSequences == 0
    }
}

/// Encoding names as files write them.
enum EncodingLabels {
    /// WHATWG's Encoding Standard maps these labels to Windows-1252, because documents labelled
    /// Latin-1 or ASCII are in practice Windows-1252 (curly quotes and the euro sign at
    /// 0x80–0x9F, where real Latin-1 has unused control codes).
    static let windows1252: Set<String> = [
        "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1", "iso_8859-1", "iso-ir-100",
        "latin1", "l1", "cp819", "ibm819", "us-ascii", "ascii", "ansi_x3.4-1968", "iso_8859-1:1987", "csisolatin1",
    ]
    static let utf8: Set<String> = ["utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"]

    /// The encoding for a declared label, or nil for one this decoder does not read. A label of
    /// UTF-16 or UTF-32 in an ASCII-readable head is wrong by construction (the head could not
    /// be read as ASCII otherwise) and is ignored, as browsers do.
    static func encoding(forLabel label: String) -> TextEncoding? {
        let l = label.lowercased().trimmingCharacters(in: .whitespaces)
        if utf8.contains(l) { return .utf8 }
        if windows1252.contains(l) { return .windows1252 }
        return nil
    }

    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D }

    static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c + 0x20 : c }

    static func matches(_ b: UnsafeRawBufferPointer, at i: Int, _ word: String) -> Bool {
        let w = Array(word.utf8)
        guard i + w.count <= b.count else { return false }
        for k in 0..<w.count where lower(b[i + k]) != w[k] { return false }
        return true
    }

    /// `encoding="…"` of an XML declaration at the very start.
    static func xmlDeclaration(_ b: UnsafeRawBufferPointer) -> String? {
        guard matches(b, at: 0, "<?xml"), b.count > 5, isSpace(b[5]) else { return nil }
        var end = 5
        while end + 1 < b.count, !(b[end] == UInt8(ascii: "?") && b[end + 1] == UInt8(ascii: ">")) { end += 1 }
        guard end + 1 < b.count else { return nil }
        return attributeValue(named: "encoding", in: UnsafeRawBufferPointer(rebasing: b[5..<end]))
    }

    /// The charset of the first `<meta charset=…>` or `<meta http-equiv="content-type"
    /// content="…; charset=…">`, skipping comments (a simplified form of the HTML prescan).
    static func htmlMeta(_ b: UnsafeRawBufferPointer) -> String? {
        var i = 0
        while i < b.count {
            guard b[i] == UInt8(ascii: "<") else { i += 1; continue }
            if matches(b, at: i, "<!--") {
                i += 4
                while i + 2 < b.count, !(b[i] == 0x2D && b[i + 1] == 0x2D && b[i + 2] == 0x3E) { i += 1 }
                i += 3
                continue
            }
            var end = i + 1
            var quote: UInt8 = 0
            while end < b.count {
                let c = b[end]
                if quote != 0 { if c == quote { quote = 0 } } else if c == 0x22 || c == 0x27 { quote = c } else if c == 0x3E { break }
                end += 1
            }
            if matches(b, at: i, "<meta"), i + 5 < b.count, isSpace(b[i + 5]) || b[i + 5] == UInt8(ascii: "/") {
                let tag = UnsafeRawBufferPointer(rebasing: b[(i + 5)..<end])
                if let charset = attributeValue(named: "charset", in: tag) { return charset }
                if let equiv = attributeValue(named: "http-equiv", in: tag), equiv.lowercased() == "content-type",
                   let content = attributeValue(named: "content", in: tag) {
                    return charset(inContentType: content)
                }
            }
            i = end + 1
        }
        return nil
    }

    /// The value of attribute `name` among `name=value` pairs (quoted or not), names compared
    /// without regard to case.
    static func attributeValue(named name: String, in b: UnsafeRawBufferPointer) -> String? {
        var i = 0
        while i < b.count {
            while i < b.count, isSpace(b[i]) || b[i] == UInt8(ascii: "/") { i += 1 }
            let nameStart = i
            while i < b.count, !isSpace(b[i]), b[i] != UInt8(ascii: "="), b[i] != UInt8(ascii: ">"), b[i] != UInt8(ascii: "/") { i += 1 }
            let attribute = String(decoding: b[nameStart..<i].map(lower), as: UTF8.self)
            if i == nameStart { i += 1; continue }
            while i < b.count, isSpace(b[i]) { i += 1 }
            guard i < b.count, b[i] == UInt8(ascii: "=") else { continue }
            i += 1
            while i < b.count, isSpace(b[i]) { i += 1 }
            var value: [UInt8] = []
            if i < b.count, b[i] == 0x22 || b[i] == 0x27 {
                let quote = b[i]
                i += 1
                while i < b.count, b[i] != quote { value.append(b[i]); i += 1 }
                i += 1
            } else {
                while i < b.count, !isSpace(b[i]), b[i] != UInt8(ascii: ">") { value.append(b[i]); i += 1 }
            }
            if attribute == name { return String(decoding: value, as: UTF8.self) }
        }
        return nil
    }

    /// `charset=` in a content type such as `text/html; charset=iso-8859-1`.
    static func charset(inContentType content: String) -> String? {
        let lower = content.lowercased()
        guard let r = lower.range(of: "charset") else { return nil }
        var rest = lower[r.upperBound...].drop { $0 == " " }
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop { $0 == " " || $0 == "\"" || $0 == "'" }
        let value = rest.prefix { $0 != ";" && $0 != " " && $0 != "\"" && $0 != "'" }
        return value.isEmpty ? nil : String(value)
    }
}
