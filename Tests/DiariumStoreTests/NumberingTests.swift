import DiariumModel
import DiariumStore
import DiariumSQLite
import Foundation
import Testing

@Suite("Numbering")
struct NumberingTests {
    let t = try! TempStore()

    @Test("case serials count per prefix and year; documents per case")
    func serials() throws {
        let a = try t.add(title: "a")
        let b = try t.add(title: "b")
        let c = try t.add(title: "c", org: "RV")
        let d = try t.add(title: "d", caseNumber: a.caseNumber)
        #expect([a, b, c, d].map(\.description) == ["RS 2026/0001-1", "RS 2026/0002-1", "RV 2026/0001-1", "RS 2026/0001-2"])
    }

    @Test("a failed transaction uses no number")
    func rollbackKeepsNumbers() throws {
        _ = try t.add(title: "a")
        // The body's own error reaches the caller as it was thrown.
        enum Boom: StoreFailure, Equatable { case boom, store(StoreError) }
        #expect(throws: Boom.boom) {
            try t.store.write { (tx: any StoreTransaction<Boom>) throws(Boom) in
                _ = try tx.openCase(organisation: t.store.config.organisation("RS")!, title: "x", year: 2026, at: Date())
                throw .boom
            }
        }
        #expect(try t.add(title: "b").description == "RS 2026/0002-1")
        #expect(try t.store.documentCount() == 2)
    }

    @Test("an unknown case is refused")
    func unknownCase() throws {
        let missing = try #require(CaseNumber(parsing: "RS 2026/0999"))
        #expect(throws: StoreError.caseNotFound("RS 2026/0999")) { try t.store.findCase(missing) }
    }

    @Test("opening a store that does not exist says how to create one")
    func notInitialized() {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nowhere-\(UUID())")
        do {
            _ = try SQLiteStore(at: url)
            Issue.record("opened")
        } catch {
            #expect(error.description.contains("diarium init"))
        }
    }

    @Test("creating over an existing store changes nothing")
    func idempotentCreate() throws {
        _ = try t.add(title: "a")
        let (again, created, _) = try t.create()
        #expect(!created)
        #expect(try again.documentCount() == 1)
    }
}
