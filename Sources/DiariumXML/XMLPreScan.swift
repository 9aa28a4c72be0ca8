/// A byte-level reading of XML markup, run on every chunk before libxml2 sees it, that counts what
/// `XMLLimits` bounds and refuses a document type declaration before its first byte is parsed.
///
/// It understands exactly the markup structure of well-formed XML (comments, processing
/// instructions, CDATA sections, quoted attribute values holding `>`), so on every well-formed
/// prefix it sees the same elements and attributes as libxml2. Where the two could part (a `<`
/// inside a tag or a value, an unquoted value, junk between attributes) the document is not
/// well-formed and the scan refuses it itself. libxml2's push parser stops at its first fatal
/// error, so the scan never needs to follow libxml2's error recovery.
///
/// The encoding is decided as libxml2 decides it (its four-byte detection, then the XML
/// declaration), and only encodings in which markup characters are single ASCII code units are
/// read: in any other (UTF-7's `+ADw-`, EBCDIC, Shift_JIS trail bytes, ISO-2022 shifts) libxml2
/// could see markup that a byte scan does not.
///
/// O(1) work per byte and O(depth) memory; a chunk may end anywhere, even inside a UTF-16 code
/// unit.
struct XMLPreScan {
    private enum Units: UInt8 { case undecided, bytes, utf16LE, utf16BE }

    private enum State: UInt8 {
        case text, lt, bang, bangDash, cdataKeyword, doctypeKeyword, comment, pi, cdata
        case startName, tag, attrName, afterAttrName, beforeValue, valueDouble, valueSingle
        case afterValue, emptyTagSlash, endTag
    }

    let limits: XMLLimits
    private var units = Units.undecided
    /// The first bytes, held until four decide the encoding.
    private var head: [UInt8] = []
    /// The first byte of a UTF-16 code unit split between two chunks.
    private var oddByte: UInt8?
    private var state = State.text
    private var line = 1
    private var lastWasCR = false
    private var bytes = 0
    /// Code units seen after the byte-order mark: a declaration counts only at unit 0.
    private var unitIndex = 0
    private var ltUnitIndex = -1
    private var depth = 0
    private var nodes = 0
    private var namespacesInScope = 0
    /// Namespace declarations of each open element, popped with it.
    private var namespaceStack: [Int] = []
    private var tagAttributes = 0
    private var tagNamespaces = 0
    /// Progress matching an attribute name against `xmlns` (1…5), 6 for `xmlns:…`, -1 otherwise.
    private var xmlnsMatch = -1
    private var attributeIsNamespace = false
    /// Dashes, brackets, question marks or keyword letters matched so far, by state.
    private var run = 0
    private var inTextRun = false
    /// The XML declaration (`<?xml …?>` at the start), captured to read its encoding.
    private var capturingDeclaration = false
    private var declaration: [UInt8] = []
    /// Longer declarations are refused: a real one is under 100 bytes, and an encoding name
    /// hidden past the capture would go unread.
    private static let maximumDeclaration = 1024

    init(limits: XMLLimits) { self.limits = limits }

    /// Reads the next chunk. Throws the first limit, DTD or markup the scan refuses.
    mutating func scan(_ chunk: UnsafeRawBufferPointer) throws(XMLRejection) {
        var chunk = chunk
        if bytes + chunk.count > limits.maxBytes {
            // Read up to the limit first, so the refusal names the line where it was crossed.
            let allowed = max(0, limits.maxBytes - bytes)
            try scan(UnsafeRawBufferPointer(rebasing: chunk[..<allowed]))
            throw refusal(.tooLarge, limits.maxBytes, "document larger than \(limits.maxBytes) bytes")
        }
        bytes += chunk.count
        if units == .undecided {
            let needed = min(4 - head.count, chunk.count)
            head.append(contentsOf: chunk[..<needed])
            chunk = UnsafeRawBufferPointer(rebasing: chunk[needed...])
            guard head.count == 4 else { return }
            try decideEncoding()
        }
        try scanUnits(chunk)
    }

    /// Ends the document: decides the encoding of an input shorter than four bytes.
    mutating func finish() throws(XMLRejection) {
        if units == .undecided { try decideEncoding() }
    }

    // MARK: Encoding

    private mutating func decideEncoding() throws(XMLRejection) {
        let h = head
        func starts(_ p: [UInt8]) -> Bool { h.starts(with: p) }
        var skip = 0
        if starts([0x00, 0x00, 0x00, 0x3C]) || starts([0x3C, 0x00, 0x00, 0x00])
            || starts([0x00, 0x00, 0x3C, 0x00]) || starts([0x00, 0x3C, 0x00, 0x00])
            || starts([0x4C, 0x6F, 0xA7, 0x94]) {
            throw refusal(.encodingNotSupported, nil, "encoding not supported (UCS-4 or EBCDIC)")
        } else if starts([0x3C, 0x00, 0x3F, 0x00]) {
            units = .utf16LE
        } else if starts([0x00, 0x3C, 0x00, 0x3F]) {
            units = .utf16BE
        } else if starts([0xEF, 0xBB, 0xBF]) {
            units = .bytes; skip = 3
        } else if starts([0xFE, 0xFF]) {
            units = .utf16BE; skip = 2
        } else if starts([0xFF, 0xFE]) {
            units = .utf16LE; skip = 2
        } else {
            units = .bytes
        }
        head = []
        var failure: XMLRejection?
        h.dropFirst(skip).withUnsafeBytes { raw in
            do throws(XMLRejection) { try scanUnits(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Whether libxml2 reads a document declared as `name` with the same code units as the scan.
    static func isReadable(declared name: [UInt8], asUTF16 utf16: Bool, littleEndian: Bool) -> Bool {
        let n = String(decoding: name, as: UTF8.self).lowercased()
        if utf16 {
            // Any other name makes libxml2 switch decoders mid-document.
            return n == "utf-16" || n == "utf16" || n == (littleEndian ? "utf-16le" : "utf-16be")
        }
        // "UTF-16" on bytes that are not UTF-16 is refused by libxml2 itself, which keeps UTF-8.
        let exact: Set<String> = ["utf-8", "utf8", "us-ascii", "ascii", "latin1", "latin-1", "utf-16", "utf16"]
        if exact.contains(n) { return true }
        for prefix in ["iso-8859-", "iso8859-", "iso_8859-"] where n.hasPrefix(prefix) {
            guard let part = Int(n.dropFirst(prefix.count)) else { return false }
            return (1...16).contains(part) && part != 12
        }
        for prefix in ["windows-", "cp"] where n.hasPrefix(prefix) {
            guard let page = Int(n.dropFirst(prefix.count)) else { return false }
            return (1250...1258).contains(page)
        }
        return false
    }

    // MARK: Units

    private mutating func scanUnits(_ raw: UnsafeRawBufferPointer) throws(XMLRejection) {
        switch units {
        case .bytes:
            for b in raw { try step(UInt32(b)) }
        case .utf16LE, .utf16BE:
            let little = units == .utf16LE
            var i = raw.startIndex
            if let first = oddByte, i < raw.endIndex {
                oddByte = nil
                let second = raw[i]
                try step(little ? UInt32(first) | UInt32(second) << 8 : UInt32(first) << 8 | UInt32(second))
                i += 1
            }
            while i + 1 < raw.endIndex {
                let a = UInt32(raw[i]), b = UInt32(raw[i + 1])
                try step(little ? a | b << 8 : a << 8 | b)
                i += 2
            }
            if i < raw.endIndex { oddByte = raw[i] }
        case .undecided:
            break
        }
    }

    // MARK: Markup

    @inline(__always)
    private static func isSpace(_ c: UInt32) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }

    @inline(__always)
    private static func isNameStart(_ c: UInt32) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || c == 0x5F || c == 0x3A || c >= 0x80
    }

    private static let cdataKeyword: [UInt32] = Array("[CDATA[".unicodeScalars.map(\.value))
    private static let doctypeKeyword: [UInt32] = Array("DOCTYPE".unicodeScalars.map(\.value))
    private static let xmlns: [UInt32] = Array("xmlns".unicodeScalars.map(\.value))

    @inline(__always)
    private mutating func step(_ c: UInt32) throws(XMLRejection) {
        if c == 0x0A {
            if !lastWasCR { line += 1 }
            lastWasCR = false
        } else if c == 0x0D {
            line += 1
            lastWasCR = true
        } else {
            lastWasCR = false
        }
        defer { unitIndex &+= 1 }
        switch state {
        case .text:
            if c == 0x3C {
                state = .lt
                ltUnitIndex = unitIndex
                inTextRun = false
            } else if !inTextRun {
                inTextRun = true
                try countNode()
            }
        case .lt:
            if c == 0x2F {
                state = .endTag
            } else if c == 0x3F {
                state = .pi
                run = 0
                capturingDeclaration = ltUnitIndex == 0
                try countNode()
            } else if c == 0x21 {
                state = .bang
            } else if Self.isNameStart(c) {
                state = .startName
                tagAttributes = 0
                tagNamespaces = 0
                try countNode()
            } else {
                throw malformed("'<' not followed by a name, '/', '?' or '!'")
            }
        case .bang:
            if c == 0x2D {
                state = .bangDash
            } else if c == 0x5B {
                state = .cdataKeyword
                run = 1
            } else if c == 0x44 || c == 0x64 {
                state = .doctypeKeyword
                run = 1
            } else {
                throw malformed("'<!' not followed by a comment or a CDATA section")
            }
        case .bangDash:
            guard c == 0x2D else { throw malformed("'<!-' not followed by '-'") }
            state = .comment
            run = 0
            try countNode()
        case .cdataKeyword:
            guard c == Self.cdataKeyword[run] else { throw malformed("'<![' not followed by 'CDATA['") }
            run += 1
            if run == Self.cdataKeyword.count {
                state = .cdata
                run = 0
                try countNode()
            }
        case .doctypeKeyword:
            // Case-insensitive, as the DOM parser has always refused `<!doctype`.
            let upper = c >= 0x61 && c <= 0x7A ? c - 0x20 : c
            guard upper == Self.doctypeKeyword[run] else { throw malformed("'<!D' not followed by 'OCTYPE'") }
            run += 1
            if run == Self.doctypeKeyword.count {
                throw refusal(.doctypeNotAllowed, nil, "document type declaration (DTD) not allowed")
            }
        case .comment:
            if c == 0x2D {
                run += 1
            } else {
                if c == 0x3E && run >= 2 { state = .text }
                run = 0
            }
        case .pi:
            if c == 0x3E && run == 1 {
                state = .text
                if capturingDeclaration { try readDeclaration() }
            } else if capturingDeclaration {
                try capture(c)
            }
            run = c == 0x3F ? 1 : 0
        case .cdata:
            if c == 0x5D {
                run += 1
            } else {
                if c == 0x3E && run >= 2 { state = .text }
                run = 0
            }
        case .startName:
            if Self.isSpace(c) {
                state = .tag
            } else if c == 0x2F {
                state = .emptyTagSlash
            } else if c == 0x3E {
                try openElement(keepOpen: true)
            } else if c == 0x3C || c == 0x22 || c == 0x27 || c == 0x3D {
                throw malformed("unexpected character in an element name")
            }
        case .tag:
            if Self.isSpace(c) {
                break
            } else if c == 0x2F {
                state = .emptyTagSlash
            } else if c == 0x3E {
                try openElement(keepOpen: true)
            } else if c == 0x3C || c == 0x22 || c == 0x27 || c == 0x3D {
                throw malformed("unexpected character in a start tag")
            } else {
                tagAttributes += 1
                if tagAttributes > limits.maxAttributesPerElement {
                    throw refusal(.tooManyAttributes, limits.maxAttributesPerElement,
                                  "more than \(limits.maxAttributesPerElement) attributes on one element")
                }
                try countNode()
                xmlnsMatch = c == Self.xmlns[0] ? 1 : -1
                state = .attrName
            }
        case .attrName:
            if c == 0x3D {
                attributeIsNamespace = xmlnsMatch == 5 || xmlnsMatch == 6
                state = .beforeValue
            } else if Self.isSpace(c) {
                attributeIsNamespace = xmlnsMatch == 5 || xmlnsMatch == 6
                state = .afterAttrName
            } else if c == 0x3C || c == 0x3E || c == 0x2F || c == 0x22 || c == 0x27 {
                throw malformed("attribute without a value")
            } else if xmlnsMatch >= 1 && xmlnsMatch < 5 {
                xmlnsMatch = c == Self.xmlns[xmlnsMatch] ? xmlnsMatch + 1 : -1
            } else if xmlnsMatch == 5 {
                xmlnsMatch = c == 0x3A ? 6 : -1
            }
        case .afterAttrName:
            if c == 0x3D {
                state = .beforeValue
            } else if !Self.isSpace(c) {
                throw malformed("attribute without a value")
            }
        case .beforeValue:
            if c == 0x22 {
                state = .valueDouble
            } else if c == 0x27 {
                state = .valueSingle
            } else if !Self.isSpace(c) {
                throw malformed("attribute value not in quotes")
            }
        case .valueDouble, .valueSingle:
            if c == (state == .valueDouble ? 0x22 : 0x27) {
                if attributeIsNamespace { tagNamespaces += 1 }
                state = .afterValue
            } else if c == 0x3C {
                throw malformed("'<' in an attribute value")
            }
        case .afterValue:
            if Self.isSpace(c) {
                state = .tag
            } else if c == 0x2F {
                state = .emptyTagSlash
            } else if c == 0x3E {
                try openElement(keepOpen: true)
            } else {
                throw malformed("no white space between attributes")
            }
        case .emptyTagSlash:
            guard c == 0x3E else { throw malformed("'/' in a start tag not followed by '>'") }
            try openElement(keepOpen: false)
        case .endTag:
            if c == 0x3E {
                state = .text
                if let n = namespaceStack.popLast() {
                    depth -= 1
                    namespacesInScope -= n
                }
            } else if c == 0x3C {
                throw malformed("'<' in an end tag")
            }
        }
    }

    /// A start tag ended: an empty element is opened and closed at once, but counts while open.
    private mutating func openElement(keepOpen: Bool) throws(XMLRejection) {
        state = .text
        if depth + 1 > limits.maxDepth {
            throw refusal(.tooDeep, limits.maxDepth, "elements nested deeper than \(limits.maxDepth)")
        }
        if namespacesInScope + tagNamespaces > limits.maxNamespacesInScope {
            throw refusal(.tooManyNamespaces, limits.maxNamespacesInScope,
                          "more than \(limits.maxNamespacesInScope) namespace declarations in scope")
        }
        guard keepOpen else { return }
        depth += 1
        namespacesInScope += tagNamespaces
        namespaceStack.append(tagNamespaces)
    }

    @inline(__always)
    private mutating func countNode() throws(XMLRejection) {
        nodes += 1
        if nodes > limits.maxNodes {
            throw refusal(.tooManyNodes, limits.maxNodes, "more than \(limits.maxNodes) nodes")
        }
    }

    // MARK: Declaration

    private mutating func capture(_ c: UInt32) throws(XMLRejection) {
        declaration.append(c < 0x80 ? UInt8(c) : 0xFF)
        if declaration.count == 4 {
            // Only `<?xml` and white space is the declaration; `<?xml-stylesheet` is a PI.
            let isDeclaration = declaration.starts(with: Array("xml".utf8)) && Self.isSpace(UInt32(declaration[3]))
            if !isDeclaration {
                capturingDeclaration = false
                declaration = []
            }
        } else if declaration.count > Self.maximumDeclaration {
            throw malformed("XML declaration longer than \(Self.maximumDeclaration) characters")
        }
    }

    /// Reads the pseudo-attributes of the declaration and checks every `encoding` among them
    /// (libxml2 reads the last one it accepts; checking all leaves no way to hide one).
    private mutating func readDeclaration() throws(XMLRejection) {
        capturingDeclaration = false
        // The capture holds "xml …?" (without the final '>').
        var d = declaration.dropFirst(3)
        declaration = []
        if d.last == UInt8(ascii: "?") { d = d.dropLast() }
        var i = d.startIndex
        func skipSpace() { while i < d.endIndex, Self.isSpace(UInt32(d[i])) { i += 1 } }
        while true {
            skipSpace()
            if i == d.endIndex { return }
            let nameStart = i
            while i < d.endIndex, (d[i] >= 0x61 && d[i] <= 0x7A) || (d[i] >= 0x41 && d[i] <= 0x5A) { i += 1 }
            let name = d[nameStart..<i]
            skipSpace()
            guard !name.isEmpty, i < d.endIndex, d[i] == UInt8(ascii: "=") else {
                throw malformed("XML declaration not understood")
            }
            i += 1
            skipSpace()
            guard i < d.endIndex, d[i] == 0x22 || d[i] == 0x27 else { throw malformed("XML declaration not understood") }
            let quote = d[i]
            i += 1
            let valueStart = i
            while i < d.endIndex, d[i] != quote { i += 1 }
            guard i < d.endIndex else { throw malformed("XML declaration not understood") }
            let value = Array(d[valueStart..<i])
            i += 1
            if name.elementsEqual("encoding".utf8),
               !Self.isReadable(declared: value, asUTF16: units != .bytes, littleEndian: units == .utf16LE) {
                throw refusal(.encodingNotSupported, nil, "encoding not supported")
            }
        }
    }

    // MARK: Refusals

    private func refusal(_ reason: XMLRejection.Reason, _ limit: Int?, _ message: String) -> XMLRejection {
        XMLRejection(reason: reason, issues: [XMLIssue(line: line, code: 0, message: message)], limit: limit)
    }

    private func malformed(_ message: String) -> XMLRejection {
        refusal(.malformed, nil, message)
    }
}
