import DiariumText

/// An amount of Swedish kronor, held exactly in öre.
///
/// The input contract writes amounts as JSON strings in kronor excluding VAT with at most two
/// decimals (`"245000"`, `"245000.50"`): never a binary floating-point number, so that
/// 699 999.99 and 700 000 compare exactly.
public struct Amount: Sendable, Hashable, Comparable, TextCodable, CustomStringConvertible {
    public let ore: Int64

    /// Amounts are below 10^12 kr; anything larger is a typo, and the bound keeps sums of a
    /// region's purchases far from Int64 overflow.
    public static let limitKronor: Int64 = 1_000_000_000_000

    public init(ore: Int64) { self.ore = ore }
    public init(kronor: Int64) { self.ore = kronor * 100 }

    /// Parses `"245000"` or `"245000.5"` or `"245000.50"`: digits, optionally a point and one or
    /// two digits; no sign, no spaces, no exponent.
    public init?(parsing text: String) {
        guard let ore = AmountText.ore(text), ore / 100 < Self.limitKronor else { return nil }
        self.ore = ore
    }

    public static func < (a: Amount, b: Amount) -> Bool { a.ore < b.ore }
    /// Saturating: a sum of a million amounts near the 10^12 kr limit must not trap.
    public static func + (a: Amount, b: Amount) -> Amount {
        let (sum, overflow) = a.ore.addingReportingOverflow(b.ore)
        return Amount(ore: overflow ? .max : sum)
    }
    public static let zero = Amount(ore: 0)

    /// Canonical contract form: `245000` or `245000.50`.
    public var description: String {
        ore % 100 == 0 ? "\(ore / 100)" : "\(ore / 100).\(ore % 100 < 10 ? "0" : "")\(ore % 100)"
    }

    /// Swedish display form: `245 000 kr`, `259 500,50 kr`.
    public var swedish: String {
        var digits = Array(String(ore / 100))
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(String(digits), at: 0)
        let whole = groups.joined(separator: "\u{00A0}")
        let cents = ore % 100
        return cents == 0 ? "\(whole) kr" : "\(whole),\(cents < 10 ? "0" : "")\(cents) kr"
    }
}

extension FieldReader {
    public mutating func amount(_ o: Object, _ key: String, required: Bool = true) -> Amount? {
        parsed(o, key, required: required, rule: "amount.invalid",
               message: "ska vara ett belopp i kronor som textsträng, utan tecken, med högst två decimaler och under 10^12 (t.ex. \"245000.50\")",
               Amount.init(parsing:))
    }
}
