public import Foundation

/// The region's configuration the rules need: its organisations, the time zone dates are
/// reckoned in, the fiscal year, how CPV codes group, when a deviation is overdue and whether
/// the eves count as working days. Kept with the store (`config.json`, written by `init` from
/// the bundled default and read on every open), but a fact of the region, not of the storage.
public struct RegionConfig: Sendable, Hashable, Codable {
    public var organisations: [Organisation]
    /// The time zone in which dates (the case year, the day a document is registered) are reckoned.
    public var timeZone: String
    /// How many leading digits of a CPV code make purchases "of the same kind" (default 4).
    public var cpvAggregationDigits: Int?
    /// The month the fiscal year (räkenskapsår) begins (default 1: the calendar year).
    public var fiscalYearStartMonth: Int?
    /// After how many days without a step an open deviation counts as overdue (default 14).
    public var deviationOverdueDays: Int?
    /// Whether midsommarafton, julafton and nyårsafton count as non-working days for the
    /// deadlines of requests for public documents (not holidays in law; most authorities close).
    /// Default true.
    public var nonWorkingEves: Bool?

    public init(organisations: [Organisation], timeZone: String = "Europe/Stockholm") {
        self.organisations = organisations
        self.timeZone = timeZone
    }

    public var cpvDigits: Int { cpvAggregationDigits ?? 4 }
    public var overdueDays: Int { deviationOverdueDays ?? 14 }
    public var evesAreNonWorking: Bool { nonWorkingEves ?? true }

    /// The fiscal year a date falls in, named by the calendar year it starts in.
    public func fiscalYear(of date: CivilDate) -> Int {
        date.month >= (fiscalYearStartMonth ?? 1) ? date.year : date.year - 1
    }

    public func organisation(_ code: String) -> Organisation? {
        organisations.first { $0.code == code }
    }

    /// What a hand-edited config got wrong (English: for the installer, not for the public).
    public struct Invalid: Error, Sendable, Hashable {
        public let message: String
        init(_ message: String) { self.message = message }
    }

    /// Checks what a hand-edited config could get wrong.
    public func validate() throws(Invalid) {
        guard !organisations.isEmpty else { throw Invalid("no organisations") }
        var codes = Set<String>(), prefixes = Set<String>()
        for o in organisations {
            guard CaseNumber.isValidPrefix(o.prefix) else { throw Invalid("organisation \(o.code): prefix must be 1–6 capital letters") }
            guard codes.insert(o.code).inserted else { throw Invalid("organisation code \(o.code) appears twice") }
            guard prefixes.insert(o.prefix).inserted else { throw Invalid("prefix \(o.prefix) appears twice") }
            guard o.organisationNumber.group == 2 else {
                throw Invalid("organisation \(o.code): an authority's organisationsnummer starts with group digit 2")
            }
        }
        for o in organisations {
            if let host = o.hostedBy, organisation(host) == nil { throw Invalid("organisation \(o.code): unknown host \(host)") }
        }
        guard TimeZone(identifier: timeZone) != nil else { throw Invalid("unknown time zone \(timeZone)") }
        guard (2...8).contains(cpvDigits) else { throw Invalid("cpvAggregationDigits must be 2–8") }
        guard (1...12).contains(fiscalYearStartMonth ?? 1) else { throw Invalid("fiscalYearStartMonth must be 1–12") }
        guard (1...3650).contains(overdueDays) else { throw Invalid("deviationOverdueDays must be 1–3650") }
    }

    public var zone: TimeZone { TimeZone(identifier: timeZone) ?? .gmt }
}
