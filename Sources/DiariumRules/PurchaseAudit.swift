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

/// A purchase behind a finding, as the audit prints it.
public struct AuditRow: Sendable, Hashable, Codable {
    public let reference: String
    /// The line of the ledger file (for imported purchases: their row id).
    public let line: Int
    public let date: CivilDate
    public let unit: String
    public let supplier: String
    public let amount: Amount

    init(_ p: Purchase) {
        reference = p.reference
        line = p.line
        date = p.date
        unit = p.unit
        supplier = p.supplier
        amount = p.amount
    }
}

/// A deviation nobody reported, found in the purchases, with the rows behind it.
public struct AuditFinding: Sendable, Hashable, Codable {
    /// `undocumented` (a), `over-limit` (b) or `outside-agreement` (c).
    public let kind: String
    /// The deviation type it would open (`direct-procurement-undocumented`, …).
    public let deviationType: String
    public let organisation: String
    public let fiscalYear: Int
    public let supplierOrgnr: String
    public let categoryGroup: String
    public let total: Amount
    public let message: String
    /// The purchases behind it, in ledger order.
    public let rows: [AuditRow]
    public var references: [String] { rows.map(\.reference) }
    /// The kind as staff read it, in every face (the CLI's listing, the web's).
    public var kindLabel: String { Self.kindLabels[kind] ?? kind }
    static let kindLabels = ["undocumented": "Saknar dokumentation", "over-limit": "Når direktupphandlingsgränsen",
                             "outside-agreement": "Utanför avtal"]
    /// Stable across runs: a draft deviation is never opened twice for the same purchase, nor
    /// for the same supplier, kind and year (a split purchase that grows is still one deviation).
    public var key: String {
        kind == "over-limit"
            ? [kind, organisation, String(fiscalYear), supplierOrgnr, categoryGroup].joined(separator: "|")
            : ([kind, organisation] + references).joined(separator: "|")
    }
}

/// Finds deviations in a ledger of purchases (DOMAIN.md §7: what auditors check). Pure: the
/// caller supplies the purchases, the agreements, the documented procurements and the legal
/// data. Linear in the purchases: agreements are looked up by organisation and CPV group.
public enum PurchaseAudit {
    struct Kind: Hashable {
        let organisation: String
        let supplier: String
        let group: String
    }

    public static func run(_ purchases: [Purchase], fiscalYear: Int, fiscalYearOf: (CivilDate) -> Int, cpvDigits: Int,
                           agreements: [Agreement], procurements: [DocumentedProcurement],
                           legal: ProcurementLegalData) -> [AuditFinding] {
        let documented = Set(procurements.lazy.filter { $0.fiscalYear == fiscalYear }.map {
            Kind(organisation: $0.organisation, supplier: $0.supplierOrgnr.digits, group: $0.category.group(cpvDigits))
        })
        func kind(_ p: Purchase) -> Kind {
            Kind(organisation: p.organisation, supplier: p.supplierOrgnr.digits, group: p.category.group(cpvDigits))
        }
        // Agreements of the same group, and broader ones (33100000 covers 33141000), per organisation.
        struct Place: Hashable { let organisation: String; let group: String }
        var sameGroup: [Place: [Agreement]] = [:]
        var broader: [String: [Agreement]] = [:]
        for a in agreements {
            if a.category.significantDigits.count < cpvDigits {
                broader[a.organisation, default: []].append(a)
            } else {
                sameGroup[Place(organisation: a.organisation, group: a.category.group(cpvDigits)), default: []].append(a)
            }
        }
        func agreementsCovering(_ p: Purchase, _ k: Kind) -> [Agreement] {
            let same = sameGroup[Place(organisation: k.organisation, group: k.group)]
            let wide = broader[k.organisation]
            if same == nil, wide == nil { return [] }
            return ((same ?? []) + (wide ?? []).filter { $0.category.covers(p.category, groupDigits: cpvDigits) })
                .filter { $0.validFrom <= p.date && p.date <= $0.validTo }
        }
        var findings: [AuditFinding] = []
        var outside: [AuditFinding] = []
        // The purchases of each kind, as a chain through `next` (no array per kind: a ledger of a
        // million rows has nearly as many kinds), with the running sum.
        struct Tally {
            var first: Int
            var last: Int
            var count: Int
            var total: Amount
            var lastDay: CivilDate
        }
        var groups: [Kind: Tally] = [:]
        var next = [Int](repeating: -1, count: purchases.count)

        for (i, p) in purchases.enumerated() where fiscalYearOf(p.date) == fiscalYear {
            let k = kind(p)
            if var t = groups[k] {
                next[t.last] = i
                t.last = i
                t.count += 1
                t.total = t.total + p.amount
                t.lastDay = max(t.lastDay, p.date)
                groups[k] = t
            } else {
                groups[k] = Tally(first: i, last: i, count: 1, total: p.amount, lastDay: p.date)
            }
            let covering = agreementsCovering(p, k)
            let underAgreement = covering.contains { $0.supplierOrgnr == p.supplierOrgnr }
            // (a) A purchase that needs documentation, with none registered for that supplier and
            // kind. A call-off from an agreement in force with that supplier is no direct procurement.
            if !underAgreement, let duty = legal.duty(law: "LOU", on: p.date), duty.applies(to: p.amount), !documented.contains(k) {
                findings.append(AuditFinding(
                    kind: "undocumented", deviationType: "direct-procurement-undocumented", organisation: p.organisation,
                    fiscalYear: fiscalYear, supplierOrgnr: p.supplierOrgnr.description, categoryGroup: k.group, total: p.amount,
                    message: "Inköp på \(p.amount.swedish) (\(p.reference), \(p.unit)) från \(p.supplier) saknar registrerad dokumentation av direktupphandling; plikt när värdet \(duty.condition).\(duty.caveat("dokumentationsplikten är inte bekräftad") ?? "")",
                    rows: [AuditRow(p)]))
            }
            // (c) A purchase beside an agreement in force for the same kind, from another supplier.
            if !covering.isEmpty, !underAgreement {
                outside.append(AuditFinding(
                    kind: "outside-agreement", deviationType: "purchase-outside-agreement", organisation: p.organisation,
                    fiscalYear: fiscalYear, supplierOrgnr: p.supplierOrgnr.description, categoryGroup: k.group, total: p.amount,
                    message: "Inköp på \(p.amount.swedish) (\(p.reference)) från \(p.supplier) trots gällande avtal \(covering.map(\.id).joined(separator: ", ")) för samma kategori.",
                    rows: [AuditRow(p)]))
            }
        }

        // (b) One supplier, one kind, the whole region and year: summed up to the limit with no
        // procurement and no agreement with that supplier behind it.
        var over: [(Kind, Tally, ThresholdRow)] = []
        for (k, t) in groups where !documented.contains(k) {
            guard let limit = legal.threshold(law: "LOU", contractCategory: "general", on: t.lastDay), !limit.allows(t.total) else { continue }
            let first = purchases[t.first]
            guard agreementsCovering(first, k).allSatisfy({ $0.supplierOrgnr != first.supplierOrgnr }) else { continue }
            over.append((k, t, limit))
        }
        for (k, t, limit) in over.sorted(by: { ($0.0.organisation, $0.0.supplier, $0.0.group) < ($1.0.organisation, $1.0.supplier, $1.0.group) }) {
            let first = purchases[t.first]
            var rows: [AuditRow] = []
            rows.reserveCapacity(t.count)
            var i = t.first
            while i >= 0 { rows.append(AuditRow(purchases[i])); i = next[i] }
            findings.append(AuditFinding(
                kind: "over-limit", deviationType: t.count > 1 ? "split-purchase" : "direct-award-over-limit",
                organisation: k.organisation, fiscalYear: fiscalYear, supplierOrgnr: first.supplierOrgnr.description, categoryGroup: k.group,
                total: t.total,
                message: "\(t.count) inköp från \(first.supplier) i CPV \(k.group)… under \(fiscalYear) uppgår till \(t.total.swedish) i hela regionen utan upphandling bakom; direktupphandling tillåten bara om värdet \(limit.condition). Möjlig uppdelning eller otillåten direktupphandling.\(limit.caveat("beloppet är inte bekräftat") ?? "")",
                rows: rows))
        }
        return findings + outside
    }
}
