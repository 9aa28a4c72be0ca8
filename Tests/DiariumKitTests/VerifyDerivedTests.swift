import DiariumKit
import DiariumStore
import Foundation
import Testing

/// `verify` compares every register field with the archived record, the search indexes with the
/// views, and the derived rows with their archived inputs (issue 11): each change made behind
/// Diarium's back is damage.
@Suite("Verify compares every derived row with its source")
struct VerifyDerivedTests {
    /// A store with one of each kind of row, verified intact, then `sql` run behind Diarium's
    /// back; the damage kinds verify reports.
    func tampered(_ sql: String) throws -> [String] {
        let s = try Sandbox()
        let d = s.diarium!
        _ = try d.register(file: Paths.fixture("anbud.txt"), meta: s.meta([
            "secrecy": [["field": "counterparty", "provision": "osl-31-16", "reason": "r"]],
        ]), as: tester)
        _ = try d.importPurchases(Paths.fixture("purchases.csv"), as: tester)
        _ = try d.documentProcurement(procurement(), as: tester)
        _ = try d.reportDeviation(deviation(), as: tester)
        _ = try d.openRequest(accessRequest(), as: tester)
        let clean = try d.verify(as: tester)
        #expect(clean.isIntact, "\(clean.damage)")
        try s.tamper(sql)
        return try d.verify(as: tester).damage.map(\.kind)
    }

    @Test("every register field is compared with the archived record", arguments: [
        "UPDATE document SET public_title = 'Annan' WHERE number = 'RS 2026/0001-1'",
        "UPDATE document SET handler = 'Någon annan' WHERE number = 'RS 2026/0001-1'",
        "UPDATE document SET document_type = 'faktura' WHERE number = 'RS 2026/0001-1'",
        "UPDATE document SET direction = 'outgoing' WHERE number = 'RS 2026/0001-1'",
        "UPDATE document SET registered_by = 'Annan' WHERE number = 'RS 2026/0001-1'",
        "UPDATE document SET registered_at = '2020-01-01T00:00:00Z' WHERE number = 'RS 2026/0001-1'",
        "UPDATE document SET file_name = 'annan.txt' WHERE number = 'RS 2026/0001-1'",
        "UPDATE document SET media_type = 'application/pdf' WHERE number = 'RS 2026/0001-1'",
        "UPDATE document SET size = 1 WHERE number = 'RS 2026/0001-1'",
        "UPDATE \"case\" SET title = 'Annat ärende' WHERE number = 'RS 2026/0001'",
    ])
    func registerFields(_ sql: String) throws {
        #expect(try tampered(sql).contains("document.altered"), "\(sql)")
    }

    @Test("the public index must hold what the public view shows, and nothing else", arguments: [
        "UPDATE search_public SET counterparty = 'Nordisk Sjukvårdsprodukter AB' WHERE rowid = 1",
        "UPDATE search_public SET title = 'Annan rubrik' WHERE rowid = 1",
        "INSERT INTO search_public (rowid, number, title, counterparty, case_title, document_type) VALUES (999, 'x', 'x', 'x', 'x', 'x')",
        "DELETE FROM search_public WHERE rowid = 1",
    ])
    func publicIndex(_ sql: String) throws {
        let kinds = try tampered(sql)
        #expect(kinds.contains("search.public-differs") || kinds.contains("search.orphan") || kinds.contains("search.missing"), "\(sql): \(kinds)")
    }

    @Test("the internal index is compared with the register row")
    func internalIndex() throws {
        #expect(try tampered("UPDATE search_internal SET handler = 'Annan' WHERE rowid = 1").contains("search.internal-differs"))
    }

    @Test("procurement, deviation and request rows are compared with their archived inputs", arguments: [
        ("UPDATE procurement SET value_ore = 100", "procurement.row-altered"),
        ("UPDATE procurement SET unit = 'Annan enhet'", "procurement.row-altered"),
        ("UPDATE procurement SET value_provision = 'osl-31-16'", "procurement.row-altered"),
        ("UPDATE procurement SET allowed = 0", "procurement.row-altered"),
        ("UPDATE deviation SET unit = 'Annan enhet'", "deviation.row-altered"),
        ("UPDATE deviation SET type = 'missing-documentation'", "deviation.row-altered"),
        ("UPDATE access_request SET channel = 'phone'", "request.row-altered"),
        ("UPDATE access_request SET received_on = '2026-01-01'", "request.row-altered"),
    ])
    func derivedRows(sql: String, kind: String) throws {
        #expect(try tampered(sql).contains(kind), "\(sql)")
    }

    @Test("purchase rows are compared with the archived file they were imported from", arguments: [
        ("UPDATE purchase SET amount_ore = 100 WHERE id = 1", "purchase.row-altered"),
        ("UPDATE purchase SET unit = 'Annan' WHERE id = 1", "purchase.row-altered"),
        ("DELETE FROM purchase WHERE id = 1", "purchase.rows-missing"),
        ("UPDATE purchase SET reference = 'X-1' WHERE id = 1", "purchase.not-in-import"),
    ])
    func purchases(sql: String, kind: String) throws {
        #expect(try tampered(sql).contains(kind), "\(sql)")
    }
}

@Suite("Verify catches changed register rows")
struct RowTamperingTests {
    func tampered(_ sql: String) throws -> [String] {
        let s = try Sandbox()
        let meta = s.meta(["secrecy": [["field": "counterparty", "provision": "osl-19-3-2", "reason": "r"]]])
        _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: meta, as: tester)
        #expect(try s.diarium.verify(as: tester).isIntact)
        try s.tamper(sql)
        return try s.diarium.verify(as: tester).damage.map(\.kind)
    }

    @Test("a deleted document row")
    func deleted() throws {
        #expect(try tampered("DELETE FROM secrecy_marking; DELETE FROM document").contains("document.deleted"))
    }

    @Test("an edited title or counterparty")
    func edited() throws {
        #expect(try tampered("UPDATE document SET title = 'Annan rubrik'").contains("document.altered"))
        #expect(try tampered("UPDATE document SET counterparty = 'Annan AB'").contains("document.altered"))
    }

    @Test("a deleted secrecy marking, which would publish a secret")
    func markingDeleted() throws {
        #expect(try tampered("DELETE FROM secrecy_marking").contains("secrecy.markings-altered"))
    }

    @Test("a row pointed at another file")
    func repointed() throws {
        #expect(try tampered("UPDATE document SET object_sha256 = record_sha256").contains("document.altered"))
    }
}
