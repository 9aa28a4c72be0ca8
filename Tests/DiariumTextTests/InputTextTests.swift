import DiariumText
import Testing

@Suite("Input normalisation")
struct InputTextTests {
    @Test("one-line values: NFC, trimmed, every run of white space one space", arguments: [
        (" Kemikonsult AB ", "Kemikonsult AB"),
        ("Kemikonsult  AB", "Kemikonsult AB"),
        ("Kemikonsult\nAB", "Kemikonsult AB"),
        ("Kemikonsult\r\n\tAB", "Kemikonsult AB"),
        ("Kemikonsult\u{00A0}AB", "Kemikonsult AB"),
        ("Kemikonsult\u{2003}\u{202F}AB", "Kemikonsult AB"),
        ("Bo\u{0308}rje", "Börje"),
    ])
    func oneLine(raw: String, expected: String) throws {
        #expect(try InputText.normalise(raw).get() == expected)
    }

    @Test("blank after normalisation is missing", arguments: ["", " ", "\n\t ", "\u{00A0}\u{3000}"])
    func blankIsMissing(raw: String) throws {
        #expect(try InputText.normalise(raw).get() == nil)
        #expect(try InputText.normalise(raw, lines: .many).get() == nil)
    }

    @Test("control characters are refused in every field", arguments: ["\u{0}", "\u{1}", "\u{1B}[31m", "\u{7F}", "\u{85}x\u{9B}"])
    func controls(raw: String) {
        for lines in [InputText.Lines.one, .many] {
            guard case .failure(let r) = InputText.normalise("Titel " + raw, lines: lines) else {
                Issue.record("accepted a control character")
                continue
            }
            #expect(r.rule == "text.control-character")
        }
    }

    @Test("invisible characters are refused in one-line fields", arguments: [
        "\u{200B}", "\u{00AD}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{202E}", "\u{E0041}", "\u{E000}", "\u{034F}",
    ])
    func invisibleOneLine(ch: String) {
        guard case .failure(let r) = InputText.normalise("Kemi" + ch + "konsult AB") else {
            Issue.record("accepted an invisible character")
            return
        }
        #expect(r.rule == "text.invisible-character")
        #expect(!r.message.contains("Kemi"))
    }

    @Test("multi-line values keep paragraphs and drop invisible format characters")
    func multiLine() throws {
        let raw = "  Första\u{00AD}raden  har\ttext \r\n\r\n\r\n  andra\u{200B} stycket\u{2028}tredje rad  \n"
        #expect(try InputText.normalise(raw, lines: .many).get() == "Förstaraden har text\n\nandra stycket\ntredje rad")
    }
}
