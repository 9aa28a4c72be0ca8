import DiariumStore
import DiariumSQLite
import Foundation
import Testing

@Suite("Verify")
struct VerifyTests {
    let t = try! TempStore()

    init() throws {
        for i in 0..<3 { try t.add(title: "dokument \(i)") }
    }

    @Test("an untouched store is intact")
    func intact() throws {
        let r = try t.store.verify()
        #expect(r.isIntact)
        #expect(r.documentsChecked == 3 && r.objectsChecked == 6 && r.auditEventsChecked == 5)
    }

    @Test("an altered object is damage")
    func alteredObject() throws {
        let sha = try #require(t.store.objects.inventory().objects.first)
        let url = t.store.objects.url(for: sha)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        try Data("ändrat".utf8).write(to: url)
        #expect(try t.store.verify().damage.contains { $0.kind == "object.altered" && $0.subject == sha })
    }

    @Test("a row whose object is gone is damage")
    func missingObject() throws {
        let sha = try #require(t.store.objects.inventory().objects.first)
        try FileManager.default.removeItem(at: t.store.objects.url(for: sha))
        #expect(try t.store.verify().damage.map(\.kind).contains("document.object-missing"))
    }

    @Test("an edited audit event is damage")
    func editedEvent() throws {
        try t.tamper("UPDATE audit_event SET actor = 'någon annan' WHERE id = 2")
        #expect(try t.store.verify().damage.map(\.kind).contains("audit.altered"))
    }

    @Test("a deleted audit event in the middle is damage")
    func deletedMiddle() throws {
        try t.tamper("PRAGMA foreign_keys = OFF; DELETE FROM audit_event WHERE id = 2")
        let kinds = try t.store.verify().damage.map(\.kind)
        #expect(kinds.contains("audit.gap") && kinds.contains("audit.broken-link"))
    }

    @Test("a deleted newest audit event is damage")
    func deletedNewest() throws {
        try t.tamper("PRAGMA foreign_keys = OFF; DELETE FROM audit_event WHERE id = (SELECT max(id) FROM audit_event)")
        let kinds = try t.store.verify().damage.map(\.kind)
        #expect(kinds.contains("audit.truncated"))
    }

    @Test("an unreferenced object is a notice, not damage")
    func unreferenced() throws {
        try t.store.objects.put(Data("föräldralös".utf8), durability: .immediate)
        let r = try t.store.verify()
        #expect(r.isIntact)
        #expect(r.notices.map(\.kind) == ["object.unreferenced"])
    }
}
