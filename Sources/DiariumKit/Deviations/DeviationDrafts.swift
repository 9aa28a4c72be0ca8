import DiariumModel
import DiariumRules
import DiariumStore
import Foundation

/// The input of a deviation report the system drafts itself, in the v1 shape of
/// `examples/deviation.json`, so that a draft passes the same checks as a report by a person.
struct DraftReport: Encodable {
    struct Person: Encodable { let name: String; let role: String? }
    struct Supplier: Encodable { let name: String; let orgnr: String }
    struct Marking: Encodable { let field: String; let provision: String; let reason: String }

    let organisation: String
    let unit: String
    let reportedBy: Person
    let reportedOn: String
    let phase: String
    let type: String
    let procurement: String?
    let supplier: Supplier?
    let estimatedValue: String?
    let description: String
    let immediateAction: String?
    let secrecy: [Marking]

    var json: Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)) ?? Data()
    }

    /// At most `limit` scalars, cut at a line with a note of what was left out.
    static func clip(_ text: String, limit: Int = 4800) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        var out = ""
        var count = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if count + line.unicodeScalars.count + 1 > limit { break }
            out += line + "\n"
            count += line.unicodeScalars.count + 1
        }
        return out + "… (förteckningen är avkortad; se granskningen)"
    }
}

extension Diarium {
    static let draftReporter = DraftReport.Person(name: "Diarium, automatisk kontroll", role: nil)

    @discardableResult
    func openProcurementDeviations() throws(DiariumError) -> [Receipt] {
        let open: [String: String]
        let accepted: [ProcurementRow]
        do {
            open = try store.deviationsByOriginKey()
            accepted = try store.procurements(fiscalYear: nil).filter { $0.acceptedFindings && !$0.allowed }
        } catch { throw .store(error) }
        var receipts: [Receipt] = []
        for row in accepted where open["procurement|" + row.document] == nil && actsFor(row.organisation) {
            receipts.append(try openProcurementDeviation(row))
        }
        return receipts
    }

    func openProcurementDeviation(_ row: ProcurementRow) throws(DiariumError) -> Receipt {
        let p = try decodeArchived(row.inputSHA256, of: row.document) { data throws(InputRejected) in try DirectProcurement.decode(data) }
        let record = try decodeArchivedJSON(ProcurementRecord.self, row.dataSHA256, of: row.document)
        let errors = record.assessment.findings.filter { $0.severity == .error }
        let rules = Set(errors.map(\.rule))
        let type = rules.contains("limit.exceeded") ? "direct-award-over-limit"
            : rules.contains("agreement.exists") ? "purchase-outside-agreement" : "process-not-followed"
        func marking(_ path: String, _ value: String) -> DraftReport.Marking? {
            let m = p.secrecy.first { $0.field.description == path } ?? p.secretValues[value]
            return m.map { DraftReport.Marking(field: path, provision: $0.provision, reason: $0.reason) }
        }
        let value = max(p.estimatedValue, p.awardAmount)
        var secrecy: [DraftReport.Marking] = []
        if let m = marking("unit", p.unit) { secrecy.append(DraftReport.Marking(field: "unit", provision: m.provision, reason: m.reason)) }
        let supplierMark = marking("award.supplier.name", p.awardSupplier.name) ?? marking("award.supplier.orgnr", p.awardSupplier.organisationNumber.description)
        if let m = supplierMark {
            secrecy.append(DraftReport.Marking(field: "supplier.name", provision: m.provision, reason: m.reason))
            secrecy.append(DraftReport.Marking(field: "supplier.orgnr", provision: m.provision, reason: m.reason))
        }
        if let m = marking("estimatedValue", p.estimatedValue.description) ?? marking("award.amount", p.awardAmount.description) {
            secrecy.append(DraftReport.Marking(field: "estimatedValue", provision: m.provision, reason: m.reason))
        }
        // The messages were redacted when the procurement was documented: no secret value is in them.
        let description = DraftReport.clip("Direktupphandlingen \(row.document) dokumenterades trots fel i kontrollen (--accept-findings). Utkast öppnat automatiskt; bedöm avsteget och ta nästa steg.\n\n"
            + errors.map { "- \($0.message) [\($0.rule)]" }.joined(separator: "\n"))
        let draft = DraftReport(
            organisation: p.organisation, unit: p.unit, reportedBy: Self.draftReporter, reportedOn: today.description,
            phase: "after", type: type, procurement: row.document,
            supplier: .init(name: p.awardSupplier.name, orgnr: p.awardSupplier.organisationNumber.description),
            estimatedValue: value.description, description: description, immediateAction: nil, secrecy: secrecy)
        return try registerDeviation(draft.json, caseNumber: nil, origin: "procurement", originKey: "procurement|" + row.document, status: "draft")
    }

    /// Opens a draft deviation for an audit finding, in a case of its own.
    func openAuditDeviation(_ f: AuditFinding) throws(DiariumError) -> Receipt {
        let units = Set(f.rows.map(\.unit))
        let unit = units.count == 1 ? units.first ?? "" : "Flera enheter (\(units.count))"
        let rows = f.rows.map { "- \($0.reference)  \($0.date)  \($0.unit)  \($0.amount.swedish)" }.joined(separator: "\n")
        let draft = DraftReport(
            organisation: f.organisation, unit: unit, reportedBy: Self.draftReporter, reportedOn: today.description, phase: "after",
            type: f.deviationType, procurement: nil,
            supplier: f.rows.first.map { .init(name: $0.supplier, orgnr: f.supplierOrgnr) },
            estimatedValue: f.total.description,
            description: DraftReport.clip("Funnet vid granskning av inköp \(f.fiscalYear). Utkast öppnat automatiskt; bedöm avsteget och ta nästa steg.\n\n\(f.message)\n\nInköp:\n\(rows)"),
            immediateAction: nil, secrecy: [])
        return try registerDeviation(draft.json, caseNumber: nil, origin: "audit", originKey: f.key, status: "draft")
    }
}
