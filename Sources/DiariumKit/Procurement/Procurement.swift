public import DiariumModel
import DiariumRender
import DiariumText
public import DiariumRules
import DiariumStore
import Foundation

/// The region-wide total of similar purchases, as `procurement total` shows it.
public struct RegionTotal: Sendable, Hashable, Codable {
    public let organisation: String
    public let categoryGroup: String
    public let fiscalYear: Int
    public let total: Amount
    public let contributions: [RegionFacts.Contribution]
    /// The direct-award limit in force today, for comparison.
    public let limit: ThresholdRow?
    /// How the provisions of the contributions' markings are cited (`osl-31-16` → `31 kap. 16 §
    /// OSL`): a marked amount or unit is shown to staff, with the marking said.
    public let markings: [String: String]

    /// Whether the total holds an amount another document marks secret (so it is withheld in
    /// every public view).
    public var includesMarkedAmounts: Bool { contributions.contains { $0.amountProvision != nil } }
}

extension Diarium {
    func checkProcurement(_ data: Data) throws(DiariumError) -> ProcurementAssessment {
        let (p, facts) = try procurementFacts(data)
        return assess(p, facts)
    }

    /// The rules' verdict, with no secret value left in any message.
    func assess(_ p: DirectProcurement, _ facts: RegionFacts) -> ProcurementAssessment {
        let a = ProcurementRules.check(p, facts: facts, legal: procurementLegal, today: today)
        return a.redacting(secretValues(p, a))
    }

    /// Every value marked secret in `p` with its kind and marker (the matcher finds each in
    /// every form a message could print it). A secret estimated value also makes the region
    /// total and the penalty range secret, since either gives it away.
    func secretValues(_ p: DirectProcurement, _ a: ProcurementAssessment) -> [(value: String, kind: SecretMatcher.Kind, marker: String)] {
        var out: [(String, SecretMatcher.Kind, String)] = []
        for v in p.secretSet.values {
            let marker = RegisterView.marker(v.marking.provision, legal: legal)
            out.append((v.value, v.kind, marker))
            // The value of the procurement itself, however it is marked (an equal winning tender too).
            if let amount = Amount(parsing: v.value), amount == p.estimatedValue || amount == p.awardAmount {
                var hidden = [a.regionTotal]
                if let x = a.exposure { hidden.append(x.maximum) }
                for h in hidden { out.append((h.description, .amount, marker)) }
            }
        }
        // Another procurement's secret value in the total: the sums that contain it are withheld.
        if let other = a.facts.contributions.first(where: { $0.amountProvision != nil }), let provision = other.amountProvision {
            let marker = RegisterView.marker(provision, legal: legal)
            for h in [a.regionTotal, a.facts.similarTotal] + a.facts.contributions.filter({ $0.amountProvision != nil }).map(\.amount) {
                out.append((h.description, .amount, marker))
            }
        }
        for c in a.facts.contributions {
            if let provision = c.unitProvision {
                out.append((c.unit, .text, RegisterView.marker(provision, legal: legal)))
            }
        }
        return out
    }

    func procurementFacts(_ data: Data, documentsUpTo: Int64? = nil) throws(DiariumError) -> (DirectProcurement, RegionFacts) {
        // The same input documented before is not counted again when it is checked anew.
        let inputSHA = SHA256Hex.of(data)
        let p: DirectProcurement
        do { p = try DirectProcurement.decode(data) } catch { throw .rejected(error) }
        guard store.config.organisation(p.organisation) != nil else {
            throw .reject("organisation", "organisation.unknown",
                          "finns inte i konfigurationen; välj en av: \(store.config.organisations.map(\.code).joined(separator: ", "))")
        }
        try requireOrganisation(p.organisation)
        let unknown = p.secrecy.enumerated().filter { legal.provision($0.element.provision, on: today) == nil }
        if !unknown.isEmpty {
            let known = legal.provisions.filter { $0.isValid(on: today) }.map(\.id).joined(separator: ", ")
            throw .rejected(InputRejected(unknown.map {
                ValidationError(field: "secrecy[\($0.offset)].provision", rule: "provision.unknown",
                                message: "är ingen sekretessbestämmelse i gällande rättsdata; välj en av: \(known)")
            }))
        }
        let year = store.config.fiscalYear(of: p.contractSigned)
        let rows: RegionRows
        do {
            rows = try store.regionFacts(organisation: p.organisation, category: p.category, fiscalYear: year,
                                         period: p.periodStart...p.periodEnd, documentsUpTo: documentsUpTo, excludingInput: inputSHA)
        } catch { throw .store(error) }
        let facts = RegionFacts(
            categoryGroup: p.category.group(store.config.cpvDigits), fiscalYear: year,
            contributions: rows.contributions.map(Self.contribution),
            agreements: rows.agreements.map { a in
                .init(id: a.id, title: a.title, supplier: a.supplier, validFrom: a.validFrom, validTo: a.validTo)
            })
        return (p, facts)
    }

    static func contribution(_ c: RegionContribution) -> RegionFacts.Contribution {
        .init(kind: c.kind.rawValue, reference: c.reference, unit: c.unit, date: c.date, amount: Amount(ore: c.amountOre),
              amountProvision: c.valueProvision, unitProvision: c.unitProvision)
    }

    func procurementTotal(organisation: String, category: String, fiscalYear: Int) throws(DiariumError) -> RegionTotal {
        var problems: [ValidationError] = []
        if store.config.organisation(organisation) == nil {
            problems.append(ValidationError(field: "organisation", rule: "organisation.unknown",
                                            message: "finns inte i konfigurationen; välj en av: \(store.config.organisations.map(\.code).joined(separator: ", "))"))
        }
        let cpv = CPVCode(parsing: category)
        if cpv == nil {
            problems.append(ValidationError(field: "category", rule: "cpv.invalid", message: "ska vara en CPV-kod med åtta siffror"))
        }
        if !CivilDate.supportedYears.contains(fiscalYear) {
            problems.append(ValidationError(field: "year", rule: "year.invalid", message: "ska vara ett årtal"))
        }
        guard problems.isEmpty, let cpv else { throw .rejected(InputRejected(problems)) }
        try requireOrganisation(organisation)
        let rows: [RegionContribution]
        do {
            rows = try store.regionFacts(organisation: organisation, category: cpv, fiscalYear: fiscalYear, period: nil,
                                         documentsUpTo: nil, excludingInput: nil).contributions
        } catch {
            throw .store(error)
        }
        let contributions = rows.map(Self.contribution)
        let provisions = Set(contributions.flatMap { [$0.amountProvision, $0.unitProvision].compactMap { $0 } })
        return RegionTotal(organisation: organisation, categoryGroup: cpv.group(store.config.cpvDigits), fiscalYear: fiscalYear,
                           total: contributions.reduce(.zero) { $0 + $1.amount }, contributions: contributions,
                           limit: procurementLegal.threshold(law: "LOU", contractCategory: "general", on: today),
                           markings: Dictionary(uniqueKeysWithValues: provisions.map { ($0, legal.reference($0)) }))
    }

    func importAgreements(_ file: InputFile) throws(DiariumError) -> ImportSummary {
        let name = file.name
        let table: CSVTable
        do { table = try CSVTable(file.data, name: name, header: LedgerFile.agreementHeader) } catch { throw .rejected(error) }
        let organisations = Set(store.config.organisations.map(\.code))
        let agreements: [Agreement]
        do { agreements = try LedgerFile.agreements(table, name: name, organisations: organisations) } catch { throw .rejected(error) }
        try requireOrganisations(agreements.map { ($0.line, $0.organisation) }, in: name)
        do { return try store.importAgreements(agreements, file: name, actor: actor) } catch { throw .store(error) }
    }

    func importPurchases(_ file: InputFile) throws(DiariumError) -> ImportSummary {
        try ensureWritable()
        let name = file.name
        let data = file.data
        let organisations = Set(store.config.organisations.map(\.code))
        let purchases: [Purchase]
        do { purchases = try LedgerFile.purchases(data, name: name, organisations: organisations) } catch { throw .rejected(error) }
        try requireOrganisations(purchases.map { ($0.line, $0.organisation) }, in: name)
        // The file is archived before its rows commit, so every row can be read again from it.
        let sha: String
        do { sha = try store.objects.put(data, durability: .immediate) } catch { throw .store(error) }
        do { return try store.importPurchases(purchases, file: name, sha256: sha, actor: actor) } catch {
            switch error {
            case .conflict(let line, _):
                throw .reject("\(name):\(line): reference", "purchase.conflict",
                              "referensen är redan inläst med andra värden; inget ur filen lästes in")
            case .store(let e): throw .store(e)
            }
        }
    }

    /// Refuses a ledger with rows of an organisation the principal does not act for, naming the
    /// first such line: all or nothing, as every other refusal of the file.
    func requireOrganisations(_ rows: [(line: Int, organisation: String)], in name: String) throws(DiariumError) {
        guard let foreign = rows.first(where: { !actsFor($0.organisation) }) else { return }
        throw .denied(rule: "access.organisation",
                      message: "\(name):\(foreign.line): raden gäller organisationen \(foreign.organisation), som du inte företräder; inget ur filen lästes in")
    }
}
