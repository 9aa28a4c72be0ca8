import DiariumModel
import DiariumStore
import DiariumSQLite
import Foundation
import GRDB

/// A store in a temporary folder, with its anchor key beside it, both removed when the value
/// is dropped.
final class TempStore {
    /// The folder that holds the store (`root`) and its key (`key`).
    let dir: URL
    let root: URL
    let store: SQLiteStore
    var key: URL { dir.appendingPathComponent("store.anchor-key") }
    var log: URL { root.appendingPathComponent("audit-anchor.log") }

    static let config = RegionConfig(organisations: [
        Organisation(code: "RS", name: "Region Sörmland", organisationNumber: OrganisationNumber(parsing: "232100-0032")!, prefix: "RS"),
        Organisation(code: "RV", name: "Region Västmanland", organisationNumber: OrganisationNumber(parsing: "232100-0172")!, prefix: "RV"),
    ])

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-store-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        root = dir.appendingPathComponent("store")
        store = try SQLiteStore.create(at: root, config: Self.config, actor: "test").store
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// Registers a document directly through the store's transaction API (into `store`, or
    /// another instance opened on the same folder).
    @discardableResult
    func add(to store: SQLiteStore? = nil, title: String, counterparty: String? = nil, org: String = "RS", date: String = "2026-11-12",
             content: String = "", publicCounterparty: String? = nil, type: String = "anbud",
             direction: Direction = .incoming, caseNumber: CaseNumber? = nil, secrecy: [SecrecyMarking] = []) throws -> DocumentNumber {
        try register(in: store ?? self.store, title: title, counterparty: counterparty, org: org, date: date, content: content,
                     publicCounterparty: publicCounterparty, type: type, direction: direction, caseNumber: caseNumber, secrecy: secrecy)
    }

    /// Direct SQL, to play the part of someone editing the database behind Diarium's back.
    func tamper(_ sql: String) throws {
        let q = try DatabaseQueue(path: root.appendingPathComponent("diarium.sqlite").path)
        try q.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }

    /// The attack the anchor exists for: `sql` edits the database, then every hash of the audit
    /// chain is recomputed, so that the chain is consistent again. The canonical form is written
    /// out here as an attacker would read it from the source.
    func rewriteChain(after sql: String) throws {
        let q = try DatabaseQueue(path: root.appendingPathComponent("diarium.sqlite").path)
        try q.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            try db.execute(sql: sql)
            var previous = String(repeating: "0", count: 64)
            for e in try Row.fetchAll(db, sql: "SELECT * FROM audit_event ORDER BY id") {
                func quote(_ s: String) -> String {
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
                let id: Int64 = e["id"]
                let subject: String? = e["subject"]
                let canonical = "{\"action\":\(quote(e["action"])),\"actor\":\(quote(e["actor"])),\"at\":\(quote(e["at"])),\"detail\":\(quote(e["detail"])),"
                    + "\"id\":\(id),\"subject\":\(subject.map(quote) ?? "null")}"
                let hash = SHA256Hex.of(previous + "\n" + canonical)
                try db.execute(sql: "UPDATE audit_event SET previous_hash = ?, hash = ? WHERE id = ?", arguments: [previous, hash, id])
                previous = hash
            }
        }
    }

    /// The anchor log's lines.
    func logLines() throws -> [String] {
        try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    func writeLog(_ lines: [String]) throws {
        try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: log)
    }
}

/// Registers a document directly through the store's transaction API.
@discardableResult
func register(in store: SQLiteStore, title: String, counterparty: String? = nil, org: String = "RS", date: String = "2026-11-12",
              content: String = "", publicCounterparty: String? = nil, type: String = "anbud",
              direction: Direction = .incoming, caseNumber: CaseNumber? = nil, secrecy: [SecrecyMarking] = []) throws -> DocumentNumber {
    let fileData = Data("fil \(title) \(UUID())".utf8)
    let sha = try store.objects.put(fileData, durability: .immediate)
    guard let o = store.config.organisation(org) else { throw StoreError.organisationNotFound(org) }
    return try store.write { (tx: any StoreTransaction<StoreError>) throws(StoreError) in
        let c = if let caseNumber { try tx.existingCase(caseNumber) } else {
            try tx.openCase(organisation: o, title: "Ärende \(title)", year: 2026, at: Date())
        }
        let n = try tx.nextDocumentNumber(in: c)
        let record = try store.objects.put(Data("<record>\(n)</record>".utf8), durability: .immediate)
        let e = RegisterEntry(number: n, caseTitle: c.title, organisation: o, direction: direction, date: CivilDate(parsing: date)!,
                              registeredAt: Date(), registeredBy: "test", counterparty: counterparty, title: title, publicTitle: nil,
                              documentType: type, handler: "Åsa", file: ArchivedFile(name: "f.txt", mediaType: "text/plain", size: Int64(fileData.count), sha256: sha),
                              secrecy: secrecy)
        let ev = try tx.appendAudit(AuditEvent(at: Date(), actor: "test", action: "register", subject: n.description,
                                               detail: ["sha256": sha, "record": record, "markings": String(secrecy.count)]))
        try tx.insert(e, kind: .registration, caseID: c.id, recordSHA256: record, search: SearchText(
            public: .init(title: title, counterparty: publicCounterparty ?? counterparty ?? "", caseTitle: c.title, documentType: type),
            internal: .init(title: title, publicTitle: title, counterparty: counterparty ?? "", caseTitle: c.title, documentType: type, handler: "Åsa", content: content)),
            auditEventID: ev.id)
        return n
    }
}
