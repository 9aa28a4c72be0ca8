import Crypto
import DiariumStore
import DiariumSQLite
import Foundation
import GRDB
import Testing

/// The audit chain anchored outside the database: each commit signs its head into
/// audit-anchor.log with a key kept beside (not in) the store.
@Suite("Anchor")
struct AnchorTests {
    let t = try! TempStore()

    init() throws {
        for i in 0..<3 { try t.add(title: "dokument \(i)") }
    }

    private func kinds(_ publicKey: AnchorPublicKey? = nil) throws -> [String] {
        try t.store.verify(publicKey: publicKey).damage.map(\.kind)
    }

    @Test("a clean store has every commit's head signed and nothing unanchored")
    func intact() throws {
        let r = try t.store.verify()
        #expect(r.isIntact, "\(r.damage)")
        #expect(r.notices.isEmpty, "\(r.notices)")
        // store.anchor, then three registrations: one signed head per commit.
        #expect(r.anchor.entriesChecked == 4 && r.anchor.signaturesChecked)
        #expect(r.anchor.unanchoredEvents == 0)
        #expect(r.anchor.head?.event == 5 && r.anchor.newestAnchor?.event == 5)
        #expect(r.anchor.newestAnchor?.hash == r.anchor.head?.hash)
    }

    @Test("the key is outside the store folder, readable by its owner only")
    func keyFile() throws {
        #expect(t.key.deletingLastPathComponent().path == t.root.deletingLastPathComponent().path)
        let mode = try FileManager.default.attributesOfItem(atPath: t.key.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: t.root.path)).contains { $0.contains("key") })
    }

    @Test("the whole chain rewritten through SQL, every hash recomputed, is damage")
    func rewrittenChain() throws {
        try t.rewriteChain(after: "UPDATE audit_event SET actor = 'någon annan' WHERE id = 3")
        let r = try t.store.verify()
        #expect(!r.damage.contains { $0.kind.hasPrefix("audit.") }, "the chain itself is consistent again")
        #expect(r.damage.map(\.kind).contains("anchor.mismatch"))
    }

    @Test("without a key the log is still compared with the chain, and a notice says what was not checked")
    func withoutKey() throws {
        try FileManager.default.removeItem(at: t.key)
        let keyless = try t.open()
        #expect(try keyless.verify().isIntact)
        #expect(try keyless.verify().notices.map(\.kind) == ["anchor.unchecked"])
        try t.rewriteChain(after: "UPDATE audit_event SET actor = 'någon annan' WHERE id = 3")
        #expect(try keyless.verify().damage.map(\.kind).contains("anchor.mismatch"))
    }

    @Test("an edited log line is damage", arguments: ["event", "hash", "at"])
    func editedLine(field: String) throws {
        var lines = try t.logLines()
        var entry = try #require(try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as? [String: Any])
        switch field {
        case "event": entry["event"] = 2  // the head of another commit claimed
        case "hash": entry["hash"] = String(repeating: "ab", count: 32)
        default: entry["at"] = "2020-01-01T00:00:00Z"
        }
        lines[2] = String(decoding: try JSONSerialization.data(withJSONObject: entry), as: UTF8.self)
        try t.writeLog(lines)
        #expect(try kinds() == ["anchor.bad-signature"])
    }

    @Test("a forged signature is damage, also with the database pointed at the forger's key")
    func forged() throws {
        try t.rewriteChain(after: "UPDATE audit_event SET actor = 'någon annan' WHERE id = 3")
        let forger = Curve25519.Signing.PrivateKey()
        try t.tamper("UPDATE store_anchor SET public_key = '\(Self.hex(forger.publicKey.rawRepresentation))'")
        let storeID = try t.query("SELECT store_id FROM store_anchor").first?.first.flatMap { $0 } ?? ""
        let events = try t.query("SELECT id, hash FROM audit_event WHERE id >= 2 ORDER BY id")
        let at = "2026-11-12T10:00:00Z"
        try t.writeLog(try events.map { e in
            let id = Int64(e[0] ?? "") ?? 0, hash = e[1] ?? ""
            let signature = try forger.signature(for: Data("diarium-anchor/1\n\(storeID)\n\(id)\n\(hash)\n\(at)".utf8))
            return "{\"event\":\(id),\"hash\":\"\(hash)\",\"at\":\"\(at)\",\"store\":\"\(storeID)\",\"signature\":\"\(Self.hex(signature))\"}"
        })
        let found = try kinds()
        #expect(found.contains("anchor.bad-signature") && found.contains("anchor.key-mismatch"))
        // The forger's own public key passes the signatures; only the key from outside the store says no.
        let withForgersKey = try t.store.verify(publicKey: AnchorPublicKey(hex: Self.hex(forger.publicKey.rawRepresentation)))
        #expect(!withForgersKey.damage.map(\.kind).contains("anchor.bad-signature"))
    }

    @Test("a deleted log is damage")
    func deletedLog() throws {
        try FileManager.default.removeItem(at: t.log)
        #expect(try kinds() == ["anchor.log-missing"])
    }

    @Test("a log cut inside a line, or emptied, is damage or shows the events as unanchored")
    func cutLog() throws {
        let data = try Data(contentsOf: t.log)
        try data.prefix(data.count - 10).write(to: t.log)
        #expect(try kinds() == ["anchor.log-malformed"])
        try Data().write(to: t.log)
        let r = try t.store.verify()
        #expect(r.anchor.unanchoredEvents == 5 && r.notices.map(\.kind) == ["anchor.pending"])
    }

    @Test("whole lines cut off the end leave the newest events unanchored: a notice, and only a published head shows their rewrite")
    func truncatedLines() throws {
        let published = try #require(try t.store.verify().anchor.head)
        try t.writeLog(Array(try t.logLines().dropLast(2)))
        let r = try t.store.verify()
        #expect(r.isIntact)
        #expect(r.anchor.unanchoredEvents == 2 && r.notices.map(\.kind) == ["anchor.pending"])
        try t.rewriteChain(after: "UPDATE audit_event SET actor = 'någon annan' WHERE id = 5")
        #expect(try t.store.verify().isIntact, "the limit of the log alone")
        #expect(try t.store.verify(publicKey: nil, publishedHeads: [published]).damage.map(\.kind) == ["anchor.published-mismatch"])
        #expect(AnchorReport.Head(parsing: published.description) == published)
    }

    @Test("a log in any order is intact: processes that commit at once may append out of order")
    func anyOrder() throws {
        try t.writeLog(try t.logLines().reversed())
        let r = try t.store.verify()
        #expect(r.isIntact && r.anchor.unanchoredEvents == 0)
    }

    @Test("a log from another store is damage")
    func otherStoresLog() throws {
        let other = try TempStore()
        try other.add(title: "annat")
        try FileManager.default.removeItem(at: t.log)
        try FileManager.default.copyItem(at: other.log, to: t.log)
        #expect(try kinds().contains("anchor.other-store"))
    }

    @Test("deleted newest events, the sequence reset too, are damage against the log")
    func truncatedChain() throws {
        try t.tamper("""
            PRAGMA foreign_keys = OFF; DELETE FROM audit_event WHERE id >= 4;
            UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit_event'
            """)
        #expect(try kinds().contains("anchor.beyond-chain"))
    }

    @Test("an anchored store opened without its key, or with another store's, refuses to write")
    func writesRefused() throws {
        let before = try t.store.verify()
        let keyless = try t.open(key: t.dir.appendingPathComponent("nowhere.anchor-key"))
        #expect(throws: StoreError.self) { try t.add(to: keyless, title: "utan nyckel") }
        do { try t.add(to: keyless, title: "utan nyckel") } catch let e as StoreError {
            guard case .anchor(let rule, let message) = e else { Issue.record("\(e)"); return }
            #expect(rule == "store.anchor-key-missing" && message.contains("--key"))
        }
        let other = try TempStore()
        let wrong = try t.open(key: other.key)
        do { try t.add(to: wrong, title: "fel nyckel"); Issue.record("written") } catch let e as StoreError {
            #expect(e == .anchor(rule: "store.anchor-key-other-store", message: e.description))
        }
        let after = try t.store.verify()
        #expect(after.documentsChecked == before.documentsChecked && after.anchor.head == before.anchor.head)
        #expect(try t.store.documentCount() == 3)
    }

    @Test("an anchored store without its log refuses to write: a new log would bless any chain")
    func missingLogRefused() throws {
        try FileManager.default.removeItem(at: t.log)
        do { try t.add(title: "ny"); Issue.record("written") } catch let e as StoreError {
            guard case .anchor(let rule, _) = e else { Issue.record("\(e)"); return }
            #expect(rule == "store.anchor-log-missing")
        }
        #expect(!FileManager.default.fileExists(atPath: t.log.path))
    }

    @Test("creating over an anchored store leaves its key untouched")
    func createTwice() throws {
        let key = try Data(contentsOf: t.key)
        let (_, created, anchor) = try t.create()
        #expect(!created && !anchor.keyCreated && !anchor.anchoredNow)
        #expect(try Data(contentsOf: t.key) == key)
        #expect(try t.store.verify().isIntact)
    }

    @Test("a store made before anchoring keeps working, and create anchors its current head")
    func legacyStore() throws {
        try t.tamper("DELETE FROM store_anchor")
        try FileManager.default.removeItem(at: t.log)
        try FileManager.default.removeItem(at: t.key)
        let legacy = try t.open()
        try t.add(to: legacy, title: "före förankringen")
        #expect(try legacy.verify().notices.map(\.kind) == ["anchor.not-anchored"])
        let (anchored, created, anchor) = try t.create()
        #expect(!created && anchor.keyCreated && anchor.anchoredNow)
        let r = try anchored.verify()
        #expect(r.isIntact && r.notices.isEmpty && r.anchor.unanchoredEvents == 0, "\(r.notices)")
        try t.add(to: anchored, title: "efter")
        #expect(try anchored.verify().anchor.entriesChecked == 2)
    }

    @Test("a key already lying where a new store's would go is refused before anything is made")
    func strayKey() throws {
        let root = t.dir.appendingPathComponent("ny")
        try FileManager.default.copyItem(at: t.key, to: t.dir.appendingPathComponent("ny.anchor-key"))
        #expect(throws: StoreError.self) { try t.create(at: root) }
        #expect(!FileManager.default.fileExists(atPath: root.path))
    }

    @Test("a key inside the store folder is refused")
    func keyInsideStore() throws {
        let root = t.dir.appendingPathComponent("ny")
        do {
            _ = try t.create(at: root, key: root.appendingPathComponent("nyckel"))
            Issue.record("created")
        } catch let error as StoreError {
            guard case .anchor(let rule, _) = error else { Issue.record("\(error)"); return }
            #expect(rule == "store.anchor-key-inside-store")
        }
    }

    @Test("the public key alone checks the signatures; another public key fails them")
    func publicKeyOnly() throws {
        let publicKey = try #require(try t.store.verify().anchor.publicKey.flatMap(AnchorPublicKey.init(hex:)))
        try FileManager.default.removeItem(at: t.key)
        let verifier = try t.open()
        let r = try verifier.verify(publicKey: publicKey)
        #expect(r.isIntact && r.anchor.signaturesChecked && r.notices.isEmpty)
        let stranger = try #require(AnchorPublicKey(hex: Self.hex(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)))
        #expect(try verifier.verify(publicKey: stranger).damage.map(\.kind).contains("anchor.bad-signature"))
    }

    @Test("several stores writing the same folder at once leave every head signed")
    func concurrentWriters() throws {
        let stores = try (0..<4).map { _ in try t.open() }
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: stores.count) { i in
            for n in 0..<8 {
                do { try register(in: stores[i], title: "skrivare \(i) nr \(n)") } catch { failures.add("\(error)") }
            }
        }
        #expect(failures.all.isEmpty, "\(failures.all)")
        let r = try t.store.verify()
        #expect(r.isIntact, "\(r.damage)")
        #expect(r.anchor.entriesChecked == 4 + 32 && r.anchor.unanchoredEvents == 0)
    }

    static func hex(_ data: some Sequence<UInt8>) -> String { data.map { String(format: "%02x", $0) }.joined() }
}

/// Errors collected from threads.
final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.withLock { items.append(s) } }
    var all: [String] { lock.withLock { items } }
}
