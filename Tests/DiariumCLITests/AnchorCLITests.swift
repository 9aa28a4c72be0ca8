import DiariumKit
import DiariumStore
import Foundation
import Testing

/// The anchor of the audit chain through the real executable: `init` makes the key, every
/// store command takes `--key`, `verify` checks the log and prints the head to publish.
@Suite("The anchor, through the command line", .serialized)
struct AnchorCLITests {
    let s = try! Sandbox()
    var store: [String] { ["--store", s.storeURL.path] }
    var key: URL { s.dir.appendingPathComponent("store.anchor-key") }

    func register(_ extra: [String] = [], environment: [String: String] = [:]) throws -> (status: Int32, stdout: String, stderr: String) {
        try runCLI(["register", Paths.fixture("anbud.txt").path, "--meta", Paths.fixture("registration.json").path] + store + extra,
                   environment: environment)
    }

    @Test("init makes the key beside the store, owner-only, says to keep it apart; init again leaves it untouched")
    func initKey() throws {
        let dir = s.dir.appendingPathComponent("nytt")
        let first = try runCLI(["init", "--store", dir.path])
        let keyURL = s.dir.appendingPathComponent("nytt.anchor-key")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains(keyURL.path) && first.stdout.contains("åtskild från arkivet") && first.stdout.contains("säkerhetskopiera"))
        let mode = try FileManager.default.attributesOfItem(atPath: keyURL.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let bytes = try Data(contentsOf: keyURL)
        let modified = try FileManager.default.attributesOfItem(atPath: keyURL.path)[.modificationDate] as? Date
        let second = try runCLI(["init", "--store", dir.path, "--json"])
        #expect(second.status == 0)
        let v = try #require(try JSONSerialization.jsonObject(with: Data(second.stdout.utf8)) as? [String: Any])
        #expect(v["keyCreated"] as? Bool == false && v["key"] as? String == keyURL.path && (v["publicKey"] as? String)?.count == 64)
        #expect(try Data(contentsOf: keyURL) == bytes)
        #expect(try FileManager.default.attributesOfItem(atPath: keyURL.path)[.modificationDate] as? Date == modified)
    }

    @Test("an anchored store refuses writes without its key, naming --key; DIARIUM_KEY or --key find a moved key")
    func keyRequired() throws {
        let moved = s.dir.appendingPathComponent("säkert-ställe.key")
        try FileManager.default.moveItem(at: key, to: moved)
        let before = try rows()
        let refused = try register()
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("key: ") && refused.stderr.contains("--key") && refused.stderr.contains("[store.anchor-key-missing]"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Foundation"))
        #expect(try rows() == before, "nothing written, not even the failed attempt's event")
        #expect(try register(environment: ["DIARIUM_KEY": moved.path]).status == 0)
        #expect(try register(["--key", moved.path]).status == 0)
        let verified = try runCLI(["verify", "--key", moved.path] + store)
        #expect(verified.status == 0 && !verified.stdout.contains("Notering"), "\(verified.stdout)")
    }

    @Test("a title edited, a new record archived, every hash recomputed: verify finds it against the anchor")
    func rewrittenChain() throws {
        let receipt = try s.diarium.register(file: Paths.fixture("anbud.txt"), meta: s.meta(["secrecy": []]), as: tester)
        _ = try s.diarium.register(file: Paths.fixture("anbud.xml"), meta: s.meta(["secrecy": []]), as: tester)
        #expect(try runCLI(["verify"] + store).status == 0)
        try rewrite(receipt.document, title: "Ett helt annat anbud")
        let out = try runCLI(["verify", "--json"] + store)
        #expect(out.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(out.stdout.utf8)) as? [String: Any])
        let kinds = Set(((report["damage"] as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String })
        // Only the anchor sees it: the rest of the archive agrees with itself again.
        #expect(kinds == ["anchor.mismatch"], "\(kinds)")
    }

    @Test("verify prints the head to publish; --public-key alone checks the signatures; without either, a notice")
    func head() throws {
        #expect(try register().status == 0)
        let text = try runCLI(["verify"] + store)
        #expect(text.status == 0)
        // Events: the store created, its default information management plan, the anchor key, the registration.
        #expect(text.stdout.contains("Granskningsloggens huvud: händelse 4, sha256 ") && text.stdout.contains("Senast förankrad: händelse 4"), "\(text.stdout)")
        let json = try runCLI(["verify", "--json"] + store)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let anchor = try #require(report["anchor"] as? [String: Any])
        let headHash = try #require((anchor["head"] as? [String: Any])?["hash"] as? String)
        #expect((anchor["newestAnchor"] as? [String: Any])?["hash"] as? String == headHash)
        #expect(anchor["unanchoredEvents"] as? Int == 0 && anchor["signaturesChecked"] as? Bool == true)
        let publicKey = try #require(anchor["publicKey"] as? String)
        let event = try #require((anchor["head"] as? [String: Any])?["event"] as? Int)
        #expect(try runCLI(["verify", "--published-head", "\(event):\(headHash)"] + store).status == 0)
        let other = try runCLI(["verify", "--published-head", "\(event):" + String(repeating: "0", count: 64)] + store)
        #expect(other.status == 1 && other.stderr.contains("[anchor.published-mismatch]"))
        #expect(try runCLI(["verify", "--published-head", "\(event)"] + store).status == 64)

        try FileManager.default.moveItem(at: key, to: s.dir.appendingPathComponent("bortflyttad"))
        let unchecked = try runCLI(["verify"] + store)
        #expect(unchecked.status == 0 && unchecked.stdout.contains("förankringen kunde inte kontrolleras"), "\(unchecked.stdout)")
        let withPublic = try runCLI(["verify", "--public-key", publicKey] + store)
        #expect(withPublic.status == 0 && withPublic.stdout.contains("Förankringen kontrollerad") && !withPublic.stdout.contains("Notering"))
        let stranger = String(publicKey.reversed())
        if AnchorPublicKey(hex: stranger) != nil {
            let wrong = try runCLI(["verify", "--public-key", stranger] + store)
            #expect(wrong.status == 1 && wrong.stderr.contains("[anchor.bad-signature]"))
        }
        #expect(try runCLI(["verify", "--public-key", "abc"] + store).status == 64)
    }

    @Test("init on a regular file, or under one, is refused as input", arguments: ["fil.txt", "fil.txt/arkiv"])
    func initOnFile(_ path: String) throws {
        let file = s.file("fil.txt", "inte en mapp")
        let out = try runCLI(["init", "--store", s.dir.appendingPathComponent(path).path])
        #expect(out.status == 1)
        #expect(out.stderr.contains("store: ") && out.stderr.contains("[store.not-a-folder]") && out.stderr.contains("inte en mapp"), "\(out.stderr)")
        #expect(try String(contentsOf: file, encoding: .utf8) == "inte en mapp")
        #expect(!FileManager.default.fileExists(atPath: s.dir.appendingPathComponent("fil.txt.anchor-key").path))
    }

    @Test("init on a store made before anchoring existed makes the key and anchors the current head")
    func legacyStore() throws {
        #expect(try register().status == 0)
        try s.tamper("DELETE FROM store_anchor")
        try FileManager.default.removeItem(at: s.storeURL.appendingPathComponent("audit-anchor.log"))
        try FileManager.default.removeItem(at: key)
        #expect(try register().status == 0, "a store without an anchor keeps working")
        #expect(try runCLI(["verify"] + store).stdout.contains("inte förankrat"))
        let out = try runCLI(["init"] + store)
        #expect(out.status == 0 && out.stdout.contains("utom förankringen") && out.stdout.contains("Skapade signeringsnyckeln"), "\(out.stdout)")
        let verified = try runCLI(["verify"] + store)
        #expect(verified.status == 0 && !verified.stdout.contains("Notering"), "\(verified.stdout)")
    }

    /// Documents, audit events and the anchor log's bytes.
    private func rows() throws -> [String] {
        let counts = try ["document", "audit_event"].map { "\($0): \(try s.query("SELECT count(*) FROM \($0)").first?.first.flatMap { $0 } ?? "-1")" }
        return counts + [SHA256Hex.of(try Data(contentsOf: s.storeURL.appendingPathComponent("audit-anchor.log")))]
    }

    /// The attack of one who can write the store's files: change a document's title in the database, archive
    /// a record that says the same, point the row and its audit event at it, and recompute every
    /// hash of the chain after it.
    private func rewrite(_ document: String, title: String) throws {
        let objects = ObjectStore(root: s.storeURL.appendingPathComponent("objects/sha256"))
        let row = try #require(try s.query("SELECT title, record_sha256, id FROM document WHERE number = \(sqlLiteral(document))").first)
        let (oldTitle, old, id) = (row[0] ?? "", row[1] ?? "", row[2] ?? "")
        let xml = String(decoding: try objects.read(old), as: UTF8.self)
            .replacingOccurrences(of: "<title>\(oldTitle)</title>", with: "<title>\(title)</title>")
            .replacingOccurrences(of: "<publicTitle>\(oldTitle)</publicTitle>", with: "<publicTitle>\(title)</publicTitle>")
        let new = try objects.put(Data(xml.utf8), durability: .immediate)
        try s.tamper("""
            UPDATE document SET title = \(sqlLiteral(title)), record_sha256 = \(sqlLiteral(new)) WHERE number = \(sqlLiteral(document));
            UPDATE search_public SET title = \(sqlLiteral(title)) WHERE rowid = \(id);
            UPDATE search_internal SET title = \(sqlLiteral(title)), public_title = \(sqlLiteral(title)) WHERE rowid = \(id);
            UPDATE audit_event SET detail = replace(detail, \(sqlLiteral(old)), \(sqlLiteral(new))) WHERE subject = \(sqlLiteral(document))
            """)
        // Both search indexes were changed too, so that the rest of the archive agrees with itself again.
        try FileManager.default.removeItem(at: objects.url(for: old))
        var previous = String(repeating: "0", count: 64)
        var updates: [String] = []
        for e in try s.query("SELECT id, action, actor, at, detail, subject FROM audit_event ORDER BY id") {
            let canonical = "{\"action\":\(Self.quote(e[1] ?? "")),\"actor\":\(Self.quote(e[2] ?? "")),\"at\":\(Self.quote(e[3] ?? "")),"
                + "\"detail\":\(Self.quote(e[4] ?? "")),\"id\":\(e[0] ?? ""),\"subject\":\(e[5].map(Self.quote) ?? "null")}"
            let hash = SHA256Hex.of(previous + "\n" + canonical)
            updates.append("UPDATE audit_event SET previous_hash = \(sqlLiteral(previous)), hash = \(sqlLiteral(hash)) WHERE id = \(e[0] ?? "")")
            previous = hash
        }
        try s.tamper(updates.joined(separator: ";\n"))
    }

    private static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
