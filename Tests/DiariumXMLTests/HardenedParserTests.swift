import DiariumXML
import Foundation
import Testing

@Suite("Hardened XML parser")
struct HardenedParserTests {
    func parse(_ s: String) throws(XMLRejection) -> ParsedXMLDocument {
        try HardenedXMLParser.parse(Data(s.utf8))
    }

    @Test("a well-formed document parses, with its root and text")
    func wellFormed() throws {
        let doc = try parse("<?xml version=\"1.0\"?>\n<a xmlns=\"urn:x:1\"><b>Hej å</b><c><![CDATA[ö < ä]]></c></a>")
        #expect(doc.rootName == "a")
        #expect(doc.rootNamespace == "urn:x:1")
        #expect(words(doc.textContent()) == "Hej å ö < ä")
    }

    static let hostile: [(String, String)] = [
        ("internal DTD", "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ELEMENT a ANY>]>\n<a/>"),
        ("external entity (XXE)", "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<a>&e;</a>"),
        ("external DTD", "<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"http://example.invalid/a.dtd\">\n<a/>"),
        ("parameter entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]>\n<a/>"),
        ("billion laughs", """
            <?xml version="1.0"?>
            <!DOCTYPE l [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
            <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
            <l>&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;</l>
            """),
    ]

    @Test("documents with a DTD are refused whatever it holds", arguments: hostile)
    func refusesDTD(_ name: String, _ xml: String) {
        #expect(throws: XMLRejection.self, "\(name)") { try parse(xml) }
        do { _ = try parse(xml) } catch {
            #expect(error.reason == .doctypeNotAllowed)
            #expect(!error.issues.contains { $0.message.contains("root:") }, "no file content may appear")
        }
    }

    @Test("an external entity is never expanded")
    func xxeNotExpanded() {
        do {
            _ = try parse("<?xml version=\"1.0\"?>\n<!DOCTYPE a [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<a>&e;</a>")
            Issue.record("accepted")
        } catch {
            #expect(error.reason == .doctypeNotAllowed)
            #expect(error.line == 2 || error.line == 3 || error.line == 1)
        }
    }

    static let malformed: [(String, Int)] = [
        ("<a>\n<b>\n</a>", 3),
        ("<a>&undefined;</a>", 1),
        ("<a>\n\n<b attr=\"1\" attr=\"2\"/></a>", 3),
        ("<a><b></a>", 1),
        ("<a/>trailing", 1),
        ("<p:a/>", 1),
    ]

    @Test("malformed markup is refused with the line it is on", arguments: malformed)
    func malformedWithLine(_ xml: String, _ line: Int) {
        do {
            _ = try parse(xml)
            Issue.record("accepted \(xml)")
        } catch {
            #expect(error.reason == .malformed)
            #expect(error.line == line, "\(error.issues)")
        }
    }

    @Test("a DTD after comments and processing instructions is found, with its line")
    func doctypeAfterProlog() {
        do {
            _ = try parse("\u{FEFF}<?xml version=\"1.0\"?>\n<!-- <a> -->\n<?pi x?>\n<!DOCTYPE a>\n<a/>")
            Issue.record("accepted")
        } catch {
            #expect(error.reason == .doctypeNotAllowed && error.line == 4)
        }
    }

    @Test("empty input is refused")
    func empty() {
        #expect(throws: XMLRejection(reason: .empty, issues: [])) { try HardenedXMLParser.parse(Data()) }
    }
}

@Suite("XSD validation")
struct SchemaTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)

    func schema() throws -> XMLSchema {
        try XMLSchema(contentsOf: try #require(Self.fixtures).appendingPathComponent("note.xsd"))
    }

    @Test("a valid document has no issues")
    func valid() throws {
        let doc = try HardenedXMLParser.parse(Data("<note xmlns=\"urn:test:note:1\"><date>2026-11-24</date><text>x</text></note>".utf8))
        #expect(try schema().validate(doc).isEmpty)
    }

    @Test("each invalid element is reported with its line")
    func invalidWithLines() throws {
        let xml = "<note xmlns=\"urn:test:note:1\">\n<date>2026-13-45</date>\n<extra/>\n</note>"
        let issues = try schema().validate(try HardenedXMLParser.parse(Data(xml.utf8)))
        #expect(issues.first?.line == 2)
        #expect(issues.first?.message.contains("xs:date") == true)
    }

    @Test("a shared schema validates from two threads without mixing results")
    func concurrent() async throws {
        let s = try schema()
        let good = "<note xmlns=\"urn:test:note:1\"><date>2026-11-24</date><text>x</text></note>"
        let bad = "<note xmlns=\"urn:test:note:1\"><date>nej</date><text>x</text></note>"
        let results = await withTaskGroup(of: Bool.self) { group in
            for i in 0..<200 {
                group.addTask {
                    let doc = try? HardenedXMLParser.parse(Data((i % 2 == 0 ? good : bad).utf8))
                    return doc.map { s.validate($0).isEmpty == (i % 2 == 0) } ?? false
                }
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 })
    }

    @Test("a broken XSD fails to load with a message")
    func brokenSchema() throws {
        let url = try #require(Self.fixtures).appendingPathComponent("broken.xsd")
        #expect(throws: XMLSchemaLoadError.self) { try XMLSchema(contentsOf: url) }
    }
}

@Suite("HTML text")
struct HTMLTextTests {
    @Test("text is extracted without scripts, styles or the head")
    func extract() {
        let html = "<html><head><title>T</title><style>p{}</style></head><body><p>Hej <b>världen</b></p><script>alert('x')</script></body></html>"
        #expect(words(HTMLText.extract(Data(html.utf8))) == "Hej världen")
    }

    @Test("attribute names of an HTML page are listed, for injection checks")
    func attributes() {
        let html = "<p title=\"a\" onmouseover=\"x\">t</p>"
        #expect(HTMLText.attributeNames(Data(html.utf8)).sorted() == ["onmouseover", "title"])
    }
}

/// Text for an index: white space is not significant, so compare word by word.
func words(_ s: String) -> String { s.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
