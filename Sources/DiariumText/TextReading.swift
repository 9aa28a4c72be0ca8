import Foundation

/// A text as the secret matcher reads it: every scalar folded to what a reader would take it for,
/// with its place in the original kept.
///
/// Folding: Unicode compatibility forms (full-width letters, ligatures) to their plain letters,
/// case, diacritics (å, ä and ö read as a and o: a secret name written without its dots is still
/// the name), the few Cyrillic and Greek letters that look like Latin ones, and digits of any
/// script to ASCII. Characters a reader does not see (zero-width space, soft hyphen, combining
/// marks once folded in, direction marks) vanish without separating anything; white space,
/// punctuation and markup separate words. Character references (`&#xC5;`, `&aring;`) and JSON
/// escapes (`\u00c5`, `\n`) are decoded first.
struct TextReading {
    /// One visible character of the reading.
    enum Unit: Equatable {
        /// A letter or digit, folded (one scalar; `ß`, `æ` and the like fold to two units).
        case alnum(UInt32)
        /// White space of any kind, a line break included.
        case space
        /// A punctuation or symbol character, as an ASCII stand-in where the number reader needs
        /// it (`-` for every dash, `'` for every apostrophe), else `?`.
        case mark(UInt8)
    }

    /// The units and, for each, the index of the scalar of the original text it came from.
    private(set) var units: [Unit] = []
    private(set) var origins: [Int] = []

    /// Reads `scalars`; with `stripMarkup`, tags and comments vanish (so that
    /// `Kemi<b>konsult</b>` reads as one word) instead of separating words.
    init(_ scalars: [Unicode.Scalar], stripMarkup: Bool) {
        units.reserveCapacity(scalars.count)
        origins.reserveCapacity(scalars.count)
        var cache: [UInt32: [Unit]] = [:]
        var commentClose: Int?
        var i = 0
        let n = scalars.count
        while i < n {
            let u = scalars[i]
            if stripMarkup, u == "<", let end = Self.markupEnd(scalars, from: i, commentClose: &commentClose) {
                i = end
                continue
            }
            var decoded = u
            var next = i + 1
            if u == "&", let (v, end) = Self.characterReference(scalars, from: i) {
                decoded = v
                next = end
            } else if u == "\\", let (v, end) = Self.escape(scalars, from: i) {
                decoded = v
                next = end
            }
            let v = decoded.value
            if v < 0x80 {
                // The common case, appended as it is folded: `fold` returns an array, one
                // allocation per scalar, which was most of the cost of reading a short value.
                switch v {
                case 0x30...0x39, 0x61...0x7A: units.append(.alnum(v)); origins.append(i)
                case 0x41...0x5A: units.append(.alnum(v + 0x20)); origins.append(i)
                case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20: units.append(.space); origins.append(i)
                case 0x00..<0x20, 0x7F: break
                default: units.append(.mark(UInt8(v))); origins.append(i)
                }
            } else {
                let folded = v < Self.tableEnd ? Self.table[Int(v) - 0x80] : Self.fold(decoded, cache: &cache)
                for unit in folded {
                    units.append(unit)
                    origins.append(i)
                }
            }
            i = next
        }
    }

    // MARK: Folding

    /// Where `table` ends: Latin-1 and Latin Extended-A and B, the letters of Swedish and of
    /// most names suppliers and staff have.
    static let tableEnd: UInt32 = 0x0250

    /// `fold` of every scalar from U+0080 to `tableEnd`, made by `fold` itself, so that reading
    /// these letters needs neither the Unicode tables nor a cache of its own.
    static let table: [[Unit]] = (UInt32(0x80)..<tableEnd).map { v in
        var none: [UInt32: [Unit]] = [:]
        return Unicode.Scalar(v).map { fold($0, cache: &none) } ?? []
    }

    static func fold(_ u: Unicode.Scalar, cache: inout [UInt32: [Unit]]) -> [Unit] {
        let v = u.value
        if v < 0x80 {
            switch v {
            case 0x30...0x39, 0x61...0x7A: return [.alnum(v)]
            case 0x41...0x5A: return [.alnum(v + 0x20)]
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20: return [.space]
            case 0x00..<0x20, 0x7F: return []
            default: return [.mark(UInt8(v))]
            }
        }
        if let hit = cache[v] { return hit }
        let folded = foldSlow(u)
        cache[v] = folded
        return folded
    }

    private static func foldSlow(_ u: Unicode.Scalar) -> [Unit] {
        let p = u.properties
        if p.isWhitespace || InputText.isLineBreak(u) { return [.space] }
        if InputText.isInvisible(u) || InputText.isControl(u) { return [] }
        switch p.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return []
        default: break
        }
        if let c = confusables[u.value] { return [.alnum(c)] }
        if p.numericType == .decimal, let d = p.numericValue, (0...9).contains(d) { return [.alnum(0x30 + UInt32(d))] }
        switch u.value {
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return [.mark(UInt8(ascii: "-"))]
        case 0x2018, 0x2019, 0x201B, 0x2032, 0xFF07: return [.mark(UInt8(ascii: "'"))]
        default: break
        }
        var out: [Unit] = []
        for s in String(u).decomposedStringWithCompatibilityMapping.unicodeScalars {
            switch s.properties.generalCategory {
            case .nonspacingMark, .enclosingMark, .spacingMark: continue
            default: break
            }
            if s.value < 0x80 {
                out += fold(s, cacheless: ())
                continue
            }
            if let special = specialLetters[s.value] {
                out += special.unicodeScalars.map { .alnum($0.value) }
                continue
            }
            if s.properties.isWhitespace { out.append(.space); continue }
            if s.properties.isAlphabetic || s.properties.numericType != nil {
                for l in String(s).lowercased().unicodeScalars {
                    out.append(.alnum(specialLetters[l.value].flatMap { $0.unicodeScalars.first?.value } ?? l.value))
                }
            } else {
                out.append(.mark(UInt8(ascii: "?")))
            }
        }
        return out
    }

    /// ASCII folding without the cache (for the parts of a decomposition).
    private static func fold(_ s: Unicode.Scalar, cacheless: Void) -> [Unit] {
        var none: [UInt32: [Unit]] = [:]
        return fold(s, cache: &none)
    }

    /// Letters without a decomposition that readers take for plain ones.
    static let specialLetters: [UInt32: String] = [
        0x00DF: "ss", 0x1E9E: "ss", 0x00E6: "ae", 0x00C6: "ae", 0x0153: "oe", 0x0152: "oe", 0x00F8: "o", 0x00D8: "o",
        0x00F0: "d", 0x00D0: "d", 0x0111: "d", 0x0110: "d", 0x00FE: "th", 0x00DE: "th", 0x0142: "l", 0x0141: "l",
        0x0131: "i",
    ]

    /// Cyrillic and Greek letters that are drawn like Latin ones: a name typed with a Cyrillic
    /// `е` looks the same and must be found the same.
    static let confusables: [UInt32: UInt32] = {
        let pairs: [(UInt32, Character)] = [
            (0x0430, "a"), (0x0410, "a"), (0x0435, "e"), (0x0415, "e"), (0x043E, "o"), (0x041E, "o"), (0x0440, "p"),
            (0x0420, "p"), (0x0441, "c"), (0x0421, "c"), (0x0443, "y"), (0x0423, "y"), (0x0445, "x"), (0x0425, "x"),
            (0x0456, "i"), (0x0406, "i"), (0x0458, "j"), (0x0408, "j"), (0x0455, "s"), (0x0405, "s"), (0x041A, "k"),
            (0x043A, "k"), (0x041C, "m"), (0x041D, "h"), (0x0422, "t"), (0x0412, "b"), (0x0432, "b"), (0x0417, "3"),
            (0x0391, "a"), (0x0392, "b"), (0x0395, "e"), (0x0396, "z"), (0x0397, "h"), (0x0399, "i"), (0x039A, "k"),
            (0x039C, "m"), (0x039D, "n"), (0x039F, "o"), (0x03BF, "o"), (0x03A1, "p"), (0x03A4, "t"), (0x03A5, "y"),
            (0x03A7, "x"), (0x03B9, "i"), (0x03BA, "k"), (0x03BD, "v"), (0x03B1, "a"), (0x03B5, "e"), (0x03C1, "p"),
            (0x03C4, "t"), (0x03C5, "u"), (0x03C7, "x"), (0x0501, "d"), (0x0433, "r"), (0x043F, "n"), (0x0442, "t"),
            (0x0475, "v"), (0x04BB, "h"), (0x04CF, "l"), (0x0261, "g"), (0x0269, "i"), (0x026A, "i"), (0x0251, "a"),
            // Latin small capitals, as "fancy text" generators write (no compatibility decomposition).
            (0x1D00, "a"), (0x0299, "b"), (0x1D04, "c"), (0x1D05, "d"), (0x1D07, "e"), (0xA730, "f"), (0x0262, "g"),
            (0x029C, "h"), (0x1D0A, "j"), (0x1D0B, "k"), (0x029F, "l"), (0x1D0D, "m"), (0x0274, "n"), (0x1D0F, "o"),
            (0x1D18, "p"), (0x0280, "r"), (0xA731, "s"), (0x1D1B, "t"), (0x1D1C, "u"), (0x1D20, "v"), (0x1D21, "w"),
            (0x028F, "y"), (0x1D22, "z"),
        ]
        var d: [UInt32: UInt32] = [:]
        for (k, c) in pairs { d[k] = c.unicodeScalars.first!.value }
        return d
    }()

    // MARK: Markup and escapes

    /// The index after a tag, comment or CDATA delimiter starting at `i`, or nil when the `<` is
    /// ordinary text (`pris < 500`). Bounded, so a stray `<` never swallows the rest of a file.
    /// `commentClose` remembers where the next `-->` is (or `Int.max`: none), so that a text of
    /// unclosed `<!--` is read in one pass, not one pass for each of them.
    static func markupEnd(_ s: [Unicode.Scalar], from i: Int, commentClose: inout Int?) -> Int? {
        guard i + 1 < s.count else { return nil }
        let c = s[i + 1]
        if starts(s, at: i, with: "<!--") {
            if commentClose == nil || commentClose! < i + 4 {
                var j = i + 4
                commentClose = Int.max
                while j + 2 < s.count {
                    if s[j] == "-", s[j + 1] == "-", s[j + 2] == ">" { commentClose = j; break }
                    j += 1
                }
            }
            guard let close = commentClose, close != Int.max, close - i <= 100_000 else { return nil }
            return close + 3
        }
        if starts(s, at: i, with: "<![CDATA[") { return i + 9 }
        guard c.properties.isAlphabetic || c == "/" || c == "!" || c == "?" else { return nil }
        var j = i + 1
        var quote: Unicode.Scalar?
        let limit = min(s.count, i + 4096)
        while j < limit {
            let x = s[j]
            if let q = quote {
                if x == q { quote = nil }
            } else if x == "\"" || x == "'" {
                quote = x
            } else if x == ">" {
                return j + 1
            } else if x == "<" {
                return nil
            }
            j += 1
        }
        return nil
    }

    static func starts(_ s: [Unicode.Scalar], at i: Int, with prefix: String) -> Bool {
        var j = i
        for p in prefix.unicodeScalars {
            guard j < s.count, s[j] == p else { return false }
            j += 1
        }
        return true
    }

    /// A character reference at `i` (`&#229;`, `&#xE5;`, `&aring;`) and the index after it, as
    /// a browser reads it: a numeric reference or one of the old Latin-1 names also without its
    /// semicolon (`&oumlberg`, `&#246berg`), the names of `HTMLEntities` and a few more.
    static func characterReference(_ s: [Unicode.Scalar], from i: Int) -> (Unicode.Scalar, Int)? {
        var j = i + 1
        guard j < s.count else { return nil }
        if s[j] == "#" {
            j += 1
            let hex = j < s.count && (s[j] == "x" || s[j] == "X")
            if hex { j += 1 }
            var value: UInt32 = 0
            let start = j
            while j < s.count, j - start < 8, let d = UInt32(String(s[j]), radix: hex ? 16 : 10) {
                value = value &* (hex ? 16 : 10) &+ d
                j += 1
            }
            guard j > start, let scalar = Unicode.Scalar(value) else { return nil }
            if j < s.count, s[j] == ";" { j += 1 }
            return (scalar, j)
        }
        var name = ""
        while j < s.count, j - i <= 12, s[j].isASCII, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        guard !name.isEmpty else { return nil }
        if j < s.count, s[j] == ";", let v = HTMLEntities.table[name]?.value ?? namedReferences[name], let scalar = Unicode.Scalar(v) {
            return (scalar, j + 1)
        }
        // Without a semicolon, the longest old name the letters begin with.
        var prefix = name
        while prefix.count >= 2 {
            if let e = HTMLEntities.table[prefix], e.legacy, let scalar = Unicode.Scalar(e.value) {
                return (scalar, i + 1 + prefix.unicodeScalars.count)
            }
            prefix.removeLast()
        }
        return nil
    }

    /// A JSON or C escape at `i` (`\u00e5`, `\n`) and the index after it.
    static func escape(_ s: [Unicode.Scalar], from i: Int) -> (Unicode.Scalar, Int)? {
        guard i + 1 < s.count else { return nil }
        switch s[i + 1] {
        case "n", "r", "t": return (" ", i + 2)
        case "u":
            guard i + 5 < s.count else { return nil }
            var hex = ""
            for k in (i + 2)...(i + 5) { hex.unicodeScalars.append(s[k]) }
            guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else { return nil }
            return (scalar, i + 6)
        default:
            return nil
        }
    }

    /// The HTML names a file may spell a letter of Swedish or common text with.
    static let namedReferences: [String: UInt32] = [
        "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "nbsp": 0xA0, "shy": 0xAD, "ensp": 0x2002,
        "emsp": 0x2003, "thinsp": 0x2009, "zwsp": 0x200B, "zwnj": 0x200C, "zwj": 0x200D, "lrm": 0x200E, "rlm": 0x200F,
        "aring": 0xE5, "Aring": 0xC5, "auml": 0xE4, "Auml": 0xC4, "ouml": 0xF6, "Ouml": 0xD6, "eacute": 0xE9,
        "Eacute": 0xC9, "egrave": 0xE8, "Egrave": 0xC8, "uuml": 0xFC, "Uuml": 0xDC, "aelig": 0xE6, "AElig": 0xC6,
        "oslash": 0xF8, "Oslash": 0xD8, "aacute": 0xE1, "Aacute": 0xC1, "agrave": 0xE0, "iacute": 0xED,
        "oacute": 0xF3, "uacute": 0xFA, "ntilde": 0xF1, "ccedil": 0xE7, "szlig": 0xDF, "ndash": 0x2013,
        "mdash": 0x2014, "hyphen": 0x2010, "minus": 0x2212, "rsquo": 0x2019, "lsquo": 0x2018, "period": 0x2E,
        "comma": 0x2C, "colon": 0x3A, "sol": 0x2F, "NewLine": 0x0A, "Tab": 0x09,
    ]
}
