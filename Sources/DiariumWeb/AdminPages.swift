import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import HTTPTypes
import Hummingbird

/// The administrator's pages: accounts and their roles, the audit log filtered by who, what and
/// when, and the archive's check (`verify`) with its result.
extension Site {
    func accountsPage(_ request: Request, _ visit: WebContext, _ s: StaffSession, notice: String? = nil, oneTime: OneTimePassword? = nil,
                      problems: [ValidationError] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        do throws(DiariumError) {
            let accounts = try await diarium.listUsers(as: s.principal)
            let orgs = organisationChoices(s)
            let typed = visit.form
            let found = FormProblems(problems, id: { ["name": "namn", "role": "roller", "organisation": "organisationer"][$0] ?? "konto-fel" },
                                     label: { ["namn": "Namn", "roller": "Roller", "organisationer": "Organisationer", "konto-fel": "Kontot"][$0] ?? $0 })
            var c: [String: Any] = [
                "title": "Konton och roller",
                "accounts": accounts.enumerated().map { i, a -> [String: Any] in
                    // By position: two names may differ only in characters an id cannot hold.
                    let id = "konto\(i)"
                    return ["name": a.name, "id": id, "disabled": a.disabled, "mustChange": a.mustChangePassword,
                            "created": Timestamp.swedishLocal(a.createdAt), "self": a.name == s.account,
                            "roles": Principal.Role.allCases.map { r in ["code": r.rawValue, "label": r.label, "checked": a.roles.contains(r.rawValue), "id": "\(id)-\(r.rawValue)"] },
                            "organisations": orgs.map { o in ["code": o.code, "label": o.label, "checked": a.organisations.contains(o.code), "id": "\(id)-org-\(o.code)"] },
                            "roleLabels": a.roles.compactMap { Principal.Role(rawValue: $0)?.label }.joined(separator: ", "),
                            "organisationLabels": a.organisations.joined(separator: ", ")]
                },
                "newName": typed["namn"] ?? "",
                "newRoles": Principal.Role.allCases.map { r in ["code": r.rawValue, "label": r.label, "checked": typed.values("roll").contains(r.rawValue), "id": "ny-\(r.rawValue)"] },
                "newOrganisations": orgs.map { o in ["code": o.code, "label": o.label, "checked": typed.values("organisation").contains(o.code) || orgs.count == 1, "id": "ny-org-\(o.code)"] },
            ]
            if let notice { c["notice"] = notice }
            if let oneTime { c["oneTime"] = ["account": oneTime.account, "password": oneTime.password] }
            c.merge(found.context) { _, new in new }
            for (key, id) in [("nameError", "namn"), ("rolesError", "roller"), ("organisationsError", "organisationer")] where !found[id].isEmpty {
                c[key] = found[id].map { Self.sentence($0.message) + " [\($0.rule)]" }.joined(separator: " ")
            }
            return page("staff-accounts.html", c, status: status, visit)
        } catch { return refusal(error, visit) }
    }

    func postAccount(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let f = visit.form
        let roles = Set(f.values("roll").compactMap(Principal.Role.init(rawValue:)))
        if let odd = f.values("roll").first(where: { Principal.Role(rawValue: $0) == nil }) {
            return try await accountsPage(request, visit, s, problems: [ValidationError(field: "role", rule: "account.role-unknown",
                                                                             message: "\(String(odd.prefix(40))) är ingen roll; välj bland rollerna")], status: .badRequest)
        }
        let orgs = Set(f.values("organisation"))
        let name = f["namn"] ?? ""
        let done: (notice: String, oneTime: OneTimePassword?, clear: Bool)
        do throws(DiariumError) {
            switch f["action"] ?? "" {
            case "lagg-till":
                let otp = try await diarium.addUser(name, roles: roles, organisations: orgs, as: s.principal)
                done = ("Kontot \(otp.account) är skapat.", otp, true)
            case "andra":
                let a = try await diarium.changeUser(name, roles: roles, organisations: orgs, as: s.principal)
                let labels = a.roles.compactMap { Principal.Role(rawValue: $0)?.label }
                done = ("Kontot \(a.name) har nu \(labels.count == 1 ? "rollen" : "rollerna") \(labels.joined(separator: ", ")). Dess inloggningar är avslutade.", nil, true)
            case "stang-av":
                _ = try await diarium.disableUser(name, as: s.principal)
                done = ("Kontot \(name) är avstängt och dess inloggningar avslutade.", nil, true)
            case "aterstall":
                let otp = try await diarium.resetPassword(name, as: s.principal)
                done = ("Kontot \(otp.account) har fått ett nytt engångslösenord.", otp, true)
            default:
                return message(title: "Formuläret kunde inte tas emot", text: "Okänd åtgärd. Ingenting har sparats. [form.unknown-action]", status: .badRequest, visit)
            }
        } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            return try await accountsPage(request, visit, s, problems: error.problems, status: .badRequest)
        }
        var clean = visit
        if done.clear { clean.form = FormBody() }
        return try await accountsPage(request, clean, s, notice: done.notice, oneTime: done.oneTime)
    }

    func auditLogPage(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let f = FormQuery(request)
        func value(_ n: String) -> String? { f[n].flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0.trimmingCharacters(in: .whitespaces) } }
        let q = AuditQuery(actor: value("vem"), action: value("vad"), from: value("fran"), to: value("till"), before: value("fore").flatMap(Int64.init), limit: 50)
        var c: [String: Any] = ["title": "Granskningsloggen", "actor": q.actor ?? "", "action": q.action ?? "", "from": q.from ?? "", "to": q.to ?? ""]
        let actions: [String] = ["register", "request", "account", "agreements.import", "purchases.import", "register.failed"]
        c["actions"] = actions.map { a -> [String: Any] in ["code": a, "selected": a == (q.action ?? "")] }
        do throws(DiariumError) {
            let log = try await diarium.auditLog(q, as: s.principal)
            let events = log.entries
            c["events"] = events.map { e -> [String: Any] in
                var d: [String: Any] = ["id": String(e.id), "at": Timestamp.swedishLocal(e.at), "actor": e.actor, "action": e.action, "subject": e.subject ?? "",
                                        "detail": e.detail.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")]
                if let subject = e.subject, DocumentNumber(parsing: subject) != nil { d["link"] = "/personal/handling?nr=" + Self.query(subject) }
                return d
            }
            c["hasEvents"] = !events.isEmpty
            if let next = log.next {
                var parts = ["fore=\(next)"]
                for (k, v) in [("vem", q.actor), ("vad", q.action), ("fran", q.from), ("till", q.to)] { if let v { parts.append(k + "=" + Self.query(v)) } }
                c["older"] = "/personal/admin/logg?" + parts.joined(separator: "&")
            }
            return page("staff-audit-log.html", c, visit)
        } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            let found = FormProblems(error.problems, id: { ["from": "fran", "to": "till", "actor": "vem", "action": "vad"][$0] ?? "fran" },
                                     label: { ["fran": "Från och med", "till": "Till och med", "vem": "Vem", "vad": "Vad"][$0] ?? $0 })
            c.merge(found.context) { _, new in new }
            for id in ["fran", "till", "vem", "vad"] where !found[id].isEmpty { c[id + "Error"] = found[id].map { Self.sentence($0.message) }.joined(separator: " ") }
            return page("staff-audit-log.html", c, status: .badRequest, visit)
        }
    }

    func verifyPage(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        page("staff-verify.html", ["title": "Kontrollera arkivet"], visit)
    }

    func postVerify(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        do throws(DiariumError) {
            let started = Date()
            let r = try await diarium.verify(as: s.principal)
            let c: [String: Any] = [
                "title": "Kontrollera arkivet", "ran": true, "intact": r.isIntact, "seconds": String(format: "%.1f", Date().timeIntervalSince(started)).replacingOccurrences(of: ".", with: ","),
                "objects": String(r.objectsChecked), "documents": String(r.documentsChecked), "events": String(r.auditEventsChecked),
                "damage": r.damage.map { ["subject": $0.subject, "message": Self.sentence($0.message), "kind": $0.kind] },
                "notices": r.notices.map { ["subject": $0.subject, "message": Self.sentence($0.message), "kind": $0.kind] },
                "hasNotices": !r.notices.isEmpty,
            ]
            return page("staff-verify.html", c, visit)
        } catch { return refusal(error, visit) }
    }
}
