import DiariumModel
import Foundation
import Testing

@Suite("CSV reader")
struct CSVReaderTests {
    let header = ["a", "b"]

    func rows(_ text: String) throws(InputRejected) -> [[String]] {
        var out: [[String]] = []
        try CSVReader.read(Data(text.utf8), name: "f.csv", header: header) { _, fields in out.append(fields) }
        return out
    }

    func rejected(_ bytes: Data) -> String? {
        do { try CSVReader.read(bytes, name: "f.csv", header: header) { _, _ in }; return nil } catch {
            return error.errors.first.map { "\($0.field) \($0.rule)" }
        }
    }

    @Test("quotes, doubled quotes, CRLF, a BOM, blank and separator-only lines, trimming and NFC")
    func accepted() throws {
        #expect(try rows("\u{FEFF}a,b\r\n\"x, \"\"y\"\"\",2\r\n\r\n,\n  z ,\"line\nbreak\"\n") == [["x, \"y\"", "2"], ["z", "line\nbreak"]])
        // "é" as e + combining acute is read as the precomposed letter.
        #expect(try rows("a,b\ne\u{0301},Å\n") == [["\u{00E9}", "Å"]])
        #expect(try rows("a,b\nx,y") == [["x", "y"]], "no newline at the end")
    }

    @Test("each broken file is refused with its line")
    func refused() {
        #expect(rejected(Data("a,c\nx,y\n".utf8)) == "f.csv:1 csv.header")
        #expect(rejected(Data("a,b\nx,y\nx,y,z\n".utf8)) == "f.csv:3 csv.column-count")
        #expect(rejected(Data("a,b\nx,y\nx\"q,y\n".utf8)) == "f.csv:3 csv.quote")
        #expect(rejected(Data("a,b\nx,y\n\"open,y\n".utf8)) == "f.csv:3 csv.quote")
        #expect(rejected(Data("a,b\nx,y\nx,\u{FF}\n".utf8 + [0xFF, 0x0A])) == "f.csv:4 csv.encoding")
        #expect(rejected(Data("\n\n".utf8)) == "f.csv:1 csv.empty")
    }

    @Test("the line number counts lines inside quoted fields")
    func lineNumbers() throws {
        var lines: [Int] = []
        try CSVReader.read(Data("a,b\n\"1\n2\",x\ny,z\n".utf8), name: "f.csv", header: header) { line, _ in lines.append(line) }
        #expect(lines == [2, 4])
    }
}
