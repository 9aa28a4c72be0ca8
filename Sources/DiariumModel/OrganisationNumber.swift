import Foundation

/// The number that identifies a supplier or an authority: a Swedish organisationsnummer
/// (`NNNNNN-NNNN`), or for a sole trader (enskild näringsidkare) the owner's personnummer, which
/// serves as the firm's number. Valid by construction (DOMAIN.md §9, §11).
///
/// An organisationsnummer has ten digits; digits 3–4 form a number of at least 20 (never a
/// month, which tells it from a personnummer); the last digit is a Luhn check digit; the first
/// is the group (2 = state, regions, municipalities, parishes). It is also written with twelve
/// digits and the prefix `16`, and is normalised to ten.
///
/// A personnummer is a date of birth (a coordination number adds 60 to the day), a serial and
/// a Luhn check digit over the ten digits; it is kept with its century (`YYYYMMDD-NNNN`). A sole
/// trader's number is personal data that no public view, search or copy shows: see
/// `JSONValue.builtInProtections()`.
public struct OrganisationNumber: Sendable, Hashable, TextCodable, CustomStringConvertible {
    /// Ten digits for an organisation; twelve (with the century) for a sole trader.
    public let digits: String

    /// Whether this is a sole trader's personnummer.
    public var isSoleTrader: Bool { digits.utf8.count == 12 }

    /// Accepts `NNNNNN-NNNN`, the bare ten digits, the twelve-digit form with `16`, and a
    /// personnummer (`YYYYMMDD-NNNN`, `YYYYMMDDNNNN`, `YYMMDD-NNNN`, `YYMMDD+NNNN` for a person
    /// of a hundred or more, `YYMMDDNNNN`).
    public init?(parsing text: String) {
        // On the UTF-8 bytes: a ledger parses a million of these.
        var n: [Int] = []
        n.reserveCapacity(12)
        var separator: UInt8?
        var separatorAt = -1
        for b in text.utf8 {
            if b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
                guard separator == nil else { return nil }
                separator = b
                separatorAt = n.count
                continue
            }
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), n.count < 12 else { return nil }
            n.append(Int(b - UInt8(ascii: "0")))
        }
        // A separator stands before the last four digits, or not at all.
        if separator != nil, separatorAt != n.count - 4 { return nil }
        switch n.count {
        case 10 where n[2] * 10 + n[3] >= 20:
            guard separator != UInt8(ascii: "+"), Self.luhnValid(n) else { return nil }
            digits = Self.text(n)
        case 12 where n[0] == 1 && n[1] == 6 && n[4] * 10 + n[5] >= 20:
            let ten = Array(n.dropFirst(2))
            guard separator != UInt8(ascii: "+"), Self.luhnValid(ten) else { return nil }
            digits = Self.text(ten)
        case 10:
            guard let full = Self.personalNumber(n, hundredOrMore: separator == UInt8(ascii: "+")) else { return nil }
            digits = Self.text(full)
        case 12:
            guard separator != UInt8(ascii: "+"), n[0] == 1 && (n[1] == 8 || n[1] == 9) || n[0] == 2 && n[1] == 0,
                  Self.isPersonalNumber(n) else { return nil }
            digits = Self.text(n)
        default:
            return nil
        }
    }

    /// The group digit (2 for authorities such as regions; a sole trader has none).
    public var group: Int { isSoleTrader ? 0 : digits.first?.wholeNumberValue ?? 0 }

    public var description: String { String(digits.dropLast(4)) + "-" + String(digits.suffix(4)) }

    static func text(_ n: [Int]) -> String { String(decoding: n.map { UInt8($0) + UInt8(ascii: "0") }, as: UTF8.self) }

    static func luhnValid(_ n: [Int]) -> Bool {
        var sum = 0
        for (i, v) in n.enumerated() {
            var x = v
            if i % 2 == 0 { x *= 2; if x > 9 { x -= 9 } }
            sum += x
        }
        return sum % 10 == 0
    }

    /// Twelve digits with a real date (or a coordination number's day + 60) and a valid check
    /// digit over the last ten.
    static func isPersonalNumber(_ n: [Int]) -> Bool {
        let year = n[0] * 1000 + n[1] * 100 + n[2] * 10 + n[3]
        let month = n[4] * 10 + n[5]
        var day = n[6] * 10 + n[7]
        if day > 60 { day -= 60 }
        guard (1...12).contains(month), day >= 1, CivilDate(year: year, month: month, day: day) != nil else { return false }
        return luhnValid(Array(n.dropFirst(2)))
    }

    /// The twelve digits of a ten-digit personnummer: the century is the latest that puts the
    /// birth in the past, a hundred years further back after `+`.
    static func personalNumber(_ n: [Int], hundredOrMore: Bool) -> [Int]? {
        let yy = n[0] * 10 + n[1]
        let now = Calendar(identifier: .gregorian).component(.year, from: Date())
        var year = now - (now % 100) + yy
        if year > now { year -= 100 }
        if hundredOrMore { year -= 100 }
        let full = [year / 1000, year / 100 % 10, year / 10 % 10, year % 10] + Array(n.dropFirst(2))
        return isPersonalNumber(full) ? full : nil
    }
}

extension FieldReader {
    public mutating func organisationNumber(_ o: Object, _ key: String, required: Bool = true) -> OrganisationNumber? {
        parsed(o, key, required: required, rule: "orgnr.invalid",
               message: "ska vara ett giltigt organisationsnummer (NNNNNN-NNNN, även med 16 före) eller för en enskild näringsidkare ett personnummer (ÅÅÅÅMMDD-NNNN), med rätt kontrollsiffra",
               OrganisationNumber.init(parsing:))
    }
}
