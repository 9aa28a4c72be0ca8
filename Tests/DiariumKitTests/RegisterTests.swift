@_spi(Tools) import DiariumKit
import DiariumRender
import DiariumModel
import DiariumStore
import Foundation
import Testing

@Suite("Register, show and search")
struct RegisterTests {
    let s = try! Sandbox()

    @Test("the v1 example registers: a new case, a numbered document, the file archived")
    func example() throws {
        let file = Paths.fixture("anbud.txt")
        let receipt = try s.diarium.register(file: file, meta: s.meta(), as: tester)
        #expect(receipt.case == "RS 2026/0001")
        #expect(receipt.document == "RS 2026/0001-1")
        #expect(receipt.sha256 == SHA256Hex.of(try Data(contentsOf: file)))
        #expect(try s.diarium.store.objects.read(receipt.sha256) == Data(contentsOf: file))
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test("a second document in the same case gets the next document number")
    func existingCase() throws {
        let first = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(), as: tester)
        let second = try s.diarium.register(file: Paths.fixture("anbud.xml"), meta: s.meta(["case": first.case, "caseTitle": nil]), as: tester)
        let third = try s.diarium.register(file: Paths.fixture("svar.html"), meta: s.meta(), as: tester)
        #expect(second.document == "RS 2026/0001-2")
        #expect(third.document == "RS 2026/0002-1")
    }

    @Test("show prints every format in both views; the full XML is the archived record", arguments: ShowFormat.allCases)
    func show(_ format: ShowFormat) throws {
        let r = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(), as: tester)
        let full = try s.diarium.show(r.document, audience: .full, format: format, as: tester)
        let pub = try s.diarium.show(r.document, audience: .public, format: format, as: tester)
        #expect(full.contains("RS 2026/0001-1") && pub.contains("RS 2026/0001-1"))
        #expect(full.contains(r.sha256))
        #expect(!pub.contains(r.sha256), "content is secret in the example, so its hash is withheld")
        if format == .xml {
            let stored = try s.diarium.store.document(#require(.init(parsing: r.document)))
            #expect(SHA256Hex.of(full) == stored.recordSHA256)
        }
    }

    @Test("a number that is not there, or not a number, is refused")
    func showMissing() {
        #expect(throws: DiariumError.self) { try s.diarium.show("RS 2026/0999-1", audience: .full, format: .text, as: tester) }
        #expect(throws: DiariumError.self) { try s.diarium.show("../../etc/passwd", audience: .full, format: .text, as: tester) }
    }

    @Test("internal search finds text inside XML, HTML and plain text; public search does not")
    func fileText() throws {
        let noSecrecy: [String: Any?] = ["secrecy": []]
        _ = try s.diarium.register(file: Paths.fixture("anbud.xml"), meta: s.meta(noSecrecy.merging(["title": "XML-anbud"]) { $1 }), as: tester)
        _ = try s.diarium.register(file: Paths.fixture("svar.html"), meta: s.meta(noSecrecy.merging(["title": "Svar på förfrågan"]) { $1 }), as: tester)
        _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(noSecrecy.merging(["title": "Textanbud"]) { $1 }), as: tester)
        func titles(_ q: String, _ scope: SearchScope) throws -> [String] {
            try s.diarium.search(SearchQuery(text: q), scope: scope, as: tester).map(\.title)
        }
        #expect(try titles("rabattstege", .internal) == ["XML-anbud"])
        #expect(try titles("förfrågningsunderlaget", .internal) == ["Svar på förfrågan"])
        #expect(try titles("259", .internal) == ["Textanbud"])
        #expect(try titles("SKRIPT", .internal).isEmpty, "script content is not text")
        #expect(try titles("rabattstege", .public).isEmpty)
        #expect(try titles("ultraljudsgel", .public).count == 3, "the case title is public")
    }

    @Test("search refuses unknown filters with the field and the rule")
    func searchFilters() {
        for (q, rule) in [(SearchQuery(text: "x", organisation: "XX"), "organisation.unknown"),
                          (SearchQuery(text: "x", documentType: "hemligt"), "document-type.unknown"),
                          (SearchQuery(text: "!!!"), "query.no-words"),
                          (SearchQuery(text: "x", from: CivilDate(parsing: "2026-12-01"), to: CivilDate(parsing: "2026-01-01")), "date-range.order")] {
            do {
                _ = try s.diarium.search(q, scope: .internal, as: tester)
                Issue.record("accepted \(q)")
            } catch {
                #expect(error.problems.map(\.rule) == [rule])
            }
        }
    }

    @Test("every registration writes a hash-chained audit event without the title")
    func audit() throws {
        let r = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(), as: tester)
        let event = try #require(try s.diarium.store.auditEvents(limit: 1).first)
        #expect(event.action == "register" && event.subject == r.document && event.actor == "Test Testsson")
        #expect(event.detail.contains(r.sha256))
        #expect(!event.detail.contains("ultraljudsgel"))
    }

    @Test("batch registration numbers every document and keeps the store intact")
    func batch() throws {
        let requests = (0..<25).map { i in
            RegistrationRequest(file: s.file("b\(i).txt", "dokument \(i)"), meta: s.meta(["title": "Batch \(i)", "secrecy": []]))
        }
        var progress: [Int] = []
        let receipts = try s.diarium.registerBatch(requests, batchSize: 10, as: tester) { progress.append($0) }
        #expect(progress == [10, 20, 25])
        #expect(Set(receipts.map(\.document)).count == 25)
        #expect(receipts.last?.case == "RS 2026/0025")
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test("one bad request refuses the whole batch, naming it")
    func batchRejected() throws {
        let good = RegistrationRequest(file: s.file("g.txt", "g"), meta: s.meta())
        let bad = RegistrationRequest(file: s.file("b.txt", "b"), meta: s.meta(["date": "2026-02-30"]))
        let before = try s.snapshot()
        do {
            _ = try s.diarium.registerBatch([good, bad], as: tester)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.field) == ["[1].date"])
        }
        #expect(try s.snapshot() == before)
    }
}
