public import DiariumModel
public import Foundation

/// Reads every produced byte of a release (file contents, names) for the secret values of the
/// documents released, in every form a renderer or a file could hold them: as typed, without
/// regard to case, XML/HTML-escaped, and for amounts and organisation numbers in each printed
/// form. A hit names the document and the field, never the value.
public struct LeakCheck: Sendable {
    public struct Secret: Sendable, Hashable {
        public let document: String
        public let field: String
        public let value: String
        public init(document: String, field: String, value: String) {
            self.document = document
            self.field = field
            self.value = value
        }
    }

    public struct Hit: Sendable, Hashable {
        public let document: String
        public let field: String
    }

    /// A form to look for, as lowercase NFC UTF-8; `digits`: only as a whole number (not inside a
    /// longer run of digits).
    private struct Needle: Sendable {
        let bytes: [UInt8]
        let digits: Bool
        let secret: Secret
    }

    private let needles: [Needle]
    /// Needles by their first three bytes: a haystack is read once, and at each position only
    /// the needles that start with its three bytes are compared (a release of a hundred
    /// documents checks thousands of forms against every file).
    private let byPrefix: [UInt32: [Int]]
    /// Values shorter than this are not looked for: "AB" or "12" occur everywhere.
    public static let minimumLength = 3

    public init(_ secrets: [Secret]) {
        var needles: [Needle] = []
        var seen = Set<String>()
        for s in secrets {
            var forms: [String] = [s.value]
            if let a = Amount(parsing: s.value) {
                forms += [a.description, a.swedish, a.swedish.replacingOccurrences(of: "\u{00A0}", with: " "),
                          String(a.swedish.dropLast(3)), String(a.swedish.dropLast(3)).replacingOccurrences(of: "\u{00A0}", with: " ")]
            }
            if let o = OrganisationNumber(parsing: s.value) {
                let digits = o.description.replacingOccurrences(of: "-", with: "")
                forms += [o.description, digits, "16" + digits]
            }
            for f in forms {
                let lower = f.precomposedStringWithCanonicalMapping.lowercased()
                for form in [lower, XMLEscaping.escape(lower)] where form.unicodeScalars.count >= Self.minimumLength {
                    guard seen.insert(form).inserted else { continue }
                    needles.append(Needle(bytes: Array(form.utf8), digits: form.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }, secret: s))
                }
            }
        }
        var byPrefix: [UInt32: [Int]] = [:]
        for (i, n) in needles.enumerated() { byPrefix[Self.key(n.bytes, 0), default: []].append(i) }
        self.needles = needles
        self.byPrefix = byPrefix
    }

    public var isEmpty: Bool { needles.isEmpty }

    /// The first secret found in `data`, read as UTF-8 and, when it is not valid UTF-8, as
    /// Latin-1 as well (a Windows text file); each reading also with its character references
    /// (`&#xC5;`, `&Aring;`) and JSON escapes (`\u00c5`) decoded.
    public func scan(_ data: Data) -> Hit? {
        guard !needles.isEmpty else { return nil }
        var readings = [String(decoding: data, as: UTF8.self)]
        if String(validating: data, as: UTF8.self) == nil { readings.append(String(decoding: data.map { UInt16($0) }, as: UTF16.self)) }
        for r in readings {
            if let hit = scan(text: r) { return hit }
        }
        return nil
    }

    /// The first secret found in `text`, as written or with its escapes decoded.
    public func scan(text: String) -> Hit? {
        guard !needles.isEmpty else { return nil }
        if let hit = scanOnce(text) { return hit }
        guard TextEscapes.mayHold(text) else { return nil }
        let decoded = TextEscapes.decode(text)
        return decoded == text ? nil : scanOnce(decoded)
    }

    private func scanOnce(_ text: String) -> Hit? {
        // NFC only where it can change something (a scalar from U+0300 up): it is the costly part.
        let nfc = text.unicodeScalars.contains { $0.value >= 0x300 } ? text.precomposedStringWithCanonicalMapping : text
        let hay = Array(nfc.lowercased().utf8)
        guard hay.count >= 3 else { return nil }
        for i in 0...(hay.count - 3) {
            guard let candidates = byPrefix[Self.key(hay, i)] else { continue }
            for c in candidates where Self.matches(needles[c], hay, at: i) {
                return Hit(document: needles[c].secret.document, field: needles[c].secret.field)
            }
        }
        return nil
    }

    private static func key(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) }

    private static func matches(_ n: Needle, _ hay: [UInt8], at i: Int) -> Bool {
        let end = i + n.bytes.count
        guard end <= hay.count else { return false }
        for k in 3..<n.bytes.count where hay[i + k] != n.bytes[k] { return false }
        if n.digits {
            func isDigit(_ b: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) }
            if i > 0, isDigit(hay[i - 1]) { return false }
            if end < hay.count, isDigit(hay[end]) { return false }
        }
        return true
    }
}


/// Character references and escapes a file may spell a value with: XML/HTML numeric references,
/// the HTML names of the letters Swedish text uses, and JSON's `\uXXXX`.
enum TextEscapes {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{00A0}",
        "aring": "å", "Aring": "Å", "auml": "ä", "Auml": "Ä", "ouml": "ö", "Ouml": "Ö", "eacute": "é", "Eacute": "É",
        "uuml": "ü", "Uuml": "Ü", "aelig": "æ", "AElig": "Æ", "oslash": "ø", "Oslash": "Ø",
    ]

    static let xmlNames: Set<String> = ["amp", "lt", "gt", "quot", "apos"]

    /// Whether `text` holds a reference or escape other than the five XML ones (which the
    /// needles already carry in escaped form). Read as bytes: String's own search compares
    /// grapheme clusters and cost more than the whole scan.
    static func mayHold(_ text: String) -> Bool {
        let u = Array(text.utf8)
        var i = 0
        while i + 1 < u.count {
            if u[i] == UInt8(ascii: "\\"), u[i + 1] == UInt8(ascii: "u") { return true }
            if u[i] == UInt8(ascii: "&") {
                if u[i + 1] == UInt8(ascii: "#") { return true }
                var j = i + 1
                while j < u.count, j - i <= 8, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(u[j] | 0x20) { j += 1 }
                if j < u.count, u[j] == UInt8(ascii: ";"), j > i + 1 {
                    let name = String(decoding: u[(i + 1)..<j], as: UTF8.self)
                    if named[name] != nil, !xmlNames.contains(name) { return true }
                }
            }
            i += 1
        }
        return false
    }

    static func decode(_ text: String) -> String {
        guard text.contains("&") || text.contains("\\u") else { return text }
        var out = String.UnicodeScalarView()
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            if s[i] == "&", let semi = s[i...].prefix(12).firstIndex(of: ";") {
                let body = String(String.UnicodeScalarView(s[(i + 1)..<semi]))
                var value: Unicode.Scalar?
                if body.hasPrefix("#x") || body.hasPrefix("#X") {
                    value = UInt32(body.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if body.hasPrefix("#") {
                    value = UInt32(body.dropFirst()).flatMap(Unicode.Scalar.init)
                } else if let n = named[body], n.unicodeScalars.count == 1 {
                    value = n.unicodeScalars.first
                }
                if let value {
                    out.append(value)
                    i = semi + 1
                    continue
                }
            }
            if s[i] == "\\", i + 5 < s.count, s[i + 1] == "u",
               let v = UInt32(String(String.UnicodeScalarView(s[(i + 2)...(i + 5)])), radix: 16), let scalar = Unicode.Scalar(v) {
                out.append(scalar)
                i += 6
                continue
            }
            out.append(s[i])
            i += 1
        }
        return String(out)
    }
}
