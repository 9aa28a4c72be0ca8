import DiariumKit
import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
import Foundation
import Hummingbird

/// The handler's procurement form, any employee's deviation report, and their shared flow:
/// rows added and removed, drafts saved and resumed, the input sent to the Kit once per form.
extension Site {
    /// What one staff form page shows.
    struct FormPage {
        var title: String
        var intro: String
        var action: String
        var spec: FormSpec
        var form: FormBody
        var problems: [ValidationError] = []
        var rowMap: [String: [Int]] = [:]
        var notice: String?
        var check: [String: Any]?
        var buttons: [(value: String, label: String)]
        var defaultButton: String
        var fresh = false
        var multipart = false
        /// The upload's file field, with this hint.
        var fileHint: String?
        var extra: [String: Any] = [:]
    }

    func render(_ p: FormPage, status: HTTPResponse.Status = .ok, _ visit: WebContext) -> Response {
        let found = FormProblems(p.problems, id: { $0 == "file" || $0 == "fil" ? "fil" : p.spec.fieldID($0, rowMap: p.rowMap) },
                                 label: { $0 == "fil" ? "Fil" : p.spec.label($0) })
        var c: [String: Any] = [
            "title": p.title, "intro": p.intro, "formAction": p.action,
            "items": p.spec.context(p.form, problems: found, fresh: p.fresh),
            "buttons": p.buttons.map { ["value": $0.value, "label": $0.label] },
            "defaultButton": p.defaultButton,
            "formToken": p.form["formToken"] ?? diarium.newFormToken(),
            "draft": p.form["utkast"] ?? "",
            "multipart": p.multipart,
        ]
        c.merge(found.context) { _, new in new }
        if let n = p.notice { c["notice"] = n }
        if let hint = p.fileHint { c["file"] = FormField(id: "fil", label: "Fil", hint: hint, errors: found["fil"], type: "file").context }
        if let check = p.check { c["check"] = check }
        c.merge(p.extra) { _, new in new }
        return page("staff-form.html", c, status: status, visit)
    }

    /// The form as it was saved in a draft (`?utkast=ID`), or empty.
    func draftForm(_ request: Request, _ s: StaffSession, form kind: String) async throws(DiariumError) -> FormBody {
        guard let id = FormQuery(request)["utkast"].flatMap(Int64.init), let d = try await diarium.draft(id: id, form: kind, as: s.principal) else {
            return FormBody()
        }
        var fields: [(name: String, value: String)] = [("utkast", String(d.id))]
        for (name, values) in d.fields.sorted(by: { $0.key < $1.key }) { for v in values { fields.append((name, v)) } }
        return FormBody(fields: fields)
    }

    /// A name the form does not have: refused, nothing done.
    func unknownField(_ spec: FormSpec, _ form: FormBody, _ visit: WebContext) -> Response? {
        guard let name = form.fields.first(where: { !spec.knows($0.name) })?.name else { return nil }
        return message(title: "Formuläret kunde inte tas emot",
                       text: "Formuläret innehöll ett fält som det inte har (\(String(name.prefix(80)))). Ingenting har sparats. [form.unknown-field]",
                       status: .badRequest, visit)
    }

    /// Saves the form as a draft of `kind`; the page again, with the draft's id.
    func saveDraft(_ p: FormPage, kind: String, title: String, _ s: StaffSession, _ visit: WebContext) async throws -> Response {
        var fields = p.form.all
        for c in ["csrf", "formToken", "action", "utkast"] { fields[c] = nil }
        do throws(DiariumError) {
            let id = try await diarium.saveDraft(id: p.form["utkast"].flatMap(Int64.init), form: kind, title: title, fields: fields, as: s.principal)
            var page = p
            page.form = FormBody(fields: p.form.fields.filter { $0.name != "utkast" } + [("utkast", String(id))])
            page.notice = "Utkastet är sparat. Du hittar det under Mina sidor."
            return render(page, visit)
        } catch { return refusal(error, visit) }
    }

    static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    }

    /// Sends the form once (its one-time token), then opens the registered record.
    func submit(_ p: FormPage, _ s: StaffSession, _ visit: WebContext,
                _ body: @escaping @Sendable () throws(DiariumError) -> String) async throws -> Response {
        do throws(DiariumError) {
            switch try await diarium.submitOnce(formToken: p.form["formToken"] ?? "", as: s.principal, body) {
            case .submitted(let number):
                if let id = p.form["utkast"].flatMap(Int64.init) { try? await diarium.deleteDraft(id: id, as: s.principal) }
                return redirect("/personal/handling?nr=" + Self.query(number) + "&registrerad=1")
            case .alreadySubmitted(let number):
                return redirect("/personal/handling?nr=" + Self.query(number))
            case .inProgress:
                return message(title: "Formuläret skickas redan", text: "Vänta en stund och titta under Mina sidor; skicka det inte igen.", status: .conflict, visit)
            }
        } catch {
            guard error.isUserError, !error.problems.isEmpty, case .rejected = error else { return refusal(error, visit) }
            var page = p
            page.problems = error.problems
            return render(page, status: .badRequest, visit)
        }
    }

    // MARK: Deviation

    func deviationPage(_ s: StaffSession, _ form: FormBody, fresh: Bool) -> FormPage {
        FormPage(title: "Rapportera avsteg från inköpspolicyn",
                 intro: "Alla anställda ska rapportera avsteg från inköpspolicyn. Rapporten registreras i diariet och följs upp av linjen och Inköpsnämnden.",
                 action: "/personal/avsteg", spec: deviationSpec(s, rows: form), form: form,
                 buttons: [("rapportera", "Rapportera avsteget"), ("spara", "Spara utkast")], defaultButton: "rapportera", fresh: fresh)
    }

    func deviationForm(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        do throws(DiariumError) {
            var form = try await draftForm(request, s, form: "deviation")
            if form.fields.isEmpty { form = FormBody(fields: [("reportedOn", diarium.storeToday.description)]) }
            return render(deviationPage(s, form, fresh: true), visit)
        } catch { return refusal(error, visit) }
    }

    func postDeviation(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let step = try await formStep(visit, s, draft: ("deviation", visit.form["description"] ?? "Avsteg")) { self.deviationPage(s, $0, fresh: false) }
        let (p, data): (FormPage, Data)
        switch step {
        case .done(let response): return response
        case .send(let page, let input): (p, data) = (page, input)
        }
        let diarium = self.diarium, principal = s.principal
        return try await submit(p, s, visit) { () throws(DiariumError) in try diarium.reportDeviation(data, as: principal).document }
    }

    /// Where a staff form's POST goes: refused (a field the form does not have), shown again
    /// (a row added or removed, a draft saved), or on to be sent with the input it makes.
    enum FormStep {
        case done(Response)
        case send(FormPage, Data)
    }

    func formStep(_ visit: WebContext, _ s: StaffSession, draft: (kind: String, title: String),
                  page: (FormBody) -> FormPage) async throws -> FormStep {
        var p = page(visit.form)
        if let refused = unknownField(p.spec, visit.form, visit) { return .done(refused) }
        guard visit.form.files.isEmpty else {
            return .done(message(title: "Formuläret kunde inte tas emot", text: "Formuläret innehöll en fil som det inte har. Ingenting har sparats. [form.unknown-field]",
                                 status: .badRequest, visit))
        }
        let action = visit.form["action"] ?? p.defaultButton
        if action.hasPrefix("add:") || action.hasPrefix("remove:") { return .done(render(page(p.spec.applying(action, to: visit.form)), visit)) }
        if action == "spara" { return .done(try await saveDraft(p, kind: draft.kind, title: draft.title, s, visit)) }
        let (input, rowMap) = p.spec.input(from: visit.form)
        p.rowMap = rowMap
        return .send(p, Self.json(input))
    }

    // MARK: Direct procurement

    func procurementPage(_ s: StaffSession, _ form: FormBody, fresh: Bool) -> FormPage {
        FormPage(title: "Dokumentera direktupphandling",
                 intro: "Fyll i direktupphandlingen och välj Kontrollera: du ser regionens samlade värde för samma slag av inköp, avtal som redan finns och gränsen som gäller. Dokumentera registrerar den i diariet.",
                 action: "/personal/direktupphandling", spec: procurementSpec(s, rows: form), form: form,
                 buttons: [("kontrollera", "Kontrollera"), ("dokumentera", "Dokumentera"), ("spara", "Spara utkast")],
                 defaultButton: "kontrollera", fresh: fresh)
    }

    func procurementForm(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        do throws(DiariumError) {
            var form = try await draftForm(request, s, form: "procurement")
            if form.fields.isEmpty {
                form = FormBody(fields: [("documentedOn", diarium.storeToday.description), ("ground", "below-threshold"), ("competition.method", "invited")]
                                + (organisationChoices(s).count == 1 ? [("organisation", organisationChoices(s)[0].code)] : []))
            }
            return render(procurementPage(s, form, fresh: true), visit)
        } catch { return refusal(error, visit) }
    }

    func postProcurement(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let step = try await formStep(visit, s, draft: ("procurement", visit.form["subject"] ?? "Direktupphandling")) { self.procurementPage(s, $0, fresh: false) }
        var p: FormPage
        let data: Data
        switch step {
        case .done(let response): return response
        case .send(let page, let input): (p, data) = (page, input)
        }
        let action = visit.form["action"] ?? p.defaultButton
        // The check comes first, for Kontrollera and for Dokumentera alike: a refusal shows the
        // check beside the fields.
        let assessment: ProcurementAssessment
        do throws(DiariumError) { assessment = try await diarium.checkProcurement(data, as: s.principal) } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            p.problems = error.problems
            return render(p, status: .badRequest, visit)
        }
        p.check = checkContext(assessment, spec: p.spec, rowMap: p.rowMap)
        let accept = visit.form["accept"] != nil
        if action == "kontrollera" || (!assessment.allowed && !accept) {
            if !assessment.allowed {
                p.problems = assessment.findings.filter { $0.severity == .error }.map { ValidationError(field: $0.field, rule: $0.rule, message: $0.message) }
            }
            p.extra["offerAccept"] = !assessment.allowed
            return render(p, status: action == "kontrollera" || assessment.allowed ? .ok : .badRequest, visit)
        }
        let diarium = self.diarium, principal = s.principal
        return try await submit(p, s, visit) { () throws(DiariumError) in
            try diarium.documentProcurement(data, acceptFindings: accept, as: principal).document
        }
    }

    /// The check as a person reads it: the verdict, the region-wide total and what is behind it,
    /// the agreements, the limit in force with its source, and the findings by field.
    func checkContext(_ a: ProcurementAssessment, spec: FormSpec, rowMap: [String: [Int]]) -> [String: Any] {
        var c: [String: Any] = [
            "allowed": a.allowed, "documentationRequired": a.documentationRequired,
            "regionTotal": a.regionTotal.swedish, "fiscalYear": String(a.facts.fiscalYear), "categoryGroup": a.facts.categoryGroup,
            "contributions": a.facts.contributions.map { k -> [String: Any] in
                // Staff see the values; a marked one says so, as it is withheld from the public.
                var d: [String: Any] = ["kind": k.kindLabel, "reference": k.reference, "date": k.date.description,
                                        "unit": k.unit + (k.unitProvision.map { " (sekretessmarkerad, \(diarium.provisionReference($0)))" } ?? ""),
                                        "amount": k.amount.swedish + (k.amountProvision.map { " (sekretessmarkerat, \(diarium.provisionReference($0)))" } ?? "")]
                if DocumentNumber(parsing: k.reference) != nil { d["link"] = "/personal/handling?nr=" + Self.query(k.reference) }
                return d
            },
            "hasContributions": !a.facts.contributions.isEmpty,
            "agreements": a.facts.agreements.map { ["id": $0.id, "title": $0.title, "supplier": $0.supplier, "from": $0.validFrom.description, "to": $0.validTo.description] },
            "hasAgreements": !a.facts.agreements.isEmpty,
            "findings": a.findings.map { f -> [String: Any] in
                let id = spec.fieldID(f.field, rowMap: rowMap)
                var d: [String: Any] = ["severity": ["error": "Hinder", "warning": "Varning", "info": "I ordning"][f.severity.rawValue] ?? f.severity.rawValue,
                                        "isError": f.severity == .error, "field": spec.label(id), "fieldID": id, "message": Self.sentence(f.message)]
                if let source = f.source { d["source"] = Self.source(source) }
                return d
            },
            "hasFindings": !a.findings.isEmpty,
        ]
        if let limit = a.limit {
            c["limit"] = ["condition": limit.condition, "validFrom": limit.validFrom.description, "basis": limit.basis, "source": Self.source(limit.source)]
        }
        if let e = a.exposure { c["exposure"] = ["minimum": e.minimum.swedish, "maximum": e.maximum.swedish, "reference": e.reference] }
        return c
    }

    static func source(_ text: String) -> [[String: Any]] { SourceLinks.parts(text) }
}
