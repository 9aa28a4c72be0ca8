import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import HTTPTypes
import Hummingbird

/// An HTML page or a refusal, rendered from `templates/web`.
extension HTTPField.Name {
    static let xForwardedFor = Self("X-Forwarded-For")!
    static let strictTransportSecurity = Self("Strict-Transport-Security")!
}

extension Site {
    /// A page from `template` with what every page shows: the visit's CSRF token for its forms,
    /// the request list's size, and for staff their menu. Pages seen by someone logged in are
    /// never stored by a browser or a proxy.
    func page(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok, _ visit: WebContext? = nil) -> Response {
        var c = context
        c["siteName"] = "Webbdiariet"
        if let visit {
            c["csrf"] = visit.csrf
            c["listCount"] = visit.requestList.count
            c["hasList"] = !visit.requestList.isEmpty
            if let s = visit.session { c["staff"] = staffMenu(s) }
        }
        let html: String
        do { html = try templates.render(template, c) } catch {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "Sidan kunde inte visas.")))
        }
        // Every page may carry the visit's CSRF token: never kept by a shared cache.
        let cache = visit?.session == nil ? "private, no-cache" : "no-store"
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: cache],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// A page that says one thing (a refusal, a fault, a confirmation).
    func message(title: String, text: String, status: HTTPResponse.Status, _ visit: WebContext?) -> Response {
        page("error.html", ["title": title, "message": text], status: status, visit)
    }

    func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A cookie of the site: HttpOnly, SameSite=Strict, path /; behind the HTTPS proxy Secure
    /// and named `__Host-…`.
    func cookie(_ name: String, _ value: String, request: Request, maxAge: Int? = nil) -> Cookie {
        Cookie(name: cookieName(name), value: value, maxAge: maxAge, path: "/", secure: behindProxy, httpOnly: true, sameSite: .strict)
    }

    func cookieName(_ name: String) -> String { behindProxy ? "__Host-" + name : name }

    func staffMenu(_ s: StaffSession) -> [String: Any] {
        var links: [[String: String]] = [["href": "/personal", "label": "Mina sidor"]]
        if !s.mustChangePassword {
            if s.roles.contains(.handlaggare) { links.append(["href": "/personal/direktupphandling", "label": "Dokumentera direktupphandling"]) }
            links.append(["href": "/personal/avsteg", "label": "Rapportera avsteg"])
            links.append(["href": "/personal/avsteg/lista", "label": "Avsteg"])
            if s.roles.contains(.registrator) {
                links.append(["href": "/personal/registrera", "label": "Registrera handling"])
                links.append(["href": "/personal/gallring", "label": "Gallring"])
            }
            if s.roles.contains(.utlamnare) { links.append(["href": "/personal/begaran", "label": "Begäranden"]) }
            if s.roles.contains(.handlaggare) { links.append(["href": "/personal/inkop", "label": "Inköp och avtal"]) }
            if s.roles.contains(.namnd) { links.append(["href": "/personal/namnd", "label": "Nämndens uppföljning"]) }
            if s.roles.contains(.admin) {
                links.append(["href": "/personal/admin/konton", "label": "Konton"])
                links.append(["href": "/personal/admin/logg", "label": "Granskningsloggen"])
                links.append(["href": "/personal/admin/kontroll", "label": "Kontrollera arkivet"])
            }
        }
        links.append(["href": "/konto/losenord", "label": "Byt lösenord"])
        return ["name": s.account, "roles": s.roles.map(\.label).sorted().joined(separator: ", "), "links": links]
    }

    /// What a visitor sees when the Kit refuses: each problem's field and message for bad input,
    /// "not found" for a number that is not in the register, a plain apology for a fault (whose
    /// text is for the log of the operator, not the page).
    func refusal(_ error: DiariumError, _ visit: WebContext? = nil) -> Response {
        if case .store(.documentNotFound(_)) = error {
            return page("error.html", ["title": "Handlingen finns inte", "message": "Det finns ingen handling med det diarienumret i diariet."],
                            status: .notFound, visit)
        }
        if case .store(.caseNotFound(_)) = error {
            return page("error.html", ["title": "Ärendet finns inte", "message": "Det finns inget ärende med det numret i diariet."],
                            status: .notFound, visit)
        }
        guard error.isUserError else {
            return page("error.html", ["title": "Något gick fel", "message": "Sidan kunde inte visas just nu. Försök igen om en stund."],
                            status: .internalServerError, visit)
        }
        if case .denied(let rule, let message) = error {
            return self.message(title: "Du har inte behörighet", text: Self.sentence(message) + " [\(rule)]", status: .forbidden, visit)
        }
        let problems = error.problems.map { ["field": Self.fieldLabels[$0.field] ?? $0.field, "message": $0.message] }
        return page("error.html", ["title": "Uppgifterna kunde inte användas", "problems": problems, "hasProblems": !problems.isEmpty],
                        status: .badRequest, visit)
    }

    /// A Kit message (lower-case, no full stop) as a sentence.
    static func sentence(_ m: String) -> String {
        guard let first = m.first else { return m }
        return first.uppercased() + m.dropFirst() + (m.hasSuffix(".") ? "" : ".")
    }

    static let fieldLabels = [
        "query": "Sökord", "organisation": "Organisation", "type": "Handlingstyp", "from": "Från och med", "to": "Till och med",
        "offset": "Sida", "number": "Diarienummer", "case": "Ärendenummer", "direction": "Riktning", "page": "Sida",
        "order": "Ordning", "before": "Markör",
    ]

    /// A refusal as JSON: the user's problems with field, rule and message; a fault without its
    /// text (that is for the operator).
    func jsonRefusal(_ error: DiariumError) -> Response {
        guard error.isUserError else {
            return json(["errors": [["field": "server", "rule": "fault", "message": "Tjänsten kunde inte svara just nu."]]],
                        status: .internalServerError)
        }
        return json(["errors": error.problems.map { ["field": $0.field, "rule": $0.rule, "message": $0.message] }], status: .badRequest)
    }

    func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
