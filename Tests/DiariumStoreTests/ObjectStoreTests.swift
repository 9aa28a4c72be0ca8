import DiariumStore
import DiariumSQLite
import Foundation
import Testing

@Suite("Object archive")
struct ObjectStoreTests {
    let t = try! TempStore()

    @Test("an object is stored under its SHA-256, read-only, once")
    func put() throws {
        let data = Data("abc".utf8)
        let sha = try t.store.objects.put(data, durability: .immediate)
        #expect(sha == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try t.store.objects.read(sha) == data)
        let path = t.store.objects.url(for: sha).path
        #expect(path.hasSuffix("objects/sha256/ba/7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        let perms = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(perms == 0o444)
        #expect(try t.store.objects.put(data, durability: .deferred) == sha)
        #expect(t.store.objects.inventory().objects == [sha])
    }

    @Test("deferred writes are flushed in one go")
    func deferred() throws {
        for i in 0..<20 { try t.store.objects.put(Data("x\(i)".utf8), durability: .deferred) }
        try t.store.objects.flush()
        #expect(t.store.objects.inventory().objects.count == 20)
    }

    @Test("a leftover temporary file is a notice, a foreign file is damage")
    func inventory() throws {
        let sha = try t.store.objects.put(Data("abc".utf8), durability: .immediate)
        let folder = t.store.objects.url(for: sha).deletingLastPathComponent()
        try Data("half".utf8).write(to: folder.appendingPathComponent(".tmp-crashed"))
        var report = try t.store.verify()
        #expect(report.isIntact)
        #expect(report.notices.map(\.kind).contains("object.temporary"))
        try Data("x".utf8).write(to: folder.appendingPathComponent("not-a-hash"))
        report = try t.store.verify()
        #expect(report.damage.map(\.kind) == ["object.foreign"])
    }
}
