import DiariumKit
public import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import Hummingbird

/// What a staff route asks of the session; checked on the server before the route runs (and
/// again by the Kit's use case).
enum StaffNeed {
    /// Any logged-in employee (a deviation report, one's own start page).
    case staff
    case role(Principal.Role)
}

extension Site {
    /// Every staff route, with what it needs: the route test walks this list.
    static let staffRoutes: [(method: HTTPRequest.Method, path: String, need: StaffNeed)] = [
        (.get, "/personal", .staff),
        (.get, "/personal/handling", .staff),
        (.get, "/personal/avsteg", .staff),
        (.post, "/personal/avsteg", .staff),
        (.get, "/personal/direktupphandling", .role(.handlaggare)),
        (.post, "/personal/direktupphandling", .role(.handlaggare)),
        (.post, "/personal/utkast/ta-bort", .staff),
        (.get, "/personal/registrera", .role(.registrator)),
        (.post, "/personal/registrera", .role(.registrator)),
        (.get, "/personal/begaran", .role(.utlamnare)),
        (.get, "/personal/begaran/arende", .role(.utlamnare)),
        (.post, "/personal/begaran/lagg-till", .role(.utlamnare)),
        (.get, "/personal/begaran/prova", .role(.utlamnare)),
        (.post, "/personal/begaran/prova", .role(.utlamnare)),
        (.get, "/personal/begaran/forhandsgranska", .role(.utlamnare)),
        (.get, "/personal/begaran/kopia", .role(.utlamnare)),
        (.post, "/personal/begaran/lamna-ut", .role(.utlamnare)),
        (.get, "/personal/begaran/utlamnande", .role(.utlamnare)),
        (.post, "/personal/begaran/beslut", .role(.utlamnare)),
        (.post, "/personal/begaran/lamna-over", .role(.utlamnare)),
        (.get, "/personal/avsteg/lista", .staff),
        (.get, "/personal/avsteg/visa", .staff),
        (.post, "/personal/avsteg/steg", .staff),
        (.get, "/personal/inkop", .role(.handlaggare)),
        (.post, "/personal/inkop/avtal", .role(.handlaggare)),
        (.post, "/personal/inkop/inkop", .role(.handlaggare)),
        (.post, "/personal/inkop/granskning", .role(.handlaggare)),
        (.get, "/personal/namnd", .role(.namnd)),
        (.post, "/personal/namnd/registrera", .role(.namnd)),
        (.get, "/personal/gallring", .role(.registrator)),
        (.post, "/personal/gallring", .role(.registrator)),
        (.post, "/personal/gallring/stopp", .role(.registrator)),
        (.post, "/personal/gallring/hav", .role(.registrator)),
        (.get, "/personal/admin/konton", .role(.admin)),
        (.post, "/personal/admin/konton", .role(.admin)),
        (.get, "/personal/admin/logg", .role(.admin)),
        (.get, "/personal/admin/kontroll", .role(.admin)),
        (.post, "/personal/admin/kontroll", .role(.admin)),
    ]

    /// The handler's CSV imports, which may be as large as a registrar's upload.
    static let ledgerUploads: Set<String> = ["/personal/inkop/avtal", "/personal/inkop/inkop"]

    /// Every staff route as method, path and the role it needs (nil: any employee), for tests
    /// and documentation.
    public static var staffRouteList: [(method: String, path: String, role: Principal.Role?)] {
        staffRoutes.map { r in
            let role: Principal.Role? = if case .role(let role) = r.need { role } else { nil }
            return (r.method.rawValue, r.path, role)
        }
    }

    func addStaffRoutes(to router: Router<WebContext>) {
        for route in Self.staffRoutes {
            let need = route.need, path = route.path
            let handler: @Sendable (Request, WebContext, StaffSession) async throws -> Response
            switch (route.method, path) {
            case (.get, "/personal"): handler = { r, c, s in try await self.staffStart(r, c, s) }
            case (.get, "/personal/handling"): handler = { r, c, s in try await self.staffDocument(r, c, s) }
            case (.get, "/personal/avsteg"): handler = { r, c, s in try await self.deviationForm(r, c, s) }
            case (.post, "/personal/avsteg"): handler = { r, c, s in try await self.postDeviation(r, c, s) }
            case (.get, "/personal/direktupphandling"): handler = { r, c, s in try await self.procurementForm(r, c, s) }
            case (.post, "/personal/direktupphandling"): handler = { r, c, s in try await self.postProcurement(r, c, s) }
            case (.post, "/personal/utkast/ta-bort"): handler = { r, c, s in try await self.deleteDraft(r, c, s) }
            case (.get, "/personal/registrera"): handler = { r, c, s in try await self.uploadForm(r, c, s) }
            case (.post, "/personal/registrera"): handler = { r, c, s in try await self.postUpload(r, c, s) }
            case (.get, "/personal/begaran"): handler = { r, c, s in try await self.requestQueue(r, c, s) }
            case (.get, "/personal/begaran/arende"): handler = { r, c, s in try await self.requestPage(r, c, s) }
            case (.post, "/personal/begaran/lagg-till"): handler = { r, c, s in try await self.postAddToRequest(r, c, s) }
            case (.get, "/personal/begaran/prova"): handler = { r, c, s in try await self.assessPage(r, c, s) }
            case (.post, "/personal/begaran/prova"): handler = { r, c, s in try await self.postAssess(r, c, s) }
            case (.get, "/personal/begaran/forhandsgranska"): handler = { r, c, s in try await self.previewPage(r, c, s) }
            case (.get, "/personal/begaran/kopia"): handler = { r, c, s in try await self.copyFile(r, c, s) }
            case (.post, "/personal/begaran/lamna-ut"): handler = { r, c, s in try await self.postRelease(r, c, s) }
            case (.get, "/personal/begaran/utlamnande"): handler = { r, c, s in try await self.releaseDownload(r, c, s) }
            case (.post, "/personal/begaran/beslut"): handler = { r, c, s in try await self.postDecide(r, c, s) }
            case (.post, "/personal/begaran/lamna-over"): handler = { r, c, s in try await self.postAssignRequest(r, c, s) }
            case (.get, "/personal/avsteg/lista"): handler = { r, c, s in try await self.deviationList(r, c, s) }
            case (.get, "/personal/avsteg/visa"): handler = { r, c, s in try await self.deviationPage(r, c, s) }
            case (.post, "/personal/avsteg/steg"): handler = { r, c, s in try await self.postDeviationStep(r, c, s) }
            case (.get, "/personal/inkop"): handler = { r, c, s in try await self.ledgerPage(r, c, s) }
            case (.post, "/personal/inkop/avtal"): handler = { r, c, s in try await self.postImport(r, c, s, agreements: true) }
            case (.post, "/personal/inkop/inkop"): handler = { r, c, s in try await self.postImport(r, c, s, agreements: false) }
            case (.post, "/personal/inkop/granskning"): handler = { r, c, s in try await self.postAudit(r, c, s) }
            case (.get, "/personal/namnd"): handler = { r, c, s in try await self.boardPage(r, c, s) }
            case (.post, "/personal/namnd/registrera"): handler = { r, c, s in try await self.postBoardReport(r, c, s) }
            case (.get, "/personal/gallring"): handler = { r, c, s in try await self.disposalPage(r, c, s) }
            case (.post, "/personal/gallring"): handler = { r, c, s in try await self.postDisposal(r, c, s) }
            case (.post, "/personal/gallring/stopp"): handler = { r, c, s in try await self.postHold(r, c, s, lift: false) }
            case (.post, "/personal/gallring/hav"): handler = { r, c, s in try await self.postHold(r, c, s, lift: true) }
            case (.get, "/personal/admin/konton"): handler = { r, c, s in try await self.accountsPage(r, c, s) }
            case (.post, "/personal/admin/konton"): handler = { r, c, s in try await self.postAccount(r, c, s) }
            case (.get, "/personal/admin/logg"): handler = { r, c, s in try await self.auditLogPage(r, c, s) }
            case (.get, "/personal/admin/kontroll"): handler = { r, c, s in try await self.verifyPage(r, c, s) }
            case (.post, "/personal/admin/kontroll"): handler = { r, c, s in try await self.postVerify(r, c, s) }
            default: preconditionFailure("the staff route \(route.method) \(path) has no handler")
            }
            router.on(RouterPath(path), method: route.method) { request, context in
                try await self.guarded(need, request, context, handler)
            }
        }
    }

    /// Runs `body` for a session that meets `need`: without one, a GET goes to the login page
    /// (and back here after it) and anything else is 401; with a one-time password still in
    /// force, to the page that changes it; without the role, 403.
    func guarded(_ need: StaffNeed, _ request: Request, _ context: WebContext,
                 _ body: (Request, WebContext, StaffSession) async throws -> Response) async throws -> Response {
        guard let s = context.session else {
            if request.method == .get {
                return redirect("/logga-in?till=" + Self.query(request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")))
            }
            return message(title: "Du är inte inloggad", text: "Logga in och försök igen. Ingenting har sparats.", status: .unauthorized, context)
        }
        if s.mustChangePassword { return redirect("/konto/losenord") }
        if case .role(let role) = need, !s.roles.contains(role) {
            return message(title: "Du har inte behörighet",
                           text: "Sidan kräver rollen \(role.label), som ditt konto inte har. Be en administratör om behörighet om du behöver den. [access.role]",
                           status: .forbidden, context)
        }
        return try await body(request, context, s)
    }

    func staffStart(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        do throws(DiariumError) {
            let mine = try await diarium.ownRecentDocuments(limit: 10, as: s.principal)
            let drafts = try await diarium.drafts(as: s.principal)
            let c: [String: Any] = [
                "title": "Mina sidor",
                "changed": FormQuery(request)["losenord"] == "bytt",
                "recent": mine.map { h -> [String: Any] in
                    var d = hit(h)
                    d["link"] = "/personal/handling?nr=" + Self.query(h.document)
                    return d
                },
                "hasRecent": !mine.isEmpty,
                "drafts": drafts.map { ["id": String($0.id), "title": $0.title, "updated": Timestamp.swedishLocal(Timestamp.iso($0.updatedAt)),
                                        "link": ($0.form == "procurement" ? "/personal/direktupphandling" : "/personal/avsteg") + "?utkast=\($0.id)",
                                        "form": $0.form == "procurement" ? "Direktupphandling" : "Avsteg"] },
                "hasDrafts": !drafts.isEmpty,
                "organisations": s.principal.organisationCodes.joined(separator: ", "),
            ]
            return page("staff-start.html", c, visit)
        } catch { return refusal(error, visit) }
    }

    /// A document as staff see it, beside what the public sees, with the withheld details named.
    func staffDocument(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let number = FormQuery(request)["nr"].map { CaseNumber.typed($0) } ?? ""
        do throws(DiariumError) {
            let full = try await diarium.view(number, audience: .full, as: s.principal)
            let pub = try await diarium.view(number, audience: .public, as: visitor)
            let text = try await diarium.show(number, audience: .full, format: .text, as: s.principal)
            var c: [String: Any] = ["title": "\(full.title.text) – \(full.number)", "number": full.number]
            c["full"] = full.templateContext
            c["public"] = pub.templateContext
            c["markings"] = full.markings.map { ["field": $0.fieldLabel, "reference": $0.reference, "reason": $0.reason ?? ""] }
            c["hasMarkings"] = !full.markings.isEmpty
            c["text"] = text
            if let note = try await diarium.textNote(number, as: s.principal) { c["textNote"] = note }
            c["publicLink"] = "/handling?nr=" + Self.query(full.number)
            c["caseLink"] = "/arende?nr=" + Self.query(full.caseNumber)
            if let receipt = FormQuery(request)["registrerad"], receipt == "1" { c["registered"] = true }
            return page("staff-document.html", c, visit)
        } catch { return refusal(error, visit) }
    }

    func deleteDraft(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        guard let id = visit.form["utkast"].flatMap(Int64.init) else { return redirect("/personal") }
        do throws(DiariumError) {
            try await diarium.deleteDraft(id: id, as: s.principal)
            return redirect("/personal")
        } catch { return refusal(error, visit) }
    }
}

extension Principal {
    /// The organisation codes of an account (empty for the operator's `.all`).
    var organisationCodes: [String] {
        switch organisations {
        case .all: []
        case .only(let codes): codes.sorted()
        }
    }
}
