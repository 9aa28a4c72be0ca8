public import DiariumModel

/// A registered direct procurement, as the purchase audit matches purchases against it.
public struct DocumentedProcurement: Sendable, Hashable {
    public let document: String
    public let organisation: String
    public let supplierOrgnr: OrganisationNumber
    public let category: CPVCode
    public let fiscalYear: Int

    public init(document: String, organisation: String, supplierOrgnr: OrganisationNumber, category: CPVCode, fiscalYear: Int) {
        self.document = document
        self.organisation = organisation
        self.supplierOrgnr = supplierOrgnr
        self.category = category
        self.fiscalYear = fiscalYear
    }
}

/// A deviation nobody reported, found in the purchases, with the rows behind it.
public struct AuditFinding: Sendable, Hashable, Codable {
    /// `undocumented` (a), `over-limit` (b) or `outside-agreement` (c).
    public let kind: String
    /// The deviation type it would open (`direct-procurement-undocumented`, …).
    public let deviationType: String
    public let organisation: String
    public let supplierOrgnr: String
    public let categoryGroup: String
    public let total: Amount
    public let message: String
    /// The purchase references behind it, in ledger order.
    public let references: [String]
    /// Stable across runs for the same rows: a draft deviation is never opened twice for them.
    public var key: String { ([kind, organisation] + references).joined(separator: "|") }
}

/// Finds deviations in a ledger of purchases (DOMAIN.md §7: what auditors check). Pure: the
/// caller supplies the purchases of one fiscal year, the agreements, the documented
/// procurements and the legal data.
public enum PurchaseAudit {
    public static func run(_ purchases: [Purchase], fiscalYear: Int, fiscalYearOf: (CivilDate) -> Int, cpvDigits: Int,
                           agreements: [Agreement], procurements: [DocumentedProcurement],
                           legal: ProcurementLegalData) -> [AuditFinding] {
        let year = purchases.filter { fiscalYearOf($0.date) == fiscalYear }
        let documented = Set(procurements.filter { $0.fiscalYear == fiscalYear }.map {
            "\($0.organisation)|\($0.supplierOrgnr)|\($0.category.group(cpvDigits))"
        })
        func key(_ p: Purchase) -> String { "\(p.organisation)|\(p.supplierOrgnr)|\(p.category.group(cpvDigits))" }
        func agreementsCovering(_ p: Purchase) -> [Agreement] {
            agreements.filter { a in
                a.organisation == p.organisation && a.validFrom <= p.date && p.date <= a.validTo
                    && (a.category.group(cpvDigits) == p.category.group(cpvDigits) || p.category.digits.hasPrefix(a.category.significantDigits))
            }
        }
        var findings: [AuditFinding] = []

        // (a) A purchase that needs documentation, with none registered for that supplier and kind.
        for p in year {
            guard let duty = legal.duty(law: "LOU", on: p.date), duty.applies(to: p.amount), !documented.contains(key(p)) else { continue }
            findings.append(AuditFinding(
                kind: "undocumented", deviationType: "direct-procurement-undocumented", organisation: p.organisation,
                supplierOrgnr: p.supplierOrgnr.description, categoryGroup: p.category.group(cpvDigits), total: p.amount,
                message: "Inköp på \(p.amount.swedish) (\(p.reference), \(p.unit)) från \(p.supplier) saknar registrerad dokumentation av direktupphandling; plikt när värdet \(duty.condition).",
                references: [p.reference]))
        }

        // (b) One supplier, one kind, the whole region and year: summed up to the limit with no
        // procurement and no agreement behind it.
        let groups = Dictionary(grouping: year, by: key)
        for (k, rows) in groups.sorted(by: { $0.key < $1.key }) where !documented.contains(k) {
            guard let first = rows.first, agreementsCovering(first).allSatisfy({ $0.supplierOrgnr != first.supplierOrgnr }) else { continue }
            let total = rows.reduce(Amount.zero) { $0 + $1.amount }
            let lastDay = rows.map(\.date).max() ?? first.date
            guard let limit = legal.threshold(law: "LOU", contractCategory: "general", on: lastDay), !limit.allows(total) else { continue }
            findings.append(AuditFinding(
                kind: "over-limit", deviationType: rows.count > 1 ? "split-purchase" : "direct-award-over-limit",
                organisation: first.organisation, supplierOrgnr: first.supplierOrgnr.description,
                categoryGroup: first.category.group(cpvDigits), total: total,
                message: "\(rows.count) inköp från \(first.supplier) i CPV \(first.category.group(cpvDigits))… under \(fiscalYear) uppgår till \(total.swedish) i hela regionen utan upphandling bakom; direktupphandling tillåten bara om värdet \(limit.condition). Möjlig uppdelning eller otillåten direktupphandling.",
                references: rows.map(\.reference)))
        }

        // (c) A purchase beside an agreement in force for the same kind, from another supplier.
        for p in year {
            let covering = agreementsCovering(p)
            guard !covering.isEmpty, !covering.contains(where: { $0.supplierOrgnr == p.supplierOrgnr }) else { continue }
            findings.append(AuditFinding(
                kind: "outside-agreement", deviationType: "purchase-outside-agreement", organisation: p.organisation,
                supplierOrgnr: p.supplierOrgnr.description, categoryGroup: p.category.group(cpvDigits), total: p.amount,
                message: "Inköp på \(p.amount.swedish) (\(p.reference)) från \(p.supplier) trots gällande avtal \(covering.map(\.id).joined(separator: ", ")) för samma kategori.",
                references: [p.reference]))
        }
        return findings
    }
}
