import DiariumStore

extension PGVerifySource {
    /// A case number's prefix, as SQLite's `substr(number, 1, instr(number, ' ') - 1)` reads it
    /// (empty when there is no space).
    static let prefix = "CASE WHEN strpos(number, ' ') > 0 THEN substr(number, 1, strpos(number, ' ') - 1) ELSE '' END"

    func numberSeries() throws -> [(series: VerifyNumbering.Series, lastSerial: Int)] {
        try c.query("SELECT prefix, year, last_serial FROM number_series").map {
            (VerifyNumbering.Series(prefix: try $0["prefix"], year: Int(try $0["year"] as Int64)), Int(try $0["last_serial"] as Int64))
        }
    }

    func caseSeriesUsage() throws -> [(series: VerifyNumbering.Series, usage: VerifyNumbering.Usage)] {
        try c.query("""
            SELECT \(Self.prefix) AS prefix, year, count(*) AS n,
                   count(DISTINCT serial) AS distinct_n, min(serial) AS lo, max(serial) AS hi
            FROM "case" GROUP BY 1, 2
            """).map {
            (VerifyNumbering.Series(prefix: try $0["prefix"], year: Int(try $0["year"] as Int64)),
             VerifyNumbering.Usage(count: Int(try $0["n"] as Int64), distinct: Int(try $0["distinct_n"] as Int64),
                                   lowest: Int(try $0["lo"] as Int64), highest: Int(try $0["hi"] as Int64)))
        }
    }

    func caseSerials(_ s: VerifyNumbering.Series) throws -> [Int] {
        try c.query("""
            SELECT serial FROM "case" WHERE year = ? AND \(Self.prefix) = ? ORDER BY serial
            """, [s.year, s.prefix]).map { Int(try $0["serial"] as Int64) }
    }

    func casesOutOfLine() throws -> [VerifyNumbering.CaseUsage] {
        try c.query("""
            SELECT c.id, c.number, c.last_document_sequence AS last, count(d.id) AS n, count(DISTINCT d.sequence) AS distinct_n,
                   coalesce(min(d.sequence), 1) AS lo, coalesce(max(d.sequence), 0) AS hi
            FROM "case" c LEFT JOIN document d ON d.case_id = c.id
            GROUP BY c.id
            HAVING c.last_document_sequence <> coalesce(max(d.sequence), 0) OR count(d.id) <> coalesce(max(d.sequence), 0)
                OR coalesce(min(d.sequence), 1) <> 1 OR count(DISTINCT d.sequence) <> count(d.id)
            ORDER BY c.number COLLATE "C"
            """).map {
            VerifyNumbering.CaseUsage(id: try $0["id"], number: try $0["number"], last: Int(try $0["last"] as Int64),
                                      count: Int(try $0["n"] as Int64), distinct: Int(try $0["distinct_n"] as Int64),
                                      lowest: Int(try $0["lo"] as Int64), highest: Int(try $0["hi"] as Int64))
        }
    }

    func documentSequences(caseID: Int64) throws -> [Int] {
        try c.query("SELECT sequence FROM document WHERE case_id = ? ORDER BY sequence", [caseID]).map { Int(try $0["sequence"] as Int64) }
    }
}
