public import DiariumModel
public import DiariumText
import Foundation

/// What the store knows about the rest of the region when a procurement is checked.
public struct RegionFacts: Sendable, Hashable, Codable {
    /// A purchase or registered direct procurement that counts toward the region-wide total.
    public struct Contribution: Sendable, Hashable, Codable {
        /// `purchase` (imported invoice or order) or `procurement` (a registered documentation).
        public let kind: String
        /// The kind as staff read it: "inköp" or "direktupphandling".
        public var kindLabel: String { kind == "purchase" ? "inköp" : "direktupphandling" }
        /// The invoice reference or the document number.
        public let reference: String
        public let unit: String
        public let date: CivilDate
        public let amount: Amount
        /// The provision under which another document marked this value (or unit) secret:
        /// public views of this one must withhold it too.
        public let amountProvision: String?
        public let unitProvision: String?

        public init(kind: String, reference: String, unit: String, date: CivilDate, amount: Amount,
                    amountProvision: String? = nil, unitProvision: String? = nil) {
            self.kind = kind
            self.reference = reference
            self.unit = unit
            self.date = date
            self.amount = amount
            self.amountProvision = amountProvision
            self.unitProvision = unitProvision
        }
    }

    /// An agreement (avtal) in force for the same organisation and category during the period.
    public struct ActiveAgreement: Sendable, Hashable, Codable {
        public let id: String
        public let title: String
        public let supplier: String
        public let validFrom: CivilDate
        public let validTo: CivilDate

        public init(id: String, title: String, supplier: String, validFrom: CivilDate, validTo: CivilDate) {
            self.id = id
            self.title = title
            self.supplier = supplier
            self.validFrom = validFrom
            self.validTo = validTo
        }
    }

    /// The CPV prefix that counts as "the same kind" (e.g. `3314`).
    public let categoryGroup: String
    public let fiscalYear: Int
    public let contributions: [Contribution]
    public let agreements: [ActiveAgreement]

    public init(categoryGroup: String, fiscalYear: Int, contributions: [Contribution], agreements: [ActiveAgreement]) {
        self.categoryGroup = categoryGroup
        self.fiscalYear = fiscalYear
        self.contributions = contributions
        self.agreements = agreements
    }

    public var similarTotal: Amount { contributions.reduce(.zero) { $0 + $1.amount } }
}

/// The outcome of checking a direct procurement.
public struct ProcurementAssessment: Sendable, Hashable, Codable {
    /// Direct award allowed and the documentation complete: no finding is an error.
    public let allowed: Bool
    public let documentationRequired: Bool
    /// The procurement's value plus the region-wide total of similar purchases.
    public let regionTotal: Amount
    public let limit: ThresholdRow?
    public let facts: RegionFacts
    /// The upphandlingsskadeavgift range when direct award is not allowed.
    public let exposure: Exposure?
    public let findings: [Finding]
    /// Ids of the rows of legal data the check applied.
    public let legalRows: [String]

    public struct Exposure: Sendable, Hashable, Codable {
        public let minimum: Amount
        public let maximum: Amount
        public let row: String
        public let reference: String

        public init(minimum: Amount, maximum: Amount, row: String, reference: String) {
            self.minimum = minimum
            self.maximum = maximum
            self.row = row
            self.reference = reference
        }
    }
}

/// The policy's and the law's checks of a direct procurement: pure functions over the input,
/// the facts the store supplies and the legal data. Every number comes from a dated row.
public enum ProcurementRules {
    public static func check(_ p: DirectProcurement, facts: RegionFacts, legal: ProcurementLegalData,
                             today: CivilDate) -> ProcurementAssessment {
        var findings: [Finding] = []
        var rows: [String] = []
        func add(_ rule: String, _ severity: Finding.Severity, _ field: String, _ message: String, _ source: String? = nil) {
            findings.append(Finding(rule: rule, severity: severity, field: field, message: message,
                                    source: source ?? legal.source(ofRule: rule)))
        }
        // The law takes the day the procurement started, when its value is estimated (5 kap. 5 §
        // LOU; every amendment keeps the older rules for procurements started before it), not
        // the contract date: the limit, the duty and the penalty are all chosen by it.
        let started = p.startedOn
        // The value is what will be paid: the estimate, or the awarded amount if that is higher.
        let value = max(p.estimatedValue, p.awardAmount)
        let total = value + facts.similarTotal

        if p.documentedOn > today {
            add("date.in-future", .error, "documentedOn", "ligger efter dagens datum")
        }
        if let stated = p.statedStart, stated > today {
            add("date.in-future", .error, "startedOn", "ligger efter dagens datum")
        }

        // Documentation duty: the row of this law for the day it started, which may say there was none.
        var required = false
        if let duty = legal.duty(law: p.law, on: started) {
            rows.append(duty.id)
            required = duty.applies(to: value)
            let caveat = duty.caveat("dokumentationsplikten är inte bekräftad") ?? ""
            if !duty.hasDuty {
                add("documentation.not-required", .info, "startedOn",
                    "Ingen dokumentationsplikt: upphandlingen påbörjades \(started), när \(p.law) inte krävde dokumentation (\(duty.reference)).\(caveat)",
                    duty.source)
            } else {
                add(required ? "documentation.required" : "documentation.not-required", .info, "estimatedValue",
                    (required ? "Dokumentationsplikt gäller: värdet \(value.swedish) \(duty.condition) (\(duty.reference))."
                        : "Ingen dokumentationsplikt: värdet \(value.swedish) når inte gränsen (plikt när värdet \(duty.condition), \(duty.reference)).") + caveat,
                    duty.source)
            }
        } else {
            add("documentation.unknown-for-date", .error, "startedOn",
                "Rättsdata anger inte dokumentationsplikten enligt \(p.law) för en upphandling påbörjad \(started).")
        }

        // The ground, and the value limit for a below-threshold award.
        var limit: ThresholdRow?
        if let ground = legal.ground(p.ground, law: p.law) {
            let groundCaveat = ground.caveat("lagrummet är inte bekräftat") ?? ""
            if ground.usesValueLimit {
                if let row = legal.threshold(law: p.law, contractCategory: p.contractCategory, on: started) {
                    limit = row
                    rows.append(row.id)
                    let breakdown = "värdet \(value.swedish) + \(facts.contributions.count) liknande inköp i regionen under \(facts.fiscalYear) (CPV \(facts.categoryGroup)…) på \(facts.similarTotal.swedish) = \(total.swedish)"
                    let caveat = row.caveat("beloppet är inte bekräftat") ?? ""
                    if row.allows(total) {
                        add("limit.below", .info, "estimatedValue",
                            "Direktupphandling tillåten enligt värdet: \(breakdown), vilket \(row.condition) (\(p.law), gränsen från \(row.validFrom) för upphandlingar påbörjade \(started)).\(caveat)", row.source)
                    } else {
                        add("limit.exceeded", .error, "estimatedValue",
                            "Direktupphandling är inte tillåten: \(breakdown). Gränsen är att värdet \(row.condition) (\(p.law), från \(row.validFrom), för upphandlingar påbörjade \(started)). Upphandla enligt lagens förfaranden eller använd ett befintligt avtal.\(caveat)",
                            row.source)
                    }
                } else {
                    add("limit.unknown-for-date", .error, "startedOn",
                        "Ingen direktupphandlingsgräns för \(p.law) (\(p.contractCategory)) finns i rättsdata för en upphandling påbörjad \(started).")
                }
            } else if ground.needsJustification, p.groundJustification == nil {
                add("ground.justification-missing", .error, "groundJustification",
                    "Grunden \"\(ground.label)\" kräver en motivering (\(ground.reference)).\(groundCaveat)", ground.source)
            } else {
                add("ground.other", .info, "ground",
                    "Grunden \"\(ground.label)\" (\(ground.reference)) prövas inte mot värdegränsen; motiveringen dokumenteras.\(groundCaveat)", ground.source)
            }
        } else {
            add("ground.unknown", .error, "ground",
                "är ingen känd grund enligt \(p.law); välj en av: \(legal.groundCodes(law: p.law).joined(separator: ", "))")
        }

        // An agreement that already covers the need.
        for a in facts.agreements {
            if p.agreementJustification == nil {
                add("agreement.exists", .error, "agreementCheck.justification",
                    "Avtalet \(a.id) \"\(a.title)\" med \(a.supplier) gäller \(a.validFrom)–\(a.validTo) för samma kategori och organisation. Direktupphandling är inte tillåten om inte agreementCheck.justification förklarar varför avtalet inte täcker behovet.")
            } else {
                add("agreement.exists-justified", .warning, "agreementCheck.justification",
                    "Avtalet \(a.id) \"\(a.title)\" med \(a.supplier) gäller för samma kategori; motiveringen till att det inte täcker behovet dokumenteras.")
            }
        }
        if p.agreementCheckedOn == nil {
            add("agreement.check-missing", .warning, "agreementCheck.checkedOn", "Det framgår inte när avtalsdatabasen kontrollerades.")
        }

        // Warnings of good practice.
        let day = p.contractSigned
        if let min = legal.policy("min-suppliers-invited", on: day), p.competitionMethod != .advertised {
            rows.append(min.id)
            if p.suppliersInvited.count < min.value, p.competitionJustification == nil {
                add("competition.few-suppliers", .warning, "competition.justification",
                    "Färre än \(min.value) leverantörer tillfrågades (\(p.suppliersInvited.count)) och skälet anges inte."
                        + (min.verified ? "" : " Obs: regionernas egen instruktion om antalet är inte bekräftad (rättsdata \(min.id))."),
                    min.source)
            }
        }
        if let deadline = legal.deadline(on: day) {
            rows.append(deadline.id)
            let late = p.documentedOn.daysSinceEpoch - day.daysSinceEpoch
            if late > deadline.days {
                add("documentation.late", .warning, "documentedOn",
                    "Dokumenterad \(late) dagar efter att avtalet tecknades; dokumentationen bör vara klar inom \(deadline.days) dagar (\(deadline.reference)).",
                    deadline.source)
            }
        }
        if !p.taxesAndFeesChecked || !p.exclusionGroundsChecked || p.supplierChecksOn == nil {
            add("supplier-checks.missing", .warning, "supplierChecks",
                "Kontrollen av leverantören (skatter och avgifter, uteslutningsgrunder, datum) är inte fullständigt dokumenterad.")
        }
        if !p.conflictOfInterestDeclared {
            add("conflict-of-interest.missing", .warning, "conflictOfInterest.declared", "Ingen jävsdeklaration är dokumenterad.")
        }
        if p.awardAmount > p.estimatedValue {
            add("award.exceeds-estimate", .warning, "award.amount",
                "Det antagna beloppet är högre än det uppskattade värdet; gränsen och dokumentationsplikten prövas mot det antagna beloppet.")
        }

        let allowed = !findings.contains { $0.severity == .error }
        var exposure: ProcurementAssessment.Exposure?
        // Only an unlawful direct award (over the limit, resting on no other ground) can carry
        // upphandlingsskadeavgift (KKV ställningstagande 2025:1). A purchase under the limit
        // beside an agreement breaks the policy, not the law: a deviation, no penalty.
        if findings.contains(where: { $0.rule == "limit.exceeded" }), let penalty = legal.penalty(law: p.law, on: started) {
            // The regime of the day the procurement started, on this procurement's own value.
            rows.append(penalty.id)
            let range = penalty.range(for: value)
            exposure = .init(minimum: range.low, maximum: range.high, row: penalty.id, reference: penalty.reference)
            add("penalty.exposure", .info, "estimatedValue",
                "Vid otillåten direktupphandling kan upphandlingsskadeavgift tas ut: \(range.low.swedish)–\(range.high.swedish) (lägst \(penalty.minimum.swedish), högst \(penalty.maxSharePercent) % av värdet och \(penalty.maximum.swedish); beslutas av \(penalty.decidedBy), \(penalty.reference)).\(penalty.caveat("avgiftens belopp och lagrum är inte bekräftade") ?? "")",
                penalty.source)
        }
        return ProcurementAssessment(allowed: allowed, documentationRequired: required, regionTotal: total, limit: limit,
                                     facts: facts, exposure: exposure, findings: findings, legalRows: rows)
    }
}

extension ProcurementAssessment {
    /// The same assessment with every secret value in a finding's message, however the message
    /// writes it (`SecretMatcher`: `259 500,50 kr` for `259500.50`), replaced by its marker:
    /// messages reach terminals, error output and the public documentation.
    public func redacting(_ secrets: [(value: String, kind: SecretMatcher.Kind, marker: String)]) -> ProcurementAssessment {
        let matcher = SecretMatcher(secrets.enumerated().map { .init(value: $0.element.value, kind: $0.element.kind, tag: $0.offset) })
        func clean(_ text: String) -> String { matcher.masking(text) { secrets[$0].marker } }
        return ProcurementAssessment(
            allowed: allowed, documentationRequired: documentationRequired, regionTotal: regionTotal, limit: limit, facts: facts,
            exposure: exposure, findings: findings.map { Finding(rule: $0.rule, severity: $0.severity, field: $0.field, message: clean($0.message), source: $0.source) },
            legalRows: legalRows)
    }
}
