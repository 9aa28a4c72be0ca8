public import DiariumModel
public import DiariumText
public import Foundation

/// Reads every produced byte of a release (file contents, names) for the secret values of the
/// documents released and of the request, however they are written (`SecretMatcher`: case,
/// Unicode forms, white space and line breaks, markup and character references, hyphenation,
/// invisible characters, amounts and numbers in every form, distinctive parts of names), in
/// the encoding the file declares or has a BOM for. A hit names the document, the field and the
/// line, never the value.
public struct LeakCheck: Sendable {
    public struct Secret: Sendable, Hashable {
        public let document: String
        public let field: String
        public let value: String
        public let kind: SecretMatcher.Kind

        public init(document: String, field: String, value: String, kind: SecretMatcher.Kind? = nil) {
            self.document = document
            self.field = field
            self.value = value
            self.kind = kind ?? .infer(field: field, value: value)
        }

        /// The values a document's secret set protects.
        public static func of(_ set: SecretSet, document: String) -> [Secret] {
            set.values.map { Secret(document: document, field: $0.marking.field.description, value: $0.value, kind: $0.kind) }
        }
    }

    public struct Hit: Sendable, Hashable {
        public let document: String
        public let field: String
        /// 1-based line of the text it was found in.
        public let line: Int
    }

    /// What reading a file found.
    public struct FileReading: Sendable, Hashable {
        public let hit: Hit?
        /// Whether every byte was read as text in a known encoding: only then can the file be said
        /// to be free of the secret values.
        public let complete: Bool

        public init(hit: Hit?, complete: Bool) {
            self.hit = hit
            self.complete = complete
        }
    }

    private let secrets: [Secret]
    private let matcher: SecretMatcher

    /// `officials`: names of the officials the released documents name as such (handlers,
    /// registrars, the decision maker): their words are no distinctive part of a secret name.
    public init(_ secrets: [Secret], officials: [String] = []) {
        var unique: [Secret] = []
        var seen = Set<Secret>()
        for s in secrets where !s.value.isEmpty && seen.insert(s).inserted { unique.append(s) }
        self.secrets = unique
        let shared = officials.reduce(into: Set<String>()) { $0.formUnion(SecretMatcher.foldedWords($1)) }
        matcher = SecretMatcher(unique.enumerated().map { .init(value: $0.element.value, kind: $0.element.kind, tag: $0.offset) },
                                sharedWords: shared)
    }

    public var isEmpty: Bool { matcher.isEmpty }

    /// The first secret found in `text`.
    public func scan(text: String) -> Hit? {
        guard !isEmpty, let m = matcher.firstMatch(in: text) else { return nil }
        return Hit(document: secrets[m.tag].document, field: secrets[m.tag].field, line: m.line)
    }

    /// The first secret found in `data`, read in the encoding it has a BOM for or declares
    /// (UTF-8, else Windows-1252).
    public func scan(_ data: Data) -> Hit? { read(data, asText: true).hit }

    /// Reads a file: the first secret in it, and whether it could be read whole as text.
    /// `asText`: the file's media type is a text format (a PDF or an image is read for what text
    /// it shows in the clear, but never counts as read whole).
    public func read(_ data: Data, asText: Bool) -> FileReading {
        let decoded = FileText.decode(data)
        let complete = asText && decoded.complete
        guard !isEmpty else { return FileReading(hit: nil, complete: complete) }
        if let hit = scan(text: decoded.text) { return FileReading(hit: hit, complete: complete) }
        // A binary file may hold text in another single-byte reading, and UTF-16 text without a
        // BOM read as bytes: look in the Latin-1 reading as well.
        if !decoded.complete || !asText, decoded.encoding != .latin1 {
            let other = String(decoding: data.map { UInt16($0) }, as: UTF16.self)
            if let hit = scan(text: other) { return FileReading(hit: hit, complete: false) }
        }
        return FileReading(hit: nil, complete: complete)
    }
}

/// Bytes of a file as text, in the encoding it has a BOM for, declares (an XML declaration, an
/// HTML meta charset) or shows (UTF-16 by its NUL bytes, valid UTF-8), else Windows-1252.
public enum FileText {
    public enum Encoding: Sendable, Hashable { case utf8, utf16LE, utf16BE, utf32LE, utf32BE, latin1, windows1252 }

    public struct Decoded: Sendable {
        public let text: String
        public let encoding: Encoding
        /// No byte was undecodable and none was a NUL of a binary file.
        public let complete: Bool
    }

    public static func decode(_ data: Data) -> Decoded {
        let bytes = [UInt8](data)
        let encoding = sniff(bytes)
        switch encoding {
        case .utf8:
            let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
            if let s = String(validating: body, as: UTF8.self) { return Decoded(text: s, encoding: .utf8, complete: !body.contains(0)) }
            return Decoded(text: String(decoding: body, as: UTF8.self), encoding: .utf8, complete: false)
        case .utf16LE, .utf16BE:
            let hasBOM = bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF])
            let body = hasBOM ? Array(bytes.dropFirst(2)) : bytes
            var units: [UInt16] = []
            units.reserveCapacity(body.count / 2)
            var i = 0
            while i + 1 < body.count {
                units.append(encoding == .utf16LE ? UInt16(body[i]) | UInt16(body[i + 1]) << 8 : UInt16(body[i]) << 8 | UInt16(body[i + 1]))
                i += 2
            }
            let strict = String(validating: units, as: UTF16.self)
            return Decoded(text: strict ?? String(decoding: units, as: UTF16.self), encoding: encoding,
                           complete: strict != nil && body.count % 2 == 0)
        case .utf32LE, .utf32BE:
            var scalars = String.UnicodeScalarView()
            var ok = bytes.count % 4 == 0
            var i = 4
            while i + 3 < bytes.count {
                let v = encoding == .utf32LE
                    ? UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
                    : UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
                if let u = Unicode.Scalar(v) { scalars.append(u) } else { ok = false; scalars.append("\u{FFFD}") }
                i += 4
            }
            return Decoded(text: String(scalars), encoding: encoding, complete: ok)
        case .latin1, .windows1252:
            var scalars = String.UnicodeScalarView()
            var ok = true
            for b in bytes {
                if encoding == .windows1252, (0x80...0x9F).contains(b) {
                    if let v = windows1252[b], let u = Unicode.Scalar(v) { scalars.append(u) } else { ok = false; scalars.append("\u{FFFD}") }
                } else {
                    if b == 0 { ok = false }
                    scalars.append(Unicode.Scalar(b))
                }
            }
            return Decoded(text: String(scalars), encoding: encoding, complete: ok)
        }
    }

    static func sniff(_ b: [UInt8]) -> Encoding {
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { return .utf8 }
        if b.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return .utf32LE }
        if b.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return .utf32BE }
        if b.starts(with: [0xFF, 0xFE]) { return .utf16LE }
        if b.starts(with: [0xFE, 0xFF]) { return .utf16BE }
        // UTF-16 without a BOM: text of Latin letters has a NUL in every other byte.
        let head = b.prefix(512)
        if head.count >= 4 {
            let evens = stride(from: 0, to: head.count, by: 2).filter { head[head.startIndex + $0] == 0 }.count
            let odds = stride(from: 1, to: head.count, by: 2).filter { head[head.startIndex + $0] == 0 }.count
            let half = head.count / 2
            if odds * 10 >= half * 7, evens * 10 < half { return .utf16LE }
            if evens * 10 >= half * 7, odds * 10 < half { return .utf16BE }
        }
        if let declared = declaredEncoding(head) { return declared }
        if String(validating: b, as: UTF8.self) != nil { return .utf8 }
        return .windows1252
    }

    /// `encoding="…"` of an XML declaration or `charset=…` of an HTML meta element, in the first
    /// bytes.
    static func declaredEncoding(_ head: ArraySlice<UInt8>) -> Encoding? {
        let text = String(decoding: head, as: UTF8.self).lowercased()
        for key in ["encoding=", "charset="] {
            guard let r = text.range(of: key) else { continue }
            let name = text[r.upperBound...].drop { $0 == "\"" || $0 == "'" || $0 == " " }
                .prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }
            switch name {
            case "utf-8", "utf8": return .utf8
            case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "l1": return .latin1
            case "windows-1252", "cp1252", "iso-8859-15", "latin-9": return .windows1252
            case "utf-16le": return .utf16LE
            case "utf-16be", "utf-16": return .utf16BE
            default: continue
            }
        }
        return nil
    }

    /// The bytes 0x80–0x9F of Windows-1252 (five are undefined).
    static let windows1252: [UInt8: UInt32] = [
        0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021, 0x88: 0x02C6,
        0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018, 0x92: 0x2019, 0x93: 0x201C,
        0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC, 0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A,
        0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
    ]
}
