@_spi(Tools) public import DiariumKit
public import DiariumModel
import DiariumStore
public import Foundation

/// What the demo registered, for the walk-through to show.
public struct DemoResult: Sendable {
    /// Everything registered in this run, in order.
    public var receipts: [Receipt] = []
    public var procurement: Receipt?
    public var deviation: Receipt?
    public var boardReport: Receipt?
    public var request: RequestReceipt?
    public var release: ReleaseResult?
    public var decision: Receipt?
    /// The registrar's disposal run: the 2024 meeting notice is past its time under the plan.
    public var disposal: DisposalRunResult?
    /// The store held documents of its own and no demo: nothing was seeded into it.
    public var refused = false
}

/// The demonstration `make demo` runs: the example documents of Sources/DiariumKit/Demo registered
/// in the store, as a registrar would, once.
///
/// Each step records that it is done (an audit event `demo.step`, with what later steps need),
/// so a demo stopped half way, by a full disk or a folder in the way, is completed by the next
/// run instead of being stuck, and a complete one adds nothing.
extension Diarium {
    /// Registers the demo documents, resuming where an earlier run stopped; returns what it
    /// registered now. `releases` is the folder the request's copies go to, in a subfolder
    /// named after the request (a free name is chosen if that is taken).
    public func seedDemo(releases: URL? = nil, as principal: Principal) throws(DiariumError) -> DemoResult {
        var demo = try DemoSteps(self, principal: principal)
        var result = DemoResult()
        guard demo.mayRun else {
            result.refused = true
            return result
        }
        guard let folder = Bundle.module.url(forResource: "Demo", withExtension: nil) else {
            throw .setup("the demo documents are missing from the build")
        }
        let metas = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" && !$0.hasDirectoryPath }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        for metaURL in metas {
            let stem = metaURL.deletingPathExtension().lastPathComponent
            let firstCase = demo.value("register:01-anbud", "case")
            try demo.step("register:\(stem)") { () throws(DiariumError) in
                guard let file = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
                    .first(where: { $0.deletingPathExtension().lastPathComponent == stem && $0.pathExtension != "json" }),
                      var meta = try? String(contentsOf: metaURL, encoding: .utf8) else {
                    throw .setup("the demo document \(stem) is missing from the build")
                }
                // Follow-up documents go into the first document's case.
                if let first = firstCase { meta = meta.replacingOccurrences(of: "FROM-FIRST", with: first) }
                let r = try register(file: file, meta: Data(meta.utf8), as: principal)
                result.receipts.append(r)
                return ["case": r.case, "document": r.document]
            }
        }
        // The procurement job: the ledgers, then the example documented.
        let procurement = folder.appendingPathComponent("procurement")
        func data(_ name: String) throws(DiariumError) -> Data {
            guard let d = try? Data(contentsOf: procurement.appendingPathComponent(name)) else {
                throw .setup("the demo file \(name) is missing from the build")
            }
            return d
        }
        try demo.step("agreements") { () throws(DiariumError) in
            _ = try importAgreements(InputFile.read(procurement.appendingPathComponent("agreements.csv")), as: principal)
            return [:]
        }
        try demo.step("purchases") { () throws(DiariumError) in
            _ = try importPurchases(InputFile.read(procurement.appendingPathComponent("purchases.csv")), as: principal)
            return [:]
        }
        try demo.step("procurement") { () throws(DiariumError) in
            let p = try documentProcurement(try data("direct-procurement.json"), as: principal)
            let r = Receipt(case: p.case, document: p.document, sha256: p.sha256)
            result.procurement = r
            result.receipts.append(r)
            return ["document": r.document]
        }

        // The deviation job: a report, the audit of the purchases with drafts for what it finds,
        // one escalation, and the board's follow-up of the year.
        try demo.step("deviation") { () throws(DiariumError) in
            let r = try reportDeviation(try data("deviation.json"), as: principal)
            result.deviation = r
            result.receipts.append(r)
            return ["document": r.document]
        }
        try demo.step("audit") { () throws(DiariumError) in
            let audit = try auditPurchases(ledger: nil, fiscalYear: 2026, create: true, as: principal)
            result.receipts += audit.findings.compactMap { item in
                item.created ? item.deviation.flatMap { d in try? document(d) }.map {
                    Receipt(case: $0.entry.number.caseNumber.description, document: $0.entry.number.description, sha256: $0.entry.file.sha256)
                } : nil
            }
            return [:]
        }
        if let deviation = demo.value("deviation", "document") {
            try demo.step("escalate") { () throws(DiariumError) in
                result.receipts.append(try deviationStep(deviation, .escalate(to: "manager"), by: "Karin Berg, enhetschef",
                                                         note: "Verksamheten har fått information om ramavtalet och beställningsvägen.", as: principal))
                return [:]
            }
        }
        try demo.step("board-report") { () throws(DiariumError) in
            let r = try boardReport(from: "2026-01-01", to: "2026-12-31", as: principal)
            result.boardReport = r
            result.receipts.append(r)
            return ["document": r.document]
        }

        // The public-access job: a journalist's request for the procurement's documents. The
        // award is decided, so the tender secrecy of 19 kap. 3 § andra stycket OSL has ended and
        // those markings are lifted; the others are applied again, and a file whose whole
        // content is marked is refused.
        try demo.step("request") { () throws(DiariumError) in
            let opened = try openRequest(try data("access-request.json"), as: principal)
            result.request = opened
            result.receipts.append(Receipt(case: opened.case, document: opened.document, sha256: opened.sha256))
            return ["request": opened.request]
        }
        guard let request = demo.value("request", "request") else { return result }
        try demo.step("assess") { () throws(DiariumError) in
            let hits = try findForRequest(request, SearchQuery(text: "ultraljudsgel", limit: 20), as: principal)
            for item in try addToRequest(request, documents: hits.map(\.document), as: principal) {
                let ended = item.proposals.filter { $0.provision == "osl-19-3-2" }
                let kept = item.proposals.filter { $0.provision != "osl-19-3-2" }
                var input = AssessmentInput(choice: .release, lift: ended.map(\.field),
                                            reason: ended.isEmpty ? nil : "Tilldelningsbeslut har fattats; anbudssekretessen har upphört.")
                if let whole = kept.first(where: { $0.field == "content" && item.wholeOrNothing }) {
                    input = AssessmentInput(choice: .refuse(provision: whole.provision, ground: .secret),
                                            reason: "Handlingen innehåller leverantörens affärs- och driftförhållanden.")
                } else if !kept.isEmpty {
                    input.choice = .mask(kept.map { .init(field: $0.field, provision: $0.provision) })
                }
                _ = try assess(request, document: item.document, input, as: principal)
            }
            return [:]
        }
        if let releases {
            try demo.step("release") { () throws(DiariumError) in
                let r = try release(request, to: Self.freeFolder(releases.appendingPathComponent(Self.copyBaseName(request))), as: principal)
                result.release = r
                return ["directory": r.directory]
            }
        }
        try demo.step("decide") { () throws(DiariumError) in
            let r = try decide(request, as: principal)
            result.decision = r
            result.receipts.append(r)
            return ["document": r.document]
        }
        // The registrar's job: the plan lets a meeting notice go two years after its date, so the
        // 2024 notice registered above is disposed of, with its disposal record registered.
        try demo.step("disposal") { () throws(DiariumError) in
            let r = try runDisposal(decision: "Exempel: Regionstyrelsens beslut om informationshanteringsplan, RS 2026/0100 § 5",
                                    dryRun: false, as: principal)
            result.disposal = r
            result.receipts += r.records
            return ["records": r.records.map(\.document).joined(separator: ",")]
        }
        if result.request == nil, let r = try? self.request(request) {
            // A resumed run still shows the request it answered.
            result.request = RequestReceipt(case: r.number, document: "", sha256: "", request: r.number,
                                            receivedOn: r.receivedOn, target: today, flagAfter: today)
        }
        return result
    }

    /// `url`, or the first of `url-2`, `url-3`, … that does not exist or is an empty folder:
    /// copies left by an earlier demo (of this store or another beside it) stay as they are.
    static func freeFolder(_ url: URL) -> URL {
        func free(_ u: URL) -> Bool {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: u.path, isDirectory: &isDir) else { return true }
            return isDir.boolValue && ((try? FileManager.default.contentsOfDirectory(atPath: u.path))?.isEmpty ?? false)
        }
        if free(url) { return url }
        var n = 2
        while !free(URL(fileURLWithPath: url.path + "-\(n)")) { n += 1 }
        return URL(fileURLWithPath: url.path + "-\(n)")
    }
}

/// The demo's progress, as the audit log records it.
struct DemoSteps {
    static let action = "demo.step"

    let diarium: Diarium
    let principal: Principal
    private var done: [String: [String: String]] = [:]
    /// Whether the demo may seed this store: it is empty, or holds an earlier demo.
    let mayRun: Bool

    init(_ diarium: Diarium, principal: Principal) throws(DiariumError) {
        self.diarium = diarium
        self.principal = principal
        let events: [AuditRecord]
        let count: Int
        do {
            events = try diarium.store.auditEvents(action: Self.action)
            count = try diarium.store.documentCount()
        } catch { throw .store(error) }
        for e in events {
            guard let subject = e.subject else { continue }
            done[subject] = (try? JSONDecoder().decode([String: String].self, from: Data(e.detail.utf8))) ?? [:]
        }
        mayRun = count == 0 || !events.isEmpty
    }

    func value(_ step: String, _ key: String) -> String? { done[step]?[key] }

    /// Runs `body` unless the step is done, then records it with what `body` returned.
    mutating func step(_ name: String, _ body: () throws(DiariumError) -> [String: String]) throws(DiariumError) {
        guard done[name] == nil else { return }
        let detail = try body()
        do {
            try diarium.store.audit(AuditEvent(at: diarium.clock(), actor: principal.name, action: Self.action, subject: name, detail: detail))
        } catch { throw .store(error) }
        done[name] = detail
    }
}
