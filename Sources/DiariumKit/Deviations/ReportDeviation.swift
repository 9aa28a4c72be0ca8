import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
import DiariumXML
import Foundation

extension Diarium {

    func reportDeviation(_ data: Data, caseNumber: String? = nil) throws(DiariumError) -> Receipt {
        try registerDeviation(data, caseNumber: caseNumber, origin: "report", originKey: nil, status: "reported")
    }

    /// Registers a deviation report from an employee (`report`), or a draft the system opens from
    /// a finding (`audit`, `procurement`); `originKey` keeps a draft from being opened twice.
    func registerDeviation(_ data: Data, caseNumber: String?, origin: String, originKey: String?, status: String) throws(DiariumError) -> Receipt {
        let d: DeviationReport
        do { d = try DeviationReport.decode(data) } catch { throw .rejected(error) }
        var problems: [ValidationError] = []
        let organisation = store.config.organisation(d.organisation)
        if organisation != nil { try requireOrganisation(d.organisation) }
        if organisation == nil {
            problems.append(ValidationError(field: "organisation", rule: "organisation.unknown", message: "finns inte i konfigurationen"))
        }
        let type = deviationData.type(d.type)
        if type == nil {
            problems.append(ValidationError(field: "type", rule: "deviation-type.unknown",
                                            message: "är ingen känd typ av avsteg; välj en av: \(deviationData.types.map(\.code).joined(separator: ", "))"))
        }
        if d.reportedOn > today {
            problems.append(ValidationError(field: "reportedOn", rule: "date.in-future", message: "ligger efter dagens datum"))
        }
        for (i, m) in d.secrecy.enumerated() where legal.provision(m.provision, on: today) == nil {
            problems.append(ValidationError(field: "secrecy[\(i)].provision", rule: "provision.unknown",
                                            message: "är ingen sekretessbestämmelse i gällande rättsdata"))
        }
        // The case: the one given, else the procurement's, else a new one.
        var caseOf: CaseNumber?
        if let caseNumber {
            caseOf = CaseNumber(parsing: caseNumber)
            if caseOf == nil { problems.append(ValidationError(field: "case", rule: "case-number.invalid", message: "ska vara ett ärendenummer")) }
        } else if let procurement = d.procurement {
            do {
                let stored = try store.document(procurement)
                if stored.kind == .directProcurement {
                    caseOf = stored.entry.number.caseNumber
                } else {
                    problems.append(ValidationError(field: "procurement", rule: "procurement.not-a-procurement",
                                                    message: "handlingen är ingen dokumentation av direktupphandling"))
                }
            } catch .documentNotFound {
                problems.append(ValidationError(field: "procurement", rule: "document.not-found", message: "handlingen finns inte i diariet"))
            } catch {
                throw .store(error)
            }
        }
        if let c = caseOf {
            let secrets = d.secretSet
            problems += try caseProblems(c, organisation: d.organisation) { secrets.reveals($0) }
        }
        guard problems.isEmpty, let organisation, let type else { throw .rejected(InputRejected(problems)) }

        let full = try renderDeviation(d, organisation, .full, .xml)
        _ = try renderDeviation(d, organisation, .public, .xml)
        let supplierSecret = d.isSecret("supplier.name") || d.isSecret("supplier.orgnr")
        let registration = Registration(
            organisation: d.organisation, caseNumber: caseOf,
            caseTitle: caseOf == nil ? "Avsteg från inköpspolicy: \(type.label)" : nil, direction: .internal_,
            date: d.reportedOn, counterparty: supplierSecret ? nil : d.supplier?.name,
            title: "Rapport om avsteg: \(type.label)", documentType: "avstegsrapport",
            // The procurement function handles deviations; the reporter may be secret.
            handler: "Inköpsfunktionen", secrecy: d.secrecy)
        return try registerDrawnUp(registration, organisation: organisation, fileName: "avsteg-\(d.reportedOn).xml", xml: full,
                                   kind: .deviation, data: data) { tx, id, inputSHA throws(DiariumError) in
            try tx.insertDeviation(DeviationInsert(
                documentID: id, organisation: d.organisation, unit: d.unit, type: d.type, phase: d.phase.rawValue,
                reportedOn: d.reportedOn, procurement: d.procurement, supplierOrgnr: d.supplier?.organisationNumber,
                estimatedValue: d.estimatedValue, origin: origin, originKey: originKey, inputSHA256: inputSHA, status: status))
        }
    }

    func renderDeviation(_ d: DeviationReport, _ o: Organisation, _ audience: Audience, _ format: RenderFormat) throws(DiariumError) -> String {
        let view = DeviationView(d, organisation: o, for: audience, legal: legal, data: deviationData)
        return try rendered(.deviation, format) { () throws(TemplateError) in try renderer.deviation(view, as: format) }
    }

    /// A registered deviation report, made again from its archived input for `audience`.
    func deviationDocument(_ stored: StoredDocument, audience: Audience, format: RenderFormat) throws(DiariumError) -> String {
        try renderDeviation(try archivedDeviation(stored), stored.entry.organisation, audience, format)
    }
}
