@_spi(Tools) import DiariumKit
import DiariumStore
import Foundation
import Testing

/// What a crash leaves half-written in the archive is put right by the next write.
@Suite("What a crash leaves behind")
struct CrashLeftoverTests {
    let s = try! Sandbox()

    @Test("an archived object cut short by a crash is written again")
    func shortObject() throws {
        let data = Data("hela innehållet".utf8)
        let sha = SHA256Hex.of(data)
        let url = s.diarium.store.objects.url(for: sha)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data().write(to: url)
        try s.diarium.store.objects.put(data, sha256: sha, durability: .immediate)
        #expect(try Data(contentsOf: url) == data)
    }
}
