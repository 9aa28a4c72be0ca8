/// A CPV code (Common Procurement Vocabulary): eight digits, optionally a check digit after a
/// hyphen (`33141000` or `33141000-0`). Purchases "of the same kind" are summed on a prefix of it.
public struct CPVCode: Sendable, Hashable, TextCodable, CustomStringConvertible {
    /// The eight digits, without the check digit.
    public let digits: String
    public let checkDigit: Int?

    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts[0].count == 8, parts[0].allSatisfy(\.isASCIIDigit) else { return nil }
        // Divisions run from 03 to 98; 00000000 and the like are typos, not codes.
        guard let division = Int(parts[0].prefix(2)), (3...98).contains(division) else { return nil }
        if parts.count == 2 {
            guard parts[1].count == 1, let d = parts[1].first?.wholeNumberValue else { return nil }
            checkDigit = d
        } else {
            checkDigit = nil
        }
        digits = String(parts[0])
    }

    /// The first `level` digits: the group that counts as "the same kind" (default four).
    public func group(_ level: Int) -> String { String(digits.prefix(max(2, min(8, level)))) }

    public var description: String { checkDigit.map { "\(digits)-\($0)" } ?? digits }
}

extension FieldReader {
    public mutating func cpv(_ o: Object, _ key: String, required: Bool = true) -> CPVCode? {
        parsed(o, key, required: required, rule: "cpv.invalid",
               message: "ska vara en CPV-kod med åtta siffror, ev. med kontrollsiffra (t.ex. 33141000 eller 33141000-0)",
               CPVCode.init(parsing:))
    }
}

extension CPVCode {
    /// The code without its trailing zeros (at least the division): a broader code covers every
    /// code that starts with these digits (33100000 covers 33141000).
    public var significantDigits: String {
        var s = Substring(digits)
        while s.count > 2, s.hasSuffix("0") { s = s.dropLast() }
        return String(s)
    }
}
