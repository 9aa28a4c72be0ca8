import DiariumModel
import DiariumRules
import Foundation
import Testing

/// Every expected date here was checked against Python's `datetime` and the `holidays` package.
@Suite("Working-day calendar")
struct WorkingDayTests {
    static let on = try? WorkingDayCalendar.bundled()
    static let off = try? WorkingDayCalendar.bundled(evesAreNonWorking: false)

    func calendar(eves: Bool = true) throws -> WorkingDayCalendar {
        try #require(eves ? Self.on : Self.off, "the bundled public-holidays.json does not load")
    }

    func date(_ text: String) throws -> CivilDate { try #require(CivilDate(parsing: text), "\(text) is not a date") }

    // MARK: Easter

    @Test("Easter Sunday by the Gregorian computus", arguments: [
        "1900-04-15", "1943-04-25", "2000-04-23", "2004-04-11", "2005-03-27", "2008-03-23", "2011-04-24", "2019-04-21",
        "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2038-04-25", "2099-04-12", "2160-03-23", "2199-04-14",
    ])
    func easter(_ expected: String) throws {
        let d = try date(expected)
        #expect(WorkingDayCalendar.easterSunday(year: d.year) == d)
        #expect(d.isoWeekday == 7)
    }

    // MARK: Oracle

    struct Fixture: Decodable {
        struct Day: Decodable { let date: String; let name: String }
        let holidays: [Day]
        let eves: [Day]
    }

    @Test("2024–2028 agree with the PyPI package holidays: law holidays with its PUBLIC set, eves with its DE_FACTO set")
    func oracle() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/swedish-holidays-2024-2028", withExtension: "json"))
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
        let days = try (2024...2028).flatMap { try calendar().holidays(in: $0) }
        // The package capitalises the names; the law writes them in lower case except Kristi.
        func rows(_ d: [NonWorkingDay]) -> [String] { d.map { "\($0.date) \($0.name.lowercased())" } }
        func rows(_ d: [Fixture.Day]) -> [String] { d.map { "\($0.date) \($0.name.lowercased())" } }
        #expect(rows(days.filter { !$0.isEve }) == rows(fixture.holidays))
        #expect(rows(days.filter(\.isEve)) == rows(fixture.eves))
        #expect(fixture.holidays.count == 65 && fixture.eves.count == 15)
        // Without the eves the calendar lists the law holidays alone.
        let lawOnly = try (2024...2028).flatMap { try calendar(eves: false).holidays(in: $0) }
        #expect(rows(lawOnly) == rows(fixture.holidays))
    }

    @Test("holidays(in:) is sorted and marks the eves")
    func listing() throws {
        let days = try calendar().holidays(in: 2026)
        #expect(days.map(\.date) == days.map(\.date).sorted())
        #expect(days.filter(\.isEve).map(\.name) == ["midsommarafton", "julafton", "nyårsafton"])
        #expect(days.first == NonWorkingDay(date: try date("2026-01-01"), name: "nyårsdagen", isEve: false))
        #expect(days.contains(NonWorkingDay(date: try date("2026-06-20"), name: "midsommardagen", isEve: false)))
        #expect(days.contains(NonWorkingDay(date: try date("2026-10-31"), name: "alla helgons dag", isEve: false)))
    }

    // MARK: Arithmetic

    struct Step: Sendable, CustomTestStringConvertible {
        let from: String, add: Int, eves: Bool, expected: String, why: String
        var testDescription: String { "\(from) + \(add)\(eves ? "" : " (eves working)") = \(expected): \(why)" }
    }

    @Test("adding working days across the holidays of 2025–2027", arguments: [
        Step(from: "2026-04-02", add: 1, eves: true, expected: "2026-04-07", why: "skärtorsdag; långfredagen, the weekend and annandag påsk follow"),
        Step(from: "2026-04-01", add: 3, eves: true, expected: "2026-04-08", why: "Easter 2026 in the middle"),
        Step(from: "2025-04-17", add: 1, eves: true, expected: "2025-04-22", why: "Easter 2025"),
        Step(from: "2027-03-25", add: 1, eves: true, expected: "2027-03-30", why: "långfredagen 2027-03-26, annandag påsk 2027-03-29"),
        Step(from: "2026-05-13", add: 1, eves: true, expected: "2026-05-15", why: "Kristi himmelsfärdsdag 2026-05-14"),
        Step(from: "2026-06-05", add: 1, eves: true, expected: "2026-06-08", why: "nationaldagen on a Saturday gives no day off"),
        Step(from: "2025-06-05", add: 1, eves: true, expected: "2025-06-09", why: "nationaldagen Friday; the Monday after pingst is no holiday"),
        Step(from: "2026-06-19", add: 0, eves: true, expected: "2026-06-22", why: "midsommarafton received: the next working day is Monday"),
        Step(from: "2026-06-19", add: 0, eves: false, expected: "2026-06-19", why: "midsommarafton is a working day without the eves"),
        Step(from: "2026-06-18", add: 1, eves: true, expected: "2026-06-22", why: "midsommar 2026"),
        Step(from: "2026-06-18", add: 1, eves: false, expected: "2026-06-19", why: "midsommar 2026, eves working"),
        Step(from: "2025-06-19", add: 1, eves: true, expected: "2025-06-23", why: "midsommar 2025"),
        Step(from: "2027-06-24", add: 1, eves: true, expected: "2027-06-28", why: "midsommar 2027"),
        Step(from: "2025-10-30", add: 1, eves: true, expected: "2025-10-31", why: "alla helgons dag is a Saturday; the Friday before works"),
        Step(from: "2026-10-29", add: 1, eves: true, expected: "2026-10-30", why: "alla helgons dag 2026-10-31"),
        Step(from: "2025-12-23", add: 1, eves: true, expected: "2025-12-29", why: "julafton, juldagen, annandag jul, weekend"),
        Step(from: "2025-12-23", add: 1, eves: false, expected: "2025-12-24", why: "julafton works without the eves"),
        Step(from: "2025-12-30", add: 1, eves: true, expected: "2026-01-02", why: "nyårsafton and nyårsdagen 2026 (Thursday)"),
        Step(from: "2026-01-05", add: 1, eves: true, expected: "2026-01-07", why: "trettondedag jul 2026 is a Tuesday"),
        Step(from: "2026-12-23", add: 1, eves: true, expected: "2026-12-28", why: "Christmas 2026 Thursday–Saturday"),
        Step(from: "2026-12-30", add: 1, eves: true, expected: "2027-01-04", why: "nyårsafton Thursday, nyårsdagen Friday, weekend"),
        Step(from: "2026-12-30", add: 1, eves: false, expected: "2026-12-31", why: "nyårsafton works without the eves"),
        Step(from: "2027-12-23", add: 1, eves: true, expected: "2027-12-27", why: "julafton Friday, Christmas on the weekend"),
        Step(from: "2027-12-30", add: 1, eves: true, expected: "2028-01-03", why: "nyårsafton Friday, nyårsdagen Saturday"),
        Step(from: "2026-03-06", add: 1, eves: true, expected: "2026-03-09", why: "Friday + 1 is Monday"),
        Step(from: "2028-12-22", add: 1, eves: true, expected: "2028-12-27", why: "Friday + 1 when Monday and Tuesday are holidays"),
        Step(from: "2026-03-07", add: 0, eves: true, expected: "2026-03-09", why: "adding 0 to a Saturday"),
        Step(from: "2026-03-10", add: 0, eves: true, expected: "2026-03-10", why: "adding 0 to a working day"),
    ])
    func adding(_ s: Step) throws {
        let c = try calendar(eves: s.eves)
        let from = try date(s.from), expected = try date(s.expected)
        #expect(c.adding(workingDays: s.add, to: from) == expected)
        if s.add == 0 { #expect(c.nextWorkingDay(onOrAfter: from) == expected) }
        #expect(c.isWorkingDay(expected))
    }

    @Test("working days and closed days around the holidays")
    func isWorkingDay() throws {
        let on = try calendar(), off = try calendar(eves: false)
        for closed in ["2026-04-03", "2026-04-06", "2026-05-14", "2026-06-19", "2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01",
                       "2027-03-26", "2027-03-29", "2027-01-06", "2026-03-07", "2026-03-08"] {
            #expect(!on.isWorkingDay(try date(closed)), "\(closed)")
        }
        for open in ["2026-04-02", "2026-04-07", "2026-05-15", "2026-06-05", "2025-06-09", "2026-10-30", "2026-01-02"] {
            #expect(on.isWorkingDay(try date(open)), "\(open)")
        }
        for eve in ["2026-06-19", "2026-12-24", "2026-12-31"] {
            #expect(off.isWorkingDay(try date(eve)), "\(eve)")
        }
    }

    @Test("age in working days", arguments: [
        ("2026-04-02", "2026-04-07", true, 1), ("2026-04-01", "2026-04-08", true, 3),
        ("2025-12-23", "2025-12-29", true, 1), ("2025-12-23", "2025-12-29", false, 2),
        ("2025-12-19", "2026-01-09", true, 9), ("2025-12-19", "2026-01-09", false, 11),
        ("2026-03-07", "2026-03-09", true, 1), ("2027-03-24", "2027-04-02", true, 5),
        ("2026-06-17", "2026-06-26", true, 6), ("2026-06-17", "2026-06-26", false, 7),
        ("2026-05-12", "2026-05-19", true, 4),
        ("2026-04-02", "2026-04-02", true, 0), ("2026-04-07", "2026-04-02", true, 0), ("2026-04-03", "2026-04-06", true, 0),
    ])
    func age(_ a: String, _ b: String, _ eves: Bool, _ expected: Int) throws {
        #expect(try calendar(eves: eves).workingDays(from: date(a), to: date(b)) == expected)
    }

    @Test("workingDays(from:to:) counts like a day-by-day loop and undoes adding(workingDays:to:)")
    func ageAgreesWithLoop() throws {
        for c in [try calendar(), try calendar(eves: false)] {
            let start = try date("2024-12-01").daysSinceEpoch
            for z in start..<(start + 800) where z % 3 == 0 {
                let a = CivilDate(daysSinceEpoch: z)
                var count = 0
                for k in 0...45 {
                    let b = a.adding(days: k)
                    if k > 0, c.isWorkingDay(b) { count += 1 }
                    #expect(c.workingDays(from: a, to: b) == count, "\(a) → \(b)")
                }
                if c.isWorkingDay(a) {
                    for n in [0, 1, 5, 20] { #expect(c.workingDays(from: a, to: c.adding(workingDays: n, to: a)) == n) }
                }
            }
        }
    }

    // MARK: Validity

    @Test("annandag pingst until 2005, nationaldagen from 2005 (SFS 2004:1320)")
    func validity() throws {
        let c = try calendar()
        #expect(try c.holidays(in: 2004).contains(NonWorkingDay(date: date("2004-05-31"), name: "annandag pingst", isEve: false)))
        #expect(try !c.isWorkingDay(date("2004-05-31")))
        #expect(!c.holidays(in: 2005).contains { $0.name == "annandag pingst" })
        #expect(try c.isWorkingDay(date("2005-05-16")))
        // 6 June 2004 was a Sunday: closed, but not as nationaldagen.
        #expect(!c.holidays(in: 2004).contains { $0.name == "nationaldagen" })
        #expect(try c.holidays(in: 2005).contains(NonWorkingDay(date: date("2005-06-06"), name: "nationaldagen", isEve: false)))
        #expect(try !c.isWorkingDay(date("2005-06-06")))
        #expect(try c.isWorkingDay(date("2003-06-06")))
    }

    // MARK: Loading

    func load(_ json: String) throws -> WorkingDayCalendar {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("working-days-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(json.utf8).write(to: dir.appendingPathComponent("public-holidays.json"))
        return try WorkingDayCalendar(directory: dir, evesAreNonWorking: true)
    }

    static func file(_ row: String) -> String { #"{"about": "test", "rows": ["# + row + #"], "eves": []}"# }

    @Test("a bad data file is refused with the file and row named", arguments: [
        ("{ not json", nil),
        (#"{"rows": []}"#, nil),
        (WorkingDayTests.file(#"{"id": "x1", "name": "x", "rule": "weekly", "validFrom": "1990-01-01", "validTo": null, "source": "s"}"#), "x1"),
        (WorkingDayTests.file(#"{"id": "x2", "name": "x", "rule": "fixed", "month": 13, "day": 1, "validFrom": "1990-01-01", "validTo": null, "source": "s"}"#), "x2"),
        (WorkingDayTests.file(#"{"id": "x3", "name": "x", "rule": "fixed", "month": 4, "day": 31, "validFrom": "1990-01-01", "validTo": null, "source": "s"}"#), "x3"),
        (WorkingDayTests.file(#"{"id": "x4", "name": "x", "rule": "fixed", "month": 1, "day": 1, "validFrom": "2005-01-01", "validTo": "2004-12-31", "source": "s"}"#), "x4"),
        (WorkingDayTests.file(#"{"id": "x5", "name": "x", "rule": "easter", "validFrom": "1990-01-01", "validTo": null, "source": "s"}"#), "x5"),
        (WorkingDayTests.file(#"{"id": "x6", "name": "x", "rule": "saturday-between", "fromMonth": 6, "fromDay": 20, "toMonth": 6, "toDay": 30, "validFrom": "1990-01-01", "validTo": null, "source": "s"}"#), "x6"),
        (WorkingDayTests.file(#"{"id": "x7", "name": "x", "rule": "fixed", "month": 1, "day": 1, "validFrom": "1990-13-01", "validTo": null, "source": "s"}"#), "x7"),
    ] as [(String, String?)])
    func badFile(_ json: String, _ row: String?) throws {
        let error = try #require(throws: LegalDataError.self) { try load(json) }
        #expect(error.file == "public-holidays.json")
        if let row { #expect(error.message.contains("row \(row)")) }
    }

    @Test("a missing data file is refused with the file named")
    func missingFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("working-days-missing-\(UUID().uuidString)")
        let error = try #require(throws: LegalDataError.self) { try WorkingDayCalendar(directory: dir, evesAreNonWorking: true) }
        #expect(error.file == "public-holidays.json")
    }

    @Test("a minimal file loads, and the eves can be rules of every kind")
    func minimalFile() throws {
        let c = try load(#"""
        {"rows": [{"id": "d", "name": "d", "rule": "fixed", "month": 2, "day": 29, "validFrom": "1990-01-01", "validTo": null, "source": "s"}],
         "eves": [{"id": "e", "name": "e", "rule": "saturday-between", "fromMonth": 12, "fromDay": 28, "toMonth": 1, "toDay": 3, "offsetDays": -1, "validFrom": "1990-01-01", "validTo": null, "source": "s"}]}
        """#)
        #expect(try c.holidays(in: 2028) == [NonWorkingDay(date: date("2028-02-29"), name: "d", isEve: false),
                                             NonWorkingDay(date: date("2028-12-29"), name: "e", isEve: true)])
        // 2027-01-01 is the Friday before the Saturday in the window that starts in December 2026.
        #expect(try c.holidays(in: 2027).map(\.date) == [date("2027-01-01"), date("2027-12-31")])
        #expect(try !c.isWorkingDay(date("2027-01-01")))
    }
}
