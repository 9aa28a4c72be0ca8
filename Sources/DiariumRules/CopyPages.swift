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

    public static func ofFile(_ data: Data, mediaType: String) -> Int {
        if mediaType == "application/pdf" {
            // `/Type /Page` objects, not the `/Pages` tree nodes; compressed object streams hide
            // them, and such a file counts as one page.
            let text = String(decoding: data, as: UTF8.self)
            var count = 0
            for marker in ["/Type /Page", "/Type/Page"] {
                var rest = text[...]
                while let r = rest.range(of: marker) {
                    if r.upperBound == text.endIndex || text[r.upperBound] != "s" { count += 1 }
                    rest = text[r.upperBound...]
                }
            }
            return max(1, count)
        }
        if isText(mediaType) { return ofText(String(decoding: data, as: UTF8.self)) }
        return 1
    }

    /// Whether a file of this type can be read as text (and so checked for a secret value).
    public static func isText(_ mediaType: String) -> Bool {
        mediaType.hasPrefix("text/") || ["application/xml", "application/json", "application/xhtml+xml"].contains(mediaType)
            || mediaType.hasSuffix("+xml")
    }
}
