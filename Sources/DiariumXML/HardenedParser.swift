internal import CLibXML2
public import Foundation

/// The only way XML from outside enters Diarium.
///
/// It never substitutes entities, never loads a DTD or anything over the network, and refuses any
/// document that carries a document type declaration at all: every entity attack (external
/// entities, parameter entities, billion laughs) needs one, and no document we accept needs one.
/// MEASURED.md §1 shows what each option does on libxml2 2.9.14; keep NOENT, DTDLOAD, DTDATTR,
/// DTDVALID and HUGE out of `options`.
public enum HardenedXMLParser {
    static let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue)

    /// Parses `data`; `name` is used only as the document's URL in libxml2's messages.
    public static func parse(_ data: Data, name: String = "input.xml") throws(XMLRejection) -> ParsedXMLDocument {
        _ = LibXML.initialized
        guard !data.isEmpty else { throw XMLRejection(reason: .empty, issues: []) }
        // A DTD is refused before libxml2 reads a byte of it: the entity declarations never
        // reach the parser, so no entity loop, expansion or external load can start.
        if let line = Self.doctypeLine(in: data) {
            throw XMLRejection(reason: .doctypeNotAllowed, issues: [
                XMLIssue(line: line, code: 0, message: "document type declaration (DTD) not allowed")
            ])
        }
        guard let ctxt = xmlNewParserCtxt() else {
            throw XMLRejection(reason: .malformed, issues: [XMLIssue(line: 0, code: 0, message: "out of memory")])
        }
        defer { xmlFreeParserCtxt(ctxt) }

        let collector = IssueCollector()
        let box = Unmanaged.passUnretained(collector).toOpaque()
        // Structured errors reach `serror` with the parser context as user data, so the collector
        // rides in `_private`; the callback reads it from there.
        ctxt.pointee._private = box
        ctxt.pointee.sax.pointee.serror = { userData, error in
            guard let userData, let error else { return }
            let c = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let box = c.pointee._private else { return }
            Unmanaged<IssueCollector>.fromOpaque(box).takeUnretainedValue().add(error)
        }

        let doc: xmlDocPtr? = data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlCtxtReadMemory(ctxt, base, Int32(clamping: raw.count), name, nil, options)
        }
        guard let doc else {
            throw XMLRejection(reason: .malformed, issues: collector.issues)
        }
        let document = ParsedXMLDocument(doc)
        if doc.pointee.intSubset != nil || doc.pointee.extSubset != nil {
            let line = collector.issues.first?.line ?? 1
            throw XMLRejection(reason: .doctypeNotAllowed, issues: [
                XMLIssue(line: line, code: 0, message: "document type declaration (DTD) not allowed")
            ])
        }
        if ctxt.pointee.wellFormed == 0 || ctxt.pointee.nsWellFormed == 0 || !collector.issues.isEmpty {
            throw XMLRejection(reason: .malformed, issues: collector.issues)
        }
        guard document.rootName != nil else { throw XMLRejection(reason: .empty, issues: []) }
        return document
    }

    /// The line of a `<!DOCTYPE` in the prolog (after the XML declaration, comments, processing
    /// instructions and white space), or nil when the first markup is an element.
    static func doctypeLine(in data: Data) -> Int? {
        let b = [UInt8](data.prefix(1 << 20))
        var i = b.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        func starts(_ s: String) -> Bool { b[i...].starts(with: Array(s.utf8)) }
        func skip(past end: String) {
            let e = Array(end.utf8)
            while i < b.count, !b[i...].starts(with: e) {
                if b[i] == 0x0A { line += 1 }
                i += 1
            }
            i = min(b.count, i + e.count)
        }
        while i < b.count {
            switch b[i] {
            case 0x20, 0x09, 0x0D: i += 1
            case 0x0A: line += 1; i += 1
            case UInt8(ascii: "<"):
                if starts("<?") { skip(past: "?>") }
                else if starts("<!--") { skip(past: "-->") }
                else if starts("<!DOCTYPE") || starts("<!doctype") { return line }
                else { return nil }
            default: return nil
            }
        }
        return nil
    }
}
