import Foundation

/// The digits an identifier is looked for by, whatever separators and prefixes it is written
/// with: shared by the matcher and by the checks that decide a value's kind.
extension SecretMatcher {
    /// The ten digits of an organisation number written `NNNNNN-NNNN`, bare, or with the `16`
    /// prefix; nil for anything else.
    public static func organisationDigits(_ v: String) -> String? {
        var d = v.unicodeScalars.filter { $0 != "-" && $0 != " " }.map(Character.init)
        guard d.allSatisfy(\.isASCII), d.allSatisfy(\.isNumber) else { return nil }
        if d.count == 12, d.starts(with: ["1", "6"]) { d.removeFirst(2) }
        guard d.count == 10, let third = d[2].wholeNumberValue, let fourth = d[3].wholeNumberValue, third * 10 + fourth >= 20 else { return nil }
        return String(d)
    }

    /// The twelve digits (with the century) of a personal identity or coordination number
    /// written with twelve digits; nil for anything else (a ten-digit form has no sure century).
    public static func personalNumberDigits(_ v: String) -> String? {
        let d = v.unicodeScalars.filter { $0 != "-" && $0 != "+" && $0 != " " }.map(Character.init)
        guard d.count == 12, d.allSatisfy({ $0.isASCII && $0.isNumber }), d[0] == "1" || d[0] == "2" else { return nil }
        let month = Int(String(d[4...5])) ?? 0
        let day = Int(String(d[6...7])) ?? 0
        guard (1...12).contains(month), (1...31).contains(day) || (61...91).contains(day) else { return nil }
        return String(d)
    }

    /// The national significant number of a Swedish phone number (`070-123 45 67`,
    /// `+46 70 123 45 67` → `701234567`); nil when it has too few digits to be looked for
    /// without matching everything.
    public static func nationalPhoneDigits(_ v: String) -> String? {
        var d = String(v.unicodeScalars.filter { ("0"..."9").contains($0) }.map(Character.init))
        let plus = v.trimmingCharacters(in: .whitespaces).hasPrefix("+")
        if plus, d.hasPrefix("46") { d.removeFirst(2) } else if d.hasPrefix("0046") { d.removeFirst(4) }
        if d.hasPrefix("0") { d.removeFirst() }
        return d.count >= 6 ? d : nil
    }
}
