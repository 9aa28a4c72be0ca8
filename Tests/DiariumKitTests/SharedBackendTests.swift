import DiariumKit
import DiariumModel
import DiariumPostgres
import DiariumStore
import Foundation
import Testing

/// The public full-text index, read behind Diarium's back on whichever backend the suite runs
/// on: it never holds a value marked secret, however it is spelt, nor does its PostgreSQL
/// lexeme column.
@Suite("The public index holds no secret")
struct PublicIndexTests {
    let s = try! Sandbox()

    @Test("every row of the public index, and on PostgreSQL its lexemes, is free of the planted markers")
    func publicIndexClean() throws {
        let file = s.file(SecrecyTests.fileName, "Prisbilaga \(SecrecyTests.content) rabattstege")
        _ = try s.diarium.register(file: file, meta: s.meta([
            "counterparty": SecrecyTests.counterparty,
            "title": "Anbud \(SecrecyTests.title)",
            "publicTitle": "Anbud avseende ultraljudsgel",
            "secrecy": [
                ["field": "counterparty", "provision": "osl-19-3-2", "reason": SecrecyTests.reason],
                ["field": "title", "provision": "osl-19-3-2", "reason": SecrecyTests.reason],
                ["field": "content", "provision": "osl-31-16", "reason": SecrecyTests.reason],
            ],
        ]), as: tester)
        let rows = try s.query("SELECT * FROM search_public")
        #expect(!rows.isEmpty)
        var text = rows.flatMap { $0.compactMap { $0 } }.joined(separator: "\n")
        if TestBackend.postgres != nil {
            text += try s.query("SELECT array_to_string(tsvector_to_array(terms), ' ') FROM search_public").flatMap { $0.compactMap { $0 } }
                .joined(separator: " ")
        }
        for m in SecrecyTests.markers {
            for spelling in [m, m.lowercased(), m.uppercased(), m.decomposedStringWithCanonicalMapping] {
                #expect(!text.contains(spelling), "the public index holds \(spelling)")
            }
        }
        // The staff index finds the secret, the public one does not.
        let word = SecrecyTests.counterparty.lowercased()
        #expect(try s.diarium.search(SearchQuery(text: word), scope: .internal, as: tester).count == 1)
        #expect(try s.diarium.search(SearchQuery(text: word), scope: .public, as: tester).isEmpty)
    }
}

/// `diarium migrate`: a SQLite store moved to PostgreSQL whole, or not at all. Runs when the
/// suites run on PostgreSQL (`DIARIUM_TEST_POSTGRES`, `make test`).
@Suite("A SQLite store moved to PostgreSQL", .enabled(if: TestBackend.postgres != nil))
struct MigrationTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-migrate-\(UUID().uuidString)")
    var storeURL: URL { dir.appendingPathComponent("store") }
    var databases: [String] = []

    /// A SQLite store with registrations (a secret one among them) and a request.
    func sqliteStore() throws -> Diarium {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        _ = try Diarium.initialize(store: storeURL, as: tester)
        let d = try Diarium(store: storeURL, home: Paths.home, clock: { fixedNow })
        let meta = try Data(contentsOf: Paths.fixture("registration.json"))
        for name in ["anbud.txt", "anbud.xml"] { _ = try d.register(file: Paths.fixture(name), meta: meta, as: tester) }
        let secret = dir.appendingPathComponent("bilaga.txt")
        try Data("Prisbilaga överklagande \(SecrecyTests.content)".utf8).write(to: secret)
        var o = try JSONSerialization.jsonObject(with: meta) as! [String: Any]
        o["counterparty"] = SecrecyTests.counterparty
        o["secrecy"] = [["field": "counterparty", "provision": "osl-19-3-2", "reason": SecrecyTests.reason]]
        _ = try d.register(file: secret, meta: try JSONSerialization.data(withJSONObject: o), as: tester)
        return d
    }

    mutating func newDatabase() throws -> SharedIndex {
        let server = try #require(TestBackend.postgres)
        let name = "m_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresServer.createDatabase(name, on: server)
        databases.append(name)
        return try SharedIndex(database: PostgresServer.url(server, database: name).description,
                               objects: storeURL.appendingPathComponent("objects"))
    }

    func cleanUp() {
        for d in databases { TestBackend.drop(d) }
        try? FileManager.default.removeItem(at: dir)
    }

    @Test("the moved store has the same documents, hashes and audit chain, verifies, and searches the same")
    mutating func moved() throws {
        defer { cleanUp() }
        let before = try sqliteStore()
        let report = try before.verify(as: tester)
        let documents = try before.search(SearchQuery(text: ""), scope: .internal, as: tester).map(\.document)
        let found = try before.search(SearchQuery(text: "överkl*"), scope: .internal, as: tester).map(\.document)
        let index = try newDatabase()
        let result = try Diarium.migrate(store: storeURL, to: index, home: Paths.home, as: tester)
        #expect(result.documents == report.documentsChecked && result.head == report.anchor.head)
        #expect(PostgresStore.isStore(at: storeURL))
        #expect(FileManager.default.fileExists(atPath: storeURL.appendingPathComponent("diarium.sqlite.moved").path))
        let after = try Diarium(store: storeURL, home: Paths.home, clock: { fixedNow })
        let verified = try after.verify(as: tester)
        #expect(verified.isIntact, "\(verified.damage)")
        #expect(verified.documentsChecked == report.documentsChecked)
        // One event more: the move itself, chained on the same head.
        #expect(verified.auditEventsChecked == report.auditEventsChecked + 1)
        #expect(try after.search(SearchQuery(text: ""), scope: .internal, as: tester).map(\.document) == documents)
        #expect(try after.search(SearchQuery(text: "överkl*"), scope: .internal, as: tester).map(\.document) == found)
        #expect(try after.search(SearchQuery(text: SecrecyTests.counterparty), scope: .public, as: tester).isEmpty)
        // Numbering goes on where it stopped.
        let next = try after.register(file: Paths.fixture("anbud.txt"), meta: try Data(contentsOf: Paths.fixture("registration.json")), as: tester)
        #expect(next.document.description == "RS 2026/0004-1")
        #expect(try after.verify(as: tester).isIntact)
    }

    @Test("a database that already holds a store is refused and the SQLite store is left as it was")
    mutating func refused() throws {
        defer { cleanUp() }
        _ = try sqliteStore()
        let index = try newDatabase()
        // Another store in that database first.
        let other = dir.appendingPathComponent("other")
        _ = try Diarium.initialize(store: other, as: tester, index: try SharedIndex(database: index.database.description,
                                                                                    objects: other.appendingPathComponent("objects")))
        let source = try Diarium(store: storeURL, home: Paths.home)
        let before = try source.verify(as: tester)
        do throws(DiariumError) {
            _ = try Diarium.migrate(store: storeURL, to: index, home: Paths.home, as: tester)
            Issue.record("moved into a database in use")
        } catch {
            #expect(error.problems.map(\.rule) == ["store.database-in-use"], "\(error)")
        }
        // The same store on SQLite: the same documents and chain head, nothing logged.
        #expect(!PostgresStore.isStore(at: storeURL))
        let after = try Diarium(store: storeURL, home: Paths.home).verify(as: tester)
        #expect(after.isIntact && after.anchor.head == before.anchor.head && after.documentsChecked == before.documentsChecked)
    }

    @Test("only an administrator moves a store, and a bad address is refused by field and rule")
    mutating func refusedInput() throws {
        defer { cleanUp() }
        _ = try sqliteStore()
        let index = try newDatabase()
        do throws(DiariumError) {
            _ = try Diarium.migrate(store: storeURL, to: index, home: Paths.home, as: Principal(name: "Eva", roles: [.handlaggare], organisations: .all))
            Issue.record("moved by a handler")
        } catch {
            #expect(error.problems.map(\.rule) == ["access.role"])
        }
        do throws(DiariumError) {
            _ = try SharedIndex(database: "mysql://x@y/z", objects: dir)
            Issue.record("accepted")
        } catch {
            #expect(error.problems.map { "\($0.field) \($0.rule)" } == ["database store.database-url"])
        }
        #expect(!PostgresStore.isStore(at: storeURL))
    }
}

/// The database's address as `init --database` and `migrate --to` read it.
@Suite("The shared index's address")
struct SharedIndexAddressTests {
    @Test("an address is read whole; TLS is off on loopback and verified elsewhere unless sslmode says otherwise")
    func parsed() throws {
        let objects = URL(fileURLWithPath: "/tmp/objects")
        let local = try SharedIndex(database: "postgres://diarium@127.0.0.1:5433/diarium", objects: objects).database
        #expect(local.tls == .disable && local.port == 5433 && local.description == "postgres://diarium@127.0.0.1:5433/diarium")
        let remote = try SharedIndex(database: "postgresql://diarium:hemligt@db.region.se/diarium", objects: objects).database
        #expect(remote.tls == .verifyFull && remote.port == 5432 && remote.password == "hemligt")
        // The password never reaches what is shown or written to the store folder.
        #expect(!remote.description.contains("hemligt"))
        let required = try SharedIndex(database: "postgres://diarium@db.region.se/diarium?sslmode=require", objects: objects).database
        #expect(required.tls == .require && required.description.hasSuffix("?sslmode=require"))
    }

    @Test("a malformed address is refused by field and rule, saying what is missing", arguments: [
        "mysql://diarium@db/x", "postgres://db.region.se/diarium", "postgres://diarium@/diarium", "postgres://diarium@db.region.se/",
        "postgres://diarium@db.region.se/diarium?sslmode=allow", "postgres://diarium@db.region.se:0/diarium",
    ])
    func refused(_ text: String) {
        do throws(DiariumError) {
            _ = try SharedIndex(database: text, objects: URL(fileURLWithPath: "/tmp"))
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.problems.map { "\($0.field) \($0.rule)" } == ["database store.database-url"], "\(text)")
            #expect(!(error.problems.first?.message.isEmpty ?? true))
        }
    }
}
