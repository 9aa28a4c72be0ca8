public import Foundation

/// A strict CSV reader (RFC 4180) that streams records: a header that must match exactly,
/// quoted fields with doubled quotes, CRLF or LF line ends, and every row as long as the header.
/// It works on the UTF-8 bytes (the separators are ASCII), so a ledger of a million rows is read
/// in one pass without a dictionary per row. Every error names the line (`purchases.csv:4711`).
public enum CSVReader {
    /// Calls `body` with the line number and the fields (trimmed, NFC) of each record after the
    /// header, in file order. Blank lines, and lines of nothing but separators as spreadsheets
    /// export them, are skipped.
    public static func read(_ data: Data, name: String, header: [String],
                            _ body: (_ line: Int, _ fields: [String]) throws(InputRejected) -> Void) throws(InputRejected) {
        var failure: InputRejected?
        data.withUnsafeBytes { raw in
            do throws(InputRejected) {
                try parse(raw.bindMemory(to: UInt8.self), name: name, header: header, body)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String, header: [String],
                              _ body: (Int, [String]) throws(InputRejected) -> Void) throws(InputRejected) {
        func reject(_ line: Int, _ rule: String, _ message: String) -> InputRejected {
            InputRejected(field: "\(name):\(line)", rule: rule, message: message)
        }
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        var scratch: [UInt8] = []
        scratch.reserveCapacity(256)
        var record: [String] = []
        record.reserveCapacity(header.count)
        var line = 1
        var recordLine = 1
        var seenHeader = false
        var quoted = false
        var afterQuote = false
        var fieldStarted = false

        func finishField() throws(InputRejected) {
            // Trim blanks and tabs at both ends, as the columns are read trimmed.
            var start = 0, end = scratch.count
            while start < end, scratch[start] == 0x20 || scratch[start] == 0x09 { start += 1 }
            while end > start, scratch[end - 1] == 0x20 || scratch[end - 1] == 0x09 { end -= 1 }
            // Text of scalars below U+0300 (lead bytes up to 0xCB) is NFC as it stands: only a
            // combining mark or a scalar beyond needs Foundation's (slow) normalisation.
            var stable = true
            for k in start..<end where scratch[k] >= 0xCC { stable = false; break }
            let text: String? = scratch.withUnsafeBufferPointer { String(validating: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
            guard let text else { throw reject(recordLine, "csv.encoding", "raden är inte giltig UTF-8") }
            record.append(stable ? text : text.precomposedStringWithCanonicalMapping)
            scratch.removeAll(keepingCapacity: true)
            afterQuote = false
            fieldStarted = false
        }
        func finishRecord() throws(InputRejected) {
            defer { record.removeAll(keepingCapacity: true) }
            if record.allSatisfy(\.isEmpty) { return }
            if !seenHeader {
                guard record == header else {
                    throw reject(recordLine, "csv.header", "rubrikraden ska vara exakt: \(header.joined(separator: ","))")
                }
                seenHeader = true
                return
            }
            guard record.count == header.count else {
                throw reject(recordLine, "csv.column-count", "har \(record.count) fält, rubrikraden \(header.count)")
            }
            try body(recordLine, record)
        }

        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if quoted {
                if c == quote {
                    if i < bytes.count, bytes[i] == quote { scratch.append(quote); i += 1 } else { quoted = false; afterQuote = true }
                } else {
                    if c == lf { line += 1 }
                    scratch.append(c)
                }
                continue
            }
            switch c {
            case quote:
                guard !fieldStarted || scratch.allSatisfy({ $0 == 0x20 || $0 == 0x09 }), !afterQuote else {
                    throw reject(line, "csv.quote", "citattecken mitt i ett fält")
                }
                scratch.removeAll(keepingCapacity: true)
                quoted = true
                fieldStarted = true
            case comma:
                try finishField()
            case cr:
                continue
            case lf:
                try finishField()
                try finishRecord()
                line += 1
                recordLine = line
            default:
                guard !afterQuote || c == 0x20 || c == 0x09 else { throw reject(line, "csv.quote", "tecken efter ett avslutande citattecken") }
                if !afterQuote { scratch.append(c) }
                fieldStarted = true
            }
        }
        if quoted { throw reject(recordLine, "csv.quote", "ett citerat fält avslutas aldrig") }
        if fieldStarted || !scratch.isEmpty || !record.isEmpty {
            try finishField()
            try finishRecord()
        }
        if !seenHeader { throw reject(1, "csv.empty", "filen är tom") }
    }
}

/// A whole CSV file in memory, for the small ledgers (the agreement register). Rows keep their
/// line number, so every error can name the line.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
        let header: [String]

        /// The value of `column`, empty when the header has no such column. A scan of a handful
        /// of short names is faster than hashing them.
        public subscript(column: String) -> String {
            header.firstIndex(of: column).map { fields[$0] } ?? ""
        }
    }

    public let rows: [Row]

    /// Parses `data`, requiring exactly the columns `header` in that order. `name` is the file
    /// name used in error fields.
    public init(_ data: Data, name: String, header: [String]) throws(InputRejected) {
        var rows: [Row] = []
        try CSVReader.read(data, name: name, header: header) { line, fields in
            rows.append(Row(line: line, fields: fields, header: header))
        }
        self.rows = rows
    }
}
