public import DiariumModel
import DiariumRender
public import DiariumRules
import DiariumStore
import DiariumXML
public import Foundation

/// What `procurement document` returns: the receipt and the assessment it was documented with.
public struct ProcurementReceipt: Sendable, Codable {
    public let `case`: String
    public let document: String
    public let sha256: String
    public let allowed: Bool
    public let findings: [Finding]
}

/// What is archived beside the documentation so that its views can be made again exactly as
/// documented: the input as given and the assessment of that day (region totals change).
struct ProcurementRecord: Codable {
    let inputSHA256: String
    let assessment: ProcurementAssessment
    let acceptedFindings: Bool
}

extension Diarium {
    static let procurementKind = "direct-procurement"

    /// Checks, renders and registers the documentation of a direct procurement ("Dokumentation
    /// av direktupphandling"), in a new case or in `caseNumber`. A procurement whose checks fail
    /// is refused unless `acceptFindings`: the duty to document remains, and the record then
    /// says in plain words that it was documented in spite of the findings.
    public func documentProcurement(_ data: Data, caseNumber: String? = nil, acceptFindings: Bool = false) throws(DiariumError) -> ProcurementReceipt {
        let (p, facts) = try procurementFacts(data)
        let a = assess(p, facts)
        if !a.allowed && !acceptFindings {
            throw .rejected(InputRejected(a.findings.filter { $0.severity == .error }.map {
                ValidationError(field: $0.field, rule: $0.rule, message: $0.message + " (dokumentera ändå med --accept-findings)")
            }))
        }
        guard let organisation = store.config.organisation(p.organisation) else {
            throw .reject("organisation", "organisation.unknown", "finns inte i konfigurationen")
        }
        var existingCase: CaseNumber?
        if let caseNumber {
            guard let n = CaseNumber(parsing: caseNumber) else {
                throw .reject("case", "case-number.invalid", "ska vara ett ärendenummer på formen RS 2026/0042")
            }
            do {
                let c = try store.findCase(n)
                guard c.organisation == p.organisation else {
                    throw DiariumError.reject("case", "case.other-organisation", "tillhör en annan organisation än upphandlingen")
                }
            } catch StoreError.caseNotFound {
                throw .reject("case", "case.not-found", "ärendet finns inte i diariet")
            } catch let e as DiariumError { throw e } catch { throw .store(error as? StoreError ?? .database("\(error)")) }
            existingCase = n
        }

        let full = try renderProcurement(p, a, organisation, acceptFindings, .full)
        _ = try renderProcurement(p, a, organisation, acceptFindings, .public)
        let fileData = Data(full.utf8)
        let record = ProcurementRecord(inputSHA256: SHA256Hex.of(data), assessment: a, acceptedFindings: acceptFindings)
        let recordData: Data
        do { recordData = try JSONEncoder().encode(record) } catch { throw .internalFault("cannot encode the procurement record") }

        // What the public register shows of it: nothing that is marked secret.
        let subject = p.isSecret("subject") ? "CPV \(p.category)" : p.subject
        let registration = Registration(
            organisation: p.organisation, caseNumber: existingCase,
            caseTitle: existingCase == nil ? "Direktupphandling: \(subject)" : nil, direction: .internal_,
            date: p.documentedOn, counterparty: p.isSecret("award.supplier.name") ? nil : p.awardSupplier.name,
            title: "Dokumentation av direktupphandling: \(subject)", documentType: "direktupphandlingsdokumentation",
            handler: p.handlerName, secrecy: p.secrecy)
        let text = (try? HardenedXMLParser.parse(fileData).textContent()) ?? ""
        let prepared = PreparedRegistration(
            registration: registration, organisation: organisation,
            file: IncomingFile(name: "direktupphandling-\(p.documentedOn).xml", data: fileData, mediaType: "application/xml", text: text),
            fileSHA256: SHA256Hex.of(fileData))
        let recordSHA: String
        do {
            try store.objects.put(data, durability: .immediate)
            recordSHA = try store.objects.put(recordData, durability: .immediate)
            try store.objects.put(fileData, sha256: prepared.fileSHA256, durability: .immediate)
        } catch { throw .store(error) }
        let fiscalYear = store.config.fiscalYear(of: p.contractSigned)
        let receipt = try commit([prepared], durability: .immediate, kind: Self.procurementKind) { tx, id in
            try tx.insertProcurement(documentID: id, organisation: p.organisation, unit: p.unit, category: p.category.description,
                                     fiscalYear: fiscalYear, contractSigned: p.contractSigned.description, valueOre: p.estimatedValue.ore,
                                     ground: p.ground, allowed: a.allowed, acceptedFindings: acceptFindings,
                                     inputSHA256: record.inputSHA256, dataSHA256: recordSHA)
        }[0]
        return ProcurementReceipt(case: receipt.case, document: receipt.document, sha256: receipt.sha256,
                                  allowed: a.allowed, findings: a.findings)
    }

    func renderProcurement(_ p: DirectProcurement, _ a: ProcurementAssessment, _ o: Organisation, _ accepted: Bool,
                           _ audience: Audience, format: RenderFormat = .xml) throws(DiariumError) -> String {
        let view = ProcurementView(p, assessment: a, organisation: o, acceptedFindings: accepted, for: audience,
                                   legal: legal, procurementLegal: procurementLegal)
        let out: String
        do { out = try renderer.procurement(view, as: format) } catch { throw .setup(error.description) }
        if format == .xml { try checkOwnXML(out, schema: "direct-procurement") }
        return out
    }

    /// The documentation of a registered direct procurement, made again from its archived input
    /// and assessment for `audience`.
    func procurementDocument(_ stored: StoredDocument, audience: Audience, format: RenderFormat) throws(DiariumError) -> String {
        let row: (dataSHA256: String, organisation: String)
        do { row = try store.procurementRow(documentID: stored.id) } catch { throw .store(error) }
        do {
            let record = try JSONDecoder().decode(ProcurementRecord.self, from: try store.objects.read(row.dataSHA256))
            let p = try DirectProcurement.decode(try store.objects.read(record.inputSHA256))
            return try renderProcurement(p, record.assessment, stored.entry.organisation, record.acceptedFindings, audience, format: format)
        } catch let e as DiariumError {
            throw e
        } catch {
            throw .internalFault("the archived procurement data of \(stored.entry.number) cannot be read: \(type(of: error))")
        }
    }
}
