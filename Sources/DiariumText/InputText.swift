import Foundation

/// How a value is normalised when it comes in, from a JSON file, a CSV ledger, a command-line
/// option or (later) a web form: the one rule, so that what is stored, indexed, masked and
/// compared is always the same string.
///
/// Exact comparison of secret values was defeated by a trailing space, a double space, a
/// no-break space or a zero-width space typed into a name: the secret and its copy elsewhere no
/// longer compared equal, and the copy reached the public register. After this normalisation
/// two values that look the same to a reader are the same string, and a value that hides
/// characters from a reader is refused.
public enum InputText {
    /// Whether line breaks are part of the value (a description) or not (a name, a title).
    public enum Lines: Sendable {
        /// Every run of white space, line breaks included, becomes one space; invisible and
        /// control characters are refused.
        case one
        /// Line breaks are kept (as LF, at most one blank line in a row) and each line is
        /// normalised as a one-line value; invisible format characters (a soft hyphen pasted
        /// from a word processor) are removed; control characters are refused.
        case many
    }

    /// Why a value was refused. Carries the code point, never the text around it.
    public enum Refusal: Error, Sendable, Hashable {
        case control(UInt32)
        case invisible(UInt32)

        public var rule: String {
            switch self {
            case .control: "text.control-character"
            case .invisible: "text.invisible-character"
            }
        }

        /// In Swedish, naming the code point so that the user can find it.
        public var message: String {
            switch self {
            case .control(let v):
                "innehåller styrtecknet \(Self.codePoint(v)), som inte får förekomma i text"
            case .invisible(let v):
                "innehåller det osynliga tecknet \(Self.codePoint(v)) (t.ex. nollbreddsmellanslag, mjukt bindestreck eller riktningstecken), som inte får förekomma i ett enradigt fält; skriv in texten igen utan det"
            }
        }

        static func codePoint(_ v: UInt32) -> String {
            let hex = String(v, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }

    /// The normalised value, or nil when nothing but white space (or nothing) remains: blank is
    /// missing, everywhere.
    public static func normalise(_ raw: String, lines: Lines = .one) -> Result<String?, Refusal> {
        if isPlain(raw) { return .success(raw) }
        let nfc = canonical(raw)
        var out = String.UnicodeScalarView()
        // Pending white space is written only before the next visible scalar: runs collapse and
        // both ends are trimmed in one pass.
        var pendingSpace = false
        var pendingBreaks = 0
        var lastWasCR = false
        func emit(_ u: Unicode.Scalar) {
            if !out.isEmpty {
                if pendingBreaks > 0 {
                    out.append(contentsOf: pendingBreaks > 1 ? ["\n", "\n"] : ["\n"])
                } else if pendingSpace {
                    out.append(" ")
                }
            }
            pendingSpace = false
            pendingBreaks = 0
            out.append(u)
        }
        for u in nfc.unicodeScalars {
            let crFollowedByLF = lastWasCR && u == "\n"
            lastWasCR = u == "\r"
            // Printable ASCII is no break, white space, control or invisible character: it skips
            // the Unicode property lookups below (most of a Swedish name is ASCII).
            if u.value > 0x20, u.value < 0x7F {
                emit(u)
                continue
            }
            if isLineBreak(u) {
                if crFollowedByLF { continue }
                switch lines {
                case .one: pendingSpace = true
                case .many:
                    pendingBreaks += 1
                    pendingSpace = false
                }
                continue
            }
            if u.properties.isWhitespace || u == "\t" {
                pendingSpace = true
                continue
            }
            if isControl(u) { return .failure(.control(u.value)) }
            if isInvisible(u) {
                switch lines {
                case .one: return .failure(.invisible(u.value))
                case .many: continue
                }
            }
            emit(u)
        }
        return .success(out.isEmpty ? nil : String(out))
    }

    /// `text` in Unicode's canonical composition (NFC). Foundation's NFC is the costly part of
    /// reading input (a ledger has millions of fields, a document dozens): only text with a
    /// scalar from U+0300 up (a UTF-8 lead byte from 0xCC) can change under it, so other text
    /// is returned as it is.
    public static func canonical(_ text: String) -> String {
        text.utf8.contains(where: { $0 >= 0xCC }) ? text.precomposedStringWithCanonicalMapping : text
    }

    /// Printable ASCII with single inner spaces and no space at either end: already normal, the
    /// common case of codes, dates, amounts and most names.
    static func isPlain(_ raw: String) -> Bool {
        var previousSpace = true
        for b in raw.utf8 {
            guard b >= 0x20, b < 0x7F else { return false }
            if b == 0x20 {
                if previousSpace { return false }
                previousSpace = true
            } else {
                previousSpace = false
            }
        }
        return !previousSpace
    }

    /// Line ends in every spelling a file or a form may carry.
    static func isLineBreak(_ u: Unicode.Scalar) -> Bool {
        switch u.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// C0 and C1 controls and DEL (tab and line ends are handled as white space before this).
    public static func isControl(_ u: Unicode.Scalar) -> Bool {
        u.value < 0x20 || (0x7F...0x9F).contains(u.value)
    }

    /// Characters that change nothing a reader sees but defeat a comparison: format characters
    /// (soft hyphen, zero-width space and joiners, direction marks, the byte-order mark, tag
    /// characters), the combining grapheme joiner, the Hangul fillers, unassigned code points
    /// and private-use characters (rendered as nothing or as a box, never as the letter they
    /// stand in for).
    public static func isInvisible(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .format, .unassigned, .privateUse, .surrogate: return true
        default: break
        }
        switch u.value {
        case 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B...0x180F, 0x3164, 0xFFA0: return true
        default: return false
        }
    }
}
