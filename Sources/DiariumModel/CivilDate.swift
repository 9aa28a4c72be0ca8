public import Foundation

/// A calendar date without time or zone (`2026-11-24`), as in documents and the law.
///
/// Stored as days since 1970-01-01 in the proleptic Gregorian calendar, so comparison and day
/// arithmetic are plain integer operations and no time zone can shift a date.
public struct CivilDate: Sendable, Hashable, Comparable, TextCodable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Dates outside this range are refused: a registered document is neither medieval nor from
    /// the far future, and a typo like `20026` should be caught.
    public static let supportedYears = 1900...2199

    public init?(year: Int, month: Int, day: Int) {
        guard Self.supportedYears.contains(year), (1...12).contains(month),
              (1...Self.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(parsing text: String) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(u[i]) else { return nil }
                v = v * 10 + Int(u[i] - UInt8(ascii: "0"))
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public init(daysSinceEpoch z0: Int) {
        // Howard Hinnant's civil_from_days.
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        month = m
        day = d
    }

    public var daysSinceEpoch: Int { Self.daysSinceEpoch(year: year, month: month, day: day) }

    /// Days since 1970-01-01 of a proleptic Gregorian date in any year (Howard Hinnant's
    /// days_from_civil); the working-day calendar needs years outside `supportedYears`.
    public static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func adding(days: Int) -> CivilDate { CivilDate(daysSinceEpoch: daysSinceEpoch + days) }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var isoWeekday: Int { Self.isoWeekday(daysSinceEpoch: daysSinceEpoch) }

    /// ISO weekday of a day since the epoch (1970-01-01 was a Thursday).
    public static func isoWeekday(daysSinceEpoch z: Int) -> Int { ((z % 7 + 7 + 3) % 7) + 1 }

    /// The date of `instant` in `zone` (the regions work in Europe/Stockholm).
    public init(_ instant: Date, in zone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day], from: instant)
        self.init(daysSinceEpoch: CivilDate(year: c.year ?? 1970, month: c.month ?? 1, day: c.day ?? 1)?.daysSinceEpoch ?? 0)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public var description: String {
        // By hand: `String(format:)` goes through Foundation's formatter, and a registration
        // writes a dozen dates (its record, its audit time, its view). Month and day are always
        // 1…31; a year outside 0…9999 (only day arithmetic makes one) keeps the formatter.
        guard (0...9999).contains(year) else { return String(format: "%04d-%02d-%02d", year, month, day) }
        let (year, month, day) = (year, month, day)
        return String(unsafeUninitializedCapacity: 10) { b in
            func digit(_ n: Int) -> UInt8 { UInt8(truncatingIfNeeded: 0x30 + n) }
            (b[0], b[1], b[2], b[3]) = (digit(year / 1000), digit(year / 100 % 10), digit(year / 10 % 10), digit(year % 10))
            (b[4], b[5], b[6], b[7], b[8], b[9]) = (0x2D, digit(month / 10), digit(month % 10), 0x2D, digit(day / 10), digit(day % 10))
            return 10
        }
    }
}

extension FieldReader {
    public mutating func date(_ o: Object, _ key: String, required: Bool = true) -> CivilDate? {
        parsed(o, key, required: required, rule: "date.invalid",
               message: "ska vara ett giltigt datum på formen ÅÅÅÅ-MM-DD (år \(CivilDate.supportedYears.lowerBound)–\(CivilDate.supportedYears.upperBound))",
               CivilDate.init(parsing:))
    }
}
