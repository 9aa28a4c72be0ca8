import DiariumModel
import Foundation
import Testing

@Suite("Value types")
struct ValueTypeTests {
    @Test("organisationsnummer: Luhn, digits 3–4 at least 20, the 10-digit form", arguments: [
        ("232100-0032", true), ("2321000032", true), ("232100-0172", true), ("556123-4567", true),
        ("232100-0033", false), ("231200-0030", false), ("23210-00032", false), ("232100+0032", false),
        ("", false), ("abcdef-ghij", false), ("232100-00321", false),
    ])
    func organisationNumber(_ text: String, _ valid: Bool) {
        #expect((OrganisationNumber(parsing: text) != nil) == valid)
    }

    @Test("the group digit of a region's number is 2")
    func group() throws {
        #expect(try #require(OrganisationNumber(parsing: "232100-0032")).group == 2)
        #expect(try #require(OrganisationNumber(parsing: "2321000032")).description == "232100-0032")
    }

    @Test("dates: exactly YYYY-MM-DD and a real calendar day", arguments: [
        ("2026-11-24", true), ("2028-02-29", true), ("2000-02-29", true), ("2026-02-29", false), ("1900-02-29", false),
        ("2026-13-01", false), ("2026-00-10", false), ("2026-04-31", false), ("26-11-24", false), ("2026-1-24", false),
        ("2026-11-24T00:00", false), (" 2026-11-24", false), ("1899-12-31", false), ("２０２６-11-24", false),
    ])
    func dates(_ text: String, _ valid: Bool) {
        #expect((CivilDate(parsing: text) != nil) == valid)
    }

    @Test("a date prints as YYYY-MM-DD with zeros, a year outside four digits as printf's %04d", arguments: [
        (1900, 1, 1, "1900-01-01"), (2026, 11, 24, "2026-11-24"), (2199, 12, 31, "2199-12-31"), (2028, 2, 29, "2028-02-29"),
        (5, 3, 7, "0005-03-07"), (987, 10, 9, "0987-10-09"), (0, 1, 1, "0000-01-01"), (-1, 12, 31, "-001-12-31"), (12345, 6, 1, "12345-06-01"),
    ])
    func dateText(_ year: Int, _ month: Int, _ day: Int, _ text: String) {
        // Years outside `supportedYears` come only from day arithmetic.
        let d = CivilDate(daysSinceEpoch: CivilDate.daysSinceEpoch(year: year, month: month, day: day))
        #expect(d.description == text)
    }

    @Test("a timestamp for people is Swedish local time to the minute", arguments: [
        ("2026-11-24T09:14:59Z", "2026-11-24 10:14"), ("2026-07-01T22:30:00Z", "2026-07-02 00:30"),
        ("2026-03-29T00:59:00Z", "2026-03-29 01:59"), ("2026-03-29T01:00:00Z", "2026-03-29 03:00"), ("not a time", "not a time"),
    ])
    func swedishLocal(_ iso: String, _ local: String) {
        #expect(Timestamp.swedishLocal(iso) == local)
    }

    @Test("day arithmetic and weekdays round-trip")
    func dayArithmetic() throws {
        let d = try #require(CivilDate(parsing: "2026-11-24"))
        #expect(d.isoWeekday == 2) // a Tuesday
        #expect(d.adding(days: 7).description == "2026-12-01")
        #expect(CivilDate(daysSinceEpoch: d.daysSinceEpoch) == d)
        #expect(try #require(CivilDate(parsing: "1970-01-01")).daysSinceEpoch == 0)
        #expect(try #require(CivilDate(parsing: "2024-12-31")).adding(days: 1).description == "2025-01-01")
    }

    @Test("amounts: kronor as strings, at most two decimals, exact in öre", arguments: [
        ("245000", 24_500_000 as Int64?), ("245000.50", 24_500_050), ("245000.5", 24_500_050), ("0", 0),
        ("699999.99", 69_999_999), ("-1", nil), ("1e5", nil), ("245 000", nil), ("245000,50", nil),
        ("1.234", nil), ("", nil), (".5", nil), ("5.", nil), ("1000000000000", nil), ("999999999999.99", 99_999_999_999_999),
    ])
    func amounts(_ text: String, _ ore: Int64?) {
        #expect(Amount(parsing: text)?.ore == ore)
    }

    @Test("amounts print in contract and Swedish form")
    func amountFormats() throws {
        let a = try #require(Amount(parsing: "259500.5"))
        #expect(a.description == "259500.50")
        #expect(a.swedish == "259\u{00A0}500,50 kr")
        #expect(try #require(Amount(parsing: "700000")).swedish == "700\u{00A0}000 kr")
    }

    @Test("case and document numbers parse and print with four-digit serials")
    func numbers() throws {
        let c = try #require(CaseNumber(parsing: "RS 2026/0042"))
        #expect(c.description == "RS 2026/0042")
        #expect(try #require(CaseNumber(parsing: "RS 2026/42")).description == "RS 2026/0042")
        #expect(try #require(CaseNumber(prefix: "IN", year: 2026, serial: 12345)).description == "IN 2026/12345")
        let d = try #require(DocumentNumber(parsing: "RS 2026/0042-3"))
        #expect(d.caseNumber == c && d.sequence == 3)
        for bad in ["rs 2026/0042", "RS 2026/0042/1", "RS2026/0042", "RS 26/0042", "RS 2026/0", "../RS 2026/0001", "RS 2026/0042-0", "RS 2026/0042-"] {
            #expect(CaseNumber(parsing: bad) == nil && DocumentNumber(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("field paths: keys and indexes only", arguments: [
        ("counterparty", true), ("tenders[1].amount", true), ("a.b[2][3].c", true), ("content", true),
        ("", false), ("tenders[-1].amount", false), ("tenders[].amount", false), ("a..b", false), ("a.", false),
        ("../etc", false), ("a b", false), ("1abc", false), ("a[1", false),
    ])
    func fieldPaths(_ text: String, _ valid: Bool) {
        let p = FieldPath(parsing: text)
        #expect((p != nil) == valid)
        if let p { #expect(p.description == text) }
    }

    @Test("digits with combining marks are not digits")
    func combiningDigits() {
        let tricky = String(repeating: "0\u{301}", count: 10)
        #expect(OrganisationNumber(parsing: tricky) == nil)
        #expect(CivilDate(parsing: "2\u{301}026-11-24") == nil)
    }
}

@Suite("Text-coded values")
struct TextCodableTests {
    struct Row: Codable, Equatable {
        let amount: Amount
        let date: CivilDate
        let orgnr: OrganisationNumber
        let document: DocumentNumber
        let field: FieldPath
    }

    @Test("values round-trip through JSON as their contract strings")
    func roundTrip() throws {
        let json = #"{"amount":"259500.50","date":"2026-11-24","document":"RS 2026/0042-3","field":"tenders[1].amount","orgnr":"232100-0032"}"#
        let row = try JSONDecoder().decode(Row.self, from: Data(json.utf8))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(String(decoding: try encoder.encode(row), as: UTF8.self) == json)
    }

    @Test("decoding refuses what parsing refuses", arguments: [
        #""amount":"1e5""#, #""date":"2026-02-30""#, #""orgnr":"232100-0033""#, #""document":"RS 2026/0042""#, #""field":"a..b""#,
    ])
    func invalid(_ bad: String) {
        var fields = [#""amount":"1""#, #""date":"2026-11-24""#, #""orgnr":"232100-0032""#, #""document":"RS 2026/0042-3""#, #""field":"a""#]
        let key = bad.split(separator: ":")[0]
        fields = fields.map { $0.hasPrefix(key) ? bad : $0 }
        let json = "{" + fields.joined(separator: ",") + "}"
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Row.self, from: Data(json.utf8)) }
    }
}

@Suite("Supplier numbers")
struct SupplierNumberTests {
    @Test("an organisation number is accepted with the 16 prefix and normalised to ten digits", arguments: [
        "16556677-1233", "165566771233", "556677-1233", "5566771233",
    ])
    func sixteenPrefix(_ text: String) throws {
        let n = try #require(OrganisationNumber(parsing: text))
        #expect(n.description == "556677-1233" && !n.isSoleTrader && n.group == 5)
    }

    @Test("a sole trader's personnummer is accepted, date and check digit checked, with its century", arguments: [
        ("19811218-9876", "19811218-9876"), ("198112189876", "19811218-9876"), ("811218-9876", "19811218-9876"),
        ("8112189876", "19811218-9876"), ("121212+1212", "19121212-1212"), ("19811278-9873", "19811278-9873"),
    ])
    func soleTrader(text: String, expected: String) throws {
        let n = try #require(OrganisationNumber(parsing: text), "\(text)")
        #expect(n.isSoleTrader && n.description == expected && n.group == 0)
    }

    @Test("a number with a bad date, check digit or shape is refused", arguments: [
        "19811318-9876", "19811232-9876", "19811218-9875", "811218-9875", "556677-1234", "16556677-1234",
        "1655667-71233", "18811218-98760", "", "556677 1233", "20991301-1234",
    ])
    func refused(_ text: String) {
        #expect(OrganisationNumber(parsing: text) == nil, "\(text)")
    }
}
