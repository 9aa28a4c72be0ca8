public import Foundation

/// Timestamps as the register writes them: UTC in ISO 8601 to the second (`2026-11-24T09:14:00Z`)
/// for machines, Swedish local time for people.
///
/// Formatted by hand: Foundation's ISO 8601 format style cost more per registration than the
/// whole SQLite insert it was part of (measured with `diarium bench`).
public enum Timestamp {
    public static func iso(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let rest = seconds - days * 86_400
        let d = CivilDate(daysSinceEpoch: days)
        return "\(d)T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))Z"
    }

    /// Parses exactly the form `iso` writes.
    public static func parse(_ text: String) -> Date? {
        let u = Array(text.utf8)
        guard u.count == 20, u[10] == UInt8(ascii: "T"), u[13] == UInt8(ascii: ":"), u[16] == UInt8(ascii: ":"),
              u[19] == UInt8(ascii: "Z"), let day = CivilDate(parsing: String(decoding: u[0..<10], as: UTF8.self)),
              let h = Int(String(decoding: u[11..<13], as: UTF8.self)), let m = Int(String(decoding: u[14..<16], as: UTF8.self)),
              let s = Int(String(decoding: u[17..<19], as: UTF8.self)), h < 24, m < 60, s < 60 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(day.daysSinceEpoch * 86_400 + h * 3600 + m * 60 + s))
    }

    public static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? .gmt

    /// `2026-11-24 10:15` in Swedish time.
    public static func swedishLocal(_ iso: String) -> String {
        guard let date = parse(iso) else { return iso }
        let local = date.addingTimeInterval(TimeInterval(stockholm.secondsFromGMT(for: date)))
        // `YYYY-MM-DD HH:MM`: the ISO form cut after the minutes, its `T` a space (by hand:
        // `replacingOccurrences` bridges to NSString, and every record view prints this).
        return String(String.UnicodeScalarView(Self.iso(local).unicodeScalars.prefix(16).map { $0 == "T" ? " " : $0 }))
    }

    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
