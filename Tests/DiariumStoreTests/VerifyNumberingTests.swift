import DiariumModel
import DiariumStore
import DiariumSQLite
import Foundation
import Testing

/// `verify` compares the number series with the numbers used: RS 2026/0001 with three
/// documents, RS 2026/0002 and /0003 with one each, RV 2026/0001 with one.
@Suite("Verify: number series")
struct VerifyNumberingTests {
    let t = try! TempStore()

    init() throws {
        let first = try t.add(title: "a")
        try t.add(title: "a2", caseNumber: first.caseNumber)
        try t.add(title: "a3", caseNumber: first.caseNumber)
        try t.add(title: "b")
        try t.add(title: "c")
        try t.add(title: "d", org: "RV")
    }

    @Test("numbers used exactly as the series say are intact")
    func intact() throws {
        #expect(try t.store.verify().isIntact)
    }

    /// Deleting rows needs foreign keys off, as anyone editing the file by hand would have them.
    static let tampering: [(rule: String, sql: String, subject: String)] = [
        ("numbering.series-mismatch", "UPDATE number_series SET last_serial = 2 WHERE prefix = 'RS'", "nummerserien RS 2026"),
        ("numbering.series-mismatch", "UPDATE number_series SET last_serial = 5 WHERE prefix = 'RS'", "nummerserien RS 2026"),
        ("numbering.case-gap", "UPDATE number_series SET last_serial = 5 WHERE prefix = 'RS'", "nummerserien RS 2026"),
        ("numbering.series-missing", "DELETE FROM number_series WHERE prefix = 'RV'", "nummerserien RV 2026"),
        ("numbering.case-gap", """
            DELETE FROM search_public WHERE number = 'RS 2026/0002-1'; DELETE FROM search_internal WHERE number = 'RS 2026/0002-1';
            DELETE FROM document WHERE number = 'RS 2026/0002-1'; DELETE FROM "case" WHERE number = 'RS 2026/0002'
            """, "nummerserien RS 2026"),
        ("numbering.series-mismatch", """
            DELETE FROM document WHERE number = 'RS 2026/0003-1'; DELETE FROM "case" WHERE number = 'RS 2026/0003'
            """, "nummerserien RS 2026"),
        ("numbering.cases-missing", """
            DELETE FROM document WHERE organisation = 'RV'; DELETE FROM "case" WHERE organisation = 'RV'
            """, "nummerserien RV 2026"),
        ("numbering.document-gap", "DELETE FROM document WHERE number = 'RS 2026/0001-2'", "ärendet RS 2026/0001"),
        ("numbering.document-mismatch", "DELETE FROM document WHERE number = 'RS 2026/0001-3'", "ärendet RS 2026/0001"),
        ("numbering.document-mismatch", "UPDATE \"case\" SET last_document_sequence = 2 WHERE number = 'RS 2026/0001'", "ärendet RS 2026/0001"),
        ("numbering.document-gap", "UPDATE document SET sequence = 4 WHERE number = 'RS 2026/0001-3'", "ärendet RS 2026/0001"),
        ("numbering.case-gap", "UPDATE \"case\" SET serial = 4 WHERE number = 'RS 2026/0003'", "nummerserien RS 2026"),
    ]

    @Test("a number series that disagrees with the numbers used is damage", arguments: tampering)
    func tampered(_ c: (rule: String, sql: String, subject: String)) throws {
        try t.tamper("PRAGMA foreign_keys = OFF; " + c.sql)
        let damage = try t.store.verify().damage
        let hit = damage.first { $0.kind == c.rule }
        #expect(hit?.subject == c.subject, "\(damage)")
        #expect(hit.map { !$0.message.isEmpty } ?? false)
    }

    @Test("a gap names the missing numbers")
    func gapNamesNumbers() throws {
        try t.tamper("PRAGMA foreign_keys = OFF; DELETE FROM document WHERE number = 'RS 2026/0001-2'")
        let gap = try #require(try t.store.verify().damage.first { $0.kind == "numbering.document-gap" })
        #expect(gap.message.contains("RS 2026/0001-2"))
        try t.tamper("UPDATE number_series SET last_serial = 4 WHERE prefix = 'RS'")
        let cases = try #require(try t.store.verify().damage.first { $0.kind == "numbering.case-gap" })
        #expect(cases.message.contains("RS 2026/0004"))
    }
}
