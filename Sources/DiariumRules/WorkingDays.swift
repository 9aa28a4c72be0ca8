public import DiariumModel
public import Foundation

/// A day on which an authority is closed although it is a weekday or named: a public holiday by
/// lag (1989:253), or an eve (midsommarafton, julafton, nyårsafton) that authorities treat as one.
public struct NonWorkingDay: Sendable, Hashable {
    public let date: CivilDate
    /// The Swedish name, as in the law (`"långfredagen"`).
    public let name: String
    /// True for an eve: not a holiday in law, non-working by practice.
    public let isEve: Bool

    public init(date: CivilDate, name: String, isEve: Bool) {
        self.date = date
        self.name = name
        self.isEve = isEve
    }
}

/// The Swedish working-day calendar of an authority: Monday to Friday, except public holidays and,
/// when `evesAreNonWorking`, the eves. Saturdays and Sundays are never working days.
///
/// Built from the dated rules in `Data/public-holidays.json`. The non-working weekdays of every
/// year in `CivilDate.supportedYears` are computed once in `init`, so the queries are lookups;
/// outside those years only the weekday counts. The rules start in 1990 (lag 1989:253), so earlier
/// dates see no holidays.
public struct WorkingDayCalendar: Sendable {
    public static let fileName = "public-holidays.json"

    public let evesAreNonWorking: Bool
    private let rules: [HolidayRule]
    /// Days since the epoch of the Monday-to-Friday dates that are closed, sorted.
    private let closedWeekdays: [Int]
    private let closedSet: Set<Int>

    /// The calendar from the data shipped with Diarium (Sources/DiariumRules/Data).
    public static func bundled(evesAreNonWorking: Bool = true) throws(LegalDataError) -> WorkingDayCalendar {
        try WorkingDayCalendar(directory: DataFile.bundled(), evesAreNonWorking: evesAreNonWorking)
    }

    /// Loads and checks `public-holidays.json` in `directory`.
    public init(directory: URL, evesAreNonWorking: Bool) throws(LegalDataError) {
        let name = Self.fileName
        let file = try DataFile.decode(HolidayFile.self, name, in: directory)
        var rules: [HolidayRule] = []
        for raw in file.rows { rules.append(try HolidayRule(raw, isEve: false, file: name)) }
        for raw in file.eves { rules.append(try HolidayRule(raw, isEve: true, file: name)) }
        var keys = Set<String>()
        for r in rules where !keys.insert(r.id + "@" + r.validFrom.description).inserted {
            throw LegalDataError(file: name, message: "row \(r.id): two rows with the same id and validFrom \(r.validFrom)")
        }
        self.init(rules: rules, evesAreNonWorking: evesAreNonWorking)
    }

    private init(rules: [HolidayRule], evesAreNonWorking: Bool) {
        self.rules = rules
        self.evesAreNonWorking = evesAreNonWorking
        var closed = Set<Int>()
        for year in CivilDate.supportedYears {
            let easter = Self.easterDay(year: year)
            for rule in rules where evesAreNonWorking || !rule.isEve {
                guard let z = rule.day(in: year, easter: easter), rule.isValid(on: z), CivilDate.isoWeekday(daysSinceEpoch: z) <= 5 else { continue }
                closed.insert(z)
            }
        }
        closedSet = closed
        closedWeekdays = closed.sorted()
    }

    // MARK: Easter

    /// Easter Sunday of `year` in the Gregorian calendar (the anonymous algorithm, as in Meeus,
    /// *Astronomical Algorithms*).
    public static func easterSunday(year: Int) -> CivilDate {
        CivilDate(daysSinceEpoch: easterDay(year: year))
    }

    private static func easterDay(year y: Int) -> Int {
        let a = y % 19, b = y / 100, c = y % 100
        let d = b / 4, e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate.daysSinceEpoch(year: y, month: month, day: day)
    }

    // MARK: Queries

    /// The holidays of `year` in force on their dates, and the eves when `evesAreNonWorking`,
    /// sorted by date. Holidays on a Saturday or Sunday are listed too; plain Sundays are not.
    public func holidays(in year: Int) -> [NonWorkingDay] {
        var days: [NonWorkingDay] = []
        // A rule with an offset can cross a year boundary, so look at the neighbours too.
        for y in (year - 1)...(year + 1) {
            let easter = Self.easterDay(year: y)
            for rule in rules where evesAreNonWorking || !rule.isEve {
                guard let z = rule.day(in: y, easter: easter), rule.isValid(on: z) else { continue }
                let date = CivilDate(daysSinceEpoch: z)
                if date.year == year { days.append(NonWorkingDay(date: date, name: rule.name, isEve: rule.isEve)) }
            }
        }
        return days.sorted { ($0.date, $0.isEve ? 1 : 0, $0.name) < ($1.date, $1.isEve ? 1 : 0, $1.name) }
    }

    /// Monday to Friday and neither a holiday nor (when `evesAreNonWorking`) an eve.
    public func isWorkingDay(_ d: CivilDate) -> Bool { isWorking(d.daysSinceEpoch) }

    /// `d` itself when it is a working day, else the first working day after it.
    public func nextWorkingDay(onOrAfter d: CivilDate) -> CivilDate {
        CivilDate(daysSinceEpoch: nextWorking(onOrAfter: d.daysSinceEpoch))
    }

    /// The `n`th working day after `d`, counting from the first working day on or after `d`:
    /// adding 0 to a Saturday gives the Monday (or the next working day), adding 1 to a Friday
    /// gives the Monday unless it is a holiday. A negative `n` counts as 0 (it counts forwards
    /// only; a deadline row cannot make it stop the program).
    public func adding(workingDays n: Int, to d: CivilDate) -> CivilDate {
        var z = nextWorking(onOrAfter: d.daysSinceEpoch)
        for _ in 0..<max(0, n) { z = nextWorking(onOrAfter: z + 1) }
        return CivilDate(daysSinceEpoch: z)
    }

    /// The working days after `a` up to and including `b` (0 when `b <= a`): the age in working
    /// days, on day `b`, of something received on day `a`.
    public func workingDays(from a: CivilDate, to b: CivilDate) -> Int {
        let za = a.daysSinceEpoch, zb = b.daysSinceEpoch
        guard zb > za else { return 0 }
        let weekdays = Self.weekdaysThrough(zb) - Self.weekdaysThrough(za)
        let closed = upperBound(zb) - upperBound(za)
        return weekdays - closed
    }

    // MARK: Internals

    private func isWorking(_ z: Int) -> Bool { CivilDate.isoWeekday(daysSinceEpoch: z) <= 5 && !closedSet.contains(z) }

    private func nextWorking(onOrAfter z0: Int) -> Int {
        var z = z0
        while !isWorking(z) { z += 1 }
        return z
    }

    /// The number of entries of `closedWeekdays` that are <= `z`.
    private func upperBound(_ z: Int) -> Int {
        var lo = 0, hi = closedWeekdays.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if closedWeekdays[mid] <= z { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Monday-to-Friday days from the Monday 1970-01-05 (day 4) through `z`, negative before it;
    /// only differences of it mean anything.
    private static func weekdaysThrough(_ z: Int) -> Int {
        let n = z - 4
        let weeks = n >= 0 ? n / 7 : -((-n + 6) / 7)
        let r = n - 7 * weeks
        return weeks * 5 + min(r + 1, 5)
    }
}

/// `public-holidays.json`: the holidays by law in `rows`, the eves in `eves`.
private struct HolidayFile: Decodable {
    let rows: [RawHolidayRule]
    let eves: [RawHolidayRule]
}

private struct RawHolidayRule: Decodable {
    let id: String
    let name: String
    let rule: String
    let month: Int?
    let day: Int?
    let offsetDays: Int?
    let fromMonth: Int?
    let fromDay: Int?
    let toMonth: Int?
    let toDay: Int?
    let validFrom: String
    let validTo: String?
    let source: String
}

/// A checked row: how to find its day in a year, and when it is in force.
private struct HolidayRule: Sendable {
    enum Kind: Sendable {
        case fixed(month: Int, day: Int)
        case easter(offset: Int)
        /// The Saturday in the window starting `fromMonth`/`fromDay` and lasting `length` days,
        /// moved by `offset` days.
        case saturdayBetween(fromMonth: Int, fromDay: Int, length: Int, offset: Int)
    }

    let id: String
    let name: String
    let kind: Kind
    let validFrom: CivilDate
    let validTo: CivilDate?
    let isEve: Bool

    init(_ raw: RawHolidayRule, isEve: Bool, file: String) throws(LegalDataError) {
        func fail(_ why: String) -> LegalDataError { LegalDataError(file: file, message: "row \(raw.id): \(why)") }
        func monthDay(_ m: Int?, _ d: Int?, _ what: String) throws(LegalDataError) -> (Int, Int) {
            // A leap year allows 29 February; such a rule then has no day in other years.
            guard let m, let d, (1...12).contains(m), (1...CivilDate.daysIn(month: m, year: 2000)).contains(d) else {
                throw fail("\(what)month/day missing or not a date (\(m.map(String.init) ?? "nil")/\(d.map(String.init) ?? "nil"))")
            }
            return (m, d)
        }
        guard !raw.id.isEmpty else { throw LegalDataError(file: file, message: "a row has an empty id") }
        guard !raw.name.isEmpty else { throw fail("no name") }
        guard !raw.source.isEmpty else { throw fail("no source") }
        switch raw.rule {
        case "fixed":
            let (m, d) = try monthDay(raw.month, raw.day, "")
            guard (raw.offsetDays ?? 0) == 0 else { throw fail("a fixed rule takes no offsetDays") }
            kind = .fixed(month: m, day: d)
        case "easter":
            guard let offset = raw.offsetDays else { throw fail("an easter rule needs offsetDays") }
            kind = .easter(offset: offset)
        case "saturday-between":
            let (fm, fd) = try monthDay(raw.fromMonth, raw.fromDay, "from ")
            let (tm, td) = try monthDay(raw.toMonth, raw.toDay, "to ")
            // Measured in a common year; a window may run into the next year.
            let from = CivilDate.daysSinceEpoch(year: 2001, month: fm, day: fd)
            var to = CivilDate.daysSinceEpoch(year: 2001, month: tm, day: td)
            if to < from { to = CivilDate.daysSinceEpoch(year: 2002, month: tm, day: td) }
            guard to - from == 6 else { throw fail("the window \(fm)/\(fd)–\(tm)/\(td) is not seven days, so it does not hold exactly one Saturday") }
            kind = .saturdayBetween(fromMonth: fm, fromDay: fd, length: 7, offset: raw.offsetDays ?? 0)
        default:
            throw fail("unknown rule \"\(raw.rule)\" (fixed, easter or saturday-between)")
        }
        guard let from = CivilDate(parsing: raw.validFrom) else { throw fail("validFrom \"\(raw.validFrom)\" is not a date") }
        var to: CivilDate?
        if let text = raw.validTo {
            guard let d = CivilDate(parsing: text) else { throw fail("validTo \"\(text)\" is not a date") }
            guard from <= d else { throw fail("validFrom \(from) is after validTo \(d)") }
            to = d
        }
        id = raw.id
        name = raw.name
        validFrom = from
        validTo = to
        self.isEve = isEve
    }

    /// The day (since the epoch) of this rule in `year`, or nil when the year has none
    /// (29 February in a common year). `easter` is that year's Easter Sunday.
    func day(in year: Int, easter: Int) -> Int? {
        switch kind {
        case let .fixed(month, day):
            guard day <= CivilDate.daysIn(month: month, year: year) else { return nil }
            return CivilDate.daysSinceEpoch(year: year, month: month, day: day)
        case let .easter(offset):
            return easter + offset
        case let .saturdayBetween(fromMonth, fromDay, length, offset):
            let start = CivilDate.daysSinceEpoch(year: year, month: fromMonth, day: min(fromDay, CivilDate.daysIn(month: fromMonth, year: year)))
            let toSaturday = (6 - CivilDate.isoWeekday(daysSinceEpoch: start) + 7) % 7
            return toSaturday < length ? start + toSaturday + offset : nil
        }
    }

    func isValid(on z: Int) -> Bool {
        z >= validFrom.daysSinceEpoch && (validTo.map { z <= $0.daysSinceEpoch } ?? true)
    }
}
