/// A Swedish organisationsnummer, `NNNNNN-NNNN`, valid by construction (DOMAIN.md §9).
///
/// Ten digits; digits 3–4 form a number of at least 20 (never a month, which tells it from a
/// personnummer); the last digit is a Luhn check digit. The first digit is the group:
/// 2 = state, regions, municipalities, parishes.
public struct OrganisationNumber: Sendable, Hashable, TextCodable, CustomStringConvertible {
    public let digits: String

    /// Accepts `NNNNNN-NNNN` or the bare ten digits.
    public init?(parsing text: String) {
        // On the UTF-8 bytes: a ledger parses a million of these.
        var n: [Int] = []
        n.reserveCapacity(10)
        let u = text.utf8
        guard u.count == 10 || u.count == 11 else { return nil }
        for (i, b) in u.enumerated() {
            if u.count == 11, i == 6 {
                guard b == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            n.append(Int(b - UInt8(ascii: "0")))
        }
        guard n[2] * 10 + n[3] >= 20, Self.luhnValid(n) else { return nil }
        digits = String(decoding: n.map { UInt8($0) + UInt8(ascii: "0") }, as: UTF8.self)
    }

    /// The group digit (2 for authorities such as regions).
    public var group: Int { digits.first?.wholeNumberValue ?? 0 }

    public var description: String { String(digits.prefix(6)) + "-" + String(digits.suffix(4)) }

    static func luhnValid(_ n: [Int]) -> Bool {
        var sum = 0
        for (i, v) in n.enumerated() {
            var x = v
            if i % 2 == 0 { x *= 2; if x > 9 { x -= 9 } }
            sum += x
        }
        return sum % 10 == 0
    }
}

extension FieldReader {
    public mutating func organisationNumber(_ o: Object, _ key: String, required: Bool = true) -> OrganisationNumber? {
        parsed(o, key, required: required, rule: "orgnr.invalid",
               message: "ska vara ett giltigt organisationsnummer på formen NNNNNN-NNNN (tio siffror, siffra 3–4 minst 20, rätt kontrollsiffra)",
               OrganisationNumber.init(parsing:))
    }
}
