public import Foundation

/// The number of pages a copy makes, for the fee: a printed page of text holds
/// `linesPerPage` lines of `charactersPerLine` characters; a PDF has its page objects; any
/// other file counts as one page. An estimate, and the decision says so.
public enum CopyPages {
    public static let linesPerPage = 50
    public static let charactersPerLine = 80

    public static func ofText(_ text: String) -> Int {
        var lines = 0
        // Any line break (CRLF is one Character); a final break ends the last line, not a new one.
        var all = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        if all.count > 1, all.last?.isEmpty == true { all.removeLast() }
        for line in all {
            lines += max(1, (line.count + charactersPerLine - 1) / charactersPerLine)
        }
        return max(1, (lines + linesPerPage - 1) / linesPerPage)
    }

    /// The pages of a file, read on its bytes.
    public static func ofFile(_ data: Data, mediaType: String) -> Int {
        var counter = Counter(mediaType: mediaType)
        counter.feed(data)
        return counter.total
    }

    /// Pages counted on the bytes as they come: a released file may be hundreds of megabytes,
    /// and a String of it would be a copy as large again.
    public struct Counter: Sendable {
        let mediaType: String
        private var pageObjects = 0
        private var tail: [UInt8] = []
        private var lines = 0
        private var current = 0
        private var open = false
        static let markers = [Array("/Type /Page".utf8), Array("/Type/Page".utf8)]

        public init(mediaType: String) { self.mediaType = mediaType }

        public mutating func feed(_ data: Data) {
            if mediaType == "application/pdf" {
                // `/Type /Page` objects, not the `/Pages` tree nodes; a marker split between
                // two pieces is found in the tail kept from the first.
                let bytes = tail + Array(data)
                let keep = Self.markers.map(\.count).max()!
                var i = 0
                while i + keep < bytes.count {
                    for marker in Self.markers where bytes[i] == marker[0] && i + marker.count < bytes.count
                        && bytes[i..<(i + marker.count)].elementsEqual(marker) {
                        if bytes[i + marker.count] != UInt8(ascii: "s") { pageObjects += 1 }
                    }
                    i += 1
                }
                tail = Array(bytes[i...])
            } else if isText(mediaType) {
                // Lines of UTF-8: a scalar is a byte that does not continue a sequence.
                for byte in data {
                    if byte == 0x0A {
                        lines += max(1, (current + charactersPerLine - 1) / charactersPerLine)
                        current = 0
                        open = false
                    } else if byte != 0x0D, byte & 0xC0 != 0x80 {
                        current += 1
                        open = true
                    }
                }
            }
        }

        public var total: Int {
            if mediaType == "application/pdf" {
                var count = pageObjects
                // The end of the file: a marker in the last bytes, with nothing after it.
                for marker in Self.markers where tail.count >= marker.count {
                    for i in 0...(tail.count - marker.count) where tail[i..<(i + marker.count)].elementsEqual(marker) {
                        if i + marker.count == tail.count || tail[i + marker.count] != UInt8(ascii: "s") { count += 1 }
                    }
                }
                return max(1, count)
            }
            if isText(mediaType) {
                let all = lines + (open ? max(1, (current + charactersPerLine - 1) / charactersPerLine) : 0)
                return max(1, (all + linesPerPage - 1) / linesPerPage)
            }
            return 1
        }
    }

    /// Whether a file of this type can be read as text (and so checked for a secret value).
    public static func isText(_ mediaType: String) -> Bool {
        mediaType.hasPrefix("text/") || ["application/xml", "application/json", "application/xhtml+xml"].contains(mediaType)
            || mediaType.hasSuffix("+xml")
    }
}
