import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import HTTPTypes
import Hummingbird

/// The assessment of one document of a request (release, mask per detail, refuse) and the
/// preview of its copies: the bytes a release makes, after the same leak check.
extension Site {
    /// The assessment form's rows for extra masks, at first and per "more rows".
    static let maskRowStep = 2

    func assessPage(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let q = FormQuery(request)
        let number = CaseNumber.typed(q["nr"] ?? ""), document = CaseNumber.typed(q["handling"] ?? "")
        return try await renderAssess(number: number, document: document, form: nil, problems: [], visit, s)
    }

    func renderAssess(number: String, document: String, form: FormBody?, problems: [ValidationError], status: HTTPResponse.Status = .ok,
                      _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        do throws(DiariumError) {
            let d = try await diarium.requestDetail(number, as: s.principal)
            guard let item = d.items.first(where: { $0.document == document }) else {
                return message(title: "Handlingen hör inte till begäran",
                               text: "Lägg till handlingen i begäran \(d.summary.request) först. [request.document-not-added]", status: .notFound, visit)
            }
            let a = item.assessment
            // What the form shows: what was sent, else the recorded assessment, else the proposals.
            func sent(_ name: String) -> String? { form?[name] }
            // As many rows as were sent, at most one per detail the document has.
            let rows = min(max(Self.maskRowStep, Int(sent("rader") ?? "") ?? Self.maskRowStep), max(Self.maskRowStep, item.maskable.count))
            let provisions = diarium.secrecyProvisionLabels
            let found = FormProblems(problems, id: { assessFieldID($0, item: item, form: form) }, label: { Self.assessLabels[$0] ?? $0 })
            func errors(_ id: String) -> String? {
                let e = found[id]
                return e.isEmpty ? nil : e.map { Self.sentence($0.message) + " [\($0.rule)]" }.joined(separator: " ")
            }
            let answers = item.proposals.enumerated().map { (i, p) -> [String: Any] in
                let name = "svar:" + p.field
                let recorded: String? = a.map { a in a.lifted.contains(FieldPath(parsing: p.field) ?? FieldPath(p.field)) ? "lift" : a.masks.contains { $0.field.description == p.field } ? "mask" : "" }
                let value = sent(name) ?? recorded ?? ""
                let id = "svar-\(i)"
                var x: [String: Any] = ["id": id, "name": name, "field": FieldLabels.label(p.field), "reference": p.reference,
                                        "value": Self.shown(item.maskable.first { $0.field == p.field }),
                                        "mask": value == "mask", "lift": value == "lift"]
                if let e = errors(id) { x["error"] = e }
                return x
            }
            let marked = Set(item.proposals.map(\.field))
            let recordedExtra = (a?.masks ?? []).filter { !marked.contains($0.field.description) }
            let sentFields = form?.values("mask.falt"), sentProvisions = form?.values("mask.bestammelse")
            let maskRows = (0..<max(rows, recordedExtra.count)).map { i -> [String: Any] in
                let field = sentFields.map { i < $0.count ? $0[i] : "" } ?? (i < recordedExtra.count ? recordedExtra[i].field.description : "")
                let provision = sentProvisions.map { i < $0.count ? $0[i] : "" } ?? (i < recordedExtra.count ? recordedExtra[i].provision : "")
                let id = "mask-\(i)"
                var x: [String: Any] = [
                    "id": id, "number": String(i + 1),
                    "fields": item.maskable.filter { !marked.contains($0.field) }.map { ["code": $0.field, "label": "\($0.label): \(Self.short(Self.shown($0)))", "selected": $0.field == field] },
                    "provisions": provisions.map { ["code": $0.code, "label": $0.label, "selected": $0.code == provision] },
                ]
                if let e = errors(id) { x["error"] = e }
                return x
            }
            let outcome = sent("utfall") ?? (a?.outcome == .refuse ? "vagra" : a == nil ? "" : "lamna-ut")
            let refuseProvision = sent("vagra.bestammelse") ?? a?.provision ?? item.proposals.first?.provision ?? ""
            let ground = sent("grund") ?? a?.refusalGround?.rawValue ?? "secret"
            var c: [String: Any] = [
                "title": "Pröva \(item.document) i begäran \(d.summary.request)", "request": d.summary.request, "document": item.document,
                "documentTitle": item.title, "type": item.documentTypeLabel,
                // After a refusal that the request changed, the revision it has now: sent again,
                // the assessment is made against the request as it is.
                "revision": problems.contains { $0.rule == "request.changed" } ? String(d.revision) : form?["revision"] ?? String(d.revision),
                "staffLink": "/personal/handling?nr=" + Self.query(item.document),
                "requestLink": "/personal/begaran/arende?nr=" + Self.query(d.summary.request),
                "answers": answers, "hasAnswers": !answers.isEmpty, "maskRows": maskRows, "rows": String(maskRows.count),
                "release": outcome == "lamna-ut", "refuse": outcome == "vagra",
                "refuseProvisions": provisions.map { ["code": $0.code, "label": $0.label, "selected": $0.code == refuseProvision] },
                "grounds": [("secret", "Sekretessen omfattar hela handlingen"), ("meaningless-remainder", "Det som återstår efter maskning saknar mening")].map {
                    ["code": $0.0, "label": $0.1, "selected": $0.0 == ground]
                },
                "reason": sent("motivering") ?? a?.reason ?? "",
                "wholeOrNothing": item.wholeOrNothing, "unreadable": item.wholeOrNothing && !item.readable,
                "checked": (sent("granskad") ?? (a?.checkedManually == true ? "ja" : "")) == "ja",
                "assessedBy": item.assessedBy ?? "",
            ]
            for (key, id) in [("outcomeError", "utfall"), ("reasonError", "motivering"), ("groundError", "grund"), ("refuseError", "vagra-bestammelse"),
                              ("checkedError", "granskad")] {
                if let e = errors(id) { c[key] = e }
            }
            c.merge(found.context) { _, new in new }
            return page("staff-assess.html", c, status: status, visit)
        } catch { return refusal(error, visit) }
    }

    static let assessLabels = [
        "revision": "Begäran",
        "utfall": "Utfall", "motivering": "Motivering", "grund": "Grund för avslag", "vagra-bestammelse": "Bestämmelse för avslag",
        "granskad": "Granskad", "prov-fel": "Prövningen",
    ]

    /// The form's id of a problem the Kit names by its own field.
    func assessFieldID(_ field: String, item: RequestDetail.Item, form: FormBody?) -> String {
        if let i = item.proposals.firstIndex(where: { $0.field == field }) { return "svar-\(i)" }
        switch field {
        case "reason": return "motivering"
        case "ground": return "grund"
        case "refuse": return "vagra-bestammelse"
        case "mask", "lift", "choice": return "utfall"
        case "revision", "request": return "prov-fel"
        default: break
        }
        // mask[i] and lift[i]: the i-th of what the form sent, in the order it was built.
        if field.hasPrefix("mask["), let i = Int(field.dropFirst(5).dropLast()), let form {
            let (_, sources) = assessmentInput(form, item: item)
            if i < sources.masks.count { return sources.masks[i] }
        }
        if field.hasPrefix("lift["), let i = Int(field.dropFirst(5).dropLast()), let form {
            let (_, sources) = assessmentInput(form, item: item)
            if i < sources.lifts.count { return sources.lifts[i] }
        }
        return "prov-fel"
    }

    /// The Kit's assessment from the form, with the form id each mask and lift came from.
    func assessmentInput(_ form: FormBody, item: RequestDetail.Item) -> (AssessmentInput?, sources: (masks: [String], lifts: [String])) {
        var masks: [AssessmentInput.Mask] = [], lifts: [String] = []
        var maskIDs: [String] = [], liftIDs: [String] = []
        for (i, p) in item.proposals.enumerated() {
            switch form["svar:" + p.field] {
            case "mask": masks.append(.init(field: p.field, provision: p.provision)); maskIDs.append("svar-\(i)")
            case "lift": lifts.append(p.field); liftIDs.append("svar-\(i)")
            default: break
            }
        }
        let fields = form.values("mask.falt"), provisions = form.values("mask.bestammelse")
        for (i, field) in fields.enumerated() where !field.isEmpty {
            masks.append(.init(field: field, provision: i < provisions.count ? provisions[i] : ""))
            maskIDs.append("mask-\(i)")
        }
        let reason = form["motivering"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        let checked = form["granskad"] == "ja"
        let choice: AssessmentInput.Choice
        switch form["utfall"] {
        case "vagra":
            let ground = AccessAssessment.RefusalGround(rawValue: form["grund"] ?? "") ?? .secret
            choice = .refuse(provision: form["vagra.bestammelse"] ?? "", ground: ground)
            return (AssessmentInput(choice: choice, lift: [], reason: reason, checkedManually: checked), ([], []))
        case "lamna-ut":
            choice = masks.isEmpty ? .release : .mask(masks)
        default:
            return (nil, (maskIDs, liftIDs))
        }
        return (AssessmentInput(choice: choice, lift: lifts, reason: reason, checkedManually: checked), (maskIDs, liftIDs))
    }

    func postAssess(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let form = visit.form
        let number = CaseNumber.typed(form["nr"] ?? ""), document = CaseNumber.typed(form["handling"] ?? "")
        let known = Set(["csrf", "nr", "handling", "revision", "rader", "utfall", "mask.falt", "mask.bestammelse", "vagra.bestammelse",
                         "grund", "motivering", "granskad", "action"])
        if let odd = form.fields.first(where: { !known.contains($0.name) && !$0.name.hasPrefix("svar:") })?.name {
            return message(title: "Formuläret kunde inte tas emot",
                           text: "Formuläret innehöll ett fält som det inte har (\(String(odd.prefix(80)))). Ingenting har sparats. [form.unknown-field]",
                           status: .badRequest, visit)
        }
        if form["action"] == "fler-rader" {
            var more = form
            more.set("rader", String(min(Int(form["rader"] ?? "") ?? Self.maskRowStep, 10_000) + Self.maskRowStep))
            return try await renderAssess(number: number, document: document, form: more, problems: [], visit, s)
        }
        do throws(DiariumError) {
            let d = try await diarium.requestDetail(number, as: s.principal)
            guard let item = d.items.first(where: { $0.document == document }) else {
                return message(title: "Handlingen hör inte till begäran", text: "Lägg till handlingen i begäran först. [request.document-not-added]", status: .notFound, visit)
            }
            let (chosen, _) = assessmentInput(form, item: item)
            guard let input = chosen else {
                throw .rejected(InputRejected([ValidationError(field: "choice", rule: "required", message: "välj om handlingen lämnas ut (med eller utan maskeringar) eller om utlämnande vägras")]))
            }
            guard let revision = form["revision"].flatMap(Int.init) else {
                throw .rejected(InputRejected([ValidationError(field: "revision", rule: "required", message: "formuläret saknar begärans version; läs in sidan igen och pröva därifrån")]))
            }
            _ = try await diarium.assess(number, document: document, input, expectedRevision: revision, as: s.principal)
            if case .refuse = input.choice {
                return redirect("/personal/begaran/arende?nr=" + Self.query(number) + "&klart=provad")
            }
            return redirect("/personal/begaran/forhandsgranska?nr=" + Self.query(number) + "&handling=" + Self.query(document))
        } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            return try await renderAssess(number: number, document: document, form: form, problems: error.problems,
                                          status: error.problems.contains { $0.rule == "request.changed" } ? .conflict : .badRequest, visit, s)
        }
    }

    /// The copies of one document as a release makes them, each with its bytes' hash: text is
    /// shown on the page, an HTML copy can be opened as it is (sandboxed), any file downloaded.
    func previewPage(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let q = FormQuery(request)
        let number = CaseNumber.typed(q["nr"] ?? ""), document = CaseNumber.typed(q["handling"] ?? "")
        do throws(DiariumError) {
            let copies = try await diarium.previewCopies(number, document: document, as: s.principal)
            // The copy of a readable registered file also masks what the request's other
            // documents keep secret: final only once every document is assessed.
            let final = try await diarium.requestDetail(number, as: s.principal).items.allSatisfy { $0.assessment != nil }
            let files = copies.map { f -> [String: Any] in
                let link = "/personal/begaran/kopia?nr=" + Self.query(number) + "&handling=" + Self.query(document) + "&fil=" + Self.query(f.name)
                var x: [String: Any] = ["name": f.name, "mediaType": f.mediaType, "size": Self.size(f.data.count), "sha256": f.sha256,
                                        "open": link, "download": link + "&ladda-ned=1", "isHTML": f.mediaType == "text/html",
                                        "id": "kopia-" + Self.copyID(f.name)]
                if ["application/xml", "text/plain", "text/html"].contains(f.mediaType) || f.mediaType.hasPrefix("text/") {
                    let text = String(decoding: f.data.prefix(Self.previewLimit), as: UTF8.self)
                    x["text"] = text
                    x["cut"] = f.data.count > Self.previewLimit
                }
                return x
            }
            let c: [String: Any] = [
                "title": "Förhandsgranska kopian av \(document)", "request": number, "document": document, "files": files, "hasFiles": !files.isEmpty,
                "final": final,
                "requestLink": "/personal/begaran/arende?nr=" + Self.query(number),
                "assessLink": "/personal/begaran/prova?nr=" + Self.query(number) + "&handling=" + Self.query(document),
            ]
            return page("staff-preview.html", c, visit)
        } catch { return refusal(error, visit) }
    }

    /// The text of a copy shown on the preview page, at most.
    static let previewLimit = 400_000

    /// One copy's bytes, exactly as released: inline in a sandbox (no script, nothing from
    /// elsewhere), or as a download.
    func copyFile(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let q = FormQuery(request)
        let number = CaseNumber.typed(q["nr"] ?? ""), document = CaseNumber.typed(q["handling"] ?? "")
        do throws(DiariumError) {
            let copies = try await diarium.previewCopies(number, document: document, as: s.principal)
            guard let f = copies.first(where: { $0.name == q["fil"] }) else {
                return message(title: "Kopian finns inte", text: "Handlingen har ingen kopia med det namnet.", status: .notFound, visit)
            }
            let disposition = q["ladda-ned"] == nil ? "inline" : "attachment"
            let type = f.mediaType.contains(";") || !(f.mediaType.hasPrefix("text/") || f.mediaType.hasSuffix("xml")) ? f.mediaType : f.mediaType + "; charset=utf-8"
            var headers: HTTPFields = [.contentType: type, .cacheControl: "no-store", .contentDisposition: Self.disposition(disposition, f.name)]
            headers[.contentSecurityPolicy] = SecurityHeaders<WebContext>.copyPolicy
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: f.data)))
        } catch { return refusal(error, visit) }
    }

    static func size(_ bytes: Int) -> String {
        bytes < 1024 ? "\(bytes) byte" : bytes < 1_048_576 ? "\(bytes / 1024) kB" : String(format: "%.1f MB", Double(bytes) / 1_048_576).replacingOccurrences(of: ".", with: ",")
    }

    /// A detail's value as a person reads it: an amount in kronor (`259 500,50 kr`), else as it is.
    static func shown(_ d: MaskableDetail?) -> String {
        guard let d else { return "" }
        if d.field.hasSuffix("amount") || d.field.hasSuffix("estimatedValue") || d.field.hasSuffix("Value"), let a = Amount(parsing: d.value) { return a.swedish }
        return d.value
    }

    static func short(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.count > 60 ? String(line.prefix(57)) + "…" : line
    }
}
