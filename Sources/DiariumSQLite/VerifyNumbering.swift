import DiariumStore
import GRDB

extension SQLiteVerifySource {
    func numberSeries() throws -> [(series: VerifyNumbering.Series, lastSerial: Int)] {
        try Row.fetchAll(db, sql: "SELECT prefix, year, last_serial FROM number_series").map {
            (VerifyNumbering.Series(prefix: $0["prefix"], year: $0["year"]), $0["last_serial"])
        }
    }

    func caseSeriesUsage() throws -> [(series: VerifyNumbering.Series, usage: VerifyNumbering.Usage)] {
        try Row.fetchAll(db, sql: """
            SELECT substr(number, 1, instr(number, ' ') - 1) AS prefix, year, count(*) AS n,
                   count(DISTINCT serial) AS distinct_n, min(serial) AS lo, max(serial) AS hi
            FROM "case" GROUP BY 1, 2
            """).map {
            (VerifyNumbering.Series(prefix: $0["prefix"], year: $0["year"]),
             VerifyNumbering.Usage(count: $0["n"], distinct: $0["distinct_n"], lowest: $0["lo"], highest: $0["hi"]))
        }
    }

    func caseSerials(_ s: VerifyNumbering.Series) throws -> [Int] {
        try Int.fetchAll(db, sql: """
            SELECT serial FROM "case" WHERE year = ? AND substr(number, 1, instr(number, ' ') - 1) = ? ORDER BY serial
            """, arguments: [s.year, s.prefix])
    }

    func casesOutOfLine() throws -> [VerifyNumbering.CaseUsage] {
        try Row.fetchAll(db, sql: """
            SELECT c.id, c.number, c.last_document_sequence AS last, count(d.id) AS n, count(DISTINCT d.sequence) AS distinct_n,
                   ifnull(min(d.sequence), 1) AS lo, ifnull(max(d.sequence), 0) AS hi
            FROM "case" c LEFT JOIN document d ON d.case_id = c.id
            GROUP BY c.id
            HAVING last != hi OR n != hi OR lo != 1 OR distinct_n != n
            ORDER BY c.number
            """).map {
            VerifyNumbering.CaseUsage(id: $0["id"], number: $0["number"], last: $0["last"], count: $0["n"], distinct: $0["distinct_n"],
                                      lowest: $0["lo"], highest: $0["hi"])
        }
    }

    func documentSequences(caseID: Int64) throws -> [Int] {
        try Int.fetchAll(db, sql: "SELECT sequence FROM document WHERE case_id = ? ORDER BY sequence", arguments: [caseID])
    }
}
