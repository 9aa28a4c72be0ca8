public import DiariumModel
import DiariumRules
import DiariumStore
public import Foundation
import Synchronization

/// A document type of the plan as `plan show` and the pages list it: the row, and how many
/// registered documents name it.
public struct PlanTypeView: Sendable, Codable, Hashable {
    public let type: PlanType
    public let documents: Int
    /// The plan's rule in Swedish: "Bevaras", "Gallras 2 år efter utgången av registreringsåret".
    public let rule: String
}

/// What an import changed.
public struct PlanImportSummary: Sendable, Codable, Hashable {
    public var added: [String] = []
    public var changed: [String] = []
    public var removed: [String] = []
    public var unchanged = 0
    /// The imported file in the archive: the plan as it was decided, kept.
    public var sha256 = ""
}

/// The legal data the Kit reads, with the plan's document types; replaced whole when the plan
/// changes, so a use case reads one consistent value.
final class PlanState: Sendable {
    private let current: Mutex<LegalData>

    init(_ legal: LegalData) { current = Mutex(legal) }

    var legal: LegalData { current.withLock { $0 } }

    func replace(_ legal: LegalData) { current.withLock { $0 = legal } }

    /// The bundled legal data with `plan`'s document types.
    static func legal(_ bundled: LegalData, _ plan: [PlanType]) -> LegalData {
        LegalData(provisions: bundled.provisions, documentTypes: plan.map { DocumentType(code: $0.code, label: $0.label) },
                  protections: bundled.protections)
    }
}

extension Diarium {
    /// Reads the plan again (after this process changed it, or when a registration names a type
    /// another process added).
    func reloadPlan() throws(DiariumError) {
        let plan = try stored { () throws(StoreError) in try store.planTypes() }
        planState.replace(PlanState.legal(legal, plan))
    }

    /// The document types Diarium registers itself (its own documents): always in the plan, never
    /// retired.
    static let ownDocumentTypes: Set<String> = [
        "direktupphandlingsdokumentation", "avstegsrapport", "begaran-allman-handling", "beslut-utlamnande",
        "uppfoljningsrapport", "skrivelse",
    ]

    /// The types a plan must keep: the documents Diarium draws up whose data other records are
    /// made from (a procurement's documentation in the board's follow-up, a deviation and its
    /// steps, the reports and decisions), and the disposal records, which show what went.
    static let keptTypes: Set<String> = [
        "direktupphandlingsdokumentation", "avstegsrapport", "uppfoljningsrapport", "beslut-utlamnande", "gallringsprotokoll",
    ]

    /// The plan a new store starts with: today's list and the common types a region needs.
    static func defaultPlan() throws(DiariumError) -> [PlanType] {
        guard let url = Bundle.module.url(forResource: "information-plan", withExtension: "csv", subdirectory: "Defaults"),
              let data = try? Data(contentsOf: url) else {
            throw .setup("the bundled default information management plan is missing from the build")
        }
        do { return try PlanFile.read(data, name: "information-plan.csv") } catch { throw .setup("default plan: \(error)") }
    }

    /// Installs the default plan in a store that has none (a new store, or one made before the
    /// plan was in the store), logged as an import by Diarium.
    static func ensurePlan(in store: any StoreBackend) throws(DiariumError) -> [PlanType] {
        let existing: [PlanType]
        do { existing = try store.planTypes() } catch { throw .store(error) }
        guard existing.isEmpty else { return existing }
        let plan = try defaultPlan()
        try store.write { (tx: Transaction) throws(DiariumError) in
            guard try tx.planTypesForUpdate().isEmpty else { return }
            try tx.replacePlan(plan)
            try tx.appendAudit(AuditEvent(at: Date(), actor: "Diarium", action: "plan.import", subject: "standardplan",
                                          detail: ["added": String(plan.count), "changed": "0", "removed": "0"]))
        }
        do { return try store.planTypes() } catch { throw .store(error) }
    }

    /// The plan, with each type's use.
    public func plan(as principal: Principal) throws(DiariumError) -> [PlanTypeView] {
        let me = try bound(to: principal, .staff, "visa informationshanteringsplanen")
        let (types, usage) = try me.stored { () throws(StoreError) in (try me.store.planTypes(), try me.store.documentTypeUsage()) }
        return types.map { PlanTypeView(type: $0, documents: usage[$0.code] ?? 0, rule: $0.rule) }
    }

    /// Imports a region's plan (CSV or JSON, `PlanFile`), replacing the whole plan at once. A type
    /// that documents use cannot be dropped (retire it instead: `retired` true); the types Diarium
    /// registers itself and those whose registration ends a secrecy must stay, and stay in use.
    public func importPlan(_ data: Data, name: String, as principal: Principal) throws(DiariumError) -> PlanImportSummary {
        let me = try bound(to: principal, .role(.registrator), "läsa in en informationshanteringsplan")
        let plan: [PlanType]
        do { plan = try PlanFile.read(data, name: name) } catch { throw .rejected(error) }
        let codes = Dictionary(plan.map { ($0.code, $0) }) { a, _ in a }
        var problems: [ValidationError] = []
        let needed = Self.ownDocumentTypes.union(legal.provisions.flatMap { $0.endsWith ?? [] })
        for code in needed.sorted() {
            if codes[code] == nil {
                problems.append(ValidationError(field: "\(name): \(code)", rule: "plan.built-in-missing",
                                                message: "saknas: Diarium registrerar själv handlingar av typen eller läser den för sekretessens slut"))
            } else if codes[code]?.retired == true {
                problems.append(ValidationError(field: "\(name): \(code)", rule: "plan.built-in-retired",
                                                message: "kan inte avvecklas: Diarium registrerar själv handlingar av typen"))
            }
        }
        for t in plan where Self.keptTypes.contains(t.code) && t.action == .dispose {
            problems.append(ValidationError(
                field: "\(name): \(t.code)", rule: "plan.type-must-be-kept",
                message: t.code == "gallringsprotokoll"
                    ? "ska bevaras: gallringsprotokollen visar vad som har gallrats; ange keep"
                    : "ska bevaras: Diarium upprättar handlingarna och bygger andra uppgifter på dem (uppföljning, avstegens steg); ange keep"))
        }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        // The file is archived only once the plan is accepted (below, in the transaction): a
        // refused import leaves no object behind. A store that would refuse the write says so first.
        do { try store.checkWritable() } catch { throw .store(error) }
        let sha = SHA256Hex.of(data)
        let result = try me.store.write { (tx: Transaction) throws(DiariumError) -> PlanImportSummary in
            let old = Dictionary(try tx.planTypesForUpdate().map { ($0.code, $0) }) { a, _ in a }
            let usage = try tx.documentTypeUsageForUpdate()
            var summary = PlanImportSummary(sha256: sha)
            var missing: [ValidationError] = []
            for (code, count) in usage.sorted(by: { $0.key < $1.key }) where codes[code] == nil && count > 0 {
                missing.append(ValidationError(field: "\(name): \(code)", rule: "plan.type-in-use",
                                               message: "saknas men \(count) registrerade handlingar har typen; behåll den med retired true"))
            }
            guard missing.isEmpty else { throw .rejected(InputRejected(missing)) }
            for t in plan {
                switch old[t.code] {
                case nil: summary.added.append(t.code)
                case let o? where o == t: summary.unchanged += 1
                default: summary.changed.append(t.code)
                }
            }
            summary.removed = old.keys.filter { codes[$0] == nil }.sorted()
            try tx.replacePlan(plan)
            do throws(StoreError) { try store.objects.put(data, sha256: sha, durability: .immediate) } catch { throw .store(error) }
            try tx.appendAudit(AuditEvent(at: clock(), actor: me.actor, action: "plan.import", subject: name, detail: [
                "sha256": sha, "added": String(summary.added.count), "changed": String(summary.changed.count),
                "removed": String(summary.removed.count),
            ]))
            return summary
        }
        try reloadPlan()
        return result
    }

    /// Retires a document type (no new documents of it), or brings it back.
    public func retirePlanType(_ code: String, retired: Bool, as principal: Principal) throws(DiariumError) {
        let me = try bound(to: principal, .role(.registrator), "ändra informationshanteringsplanen")
        if retired, Self.ownDocumentTypes.contains(code) {
            throw .reject("code", "plan.built-in-retired", "kan inte avvecklas: Diarium registrerar själv handlingar av typen")
        }
        try me.store.write { (tx: Transaction) throws(DiariumError) in
            var plan = try tx.planTypesForUpdate()
            guard let i = plan.firstIndex(where: { $0.code == code }) else {
                throw .reject("code", "plan.unknown-type", "finns inte i informationshanteringsplanen")
            }
            guard plan[i].retired != retired else { return }
            plan[i] = plan[i].retiring(retired)
            try tx.replacePlan(plan)
            try tx.appendAudit(AuditEvent(at: clock(), actor: me.actor, action: retired ? "plan.retire" : "plan.reinstate", subject: code, detail: [:]))
        }
        try reloadPlan()
    }

    /// Refuses a registration of a type the plan does not have or has retired, read inside the
    /// registration's transaction (a plan imported by another process since this one opened).
    func checkPlanType(_ code: String, _ tx: Transaction) throws(DiariumError) {
        let plan = try tx.planTypesForUpdate()
        guard let type = plan.first(where: { $0.code == code }) else {
            throw .reject("documentType", "document-type.unknown",
                          "är ingen handlingstyp i informationshanteringsplanen; välj en av: \(plan.filter { !$0.retired }.map(\.code).joined(separator: ", "))")
        }
        if type.retired {
            throw .reject("documentType", "document-type.retired", "är avvecklad i informationshanteringsplanen; inga nya handlingar får den typen")
        }
    }
}
