public import DiariumModel
public import DiariumRules
import DiariumStore
public import Foundation

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
    /// Audits the purchases of `fiscalYear` (the `ledger`, else those imported) for
    /// deviations nobody reported: (a) undocumented purchases that needed documentation,
    /// (b) region-wide sums per supplier and kind reaching the direct-award limit with no
    /// procurement behind them, (c) purchases beside an agreement in force. With `create`, opens
    /// a draft deviation for each finding that has none, and for every procurement documented in
    /// spite of failed checks.
    public func auditPurchases(ledger: InputFile?, fiscalYear: Int, create: Bool) throws(DiariumError) -> PurchaseAuditResult {
        guard CivilDate.supportedYears.contains(fiscalYear) else { throw .reject("year", "year.invalid", "ska vara ett årtal") }
        let purchases: [Purchase]
        if let ledger {
            do {
                purchases = try LedgerFile.purchases(ledger.data, name: ledger.name, organisations: Set(store.config.organisations.map(\.code)))
            } catch { throw .rejected(error) }
        } else {
            do { purchases = try store.purchases(fiscalYear: fiscalYear) } catch { throw .store(error) }
        }
        let agreements: [Agreement]
        let procurements: [DocumentedProcurement]
        var open: [String: String]
        do {
            agreements = try store.agreements()
            procurements = try documented(store.procurements(fiscalYear: fiscalYear))
            open = try store.deviationsByOriginKey()
        } catch let e as DiariumError {
            throw e
        } catch let e as StoreError {
            throw .store(e)
        } catch {
            // The archived input of an old procurement did not decode; its text stays out of the message.
            throw .internalFault("the audit cannot read the register: \(type(of: error))")
        }
        let config = store.config
        let findings = PurchaseAudit.run(purchases, fiscalYear: fiscalYear, fiscalYearOf: config.fiscalYear(of:), cpvDigits: config.cpvDigits,
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
                                   purchases: purchases.lazy.filter { config.fiscalYear(of: $0.date) == fiscalYear }.count, findings: items)
    }

    /// Registered direct procurements as the audit matches them, with the winning supplier (read
    /// from the archived input for procurements documented before the store recorded it).
    func documented(_ rows: [ProcurementRow]) throws -> [DocumentedProcurement] {
        try rows.map { row in
            // A row that cannot be read is damage, named: skipped, its purchases would be
            // reported as undocumented.
            guard let category = CPVCode(parsing: row.category) else {
                throw StoreError.database("the procurement row of \(row.document) has a category that cannot be read")
            }
            let orgnr: OrganisationNumber?
            if let text = row.supplierOrgnr {
                orgnr = OrganisationNumber(parsing: text)
            } else {
                orgnr = try DirectProcurement.decode(try store.objects.read(row.inputSHA256)).awardSupplier.organisationNumber
            }
            guard let orgnr else { throw StoreError.database("the procurement row of \(row.document) has a supplier number that cannot be read") }
            return DocumentedProcurement(document: row.document, organisation: row.organisation, supplierOrgnr: orgnr,
                                         category: category, fiscalYear: row.fiscalYear)
        }
    }
}
