import DiariumKit
import DiariumModel
import Foundation
import Testing

/// What a registration may hold where the public can read it (a new case's title, the file name, an
/// existing case's public title) and how long a field may be; each refused registration stores nothing.
@Suite("Registration input: public titles, file names and lengths")
struct RegistrationInputTests {
    let s = try! Sandbox()
    let secretTitle: [String: Any?] = [
        "title": "Anbud från Leverantören",
        "publicTitle": "Anbud",
        "secrecy": [["field": "title", "provision": "osl-19-3-2", "reason": "r"]],
    ]

    func rejected(_ meta: Data, file: URL = Paths.fixture("anbud.txt")) -> [String] {
        do {
            _ = try s.diarium.register(file: file, meta: meta, as: tester)
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
        let first = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["caseTitle": "Inköp från Acme AB", "secrecy": []]), as: tester)
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
}
