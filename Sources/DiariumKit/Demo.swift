import DiariumModel
import DiariumStore
public import Foundation

/// What the demo registered, for the walk-through to show.
public struct DemoResult: Sendable {
    /// Everything registered, in order.
    public var receipts: [Receipt] = []
    public var procurement: Receipt?
    public var deviation: Receipt?
    public var boardReport: Receipt?
    public var request: RequestReceipt?
    public var release: ReleaseResult?
    public var decision: Receipt?
}

/// The demonstration `make demo` runs: the example documents of Sources/DiariumKit/Demo registered
/// in the store, as a registrar would, once.
extension Diarium {
    /// Registers the demo documents if the store holds none yet; returns what it registered.
    /// `releases` is the folder the request's copies are written to (in a subfolder named after
    /// the request).
    public func seedDemo(releases: URL? = nil) throws(DiariumError) -> DemoResult {
        let count: Int
        do { count = try store.documentCount() } catch { throw .store(error) }
        var result = DemoResult()
        guard count == 0 else { return result }
        guard let folder = Bundle.module.url(forResource: "Demo", withExtension: nil) else {
            throw .setup("the demo documents are missing from the build")
        }
        let metas = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" && !$0.hasDirectoryPath }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        var receipts: [Receipt] = []
        for metaURL in metas {
            let stem = metaURL.deletingPathExtension().lastPathComponent
            guard let file = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
                .first(where: { $0.deletingPathExtension().lastPathComponent == stem && $0.pathExtension != "json" }),
                  var meta = try? String(contentsOf: metaURL, encoding: .utf8) else { continue }
            // Follow-up documents go into the first document's case.
            if let first = receipts.first { meta = meta.replacingOccurrences(of: "FROM-FIRST", with: first.case) }
            receipts.append(try register(file: file, meta: Data(meta.utf8)))
        }
        // The procurement job: the ledgers, then the example documented.
        let procurement = folder.appendingPathComponent("procurement")
        _ = try importAgreements(procurement.appendingPathComponent("agreements.csv"))
        _ = try importPurchases(procurement.appendingPathComponent("purchases.csv"))
        guard let input = try? Data(contentsOf: procurement.appendingPathComponent("direct-procurement.json")) else {
            throw .setup("the demo procurement is missing from the build")
        }
        let p = try documentProcurement(input)
        result.procurement = Receipt(case: p.case, document: p.document, sha256: p.sha256)
        receipts.append(Receipt(case: p.case, document: p.document, sha256: p.sha256))

        // The deviation job: a report, the audit of the purchases with drafts for what it finds,
        // one escalation, and the board's follow-up of the year.
        guard let report = try? Data(contentsOf: procurement.appendingPathComponent("deviation.json")) else {
            throw .setup("the demo deviation report is missing from the build")
        }
        let deviation = try reportDeviation(report)
        result.deviation = deviation
        receipts.append(deviation)
        let audit = try auditPurchases(file: nil, fiscalYear: 2026, create: true)
        receipts += audit.findings.compactMap { item in
            item.created ? item.deviation.flatMap { d in try? document(d) }.map {
                Receipt(case: $0.entry.number.caseNumber.description, document: $0.entry.number.description, sha256: $0.entry.file.sha256)
            } : nil
        }
        receipts.append(try deviationStep(deviation.document, .escalate(to: "manager"), by: "Karin Berg, enhetschef",
                                          note: "Verksamheten har fått information om ramavtalet och beställningsvägen."))
        let board = try boardReport(from: "2026-01-01", to: "2026-12-31")
        result.boardReport = board
        receipts.append(board)

        // The public-access job: a journalist's request for the procurement's documents. The
        // award is decided, so the tender secrecy of 19 kap. 3 § andra stycket OSL has ended and
        // those markings are lifted; the others are applied again, and a file whose whole
        // content is marked is refused.
        guard let requestInput = try? Data(contentsOf: procurement.appendingPathComponent("access-request.json")) else {
            throw .setup("the demo request is missing from the build")
        }
        let opened = try openRequest(requestInput)
        result.request = opened
        receipts.append(Receipt(case: opened.case, document: opened.document, sha256: opened.sha256))
        let hits = try findForRequest(opened.request, SearchQuery(text: "ultraljudsgel", limit: 20))
        for item in try addToRequest(opened.request, documents: hits.map(\.document)) {
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
            _ = try assess(opened.request, document: item.document, input)
        }
        if let releases {
            result.release = try release(opened.request, to: releases.appendingPathComponent(Self.copyBaseName(opened.request)))
        }
        let decision = try decide(opened.request)
        result.decision = decision
        receipts.append(decision)
        result.receipts = receipts
        return result
    }
}
