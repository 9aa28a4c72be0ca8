/// A path to a field of a document: `counterparty`, `tenders[1].amount`, `content`.
///
/// Secrecy is marked on field paths, and every validation error names one, so the type only holds
/// well-formed paths: keys are camelCase identifiers and indexes are zero-based.
public struct FieldPath: Sendable, Hashable, Comparable, CustomStringConvertible, TextCodable {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public let components: [Component]

    public static let root = FieldPath(components: [])

    public init(components: [Component]) { self.components = components }

    public init(_ key: String) { self.components = [.key(key)] }

    /// Parses `a.b[2].c`. Returns nil for anything else (no spaces, no negative or empty indexes).
    public init?(parsing text: String) {
        var components: [Component] = []
        var rest = Substring(text)
        guard !rest.isEmpty, text.utf8.count <= 200 else { return nil }
        while !rest.isEmpty {
            if rest.first == "[" {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                let digits = rest[rest.index(after: rest.startIndex)..<close]
                guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy(\.isASCIIDigit),
                      let i = Int(digits) else { return nil }
                components.append(.index(i))
                rest = rest[rest.index(after: close)...]
                if rest.first == "." {
                    rest = rest.dropFirst()
                    guard !rest.isEmpty else { return nil }
                }
            } else {
                let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
                let key = rest[..<end]
                guard let first = key.first, first.isASCIILetter,
                      key.allSatisfy({ $0.isASCIILetter || $0.isASCIIDigit }) else { return nil }
                components.append(.key(String(key)))
                rest = rest[end...]
                if rest.first == "." {
                    rest = rest.dropFirst()
                    guard !rest.isEmpty else { return nil }
                }
            }
        }
        self.components = components
    }

    public func appending(_ key: String) -> FieldPath { FieldPath(components: components + [.key(key)]) }
    public func appending(_ index: Int) -> FieldPath { FieldPath(components: components + [.index(index)]) }

    public var description: String {
        var out = ""
        for c in components {
            switch c {
            case .key(let k): out += out.isEmpty ? k : "." + k
            case .index(let i): out += "[\(i)]"
            }
        }
        return out.isEmpty ? "(dokumentet)" : out
    }

    public static func < (a: FieldPath, b: FieldPath) -> Bool { a.description < b.description }
}

extension Character {
    // `isASCII` first: a Character range compares whole grapheme clusters, so "0" + U+0301
    // would fall between "0" and "9".
    var isASCIIDigit: Bool { isASCII && ("0"..."9").contains(self) }
    var isASCIILetter: Bool { isASCII && (("a"..."z").contains(self) || ("A"..."Z").contains(self)) }
}
