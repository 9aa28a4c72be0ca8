import DiariumText
import Testing

/// A secret of a kind and a text that must (or must not) give it away: the argument of the
/// matcher's tables of cases.
struct MatcherCase: Sendable, CustomTestStringConvertible {
    let secret: String
    let kind: SecretMatcher.Kind
    let text: String
    var testDescription: String { "\(kind.rawValue) \(secret) in \(text.debugDescription)" }

    /// Whether a matcher over the secret alone finds it in the text.
    var found: Bool {
        SecretMatcher([.init(value: secret, kind: kind, tag: 7)]).firstMatch(in: text)?.tag == 7
    }
}
