import DiariumKit
import DiariumModel
import Foundation
import Testing

/// Bad input of every kind: exit 1's error names the field and the rule, and the store is
/// byte for byte as before: no object, no row, no number used up.
@Suite("Bad input loses nothing")
struct BadInputTests {
    static let metaCases: [(String, [String: String?], String, String)] = [
        ("wrong type", ["title": "42"], "title", "type.string"),
        ("unknown key", ["titel": "\"x\""], "titel", "unknown-key"),
        ("missing key", ["handler": nil], "handler", "required"),
        ("invalid date", ["date": "\"2026-02-30\""], "date", "date.invalid"),
        ("date in the future", ["date": "\"2026-11-25\""], "date", "date.in-future"),
        ("organisation not in config", ["organisation": "\"XX\""], "organisation", "organisation.unknown"),
        ("case that does not exist", ["case": "\"RS 2026/0999\"", "caseTitle": nil], "case", "case.not-found"),
        ("case path trick", ["case": "\"../../RS 2026/0001\"", "caseTitle": nil], "case", "case-number.invalid"),
        ("case title for an existing case", ["case": "\"RS 2026/0001\""], "caseTitle", "case-title.only-for-new-case"),
        ("over-long field", ["counterparty": "\"" + String(repeating: "ö", count: 301) + "\""], "counterparty", "text.max-length"),
        ("unknown provision", ["secrecy": #"[{"field": "content", "provision": "osl-1-1", "reason": "r"}]"#], "secrecy[0].provision", "provision.unknown"),
        ("unknown document type", ["documentType": "\"hemlis\""], "documentType", "document-type.unknown"),
        ("injection string", ["direction": "\"incoming'; DROP TABLE document; --\""], "direction", "code.unknown"),
    ]

    @Test("metadata problems", arguments: metaCases)
    func meta(_ name: String, _ changes: [String: String?], _ field: String, _ rule: String) throws {
        let s = try Sandbox()
        _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["secrecy": []]), as: tester)
        var applied: [String: Any?] = [:]
        for (k, v) in changes {
            applied.updateValue(v.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed) }, forKey: k)
        }
        let before = try s.snapshot()
        do {
            _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(applied), as: tester)
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.isUserError)
            #expect(error.problems.contains { $0.field == field && $0.rule == rule }, "\(name): \(error.problems)")
        }
        #expect(try s.snapshot() == before, "\(name): the store changed")
        #expect(try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(), as: tester).case == "RS 2026/0002",
                "\(name): a number was used up")
    }

    static let fileCases: [(String, String, String)] = [
        ("xxe.xml", "file", "xml.doctype-not-allowed"),
        ("bomb.xml", "file", "xml.doctype-not-allowed"),
        ("malformed.xml", "file", "xml.malformed"),
        ("no-such-file.pdf", "file", "file.not-found"),
        (".", "file", "file.is-directory"),
    ]

    @Test("file problems", arguments: fileCases)
    func file(_ name: String, _ field: String, _ rule: String) throws {
        let s = try Sandbox()
        let before = try s.snapshot()
        do {
            _ = try s.diarium.register(file: Paths.fixture(name), meta: s.meta(), as: tester)
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.problems.contains { $0.field == field && $0.rule == rule }, "\(name): \(error.problems)")
        }
        #expect(try s.snapshot() == before)
    }

    @Test("malformed XML names the line; with secret content, no text of the file is quoted")
    func malformedLine() throws {
        let s = try Sandbox()
        do {
            _ = try s.diarium.register(file: Paths.fixture("malformed.xml"), meta: s.meta(), as: tester)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.first?.message.hasPrefix("rad 4") == true, "\(error.problems)")
            #expect(!error.description.contains("HEMLIGT-PRIS") && !error.description.contains("leverans"))
        }
        do {
            _ = try s.diarium.register(file: Paths.fixture("malformed.xml"), meta: s.meta(["secrecy": []]), as: tester)
            Issue.record("accepted")
        } catch {
            #expect(error.description.contains("leverans"), "libxml2's detail is given when nothing is secret")
        }
    }

    @Test("an empty file, a device and a FIFO are refused")
    func special() throws {
        let s = try Sandbox()
        let empty = s.file("tom.txt", "")
        #expect(throws: DiariumError.self) { try s.diarium.register(file: empty, meta: s.meta(), as: tester) }
        #expect(throws: DiariumError.self) { try s.diarium.register(file: URL(fileURLWithPath: "/dev/zero"), meta: s.meta(), as: tester) }
        let fifo = s.dir.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        do {
            _ = try s.diarium.register(file: fifo, meta: s.meta(), as: tester)
            Issue.record("accepted a FIFO")
        } catch {
            #expect(error.problems.map(\.rule) == ["file.not-regular"])
        }
    }

    @Test("metadata and file problems are reported together")
    func together() throws {
        let s = try Sandbox()
        do {
            _ = try s.diarium.register(file: Paths.fixture("bomb.xml"), meta: s.meta(["date": "igår"]), as: tester)
            Issue.record("accepted")
        } catch {
            #expect(Set(error.problems.map(\.field)) == ["date", "file"])
        }
    }
}
