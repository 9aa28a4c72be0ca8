public import DiariumModel
public import Foundation

/// How soon a request for public documents is to be answered.
public struct AccessDeadlineRow: DatedRow, Hashable, Codable {
    public let id: String
    /// Working days after the day of arrival by which the request should be handled (0: the same day).
    public let targetWorkingDays: Int
    /// Working days after the day of arrival after which an unhandled request is flagged.
    public let flagAfterWorkingDays: Int
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let reference: String
    public let source: String
    public let verified: Bool
}

/// The appeal notice (besvärshänvisning) of a decision to refuse or mask.
public struct AppealRow: DatedRow, Hashable, Codable {
    public let id: String
    public let court: String
    public let weeks: Int
    public let reference: String
    /// The provision on the requester's right to have the authority itself try the request.
    public let ownReview: String
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let source: String
    public let verified: Bool
}

/// A fee scale for copies of public documents. Each region sets its own; a row with no
/// `organisation` holds for every organisation without one of its own.
public struct FeeScaleRow: DatedRow, Hashable, Codable {
    public enum Mode: String, Sendable, Hashable, Codable { case scale, free }

    public let id: String
    public let organisation: String?
    /// Pages up to this many cost nothing.
    public let freePages: Int
    /// The first charged step: this many pages cost `baseFee`.
    public let basePages: Int
    public let baseFee: Amount
    /// Each page after `basePages`.
    public let perPageAfter: Amount
    public let paper: Mode
    public let electronic: Mode
    public let onSite: Mode
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let reference: String
    public let source: String
    public let verified: Bool

    public func mode(for format: AccessFormat) -> Mode {
        switch format {
        case .paperCopy: paper
        case .electronicCopy: electronic
        case .onSite: onSite
        }
    }

    /// The fee for `pages` pages in `format`: nothing up to `freePages`, `baseFee` from there up
    /// to `basePages`, then `perPageAfter` for each page after.
    public func fee(pages: Int, format: AccessFormat) -> Amount {
        guard mode(for: format) == .scale, pages > freePages else { return .zero }
        let extra = Int64(max(0, pages - basePages))
        return Amount(ore: baseFee.ore + extra * perPageAfter.ore)
    }
}

/// The legal data of public access (Sources/DiariumRules/Data/public-access.json).
public struct AccessData: Sendable {
    public let deadlines: [AccessDeadlineRow]
    public let appeals: [AppealRow]
    public let fees: [FeeScaleRow]

    private struct File: Decodable {
        let deadlines: [AccessDeadlineRow]
        let appeals: [AppealRow]
        let fees: [FeeScaleRow]
    }

    public static func bundled() throws(LegalDataError) -> AccessData {
        try AccessData(directory: DataFile.bundled())
    }

    public init(directory: URL) throws(LegalDataError) {
        let name = "public-access.json"
        let file = try DataFile.decode(File.self, name, in: directory)
        deadlines = file.deadlines
        appeals = file.appeals
        fees = file.fees
        try ProcurementLegalData.checkNoOverlap(deadlines.map { ("", $0 as any DatedRow) }, file: name)
        try ProcurementLegalData.checkNoOverlap(appeals.map { ("", $0 as any DatedRow) }, file: name)
        try ProcurementLegalData.checkNoOverlap(fees.map { ($0.organisation ?? "*", $0 as any DatedRow) }, file: name)
        func fault(_ message: String) -> LegalDataError { LegalDataError(file: name, message: message) }
        for d in deadlines where d.targetWorkingDays < 0 || d.flagAfterWorkingDays < d.targetWorkingDays {
            throw fault("deadline row \(d.id) needs 0 <= targetWorkingDays <= flagAfterWorkingDays")
        }
        for a in appeals where a.weeks < 1 || a.court.isEmpty {
            throw fault("appeal row \(a.id) needs a court and a period")
        }
        for f in fees where f.freePages < 0 || f.basePages <= f.freePages || f.baseFee.ore < 0 || f.perPageAfter.ore < 0 {
            throw fault("fee row \(f.id) needs 0 <= freePages < basePages and fees of at least 0")
        }
    }

    public func deadline(on date: CivilDate) -> AccessDeadlineRow? { deadlines.first { $0.isValid(on: date) } }
    public func appeal(on date: CivilDate) -> AppealRow? { appeals.first { $0.isValid(on: date) } }

    /// The organisation's own scale on `date`, else the common one.
    public func feeScale(organisation: String, on date: CivilDate) -> FeeScaleRow? {
        fees.first { $0.organisation == organisation && $0.isValid(on: date) } ?? fees.first { $0.organisation == nil && $0.isValid(on: date) }
    }
}
