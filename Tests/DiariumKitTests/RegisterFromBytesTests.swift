import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import Testing

/// A face that holds a file as bytes (the web's upload) registers it as the CLI registers one
/// from a path: the same checks, the same record, the same archive object.
@Suite("Registering a file handed over as bytes")
struct RegisterFromBytesTests {
    static let html = "<html><body><p>Förfrågan om ultraljudsgel till Hjärtcentrum, leverans vecka 3.</p></body></html>"

    @Test("bytes and a path give the same hash, media type, size and searchable text")
    func sameAsPath() throws {
        let s = try Sandbox()
        let url = s.file("forfragan.html", Self.html)
        let fromPath = try s.diarium.register(file: url, meta: s.meta(), as: tester)
        let fromBytes = try s.diarium.register(InputFile(name: "forfragan.html", data: Data(Self.html.utf8)), meta: s.meta(), as: tester)
        #expect(fromPath.sha256 == fromBytes.sha256)
        let a = try s.diarium.view(fromPath.document, audience: .full, as: tester), b = try s.diarium.view(fromBytes.document, audience: .full, as: tester)
        #expect(a.file.name == b.file.name && a.file.mediaType == b.file.mediaType && a.file.size == b.file.size)
        let hits = try s.diarium.search(SearchQuery(text: "ultraljudsgel"), scope: .internal, as: tester).map(\.document)
        #expect(hits.contains(fromBytes.document) && hits.contains(fromPath.document))
        #expect(try s.diarium.verify(as: tester).isIntact)
    }

    @Test("an empty upload is refused by field and rule, and nothing is written")
    func refusals() throws {
        let s = try Sandbox()
        let before = try s.snapshot()
        #expect {
            _ = try s.diarium.register(InputFile(name: "tom.txt", data: Data()), meta: s.meta(), as: tester)
        } throws: { ($0 as? DiariumError)?.problems.map(\.rule) == ["file.empty"] }
        #expect(try s.snapshot() == before)
    }

    @Test("bytes of several chunks are read whole: a word after the first mebibyte is searchable")
    func manyChunks() throws {
        let s = try Sandbox()
        // 1.1 MB in UTF-8 but 880 000 characters: past the first 1 MiB piece, under the index cap.
        let filler = String(repeating: "röd ", count: 220_000)
        let text = filler + "kemikaliehantering"
        let r = try s.diarium.register(InputFile(name: "lang.txt", data: Data(text.utf8)), meta: s.meta(), as: tester)
        #expect(try s.diarium.search(SearchQuery(text: "kemikaliehantering"), scope: .internal, as: tester).map(\.document) == [r.document])
    }
}

@Suite("Reading a file the face names")
struct InputFileReadTests {
    @Test("a missing file, a folder and one over the limit are refused by field and rule, the limit in words")
    func refusals() throws {
        let s = try Sandbox()
        func rules(_ url: URL, _ max: Int) -> [String] {
            do throws(DiariumError) {
                _ = try InputFile.read(url, maxSize: max)
                return []
            } catch {
                return error.problems.map { "\($0.field) \($0.rule) \($0.message)" }
            }
        }
        #expect(rules(s.dir.appendingPathComponent("saknas.csv"), 100).first?.hasPrefix("file file.not-found") == true)
        #expect(rules(s.dir, 100).first?.hasPrefix("file file.not-found") == true)
        #expect(rules(s.file("stor.csv", String(repeating: "x", count: 200)), 100) == ["file file.too-large är större än 100 byte"])
        #expect(try InputFile.read(s.file("liten.csv", "a,b\n"), maxSize: 100).name == "liten.csv")
    }
}
