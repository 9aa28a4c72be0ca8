import DiariumKit
import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
import Foundation
import HTTPTypes
import Hummingbird

/// The procurement staff's page (handläggare): the agreement register and the purchases read in
/// from CSV (all or nothing, a bad row named by line and column), the purchase audit for a year
/// with the drafts it opens, and the region-wide total of a kind of purchase with what is
/// behind it.
extension Site {
    func ledgerPage(_ request: Request, _ visit: WebContext, _ s: StaffSession, extra: [String: Any] = [:],
                    problems: [ValidationError] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let q = FormQuery(request)
        let year = String(diarium.storeToday.year)
        var c: [String: Any] = [
            "title": "Inköp, avtal och granskning", "year": visit.form["ar"] ?? year,
            "totalOrganisations": organisationChoices(s).map { ["code": $0.code, "name": $0.label, "selected": $0.code == q["organisation"]] },
            "totalCategory": q["cpv"] ?? "", "totalYear": q["ar"] ?? year,
        ]
        let found = FormProblems(problems, id: { _ in "inkop-fel" }, labelOfProblem: { Self.ledgerLabel($0.field) })
        c.merge(found.context) { _, new in new }
        // The region-wide total, when asked for.
        if let org = q["organisation"], let cpv = q["cpv"], !cpv.isEmpty {
            do throws(DiariumError) {
                let t = try await diarium.procurementTotal(organisation: org, category: cpv.trimmingCharacters(in: .whitespaces),
                                                           fiscalYear: Int(q["ar"] ?? "") ?? diarium.storeToday.year, as: s.principal)
                var total: [String: Any] = [
                    "amount": t.total.swedish, "group": t.categoryGroup, "year": String(t.fiscalYear), "organisation": t.organisation,
                    "rows": t.contributions.map { k -> [String: Any] in
                        var d: [String: Any] = ["kind": k.kindLabel, "reference": k.reference, "date": k.date.description,
                                                "unit": k.unit + (k.unitProvision.map { " (sekretessmarkerad, \(diarium.provisionReference($0)))" } ?? ""),
                                                "amount": k.amount.swedish + (k.amountProvision.map { " (sekretessmarkerat, \(diarium.provisionReference($0)))" } ?? "")]
                        if DocumentNumber(parsing: k.reference) != nil { d["link"] = "/personal/handling?nr=" + Self.query(k.reference) }
                        return d
                    },
                    "hasRows": !t.contributions.isEmpty,
                ]
                if let limit = t.limit {
                    total["limit"] = ["condition": limit.condition, "validFrom": limit.validFrom.description, "basis": limit.basis, "source": Self.source(limit.source)]
                }
                c["total"] = total
            } catch {
                guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
                c["totalProblems"] = error.problems.map { ["field": Self.ledgerLabel($0.field), "message": Self.sentence($0.message), "rule": $0.rule] }
            }
        }
        c.merge(extra) { _, new in new }
        return page("staff-ledgers.html", c, status: status, visit)
    }

    static func ledgerLabel(_ field: String) -> String {
        // A CSV row is named `file.csv:LINE` with the column after it.
        if field.contains(".csv:") { return "Rad " + (field.split(separator: ":").last.map(String.init) ?? field) }
        return ["category": "CPV-kod", "organisation": "Organisation", "year": "År", "file": "Fil", "fil": "Fil"][field] ?? field
    }

    func postImport(_ request: Request, _ visit: WebContext, _ s: StaffSession, agreements: Bool) async throws -> Response {
        guard let file = visit.form.file("fil"), !file.data.isEmpty else {
            return try await ledgerPage(request, visit, s, problems: [ValidationError(field: "fil", rule: "required", message: "välj en CSV-fil att läsa in")], status: .badRequest)
        }
        let input = InputFile(name: file.fileName, data: file.data)
        let summary: ImportSummary
        do throws(DiariumError) {
            summary = agreements ? try await diarium.importAgreements(input, as: s.principal) : try await diarium.importPurchases(input, as: s.principal)
        } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            return try await ledgerPage(request, visit, s, extra: ["problemsTitle": "Filen lästes inte in; ingenting har sparats"], problems: error.problems, status: .badRequest)
        }
        let what = agreements ? "avtal" : "inköp"
        return try await ledgerPage(request, visit, s, extra: [
            "notice": "Filen \(file.fileName) är inläst: \(summary.inserted) nya \(what), \(summary.updated) ändrade, \(summary.unchanged) oförändrade.",
        ])
    }

    func postAudit(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        guard let year = Int(visit.form["ar"] ?? "") else {
            return try await ledgerPage(request, visit, s, problems: [ValidationError(field: "year", rule: "year.invalid", message: "ska vara ett årtal")], status: .badRequest)
        }
        let r: PurchaseAuditResult
        do throws(DiariumError) {
            r = try await diarium.auditPurchases(ledger: nil, fiscalYear: year, create: visit.form["utkast"] == "ja", as: s.principal)
        } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            return try await ledgerPage(request, visit, s, problems: error.problems, status: .badRequest)
        }
        let findings = r.findings.map { i -> [String: Any] in
            var d: [String: Any] = ["message": Self.sentence(i.finding.message), "organisation": i.finding.organisation, "total": i.finding.total.swedish,
                                    "type": diarium.deviationTypeLabels.first { $0.code == i.finding.deviationType }?.label ?? i.finding.deviationType,
                                    "references": i.finding.rows.map { "\($0.reference) (\($0.date), \($0.amount.swedish))" }.joined(separator: ", "),
                                    "created": i.created]
            if let dev = i.deviation { d["deviation"] = ["number": dev, "link": "/personal/avsteg/visa?nr=" + Self.query(dev)] }
            return d
        }
        return try await ledgerPage(request, visit, s, extra: [
            "audit": ["year": String(r.fiscalYear), "purchases": String(r.purchases), "findings": findings, "hasFindings": !findings.isEmpty,
                      "count": String(findings.count), "created": String(r.findings.filter(\.created).count)],
        ])
    }
}
