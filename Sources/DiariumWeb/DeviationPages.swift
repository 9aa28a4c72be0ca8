import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import HTTPTypes
import Hummingbird

/// The deviations list with the filters of `deviation list`, one deviation with its steps as a
/// timeline, and the steps the policy allows from where it stands (escalate one level at a
/// time, resolve, close; a draft taken up or dismissed). A step carries the state its form was
/// made from: when a colleague moved the deviation first, the page says so and keeps the note.
extension Site {
    /// Rows per page of the staff lists.
    static let listPageSize = 50

    /// The page a list's `sida` asks for: from 1, at most a page no store reaches (so that the
    /// offset cannot overflow); past the last page the list is empty and says so.
    static func pageNumber(_ text: String?) -> Int {
        min(max(1, Int(text ?? "") ?? 1), 1_000_000)
    }

    /// Previous and next links of a staff list, and where this page stands.
    func pageLinks(_ page: Int, total: Int, base: String) -> [String: Any] {
        let pages = max(1, (total + Self.listPageSize - 1) / Self.listPageSize)
        let join = base.hasSuffix("?") ? "" : "&"
        var c: [String: Any] = ["page": String(page), "of": String(pages), "several": pages > 1,
                                "first": String(min(total, (page - 1) * Self.listPageSize + 1)), "last": String(min(total, page * Self.listPageSize))]
        if page > 1 { c["previous"] = base + join + "sida=\(page - 1)" }
        if page < pages { c["next"] = base + join + "sida=\(page + 1)" }
        return c
    }

    static let originLabels = ["report": "Rapport", "audit": "Granskning av inköp", "procurement": "Direktupphandling med fel"]

    func deviationList(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let f = FormQuery(request)
        func value(_ name: String) -> String? { f[name].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) } }
        let overdue = value("forsenade") == "ja"
        var q = DeviationQuery(status: value("status"), type: value("typ"), organisation: value("organisation"), unit: value("enhet"),
                               from: value("fran"), to: value("till"), overdueDays: overdue ? diarium.deviationOverdueDays : nil)
        let pageNumber = Self.pageNumber(value("sida"))
        q.newestFirst = true
        q.limit = Self.listPageSize
        q.offset = (pageNumber - 1) * Self.listPageSize
        var c: [String: Any] = [
            "title": "Avsteg från inköpspolicyn",
            "statuses": diarium.deviationStatusLabels.map { ["code": $0.code, "label": $0.label, "selected": $0.code == q.status] },
            "types": diarium.deviationTypeLabels.map { ["code": $0.code, "label": $0.label, "selected": $0.code == q.type] },
            "organisations": organisationChoices(s).map { ["code": $0.code, "name": $0.label, "selected": $0.code == q.organisation] },
            "unit": q.unit ?? "", "from": q.from ?? "", "to": q.to ?? "", "overdue": overdue, "overdueDays": String(diarium.deviationOverdueDays),
        ]
        do throws(DiariumError) {
            let items = try await diarium.listDeviations(q, as: s.principal)
            let total = try await diarium.countDeviations(q, as: s.principal)
            c["rows"] = items.map { d -> [String: Any] in
                ["document": d.document, "link": "/personal/avsteg/visa?nr=" + Self.query(d.document),
                 "organisation": organisations.first { $0.code == d.organisation }?.name ?? d.organisation,
                 "unit": d.unit, "type": d.typeLabel, "status": d.statusLabel, "level": d.levelLabel ?? "–", "reported": d.reportedOn,
                 "lastStep": d.lastStepOn, "days": String(d.daysSinceLastStep), "overdue": d.overdue,
                 "origin": Self.originLabels[d.origin] ?? d.origin, "draft": d.status == "draft"]
            }
            c["count"] = String(total)
            c["hasRows"] = !items.isEmpty
            c["pages"] = pageLinks(pageNumber, total: total, base: "/personal/avsteg/lista?" + [("status", q.status), ("typ", q.type), ("organisation", q.organisation),
                                                                                                ("enhet", q.unit), ("fran", q.from), ("till", q.to), ("forsenade", overdue ? "ja" : nil)]
                .compactMap { k, v in v.map { k + "=" + Self.query($0) } }.joined(separator: "&"))
            return page("staff-deviations.html", c, visit)
        } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            let ids = ["status": "status", "type": "typ", "organisation": "organisation", "from": "fran", "to": "till"]
            let found = FormProblems(error.problems, id: { ids[$0] ?? "status" }, label: { ["status": "Status", "typ": "Typ", "organisation": "Organisation", "fran": "Från och med", "till": "Till och med"][$0] ?? $0 })
            c.merge(found.context) { _, new in new }
            for id in Set(ids.values) where !found[id].isEmpty { c[id + "Error"] = found[id].map { Self.sentence($0.message) }.joined(separator: " ") }
            c["hasRows"] = false
            c["refused"] = true
            return page("staff-deviations.html", c, status: .badRequest, visit)
        }
    }

    func deviationPage(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        try await renderDeviation(number: CaseNumber.typed(FormQuery(request)["nr"] ?? ""), form: nil, problems: [],
                                  notice: FormQuery(request)["klart"] != nil ? "Steget är registrerat i ärendet." : nil, visit, s)
    }

    func renderDeviation(number: String, form: FormBody?, problems: [ValidationError], notice: String? = nil, status: HTTPResponse.Status = .ok,
                         _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        do throws(DiariumError) {
            guard let d = try await diarium.listDeviations(Self.deviationQuery(number), as: s.principal).first else {
                return message(title: "Avsteget finns inte", text: "Det finns ingen rapport om avsteg med det numret.", status: .notFound, visit)
            }
            let full = try await diarium.view(d.document, audience: .full, as: s.principal)
            let text = try await diarium.show(d.document, audience: .full, format: .text, as: s.principal)
            let notes = try await diarium.deviationNotes(d.document, as: s.principal)
            let levels = diarium.escalationLevelLabels
            let next = levels.firstIndex { $0.code == d.level }.map { $0 + 1 < levels.count ? levels[$0 + 1].code : nil } ?? levels.first?.code
            let stepLabels = ["escalate": "Eskalerat", "resolve": "Åtgärdat", "close": "Avslutat", "take-up": "Taget upp och rapporterat", "dismiss": "Avfärdat"]
            let opened = d.origin == "report" ? "Rapporterat" : "Utkast öppnat (" + (Self.originLabels[d.origin] ?? d.origin) + ")"
            var timeline: [[String: Any]] = [["date": d.reportedOn, "label": opened, "link": "/personal/handling?nr=" + Self.query(d.document), "document": d.document]]
            for step in d.steps {
                let level = step.level.flatMap { code in levels.first { $0.code == code }?.label }
                timeline.append(["date": step.on.description, "label": (stepLabels[step.step] ?? step.step) + (step.step == "escalate" ? " till \(level ?? "")" : ""),
                                 "link": "/personal/handling?nr=" + Self.query(step.document), "document": step.document]
                                .merging([("stepBy", step.by), ("stepNote", notes[step.document])].compactMap { k, v in v.flatMap { $0.isEmpty ? nil : (k, $0 as Any) } }) { a, _ in a })
            }
            let finished = d.status == "closed" || d.status == "dismissed"
            let chosen = form?["steg"] ?? ""
            var steps: [(String, String)] = []
            if d.status == "draft" { steps += [("take-up", "Ta upp utkastet och rapportera avsteget"), ("dismiss", "Avfärda utkastet: det är inget avsteg")] }
            if !finished && d.status != "resolved" {
                steps.append(("escalate", "Eskalera till nästa nivå"))
                steps.append(("resolve", "Avsteget är åtgärdat"))
            }
            if d.status == "resolved" { steps.append(("close", "Avsluta avsteget")) }
            let found = FormProblems(problems, id: { ["to": "niva", "by": "av", "note": "anteckning", "step": "steg", "state": "avsteg-fel", "number": "avsteg-fel"][$0] ?? "avsteg-fel" },
                                     label: { ["niva": "Nivå", "av": "Vem tar steget", "anteckning": "Anteckning", "steg": "Steg", "avsteg-fel": "Avsteget"][$0] ?? $0 })
            func error(_ id: String) -> String? {
                found[id].isEmpty ? nil : found[id].map { Self.sentence($0.message) + " [\($0.rule)]" }.joined(separator: " ")
            }
            var c: [String: Any] = [
                "title": "\(d.typeLabel) – \(d.document)", "document": d.document, "status": d.statusLabel, "level": d.levelLabel ?? "Inte eskalerat",
                "organisation": organisations.first { $0.code == d.organisation }?.name ?? d.organisation, "unit": d.unit, "reported": d.reportedOn, "lastStep": d.lastStepOn, "days": String(d.daysSinceLastStep),
                "overdue": d.overdue, "origin": Self.originLabels[d.origin] ?? d.origin, "draft": d.status == "draft",
                // After a refusal that the deviation moved, the state it is in now: sent again, the
                // step is judged against where it stands.
                "state": problems.contains { $0.rule == "deviation.changed" } ? d.state : form?["state"] ?? d.state,
                "timeline": timeline, "full": full.templateContext, "text": text, "finished": finished,
                "steps": steps.enumerated().map { i, st in ["value": st.0, "label": st.1, "checked": st.0 == chosen || (chosen.isEmpty && i == 0), "id": "steg-" + st.0] },
                "hasSteps": !steps.isEmpty,
                "levels": levels.map { ["code": $0.code, "label": $0.label, "selected": $0.code == (form?["niva"] ?? next)] },
                "formBy": form?["av"] ?? s.account, "formNote": form?["anteckning"] ?? "",
                "caseLink": "/arende?nr=" + Self.query(full.caseNumber),
            ]
            if let p = d.procurement { c["procurement"] = ["number": p, "link": "/personal/handling?nr=" + Self.query(p)] }
            if let notice { c["notice"] = notice }
            for (key, id) in [("levelError", "niva"), ("byError", "av"), ("noteError", "anteckning"), ("stepError", "steg")] {
                if let e = error(id) { c[key] = e }
            }
            c.merge(found.context) { _, new in new }
            return page("staff-deviation.html", c, status: status, visit)
        } catch { return refusal(error, visit) }
    }

    static func deviationQuery(_ number: String) -> DeviationQuery {
        var q = DeviationQuery()
        q.document = number
        return q
    }

    func postDeviationStep(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let form = visit.form
        let number = CaseNumber.typed(form["nr"] ?? "")
        let known: Set<String> = ["csrf", "nr", "state", "steg", "niva", "av", "anteckning"]
        if let odd = form.fields.first(where: { !known.contains($0.name) })?.name {
            return message(title: "Formuläret kunde inte tas emot",
                           text: "Formuläret innehöll ett fält som det inte har (\(String(odd.prefix(80)))). Ingenting har sparats. [form.unknown-field]",
                           status: .badRequest, visit)
        }
        let step: DeviationStep?
        switch form["steg"] {
        case "escalate": step = .escalate(to: form["niva"] ?? "")
        case "resolve": step = .resolve
        case "close": step = .close
        case "take-up": step = .takeUp
        case "dismiss": step = .dismiss
        default: step = nil
        }
        guard let state = form["state"], !state.isEmpty else {
            return try await renderDeviation(number: number, form: form, problems: [ValidationError(field: "state", rule: "required",
                                             message: "formuläret saknar avstegets läge; läs in sidan igen och ta steget därifrån")], status: .badRequest, visit, s)
        }
        guard let step else {
            return try await renderDeviation(number: number, form: form, problems: [ValidationError(field: "step", rule: "required", message: "välj ett steg")],
                                             status: .badRequest, visit, s)
        }
        do throws(DiariumError) {
            _ = try await diarium.deviationStep(number, step, by: form["av"] ?? "", note: form["anteckning"] ?? "", expectedState: state, as: s.principal)
            return redirect("/personal/avsteg/visa?nr=" + Self.query(number) + "&klart=1")
        } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            return try await renderDeviation(number: number, form: form, problems: error.problems,
                                             status: error.problems.contains { $0.rule == "deviation.changed" } ? .conflict : .badRequest, visit, s)
        }
    }
}
