public import DiariumModel

/// Inköpsnämndens uppföljningsrapport: the board's compliance follow-up over a period. Every
/// figure carries the document numbers (or purchase references) behind it. Built from public
/// facts only: a unit marked secret is counted under its marker, and a procurement whose value
/// is secret is left out of the penalty sums (and named as left out), so the report itself holds
/// no secret and needs no marking.
public struct BoardReport: Sendable, Hashable, Codable {
    /// A figure and what it is made of.
    public struct Group: Sendable, Hashable, Codable {
        public let code: String
        public let label: String
        public var documents: [String]
        public var count: Int { documents.count }
    }

    public struct Resolution: Sendable, Hashable, Codable {
        public let document: String
        public let reportedOn: CivilDate
        public let resolvedOn: CivilDate
        public let days: Int
    }

    public struct LateDocumentation: Sendable, Hashable, Codable {
        public let document: String
        public let contractSigned: CivilDate
        public let documentedOn: CivilDate
        public let days: Int
    }

    public struct MissingDocumentation: Sendable, Hashable, Codable {
        public let organisation: String
        public let reference: String
        public let date: CivilDate
        public let amount: Amount
        /// The draft deviation opened for it, if any.
        public let deviation: String?
    }

    public struct Exposure: Sendable, Hashable, Codable {
        /// `procurement` (documented in spite of the limit or an agreement) or `purchases` (an
        /// audit finding of purchases summed over the limit).
        public let source: String
        public let label: String
        public let references: [String]
        public let minimum: Amount
        public let maximum: Amount
        public let row: String
    }

    public let organisation: String
    public let from: CivilDate
    public let to: CivilDate
    public let drawnUp: CivilDate
    public let deviations: [String]
    public let byType: [Group]
    public let byOrganisation: [Group]
    public let byUnit: [Group]
    public let byStatus: [Group]
    public let escalations: [Group]
    public let resolutions: [Resolution]
    public let open: [String]
    public let overdue: [String]
    public let overdueDays: Int
    public let documented: [String]
    public let acceptedFindings: [String]
    public let late: [LateDocumentation]
    public let deadlineDays: Int?
    public let missing: [MissingDocumentation]
    public let exposure: [Exposure]
    public let exposureMinimum: Amount
    public let exposureMaximum: Amount
    /// Procurements left out of the penalty sums because their value is secret.
    public let exposureWithheld: [String]
    /// The legal-data rows the figures rest on.
    public let legalRows: [String]

    /// Days to resolution: median and mean in tenths of a day, and the longest.
    public var resolutionMedianTenths: Int? {
        let d = resolutions.map(\.days).sorted()
        guard !d.isEmpty else { return nil }
        return d.count % 2 == 1 ? d[d.count / 2] * 10 : (d[d.count / 2 - 1] + d[d.count / 2]) * 5
    }

    public var resolutionMeanTenths: Int? {
        resolutions.isEmpty ? nil : (resolutions.map(\.days).reduce(0, +) * 10 + resolutions.count / 2) / resolutions.count
    }
}

/// A registered deviation, as the report counts it.
public struct DeviationFact: Sendable, Hashable {
    public struct Step: Sendable, Hashable {
        public let step: String
        public let level: String?
        public let on: CivilDate
        public let document: String

        public init(step: String, level: String?, on: CivilDate, document: String) {
            self.step = step
            self.level = level
            self.on = on
            self.document = document
        }
    }

    public let document: String
    public let organisation: String
    /// The unit, or its marker when the unit is marked secret.
    public let unit: String
    public let type: String
    public let status: String
    public let reportedOn: CivilDate
    public let steps: [Step]

    public init(document: String, organisation: String, unit: String, type: String, status: String, reportedOn: CivilDate,
                steps: [Step]) {
        self.document = document
        self.organisation = organisation
        self.unit = unit
        self.type = type
        self.status = status
        self.reportedOn = reportedOn
        self.steps = steps
    }
}

/// A registered direct procurement, as the report counts it.
public struct ProcurementFact: Sendable, Hashable {
    public let document: String
    public let contractSigned: CivilDate
    public let documentedOn: CivilDate
    public let allowed: Bool
    public let acceptedFindings: Bool
    public let valueSecret: Bool
    /// The penalty range assessed when it was documented (the regime of the day it started),
    /// when it was documented in spite of the limit or an agreement.
    public let exposure: ProcurementAssessment.Exposure?

    public init(document: String, contractSigned: CivilDate, documentedOn: CivilDate, allowed: Bool, acceptedFindings: Bool,
                valueSecret: Bool, exposure: ProcurementAssessment.Exposure?) {
        self.document = document
        self.contractSigned = contractSigned
        self.documentedOn = documentedOn
        self.allowed = allowed
        self.acceptedFindings = acceptedFindings
        self.valueSecret = valueSecret
        self.exposure = exposure
    }
}

extension BoardReport {
    /// Compiles the report for `from`…`to`. Pure: the caller supplies every registered
    /// deviation and procurement, the audit findings of the imported purchases (with the
    /// deviation opened for each), and the data.
    public static func compile(organisation: String, from: CivilDate, to: CivilDate, today: CivilDate,
                               organisationNames: [String: String], deviations: [DeviationFact], procurements: [ProcurementFact],
                               findings: [(finding: AuditFinding, deviation: String?)], overdueDays: Int,
                               data: DeviationData, legal: ProcurementLegalData) -> BoardReport {
        let period = from...to
        let reported = deviations.filter { period.contains($0.reportedOn) }
        func groups(_ key: (DeviationFact) -> (code: String, label: String)) -> [Group] {
            var out: [Group] = []
            for d in reported {
                let k = key(d)
                if let i = out.firstIndex(where: { $0.code == k.code }) { out[i].documents.append(d.document) } else {
                    out.append(Group(code: k.code, label: k.label, documents: [d.document]))
                }
            }
            return out.sorted { ($1.count, $0.code) < ($0.count, $1.code) }
        }
        let byType = groups { ($0.type, data.type($0.type)?.label ?? $0.type) }
        let byOrganisation = groups { ($0.organisation, organisationNames[$0.organisation] ?? $0.organisation) }
        let byUnit = groups { ($0.organisation + " " + $0.unit, "\(organisationNames[$0.organisation] ?? $0.organisation): \($0.unit)") }
        let byStatus = DeviationData.statuses.map { code, label in
            Group(code: code, label: label, documents: reported.filter { $0.status == code }.map(\.document))
        }

        // Steps are counted in the period they were taken, whenever the deviation was reported.
        var escalations = data.levels.map { Group(code: $0.code, label: $0.label, documents: []) }
        var resolutions: [Resolution] = []
        for d in deviations {
            for s in d.steps where period.contains(s.on) {
                if s.step == "escalate", let level = s.level, let i = escalations.firstIndex(where: { $0.code == level }) {
                    escalations[i].documents.append(s.document)
                }
                if s.step == "resolve" {
                    resolutions.append(Resolution(document: d.document, reportedOn: d.reportedOn, resolvedOn: s.on,
                                                  days: s.on.daysSinceEpoch - d.reportedOn.daysSinceEpoch))
                }
            }
        }
        // Open at the end of the period (or today, if earlier), and overdue then.
        let asOf = min(to, today)
        let open = deviations.filter { d in d.reportedOn <= asOf && !d.steps.contains { ($0.step == "close" || $0.step == "dismiss") && $0.on <= asOf } }
        let overdue = open.filter { d in
            let last = d.steps.filter { $0.on <= asOf }.map(\.on).max() ?? d.reportedOn
            return asOf.daysSinceEpoch - last.daysSinceEpoch > overdueDays
        }

        var rows: [String] = []
        let documentedInPeriod = procurements.filter { period.contains($0.documentedOn) }
        var late: [LateDocumentation] = []
        for p in documentedInPeriod {
            guard let deadline = legal.deadline(on: p.contractSigned) else { continue }
            if !rows.contains(deadline.id) { rows.append(deadline.id) }
            let days = p.documentedOn.daysSinceEpoch - p.contractSigned.daysSinceEpoch
            if days > deadline.days {
                late.append(LateDocumentation(document: p.document, contractSigned: p.contractSigned, documentedOn: p.documentedOn, days: days))
            }
        }
        var missing: [MissingDocumentation] = []
        var exposure: [Exposure] = []
        var withheld: [String] = []
        for p in documentedInPeriod where !p.allowed {
            guard let x = p.exposure else { continue }
            if p.valueSecret { withheld.append(p.document); continue }
            if !rows.contains(x.row) { rows.append(x.row) }
            exposure.append(Exposure(source: "procurement", label: "Direktupphandling dokumenterad trots fel i kontrollen",
                                     references: [p.document], minimum: x.minimum, maximum: x.maximum, row: x.row))
        }
        for (f, deviation) in findings {
            switch f.kind {
            case "undocumented":
                for r in f.rows where period.contains(r.date) {
                    missing.append(MissingDocumentation(organisation: f.organisation, reference: r.reference, date: r.date,
                                                        amount: r.amount, deviation: deviation))
                }
            case "over-limit":
                // In the period when its last purchase is; the penalty regime of the day the
                // purchases began, as for a procurement (`ProcurementRules`, `startedOn`). The
                // imported purchases are the regions' own, under LOU, as in the audit itself.
                guard let last = f.rows.map(\.date).max(), period.contains(last), let first = f.rows.map(\.date).min(),
                      let penalty = legal.penalty(law: "LOU", on: first) else { continue }
                if !rows.contains(penalty.id) { rows.append(penalty.id) }
                let range = penalty.range(for: f.total)
                exposure.append(Exposure(source: "purchases",
                                         label: "\(f.rows.count) inköp hos \(f.supplierOrgnr) i CPV \(f.categoryGroup)… (\(organisationNames[f.organisation] ?? f.organisation))",
                                         references: (deviation.map { [$0] } ?? []) + f.references, minimum: range.low, maximum: range.high, row: penalty.id))
            default:
                continue
            }
        }
        return BoardReport(
            organisation: organisation, from: from, to: to, drawnUp: today, deviations: reported.map(\.document),
            byType: byType, byOrganisation: byOrganisation, byUnit: byUnit, byStatus: byStatus, escalations: escalations,
            resolutions: resolutions, open: open.map(\.document), overdue: overdue.map(\.document), overdueDays: overdueDays,
            documented: documentedInPeriod.map(\.document), acceptedFindings: documentedInPeriod.filter(\.acceptedFindings).map(\.document),
            late: late, deadlineDays: legal.deadline(on: to)?.days, missing: missing, exposure: exposure,
            exposureMinimum: exposure.reduce(.zero) { $0 + $1.minimum }, exposureMaximum: exposure.reduce(.zero) { $0 + $1.maximum },
            exposureWithheld: withheld, legalRows: rows)
    }
}
