import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import HTTPTypes
import Hummingbird

/// The request staff's pages (utlämnare): the queue, one request with its documents, the
/// assessment of a document, the preview of its copies, the release as one ZIP, the decision,
/// and handing a request to a colleague. Every change carries the request's revision: when a
/// colleague got there first the page is shown again with what was typed and what changed.
extension Site {
    func requestQueue(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let q = FormQuery(request)
        let view = q["visa"] ?? "oppna"
        do throws(DiariumError) {
            let pageNumber = Self.pageNumber(q["sida"])
            let kind: RequestQueueView = view == "forsenade" ? .overdue : view == "alla" ? .all : .open
            let queue = try await diarium.requestQueue(kind, limit: Self.listPageSize, offset: (pageNumber - 1) * Self.listPageSize, as: s.principal)
            let shown = queue.items
            let rows = shown.map { r -> [String: Any] in
                ["request": r.request, "link": "/personal/begaran/arende?nr=" + Self.query(r.request), "organisation": r.organisation,
                 "received": Timestamp.swedishLocal(r.receivedAt), "age": String(r.ageWorkingDays), "target": r.target.description,
                 "flagAfter": r.flagAfter.description, "overdue": r.overdue, "status": r.status.swedishLabel,
                 "documents": "\(r.assessed) av \(r.documents)", "channel": AccessChannel(rawValue: r.channel)?.swedishLabel ?? r.channel,
                 "web": r.channel == AccessChannel.web.rawValue, "handler": r.handler ?? "Registraturen"]
            }
            let c: [String: Any] = [
                "title": "Begäranden om allmän handling", "rows": rows, "hasRows": !rows.isEmpty,
                "orderNote": kind == .all ? "Nyast först." : "Äldst först, så att de försenade står överst.",
                "overdueCount": String(queue.overdue), "count": String(queue.total),
                "pages": pageLinks(pageNumber, total: queue.total, base: "/personal/begaran?visa=" + Self.query(kind == .overdue ? "forsenade" : kind == .all ? "alla" : "oppna")),
                "views": [("oppna", "Öppna"), ("forsenade", "Försenade"), ("alla", "Alla, även avgjorda")].map {
                    ["value": $0.0, "label": $0.1, "current": $0.0 == view || ($0.0 == "oppna" && kind == .open), "link": "/personal/begaran?visa=" + $0.0]
                },
            ]
            return page("staff-requests.html", c, visit)
        } catch { return refusal(error, visit) }
    }

    /// One request: its details, its documents, the search to attach more, and its actions.
    func requestPage(_ request: Request, _ visit: WebContext, _ s: StaffSession,
                     problems: [ValidationError] = [], typed: [String] = [], notice: String? = nil) async throws -> Response {
        let q = FormQuery(request)
        let number = CaseNumber.typed(q["nr"] ?? visit.form["nr"] ?? "")
        do throws(DiariumError) {
            let d = try await diarium.requestDetail(number, as: s.principal)
            var c = requestContext(d)
            c["title"] = "Begäran \(d.summary.request)"
            c["colleagues"] = try await diarium.colleagues(role: .utlamnare, organisation: d.summary.organisation, as: s.principal)
                .map { ["name": $0, "selected": $0 == d.handler] }
            c["typedNumbers"] = typed.joined(separator: "\n")
            if let notice { c["notice"] = notice }
            let done = ["utlamnad": "Kopiorna är utlämnade och läckkontrollerade. Ladda ned dem nedan och skicka dem till sökanden.",
                        "tillagd": "Handlingarna är tillagda i begäran.", "provad": "Prövningen är sparad.", "overlamnad": "Begäran är överlämnad."]
            if let n = q["klart"], let text = done[n] { c["notice"] = text }
            // The search for documents to attach: the internal search, with the public filters.
            let form = SearchForm(q)
            if !form.text.isEmpty || !form.from.isEmpty || !form.to.isEmpty || !form.documentType.isEmpty || !form.organisation.isEmpty {
                do throws(DiariumError) {
                    var query = try form.query(pageSize: 50)
                    query.order = form.searchOrder
                    let hits = try await diarium.findForRequest(d.summary.request, query, as: s.principal)
                    let attached = Set(d.items.map(\.document))
                    c["hits"] = hits.map { h -> [String: Any] in
                        var x = hit(h)
                        x["attached"] = attached.contains(h.document)
                        x["staffLink"] = "/personal/handling?nr=" + Self.query(h.document)
                        x["id"] = "traff-" + Self.copyID(h.document)
                        return x
                    }
                    c["searched"] = true
                    c["hasHits"] = !hits.isEmpty
                } catch {
                    guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
                    c["searchProblems"] = error.problems.map { ["field": Self.fieldLabels[$0.field] ?? $0.field, "message": $0.message] }
                }
            }
            c["search"] = formContext(form)
            let found = FormProblems(problems, id: { Self.requestFieldIDs[$0] ?? "begaran-fel" }, label: { Self.requestFieldLabels[$0] ?? $0 })
            c.merge(found.context) { _, new in new }
            c["problemsTitle"] = "Det gick inte att göra det du bad om"
            let status: HTTPResponse.Status = problems.isEmpty ? .ok : problems.contains { $0.rule == "request.changed" } ? .conflict : .badRequest
            return page("staff-request.html", c, status: status, visit)
        } catch { return refusal(error, visit) }
    }

    static let requestFieldIDs = ["revision": "begaran-fel", "document": "nummer", "handler": "handlaggare", "request": "begaran-fel"]
    static let requestFieldLabels = ["revision": "Begäran", "document": "Handlingar", "handler": "Handläggare", "request": "Begäran",
                                     "begaran-fel": "Utlämnandet", "nummer": "Handlingar", "handlaggare": "Handläggare"]

    func requestContext(_ d: RequestDetail) -> [String: Any] {
        let r = d.summary
        func detail(_ label: String, _ v: RequestDetail.Detail?) -> [String: Any]? {
            // A section shows for any string, an empty one too: the key only when marked.
            v.map { d in ["label": label, "value": d.value].merging(d.secrecy.map { ["secrecy": $0] } ?? [:]) { a, _ in a } }
        }
        let details = [detail("Sökande", d.requester), detail("E-post", d.email), detail("Telefon", d.phone), detail("Adress", d.address)].compactMap { $0 }
        let allAssessed = !d.items.isEmpty && d.items.allSatisfy { $0.assessment != nil }
        let items = d.items.map { i -> [String: Any] in
            var x: [String: Any] = [
                "document": i.document, "title": i.title, "type": i.documentTypeLabel,
                "staffLink": "/personal/handling?nr=" + Self.query(i.document),
                "assessLink": "/personal/begaran/prova?nr=" + Self.query(r.request) + "&handling=" + Self.query(i.document),
                "proposals": i.proposals.map { ["field": FieldLabels.label($0.field), "reference": $0.reference] },
                "hasProposals": !i.proposals.isEmpty,
            ]
            if let a = i.assessment {
                x["assessed"] = true
                x["outcome"] = a.outcome.swedishLabel
                x["masks"] = a.masks.map { ["field": FieldLabels.label($0.field.description), "reference": diarium.provisionReference($0.provision)] }
                if let p = a.provision { x["refusal"] = diarium.provisionReference(p) }
                x["assessedBy"] = i.assessedBy ?? ""
                x["previewLink"] = "/personal/begaran/forhandsgranska?nr=" + Self.query(r.request) + "&handling=" + Self.query(i.document)
                x["refused"] = a.outcome == .refuse
            }
            return x
        }
        var c: [String: Any] = [
            "request": r.request, "revision": String(d.revision), "organisation": r.organisation,
            "received": Timestamp.swedishLocal(r.receivedAt), "age": String(r.ageWorkingDays), "target": r.target.description,
            "flagAfter": r.flagAfter.description, "overdue": r.overdue, "status": r.status.swedishLabel, "handler": d.handler,
            "channel": d.channelLabel, "format": d.formatLabel, "description": d.description.value,
            "details": details, "hasDetails": !details.isEmpty, "anonymous": d.requester == nil,
            "requestLink": "/personal/handling?nr=" + Self.query(d.requestDocument),
            "items": items, "hasItems": !items.isEmpty, "allAssessed": allAssessed, "decided": d.decision != nil,
            "history": d.history.map { ["at": Timestamp.swedishLocal($0.at), "actor": $0.actor, "label": $0.label] },
            "canRelease": allAssessed && d.decision == nil, "canDecide": allAssessed && d.decision == nil,
        ]
        if let rel = d.release {
            c["release"] = ["at": Timestamp.swedishLocal(Timestamp.iso(rel.releasedAt)), "by": rel.releasedBy, "pages": String(rel.pages),
                            "fee": rel.fee.swedish, "hasArchive": rel.hasArchive && rel.current, "outdated": rel.hasArchive && !rel.current,
                            "pagesLabel": rel.pages == 1 ? "1 sida" : "\(rel.pages) sidor",
                            "download": "/personal/begaran/utlamnande?nr=" + Self.query(r.request)]
        }
        if let marked = d.description.secrecy { c["descriptionSecrecy"] = marked }
        if let decision = d.decision { c["decision"] = ["number": decision, "link": "/personal/handling?nr=" + Self.query(decision)] }
        return c
    }

    /// The request a POST is about, and the revision its form was made from.
    func requestTarget(_ visit: WebContext) -> (number: String, revision: Int?) {
        (CaseNumber.typed(visit.form["nr"] ?? ""), visit.form["revision"].flatMap(Int.init))
    }

    /// After a POST: on to `klart`, or the request page again with the problems (a colleague
    /// who got there first among them) and what was typed.
    func afterRequestChange(_ request: Request, _ visit: WebContext, _ s: StaffSession, number: String, done: String,
                            typed: [String] = [], _ body: () async throws(DiariumError) -> Void) async throws -> Response {
        if let missing = Self.missingRevision(visit) { return try await requestPage(request, visit, s, problems: [missing], typed: typed) }
        do throws(DiariumError) {
            try await body()
            return redirect("/personal/begaran/arende?nr=" + Self.query(number) + "&klart=" + done)
        } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            return try await requestPage(request, visit, s, problems: error.problems, typed: typed)
        }
    }

    func postAddToRequest(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let (number, revision) = requestTarget(visit)
        // Hits ticked in the search, and numbers typed one per line (or separated by commas).
        let typed = (visit.form["nummer"] ?? "").split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == "\r" })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let documents = visit.form.values("handling") + typed.map { CaseNumber.typed($0) }
        guard !documents.isEmpty else {
            return try await requestPage(request, visit, s, problems: [ValidationError(field: "document", rule: "required", message: "välj minst en handling i sökningen eller skriv ett diarienummer")], typed: typed)
        }
        return try await afterRequestChange(request, visit, s, number: number, done: "tillagd", typed: typed) { () async throws(DiariumError) in
            _ = try await diarium.addToRequest(number, documents: documents, expectedRevision: revision, as: s.principal)
        }
    }

    func postAssignRequest(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let (number, revision) = requestTarget(visit)
        return try await afterRequestChange(request, visit, s, number: number, done: "overlamnad") { () async throws(DiariumError) in
            _ = try await diarium.assignRequest(number, to: visit.form["handlaggare"] ?? "", expectedRevision: revision, as: s.principal)
        }
    }

    func postRelease(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let (number, revision) = requestTarget(visit)
        return try await afterRequestChange(request, visit, s, number: number, done: "utlamnad") { () async throws(DiariumError) in
            _ = try await diarium.releaseArchive(number, expectedRevision: revision, as: s.principal)
        }
    }

    /// A change to a request is made from a page that shows its revision: a form without one
    /// could overwrite what a colleague did unseen.
    static func missingRevision(_ visit: WebContext) -> ValidationError? {
        visit.form["revision"].flatMap(Int.init) == nil
            ? ValidationError(field: "revision", rule: "required", message: "formuläret saknar begärans version; läs in sidan igen och gör om det du ville")
            : nil
    }

    func postDecide(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let (number, revision) = requestTarget(visit)
        if let missing = Self.missingRevision(visit) { return try await requestPage(request, visit, s, problems: [missing]) }
        do throws(DiariumError) {
            let receipt = try await diarium.decide(number, expectedRevision: revision, as: s.principal)
            return redirect("/personal/handling?nr=" + Self.query(receipt.document) + "&registrerad=1")
        } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            return try await requestPage(request, visit, s, problems: error.problems)
        }
    }

    /// The ZIP of the latest release, as the official sends it to the requester.
    func releaseDownload(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let number = CaseNumber.typed(FormQuery(request)["nr"] ?? "")
        do throws(DiariumError) {
            let zip = try await diarium.releasedArchive(number, as: s.principal)
            return Response(status: .ok, headers: [.contentType: "application/zip", .cacheControl: "no-store",
                                                   .contentDisposition: Self.disposition("attachment", zip.name)],
                            body: .init(byteBuffer: ByteBuffer(bytes: zip.data)))
        } catch { return refusal(error, visit) }
    }

    /// `Content-Disposition` for a file name: an ASCII name for every client, the real one as
    /// UTF-8 (RFC 6266); nothing of the name can end the header.
    static func disposition(_ kind: String, _ name: String) -> String {
        let ascii = String(name.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return "\(kind); filename=\"\(ascii)\"; filename*=UTF-8''\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii)"
    }

    /// A name usable in an HTML id: letters and digits, the rest as `-`.
    static func copyID(_ text: String) -> String {
        String(text.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII ? Character($0) : "-" })
    }
}

extension HTTPField.Name {
    static let contentDisposition = Self("Content-Disposition")!
}
