/// The text of an HTML document as a reader sees it, for the internal search index: tags and
/// comments dropped, character references decoded, the content of `script`, `style` and the
/// `head` skipped, a line break for each block element so that the words of two paragraphs or
/// cells never run together, and nothing for inline elements, so that `Kemi<b>konsult</b>` reads
/// `Kemikonsult`.
///
/// A tokenizer after the HTML standard's, cut down to what text needs: one state machine over
/// Unicode scalars, fed in chunks of any size, with O(1) work per scalar and memory bounded by
/// its longest token buffer (an element name or a character reference, a few dozen scalars).
/// Nothing is built; no attribute, name or element is kept beyond the tag it is in. White space
/// runs become one space, and the soft hyphen, invisible to a reader, is left out: kept, it
/// would split the word it sits in for the index.
public struct HTMLTextExtractor: Sendable {
    private enum State: UInt8 {
        case data, tagOpen, endTagOpen, tagName, beforeAttributeName, attributeName, afterAttributeName
        case beforeAttributeValue, valueDouble, valueSingle, valueUnquoted, selfClosing
        case markupDeclaration, markupDash, comment, bogusComment
        case rawText, rawTextLessThan, rawTextEndTagName
        case reference, numericReference, numberDigits
    }

    private var state = State.data
    private var out: [UInt8] = []
    private var pendingSpace = false
    private var pendingBreak = false
    private var emittedAny = false

    // The tag being read: its lowercased name (ASCII, cut at `maxName`) and whether it ends one.
    private var name: [UInt8] = []
    private var nameOverflow = false
    private var isEndTag = false
    private static let maxName = 16

    private var inHead = false
    /// The element whose raw text is being skipped (`script`, `style`, …), and how much of its
    /// end tag has matched.
    private var rawName: [UInt8] = []
    private var rawMatch = 0

    // Comments: dashes just seen, scalars since `<!--`, and `--!` seen.
    private var dashes = 0
    private var commentLength = 0
    private var bangAfterDashes = false

    // Character references: the scalars after `&`, held until the reference ends.
    private var reference: [UInt32] = []
    private var hex = false
    private var number: UInt32 = 0
    private var digits = 0

    public init() {}

    // MARK: Element classes

    /// Elements whose content is raw text that is not shown: read to their end tag, dropped.
    static let skippedRaw: Set<[UInt8]> = set(["script", "style", "title", "iframe", "noembed", "noframes"])
    /// Elements that may stand in the head; any other start tag there opens the body.
    static let headElements: Set<[UInt8]> = set(["base", "basefont", "bgsound", "link", "meta", "noscript", "script", "style", "template", "title"])
    /// Elements that begin a new line where they start and end.
    static let blocks: Set<[UInt8]> = set([
        "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details", "dialog", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html",
        "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot",
        "th", "thead", "tr", "ul",
    ])

    private static let head = Array("head".utf8)

    private static func set(_ names: [String]) -> Set<[UInt8]> { Set(names.map { Array($0.utf8) }) }

    // MARK: Feeding

    /// Reads the next scalars and returns the text that became complete.
    public mutating func feed(_ scalars: [Unicode.Scalar]) -> String {
        out.reserveCapacity(scalars.count)
        for s in scalars { step(s.value) }
        return take()
    }

    /// Ends the document: a reference cut off by the end is written as it stands.
    public mutating func finish() -> String {
        if state == .reference || state == .numericReference || state == .numberDigits { endReference(terminator: nil) }
        return take()
    }

    private mutating func take() -> String {
        defer { out.removeAll(keepingCapacity: true) }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Output

    @inline(__always)
    private static func isSpace(_ u: UInt32) -> Bool { u == 0x20 || u == 0x0A || u == 0x09 || u == 0x0C || u == 0x0D }

    @inline(__always)
    private static func isLetter(_ u: UInt32) -> Bool { (u >= 0x61 && u <= 0x7A) || (u >= 0x41 && u <= 0x5A) }

    @inline(__always)
    private static func isDigit(_ u: UInt32) -> Bool { u >= 0x30 && u <= 0x39 }

    @inline(__always)
    private static func lower(_ u: UInt32) -> UInt8 { UInt8(truncatingIfNeeded: u >= 0x41 && u <= 0x5A ? u + 0x20 : u) }

    /// One scalar of text: white space is held back and written as one space (or the pending
    /// line break) before the next visible scalar.
    @inline(__always)
    private mutating func text(_ u: UInt32) {
        if Self.isSpace(u) {
            pendingSpace = true
            return
        }
        // Text in the head that is not white space opens the body, as in a browser.
        if inHead { inHead = false }
        if u == 0xAD || u == 0 { return }
        if emittedAny {
            if pendingBreak { out.append(0x0A) } else if pendingSpace { out.append(0x20) }
        }
        pendingBreak = false
        pendingSpace = false
        emittedAny = true
        out.appendUTF8(u)
    }

    /// Text of the markup itself, written when it turned out not to be markup (`a < b`).
    private mutating func literal(_ s: String) {
        for u in s.unicodeScalars { visibleText(u.value) }
    }

    /// Text that counts only outside the head.
    @inline(__always)
    private mutating func visibleText(_ u: UInt32) {
        if inHead && Self.isSpace(u) { return }
        text(u)
    }

    // MARK: The state machine

    private mutating func step(_ u: UInt32) {
        switch state {
        case .data:
            if u == 0x3C {
                state = .tagOpen
            } else if u == 0x26 {
                state = .reference
                reference.removeAll(keepingCapacity: true)
            } else if !inHead || !Self.isSpace(u) {
                text(u)
            }
        case .tagOpen:
            if u == 0x21 {
                state = .markupDeclaration
            } else if u == 0x2F {
                state = .endTagOpen
            } else if Self.isLetter(u) {
                beginTag(u, end: false)
            } else if u == 0x3F {
                state = .bogusComment
            } else {
                state = .data
                literal("<")
                step(u)
            }
        case .endTagOpen:
            if Self.isLetter(u) {
                beginTag(u, end: true)
            } else if u == 0x3E {
                state = .data
            } else {
                state = .bogusComment
            }
        case .tagName:
            if Self.isSpace(u) {
                state = .beforeAttributeName
            } else if u == 0x2F {
                state = .selfClosing
            } else if u == 0x3E {
                endTag()
            } else if name.count < Self.maxName {
                name.append(Self.lower(u))
            } else {
                nameOverflow = true
            }
        case .beforeAttributeName:
            if Self.isSpace(u) {
                break
            } else if u == 0x2F {
                state = .selfClosing
            } else if u == 0x3E {
                endTag()
            } else {
                state = .attributeName
            }
        case .attributeName:
            if Self.isSpace(u) {
                state = .afterAttributeName
            } else if u == 0x2F {
                state = .selfClosing
            } else if u == 0x3E {
                endTag()
            } else if u == 0x3D {
                state = .beforeAttributeValue
            }
        case .afterAttributeName:
            if Self.isSpace(u) {
                break
            } else if u == 0x2F {
                state = .selfClosing
            } else if u == 0x3D {
                state = .beforeAttributeValue
            } else if u == 0x3E {
                endTag()
            } else {
                state = .attributeName
            }
        case .beforeAttributeValue:
            if Self.isSpace(u) {
                break
            } else if u == 0x22 {
                state = .valueDouble
            } else if u == 0x27 {
                state = .valueSingle
            } else if u == 0x3E {
                endTag()
            } else {
                state = .valueUnquoted
            }
        case .valueDouble:
            if u == 0x22 { state = .beforeAttributeName }
        case .valueSingle:
            if u == 0x27 { state = .beforeAttributeName }
        case .valueUnquoted:
            if Self.isSpace(u) {
                state = .beforeAttributeName
            } else if u == 0x3E {
                endTag()
            }
        case .selfClosing:
            if u == 0x3E {
                endTag()
            } else {
                state = .beforeAttributeName
                step(u)
            }
        case .markupDeclaration:
            if u == 0x2D {
                state = .markupDash
            } else {
                // A DOCTYPE, a CDATA section or anything else after `<!` is read to its `>`.
                state = .bogusComment
                step(u)
            }
        case .markupDash:
            if u == 0x2D {
                state = .comment
                dashes = 0
                commentLength = 0
                bangAfterDashes = false
            } else {
                state = .bogusComment
                step(u)
            }
        case .comment:
            // `-->` ends a comment, and so do `--!>` and the abrupt `<!-->` and `<!--->`.
            if u == 0x3E && (dashes >= 2 || bangAfterDashes || commentLength == 0 || (commentLength == 1 && dashes == 1)) {
                state = .data
                return
            }
            commentLength += 1
            if u == 0x2D {
                dashes += 1
                bangAfterDashes = false
            } else {
                bangAfterDashes = u == 0x21 && dashes >= 2
                dashes = 0
            }
        case .bogusComment:
            if u == 0x3E { state = .data }
        case .rawText:
            if u == 0x3C { state = .rawTextLessThan }
        case .rawTextLessThan:
            if u == 0x2F {
                state = .rawTextEndTagName
                rawMatch = 0
            } else {
                state = .rawText
                step(u)
            }
        case .rawTextEndTagName:
            if rawMatch < rawName.count {
                if Self.lower(u) == rawName[rawMatch] {
                    rawMatch += 1
                } else {
                    state = .rawText
                    step(u)
                }
            } else if Self.isSpace(u) || u == 0x2F || u == 0x3E {
                // The end tag of the raw element: read as an end tag (its attributes skipped).
                name = rawName
                nameOverflow = false
                isEndTag = true
                state = .tagName
                step(u)
            } else {
                state = .rawText
                step(u)
            }
        case .reference:
            referenceStep(u)
        case .numericReference:
            if !hex && digits == 0 && (u == 0x78 || u == 0x58) && reference.count == 1 {
                hex = true
                reference.append(u)
            } else if Self.isDigit(u) || (hex && ((u >= 0x61 && u <= 0x66) || (u >= 0x41 && u <= 0x46))) {
                state = .numberDigits
                step(u)
            } else {
                endReference(terminator: u)
            }
        case .numberDigits:
            if Self.isDigit(u) || (hex && ((u >= 0x61 && u <= 0x66) || (u >= 0x41 && u <= 0x46))) {
                let d: UInt32 = Self.isDigit(u) ? u - 0x30 : (u | 0x20) - 0x61 + 10
                // Past U+10FFFF the value stays out of range; the digits are still consumed.
                if number <= 0x10FFFF { number = number * (hex ? 16 : 10) + d }
                digits += 1
            } else {
                endReference(terminator: u)
            }
        }
    }

    private mutating func beginTag(_ u: UInt32, end: Bool) {
        state = .tagName
        isEndTag = end
        nameOverflow = false
        name.removeAll(keepingCapacity: true)
        name.append(Self.lower(u))
    }

    /// A tag is complete: act on its name.
    private mutating func endTag() {
        state = .data
        guard !nameOverflow else { return }
        if isEndTag {
            if name == Self.head { inHead = false }
        } else {
            if name == Self.head {
                inHead = true
            } else if inHead && !Self.headElements.contains(name) {
                inHead = false
            }
            if Self.skippedRaw.contains(name) {
                // A self-closing `<script/>` still opens raw text in HTML.
                rawName = name
                state = .rawText
                return
            }
        }
        if Self.blocks.contains(name) { pendingBreak = true }
    }

    // MARK: Character references

    private mutating func referenceStep(_ u: UInt32) {
        if reference.isEmpty && u == 0x23 {
            reference.append(u)
            state = .numericReference
            hex = false
            number = 0
            digits = 0
        } else if (Self.isLetter(u) || Self.isDigit(u)) && reference.count < HTMLEntities.longestName {
            reference.append(u)
        } else {
            endReference(terminator: u)
        }
    }

    /// Writes the reference held in `reference` (decoded, or as written when it is none) and
    /// reads `terminator` on: a `;` is part of the reference, anything else is read as data.
    private mutating func endReference(terminator: UInt32?) {
        let wasNumeric = state == .numberDigits
        let wasNumericStart = state == .numericReference
        state = .data
        var consumed = false
        if wasNumeric {
            visibleText(Self.numericValue(number, hex: hex))
            consumed = terminator == 0x3B
        } else if wasNumericStart {
            literal("&")
            for u in reference { visibleText(u) }
        } else {
            let nameString = String(decoding: reference.map { UInt8(truncatingIfNeeded: $0) }, as: UTF8.self)
            if let entry = HTMLEntities.table[nameString], terminator == 0x3B || entry.legacy {
                visibleText(entry.value)
                consumed = terminator == 0x3B
            } else {
                literal("&")
                for u in reference { visibleText(u) }
            }
        }
        if let terminator, !consumed { step(terminator) }
    }

    /// A numeric reference as the HTML standard reads it: 0x80–0x9F as Windows-1252 (old pages
    /// write `&#150;` for a dash), and zero, surrogates and values past U+10FFFF as U+FFFD.
    static func numericValue(_ n: UInt32, hex: Bool) -> UInt32 {
        if n >= 0x80 && n <= 0x9F { return Windows1252.scalar(UInt8(n)).value }
        if n == 0 || n > 0x10FFFF || (0xD800...0xDFFF).contains(n) { return 0xFFFD }
        return n
    }
}

extension [UInt8] {
    /// Appends the UTF-8 form of scalar value `u`: building the text as bytes and making one
    /// String of them costs a fraction of appending scalars to a String one by one.
    @inline(__always)
    mutating func appendUTF8(_ u: UInt32) {
        switch u {
        case 0..<0x80:
            append(UInt8(u))
        case 0x80..<0x800:
            append(UInt8(0xC0 | u >> 6))
            append(UInt8(0x80 | u & 0x3F))
        case 0x800..<0x10000:
            append(UInt8(0xE0 | u >> 12))
            append(UInt8(0x80 | (u >> 6) & 0x3F))
            append(UInt8(0x80 | u & 0x3F))
        default:
            append(UInt8(0xF0 | u >> 18))
            append(UInt8(0x80 | (u >> 12) & 0x3F))
            append(UInt8(0x80 | (u >> 6) & 0x3F))
            append(UInt8(0x80 | u & 0x3F))
        }
    }
}
