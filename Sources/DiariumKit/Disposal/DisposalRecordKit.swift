import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
import DiariumXML
import Foundation

extension Diarium {
    /// One disposal record per organisation of `due`, registered with every disposal in one
    /// transaction. What another writer changed since `due` was read (a hold placed, a request
    /// made, another run) refuses the whole run, and nothing is disposed of.
    func registerDisposal(_ due: [(item: DisposalItem, document: StoredDocument)], decision: String,
                          on disposedOn: CivilDate) throws(DiariumError) -> [Receipt] {
        let now = clock()
        let groups = Dictionary(grouping: due, by: { $0.document.entry.organisation.code }).sorted { $0.key < $1.key }
        var prepared: [PreparedRegistration] = []
        var dataSHAs: [String] = []
        for (code, group) in groups {
            guard let organisation = store.config.organisation(code) else { throw .internalFault("organisation vanished") }
            let record = DisposalRecord(
                organisation: code, decision: decision, disposedOn: disposedOn, disposedAt: now, disposedBy: actor,
                items: group.map { g in
                    let e = g.document.entry
                    return DisposalRecord.Item(
                        number: g.item.number, documentType: e.documentType, documentTypeLabel: g.item.documentTypeLabel, date: e.date,
                        registeredOn: g.item.registeredOn, title: RegisterView(e, for: .public, legal: legal).publicTitle,
                        mediaType: e.file.mediaType, size: e.file.size, sha256: e.file.sha256, rule: g.item.rule,
                        planDecision: g.item.planDecision, dueOn: g.item.dueOn)
                })
            let xml = try renderDisposalRecord(record, organisation, .xml)
            // The record is a public document: no secret of a disposed document may reach it,
            // through the decision's wording either.
            let check = LeakCheck(group.flatMap { g in
                let e = g.document.entry
                return LeakCheck.Secret.of(Registration.secretSet(counterparty: e.counterparty, title: e.title, secrecy: e.secrecy,
                                                                  officials: [e.handler, e.registeredBy]),
                                           document: g.item.number)
            })
            for text in [xml, try renderDisposalRecord(record, organisation, .html), try renderDisposalRecord(record, organisation, .text)] {
                if let hit = check.scan(text: text) {
                    throw .reject("decision", "leak-check.secret-in-disposal-record",
                                  "gallringsprotokollet skulle innehålla den sekretessbelagda uppgiften i fältet \(hit.field) i \(hit.document); inget gallrades. Skriv beslutet utan uppgiften")
                }
            }
            let data: Data
            do { data = try JSONEncoder().encode(record) } catch { throw .internalFault("cannot encode the disposal record: \(error)") }
            let year = store.today(now).year
            let existing = try stored { () throws(StoreError) in try store.disposalRecordCase(organisation: code, year: year) }
            let registration = Registration(
                organisation: code, caseNumber: existing.flatMap(CaseNumber.init(parsing:)),
                caseTitle: existing == nil ? "Gallring av allmänna handlingar \(year)" : nil, direction: .internal_, date: disposedOn,
                counterparty: nil, title: "Gallringsprotokoll \(disposedOn), \(group.count) handlingar", documentType: "gallringsprotokoll",
                handler: actor)
            let fileData = Data(xml.utf8)
            let file = IncomingFile(name: "gallringsprotokoll-\(disposedOn).xml", data: fileData, mediaType: "application/xml",
                                    text: (try? HardenedXMLParser.parse(fileData).textContent()) ?? "")
            do {
                dataSHAs.append(try store.objects.put(data, durability: .immediate))
                try file.archive(store.objects, durability: .immediate)
            } catch { throw .store(error) }
            prepared.append(PreparedRegistration(registration: registration, organisation: organisation, file: file))
        }
        let year = store.today(now).year
        do throws(DiariumError) {
            return try store.write { (tx: Transaction) throws(DiariumError) -> [Receipt] in
                let blocks = try tx.disposalBlocksForUpdate()
                let already = try tx.disposedAlready(due.map(\.document.id))
                if let again = due.first(where: { already.contains($0.document.id) }) {
                    throw .reject(again.item.number, "disposal.concurrent", "gallrades av en annan körning under tiden; inget gallrades nu, kör igen")
                }
                var receipts: [Receipt] = []
                for (i, (_, group)) in groups.enumerated() {
                    var recordID: Int64 = 0
                    let receipt = try registerOne(prepared[i], in: tx, at: now, year: year, durability: .immediate, kind: .disposalRecord) { tx, id throws(DiariumError) in
                        recordID = id
                        try tx.insertDisposalRecord(documentID: id, decision: decision, dataSHA256: dataSHAs[i])
                    }
                    for g in group {
                        guard Self.disposalStatus(g.document, blocks).0 == .due else {
                            throw .reject(g.item.number, "disposal.kept-meanwhile",
                                          "fick ett gallringsstopp eller begärdes ut under tiden; inget gallrades, kör igen")
                        }
                        try tx.markDisposed(documentID: g.document.id, recordDocumentID: recordID, at: now, decision: decision)
                        try tx.appendAudit(AuditEvent(at: now, actor: actor, action: "dispose", subject: g.item.number, detail: [
                            "record": receipt.document, "sha256": g.document.entry.file.sha256, "decision": decision,
                        ]))
                    }
                    receipts.append(receipt)
                }
                return receipts
            }
        } catch {
            try? store.audit(AuditEvent(at: clock(), actor: actor, action: "disposal.failed", subject: nil,
                                        detail: ["documents": String(due.count), "error": error.auditKind]))
            throw error
        }
    }

    func renderDisposalRecord(_ r: DisposalRecord, _ o: Organisation, _ format: RenderFormat) throws(DiariumError) -> String {
        try rendered(.disposalRecord, format) { () throws(TemplateError) in try renderer.disposalRecord(DisposalRecordView(r, organisation: o), as: format) }
    }

    func archivedDisposalRecord(_ stored: StoredDocument) throws(DiariumError) -> DisposalRecord {
        let sha = try archivedHash({ () throws(StoreError) in try store.disposalRecordData(documentID: stored.id) }, of: stored.entry.number.description)
        return try decodeArchivedJSON(DisposalRecord.self, sha, of: stored.entry.number.description)
    }

    /// A registered disposal record, made again from its archived data (public values only, so
    /// every audience sees the same).
    func disposalRecordDocument(_ stored: StoredDocument, audience: Audience, format: RenderFormat) throws(DiariumError) -> String {
        try renderDisposalRecord(try archivedDisposalRecord(stored), stored.entry.organisation, format)
    }
}
