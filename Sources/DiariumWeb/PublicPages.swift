import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import Hummingbird

/// The public webbdiarium: what anyone may read without logging in, every page a GET that can be
/// shared as a link. All data comes from the Kit's public use cases (public index, public view).
extension Site {
    func addPublicRoutes(to router: Router<WebContext>) {
        router.get("/") { _, context in try await self.start(context) }
        router.get("/sok") { request, context in try await self.searchPage(request, context) }
        router.get("/api/sok") { request, _ in try await self.searchJSON(request) }
        router.get("/handling") { request, context in try await self.entryPage(request, context) }
        router.get("/arende") { request, context in try await self.casePage(request, context) }
        router.get("/flode") { request, _ in try await self.feed(request) }
        router.get("/granskning") { _, context in try await self.auditHeadPage(context) }
        router.get("/api/granskning") { _, _ in try await self.auditHeadJSON() }
        router.get("/api") { _, context in self.page("api.html", ["title": "Öppna data"], context) }
        router.get("/tillganglighet") { _, context in self.page("accessibility.html", ["title": "Tillgänglighetsredogörelse"], context) }
        router.get("/diarium.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(bytes: self.styleSheet)))
        }
    }

    func start(_ visit: WebContext) async throws -> Response {
        do throws(DiariumError) {
            let latest = try await diarium.search(SearchQuery(text: "", limit: 10), scope: .public, as: visitor)
            var c: [String: Any] = ["title": "Sök bland registrerade handlingar", "form": formContext(SearchForm()), "latest": latest.map(hit),
                                    "hasLatest": !latest.isEmpty,
                                    "feeds": diarium.organisationNames.map { ["name": $0.name, "link": "/flode?organisation=" + Self.query($0.code)] }]
            // When the register last changed: the newest registration's time.
            if let newest = latest.first { c["updated"] = Timestamp.swedishLocal(newest.registeredAt) }
            return page("start.html", c, visit)
        } catch { return refusal(error, visit) }
    }

    func searchPage(_ request: Request, _ visit: WebContext) async throws -> Response {
        let form = SearchForm(FormQuery(request))
        // A diarienummer typed as people write it (`rs 2026/42-1`, `RS 2026/0042`) opens the entry
        // or the case itself.
        if let target = form.numberTarget {
            return Response(status: .seeOther, headers: [.location: target])
        }
        do throws(DiariumError) {
            let query = try form.query(pageSize: Self.pageSize)
            // One more than a page tells whether there is a next one.
            var probe = query
            probe.limit = Self.pageSize + 1
            let hits = try await diarium.search(probe, scope: .public, as: visitor)
            let total = try await diarium.searchCount(query, scope: .public, as: visitor)
            let shown = Array(hits.prefix(Self.pageSize))
            var c: [String: Any] = [
                "total": total, "totalLabel": total == 1 ? "1 handling" : "\(total) handlingar",
                "title": form.text.isEmpty ? "Sök i diariet" : "Sökresultat för \(form.text)",
                "form": formContext(form), "hits": shown.map(hit), "hasHits": !shown.isEmpty, "page": form.page,
                "orderLabel": query.order == .relevance ? "bäst träff först" : "nyast först",
                "first": query.offset + 1, "last": query.offset + shown.count,
            ]
            if form.page > 1 { c["previous"] = form.link(page: form.page - 1) }
            if hits.count > Self.pageSize { c["next"] = form.link(page: form.page + 1) }
            return page("search.html", c, visit)
        } catch {
            // Bad input: the form again, each problem beside its field.
            guard case .rejected(let r) = error else { return refusal(error, visit) }
            var c: [String: Any] = ["title": "Sökningen kunde inte göras", "form": formContext(form, problems: r.errors), "refused": true]
            let found = FormProblems(r.errors, id: Self.searchFieldID, labelOfProblem: { Self.fieldLabels[$0.field] ?? $0.field })
            c.merge(found.context) { _, new in new }
            c["problemsTitle"] = "Sökningen kunde inte göras"
            return page("search.html", c, status: .badRequest, visit)
        }
    }

    /// The same search as JSON, for open-data use: the hits of the page and the link to the next.
    func searchJSON(_ request: Request) async throws -> Response {
        let form = SearchForm(FormQuery(request))
        do throws(DiariumError) {
            var query = try form.query(pageSize: Self.pageSize)
            query.limit = Self.pageSize + 1
            let hits = try await diarium.search(query, scope: .public, as: visitor)
            let total = try await diarium.searchCount(query, scope: .public, as: visitor)
            // Newest first pages on by cursor, past any offset; by relevance, by page number.
            let last = hits.prefix(Self.pageSize).last
            let next = hits.count > Self.pageSize
                ? "/api" + (query.order == .newest ? form.link(after: last?.cursor ?? 0) : form.link(page: form.page + 1)) : nil
            return json(SearchPage(total: total, hits: Array(hits.prefix(Self.pageSize)), next: next))
        } catch { return jsonRefusal(error) }
    }

    func entryPage(_ request: Request, _ visit: WebContext) async throws -> Response {
        let number = FormQuery(request)["nr"].map { CaseNumber.typed($0) } ?? ""
        do throws(DiariumError) {
            let view = try await diarium.view(number, audience: .public, as: visitor)
            let others = try await diarium.caseEntries(view.caseNumber, audience: .public, as: visitor)
            var c = view.templateContext
            c["title"] = "\(view.publicTitle) – \(view.number)"
            c["hasWithheld"] = (c["withheldSummary"] as? String).map { !$0.isEmpty } ?? false
            c["caseLink"] = "/arende?nr=" + Self.query(view.caseNumber)
            c["others"] = others.filter { $0.number != view.number }.map(Self.entry)
            c["hasOthers"] = others.count > 1
            c["inList"] = visit.requestList.contains(view.number)
            c["selfLink"] = "/handling?nr=" + Self.query(view.number)
            return page("entry.html", c, visit)
        } catch { return refusal(error, visit) }
    }

    func casePage(_ request: Request, _ visit: WebContext) async throws -> Response {
        let number = FormQuery(request)["nr"].map { CaseNumber.typed($0) } ?? ""
        do throws(DiariumError) {
            let entries = try await diarium.caseEntries(number, audience: .public, as: visitor)
            let first = entries[0]
            return page("case.html", ["title": "Ärende \(first.caseNumber)", "caseNumber": first.caseNumber,
                                          "caseTitle": first.caseTitle, "organisation": first.organisation.name,
                                          "entries": entries.map(Self.entry), "caseLink": "/arende?nr=" + Self.query(first.caseNumber),
                                          "inList": entries.allSatisfy { visit.requestList.contains($0.number) }], visit)
        } catch { return refusal(error, visit) }
    }

    /// An Atom feed of the latest public registrations, of one organisation or of all.
    func feed(_ request: Request) async throws -> Response {
        let code = FormQuery(request)["organisation"].flatMap { $0.isEmpty ? nil : $0 }
        do throws(DiariumError) {
            let hits = try await diarium.search(SearchQuery(text: "", organisation: code, limit: 50), scope: .public, as: visitor)
            let name = code.flatMap { c in diarium.organisationNames.first { $0.code == c }?.name }
            let scope = code ?? "alla"
            let c: [String: Any] = [
                "scope": scope, "feedTitle": "Webbdiariet: senast registrerat" + (name.map { ", \($0)" } ?? ""),
                "updated": hits.first?.registeredAt ?? "1970-01-01T00:00:00Z",
                "selfLink": "/flode" + (code.map { "?organisation=" + Self.query($0) } ?? ""),
                "pageLink": "/sok" + (code.map { "?organisation=" + Self.query($0) } ?? ""),
                "authorName": name ?? "Region Sörmland, Region Västmanland och Inköpsnämnden",
                "entries": hits.map { h -> [String: Any] in
                    var e = hit(h)
                    e["urnNumber"] = h.document.replacingOccurrences(of: " ", with: ":").replacingOccurrences(of: "/", with: ":")
                    e["registeredAt"] = h.registeredAt
                    return e
                },
            ]
            let xml: String
            do { xml = try templates.render("feed.atom", c) } catch { return page("error.html", ["title": "Något gick fel"], status: .internalServerError) }
            return Response(status: .ok, headers: [.contentType: "application/atom+xml; charset=utf-8", .cacheControl: "max-age=300"],
                            body: .init(byteBuffer: ByteBuffer(string: xml)))
        } catch { return refusal(error) }
    }

    /// The register's current signed audit head, with how to check a kept copy later.
    func auditHeadPage(_ visit: WebContext) async throws -> Response {
        do throws(DiariumError) {
            let h = try await diarium.publicAuditHead(as: visitor)
            var c: [String: Any] = ["title": "Granskningsloggens huvud"]
            if let head = h.head { c["head"] = ["event": String(head.event), "hash": head.hash, "published": head.description] }
            if let key = h.publicKey { c["publicKey"] = key }
            if let a = h.newestAnchor {
                c["anchor"] = ["event": String(a.event), "hash": a.hash, "at": Timestamp.swedishLocal(a.at), "signature": a.signature]
            }
            return page("audit-head.html", c, visit)
        } catch { return refusal(error, visit) }
    }

    func auditHeadJSON() async throws -> Response {
        do throws(DiariumError) { return json(try await diarium.publicAuditHead(as: visitor)) } catch { return jsonRefusal(error) }
    }

    // MARK: Contexts

    /// The search form's field for a problem the Kit names.
    static func searchFieldID(_ field: String) -> String {
        ["query": "q", "organisation": "organisation", "type": "typ", "from": "fran", "to": "till", "direction": "riktning",
         "order": "ordning"][field] ?? "q"
    }

    func formContext(_ form: SearchForm, problems: [ValidationError] = []) -> [String: Any] {
        var errors: [String: String] = [:]
        for p in problems { errors[Self.searchFieldID(p.field), default: ""] += Self.sentence(p.message) + " [\(p.rule)] " }
        func dateType(_ v: String) -> String { v.isEmpty || CivilDate(parsing: v) != nil ? "date" : "text" }
        var c: [String: Any] = [
            "text": form.text, "from": form.from, "to": form.to, "fromType": dateType(form.from), "toType": dateType(form.to),
            "organisations": organisations.map { ["code": $0.code, "name": $0.name, "selected": $0.code == form.organisation] },
            "types": sortedTypes.map { ["code": $0.code, "label": $0.label, "selected": $0.code == form.documentType] },
            "directions": Direction.allCases.map { ["code": $0.rawValue, "label": $0.swedishLabel, "selected": $0.rawValue == form.direction] },
            "orders": [["code": "nyast", "label": "Nyast först", "selected": form.searchOrder == .newest],
                       ["code": "relevans", "label": "Bäst träff först", "selected": form.searchOrder == .relevance]],
        ]
        for (id, text) in errors { c[id + "Error"] = text.trimmingCharacters(in: .whitespaces) }
        return c
    }

    func hit(_ h: SearchHit) -> [String: Any] {
        let typeLabel = typeLabels[h.documentType] ?? h.documentType
        var d: [String: Any] = ["number": h.document, "link": "/handling?nr=" + Self.query(h.document), "title": h.title, "date": h.date,
                                "caseNumber": h.caseNumber, "organisation": h.organisation, "documentType": typeLabel,
                                "direction": Direction(rawValue: h.direction)?.swedishLabel ?? h.direction]
        if let c = h.counterparty {
            // The index holds a withheld detail as its marker; the page says it as the entry does.
            // (Plain string tests: a regex literal here cost 40 % of the search page's time.)
            let secrecy = "[Sekretess enligt ", builtIn = " visas inte]"
            if c.hasPrefix(secrecy), c.hasSuffix("]") {
                d["counterpartyWithheld"] = "Uppgift skyddad enligt " + c.dropFirst(secrecy.count).dropLast()
            } else if c.hasPrefix("["), c.hasSuffix(builtIn) {
                d["counterpartyWithheld"] = "Uppgiften visas inte (" + c.dropFirst().dropLast(builtIn.count) + ")"
            } else {
                d["counterparty"] = c
            }
        }
        return d
    }

    static func entry(_ v: RegisterView) -> [String: Any] {
        ["number": v.number, "link": "/handling?nr=" + query(v.number), "title": v.publicTitle, "date": v.date,
         "documentType": v.documentTypeLabel, "direction": v.directionLabel]
    }

    static func query(_ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

/// One page of the public search as JSON.
struct SearchPage: Encodable {
    /// How many documents the search finds in all.
    let total: Int
    let hits: [SearchHit]
    let next: String?
}
