internal import CLibXML2
public import Foundation

/// The only way XML from outside enters Diarium as a DOM.
///
/// It never substitutes entities, never loads a DTD or anything over the network, and refuses any
/// document that carries a document type declaration at all: every entity attack (external
/// entities, parameter entities, billion laughs) needs one, and no document we accept needs one.
/// MEASURED.md §1 shows what each option does on libxml2 2.9.14; keep NOENT, DTDLOAD, DTDATTR,
/// DTDVALID and HUGE out of the options (`PushParser.options`).
///
/// Before libxml2 reads a byte, the pre-scan (`XMLPreScan`) refuses a DTD and anything beyond
/// `limits`, so that no shape of document (200 000 attributes on one element, deep nesting,
/// millions of nodes) costs more than time linear in its size. A DOM is for our own records and
/// `diarium validate`; a registered file is read with `StreamingXMLReader`, which keeps nothing.
public enum HardenedXMLParser {
    /// Parses `data`; `name` is used only as the document's URL in libxml2's messages. `limits`,
    /// the size included, may be tightened below `XMLLimits.dom` but are capped at it: a DOM
    /// larger than that is a memory problem whatever the caller wants.
    public static func parse(
        _ data: Data, name: String = "input.xml", limits: XMLLimits = .dom
    ) throws(XMLRejection) -> ParsedXMLDocument {
        guard !data.isEmpty else { throw XMLRejection(reason: .empty, issues: []) }
        let parser = PushParser(name: name, limits: limits.capped(at: .dom), mode: .tree)
        var failure: XMLRejection?
        data.withUnsafeBytes { raw in
            do throws(XMLRejection) {
                var offset = 0
                while offset < raw.count {
                    let end = min(raw.count, offset + PushParser.pushSize)
                    try parser.feed(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
                    offset = end
                }
                try parser.finish()
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        guard let doc = parser.takeDocument() else {
            throw XMLRejection(reason: .malformed, issues: parser.state.collector.issues)
        }
        let document = ParsedXMLDocument(doc)
        // The pre-scan refuses `<!DOCTYPE` before libxml2 sees it; this is the second lock.
        if doc.pointee.intSubset != nil || doc.pointee.extSubset != nil {
            throw XMLRejection(reason: .doctypeNotAllowed, issues: [
                XMLIssue(line: 1, code: 0, message: "document type declaration (DTD) not allowed")
            ])
        }
        guard parser.wellFormed else { throw XMLRejection(reason: .malformed, issues: parser.state.collector.issues) }
        guard document.rootName != nil else { throw XMLRejection(reason: .empty, issues: []) }
        return document
    }
}
