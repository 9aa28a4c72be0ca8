import DiariumStore
import DiariumModel
import GRDB

extension SQLiteStore {
    /// The number series against the numbers used. Numbers are drawn inside the registering
    /// transaction and a rollback returns them, so in an intact store each series' last serial
    /// is its highest case, its cases are exactly 1…last, and likewise each case's documents.
    /// A gap is a deleted case or document; a series behind its cases would hand out a number twice.
    func checkNumbering(_ db: Database) throws -> [VerifyReport.Finding] {
        var damage: [VerifyReport.Finding] = []
        func add(_ kind: String, _ subject: String, _ message: String) {
            damage.append(.init(kind: kind, subject: subject, message: message))
        }
        struct Series: Hashable { let prefix: String; let year: Int }
        var last: [Series: Int] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT prefix, year, last_serial FROM number_series") {
            last[Series(prefix: r["prefix"], year: r["year"])] = r["last_serial"]
        }
        // The prefix as the number shows it: that is what was drawn from the series, whatever
        // config.json says about the organisation today.
        var used: [Series: Row] = [:]
        for r in try Row.fetchAll(db, sql: """
            SELECT substr(number, 1, instr(number, ' ') - 1) AS prefix, year, count(*) AS n,
                   count(DISTINCT serial) AS distinct_n, min(serial) AS lo, max(serial) AS hi
            FROM "case" GROUP BY 1, 2
            """) {
            used[Series(prefix: r["prefix"], year: r["year"])] = r
        }
        for s in Set(last.keys).union(used.keys).sorted(by: { ($0.prefix, $0.year) < ($1.prefix, $1.year) }) {
            let name = "nummerserien \(s.prefix) \(s.year)"
            let top = last[s] ?? 0
            guard let u = used[s] else {
                if top > 0 { add("numbering.cases-missing", name, "serien står på \(top) men inga ärenden har nummer i den (borttagna ärenden)") }
                continue
            }
            let n: Int = u["n"], distinct: Int = u["distinct_n"], lo: Int = u["lo"], hi: Int = u["hi"]
            if last[s] == nil {
                add("numbering.series-missing", name, "serien saknas fast \(n) ärenden har nummer i den")
            } else if top != hi {
                add("numbering.series-mismatch", name, "serien står på \(top) men det högsta ärendenumret i den är \(hi)")
            }
            guard n != max(hi, top) || lo != 1 || distinct != n else { continue }
            let serials = try Int.fetchAll(db, sql: """
                SELECT serial FROM "case" WHERE year = ? AND substr(number, 1, instr(number, ' ') - 1) = ? ORDER BY serial
                """, arguments: [s.year, s.prefix])
            let missing = Self.missing(in: serials, upTo: max(hi, top)).map { CaseNumber(prefix: s.prefix, year: s.year, serial: $0)?.description ?? "\($0)" }
            if !missing.isEmpty {
                add("numbering.case-gap", name, "ärendenummer saknas i serien: \(Self.list(missing)) (borttagna ärenden)")
            }
            if distinct != n { add("numbering.case-duplicate", name, "samma ärendenummer förekommer flera gånger") }
        }

        let cases = try Row.fetchAll(db, sql: """
            SELECT c.id, c.number, c.last_document_sequence AS last, count(d.id) AS n, count(DISTINCT d.sequence) AS distinct_n,
                   ifnull(min(d.sequence), 1) AS lo, ifnull(max(d.sequence), 0) AS hi
            FROM "case" c LEFT JOIN document d ON d.case_id = c.id
            GROUP BY c.id
            HAVING last != hi OR n != hi OR lo != 1 OR distinct_n != n
            ORDER BY c.number
            """)
        for c in cases {
            let number: String = c["number"]
            let top: Int = c["last"], hi: Int = c["hi"], n: Int = c["n"], distinct: Int = c["distinct_n"]
            if top != hi {
                add("numbering.document-mismatch", "ärendet \(number)", "ärendet står på handling \(top) men den högsta handlingen i det är \(hi)")
            }
            let sequences = try Int.fetchAll(db, sql: "SELECT sequence FROM document WHERE case_id = ? ORDER BY sequence", arguments: [c["id"] as Int64])
            let missing = Self.missing(in: sequences, upTo: max(hi, top)).map { "\(number)-\($0)" }
            if !missing.isEmpty {
                add("numbering.document-gap", "ärendet \(number)", "handlingar saknas i ärendet: \(Self.list(missing)) (borttagna handlingar)")
            }
            if distinct != n { add("numbering.document-duplicate", "ärendet \(number)", "samma handlingsnummer förekommer flera gånger") }
        }
        return damage
    }

    /// The numbers of 1…top that `sorted` lacks.
    private static func missing(in sorted: [Int], upTo top: Int) -> [Int] {
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

    private static func list(_ items: [String]) -> String {
        items.count <= 5 ? items.joined(separator: ", ") : items.prefix(5).joined(separator: ", ") + " m.fl."
    }
}
