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

    /// The first secret found in `data` (read as UTF-8 text; other bytes cannot spell a value).
    public func scan(_ data: Data) -> Hit? { scan(text: String(decoding: data, as: UTF8.self)) }

    public func scan(text: String) -> Hit? {
        guard !needles.isEmpty else { return nil }
        let hay = Array(text.precomposedStringWithCanonicalMapping.lowercased().utf8)
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

