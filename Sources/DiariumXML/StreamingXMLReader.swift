public import Foundation

/// Reads a registered XML file of any size in chunks: checks that it is well-formed, within
/// `XMLLimits` and without a DTD (the same refusals, with line numbers, as `HardenedXMLParser`),
/// and hands back its character data piece by piece. Nothing of the document is kept: no DOM,
/// no whole text; the caller decides how much of the text to keep.
///
/// Text comes in document order. Where a start or end tag separates two pieces of text and
/// neither side has white space, a space is put between them, so `<a>Kemi</a><b>konsult</b>`
/// reads `Kemi konsult` (in XML every element is a field of its own). Comments and processing
/// instructions leave nothing. libxml2 decodes the document's declared encoding; the text is
/// Unicode whatever it was.
///
/// One reader per document, used from one task.
public final class StreamingXMLReader {
    /// A good size for `feed`: the size libxml2 is handed at a time.
    public static let chunkSize = PushParser.pushSize

    private let parser: PushParser

    /// `name` is used only as the document's URL in libxml2's messages.
    public init(name: String = "input.xml", limits: XMLLimits = .maximum) {
        parser = PushParser(name: name, limits: limits, mode: .text)
    }

    /// Reads the next chunk (any size; a chunk may end anywhere, even inside a character) and
    /// returns the text that became complete, possibly empty: input is gathered until
    /// `chunkSize` bytes can go to libxml2 at once, and libxml2 holds back a piece of text until
    /// it sees where it ends. The pre-scan reads every chunk at once, so a limit or a DTD is
    /// refused in the call that brings it. After a refusal every call throws the same refusal.
    public func feed(_ chunk: UnsafeRawBufferPointer) throws(XMLRejection) -> String {
        try parser.feed(chunk)
        return parser.takeText()
    }

    public func feed(_ chunk: Data) throws(XMLRejection) -> String {
        var failure: XMLRejection?
        let text = chunk.withUnsafeBytes { raw -> String in
            do throws(XMLRejection) { return try feed(raw) } catch {
                failure = error
                return ""
            }
        }
        if let failure { throw failure }
        return text
    }

    /// Ends the document and returns the rest of its text. Throws `.empty` when nothing was fed
    /// or the document has no element.
    public func finish() throws(XMLRejection) -> String {
        try parser.finish()
        guard parser.state.rootName != nil else { throw XMLRejection(reason: .empty, issues: []) }
        return parser.takeText()
    }

    /// The local name of the root element, once libxml2 has read its start tag: libxml2 is
    /// handed the input `chunkSize` bytes at a time, so at the latest after `finish`.
    public var rootName: String? { parser.state.rootName }

    /// The namespace URI of the root element, known when `rootName` is.
    public var rootNamespace: String? { parser.state.rootNamespace }

    /// Reads `data` in chunks of `chunkSize` and hands each piece of text to `piece`.
    public static func readText(
        _ data: Data, name: String = "input.xml", limits: XMLLimits = .maximum, piece: (String) -> Void
    ) throws(XMLRejection) {
        let reader = StreamingXMLReader(name: name, limits: limits)
        var offset = data.startIndex
        while offset < data.endIndex {
            let end = data.index(offset, offsetBy: chunkSize, limitedBy: data.endIndex) ?? data.endIndex
            let text = try reader.feed(data[offset..<end])
            if !text.isEmpty { piece(text) }
            offset = end
        }
        let text = try reader.finish()
        if !text.isEmpty { piece(text) }
    }
}
