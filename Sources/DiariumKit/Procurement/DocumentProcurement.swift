import DiariumModel
import DiariumRender
public import DiariumRules
import DiariumStore
import DiariumXML
import Foundation

/// What `procurement document` returns: the receipt and the assessment it was documented with.
public struct ProcurementReceipt: Sendable, Codable {
    public let `case`: String
    public let document: String
    public let sha256: String
    public let allowed: Bool
    public let findings: [Finding]
    /// The draft deviation opened because it was documented in spite of failed checks.
    public var deviation: String?
}

/// What is archived beside the documentation so that its views can be made again exactly as
/// documented: the input as given and the assessment of that day (region totals change).
struct ProcurementRecord: Codable, Sendable {
    let inputSHA256: String
    let assessment: ProcurementAssessment
    let acceptedFindings: Bool
}

extension Diarium {

    func documentProcurement(_ data: Data, caseNumber: String? = nil, acceptFindings: Bool = false) throws(DiariumError) -> ProcurementReceipt {
        try ensureWritable()
        let item = try prepareProcurement(data, caseNumber: caseNumber, acceptFindings: acceptFindings, pending: [])
        // One at a time, the public view is rendered and validated now as well.
        _ = try renderProcurement(item.procurement, item.assessment, item.prepared.organisation, acceptFindings, .public)
        do {
            try store.objects.put(data, durability: .immediate)
            try store.objects.put(item.recordData, sha256: item.recordSHA256, durability: .immediate)
            try item.prepared.file.archive(store.objects, durability: .immediate)
        } catch { throw .store(error) }
        let storedProcurements = item.assessment.facts.contributions.filter { $0.kind == "procurement" }.reduce(Int64(0)) { $0 + $1.amount.ore }
        let receipt = try commit([item.prepared], durability: .immediate, kind: .directProcurement) { tx, id, _ throws(DiariumError) in
            // Checked again under the write lock: if another process documented a procurement of
            // the same kind since the check, the check is stale and nothing is registered.
            let now = try tx.procurementTotalOre(organisation: item.procurement.organisation, category: item.procurement.category,
                                                 fiscalYear: item.fiscalYear, cpvDigits: self.store.config.cpvDigits)
            guard now == storedProcurements else {
                throw .reject("input", "procurement.concurrent-change",
                                          "regionens samlade värde ändrades medan upphandlingen kontrollerades; kör kommandot igen")
            }
            try self.insertProcurementRow(item, tx, id)
        }[0]
        var out = item.receipt(receipt)
        if acceptFindings, !item.assessment.allowed {
            // The documentation stands even if this fails; the next `audit purchases --create`
            // opens the draft then (`openProcurementDeviations`).
            out.deviation = (try? store.procurement(document: receipt.document))?.flatMap { try? openProcurementDeviation($0) }?.document
        }
        return out
    }

    func documentProcurements(_ inputs: [Data], acceptFindings: Bool = false, batchSize: Int = 1000,
                                     progress: (Int) -> Void = { _ in }) throws(DiariumError) -> [ProcurementReceipt] {
        try ensureWritable()
        let baseline: Int64
        do { baseline = try store.lastDocumentID() } catch { throw .store(error) }
        var receipts: [ProcurementReceipt] = []
        var pending: [PendingContribution] = []
        var inFlight: BackgroundResult<[ProcurementReceipt]>?
        var start = 0
        do {
            while start < inputs.count {
                let slice = Array(inputs[start..<min(start + max(1, batchSize), inputs.count)])
                let facts = concurrently(slice.count) { i throws(DiariumError) in try self.procurementFacts(slice[i], documentsUpTo: baseline) }
                var assessed: [(DirectProcurement, ProcurementAssessment)] = []
                for (i, result) in facts.enumerated() {
                    let (p, stored) = try result.get()
                    let a = try assessInBatch(p, stored, pending: pending, acceptFindings: acceptFindings)
                    assessed.append((p, a))
                    pending.append(PendingContribution(organisation: p.organisation, group: stored.categoryGroup,
                                                       fiscalYear: store.config.fiscalYear(of: p.contractSigned),
                                                       contribution: .init(kind: "procurement", reference: "(samma körning, nr \(start + i + 1))",
                                                                           unit: p.unit, date: p.contractSigned, amount: p.estimatedValue)))
                }
                // Every procurement of the batch passed its checks: only now is anything written.
                let ready = assessed
                let items = try concurrently(slice.count) { i throws(DiariumError) in
                    let item = try self.renderPrepared(slice[i], ready[i].0, ready[i].1, caseNumber: nil, acceptFindings: acceptFindings)
                    do throws(StoreError) {
                        try self.store.objects.put(slice[i], durability: .deferred)
                        try self.store.objects.put(item.recordData, sha256: item.recordSHA256, durability: .deferred)
                        try item.prepared.file.archive(self.store.objects, durability: .deferred)
                    } catch { throw .store(error) }
                    return item
                }.map { r throws(DiariumError) in try r.get() }
                if let previous = inFlight {
                    receipts += try previous.wait()
                    progress(receipts.count)
                }
                inFlight = BackgroundResult { () throws(DiariumError) in
                    let batch = try self.commit(items.map(\.prepared), durability: .deferred, kind: .directProcurement) { tx, id, i throws(DiariumError) in
                        try self.insertProcurementRow(items[i], tx, id)
                    }
                    return zip(items, batch).map { $0.receipt($1) }
                }
                start += items.count
            }
            if let last = inFlight {
                inFlight = nil
                receipts += try last.wait()
                progress(receipts.count)
            }
        } catch {
            // Never return while a commit is still writing.
            _ = try? inFlight?.wait()
            throw error
        }
        return receipts
    }

    /// A procurement checked, rendered and ready to register.
    struct PreparedProcurement: Sendable {
        let procurement: DirectProcurement
        let assessment: ProcurementAssessment
        let prepared: PreparedRegistration
        let record: ProcurementRecord
        let recordData: Data
        let recordSHA256: String
        let acceptFindings: Bool
        let fiscalYear: Int

        func receipt(_ r: Receipt) -> ProcurementReceipt {
            ProcurementReceipt(case: r.case, document: r.document, sha256: r.sha256, allowed: assessment.allowed, findings: assessment.findings)
        }
    }

    struct PendingContribution: Sendable {
        let organisation: String
        let group: String
        let fiscalYear: Int
        let contribution: RegionFacts.Contribution
    }

    func prepareProcurement(_ data: Data, caseNumber: String?, acceptFindings: Bool,
                            pending: [PendingContribution]) throws(DiariumError) -> PreparedProcurement {
        let (p, stored) = try procurementFacts(data)
        // The same input twice is one procurement documented twice, not a new one.
        let existing: String?
        do { existing = try store.procurementDocument(inputSHA256: SHA256Hex.of(data)) } catch { throw .store(error) }
        if let existing {
            throw .reject("input", "procurement.already-documented", "upphandlingen är redan dokumenterad som \(existing)")
        }
        let a = try assessInBatch(p, stored, pending: pending, acceptFindings: acceptFindings)
        return try renderPrepared(data, p, a, caseNumber: caseNumber, acceptFindings: acceptFindings)
    }

    /// The assessment with the stored facts plus the procurements of the same kind that come
    /// earlier in the same batch; refused unless allowed or `acceptFindings`.
    func assessInBatch(_ p: DirectProcurement, _ stored: RegionFacts, pending: [PendingContribution],
                       acceptFindings: Bool) throws(DiariumError) -> ProcurementAssessment {
        let fiscalYear = store.config.fiscalYear(of: p.contractSigned)
        let sameKind = pending.filter {
            $0.organisation == p.organisation && $0.group == stored.categoryGroup && $0.fiscalYear == fiscalYear
        }.map(\.contribution)
        let facts = RegionFacts(categoryGroup: stored.categoryGroup, fiscalYear: stored.fiscalYear,
                                contributions: stored.contributions + sameKind, agreements: stored.agreements)
        let a = assess(p, facts)
        if !a.allowed && !acceptFindings {
            throw .rejected(InputRejected(a.findings.filter { $0.severity == .error }.map {
                ValidationError(field: $0.field, rule: $0.rule, message: $0.message + " (dokumentera ändå med --accept-findings)")
            }))
        }
        return a
    }

    /// Renders and validates the documentation and builds the registration for it. The public
    /// view is not rendered here: it is made on demand from the archived data, and tests prove
    /// it valid.
    func renderPrepared(_ data: Data, _ p: DirectProcurement, _ a: ProcurementAssessment, caseNumber: String?,
                        acceptFindings: Bool) throws(DiariumError) -> PreparedProcurement {
        guard let organisation = store.config.organisation(p.organisation) else {
            throw .reject("organisation", "organisation.unknown", "finns inte i konfigurationen")
        }
        let secrets = p.secretSet
        func reveals(_ text: String) -> Bool { secrets.reveals(text) }
        var existingCase: CaseNumber?
        if let caseNumber {
            guard let n = CaseNumber(parsing: caseNumber) else {
                throw .reject("case", "case-number.invalid", "ska vara ett ärendenummer på formen RS 2026/0042")
            }
            let problems = try caseProblems(n, organisation: p.organisation, reveals: reveals)
            guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
            existingCase = n
        }
        let full = try renderProcurement(p, a, organisation, acceptFindings, .full)
        let fileData = Data(full.utf8)
        let record = ProcurementRecord(inputSHA256: SHA256Hex.of(data), assessment: a, acceptedFindings: acceptFindings)
        let recordData: Data
        do { recordData = try JSONEncoder().encode(record) } catch { throw .internalFault("cannot encode the procurement record") }

        // What the public register shows of it: nothing that is marked secret, wherever it was
        // marked (a secret name inside the subject, the winner marked in its tender).
        let subject = p.isSecret("subject") || reveals(p.subject) ? "CPV \(p.category)" : p.subject
        let winnerSecret = reveals(p.awardSupplier.name) || reveals(p.awardSupplier.organisationNumber.description)
        let registration = Registration(
            organisation: p.organisation, caseNumber: existingCase,
            caseTitle: existingCase == nil ? "Direktupphandling: \(subject)" : nil, direction: .internal_,
            date: p.documentedOn, counterparty: winnerSecret ? nil : p.awardSupplier.name,
            title: "Dokumentation av direktupphandling: \(subject)", documentType: "direktupphandlingsdokumentation",
            handler: p.handlerName, secrecy: p.secrecy)
        let text = (try? HardenedXMLParser.parse(fileData).textContent()) ?? ""
        let prepared = PreparedRegistration(
            registration: registration, organisation: organisation,
            file: IncomingFile(name: "direktupphandling-\(p.documentedOn).xml", data: fileData, mediaType: "application/xml", text: text))
        return PreparedProcurement(procurement: p, assessment: a, prepared: prepared, record: record, recordData: recordData,
                                   recordSHA256: SHA256Hex.of(recordData), acceptFindings: acceptFindings,
                                   fiscalYear: store.config.fiscalYear(of: p.contractSigned))
    }

    func insertProcurementRow(_ item: PreparedProcurement, _ tx: Transaction, _ id: Int64) throws(DiariumError) {
        try tx.insertProcurement(ProcurementColumns(item.procurement, record: item.record, dataSHA256: item.recordSHA256,
                                                    fiscalYear: item.fiscalYear).row(documentID: id))
    }

    /// The columns of a procurement row as `verify` reads them back.
    func procurementRowValues(_ p: DirectProcurement, record: ProcurementRecord, dataSHA256: String) -> [String: String] {
        ProcurementColumns(p, record: record, dataSHA256: dataSHA256, fiscalYear: store.config.fiscalYear(of: p.contractSigned)).values
    }

    func renderProcurement(_ p: DirectProcurement, _ a: ProcurementAssessment, _ o: Organisation, _ accepted: Bool,
                           _ audience: Audience, format: RenderFormat = .xml) throws(DiariumError) -> String {
        let view = ProcurementView(p, assessment: a, organisation: o, acceptedFindings: accepted, for: audience,
                                   legal: legal, procurementLegal: procurementLegal)
        return try rendered(.directProcurement, format) { () throws(TemplateError) in try renderer.procurement(view, as: format) }
    }

    /// The documentation of a registered direct procurement, made again from its archived input
    /// and assessment for `audience`.
    func procurementDocument(_ stored: StoredDocument, audience: Audience, format: RenderFormat) throws(DiariumError) -> String {
        let (p, record) = try archivedProcurement(stored)
        return try renderProcurement(p, record.assessment, stored.entry.organisation, record.acceptedFindings, audience, format: format)
    }
}

/// The row a documented procurement adds for the region totals, made from its input and record
/// alone: what registration writes and what `verify` expects to find.
struct ProcurementColumns {
    let organisation, unit, ground, inputSHA256, dataSHA256: String
    let category: CPVCode
    let contractSigned: CivilDate
    let supplierOrgnr: OrganisationNumber
    let fiscalYear: Int
    let valueOre: Int64
    let allowed, acceptedFindings: Bool
    /// The provision, when the value or the unit is marked secret.
    let valueProvision, unitProvision: String?

    init(_ p: DirectProcurement, record: ProcurementRecord, dataSHA256: String, fiscalYear: Int) {
        organisation = p.organisation
        unit = p.unit
        category = p.category
        contractSigned = p.contractSigned
        ground = p.ground
        inputSHA256 = record.inputSHA256
        self.dataSHA256 = dataSHA256
        supplierOrgnr = p.awardSupplier.organisationNumber
        self.fiscalYear = fiscalYear
        valueOre = max(p.estimatedValue, p.awardAmount).ore
        allowed = record.assessment.allowed
        acceptedFindings = record.acceptedFindings
        valueProvision = (p.secretValues[p.estimatedValue.description] ?? p.secretValues[p.awardAmount.description])?.provision
        unitProvision = p.secretValues[p.unit]?.provision
    }

    func row(documentID: Int64) -> ProcurementInsert {
        ProcurementInsert(documentID: documentID, organisation: organisation, unit: unit, category: category, fiscalYear: fiscalYear,
                          contractSigned: contractSigned, valueOre: valueOre, ground: ground, allowed: allowed,
                          acceptedFindings: acceptedFindings, inputSHA256: inputSHA256, dataSHA256: dataSHA256,
                          valueProvision: valueProvision, unitProvision: unitProvision, supplierOrgnr: supplierOrgnr)
    }

    var values: [String: String] {
        var v = ["organisation": organisation, "unit": unit, "category": category.description, "fiscal_year": String(fiscalYear),
                 "contract_signed": contractSigned.description, "value_ore": String(valueOre), "ground": ground, "allowed": allowed ? "1" : "0",
                 "accepted_findings": acceptedFindings ? "1" : "0", "input_sha256": inputSHA256, "data_sha256": dataSHA256,
                 "supplier_orgnr": supplierOrgnr.description]
        v["value_provision"] = valueProvision
        v["unit_provision"] = unitProvision
        return v
    }
}

/// Work started on a thread of its own whose result is collected later, once: the bulk path
/// commits one batch while it prepares the next. A thread, not a queue: the caller that waits
/// may itself run on a queue (`AsyncUseCases`), and work queued behind it might never start,
/// where a thread of its own always runs.
final class BackgroundResult<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, DiariumError>?

    init(_ work: @escaping @Sendable () throws(DiariumError) -> T) {
        let thread = Thread {
            self.result = Result(catching: work)
            self.done.signal()
        }
        thread.start()
    }

    /// Waits for the work and returns its result (the semaphore orders the write of `result`
    /// before this read).
    func wait() throws(DiariumError) -> T {
        done.wait()
        done.signal()
        guard let result else { throw .internalFault("background work ended without a result") }
        return try result.get()
    }
}
