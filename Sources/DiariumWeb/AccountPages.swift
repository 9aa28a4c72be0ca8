import DiariumKit
import DiariumModel
import Foundation
import Hummingbird

/// Logging in and out, and changing one's password (a one-time password first of all).
extension Site {
    /// A form of fixed fields that sent another (or a file): refused, nothing done.
    func unknownFields(_ visit: WebContext, allowed: Set<String>) -> Response? {
        guard let name = visit.form.fields.first(where: { !allowed.contains($0.name) })?.name ?? visit.form.files.first?.field else { return nil }
        return message(title: "Formuläret kunde inte tas emot",
                       text: "Formuläret innehöll ett fält som det inte har (\(String(name.prefix(80)))). Ingenting har sparats. [form.unknown-field]",
                       status: .badRequest, visit)
    }

    func addAccountRoutes(to router: Router<WebContext>) {
        router.get("/logga-in") { request, context in self.loginPage(context, next: FormQuery(request)["till"]) }
        router.post("/logga-in") { request, context in try await self.logIn(request, context) }
        router.post("/logga-ut") { request, context in try await self.logOut(request, context) }
        router.get("/konto/losenord") { _, context in self.passwordPage(context) }
        router.post("/konto/losenord") { request, context in try await self.changePassword(request, context) }
    }

    func loginPage(_ visit: WebContext, next: String?, name: String = "", error: String? = nil, status: HTTPResponse.Status = .ok) -> Response {
        if visit.session != nil, error == nil { return redirect(Self.localPath(next) ?? "/personal") }
        var c: [String: Any] = ["title": "Logga in", "name": name, "next": Self.localPath(next) ?? ""]
        if let error { c["error"] = error }
        return page("login.html", c, status: status, visit)
    }

    func logIn(_ request: Request, _ visit: WebContext) async throws -> Response {
        if let refused = unknownFields(visit, allowed: ["csrf", "namn", "losenord", "till"]) { return refused }
        let name = visit.form["namn"] ?? "", password = visit.form["losenord"] ?? ""
        let next = visit.form["till"]
        do throws(DiariumError) {
            let grant = try await diarium.logIn(name: name, password: password, address: visit.remoteAddress)
            // A login over another one ends that one.
            if let old = visit.sessionToken { try await diarium.logOut(token: old) }
            var response = redirect(grant.mustChangePassword ? "/konto/losenord" : Self.localPath(next) ?? "/personal")
            response.setCookie(cookie(VisitMiddleware.sessionCookie, grant.token, request: request))
            return response
        } catch {
            guard case .denied(let rule, let message) = error else { return refusal(error, visit) }
            return loginPage(visit, next: next, name: name, error: Self.sentence(message),
                             status: rule == "login.throttled" ? .tooManyRequests : .unauthorized)
        }
    }

    func logOut(_ request: Request, _ visit: WebContext) async throws -> Response {
        if let token = visit.sessionToken {
            do throws(DiariumError) { try await diarium.logOut(token: token) } catch { return refusal(error, visit) }
        }
        var response = redirect("/logga-in?utloggad=1")
        response.setCookie(cookie(VisitMiddleware.sessionCookie, "", request: request, maxAge: 0))
        return response
    }

    func passwordPage(_ visit: WebContext, problems: [ValidationError] = [], status: HTTPResponse.Status = .ok) -> Response {
        guard let s = visit.session else { return redirect("/logga-in?till=%2Fkonto%2Flosenord") }
        let found = FormProblems(problems, id: { $0 }, label: { ["current": "Nuvarande lösenord", "new": "Nytt lösenord", "repeated": "Nytt lösenord igen"][$0] ?? $0 })
        var c: [String: Any] = [
            "title": s.mustChangePassword ? "Välj ett eget lösenord" : "Byt lösenord", "mustChange": s.mustChangePassword,
            "current": FormField(id: "current", label: s.mustChangePassword ? "Engångslösenord" : "Nuvarande lösenord", errors: found["current"], type: "password").context,
            "new": FormField(id: "new", label: "Nytt lösenord", hint: "Minst 12 tecken. En mening av några ord är lätt att minnas och svår att gissa.",
                             errors: found["new"], type: "password").context,
            "repeated": FormField(id: "repeated", label: "Nytt lösenord igen", errors: found["repeated"], type: "password").context,
        ]
        c.merge(found.context) { _, new in new }
        return page("password.html", c, status: status, visit)
    }

    func changePassword(_ request: Request, _ visit: WebContext) async throws -> Response {
        guard let token = visit.sessionToken else { return redirect("/logga-in") }
        if let refused = unknownFields(visit, allowed: ["csrf", "current", "new", "repeated"]) { return refused }
        let f = visit.form
        do throws(DiariumError) {
            try await diarium.changePassword(token: token, current: f["current"] ?? "", new: f["new"] ?? "", repeated: f["repeated"] ?? "")
            return redirect("/personal?losenord=bytt")
        } catch {
            guard case .rejected(let r) = error else { return refusal(error, visit) }
            return passwordPage(visit, problems: r.errors, status: .badRequest)
        }
    }
}
