public import DiariumModel
public import Foundation

/// A row of legal data that holds for a period.
public protocol DatedRow: Sendable {
    var validFrom: CivilDate { get }
    var validTo: CivilDate? { get }
}

/// A row of legal data that says whether a primary source confirms it.
public protocol SourcedRow: Sendable {
    var id: String { get }
    var source: String { get }
    var verified: Bool { get }
    var note: String? { get }
}

extension SourcedRow {
    /// What a finding resting on this row must add when no primary source confirms it, so that
    /// a handler never takes a guess for the law: nil for a verified row. `what` says in Swedish
    /// what is unconfirmed ("beloppet är inte bekräftat"), so that its grammar can agree.
    public func caveat(_ what: String) -> String? {
        guard !verified else { return nil }
        return " Obs: \(what) i en primärkälla (rättsdata \(id)\(note.map { ": \($0)" } ?? ""))."
    }
}

extension DatedRow {
    public func isValid(on date: CivilDate) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }
}

/// A direct-award limit (direktupphandlingsgräns).
public struct ThresholdRow: DatedRow, SourcedRow, Hashable, Codable {
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

/// From which value a direct procurement must be documented, or that no duty existed.
public struct DocumentationDutyRow: DatedRow, SourcedRow, Hashable, Codable {
    public let id: String
    public let law: String
    /// Nil exactly when `operator` is `none`.
    public let amount: Amount?
    /// `gt`: above the amount (överstiger); `ge`: at least the amount (uppgår till minst);
    /// `none`: no documentation duty in the period (before 2014-07-01).
    public let `operator`: String
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let reference: String
    public let source: String
    public let verified: Bool
    public let note: String?

    /// Whether the period had a documentation duty at all.
    public var hasDuty: Bool { `operator` != "none" && amount != nil }

    public func applies(to value: Amount) -> Bool {
        guard let amount, hasDuty else { return false }
        return `operator` == "gt" ? value > amount : value >= amount
    }

    /// "överstiger 100 000 kr" / "uppgår till minst 100 000 kr" / "ingen dokumentationsplikt".
    public var condition: String {
        guard let amount, hasDuty else { return "ingen dokumentationsplikt" }
        return (`operator` == "gt" ? "överstiger " : "uppgår till minst ") + amount.swedish
    }
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

/// The upphandlingsskadeavgift regime of one law for procurements started in a period.
public struct PenaltyRow: DatedRow, SourcedRow, Hashable, Codable {
    public let id: String
    public let law: String
    public let minimum: Amount
    public let maximum: Amount
    public let maxSharePercent: Int
    /// The reading chosen when the share of the value is below the minimum: true, the minimum
    /// prevails; false, the share cap prevails. The law allows both ("lägst … får inte
    /// överstiga tio procent"), so the data says which one the range follows.
    public let minimumPrevails: Bool
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let decidedBy: String
    public let reference: String
    public let source: String
    public let verified: Bool
    public let note: String?

    /// The range for a contract of `value`: from the minimum up to the share of the value,
    /// never above the maximum; where the share is below the minimum, `minimumPrevails` decides.
    public func range(for value: Amount) -> (low: Amount, high: Amount) {
        let share = min(Amount(ore: value.ore / 100 * Int64(maxSharePercent)), maximum)
        if share >= minimum { return (minimum, share) }
        return minimumPrevails ? (minimum, minimum) : (share, share)
    }
}

/// A ground for a direct award under one law.
public struct GroundRow: SourcedRow, Hashable, Codable {
    public let code: String
    public let law: String
    public let label: String
    public let reference: String
    public let usesValueLimit: Bool
    public let needsJustification: Bool
    public let source: String
    public let verified: Bool
    public let note: String?

    public var id: String { "\(code)@\(law)" }
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

    public static func bundled() throws(LegalDataError) -> ProcurementLegalData {
        try ProcurementLegalData(directory: DataFile.bundled())
    }

    public init(directory: URL) throws(LegalDataError) {
        let thresholdsFile = "direct-award-thresholds.json", dutiesFile = "documentation-duty.json"
        let deadlinesFile = "documentation-deadline.json", penaltiesFile = "procurement-penalty.json"
        let groundsFile = "direct-award-grounds.json", policyFile = "procurement-policy.json"
        thresholds = try DataFile.rows(thresholdsFile, in: directory)
        duties = try DataFile.rows(dutiesFile, in: directory)
        deadlines = try DataFile.rows(deadlinesFile, in: directory)
        penalties = try DataFile.rows(penaltiesFile, in: directory)
        grounds = try DataFile.rows(groundsFile, in: directory)
        policy = try DataFile.rows(policyFile, in: directory)
        findingSources = try DataFile.rows("finding-sources.json", in: directory)
        try Self.checkNoOverlap(thresholds.map { ("\($0.law)/\($0.contractCategory)", $0 as any DatedRow) }, file: thresholdsFile)
        try Self.checkNoOverlap(duties.map { ($0.law, $0 as any DatedRow) }, file: dutiesFile)
        try Self.checkNoOverlap(penalties.map { ($0.law, $0 as any DatedRow) }, file: penaltiesFile)
        try Self.checkNoOverlap(deadlines.map { ("", $0 as any DatedRow) }, file: deadlinesFile)
        for t in thresholds where !["le", "lt"].contains(t.operator) || t.amount <= .zero {
            throw LegalDataError(file: thresholdsFile, message: "row \(t.id) needs operator le or lt and a positive amount")
        }
        for d in duties where !(["gt", "ge"].contains(d.operator) && d.amount != nil || d.operator == "none" && d.amount == nil) {
            throw LegalDataError(file: dutiesFile, message: "row \(d.id) needs operator gt or ge with an amount, or none without one")
        }
        for p in penalties where p.minimum > p.maximum || !(1...100).contains(p.maxSharePercent) {
            throw LegalDataError(file: penaltiesFile, message: "row \(p.id) needs minimum ≤ maximum and a share of 1–100 %")
        }
        var groundKeys = Set<String>()
        for g in grounds where !groundKeys.insert(g.id).inserted {
            throw LegalDataError(file: groundsFile, message: "two rows for \(g.code) under \(g.law)")
        }
        // (file, id, row) of every dated row.
        let dated: [(String, String, any DatedRow)] = thresholds.map { (thresholdsFile, $0.id, $0) }
            + duties.map { (dutiesFile, $0.id, $0) } + penalties.map { (penaltiesFile, $0.id, $0) }
            + deadlines.map { (deadlinesFile, $0.id, $0) } + policy.map { (policyFile, $0.id, $0) }
        for (file, id, row) in dated where row.validTo.map({ $0 < row.validFrom }) ?? false {
            throw LegalDataError(file: file, message: "row \(id) ends before it begins")
        }
        // A finding and the documentation name the rows they applied by id alone.
        var ids = Set<String>()
        for (file, id, _) in dated where !ids.insert(id).inserted {
            throw LegalDataError(file: file, message: "two rows of the procurement data share the id \(id)")
        }
        try Self.checkSourced(thresholds, file: thresholdsFile)
        try Self.checkSourced(duties, file: dutiesFile)
        try Self.checkSourced(penalties, file: penaltiesFile)
        try Self.checkSourced(grounds, file: groundsFile)
        // Each law answers for itself: a law named in one series must have rows in the others,
        // or its findings would have nothing of its own to cite.
        let laws = Set(thresholds.map(\.law))
        for law in laws {
            guard duties.contains(where: { $0.law == law }), penalties.contains(where: { $0.law == law }),
                  grounds.contains(where: { $0.law == law }) else {
                throw LegalDataError(file: thresholdsFile, message: "law \(law) needs its own duty, penalty and ground rows (\(dutiesFile), \(penaltiesFile), \(groundsFile))")
            }
        }
    }

    /// Every row names a source, and one no primary source confirms says in its note what is
    /// missing: the note is what a finding resting on it shows.
    static func checkSourced(_ rows: [some SourcedRow], file: String) throws(LegalDataError) {
        for r in rows where r.source.isEmpty || (!r.verified && (r.note ?? "").isEmpty) {
            throw LegalDataError(file: file, message: "row \(r.id) needs a source, and a note when it is not verified")
        }
    }

    /// Two rows of one series that hold on the same day would make the answer depend on order.
    static func checkNoOverlap(_ rows: [(String, any DatedRow)], file: String) throws(LegalDataError) {
        for (i, a) in rows.enumerated() {
            for b in rows[(i + 1)...] where a.0 == b.0 {
                let aEnd = a.1.validTo ?? CivilDate(daysSinceEpoch: Int.max / 4)
                let bEnd = b.1.validTo ?? CivilDate(daysSinceEpoch: Int.max / 4)
                if a.1.validFrom <= bEnd && b.1.validFrom <= aEnd {
                    let series = a.0.isEmpty ? "two rows" : "two rows for \(a.0)"
                    throw LegalDataError(file: file, message: "\(series) overlap: the one from \(a.1.validFrom) and the one from \(b.1.validFrom)")
                }
            }
        }
    }

    public func threshold(law: String, contractCategory: String, on date: CivilDate) -> ThresholdRow? {
        thresholds.first { $0.law == law && $0.contractCategory == contractCategory && $0.isValid(on: date) }
    }

    /// The duty row of `law` itself: never another law's, which would cite the wrong section.
    public func duty(law: String, on date: CivilDate) -> DocumentationDutyRow? {
        duties.first { $0.law == law && $0.isValid(on: date) }
    }

    public func deadline(on date: CivilDate) -> DeadlineRow? { deadlines.first { $0.isValid(on: date) } }
    public func penalty(law: String, on date: CivilDate) -> PenaltyRow? { penalties.first { $0.law == law && $0.isValid(on: date) } }
    public func ground(_ code: String, law: String) -> GroundRow? { grounds.first { $0.code == code && $0.law == law } }
    /// The ground codes of `law`, in the order of the data.
    public func groundCodes(law: String) -> [String] { grounds.filter { $0.law == law }.map(\.code) }
    public func policy(_ id: String, on date: CivilDate) -> PolicyRow? { policy.first { $0.id == id && $0.isValid(on: date) } }

    /// The source of a rule by the first part of its id (`agreement.exists` → `agreement`).
    public func source(ofRule rule: String) -> String? {
        let family = rule.split(separator: ".").first.map(String.init) ?? rule
        return findingSources.first { $0.rule == family }.map { "\($0.reference) (\($0.source))" }
    }
}
