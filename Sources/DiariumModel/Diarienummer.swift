import Foundation

/// A case number (diarienummer för ärendet), `RS 2026/0042`: the organisation's prefix, the year
/// the case was opened and a serial per prefix and year, at least four digits wide.
public struct CaseNumber: Sendable, Hashable, Comparable, TextCodable, CustomStringConvertible {
    public let prefix: String
    public let year: Int
    public let serial: Int

    public init?(prefix: String, year: Int, serial: Int) {
        guard Self.isValidPrefix(prefix), CivilDate.supportedYears.contains(year), (1...999_999).contains(serial) else { return nil }
        self.prefix = prefix
        self.year = year
        self.serial = serial
    }

    /// A prefix is one to six capital letters (Swedish letters included).
    /// A case or document number as people type it (`rs 2026/42-1`, ` RS 2026/0042 `), trimmed
    /// and with its prefix in capitals, for `init?(parsing:)` of either kind.
    public static func typed(_ text: String) -> String {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let space = t.firstIndex(of: " ") else { return t }
        return t[..<space].uppercased() + t[space...]
    }

    public static func isValidPrefix(_ p: String) -> Bool {
        (1...6).contains(p.count) && p.allSatisfy { ("A"..."Z").contains($0) || "ÅÄÖ".contains($0) }
    }

    /// Parses `RS 2026/0042` (also `RS 2026/42`).
    public init?(parsing text: String) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let yearSerial = parts[1].split(separator: "/", omittingEmptySubsequences: false)
        guard yearSerial.count == 2, yearSerial[0].count == 4, (1...6).contains(yearSerial[1].count),
              yearSerial.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(yearSerial[0]), let s = Int(yearSerial[1]) else { return nil }
        self.init(prefix: String(parts[0]), year: y, serial: s)
    }

    public var description: String {
        "\(prefix) \(year)/" + (serial < 1000 ? String(repeating: "0", count: 4 - String(serial).count) : "") + "\(serial)"
    }

    public static func < (a: CaseNumber, b: CaseNumber) -> Bool {
        (a.prefix, a.year, a.serial) < (b.prefix, b.year, b.serial)
    }
}

/// A document number within a case, `RS 2026/0042-3`: the case number and the document's
/// sequence in it, from 1.
public struct DocumentNumber: Sendable, Hashable, Comparable, TextCodable, CustomStringConvertible {
    public let caseNumber: CaseNumber
    public let sequence: Int

    public init?(caseNumber: CaseNumber, sequence: Int) {
        guard (1...99_999).contains(sequence) else { return nil }
        self.caseNumber = caseNumber
        self.sequence = sequence
    }

    public init?(parsing text: String) {
        guard let dash = text.lastIndex(of: "-"), let c = CaseNumber(parsing: String(text[..<dash])) else { return nil }
        let seq = text[text.index(after: dash)...]
        guard (1...5).contains(seq.count), seq.allSatisfy(\.isASCIIDigit), let s = Int(seq) else { return nil }
        self.init(caseNumber: c, sequence: s)
    }

    public var description: String { "\(caseNumber)-\(sequence)" }

    public static func < (a: DocumentNumber, b: DocumentNumber) -> Bool {
        (a.caseNumber, a.sequence) < (b.caseNumber, b.sequence)
    }
}
