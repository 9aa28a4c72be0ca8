import DiariumKit
import DiariumModel
import Foundation
import HTTPTypes
import Hummingbird

/// The registrar's disposal page (gallring): what the plan lets go by a day and what keeps the
/// rest, a dry run and the run itself under a decision, and the holds, placed and lifted with a
/// reason. The same use cases as `diarium disposal` and `diarium hold`.
extension Site {
    func disposalPage(_ request: Request, _ visit: WebContext, _ s: StaffSession, result: DisposalRunResult? = nil,
                      problems: [ValidationError] = [], status: HTTPResponse.Status = .ok) async throws -> Response {
        let q = FormQuery(request)
        let dueBy = q["per"].flatMap { $0.isEmpty ? nil : $0 }
        let typed = visit.form
        var c: [String: Any] = ["title": "Gallring", "formToken": diarium.newFormToken(), "dueBy": dueBy ?? diarium.storeToday.description,
                                "decision": typed["beslut"] ?? "", "holdNumber": typed["nr"] ?? "", "holdReason": typed["skal"] ?? ""]
        var problems = problems
        do throws(DiariumError) {
            let list: DisposalList
            do { list = try await diarium.disposalList(dueBy: dueBy, as: s.principal) } catch {
                guard error.isUserError, case .rejected = error else { throw error }
                problems += error.problems.map { ValidationError(field: "per", rule: $0.rule, message: $0.message) }
                list = try await diarium.disposalList(as: s.principal)
            }
            let holds = try await diarium.holds(as: s.principal)
            c["items"] = list.items.map(itemContext)
            c["hasItems"] = !list.items.isEmpty
            c["dueCount"] = String(list.items.filter { $0.status == .due }.count)
            c["keptCount"] = String(list.items.filter { $0.status != .due }.count)
            c["listDay"] = list.dueBy.description
            c["isToday"] = list.dueBy == diarium.storeToday
            c["holds"] = holds.enumerated().map { i, h -> [String: Any] in
                ["subject": h.subject, "reason": h.reason, "placedBy": h.placedBy, "id": "hav\(i)",
                 "placedAt": Timestamp.swedishLocal(Timestamp.iso(h.placedAt)), "link": holdLink(h.subject)]
            }
            c["hasHolds"] = !holds.isEmpty
            if let r = result {
                c["result"] = [
                    "dryRun": r.dryRun, "count": String(r.disposed.count), "decision": r.decision, "on": r.disposedOn.description,
                    "items": r.disposed.map(itemContext), "hasItems": !r.disposed.isEmpty, "objects": String(r.objectsRemoved),
                    "records": r.records.map { ["number": $0.document, "link": "/personal/handling?nr=" + Self.query($0.document)] },
                ] as [String: Any]
            }
            if let done = q["gallrat"] {
                // Only numbers: the address is the user's to type, the banner says what was registered.
                c["done"] = done.split(separator: ",").compactMap { DocumentNumber(parsing: String($0))?.description }
                    .map { ["number": $0, "link": "/personal/handling?nr=" + Self.query($0)] }
                c["nothingDone"] = done.isEmpty
            }
            let ids = ["decision": "beslut", "number": "nr", "case": "nr", "reason": "skal", "per": "per", "confirm": "bekrafta"]
            let found = FormProblems(problems, id: { ids[$0] ?? "beslut" },
                                     label: { ["beslut": "Beslut", "nr": "Nummer", "skal": "Skäl", "per": "Gallringsbara per", "bekrafta": "Bekräftelse"][$0] ?? $0 })
            c.merge(found.context) { _, new in new }
            for id in ["beslut", "nr", "skal", "per", "bekrafta"] where !found[id].isEmpty {
                c[id + "Error"] = found[id].map { Self.sentence($0.message) + " [\($0.rule)]" }.joined(separator: " ")
            }
            return page("staff-disposal.html", c, status: status, visit)
        } catch { return refusal(error, visit) }
    }

    private func itemContext(_ i: DisposalItem) -> [String: Any] {
        let kept: String = switch i.status {
        case .due: "Gallras"
        case .held: "Gallringsstopp: \(i.keptBy ?? "")"
        case .inOpenRequest: "Begärd i \(i.keptBy ?? "") som inte är avgjord"
        case .drawnUp: "Upprättad av Diarium och del av ett ärende som Diarium för; bevaras"
        }
        return ["number": i.number, "link": "/personal/handling?nr=" + Self.query(i.number), "type": i.documentTypeLabel, "title": i.title,
                "date": i.date.description, "dueOn": i.dueOn.description, "rule": i.rule, "status": kept, "isDue": i.status == .due]
    }

    private func holdLink(_ subject: String) -> String {
        DocumentNumber(parsing: subject) != nil ? "/personal/handling?nr=" + Self.query(subject) : "/arende?nr=" + Self.query(subject)
    }

    /// A dry run shows what would go; a run disposes of it once per form (the token), then the
    /// page again with the records registered.
    func postDisposal(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let decision = visit.form["beslut"] ?? ""
        let dryRun = visit.form["provkorning"] == "1"
        if !dryRun, visit.form["bekrafta"] != "1" {
            return try await disposalPage(request, visit, s, problems: [ValidationError(
                field: "confirm", rule: "disposal.not-confirmed",
                message: "kryssa i att de gallrade filerna förstörs; provkör först om du vill se vad som gallras")], status: .badRequest)
        }
        let outcome: Result<DisposalRunResult?, DiariumError>
        var submission: FormSubmission?
        do throws(DiariumError) {
            if dryRun {
                outcome = .success(try await diarium.runDisposal(decision: decision, dryRun: true, as: s.principal))
            } else {
                submission = try await diarium.submitOnce(formToken: visit.form["formToken"] ?? "", as: s.principal, { () throws(DiariumError) in
                    let r = try self.diarium.runDisposal(decision: decision, dryRun: false, as: s.principal)
                    return r.records.map(\.document).joined(separator: ",")
                })
                outcome = .success(nil)
            }
        } catch { outcome = .failure(error) }
        switch (outcome, submission) {
        case (.success(let r?), _): return try await disposalPage(request, visit, s, result: r)
        case (.success, .submitted(let records)?), (.success, .alreadySubmitted(let records)?):
            return redirect("/personal/gallring?gallrat=" + Self.query(records))
        case (.success, _): return message(title: "Gallringen pågår", text: "Vänta en stund; skicka inte formuläret igen.", status: .conflict, visit)
        case (.failure(let error), _):
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            return try await disposalPage(request, visit, s, problems: error.problems, status: .badRequest)
        }
    }

    func postHold(_ request: Request, _ visit: WebContext, _ s: StaffSession, lift: Bool) async throws -> Response {
        let number = visit.form["nr"] ?? "", reason = visit.form["skal"] ?? ""
        let refused: DiariumError?
        do throws(DiariumError) {
            if lift { _ = try await diarium.liftHold(number, reason: reason, as: s.principal) } else {
                _ = try await diarium.placeHold(number, reason: reason, as: s.principal)
            }
            refused = nil
        } catch { refused = error }
        guard let error = refused else { return redirect("/personal/gallring") }
        // A number that is not in the register is the user's too: said beside the field.
        if case .denied = error { return refusal(error, visit) }
        guard error.isUserError else { return refusal(error, visit) }
        return try await disposalPage(request, visit, s, problems: error.problems, status: .badRequest)
    }
}
