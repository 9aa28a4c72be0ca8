public import Foundation

/// The text of a plain-text or HTML file, read chunk by chunk with bounded memory: the encoding
/// is sniffed from the first `TextEncoding.sniffLength` bytes (or given), the bytes decoded, and
/// for HTML the markup removed. Each call returns the text that became complete; the caller
/// decides how much of it to keep.
public struct TextReader: Sendable {
    public enum Format: Sendable, Hashable {
        /// Text as it stands.
        case plain
        /// HTML, through `HTMLTextExtractor`.
        case html
    }

    public let format: Format
    /// The encoding used, once decided: after the first `sniffLength` bytes, or at `finish`.
    public private(set) var encoding: SniffedEncoding?
    private let given: TextEncoding?
    private var head: [UInt8] = []
    private var decoder: TextDecoder?
    private var html = HTMLTextExtractor()
    private var scalars: [Unicode.Scalar] = []
    private var utf8: [UInt8] = []

    /// `encoding`: when the caller knows it (a MIME header, say); nil to sniff it.
    public init(format: Format, encoding: TextEncoding? = nil) {
        self.format = format
        given = encoding
    }

    /// Invalid sequences met so far (each read as U+FFFD): 0 means the file was read whole.
    public var invalidSequences: Int { decoder?.invalidSequences ?? 0 }

    public mutating func feed(_ bytes: UnsafeRawBufferPointer) -> String {
        var bytes = bytes
        if decoder == nil {
            let take = min(TextEncoding.sniffLength - head.count, bytes.count)
            head.append(contentsOf: bytes[..<take])
            bytes = UnsafeRawBufferPointer(rebasing: bytes[take...])
            guard head.count == TextEncoding.sniffLength else { return "" }
            var text = decide(isWholeFile: false)
            text += decode(bytes)
            return text
        }
        return decode(bytes)
    }

    public mutating func feed(_ data: Data) -> String {
        data.withUnsafeBytes { feed($0) }
    }

    /// Ends the file and returns the rest of its text.
    public mutating func finish() -> String {
        var text = decoder == nil ? decide(isWholeFile: true) : ""
        scalars.removeAll(keepingCapacity: true)
        decoder?.finish(into: &scalars)
        text += convert()
        if format == .html { text += html.finish() }
        return text
    }

    /// Sniffs (or takes the given encoding), then decodes the held head.
    private mutating func decide(isWholeFile: Bool) -> String {
        let held = head
        head = []
        let sniffed = held.withUnsafeBytes { TextEncoding.sniff($0, isWholeFile: isWholeFile) }
        let decided = given.map { SniffedEncoding(encoding: $0, basis: .given) } ?? sniffed
        // A byte-order mark is not text, even when the caller named the encoding.
        let skip = sniffed.basis == .byteOrderMark && sniffed.encoding == decided.encoding ? sniffed.byteOrderMarkLength : 0
        encoding = SniffedEncoding(encoding: decided.encoding, basis: decided.basis, byteOrderMarkLength: skip)
        decoder = TextDecoder(decided.encoding)
        return held.dropFirst(skip).withUnsafeBytes { decode($0) }
    }

    /// Decodes a slice at a time: a scalar takes four bytes, so a large chunk decoded at once
    /// would hold four times its size.
    private mutating func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        var text = ""
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + Self.slice)
            scalars.removeAll(keepingCapacity: true)
            decoder?.decode(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), into: &scalars)
            text += convert()
            start = end
        }
        return text
    }

    private static let slice = 256 * 1024

    private mutating func convert() -> String {
        switch format {
        case .plain:
            utf8.removeAll(keepingCapacity: true)
            utf8.reserveCapacity(scalars.count)
            for s in scalars { utf8.appendUTF8(s.value) }
            return String(decoding: utf8, as: UTF8.self)
        case .html:
            return html.feed(scalars)
        }
    }
}
