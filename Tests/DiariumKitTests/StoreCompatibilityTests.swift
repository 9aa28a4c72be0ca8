import DiariumKit
import DiariumRender
import DiariumStore
import Foundation
import Testing

/// Stores written by earlier versions (`Fixtures/store-*`, each made once by `make
/// store-fixture` and never regenerated): this version opens each, finds it intact, shows every
/// document it holds to staff and public, and registers into it.
@Suite("Stores written by earlier versions")
struct StoreCompatibilityTests {
    /// Every committed fixture store, by folder name.
    static let fixtures: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Paths.fixtures.path)) ?? []
        return names.filter { $0.hasPrefix("store-") }.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
    }()

    /// After every fixture was made: the registrations added here come later than its own.
    static let later = Date(timeIntervalSince1970: 1_800_000_000)  // 2027-01-15

    /// A copy of fixture `name` (store and anchor key) in a scratch folder, opened.
    static func open(_ name: String, in dir: URL) throws -> (Diarium, URL) {
        let source = Paths.fixture(name)
        try FileManager.default.copyItem(at: source.appendingPathComponent("store"), to: dir.appendingPathComponent("store"))
        try FileManager.default.copyItem(at: source.appendingPathComponent("store.anchor-key"), to: dir.appendingPathComponent("store.anchor-key"))
        let store = dir.appendingPathComponent("store")
        return (try Diarium(store: store, home: Paths.home, clock: { later }), store)
    }

    @Test("there is a fixture store to test against")
    func fixturesExist() {
        #expect(!Self.fixtures.isEmpty)
    }

    @Test("an earlier store opens, verifies, shows every document and accepts new registrations", arguments: fixtures)
    func opensAndGrows(name: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-compat-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (d, _) = try Self.open(name, in: dir)

        let before = try d.verify(as: tester)
        #expect(before.isIntact && before.notices.isEmpty, "\(name): \(before.damage) \(before.notices)")

        let all = try d.search(SearchQuery(text: "", limit: 10_000), scope: .internal, as: tester)
        #expect(all.count >= 10, "\(name): the fixture holds the demo's documents")
        for hit in all {
            for format in ShowFormat.allCases {
                #expect(throws: Never.self, "\(name) \(hit.document) full \(format)") { _ = try d.show(hit.document, audience: .full, format: format, as: tester) }
                #expect(throws: Never.self, "\(name) \(hit.document) public \(format)") { _ = try d.show(hit.document, audience: .public, format: format, as: tester) }
            }
        }
        #expect(!(try d.search(SearchQuery(text: "ultraljudsgel"), scope: .public, as: tester)).isEmpty, "\(name): the public search")

        let file = dir.appendingPathComponent("brev.txt")
        try Data("Ett nytt brev om leveranser.".utf8).write(to: file)
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: Paths.fixture("registration.json"))) as! [String: Any]
        var changed = meta
        changed["date"] = "2027-01-14"
        let receipt = try d.register(file: file, meta: JSONSerialization.data(withJSONObject: changed), as: tester)
        #expect(try d.show(receipt.document, audience: .full, format: .text, as: tester).contains(receipt.document))

        let after = try d.verify(as: tester)
        #expect(after.isIntact && after.notices.isEmpty, "\(name): \(after.damage) \(after.notices)")
        #expect(after.documentsChecked == before.documentsChecked + 1)
    }
}
