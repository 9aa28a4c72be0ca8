import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
import DiariumXML
import Foundation

extension Diarium {

    func compileBoardReport(from fromText: String, to toText: String, organisation code: String = "IN") throws(DiariumError) -> BoardReport {
        var problems: [ValidationError] = []
        let from = CivilDate(parsing: fromText), to = CivilDate(parsing: toText)
        if from == nil { problems.append(ValidationError(field: "from", rule: "date.invalid", message: "ska vara ett datum ÅÅÅÅ-MM-DD")) }
        if to == nil { problems.append(ValidationError(field: "to", rule: "date.invalid", message: "ska vara ett datum ÅÅÅÅ-MM-DD")) }
        if let from, let to, from > to { problems.append(ValidationError(field: "to", rule: "date-order.period", message: "ligger före från och med-datumet")) }
        if let from, let to, to.daysSinceEpoch - from.daysSinceEpoch > 3660 {
            problems.append(ValidationError(field: "to", rule: "period.too-long", message: "perioden får vara högst tio år"))
        }
        if store.config.organisation(code) == nil {
            problems.append(ValidationError(field: "organisation", rule: "organisation.unknown", message: "finns inte i konfigurationen"))
        }
        guard problems.isEmpty, let from, let to else { throw .rejected(InputRejected(problems)) }
        try requireOrganisation(code)
        let config = store.config
        let deviations = try stored { () throws(StoreError) in try store.deviations(DeviationFilter()) }.map { r in
            DeviationFact(
                document: r.document, organisation: r.organisation,
                unit: r.unitProvision.map { RegisterView.marker($0, legal: legal) } ?? r.unit,
                type: r.type, status: r.status, reportedOn: r.reportedOn,
                steps: r.steps.map { s in DeviationFact.Step(step: s.step, level: s.level, on: s.on, document: s.document) })
        }
        let rows = try stored { () throws(StoreError) in try store.procurements(fiscalYear: nil) }
        let procurements = try rows.map { row throws(DiariumError) -> ProcurementFact in
            var exposure: ProcurementAssessment.Exposure?
            if !row.allowed {
                exposure = try decodeArchivedJSON(ProcurementRecord.self, row.dataSHA256, of: row.document).assessment.exposure
            }
            return ProcurementFact(document: row.document, contractSigned: row.contractSigned, documentedOn: row.documentedOn, allowed: row.allowed,
                                   acceptedFindings: row.acceptedFindings, valueSecret: row.valueProvision != nil, exposure: exposure)
        }
        // The imported purchases of every fiscal year the period touches.
        let (open, agreements) = try stored { () throws(StoreError) in (try store.deviationsByOriginKey(), try store.agreements()) }
        var findings: [(finding: AuditFinding, deviation: String?)] = []
        for year in config.fiscalYear(of: from)...config.fiscalYear(of: to) {
            let purchases = try stored { () throws(StoreError) in try store.purchases(fiscalYear: year) }
            let found = PurchaseAudit.run(purchases, fiscalYear: year, fiscalYearOf: config.fiscalYear(of:),
                                          cpvDigits: config.cpvDigits, agreements: agreements,
                                          procurements: try documented(rows.filter { $0.fiscalYear == year }), legal: procurementLegal)
            findings += found.map { ($0, open[$0.key]) }
        }
        return BoardReport.compile(
            organisation: code, from: from, to: to, today: today,
            organisationNames: Dictionary(uniqueKeysWithValues: config.organisations.map { ($0.code, $0.name) }),
            deviations: deviations, procurements: procurements, findings: findings, overdueDays: config.overdueDays,
            data: deviationData, legal: procurementLegal)
    }

    func boardReport(from: String, to: String, organisation code: String = "IN") throws(DiariumError) -> Receipt {
        let report = try compileBoardReport(from: from, to: to, organisation: code)
        guard let organisation = store.config.organisation(code) else { throw .internalFault("organisation vanished") }
        let xml = try renderBoardReport(report, organisation, .xml)
        _ = try renderBoardReport(report, organisation, .html)
        let data: Data
        do { data = try JSONEncoder().encode(report) } catch { throw .internalFault("cannot encode the board report: \(error)") }
        let existingCase: String?
        do { existingCase = try store.boardReportCase(period: report.from...report.to) } catch { throw .store(error) }
        let period = "\(report.from)–\(report.to)"
        let registration = Registration(
            organisation: code, caseNumber: existingCase.flatMap(CaseNumber.init(parsing:)),
            caseTitle: existingCase == nil ? "Uppföljning av inköpspolicyn \(period)" : nil, direction: .internal_,
            date: report.drawnUp, counterparty: nil, title: "Inköpsnämndens uppföljningsrapport \(period)",
            documentType: "uppfoljningsrapport", handler: organisation.name)
        return try registerDrawnUp(registration, organisation: organisation, fileName: "uppfoljningsrapport-\(report.from)-\(report.to).xml",
                                   xml: xml, kind: .boardReport, data: data) { tx, id, dataSHA throws(DiariumError) in
            try tx.insertBoardReport(documentID: id, period: report.from...report.to, dataSHA256: dataSHA)
        }
    }

    func renderBoardReport(_ r: BoardReport, _ o: Organisation, _ format: RenderFormat) throws(DiariumError) -> String {
        try rendered(.boardReport, format) { () throws(TemplateError) in try renderer.boardReport(BoardReportView(r, organisation: o), as: format) }
    }

    /// A registered board report, made again from its archived figures (it holds no secret, so
    /// every audience sees the same).
    func boardReportDocument(_ stored: StoredDocument, audience: Audience, format: RenderFormat) throws(DiariumError) -> String {
        try renderBoardReport(try archivedBoardReport(stored), stored.entry.organisation, format)
    }
}
