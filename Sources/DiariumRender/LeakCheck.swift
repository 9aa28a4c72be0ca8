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
        /// For an amount: the case (matter) whose copies it is looked for in. An equal amount in
        /// an unrelated document is a coincidence, not a leak (a hundred procurements released
        /// together show hundreds of amounts); names, text and identifiers are looked for in
        /// every copy.
        public let scope: String?

        public init(document: String, field: String, value: String, kind: SecretMatcher.Kind? = nil) {
            self.document = document
            self.field = field
            self.value = value
            let kind = kind ?? .infer(field: field, value: value)
            self.kind = kind
            scope = kind == .amount ? LeakCheck.caseOf(document) : nil
        }

        /// The values a document's secret set protects (`sharedWords` of the set go to the
        /// check's init).
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
    /// Every secret: for text that belongs to no one case (a listing, a decision, a reason).
    private let matcher: SecretMatcher
    /// The secrets looked for in a copy of a document of a case: the unscoped ones, and the
    /// amounts of that case.
    private let byCase: [String: SecretMatcher]
    private let unscoped: SecretMatcher

    /// `officials`: names of the officials the released documents name as such (handlers,
    /// registrars, the decision maker); `sharedWords`: words of public names in the documents.
    /// Neither is a distinctive part of a secret name.
    public init(_ secrets: [Secret], officials: [String] = [], sharedWords: Set<String> = []) {
        var unique: [Secret] = []
        var seen = Set<Secret>()
        for s in secrets where !s.value.isEmpty && seen.insert(s).inserted { unique.append(s) }
        self.secrets = unique
        let shared = officials.reduce(into: sharedWords) { $0.formUnion(SecretMatcher.foldedWords($1)) }
        func matcher(_ pick: (Secret) -> Bool) -> SecretMatcher {
            SecretMatcher(unique.enumerated().filter { pick($0.element) }.map { .init(value: $0.element.value, kind: $0.element.kind, tag: $0.offset) },
                          sharedWords: shared)
        }
        self.matcher = matcher { _ in true }
        unscoped = matcher { $0.scope == nil }
        var byCase: [String: SecretMatcher] = [:]
        for scope in Set(unique.compactMap(\.scope)) { byCase[scope] = matcher { $0.scope == nil || $0.scope == scope } }
        self.byCase = byCase
    }

    public var isEmpty: Bool { matcher.isEmpty }

    /// The case of a document number (`RS 2026/0042-3` → `RS 2026/0042`), or the case number
    /// itself.
    static func caseOf(_ number: String) -> String? {
        DocumentNumber(parsing: number)?.caseNumber.description ?? CaseNumber(parsing: number)?.description
    }

    /// What is looked for in a copy of `document` (nil: every secret).
    func matcher(for document: String?) -> SecretMatcher {
        guard let document, let c = DocumentNumber(parsing: document)?.caseNumber.description else { return matcher }
        return byCase[c] ?? unscoped
    }

    /// The first secret found in `text`; `document`: the document the text is a copy of (its
    /// case's amounts are looked for, no other case's).
    public func scan(text: String, of document: String? = nil) -> Hit? {
        guard !isEmpty, let m = matcher(for: document).firstMatch(in: text) else { return nil }
        return Hit(document: secrets[m.tag].document, field: secrets[m.tag].field, line: m.line)
    }

    /// The first secret found in `data` (a copy Diarium made), read in the encoding it has a
    /// BOM for or declares.
    public func scan(_ data: Data, of document: String? = nil) -> Hit? {
        var scan = fileScan(asText: true, of: document)
        scan.feed(data)
        return scan.finish().hit
    }

    /// Reads a file: the first secret in it, and whether it could be read whole as text.
    /// `asText`: the file's media type is a text format (a PDF or an image is read for what text
    /// it shows in the clear, but never counts as read whole).
    public func read(_ data: Data, asText: Bool, of document: String? = nil) -> FileReading {
        var scan = fileScan(asText: asText, of: document)
        var offset = 0
        while offset < data.count {
            let end = min(data.count, offset + (1 << 20))
            scan.feed(data[offset..<end])
            offset = end
        }
        return scan.finish()
    }

    /// A file read piece by piece, in bounded memory whatever its size.
    public func fileScan(asText: Bool, of document: String? = nil) -> FileScan { FileScan(self, asText: asText, of: document) }

    /// The reading of one file: feed its bytes in order, then `finish`.
    public struct FileScan: Sendable {
        private let check: LeakCheck
        private let asText: Bool
        private var reader: TextReader
        private var scanner: SecretScanner
        private var sawNUL = false

        init(_ check: LeakCheck, asText: Bool, of document: String?) {
            self.check = check
            self.asText = asText
            // A binary file is read byte for byte as Latin-1: what text it holds in the clear
            // (a name in an uncompressed PDF stream) is still found.
            reader = TextReader(format: .plain, encoding: asText ? nil : .isoLatin1)
            scanner = SecretScanner(check.matcher(for: document))
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

