public import Foundation

/// A CSV file read strictly (RFC 4180): a header that must match exactly, quoted fields with
/// doubled quotes, CRLF or LF line ends, and every row as long as the header. Rows keep their
/// line number, so every error can name the line (`purchases.csv:4711: amount`).
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public let line: Int
        public let values: [String: String]
    }

    public let rows: [Row]

    /// Parses `data`, requiring exactly the columns `header` in that order. `name` is the file
    /// name used in error fields.
    public init(_ data: Data, name: String, header: [String]) throws(InputRejected) {
        func reject(_ line: Int, _ column: String?, _ rule: String, _ message: String) -> InputRejected {
            InputRejected(field: "\(name):\(line)" + (column.map { ": \($0)" } ?? ""), rule: rule, message: message)
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw reject(1, nil, "csv.encoding", "filen är inte UTF-8")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        var records: [(Int, [String])] = []
        var field = ""
        var record: [String] = []
        var quoted = false
        var line = 1
        var recordLine = 1
        var afterQuote = false
        var iterator = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar?
        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return iterator.next()
        }
        while let c = next() {
            if quoted {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; afterQuote = true; pending = n }
                    } else { quoted = false; afterQuote = true }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !afterQuote else { throw reject(line, nil, "csv.quote", "citattecken mitt i ett fält") }
                quoted = true
            case ",":
                record.append(field); field = ""; afterQuote = false
            case "\r":
                continue
            case "\n":
                record.append(field); field = ""; afterQuote = false
                records.append((recordLine, record)); record = []
                line += 1; recordLine = line
            default:
                guard !afterQuote else { throw reject(line, nil, "csv.quote", "tecken efter ett avslutande citattecken") }
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw reject(recordLine, nil, "csv.quote", "ett citerat fält avslutas aldrig") }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append((recordLine, record)) }
        // Blank lines, and lines of nothing but separators as spreadsheets export them.
        records.removeAll { $0.1.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
        guard let first = records.first else { throw reject(1, nil, "csv.empty", "filen är tom") }
        guard first.1.map({ $0.trimmingCharacters(in: .whitespaces) }) == header else {
            throw reject(first.0, nil, "csv.header", "rubrikraden ska vara exakt: \(header.joined(separator: ","))")
        }
        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        for (n, values) in records.dropFirst() {
            guard values.count == header.count else {
                throw reject(n, nil, "csv.column-count", "har \(values.count) fält, rubrikraden \(header.count)")
            }
            var byColumn: [String: String] = [:]
            for (k, v) in zip(header, values) { byColumn[k] = v.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping }
            rows.append(Row(line: n, values: byColumn))
        }
        self.rows = rows
    }
}
