import DiariumXML
import Foundation
import Testing

/// Both ways XML comes in, so that every limit is proved for each.
enum XMLPath: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case dom, stream
    var testDescription: String { rawValue }

    func read(_ data: Data, limits: XMLLimits) throws(XMLRejection) {
        switch self {
        case .dom: _ = try HardenedXMLParser.parse(data, limits: limits)
        case .stream: try StreamingXMLReader.readText(data, limits: limits) { _ in }
        }
    }

    func rejection(_ data: Data, limits: XMLLimits) -> XMLRejection? {
        do { try read(data, limits: limits) } catch { return error }
        return nil
    }
}

struct LimitCase: Sendable, CustomTestStringConvertible {
    let name: String
    let xml: Data
    let limits: XMLLimits
    let reason: XMLRejection.Reason
    let line: Int
    let limit: Int?
    var testDescription: String { name }
}

@Suite("XML limits")
struct XMLLimitsTests {
    static func attributes(_ n: Int, prefix: String = "a") -> String {
        (0..<n).map { "\(prefix)\($0)=\"1\"" }.joined(separator: " ")
    }

    static let cases: [LimitCase] = [
        LimitCase(name: "more than 256 attributes on one element",
                  xml: Data("<r>\n<b \(attributes(257))/></r>".utf8), limits: .dom,
                  reason: .tooManyAttributes, line: 2, limit: 256),
        LimitCase(name: "elements nested deeper than 256",
                  xml: Data(("<r>\n" + String(repeating: "<a>", count: 255) + "\n<b>").utf8), limits: .dom,
                  reason: .tooDeep, line: 3, limit: 256),
        LimitCase(name: "more than 256 namespace declarations in scope",
                  xml: Data("<r \((0..<256).map { "xmlns:p\($0)=\"urn:\($0)\"" }.joined(separator: " "))>\n<b xmlns:q=\"urn:q\"/></r>".utf8),
                  limits: .dom, reason: .tooManyNamespaces, line: 2, limit: 256),
        LimitCase(name: "more nodes than the limit",
                  xml: Data("<r>\n<a/><a/><a/>\n<a/><a/></r>".utf8), limits: XMLLimits(maxNodes: 6),
                  reason: .tooManyNodes, line: 3, limit: 6),
        LimitCase(name: "more bytes than the limit",
                  xml: Data("<r>\n<a>0123456789</a>\n<a>0123456789</a></r>".utf8), limits: XMLLimits(maxBytes: 30),
                  reason: .tooLarge, line: 3, limit: 30),
    ]

    @Test("each limit is refused with its reason, line and limit", arguments: cases, XMLPath.allCases)
    func limitRefused(_ c: LimitCase, _ path: XMLPath) throws {
        let e = try #require(path.rejection(c.xml, limits: c.limits))
        #expect(e.reason == c.reason)
        #expect(e.line == c.line, "\(e.issues)")
        #expect(e.limit == c.limit)
    }

    @Test("a document just within every limit is read", arguments: XMLPath.allCases)
    func withinLimits(_ path: XMLPath) {
        let xml = "<r \((0..<255).map { "xmlns:p\($0)=\"urn:\($0)\"" }.joined(separator: " "))>"
            + "<b \(Self.attributes(256))/>"
            + String(repeating: "<a>", count: 255) + String(repeating: "</a>", count: 255) + "</r>"
        #expect(path.rejection(Data(xml.utf8), limits: .dom) == nil)
    }

    @Test("200 000 attributes on one element are refused", arguments: XMLPath.allCases)
    func twoHundredThousandAttributes(_ path: XMLPath) throws {
        let e = try #require(path.rejection(Data("<a \(Self.attributes(200_000))/>".utf8), limits: .maximum))
        #expect(e.reason == .tooManyAttributes)
    }

    /// Markup inside comments, CDATA, processing instructions and attribute values is text to
    /// libxml2 and must be to the pre-scan: counted, it would refuse good documents; skipped
    /// wrongly, it would let a hidden element through.
    static let notMarkup: [(String, String)] = [
        ("a comment", "<r><!-- <a x='1' y='2' z='3'><a><a> --><b/></r>"),
        ("a comment with dashes and >", "<r><!-- - -> >- <a x='1' y='2' z='3'> --><b/></r>"),
        ("a CDATA section", "<r><![CDATA[ <a x='1' y='2' z='3'><a><a> ]] ]> ]]><b/></r>"),
        ("a processing instruction", "<r><?pi <a x='1' y='2' z='3'><a><a> ? > ?><b/></r>"),
        ("quoted > and / in attribute values", "<r><b x=\"a>b/c\" y='/>'/></r>"),
        ("an XML declaration", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><r><b/></r>"),
    ]

    @Test("markup inside comments, CDATA, PIs and quoted values is not counted", arguments: notMarkup, XMLPath.allCases)
    func notCounted(_ c: (String, String), _ path: XMLPath) {
        let tight = XMLLimits(maxAttributesPerElement: 2, maxDepth: 2)
        #expect(path.rejection(Data(c.1.utf8), limits: tight) == nil, "\(c.0)")
    }

    @Test("limits can be tightened but never loosened")
    func neverLoosened() {
        let l = XMLLimits(maxBytes: .max, maxAttributesPerElement: 1_000_000, maxDepth: 10_000, maxNamespacesInScope: .max, maxNodes: .max)
        #expect(l == XMLLimits.maximum)
        #expect(XMLLimits(maxAttributesPerElement: 8).maxAttributesPerElement == 8)
    }

    @Test("the DOM parser holds at most the DOM limits, whatever it is given")
    func domCapped() throws {
        let big = Data(("<r>" + String(repeating: "<a/>", count: 2_000_000) + "</r>").utf8)
        for limits in [XMLLimits.dom, .maximum] {
            let e = try #require(XMLPath.dom.rejection(big, limits: limits))
            #expect(e.reason == .tooManyNodes && e.limit == XMLLimits.dom.maxNodes)
        }
        #expect(throws: XMLRejection.self) { try HardenedXMLParser.parse(big) }
        #expect(XMLPath.stream.rejection(big, limits: .maximum) == nil, "a stream keeps no nodes")
    }

    static let unreadableEncodings: [(String, [UInt8])] = [
        ("UTF-7", Array("<?xml version=\"1.0\" encoding=\"UTF-7\"?><a>+ADw-b/+AD4-</a>".utf8)),
        ("Shift_JIS", Array("<?xml version='1.0' encoding='Shift_JIS'?><a/>".utf8)),
        ("EBCDIC", [0x4C, 0x6F, 0xA7, 0x94, 0x93, 0x40]),
        ("UCS-4", [0x00, 0x00, 0x00, 0x3C, 0x00, 0x00, 0x00, 0x61]),
        ("UTF-16 declared as something else", Array("<?xml version='1.0' encoding='ISO-8859-1'?><a/>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
        ("an encoding hidden after a pseudo-attribute", Array("<?xml version=\"1.0encoding='UTF-8'\" encoding=\"UTF-7\"?><a/>".utf8)),
    ]

    @Test("an encoding the pre-scan cannot read is refused", arguments: unreadableEncodings, XMLPath.allCases)
    func unreadableEncoding(_ c: (String, [UInt8]), _ path: XMLPath) throws {
        let e = try #require(path.rejection(Data(c.1), limits: .dom), "\(c.0)")
        #expect(e.reason == .encodingNotSupported, "\(c.0)")
    }

    static let readableEncodings: [(String, Data)] = [
        ("UTF-8 with a BOM", Data([0xEF, 0xBB, 0xBF] + Array("<a>Åsa</a>".utf8))),
        ("ISO-8859-1", Data([0x3C, 0x3F] + Array("xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>".utf8) + [0xC5] + Array("sa</a>".utf8))),
        ("windows-1252", Data(Array("<?xml version='1.0' encoding='windows-1252'?><a>".utf8) + [0xC5] + Array("sa</a>".utf8))),
        ("UTF-16LE with a BOM", Data([0xFF, 0xFE] + Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>Åsa</a>".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })),
        ("UTF-16BE without a BOM", Data(Array("<?xml version=\"1.0\"?><a>Åsa</a>".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] })),
    ]

    @Test("UTF-8, UTF-16 and ASCII-based single-byte encodings are read", arguments: readableEncodings)
    func readableEncoding(_ c: (String, Data)) throws {
        #expect(words(try HardenedXMLParser.parse(c.1).textContent()) == "Åsa", "\(c.0)")
        var text = ""
        try StreamingXMLReader.readText(c.1) { text += $0 }
        #expect(text == "Åsa", "\(c.0)")
    }

    /// libxml2's pull parser runs its error recovery over the rest of a document after the first
    /// fatal error, where it may read as markup what the pre-scan read as a comment; the push
    /// parser stops there.
    @Test("parsing stops at the first fatal error", arguments: XMLPath.allCases)
    func stopsAtFirstError(_ path: XMLPath) throws {
        let xml = "<r><!-- \u{1} -->\n<b></c>\n<d></e></r>"
        let e = try #require(path.rejection(Data(xml.utf8), limits: .dom))
        #expect(e.reason == .malformed)
        #expect(e.issues.count == 1, "\(e.issues)")
        #expect(e.line == 1)
    }
}
