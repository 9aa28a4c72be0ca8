import DiariumModel

/// `verify`'s check of the number series against the numbers used (see `VerifyRun`).
package enum VerifyNumbering {
    /// A number series: the prefix as the numbers show it, and the year.
    package struct Series: Hashable, Sendable {
        package let prefix: String
        package let year: Int
        package init(prefix: String, year: Int) {
            self.prefix = prefix
            self.year = year
        }
    }

    /// The cases of one series: how many, how many distinct serials, the lowest and highest.
    package struct Usage: Sendable {
        package let count: Int
        package let distinct: Int
        package let lowest: Int
        package let highest: Int
        package init(count: Int, distinct: Int, lowest: Int, highest: Int) {
            self.count = count
            self.distinct = distinct
            self.lowest = lowest
            self.highest = highest
        }
    }

    /// One case's documents: the case's last sequence, how many documents, how many distinct
    /// sequences, the lowest (1 when none) and highest (0 when none).
    package struct CaseUsage: Sendable {
        package let id: Int64
        package let number: String
        package let last: Int
        package let count: Int
        package let distinct: Int
        package let lowest: Int
        package let highest: Int
        package init(id: Int64, number: String, last: Int, count: Int, distinct: Int, lowest: Int, highest: Int) {
            self.id = id
            self.number = number
            self.last = last
            self.count = count
            self.distinct = distinct
            self.lowest = lowest
            self.highest = highest
        }
    }

    /// The number series against the numbers used. Numbers are drawn inside the registering
    /// transaction and a rollback returns them, so in an intact store each series' last serial
    /// is its highest case, its cases are exactly 1…last, and likewise each case's documents.
    /// A gap is a deleted case or document; a series behind its cases would hand out a number twice.
    static func check(_ source: some VerifySource) throws -> [VerifyReport.Finding] {
        var damage: [VerifyReport.Finding] = []
        func add(_ kind: String, _ subject: String, _ message: String) {
            damage.append(.init(kind: kind, subject: subject, message: message))
        }
        var last: [Series: Int] = [:]
        for r in try source.numberSeries() { last[r.series] = r.lastSerial }
        // The prefix as the number shows it: that is what was drawn from the series, whatever
        // config.json says about the organisation today.
        var used: [Series: Usage] = [:]
        for r in try source.caseSeriesUsage() { used[r.series] = r.usage }
        for s in Set(last.keys).union(used.keys).sorted(by: { ($0.prefix, $0.year) < ($1.prefix, $1.year) }) {
            let name = "nummerserien \(s.prefix) \(s.year)"
            let top = last[s] ?? 0
            guard let u = used[s] else {
                if top > 0 { add("numbering.cases-missing", name, "serien står på \(top) men inga ärenden har nummer i den (borttagna ärenden)") }
                continue
            }
            let n = u.count, distinct = u.distinct, lo = u.lowest, hi = u.highest
            if last[s] == nil {
                add("numbering.series-missing", name, "serien saknas fast \(n) ärenden har nummer i den")
            } else if top != hi {
                add("numbering.series-mismatch", name, "serien står på \(top) men det högsta ärendenumret i den är \(hi)")
            }
            guard n != max(hi, top) || lo != 1 || distinct != n else { continue }
            let serials = try source.caseSerials(s)
            let missing = Self.missing(in: serials, upTo: max(hi, top)).map { CaseNumber(prefix: s.prefix, year: s.year, serial: $0)?.description ?? "\($0)" }
            if !missing.isEmpty {
                add("numbering.case-gap", name, "ärendenummer saknas i serien: \(Self.list(missing)) (borttagna ärenden)")
            }
            if distinct != n { add("numbering.case-duplicate", name, "samma ärendenummer förekommer flera gånger") }
        }

        for c in try source.casesOutOfLine() {
            let number = c.number
            let top = c.last, hi = c.highest, n = c.count, distinct = c.distinct
            if top != hi {
                add("numbering.document-mismatch", "ärendet \(number)", "ärendet står på handling \(top) men den högsta handlingen i det är \(hi)")
            }
            let sequences = try source.documentSequences(caseID: c.id)
            let missing = Self.missing(in: sequences, upTo: max(hi, top)).map { "\(number)-\($0)" }
            if !missing.isEmpty {
                add("numbering.document-gap", "ärendet \(number)", "handlingar saknas i ärendet: \(Self.list(missing)) (borttagna handlingar)")
            }
            if distinct != n { add("numbering.document-duplicate", "ärendet \(number)", "samma handlingsnummer förekommer flera gånger") }
        }
        return damage
    }

    /// The numbers of 1…top that `sorted` lacks.
    static func missing(in sorted: [Int], upTo top: Int) -> [Int] {
        var out: [Int] = []
        var next = 1
        for v in sorted where v >= next {
            if v > next { out += Array(next..<min(v, next + 20)) }
            next = v + 1
            if out.count >= 20 { return out }
        }
        if next <= top { out += Array(next...min(top, next + 20)) }
        return out
    }

    static func list(_ items: [String]) -> String {
        items.count <= 5 ? items.joined(separator: ", ") : items.prefix(5).joined(separator: ", ") + " m.fl."
    }
}
