public import Foundation

/// Timestamps as the register writes them: UTC in ISO 8601 for machines, Swedish local time for
/// people.
public enum Timestamp {
    public static func iso(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
    }

    public static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: false))
    }

    public static let stockholm = TimeZone(identifier: "Europe/Stockholm") ?? .gmt

    /// `2026-11-24 10:15` in Swedish time.
    public static func swedishLocal(_ iso: String) -> String {
        guard let date = parse(iso) else { return iso }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = stockholm
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
    }
}
