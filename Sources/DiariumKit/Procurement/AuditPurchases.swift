import DiariumModel
public import DiariumRules
import DiariumStore
import Foundation

/// What `audit purchases` found, and the draft deviations behind each finding.
public struct PurchaseAuditResult: Sendable, Codable {
    public struct Item: Sendable, Codable {
        public let finding: AuditFinding
        /// The deviation opened for it, now or by an earlier run.
        public let deviation: String?
        public let created: Bool
    }

    public let fiscalYear: Int
    /// The file audited, or nil for the purchases already imported.
    public let source: String?
    public let purchases: Int
    public let findings: [Item]
}

extension Diarium {
    func auditPurchases(ledger: InputFile?, fiscalYear: Int, create: Bool) throws(DiariumError) -> PurchaseAuditResult {
        guard CivilDate.supportedYears.contains(fiscalYear) else { throw .reject("year", "year.invalid", "ska vara ett årtal") }
        let purchases: [Purchase]
        if let ledger {
            do {
                purchases = try LedgerFile.purchases(ledger.data, name: ledger.name, organisations: Set(store.config.organisations.map(\.code)))
            } catch { throw .rejected(error) }
        } else {
            do { purchases = try store.purchases(fiscalYear: fiscalYear) } catch { throw .store(error) }
        }
        // The audit covers the organisations the principal acts for (a ledger of a million rows
        // is not copied to say so when that is every organisation).
        let ownPurchases = principal.organisations == .all ? purchases : purchases.filter { actsFor($0.organisation) }
        let agreements: [Agreement]
        let procurements: [DocumentedProcurement]
        var open: [String: String]
        do {
            agreements = try store.agreements()
            open = try store.deviationsByOriginKey()
        } catch { throw .store(error) }
        procurements = try documented(try stored { () throws(StoreError) in try store.procurements(fiscalYear: fiscalYear) })
        let config = store.config
        let findings = PurchaseAudit.run(ownPurchases, fiscalYear: fiscalYear, fiscalYearOf: config.fiscalYear(of:), cpvDigits: config.cpvDigits,
                                         agreements: agreements, procurements: procurements, legal: procurementLegal)
        var items: [PurchaseAuditResult.Item] = []
        for f in findings {
            if let existing = open[f.key] {
                items.append(.init(finding: f, deviation: existing, created: false))
            } else if create {
                let r = try openAuditDeviation(f)
                open[f.key] = r.document
                items.append(.init(finding: f, deviation: r.document, created: true))
            } else {
                items.append(.init(finding: f, deviation: nil, created: false))
            }
        }
        if create { try openProcurementDeviations() }
        return PurchaseAuditResult(fiscalYear: fiscalYear, source: ledger?.name,
                                   purchases: ownPurchases.lazy.filter { config.fiscalYear(of: $0.date) == fiscalYear }.count, findings: items)
    }

    /// Registered direct procurements as the audit matches them, with the winning supplier (read
    /// from the archived input for procurements documented before the store recorded it).
    func documented(_ rows: [ProcurementRow]) throws(DiariumError) -> [DocumentedProcurement] {
        try rows.map { row throws(DiariumError) in
            let orgnr = if let known = row.supplierOrgnr { known } else {
                try decodeArchived(row.inputSHA256, of: row.document) { data throws(InputRejected) in
                    try DirectProcurement.decode(data)
                }.awardSupplier.organisationNumber
            }
            return DocumentedProcurement(document: row.document, organisation: row.organisation, supplierOrgnr: orgnr,
                                         category: row.category, fiscalYear: row.fiscalYear)
        }
    }
}
