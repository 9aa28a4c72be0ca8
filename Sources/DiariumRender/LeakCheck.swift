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

    /// The first secret found in `data` (a copy Diarium made), read in the encoding it has a
    /// BOM for or declares.
    public func scan(_ data: Data) -> Hit? {
        var scan = fileScan(asText: true)
        scan.feed(data)
        return scan.finish().hit
    }

    /// Reads a file: the first secret in it, and whether it could be read whole as text.
    /// `asText`: the file's media type is a text format (a PDF or an image is read for what text
    /// it shows in the clear, but never counts as read whole).
    public func read(_ data: Data, asText: Bool) -> FileReading {
        var scan = fileScan(asText: asText)
        var offset = 0
        while offset < data.count {
            let end = min(data.count, offset + (1 << 20))
            scan.feed(data[offset..<end])
            offset = end
        }
        return scan.finish()
    }

    /// A file read piece by piece, in bounded memory whatever its size.
    public func fileScan(asText: Bool) -> FileScan { FileScan(self, asText: asText) }

    /// The reading of one file: feed its bytes in order, then `finish`.
    public struct FileScan: Sendable {
        private let check: LeakCheck
        private let asText: Bool
        private var reader: TextReader
        private var scanner: SecretScanner
        private var sawNUL = false

        init(_ check: LeakCheck, asText: Bool) {
            self.check = check
            self.asText = asText
            // A binary file is read byte for byte as Latin-1: what text it holds in the clear
            // (a name in an uncompressed PDF stream) is still found.
            reader = TextReader(format: .plain, encoding: asText ? nil : .isoLatin1)
            scanner = SecretScanner(check.matcher)
        }

        public mutating func feed(_ data: Data) {
            let text = reader.feed(data)
            if asText, !sawNUL, text.utf8.contains(0) { sawNUL = true }
            scanner.feed(text)
        }

        public mutating func finish() -> FileReading {
            let text = reader.finish()
            if asText, text.utf8.contains(0) { sawNUL = true }
            scanner.feed(text)
            let complete = asText && reader.invalidSequences == 0 && !sawNUL
            guard let m = scanner.finish() else { return FileReading(hit: nil, complete: complete) }
            return FileReading(hit: Hit(document: check.secrets[m.tag].document, field: check.secrets[m.tag].field, line: m.line),
                               complete: complete)
        }
    }
}

