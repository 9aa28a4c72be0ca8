import DiariumModel
import DiariumStore
import Foundation
import GRDB

/// A store in a temporary folder, removed when the value is dropped.
final class TempStore {
    let root: URL
    let store: Store

    static let config = StoreConfig(organisations: [
        Organisation(code: "RS", name: "Region Sörmland", organisationNumber: OrganisationNumber(parsing: "232100-0032")!, prefix: "RS"),
        Organisation(code: "RV", name: "Region Västmanland", organisationNumber: OrganisationNumber(parsing: "232100-0172")!, prefix: "RV"),
    ])

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-store-test-\(UUID().uuidString)")
        store = try Store.create(at: root, config: Self.config, actor: "test").0
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Registers a document directly through the store's transaction API.
    @discardableResult
    func add(title: String, counterparty: String? = nil, org: String = "RS", date: String = "2026-11-12",
             content: String = "", publicCounterparty: String? = nil, type: String = "anbud",
             direction: Direction = .incoming, caseNumber: CaseNumber? = nil) throws -> DocumentNumber {
        let fileData = Data("fil \(title) \(UUID())".utf8)
        let sha = try store.objects.put(fileData, durability: .immediate)
        return try store.write { tx in
            let o = try tx.organisation(org)
            let c = try caseNumber.map { try tx.existingCase($0) } ?? tx.openCase(organisation: o, title: "Ärende \(title)", year: 2026, at: Date())
            let n = try tx.nextDocumentNumber(in: c)
            let record = try store.objects.put(Data("<record>\(n)</record>".utf8), durability: .immediate)
            let e = RegisterEntry(number: n, caseTitle: c.title, organisation: o, direction: direction, date: CivilDate(parsing: date)!,
                                  registeredAt: Date(), registeredBy: "test", counterparty: counterparty, title: title, publicTitle: nil,
                                  documentType: type, handler: "Åsa", file: ArchivedFile(name: "f.txt", mediaType: "text/plain", size: Int64(fileData.count), sha256: sha),
                                  secrecy: [])
            let ev = try tx.appendAudit(AuditEvent(at: Date(), actor: "test", action: "register", subject: n.description,
                                                   detail: ["sha256": sha, "record": record, "markings": "0"]))
            try tx.insert(e, kind: "registration", caseID: c.id, recordSHA256: record, search: SearchText(
                public: .init(title: title, counterparty: publicCounterparty ?? counterparty ?? "", caseTitle: c.title, documentType: type),
                internal: .init(title: title, publicTitle: title, counterparty: counterparty ?? "", caseTitle: c.title, documentType: type, handler: "Åsa", content: content)),
                auditEventID: ev.id)
            return n
        }
    }

    /// Direct SQL, to play the part of someone editing the database behind Diarium's back.
    func tamper(_ sql: String) throws {
        let q = try DatabaseQueue(path: root.appendingPathComponent("diarium.sqlite").path)
        try q.writeWithoutTransaction { db in try db.execute(sql: sql) }
    }
}
