/// A CPV code (Common Procurement Vocabulary): eight digits, optionally a check digit after a
/// hyphen (`33141000` or `33141000-0`). Purchases "of the same kind" are summed on a prefix of it.
public struct CPVCode: Sendable, Hashable, TextCodable, CustomStringConvertible {
    /// The eight digits, without the check digit.
    public let digits: String
    public let checkDigit: Int?

    public init?(parsing text: String) {
        let u = Array(text.utf8)
        guard u.count == 8 || (u.count == 10 && u[8] == UInt8(ascii: "-")) else { return nil }
        func digit(_ b: UInt8) -> Int? { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") ? Int(b - UInt8(ascii: "0")) : nil }
        guard u[0..<8].allSatisfy({ digit($0) != nil }), let d0 = digit(u[0]), let d1 = digit(u[1]) else { return nil }
        // Divisions run from 03 to 98; 00000000 and the like are typos, not codes.
        guard (3...98).contains(d0 * 10 + d1) else { return nil }
        if u.count == 10 {
            guard let d = digit(u[9]) else { return nil }
            checkDigit = d
        } else {
            checkDigit = nil
        }
        digits = String(decoding: u[0..<8], as: UTF8.self)
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

    /// Whether an agreement for this code covers a purchase of `other`: the same group of
    /// `groupDigits`, or this code is broader and contains it.
    public func covers(_ other: CPVCode, groupDigits: Int) -> Bool {
        group(groupDigits) == other.group(groupDigits) || other.digits.hasPrefix(significantDigits)
    }
}
