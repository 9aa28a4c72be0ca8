@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import DiariumXML
import Foundation
import Testing

/// Marker strings planted in every secret field of a registration (SecrecyPlanting.swift); every
/// public output of the whole flow is scanned for them.
@Suite("Secrets never leak")
struct SecrecyTests {
    let s = try! Sandbox()

    @Test("the public record in every format holds no secret value")
    func show() throws {
        let r = try registerSecret()
        for f in ShowFormat.allCases {
            assertClean(try s.diarium.show(r.document, audience: .public, format: f, as: tester), "show --public --format \(f)")
        }
        let full = try s.diarium.show(r.document, audience: .full, format: .xml, as: tester)
        for m in [Self.counterparty, Self.title, Self.reason, Self.fileName] { #expect(full.contains(m)) }
    }

    @Test("public search finds the document by its public fields, and no hit or snippet holds a secret")
    func search() throws {
        let r = try registerSecret()
        for q in ["anbud", "ultraljudsgel", Self.counterparty, Self.title, Self.content, "MARKÖR*", "rabattstege", ""] {
            let hits = try s.diarium.search(SearchQuery(text: q), scope: .public, as: tester)
            assertClean(String(decoding: try JSONEncoder().encode(hits), as: UTF8.self), "public search \(q)")
            if q.hasPrefix("MARKÖR") || q == "rabattstege" { #expect(hits.isEmpty, "\(q)") }
        }
        #expect(try s.diarium.search(SearchQuery(text: "anbud"), scope: .public, as: tester).map(\.document) == [r.document])
        #expect(try s.diarium.search(SearchQuery(text: Self.counterparty), scope: .internal, as: tester).map(\.document) == [r.document])
    }

    @Test("errors about secret fields and the audit log hold no secret value")
    func errorsAndLog() throws {
        _ = try registerSecret()
        do {
            _ = try s.diarium.register(file: s.file("x.txt", "x"), meta: s.meta([
                "counterparty": Self.counterparty + String(repeating: "x", count: 300), "date": Self.title,
                "secrecy": [["field": "counterparty", "provision": "osl-19-3-2", "reason": Self.reason]],
            ]), as: tester)
            Issue.record("accepted")
        } catch {
            assertClean(error.description, "error")
        }
        for e in try s.diarium.store.auditEvents(limit: 100) {
            assertClean(e.detail + (e.subject ?? ""), "audit event \(e.id)")
        }
    }

    @Test("a secret counterparty written into the title is refused, not published")
    func secretInTitle() throws {
        do {
            _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta([
                "counterparty": "Nordisk Sjukvårdsprodukter AB", "title": "Anbud från Nordisk Sjukvårdsprodukter AB",
                "secrecy": [["field": "counterparty", "provision": "osl-19-3-2", "reason": "r"]],
            ]), as: tester)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map(\.rule).contains("secrecy.value-in-public-field"))
        }
    }
}

@Suite("Escaping end to end")
struct EscapingEndToEndTests {
    @Test("a title with \" + U+0301 and < + U+0338 gives well-formed XML and no injected attribute")
    func hostileTitle() throws {
        let s = try Sandbox()
        let title = "x\"\u{301} onmouseover=alert(1) y=\"\u{301} <\u{338}img src=x onerror=alert(2)>"
        let r = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["title": title, "secrecy": []]), as: tester)
        let validator = XMLValidator(home: Paths.home)
        for audience in [Audience.full, .public] {
            let xml = s.file("r-\(audience).xml", try s.diarium.show(r.document, audience: audience, format: .xml, as: tester))
            #expect(try validator.validate(file: xml, schema: "registration").problems.isEmpty)
            let html = try s.diarium.show(r.document, audience: audience, format: .html, as: tester)
            #expect(!HTMLText.attributeNames(Data(html.utf8)).contains { $0.hasPrefix("on") })
            // Literal search: Swift's == and contains treat "<" + U+0338 and "≮" as equal.
            #expect(html.range(of: "<img", options: .literal) == nil)
        }
    }
}

@Suite("Control and invisible characters")
struct ControlCharacterTests {
    @Test("a control character in a title is refused by field and rule, and nothing is registered", arguments: ["\u{0}", "\u{1}", "\u{1B}[2J"])
    func controlInTitle(_ control: String) throws {
        let s = try Sandbox()
        do {
            _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["title": "Anbud \(control)avseende gel"]), as: tester)
            Issue.record("a title with a control character was accepted")
        } catch {
            #expect(error.problems.map(\.field) == ["title"])
            #expect(error.problems.map(\.rule) == ["text.control-character"])
        }
        #expect(try s.diarium.search(SearchQuery(text: "anbud"), scope: .internal, as: tester).isEmpty)
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test("an invisible character in a one-line field is refused; in free text it is dropped")
    func invisible() throws {
        let s = try Sandbox()
        do {
            _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["counterparty": "Kemi\u{200B}konsult AB"]), as: tester)
            Issue.record("a counterparty with a zero-width space was accepted")
        } catch {
            #expect(error.problems.map(\.rule) == ["text.invisible-character"])
        }
    }

    @Test("a trailing space does not make a secret value another value")
    func trailingSpace() throws {
        let s = try Sandbox()
        do {
            _ = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta([
                "counterparty": "Kemikonsult Norden AB ", "title": "Anbud från Kemikonsult Norden AB",
                "secrecy": [["field": "counterparty", "provision": "osl-31-16", "reason": "Affärsförhållanden"]],
            ]), as: tester)
            Issue.record("a title naming the secret counterparty was accepted")
        } catch {
            #expect(error.problems.map(\.rule) == ["secrecy.value-in-public-field"])
            #expect(error.problems.map(\.field) == ["title"])
        }
        #expect(try s.diarium.search(SearchQuery(text: "Kemikonsult"), scope: .public, as: tester).isEmpty)
    }
}
