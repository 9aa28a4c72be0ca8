import DiariumModel
import DiariumRender
import DiariumXML
import Foundation
import Testing

@Suite("Escaping by Unicode scalar")
struct EscapingTests {
    @Test("markup characters become entities even when a combining mark follows", arguments: [
        ("\"\u{301}", "&quot;\u{301}"), ("<\u{338}", "&lt;\u{338}"), ("&\u{301}", "&amp;\u{301}"),
        ("'", "&#39;"), (">", "&gt;"), ("a\nb", "a&#10;b"), ("\t", "&#9;"), ("\u{1}\u{B}\u{7F}\u{85}", "\u{FFFD}\u{FFFD}\u{FFFD}\u{FFFD}"),
        ("åäö", "åäö"),
        // What is replaced, found in UTF-8 among text that needs nothing (C1 is C2 80…9F,
        // U+FFFE/U+FFFF are EF BF BE/BF), and its neighbours, which stay.
        ("a\u{80}b", "a\u{FFFD}b"), ("\u{9F}", "\u{FFFD}"), ("\u{A0}ÿ\u{7FF}", "\u{A0}ÿ\u{7FF}"), ("x\u{FFFE}", "x\u{FFFD}"),
        ("\u{FFFF}y", "\u{FFFD}y"), ("\u{FFFD}\u{FEFF}\u{EFFF}\u{1FFFE}\u{10FFFF}", "\u{FFFD}\u{FEFF}\u{EFFF}\u{1FFFE}\u{10FFFF}"),
        ("a\u{0}b\rc", "a\u{FFFD}b&#13;c"), ("Gel & Gäng", "Gel &amp; Gäng"), ("", ""),
    ])
    func escapes(_ input: String, _ expected: String) {
        #expect(XMLEscaping.escape(input).unicodeScalars.elementsEqual(expected.unicodeScalars))
    }

    static let hostileTitle = "x\"\u{301} onmouseover=alert(1) y=\"\u{301} <\u{338}script>alert(2)</script> &\u{301} \u{1}\u{8}\u{1B}[2J slut"

    @Test("a hostile title renders well-formed, schema-valid XML in both views")
    func hostileXML() throws {
        let r = try Repo.renderer()
        let schema = try Repo.schema("registration")
        for audience in Audience.allCases {
            let xml = try r.registration(entry(title: Self.hostileTitle, counterparty: Self.hostileTitle), for: audience, as: .xml)
            let doc = try HardenedXMLParser.parse(Data(xml.utf8))
            #expect(schema.validate(doc).isEmpty, "\(audience)")
            #expect(doc.textContent().contains("onmouseover=alert(1)"), "the text survives as text")
        }
    }

    @Test("a hostile title injects no attribute or element into the HTML")
    func hostileHTML() throws {
        let r = try Repo.renderer()
        let safe = try r.registration(entry(), for: .full, as: .html)
        let html = try r.registration(entry(title: Self.hostileTitle, counterparty: Self.hostileTitle), for: .full, as: .html)
        let names = HTMLText.attributeNames(Data(html.utf8))
        #expect(!names.contains { $0.lowercased().hasPrefix("on") }, "\(names)")
        #expect(names.sorted() == HTMLText.attributeNames(Data(safe.utf8)).sorted())
        #expect(!html.contains("<script"))
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test("the terminal view strips control characters that could rewrite the screen")
    func terminal() throws {
        let text = try Repo.renderer().registration(entry(title: Self.hostileTitle), for: .full, as: .text)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x01 })
    }

    @Test("a template with unescaped output is refused at load time")
    func tripleMustache() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "<p>{{{title}}}</p>".write(to: dir.appendingPathComponent("bad.html.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: TemplateError.self) { try TemplateSet(directory: dir) }
        try "<p>{{&title}}</p>".write(to: dir.appendingPathComponent("bad.html.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: TemplateError.self) { try TemplateSet(directory: dir) }
    }

    @Test("every template in the repository loads")
    func repositoryTemplates() throws {
        let names = try TemplateSet(directory: Repo.templates).names
        #expect(names.isSuperset(of: ["registration.xml", "registration.html", "registration.txt", "partials/maskable.xml"]))
    }
}
