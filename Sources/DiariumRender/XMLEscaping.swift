import Mustache

/// Escapes text for XML and HTML one Unicode scalar at a time.
///
/// swift-mustache's own HTML escaper compares grapheme clusters, so `"` followed by a combining
/// mark (U+0301) is one cluster that is not `"` and passes unescaped: an attribute injection
/// (MEASURED.md §3). Comparing scalars closes that hole. Line breaks and tabs become character
/// references so attribute values keep them; other control characters, which XML 1.0 forbids,
/// become U+FFFD.
public enum XMLEscaping {
    public static func escape(_ text: String) -> String {
        // Most values need nothing escaped: they go out as they are, without being rebuilt
        // scalar by scalar (a tenth of rendering a record).
        if !needsEscaping(text) { return text }
        var out = String.UnicodeScalarView()
        out.reserveCapacity(text.unicodeScalars.count)
        for s in text.unicodeScalars {
            switch s {
            case "<": out.append(contentsOf: "&lt;".unicodeScalars)
            case ">": out.append(contentsOf: "&gt;".unicodeScalars)
            case "&": out.append(contentsOf: "&amp;".unicodeScalars)
            case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
            case "'": out.append(contentsOf: "&#39;".unicodeScalars)
            case "\n": out.append(contentsOf: "&#10;".unicodeScalars)
            case "\r": out.append(contentsOf: "&#13;".unicodeScalars)
            case "\t": out.append(contentsOf: "&#9;".unicodeScalars)
            default:
                out.append(isForbidden(s) ? "\u{FFFD}" : s)
            }
        }
        return String(out)
    }

    /// Whether `escape` changes anything in `text`, read in UTF-8: a scalar it replaces is a
    /// byte below 0x20 (every C0 control, line breaks and tabs included), `< > & " '`, DEL,
    /// a C1 control (C2 80…C2 9F) or U+FFFE/U+FFFF (EF BF BE/BF).
    static func needsEscaping(_ text: String) -> Bool {
        var previous: UInt8 = 0, beforePrevious: UInt8 = 0
        for b in text.utf8 {
            switch b {
            case 0x00..<0x20, 0x22, 0x26, 0x27, 0x3C, 0x3E, 0x7F: return true
            case 0x80...0x9F where previous == 0xC2: return true
            case 0xBE...0xBF where previous == 0xBF && beforePrevious == 0xEF: return true
            default: break
            }
            beforePrevious = previous
            previous = b
        }
        return false
    }

    /// C0 and C1 controls, DEL, and the noncharacters U+FFFE/U+FFFF: not allowed in XML 1.0 (or
    /// discouraged) and not wanted in an HTML page.
    static func isForbidden(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF
    }
}

/// Plain text for a terminal: no markup escaping, but control characters (which could move the
/// cursor or rewrite the screen) become U+FFFD; line breaks stay.
public enum TerminalText {
    public static func clean(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            out.append(s == "\n" || !XMLEscaping.isForbidden(s) ? s : "\u{FFFD}")
        }
        return String(out)
    }
}

/// The two escapers as Mustache content types (registered by `TemplateSet`).
struct XMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { XMLEscaping.escape(text) }
}

struct TerminalContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { TerminalText.clean(text) }
}
