/// The matcher over text that comes in pieces (a file read chunk by chunk): the text is searched
/// in windows that overlap by more than any secret can span, so memory stays bounded whatever
/// the file's size and a secret split across two pieces is still found.
public struct SecretScanner: Sendable {
    private let matcher: SecretMatcher
    private var window: [Unicode.Scalar] = []
    private var linesBefore = 0
    /// The first match, once found (its range is within the window it was found in; its line
    /// counts from the start of the text).
    public private(set) var first: SecretMatcher.Match?

    static let windowSize = 1 << 20
    static let overlap = 1 << 14

    public init(_ matcher: SecretMatcher) { self.matcher = matcher }

    public mutating func feed(_ text: String) {
        guard first == nil, !matcher.isEmpty, !text.isEmpty else { return }
        window.append(contentsOf: text.unicodeScalars)
        if window.count >= Self.windowSize { scan(final: false) }
    }

    public mutating func finish() -> SecretMatcher.Match? {
        if first == nil, !matcher.isEmpty { scan(final: true) }
        return first
    }

    private mutating func scan(final: Bool) {
        var found: SecretMatcher.Match?
        // Before the end, a match near the window's edge is left for the next window, which
        // holds what follows it: `556677123` cut from `5566771234…` is no organisation number.
        let edge = final ? window.count : window.count - Self.overlap / 2
        matcher.search(window, lineOffset: linesBefore) { m in
            guard m.range.upperBound <= edge else { return true }
            found = m
            return false
        }
        first = found
        guard !final, found == nil else { return }
        let drop = window.count - min(Self.overlap, window.count)
        for u in window[..<drop] where u == "\n" { linesBefore += 1 }
        window.removeFirst(drop)
    }
}
