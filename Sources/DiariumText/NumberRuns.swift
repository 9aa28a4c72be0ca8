/// The numbers of a reading, as runs of digit groups joined by one or two separators
/// (`259 500,50`, `070-123 45 67`, `556677-1234`): the candidates the secret matcher compares by
/// value (amounts) or by digits (identifiers). Groups are maximal runs of digits, so a number is
/// never found inside a longer one.
struct NumberRuns: Sequence {
    struct Group {
        var digits: [UInt8] = []
        /// Unit indexes of the first digit and after the last.
        var from = 0
        var to = 0
    }

    struct Run {
        let units: [TextReading.Unit]
        let origins: [Int]
        var groups: [Group] = []
        /// The separator units between group k-1 and group k (empty for k = 0).
        var separators: [[TextReading.Unit]] = [[]]

        struct AmountCandidate {
            let ore: Int64
            let start: Int
            let end: Int
        }

        struct IdentifierCandidate {
            let digits: String
            let afterSE: Bool
            let start: Int
            let end: Int
        }

        static func mark(_ seps: [TextReading.Unit]) -> UInt8? {
            guard seps.count == 1, case .mark(let m) = seps[0] else { return nil }
            return m
        }

        static func isSpace(_ seps: [TextReading.Unit]) -> Bool { seps.count == 1 && seps[0] == .space }

        /// Punctuation straight between two groups (no space): the groups are one number
        /// (`2026-01-15`, `556677-1234`, `1.2.3`) unless the mark groups thousands or starts
        /// decimals of this very number.
        func joined(_ k: Int) -> Bool { k > 0 && k < groups.count && Self.mark(separators[k]) != nil }

        func amountCandidates() -> [AmountCandidate] {
            var out: [AmountCandidate] = []
            for i in groups.indices {
                guard groups[i].digits.count <= 13 else { continue }
                // A group right after a joining mark belongs to the number before it, and a group
                // that continues a thousands grouping is the tail of a longer number
                // (`1 500 000` does not hold `500 000`).
                if i > 0, joined(i) { continue }
                if i > 0, groups[i].digits.count == 3, groups[i - 1].digits.count <= 3,
                   Self.isSpace(separators[i]) || Self.isGroupingMark(separators[i]) { continue }
                var kronor = Int64(0)
                for d in groups[i].digits { kronor = kronor * 10 + Int64(d) }
                var j = i
                while true {
                    out += finish(i, j, kronor)
                    // Thousands: a space or a grouping mark, then exactly three digits.
                    guard j + 1 < groups.count, groups[i].digits.count <= 3, groups[j + 1].digits.count == 3,
                          Self.isSpace(separators[j + 1]) || Self.isGroupingMark(separators[j + 1]) else { break }
                    j += 1
                    kronor = kronor * 1000 + groups[j].digits.reduce(Int64(0)) { $0 * 10 + Int64($1) }
                    guard kronor < 10_000_000_000_000 else { break }
                }
            }
            return out
        }

        static func isGroupingMark(_ seps: [TextReading.Unit]) -> Bool {
            guard let m = mark(seps) else { return false }
            return m == UInt8(ascii: ".") || m == UInt8(ascii: ",") || m == UInt8(ascii: "'")
        }

        /// The candidates of groups i…j as the integer part: with decimals when a decimal mark
        /// and one or two digits follow, scaled when `tkr` or `mkr` follows; none when the number
        /// goes on (a joining mark and more digits).
        func finish(_ i: Int, _ j: Int, _ kronor: Int64) -> [AmountCandidate] {
            var ore = kronor * 100
            var last = j
            var decimals = false
            // Öre after a decimal comma or point, or the colon of `259 500:50`.
            if j + 1 < groups.count, let m = Self.mark(separators[j + 1]),
               m == UInt8(ascii: ",") || m == UInt8(ascii: ".") && groups[j + 1].digits.count <= 2 || m == UInt8(ascii: ":") && groups[j + 1].digits.count == 2,
               (1...2).contains(groups[j + 1].digits.count) {
                let d = groups[j + 1].digits
                ore += d.count == 1 ? Int64(d[0]) * 10 : Int64(d[0]) * 10 + Int64(d[1])
                last = j + 1
                decimals = true
            }
            // `2,595 mkr`, `0,245 Mkr`: more decimals before a scale word, exact in öre or nothing.
            if j + 1 < groups.count, let m = Self.mark(separators[j + 1]), m == UInt8(ascii: ",") || m == UInt8(ascii: "."),
               (1...6).contains(groups[j + 1].digits.count), let scale = scale(after: groups[j + 1].to) {
                let d = groups[j + 1].digits
                var fraction: Int64 = 0, ten: Int64 = 1
                for x in d { fraction = fraction * 10 + Int64(x); ten *= 10 }
                let scaled = (kronor * ten + fraction) * scale * 100
                if scaled % ten == 0 {
                    return [AmountCandidate(ore: scaled / ten, start: origins[groups[i].from], end: origins[groups[j + 1].to - 1] + 1)]
                }
            }
            // The number goes on after a joining mark: this is part of a date or an identifier.
            if joined(last + 1) {
                let m = Self.mark(separators[last + 1])
                // `1 500.000` is no amount either way; `259 500,50` was taken as decimals above.
                if m != UInt8(ascii: ",") && m != UInt8(ascii: ".") || !decimals { return [] }
            }
            let start = origins[groups[i].from]
            let end = origins[groups[last].to - 1] + 1
            var out = [AmountCandidate(ore: ore, start: start, end: end)]
            if let scale = scale(after: groups[last].to) {
                out.append(AmountCandidate(ore: ore * scale, start: start, end: end))
            }
            return out
        }

        /// 1 000 after `tkr`, `tusen`, `ksek`, `k`; 1 000 000 after `mkr`, `mnkr`, `miljoner`, `msek`.
        func scale(after k: Int) -> Int64? {
            var p = k
            if p < units.count, units[p] == .space { p += 1 }
            var word: [UInt8] = []
            while p < units.count, case .alnum(let v) = units[p], v < 0x80, word.count < 9 {
                word.append(UInt8(v))
                p += 1
            }
            switch String(decoding: word, as: UTF8.self) {
            case "tkr", "tusen", "ksek", "tsek", "k": return 1000
            case "mkr", "mnkr", "miljoner", "miljon", "msek", "milj": return 1_000_000
            default: return nil
            }
        }

        func identifierCandidates() -> [IdentifierCandidate] {
            var out: [IdentifierCandidate] = []
            for i in groups.indices {
                var digits = ""
                for j in i..<groups.count {
                    if j > i, separators[j].count > 3 { break }
                    digits += String(decoding: groups[j].digits.map { $0 + 0x30 }, as: UTF8.self)
                    guard digits.count <= 16 else { break }
                    guard digits.count >= 6 else { continue }
                    out.append(IdentifierCandidate(digits: digits, afterSE: afterSE(groups[i].from), start: origins[groups[i].from],
                                                   end: origins[groups[j].to - 1] + 1))
                }
            }
            return out
        }

        /// Whether `SE` (a VAT number's country code) stands right before unit k.
        func afterSE(_ k: Int) -> Bool {
            var p = k - 1
            if p >= 0, units[p] == .space { p -= 1 }
            guard p >= 1, units[p] == .alnum(0x65), units[p - 1] == .alnum(0x73) else { return false }
            return p == 1 || { if case .alnum = units[p - 2] { return false } else { return true } }()
        }
    }

    let reading: TextReading

    init(_ reading: TextReading) { self.reading = reading }

    func makeIterator() -> AnyIterator<Run> {
        let units = reading.units
        let origins = reading.origins
        var k = 0
        return AnyIterator {
            // The next digit.
            while k < units.count {
                if case .alnum(let v) = units[k], (0x30...0x39).contains(v) { break }
                k += 1
            }
            guard k < units.count else { return nil }
            var run = Run(units: units, origins: origins)
            while k < units.count {
                var g = Group(from: k)
                while k < units.count, case .alnum(let v) = units[k], (0x30...0x39).contains(v) {
                    g.digits.append(UInt8(v - 0x30))
                    k += 1
                }
                g.to = k
                run.groups.append(g)
                // One or two separators, then another digit, continue the run.
                var seps: [TextReading.Unit] = []
                var p = k
                while p < units.count, seps.count < 3 {
                    let u = units[p]
                    if case .alnum = u { break }
                    seps.append(u)
                    p += 1
                }
                // One or two separators join groups; so does a spaced dash or slash (`070 - 123`).
                let spacedDash = seps.count == 3 && seps[0] == .space && seps[2] == .space
                    && (seps[1] == .mark(UInt8(ascii: "-")) || seps[1] == .mark(UInt8(ascii: "/")))
                guard (1...2).contains(seps.count) || spacedDash, p < units.count, case .alnum(let v) = units[p], (0x30...0x39).contains(v) else { break }
                run.separators.append(seps)
                k = p
            }
            return run
        }
    }
}
