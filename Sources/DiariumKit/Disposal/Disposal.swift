public import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
import DiariumXML
public import Foundation

/// A document the plan lets go by a day: what `disposal list` shows and a run disposes of.
public struct DisposalItem: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable, Hashable {
        /// Past its time and free: a run disposes of it.
        case due
        /// Under a hold on the document or its case.
        case held
        /// Asked for by a request not yet decided.
        case inOpenRequest = "in-open-request"
        /// A document Diarium draws up and builds other records on (a procurement's
        /// documentation, a deviation and its steps, a report, a decision): kept. A plan cannot
        /// say otherwise for their types (`Diarium.keptTypes`); a step is a skrivelse, which may.
        case drawnUp = "drawn-up"
    }

    public let number: String
    public let organisation: String
    public let documentType: String
    public let documentTypeLabel: String
    /// The title as the register holds it (the list is for staff of the organisation).
    public let title: String
    public let date: CivilDate
    public let registeredOn: CivilDate
    public let dueOn: CivilDate
    public let rule: String
    public let planDecision: String
    public let status: Status
    /// What keeps it now: the hold's subject and reason, or the request's number.
    public let keptBy: String?
}

/// The documents past their time by a day.
public struct DisposalList: Sendable, Codable, Hashable {
    public let dueBy: CivilDate
    public let items: [DisposalItem]
}

/// What a disposal run did (or, dry, would do).
public struct DisposalRunResult: Sendable, Codable, Hashable {
    public let dryRun: Bool
    public let decision: String
    public let disposedOn: CivilDate
    public let disposed: [DisposalItem]
    /// Past their time but kept: held, in an open request, or drawn up by Diarium.
    public let kept: [DisposalItem]
    /// The registered disposal records, one per organisation.
    public let records: [Receipt]
    /// Archived files deleted (a file two documents share goes with the last of them).
    public let objectsRemoved: Int
}

extension Diarium {
    /// Longest decision reference a run takes.
    static let maxDecisionLength = 300

    func disposalList(dueBy text: String?, organisation: String?) throws(DiariumError) -> DisposalList {
        var dueBy = today
        if let text {
            guard let d = CivilDate(parsing: text) else { throw .reject("dueBy", "date.invalid", "ska vara ett datum ÅÅÅÅ-MM-DD") }
            dueBy = d
        }
        try checkDisposalOrganisation(organisation)
        return DisposalList(dueBy: dueBy, items: try disposalItems(dueBy: dueBy, organisation: organisation).map(\.item))
    }

    func checkDisposalOrganisation(_ organisation: String?) throws(DiariumError) {
        guard let organisation else { return }
        guard store.config.organisation(organisation) != nil else {
            throw .reject("organisation", "organisation.unknown",
                          "finns inte i konfigurationen; välj en av: \(store.config.organisations.map(\.code).joined(separator: ", "))")
        }
        try requireOrganisation(organisation)
    }

    /// Every document of a disposable type past its time by `dueBy`, of the organisations the
    /// principal acts for, with what keeps it if anything does.
    func disposalItems(dueBy: CivilDate, organisation: String?) throws(DiariumError) -> [(item: DisposalItem, document: StoredDocument)] {
        let plan = try stored { () throws(StoreError) in try store.planTypes() }
        let types = Dictionary(plan.filter { $0.action == .dispose }.map { ($0.code, $0) }) { a, _ in a }
        let (documents, blocks) = try stored { () throws(StoreError) in
            (try store.disposalCandidates(types: types.keys.sorted()), try store.disposalBlocks())
        }
        var items: [(DisposalItem, StoredDocument)] = []
        for d in documents {
            let e = d.entry
            guard actsFor(e.organisation.code), organisation == nil || e.organisation.code == organisation,
                  let type = types[e.documentType] else { continue }
            let registeredOn = store.today(e.registeredAt)
            guard let dueOn = type.disposableOn(registered: registeredOn, documentDate: e.date), dueOn <= dueBy else { continue }
            let (status, keptBy) = Self.disposalStatus(d, blocks)
            items.append((DisposalItem(
                number: e.number.description, organisation: e.organisation.code, documentType: e.documentType, documentTypeLabel: type.label,
                title: e.title, date: e.date, registeredOn: registeredOn, dueOn: dueOn, rule: type.rule, planDecision: type.decision,
                status: status, keptBy: keptBy), d))
        }
        return items
    }

    /// Whether anything keeps `d` from disposal now.
    static func disposalStatus(_ d: StoredDocument, _ blocks: DisposalBlocks) -> (DisposalItem.Status, String?) {
        let number = d.entry.number
        if let hold = blocks.holds[number.description] ?? blocks.holds[number.caseNumber.description] {
            return (.held, "\(hold.subject): \(hold.reason)")
        }
        if let request = blocks.openRequests[d.id] { return (.inOpenRequest, request) }
        switch d.kind {
        // A request, once decided (an undecided one is in `openRequests`): its input and its
        // rendering hold the requester's details, and go.
        case .registration, .accessRequest: return (.due, nil)
        // A deviation's step (a note of type skrivelse) belongs to the deviation's timeline.
        case .deviationStep, .directProcurement, .deviation, .boardReport, .accessDecision, .disposalRecord: return (.drawnUp, nil)
        }
    }

    /// Disposes of every document due today (`disposalItems`), all or nothing: one disposal
    /// record (gallringsprotokoll) per organisation registered, and every disposed document
    /// marked, its internal search text emptied and its disposal logged, in one transaction;
    /// then the files no row uses any more are deleted. A run first finishes the deletions of
    /// an interrupted one.
    func runDisposal(decision raw: String, organisation: String?, dryRun: Bool) throws(DiariumError) -> DisposalRunResult {
        let decision = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if decision.isEmpty {
            throw .reject("decision", "disposal.decision-missing", "ange beslutet som gallringen verkställer (t.ex. nämndens beslut om informationshanteringsplanen med diarienummer)")
        }
        if decision.count > Self.maxDecisionLength || decision.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .reject("decision", "disposal.decision-invalid", "ska vara en rad text på högst \(Self.maxDecisionLength) tecken")
        }
        try checkDisposalOrganisation(organisation)
        let disposedOn = today
        var removed = 0
        if !dryRun {
            try ensureWritable()
            removed += try removeDisposedObjects()
        }
        let found = try disposalItems(dueBy: disposedOn, organisation: organisation)
        let due = found.filter { $0.item.status == .due }
        let kept = found.filter { $0.item.status != .due }.map(\.item)
        guard !dryRun, !due.isEmpty else {
            return DisposalRunResult(dryRun: dryRun, decision: decision, disposedOn: disposedOn, disposed: due.map(\.item), kept: kept,
                                     records: [], objectsRemoved: removed)
        }
        let records = try registerDisposal(due, decision: decision, on: disposedOn)
        removed += try removeDisposedObjects()
        return DisposalRunResult(dryRun: false, decision: decision, disposedOn: disposedOn, disposed: due.map(\.item), kept: kept,
                                 records: records, objectsRemoved: removed)
    }

    /// Deletes the files of disposed documents that no row uses, in a write transaction of its
    /// own: a registration of the same bytes then either commits first (and the file stays) or
    /// finds it gone and writes it again (`registerOne`).
    func removeDisposedObjects() throws(DiariumError) -> Int {
        let now = clock()
        return try store.write { (tx: Transaction) throws(DiariumError) -> Int in
            let objects = try tx.disposableObjectsForUpdate().filter { store.objects.contains($0) }
            for sha in objects {
                do throws(StoreError) { try store.objects.remove(sha) } catch { throw .store(error) }
            }
            if !objects.isEmpty {
                try tx.appendAudit(AuditEvent(at: now, actor: actor, action: "disposal.objects-removed", subject: nil,
                                              detail: ["objects": String(objects.count)]))
            }
            return objects.count
        }
    }
}
