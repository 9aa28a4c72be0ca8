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

    /// A form to look for; `digits`: only as a whole number (not inside a longer run of digits).
    private struct Needle: Sendable {
        let text: String
        let digits: Bool
        let secret: Secret
    }

    private let needles: [Needle]
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
                    needles.append(Needle(text: form, digits: form.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }, secret: s))
                }
            }
        }
        self.needles = needles
    }

    public var isEmpty: Bool { needles.isEmpty }

    /// The first secret found in `data` (read as UTF-8 text; other bytes cannot spell a value).
    public func scan(_ data: Data) -> Hit? { scan(text: String(decoding: data, as: UTF8.self)) }

    public func scan(text: String) -> Hit? {
        guard !needles.isEmpty else { return nil }
        let hay = text.precomposedStringWithCanonicalMapping.lowercased()
        for n in needles where Self.occurs(n, in: hay) {
            return Hit(document: n.secret.document, field: n.secret.field)
        }
        return nil
    }

    private static func occurs(_ n: Needle, in hay: String) -> Bool {
        guard n.digits else { return hay.contains(n.text) }
        var rest = hay[...]
        while let r = rest.range(of: n.text) {
            let before = r.lowerBound > hay.startIndex ? hay[hay.index(before: r.lowerBound)] : " "
            let after = r.upperBound < hay.endIndex ? hay[r.upperBound] : " "
            if !before.isASCIIDigit, !after.isASCIIDigit { return true }
            rest = hay[r.upperBound...]
        }
        return false
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
