public import DiariumModel
public import DiariumText
public import Foundation

/// Reads every produced byte of a release (file contents, names) for the secret values of the
/// documents released and of their cases, however they are written (`SecretMatcher`: case,
/// Unicode forms, white space and line breaks, markup and character references, hyphenation,
/// invisible characters, amounts and numbers in every form, distinctive parts of names), in
/// the encoding the file declares or has a BOM for and in the reading a UTF-8 or Windows editor
/// would show instead. A hit names the document, the field and the line, never the value.
public struct LeakCheck: Sendable {
    public struct Secret: Sendable, Hashable {
        public let document: String
        public let field: String
        public let value: String
        public let kind: SecretMatcher.Kind
        /// Where an amount is looked for (`Scope`): the copies of its own case, and the files a
        /// party it belongs to sent (the supplier's own tender). An equal amount in an unrelated
        /// document is a coincidence, not a leak (a hundred procurements released together show
        /// hundreds of amounts). Empty: every copy (names, text, identifiers).
        public let scopes: Set<String>
        /// What stands in for the value when a text copy is masked, and the provision it cites.
        public let marker: String
        public let provision: String?

        public init(document: String, field: String, value: String, kind: SecretMatcher.Kind? = nil,
                    party: String? = nil, marker: String = "[Sekretess]", provision: String? = nil) {
            self.document = document
            self.field = field
            self.value = value
            self.provision = provision
            let kind = kind ?? .infer(field: field, value: value)
            self.kind = kind
            var scopes = Set<String>()
            if kind == .amount {
                if let c = LeakCheck.caseOf(document) { scopes.insert(Scope.case(c)) }
                if let party { scopes.insert(Scope.party(party)) }
            }
            self.scopes = scopes
            self.marker = marker
        }

        /// The values a document's secret set protects; `party` says whose an amount is.
        public static func of(_ set: SecretSet, document: String, party: (FieldPath) -> String? = { _ in nil },
                              marker: (SecrecyMarking) -> String = { _ in "[Sekretess]" }) -> [Secret] {
            set.values.map {
                Secret(document: document, field: $0.marking.field.description, value: $0.value, kind: $0.kind,
                       party: party($0.field), marker: marker($0.marking), provision: $0.marking.provision)
            }
        }
    }

    /// The places a copy belongs to, for the amounts looked for in it.
    public enum Scope {
        public static func `case`(_ number: String) -> String { "case:" + number }
        public static func party(_ name: String) -> String { "party:" + SecretMatcher.foldedKey(name) }

        /// A copy of `document`: its case, and the party that sent it when it is a registered
        /// file (`sender`: its counterparty).
        public static func of(document: String, sender: String? = nil) -> Set<String> {
            var s = Set<String>()
            if let c = LeakCheck.caseOf(document) { s.insert(Self.case(c)) }
            if let sender { s.insert(party(sender)) }
            return s
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
        /// Whether every byte was read as text in one known encoding: only then can the file be
        /// said to be free of the secret values.
        public let complete: Bool

        public init(hit: Hit?, complete: Bool) {
            self.hit = hit
            self.complete = complete
        }
    }

    let secrets: [Secret]
    /// Every secret: for text that belongs to no one copy (a listing, a decision, a reason).
    let all: SecretMatcher
    private let publicNames: [String]

    /// `publicNames`: names the released documents show publicly (handlers, registrars, the
    /// decision maker, public parties); a secret name's distinctive word inside one of them
    /// written out is that public name (`SecretMatcher`).
    public init(_ secrets: [Secret], publicNames: [String] = []) {
        var unique: [Secret] = []
        var seen = Set<Secret>()
        for s in secrets where !s.value.isEmpty && seen.insert(s).inserted { unique.append(s) }
        self.secrets = unique
        self.publicNames = Array(Set(publicNames)).sorted()
        all = Self.matcher(unique, self.publicNames) { _ in true }
    }

    static func matcher(_ secrets: [Secret], _ publicNames: [String], _ pick: (Secret) -> Bool) -> SecretMatcher {
        SecretMatcher(secrets.enumerated().filter { pick($0.element) }.map { .init(value: $0.element.value, kind: $0.element.kind, tag: $0.offset) },
                      publicNames: publicNames)
    }

    public var isEmpty: Bool { all.isEmpty }

    /// This check with the secrets and public names of `other` as well.
    public func adding(_ other: LeakCheck) -> LeakCheck {
        LeakCheck(secrets + other.secrets, publicNames: publicNames + other.publicNames)
    }

    /// The case of a document number (`RS 2026/0042-3` → `RS 2026/0042`), or the case number
    /// itself.
    static func caseOf(_ number: String) -> String? {
        DocumentNumber(parsing: number)?.caseNumber.description ?? CaseNumber(parsing: number)?.description
    }

    /// What is looked for in a copy that belongs to `scopes` (nil: every secret).
    func matcher(for scopes: Set<String>?) -> SecretMatcher {
        guard let scopes else { return all }
        guard secrets.contains(where: { !$0.scopes.isEmpty }) else { return all }
        return Self.matcher(secrets, publicNames) { $0.scopes.isEmpty || !$0.scopes.isDisjoint(with: scopes) }
    }

    func hit(_ m: SecretMatcher.Match) -> Hit { Hit(document: secrets[m.tag].document, field: secrets[m.tag].field, line: m.line) }

    /// The first secret found in `text`; `scopes`: where the text belongs (`Scope.of`), nil for
    /// text that belongs everywhere.
    public func scan(text: String, in scopes: Set<String>? = nil) -> Hit? {
        guard !isEmpty, let m = matcher(for: scopes).firstMatch(in: text) else { return nil }
        return hit(m)
    }

    /// The first secret found in `data` (a copy Diarium made, UTF-8).
    public func scan(_ data: Data, in scopes: Set<String>? = nil) -> Hit? {
        scan(text: String(decoding: data, as: UTF8.self), in: scopes)
    }

    /// `text` with every secret it gives away replaced by the secret's marker, and the secrets
    /// it gave away: how a readable file that names a detail kept secret goes out.
    public func masking(_ text: String, in scopes: Set<String>? = nil) -> (text: String, masked: [Secret]) {
        guard !isEmpty else { return (text, []) }
        let matcher = matcher(for: scopes)
        var masked: [Secret] = []
        var seen = Set<Int>()
        let out = matcher.masking(text) { tag in
            if seen.insert(tag).inserted { masked.append(secrets[tag]) }
            return secrets[tag].marker
        }
        return (out, masked)
    }

    /// Reads a file: the first secret in it, and whether it could be read whole as text.
    /// `asText`: the file's media type is a text format (a PDF or an image is read for what text
    /// it shows in the clear, but never counts as read whole).
    public func read(_ data: Data, asText: Bool, in scopes: Set<String>? = nil) -> FileReading {
        var scan = fileScan(asText: asText, in: scopes)
        var offset = 0
        while offset < data.count {
            let end = min(data.count, offset + (1 << 20))
            scan.feed(data[offset..<end])
            offset = end
        }
        return scan.finish()
    }

    /// A file read piece by piece, in bounded memory whatever its size.
    public func fileScan(asText: Bool, in scopes: Set<String>? = nil) -> FileScan { FileScan(self, asText: asText, scopes: scopes) }

    /// The reading of one file: feed its bytes in order, then `finish`.
    ///
    /// A text file is read twice: in the encoding its BOM or declaration names (or the sniffer
    /// guesses), and in the other of UTF-8 and Windows-1252, the two a Swedish file is really in
    /// whatever it declares. One stray Windows byte in a UTF-8 file, or a `<meta charset>` that
    /// lies, no longer hides `Sjöberg` as `SjÃ¶berg`; and a file whose bytes make sense in both
    /// (UTF-8 sequences beside single Windows bytes) is not read whole.
    public struct FileScan: Sendable {
        private let check: LeakCheck
        private let asText: Bool
        private var primary: TextReader
        private var alternate: TextReader?
        private var alternateDecided = false
        /// The bytes fed before the primary reader chose its encoding, for the alternate.
        private var head = Data()
        private var scanners: [SecretScanner]
        private var sawNUL = false
        /// The UTF-8 reading met non-ASCII text that decoded (a multi-byte sequence).
        private var utf8Text = false

        init(_ check: LeakCheck, asText: Bool, scopes: Set<String>?) {
            self.check = check
            self.asText = asText
            // A binary file is read byte for byte as Latin-1: what text it holds in the clear
            // (a name in an uncompressed PDF stream) is still found.
            primary = TextReader(format: .plain, encoding: asText ? nil : .isoLatin1)
            let matcher = check.matcher(for: scopes)
            scanners = [SecretScanner(matcher), SecretScanner(matcher)]
            alternateDecided = !asText
        }

        public mutating func feed(_ data: Data) {
            take(primary.feed(data), primary: true)
            if alternateDecided {
                if alternate != nil { feedAlternate(data) }
            } else {
                head.append(data)
                if primary.encoding != nil { decideAlternate() }
            }
        }

        /// The other of UTF-8 and Windows-1252, once the primary reader has chosen, given every
        /// byte so far.
        private mutating func decideAlternate() {
            alternateDecided = true
            switch primary.encoding?.encoding {
            case .utf8?: alternate = TextReader(format: .plain, encoding: .windows1252)
            case .windows1252?, .isoLatin1?: alternate = TextReader(format: .plain, encoding: .utf8)
            default: alternate = nil
            }
            if alternate != nil { feedAlternate(head) }
            head = Data()
        }

        private mutating func feedAlternate(_ data: Data) {
            guard var a = alternate else { return }
            let text = a.feed(data)
            alternate = a
            take(text, primary: false)
        }

        private var primaryIsUTF8: Bool { primary.encoding?.encoding == .utf8 }

        private mutating func take(_ text: String, primary isPrimary: Bool) {
            guard !text.isEmpty else { return }
            if asText, isPrimary, !sawNUL, text.utf8.contains(0) { sawNUL = true }
            if !utf8Text, isPrimary == primaryIsUTF8,
               text.unicodeScalars.contains(where: { $0.value >= 0x80 && $0 != "\u{FFFD}" }) {
                utf8Text = true
            }
            scanners[isPrimary ? 0 : 1].feed(text)
        }

        public mutating func finish() -> FileReading {
            take(primary.finish(), primary: true)
            if !alternateDecided { decideAlternate() }
            if var a = alternate {
                let text = a.finish()
                alternate = a
                take(text, primary: false)
            }
            let singleByte = primary.encoding.map { $0.encoding == .windows1252 || $0.encoding == .isoLatin1 } ?? false
            // Read whole: one encoding decoded every byte, no NUL of a binary file, and a
            // single-byte reading was not chosen over bytes that also make UTF-8 text.
            let complete = asText && primary.invalidSequences == 0 && !sawNUL && !(singleByte && utf8Text)
            let m = scanners[0].finish() ?? scanners[1].finish()
            return FileReading(hit: m.map(check.hit), complete: complete)
        }
    }
}
