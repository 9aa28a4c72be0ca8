import Foundation

/// Finds secret values in text however they are written: the one matcher behind the free-text
/// check at input, the leak check of a release, the decision's claim that a file does not hold a
/// masked detail, and the masking of a text copy.
///
/// Exact string comparison was defeated by a line break or a double space between two words,
/// markup between them, a hyphen at a line end, UTF-16, a no-break or zero-width space,
/// full-width letters, `259 500,50 kr` for `259500.50`, an organisation number without its
/// hyphen, a surname alone. The matcher reads the text as a reader would (`TextReading`) and
/// looks for each secret in every form its kind can be written in:
/// - text and names: the value's letters and digits in order, whatever separates, splits or
///   decorates them, starting at the start of a word; a short value (fewer than four letters
///   and digits) only as a whole word, perhaps inflected (`ICA`, `ICAs`);
/// - names also by their distinctive words alone (`NameParts`), as whole, perhaps inflected,
///   words;
/// - amounts by value, in every Swedish and plain form (`259 500,50`, `259.500,50`, `259500,5`,
///   `259 500:-`, `259,5 tkr`);
/// - organisation, personal identity and phone numbers by their digits, with or without
///   separators and prefixes (`16`, `SE…01`, `+46`, `0046`, the century);
/// A number is found only as a whole number: never inside a longer run of digits, nor as a
/// part of a date or number joined by a hyphen or slash (`556123` is not in `5561234567` nor
/// in `556123-4567`).
public struct SecretMatcher: Sendable {
    /// What a secret value is, which decides the forms it is looked for in.
    public enum Kind: String, Sendable, Hashable, Codable {
        case text, name, amount, organisationNumber, personalIdentityNumber, phone, email

        /// The kind of the value of a field named `field` (its last key), `value` as typed.
        public static func infer(field: String, value: String) -> Kind {
            // A value in a strict number format is that number, whatever field holds it.
            if SecretMatcher.organisationDigits(value) != nil { return .organisationNumber }
            if SecretMatcher.personalNumberDigits(value) != nil { return .personalIdentityNumber }
            if digitsOnlyAmount(value) { return .amount }
            if looksLikeEmail(value) { return .email }
            let key = field.split(whereSeparator: { $0 == "." || $0 == "[" }).last.map(String.init) ?? field
            switch key.lowercased() {
            case "phone", "telephone", "mobile": return SecretMatcher.nationalPhoneDigits(value) != nil ? .phone : .text
            case "email", "mail": return .email
            case "name", "counterparty", "requester", "supplier", "reporter", "reportedby", "handler": return .name
            default: return .text
            }
        }

        static func digitsOnlyAmount(_ v: String) -> Bool { AmountText.ore(v) != nil }

        /// One `@` between a local part and a dotted domain, no space: an address, whatever the
        /// field is called (a counterparty who wrote in by e-mail).
        static func looksLikeEmail(_ v: String) -> Bool {
            let parts = v.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !v.contains(where: \.isWhitespace) else { return false }
            let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
            return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
        }
    }

    /// A value to look for. `tag` is the caller's: a match hands it back.
    public struct Secret: Sendable, Hashable {
        public let value: String
        public let kind: Kind
        public let tag: Int

        public init(value: String, kind: Kind, tag: Int) {
            self.value = value
            self.kind = kind
            self.tag = tag
        }
    }

    /// Where a secret was found.
    public struct Match: Sendable, Hashable {
        public let tag: Int
        /// Unicode scalar offsets of the searched text, half-open.
        public let range: Range<Int>
        /// 1-based line of the match's start.
        public let line: Int
    }

    /// A sequence of folded letters and digits to find at a word start.
    struct WordPattern: Sendable {
        let units: [UInt32]
        let tag: Int
        /// Only as a whole word (an inflection allowed); otherwise any continuation.
        let wholeWord: Bool
        /// A distinctive word of a name alone, not found inside a public name that holds it.
        var part = false
    }

    private let words: [WordPattern]
    /// Word patterns by their first two units: a text is read once and at each word start only
    /// the patterns that begin with its two units are compared.
    private let byPrefix: [UInt64: [Int]]
    private let singleUnit: [UInt32: [Int]]
    /// The public names the text may name (the handler, a firm of the same matter), as folded
    /// units by their first unit: a distinctive word of a secret name inside one of them is the
    /// public name, not the secret one.
    private let publicNames: [UInt32: [[UInt32]]]
    /// Amounts in öre.
    private let amounts: [Int64: Int]
    /// Digit strings of identifiers, with what must precede them.
    private let identifiers: [String: (tag: Int, needsSE: Bool)]

    /// `publicNames`: names the same text shows in public (the handler, a public firm of the
    /// same matter). A secret name's distinctive word is still looked for alone, but not where
    /// it is part of one of these written out (`Karin Sundqvist` when the secret is `Per
    /// Sundqvist`); `Sundqvist` alone is the secret one.
    public init(_ secrets: [Secret], publicNames: [String] = []) {
        var words: [WordPattern] = []
        var amounts: [Int64: Int] = [:]
        var identifiers: [String: (tag: Int, needsSE: Bool)] = [:]
        var seen = Set<[UInt32]>()
        func addWord(_ units: [UInt32], tag: Int, wholeWord: Bool, part: Bool = false) {
            guard !units.isEmpty, seen.insert(units + [wholeWord ? 1 : 0]).inserted else { return }
            words.append(WordPattern(units: units, tag: tag, wholeWord: wholeWord, part: part))
        }
        for s in secrets {
            let folded = Self.wordsOf(s.value)
            let all = folded.flatMap { $0 }
            switch s.kind {
            case .amount:
                if let ore = AmountText.ore(s.value) { amounts[ore] = amounts[ore] ?? s.tag } else { addWord(all, tag: s.tag, wholeWord: all.count < 4) }
            case .organisationNumber:
                if let d = Self.organisationDigits(s.value) {
                    identifiers[d] = identifiers[d] ?? (s.tag, false)
                    identifiers["16" + d] = identifiers["16" + d] ?? (s.tag, false)
                    identifiers[d + "01"] = identifiers[d + "01"] ?? (s.tag, true)
                } else if let p = Self.personalNumberDigits(s.value) {
                    identifiers[p] = identifiers[p] ?? (s.tag, false)
                    identifiers[String(p.dropFirst(2))] = identifiers[String(p.dropFirst(2))] ?? (s.tag, false)
                } else { addWord(all, tag: s.tag, wholeWord: all.count < 4) }
            case .personalIdentityNumber:
                if let p = Self.personalNumberDigits(s.value) {
                    identifiers[p] = identifiers[p] ?? (s.tag, false)
                    identifiers[String(p.dropFirst(2))] = identifiers[String(p.dropFirst(2))] ?? (s.tag, false)
                } else { addWord(all, tag: s.tag, wholeWord: all.count < 4) }
            case .phone:
                if let national = Self.nationalPhoneDigits(s.value) {
                    for form in ["0" + national, "46" + national, "0046" + national, "460" + national] {
                        identifiers[form] = identifiers[form] ?? (s.tag, false)
                    }
                } else { addWord(all, tag: s.tag, wholeWord: all.count < 4) }
            case .text:
                addWord(all, tag: s.tag, wholeWord: all.count < 4)
            case .email:
                addWord(all, tag: s.tag, wholeWord: all.count < 4)
                // As people write an address to keep it from harvesters: `(at)`, `[at]`, `[dot]`.
                let parts = s.value.split(separator: "@", maxSplits: 1).map(String.init)
                if parts.count == 2 {
                    let local = Self.wordsOf(parts[0]).flatMap { $0 }
                    let labels = parts[1].split(separator: ".").map { Self.wordsOf(String($0)).flatMap { $0 } }
                    let at = Array("at".unicodeScalars.map(\.value)), dot = Array("dot".unicodeScalars.map(\.value))
                    addWord(local + at + labels.flatMap { $0 }, tag: s.tag, wholeWord: false)
                    addWord(local + at + Array(labels.map { $0 }.joined(separator: dot)), tag: s.tag, wholeWord: false)
                }
            case .name:
                addWord(all, tag: s.tag, wholeWord: all.count < 4)
                // The name without its legal form, then each distinctive word alone.
                let core = folded.filter { !NameParts.companyForms.contains(String(String.UnicodeScalarView($0.compactMap(Unicode.Scalar.init)))) }
                if core.count != folded.count, !core.isEmpty { addWord(core.flatMap { $0 }, tag: s.tag, wholeWord: core.joined().count < 4) }
                for w in folded {
                    let text = String(String.UnicodeScalarView(w.compactMap(Unicode.Scalar.init)))
                    if folded.count > 1, NameParts.isDistinctive(text) {
                        addWord(w, tag: s.tag, wholeWord: true, part: true)
                    }
                }
            }
            // An amount or a number typed as text is also looked for as the number it is.
            if s.kind == .text || s.kind == .name, let ore = AmountText.ore(s.value) { amounts[ore] = amounts[ore] ?? s.tag }
        }
        var byPrefix: [UInt64: [Int]] = [:]
        var singleUnit: [UInt32: [Int]] = [:]
        for (i, w) in words.enumerated() {
            if w.units.count >= 2 {
                byPrefix[UInt64(w.units[0]) << 32 | UInt64(w.units[1]), default: []].append(i)
            } else {
                singleUnit[w.units[0], default: []].append(i)
            }
        }
        var exempt: [UInt32: [[UInt32]]] = [:]
        for name in publicNames {
            let folded = Self.wordsOf(name)
            let core = folded.filter { !NameParts.companyForms.contains(String(String.UnicodeScalarView($0.compactMap(Unicode.Scalar.init)))) }
            // Written out: two words or more, so that a public surname alone frees nothing.
            for words in Set([folded, core]) where words.count > 1 {
                exempt[words[0][0], default: []].append(words.flatMap { $0 })
            }
        }
        self.publicNames = exempt
        self.words = words
        self.byPrefix = byPrefix
        self.singleUnit = singleUnit
        self.amounts = amounts
        self.identifiers = identifiers
    }

    public var isEmpty: Bool { words.isEmpty && amounts.isEmpty && identifiers.isEmpty }

    /// A name folded to its letters and digits (`Nordisk Sjukvårdsprodukter AB` →
    /// `nordisksjukvardsprodukterab`): one key for every spelling of it.
    public static func foldedKey(_ value: String) -> String {
        String(String.UnicodeScalarView(wordsOf(value).joined().compactMap(Unicode.Scalar.init)))
    }

    static func wordsOf(_ value: String) -> [[UInt32]] {
        let reading = TextReading(Array(value.unicodeScalars), stripMarkup: false)
        var out: [[UInt32]] = []
        var current: [UInt32] = []
        var previousDigit: Bool?
        for u in reading.units {
            if case .alnum(let v) = u {
                let digit = (0x30...0x39).contains(v)
                if let p = previousDigit, p != digit, !current.isEmpty { out.append(current); current = [] }
                current.append(v)
                previousDigit = digit
            } else {
                if !current.isEmpty { out.append(current) }
                current = []
                previousDigit = nil
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    // MARK: Searching

    /// The first match in `text`, in either reading (markup as separators, and markup gone).
    public func firstMatch(in text: String) -> Match? {
        guard !isEmpty else { return nil }
        let scalars = Array(text.unicodeScalars)
        var found: Match?
        search(scalars, lineOffset: 0) { m in
            found = m
            return false
        }
        return found
    }

    public func matches(_ text: String) -> Bool { firstMatch(in: text) != nil }

    /// Every match in `text` (both readings), ordered by position, overlaps kept: what masking a
    /// text copy replaces.
    public func allMatches(in text: String) -> [Match] {
        guard !isEmpty else { return [] }
        var out: [Match] = []
        search(Array(text.unicodeScalars), lineOffset: 0) { m in
            out.append(m)
            return true
        }
        return out.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
    }

    /// `text` with every match replaced by `replacement(tag)`: overlapping matches are merged
    /// and take the replacement of the first. What a masked text copy and a redacted message
    /// are made with.
    public func masking(_ text: String, replacement: (Int) -> String) -> String {
        let found = allMatches(in: text)
        guard !found.isEmpty else { return text }
        let scalars = Array(text.unicodeScalars)
        // An array, made a String once: appending to a String's scalar view hit by hit cost in
        // the length so far (18 s for 8 MB of lines that each name the secret).
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(scalars.count)
        var i = 0
        var k = 0
        while k < found.count {
            let m = found[k]
            var end = m.range.upperBound
            var j = k + 1
            while j < found.count, found[j].range.lowerBound < end {
                end = max(end, found[j].range.upperBound)
                j += 1
            }
            if m.range.lowerBound > i { out.append(contentsOf: scalars[i..<m.range.lowerBound]) }
            out.append(contentsOf: replacement(m.tag).unicodeScalars)
            i = max(i, end)
            k = j
        }
        if i < scalars.count { out.append(contentsOf: scalars[i...]) }
        return String(String.UnicodeScalarView(out))
    }

    /// Calls `found` with matches until it returns false.
    func search(_ scalars: [Unicode.Scalar], lineOffset: Int, _ found: (Match) -> Bool) {
        var lineStarts: [Int]?
        func line(_ origin: Int) -> Int {
            if lineStarts == nil {
                var starts = [0]
                for (i, u) in scalars.enumerated() where u == "\n" { starts.append(i + 1) }
                lineStarts = starts
            }
            guard let starts = lineStarts else { return 1 }
            var lo = 0, hi = starts.count - 1
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if starts[mid] <= origin { lo = mid } else { hi = mid - 1 }
            }
            return lo + 1 + lineOffset
        }
        let hasMarkup = scalars.indices.contains { i in scalars[i] == "<" && i + 1 < scalars.count && (scalars[i + 1].properties.isAlphabetic || scalars[i + 1] == "/" || scalars[i + 1] == "!") }
        for (text, map) in Self.readings(of: scalars) {
            func place(_ o: Int) -> Int { map.map { o < $0.count ? $0[o] : (scalars.count) } ?? o }
            for strip in hasMarkup ? [false, true] : [false] {
                let reading = TextReading(text, stripMarkup: strip)
                var keepGoing = true
                searchWords(reading, text) { tag, a, b in
                    let (x, y) = (place(a), max(place(a), place(b - 1) + 1))
                    keepGoing = found(Match(tag: tag, range: x..<y, line: line(x)))
                    return keepGoing
                }
                guard keepGoing else { return }
                searchNumbers(reading) { tag, a, b in
                    let (x, y) = (place(a), max(place(a), place(b - 1) + 1))
                    keepGoing = found(Match(tag: tag, range: x..<y, line: line(x)))
                    return keepGoing
                }
                guard keepGoing else { return }
            }
        }
    }

    private func searchWords(_ r: TextReading, _ text: [Unicode.Scalar], _ found: (Int, Int, Int) -> Bool) {
        guard !words.isEmpty else { return }
        // The letters and digits alone, each marked whether it starts a word: after a separator,
        // between letters and digits, and where a lower-case letter meets an upper-case one
        // (`AnbudKemikonsult`, the shape of a file name).
        var alnum: [UInt32] = []
        var starts: [Bool] = []
        var origin: [Int] = []
        alnum.reserveCapacity(r.units.count)
        var boundary = true
        var previousDigit = false
        var previousLower = false
        for (k, u) in r.units.enumerated() {
            if case .alnum(let v) = u {
                let digit = (0x30...0x39).contains(v)
                let source = text[r.origins[k]]
                let upper = source.properties.isUppercase
                alnum.append(v)
                starts.append(boundary || digit != previousDigit || (upper && previousLower))
                origin.append(r.origins[k])
                boundary = false
                previousDigit = digit
                previousLower = source.properties.isLowercase
            } else {
                boundary = true
                previousLower = false
            }
        }
        let n = alnum.count
        func endsWord(_ e: Int) -> Bool {
            if e >= n || starts[e] { return true }
            var j = e
            while j < n, !starts[j], j - e < 6 { j += 1 }
            guard j >= n || starts[j] else { return false }
            let suffix = String(String.UnicodeScalarView(alnum[e..<j].compactMap(Unicode.Scalar.init)))
            return NameParts.inflections.contains(suffix)
        }
        func end(_ e: Int) -> Int { origin[e - 1] + 1 }
        // The end of the furthest-reaching public name written out from a word start at or
        // before the current one.
        var publicNameEnd = 0
        for k in 0..<n where starts[k] {
            for form in publicNames[alnum[k]] ?? [] where k + form.count <= n && k + form.count > publicNameEnd {
                if alnum[k..<(k + form.count)].elementsEqual(form), endsWord(k + form.count) { publicNameEnd = k + form.count }
            }
            var candidates: [Int] = singleUnit[alnum[k]] ?? []
            if k + 1 < n, let c = byPrefix[UInt64(alnum[k]) << 32 | UInt64(alnum[k + 1])] { candidates += c }
            for c in candidates {
                let w = words[c]
                let e = k + w.units.count
                guard e <= n else { continue }
                var same = true
                for m in 2..<max(2, w.units.count) where alnum[k + m] != w.units[m] { same = false; break }
                guard same, !w.wholeWord || endsWord(e) else { continue }
                if w.part, e <= publicNameEnd { continue }
                // Digits end only where the number ends: `231000` is not in `2310001`.
                if let last = w.units.last, (0x30...0x39).contains(last), e < n, (0x30...0x39).contains(alnum[e]) { continue }
                if !found(w.tag, origin[k], end(e)) { return }
            }
        }
    }

    private func searchNumbers(_ r: TextReading, _ found: (Int, Int, Int) -> Bool) {
        guard !amounts.isEmpty || !identifiers.isEmpty else { return }
        for run in NumberRuns(r) {
            if !amounts.isEmpty {
                for c in run.amountCandidates() {
                    if let tag = amounts[c.ore] {
                        if !found(tag, c.start, c.end) { return }
                    }
                }
            }
            if !identifiers.isEmpty {
                for c in run.identifierCandidates() {
                    guard let hit = identifiers[c.digits], !hit.needsSE || c.afterSE else { continue }
                    if !found(hit.tag, c.start, c.end) { return }
                }
            }
        }
    }
}
