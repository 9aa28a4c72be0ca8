import DiariumKit
import DiariumModel
import DiariumStore
import Foundation
import GRDB
import Testing

/// Holes found in review, each closed, each with its test.
@Suite("Review findings")
struct ReviewFindingsTests {
    let s = try! Sandbox()
    let secretTitle: [String: Any?] = [
        "title": "Anbud från Leverantören",
        "publicTitle": "Anbud",
        "secrecy": [["field": "title", "provision": "osl-19-3-2", "reason": "r"]],
    ]

    func rejected(_ meta: Data, file: URL = Paths.fixture("anbud.txt")) -> [String] {
        do {
            _ = try s.diarium.register(file: file, meta: meta)
            return []
        } catch {
            return error.problems.map { "\($0.field) \($0.rule)" }
        }
    }

    @Test("a blank caseTitle is refused; a new case never borrows the (secret) title")
    func blankCaseTitle() {
        var changes = secretTitle
        changes["caseTitle"] = "   "
        #expect(rejected(s.meta(changes)) == ["caseTitle case-title.required-for-new-case"])
    }

    @Test("a file name holding a secret value is refused, as the name is public")
    func fileName() {
        let file = s.file("Anbud från Leverantören.pdf", "x")
        #expect(rejected(s.meta(secretTitle), file: file) == ["file secrecy.value-in-public-field"])
        var contentSecret = secretTitle
        contentSecret["secrecy"] = [["field": "title", "provision": "osl-19-3-2", "reason": "r"],
                                    ["field": "content", "provision": "osl-31-16", "reason": "r"]]
        #expect(rejected(s.meta(contentSecret), file: file).isEmpty, "with secret content the name is withheld anyway")
    }

    @Test("an existing case whose public title holds the new secret is refused")
    func existingCaseTitle() throws {
        let first = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["caseTitle": "Inköp från Acme AB", "secrecy": []]))
        let meta = s.meta(["case": first.case, "caseTitle": nil, "counterparty": "Acme AB",
                           "secrecy": [["field": "counterparty", "provision": "osl-19-3-2", "reason": "r"]]])
        #expect(rejected(meta) == ["case secrecy.value-in-public-field"])
    }

    @Test("length limits count Unicode scalars: a + 3 000 combining marks is too long, and nothing is stored")
    func combiningMarks() throws {
        let before = try s.snapshot()
        let title = "a" + String(repeating: "\u{301}", count: 3000)
        #expect(rejected(s.meta(["title": title, "secrecy": []])) == ["title text.max-length"])
        #expect(try s.snapshot() == before)
    }

    @Test("an archived object cut short by a crash is written again")
    func shortObject() throws {
        let data = Data("hela innehållet".utf8)
        let sha = SHA256Hex.of(data)
        let url = s.diarium.store.objects.url(for: sha)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: url)
        try s.diarium.store.objects.put(data, sha256: sha, durability: .immediate)
        #expect(try Data(contentsOf: url) == data)
    }

    @Test("digits with combining marks are not digits")
    func combiningDigits() {
        let tricky = String(repeating: "0\u{301}", count: 10)
        #expect(OrganisationNumber(parsing: tricky) == nil)
        #expect(CivilDate(parsing: "2\u{301}026-11-24") == nil)
    }

    @Test("a duplicate key is echoed without control characters")
    func duplicateKeyEcho() throws {
        let json = "{\"a\u{1B}[2J\": 1, \"a\u{1B}[2J\": 2}"
        do {
            _ = try Registration.decode(Data(json.utf8))
            Issue.record("accepted")
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.value == 0x1B })
        }
    }
}

@Suite("Verify catches changed register rows")
struct RowTamperingTests {
    func tampered(_ sql: String) throws -> [String] {
        let s = try Sandbox()
        let meta = s.meta(["secrecy": [["field": "counterparty", "provision": "osl-19-3-2", "reason": "r"]]])
        _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: meta)
        #expect(try s.diarium.verify().isIntact)
        let q = try DatabaseQueue(path: s.storeURL.appendingPathComponent("diarium.sqlite").path)
        try q.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA foreign_keys = OFF; " + sql) }
        return try s.diarium.verify().damage.map(\.kind)
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
