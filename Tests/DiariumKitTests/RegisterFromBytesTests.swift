import DiariumKit
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
        let fromPath = try s.diarium.register(file: url, meta: s.meta())
        let fromBytes = try s.diarium.register(InputFile(name: "forfragan.html", data: Data(Self.html.utf8)), meta: s.meta())
        #expect(fromPath.sha256 == fromBytes.sha256)
        let a = try s.diarium.view(fromPath.document, audience: .full), b = try s.diarium.view(fromBytes.document, audience: .full)
        #expect(a.file.name == b.file.name && a.file.mediaType == b.file.mediaType && a.file.size == b.file.size)
        let hits = try s.diarium.search(SearchQuery(text: "ultraljudsgel"), scope: .internal).map(\.document)
        #expect(hits.contains(fromBytes.document) && hits.contains(fromPath.document))
        #expect(try s.diarium.verify().isIntact)
    }

    @Test("an empty upload is refused by field and rule, and nothing is written")
    func refusals() throws {
        let s = try Sandbox()
        let before = try s.snapshot()
        #expect {
            _ = try s.diarium.register(InputFile(name: "tom.txt", data: Data()), meta: s.meta())
        } throws: { ($0 as? DiariumError)?.problems.map(\.rule) == ["file.empty"] }
        #expect(try s.snapshot() == before)
    }

    @Test("bytes of several chunks are read whole: a word after the first mebibyte is searchable")
    func manyChunks() throws {
        let s = try Sandbox()
        // 1.1 MB in UTF-8 but 880 000 characters: past the first 1 MiB piece, under the index cap.
        let filler = String(repeating: "röd ", count: 220_000)
        let text = filler + "kemikaliehantering"
        let r = try s.diarium.register(InputFile(name: "lang.txt", data: Data(text.utf8)), meta: s.meta())
        #expect(try s.diarium.search(SearchQuery(text: "kemikaliehantering"), scope: .internal).map(\.document) == [r.document])
    }
}
