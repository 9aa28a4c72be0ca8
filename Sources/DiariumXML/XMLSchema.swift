internal import CLibXML2
public import Foundation

/// A compiled XSD. Load once, share freely: libxml2 allows one `xmlSchemaPtr` to be used from
/// several threads as long as each validation has its own context (MEASURED.md §1, helgrind-clean).
public final class XMLSchema: @unchecked Sendable {
    private let schema: xmlSchemaPtr
    public let path: String

    /// Loads the XSD at `url`; `xs:include` and `xs:import` resolve relative to it.
    public init(contentsOf url: URL) throws(XMLSchemaLoadError) {
        _ = LibXML.initialized
        path = url.path
        let collector = IssueCollector()
        let box = Unmanaged.passUnretained(collector).toOpaque()
        // Syntax errors inside the XSD bypass the schema handler and go to the thread's generic
        // structured handler (MEASURED.md §1), so both are pointed at the collector.
        xmlSetStructuredErrorFunc(box, IssueCollector.callback)
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        guard let parser = xmlSchemaNewParserCtxt(url.path) else {
            throw XMLSchemaLoadError(path: url.path, issues: [XMLIssue(line: 0, code: 0, message: "out of memory")])
        }
        defer { xmlSchemaFreeParserCtxt(parser) }
        xmlSchemaSetParserStructuredErrors(parser, IssueCollector.callback, box)
        guard let compiled = xmlSchemaParse(parser) else {
            throw XMLSchemaLoadError(path: url.path, issues: collector.issues.isEmpty
                ? [XMLIssue(line: 0, code: 0, message: "not a schema")] : collector.issues)
        }
        schema = compiled
    }

    deinit { xmlSchemaFree(schema) }

    /// Validates a parsed document; an empty result means valid.
    public func validate(_ document: ParsedXMLDocument) -> [XMLIssue] {
        guard let ctxt = xmlSchemaNewValidCtxt(schema) else {
            return [XMLIssue(line: 0, code: 0, message: "out of memory")]
        }
        defer { xmlSchemaFreeValidCtxt(ctxt) }
        let collector = IssueCollector()
        xmlSchemaSetValidStructuredErrors(ctxt, IssueCollector.callback, Unmanaged.passUnretained(collector).toOpaque())
        let result = withExtendedLifetime(collector) { xmlSchemaValidateDoc(ctxt, document.pointer) }
        if result == 0 { return [] }
        return collector.issues.isEmpty
            ? [XMLIssue(line: 0, code: Int(result), message: "validation failed")] : collector.issues
    }
}
