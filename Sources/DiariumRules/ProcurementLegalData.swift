public import DiariumModel
public import Foundation

/// A row of legal data that holds for a period.
public protocol DatedRow: Sendable {
    var validFrom: CivilDate { get }
    var validTo: CivilDate? { get }
}

extension DatedRow {
    public func isValid(on date: CivilDate) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }
}

/// A direct-award limit (direktupphandlingsgräns).
public struct ThresholdRow: DatedRow, Hashable, Codable {
    public let id: String
    public let law: String
    public let contractCategory: String
    public let amount: Amount
    /// `le`: allowed up to and including `amount` (högst); `lt`: only below it (understiger).
    public let `operator`: String
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let basis: String
    public let source: String
    public let verified: Bool
    public let note: String?

    public func allows(_ value: Amount) -> Bool { `operator` == "le" ? value <= amount : value < amount }

    /// "understiger 700 000 kr" / "högst 615 312 kr".
    public var condition: String { (`operator` == "le" ? "högst " : "understiger ") + amount.swedish }
}

/// From which value a direct procurement must be documented.
public struct DocumentationDutyRow: DatedRow, Hashable, Codable {
    public let id: String
    public let law: String
    public let amount: Amount
    /// `gt`: above the amount (överstiger); `ge`: at least the amount (uppgår till minst).
    public let `operator`: String
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let reference: String
    public let source: String
    public let verified: Bool
    public let note: String?

    public func applies(to value: Amount) -> Bool { `operator` == "gt" ? value > amount : value >= amount }
    public var condition: String { (`operator` == "gt" ? "överstiger " : "uppgår till minst ") + amount.swedish }
}

public struct DeadlineRow: DatedRow, Hashable, Codable {
    public let id: String
    public let days: Int
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let reference: String
    public let source: String
    public let verified: Bool
}

/// The upphandlingsskadeavgift regime for procurements started in a period.
public struct PenaltyRow: DatedRow, Hashable, Codable {
    public let id: String
    public let minimum: Amount
    public let maximum: Amount
    public let maxSharePercent: Int
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let decidedBy: String
    public let reference: String
    public let source: String
    public let verified: Bool

    /// The range for a contract of `value`: at least the minimum, at most the share of the
    /// value and the maximum (never below the minimum).
    public func range(for value: Amount) -> (low: Amount, high: Amount) {
        let share = Amount(ore: value.ore / 100 * Int64(maxSharePercent))
        return (minimum, max(minimum, min(share, maximum)))
    }
}

/// A ground for a direct award.
public struct GroundRow: Sendable, Hashable, Codable {
    public let code: String
    public let label: String
    public let reference: String
    public let usesValueLimit: Bool
    public let needsJustification: Bool
    public let source: String
    public let verified: Bool
    public let note: String?
}

/// Where a check without a number of its own comes from (`agreement`, `supplier-checks`, …).
public struct FindingSourceRow: Sendable, Hashable, Codable {
    public let rule: String
    public let reference: String
    public let source: String
}

/// A number of the regions' own practice.
public struct PolicyRow: DatedRow, Hashable, Codable {
    public let id: String
    public let value: Int
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let reference: String
    public let source: String
    public let verified: Bool
}

/// The legal data of direct procurement (Sources/DiariumRules/Data).
public struct ProcurementLegalData: Sendable {
    public let thresholds: [ThresholdRow]
    public let duties: [DocumentationDutyRow]
    public let deadlines: [DeadlineRow]
    public let penalties: [PenaltyRow]
    public let grounds: [GroundRow]
    public let policy: [PolicyRow]
    public let findingSources: [FindingSourceRow]

    public static func bundled() throws -> ProcurementLegalData {
        guard let url = Bundle.module.url(forResource: "Data", withExtension: nil) else {
            throw LegalDataError(message: "the bundled data folder is missing from the build")
        }
        return try ProcurementLegalData(directory: url)
    }

    public init(directory: URL) throws {
        func rows<T: Decodable>(_ name: String) throws -> [T] {
            do { return try JSONDecoder().decode(RowsFile<T>.self, from: Data(contentsOf: directory.appendingPathComponent(name))).rows } catch {
                throw LegalDataError(message: "\(name): \(error)")
            }
        }
        thresholds = try rows("direct-award-thresholds.json")
        duties = try rows("documentation-duty.json")
        deadlines = try rows("documentation-deadline.json")
        penalties = try rows("procurement-penalty.json")
        grounds = try rows("direct-award-grounds.json")
        policy = try rows("procurement-policy.json")
        findingSources = try rows("finding-sources.json")
        try Self.checkNoOverlap(thresholds.map { ("\($0.law)/\($0.contractCategory)", $0 as any DatedRow) }, file: "direct-award-thresholds.json")
        try Self.checkNoOverlap(duties.map { ($0.law, $0 as any DatedRow) }, file: "documentation-duty.json")
        try Self.checkNoOverlap(penalties.map { ("", $0 as any DatedRow) }, file: "procurement-penalty.json")
        for t in thresholds where !["le", "lt"].contains(t.operator) || t.source.isEmpty {
            throw LegalDataError(message: "direct-award-thresholds.json: row \(t.id) needs operator le or lt and a source")
        }
        for d in duties where !["gt", "ge"].contains(d.operator) {
            throw LegalDataError(message: "documentation-duty.json: row \(d.id) needs operator gt or ge")
        }
    }

    /// Two rows of one series that hold on the same day would make the answer depend on order.
    static func checkNoOverlap(_ rows: [(String, any DatedRow)], file: String) throws {
        for (i, a) in rows.enumerated() {
            for b in rows[(i + 1)...] where a.0 == b.0 {
                let aEnd = a.1.validTo ?? CivilDate(daysSinceEpoch: Int.max / 4)
                let bEnd = b.1.validTo ?? CivilDate(daysSinceEpoch: Int.max / 4)
                if a.1.validFrom <= bEnd && b.1.validFrom <= aEnd {
                    throw LegalDataError(message: "\(file): two rows for \(a.0) overlap")
                }
            }
        }
    }

    public func threshold(law: String, contractCategory: String, on date: CivilDate) -> ThresholdRow? {
        thresholds.first { $0.law == law && $0.contractCategory == contractCategory && $0.isValid(on: date) }
    }

    public func duty(law: String, on date: CivilDate) -> DocumentationDutyRow? {
        duties.first { $0.law == law && $0.isValid(on: date) } ?? duties.first { $0.law == "LOU" && $0.isValid(on: date) }
    }

    public func deadline(on date: CivilDate) -> DeadlineRow? { deadlines.first { $0.isValid(on: date) } }
    public func penalty(on date: CivilDate) -> PenaltyRow? { penalties.first { $0.isValid(on: date) } }
    public func ground(_ code: String) -> GroundRow? { grounds.first { $0.code == code } }
    public func policy(_ id: String, on date: CivilDate) -> PolicyRow? { policy.first { $0.id == id && $0.isValid(on: date) } }

    /// The source of a rule by the first part of its id (`agreement.exists` → `agreement`).
    public func source(ofRule rule: String) -> String? {
        let family = rule.split(separator: ".").first.map(String.init) ?? rule
        return findingSources.first { $0.rule == family }.map { "\($0.reference) (\($0.source))" }
    }
}

/// A data file: `{"about": "…", "rows": [...]}`.
struct RowsFile<Row: Decodable>: Decodable { let rows: [Row] }
