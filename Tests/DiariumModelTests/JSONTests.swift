import DiariumModel
import Foundation
import Testing

@Suite("Strict JSON")
struct JSONTests {
    @Test("values keep their JSON types; numbers keep their text")
    func types() throws {
        let v = try JSONParser.parse(Data(#"{"a": true, "b": 1, "c": "1", "d": null, "e": [1.5e3], "f": "\u00e5\ud83d\ude00"}"#.utf8))
        guard case .object(let m) = v else { Issue.record("not an object"); return }
        #expect(m.map(\.key) == ["a", "b", "c", "d", "e", "f"])
        #expect(m[0].value == .bool(true))
        #expect(m[1].value == .number("1"))
        #expect(m[2].value == .string("1"))
        #expect(m[3].value == .null)
        #expect(m[4].value == .array([.number("1.5e3")]))
        #expect(m[5].value == .string("å😀"))
    }

    @Test("syntax errors name line and column", arguments: [
        ("{\n  \"a\": 1,\n}", 3), ("{\"a\": tru}", 1), ("{\"a\": \"x}", 1), ("[1,\n2\n", 3),
        ("{\"a\": 1}\n{", 2), ("{\"a\": 01}", 1), ("{\"a\": \"\\ud800\"}", 1), ("{\"a\": \"tab\there\"}", 1),
    ])
    func syntaxErrors(_ text: String, _ line: Int) {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Data(text.utf8)) }
        do { _ = try JSONParser.parse(Data(text.utf8)) } catch { #expect(error.line == line, "\(error)") }
    }

    @Test("a key that appears twice is refused, not silently overwritten")
    func duplicateKeys() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Data(#"{"title": "a", "title": "b"}"#.utf8)) }
    }

    @Test("a duplicate key is echoed without control characters")
    func duplicateKeyEcho() throws {
        let json = "{\"a\u{1B}[2J\": 1, \"a\u{1B}[2J\": 2}"
        do {
            _ = try Registration.decode(Data(json.utf8))
            Issue.record("accepted")
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.value == 0x1B })
        }
    }

    @Test("deep nesting is refused")
    func depth() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Data(deep.utf8)) }
    }

    @Test("invalid UTF-8 is refused")
    func invalidUTF8() {
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Data([0x22, 0xC3, 0x28, 0x22])) }
    }
}
