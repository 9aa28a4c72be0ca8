import DiariumKit
import DiariumModel
import DiariumRender
import Foundation
import Hummingbird

/// "Begär ut": the visitor's request list and the form that sends it as a request for public
/// documents, registered exactly as `request open` registers one (anonymous allowed).
extension Site {
    func addRequestListRoutes(to router: Router<WebContext>) {
        router.get("/begaran") { _, context in try await self.requestListPage(context, problems: []) }
        router.post("/begaran/lagg-till") { request, context in self.addToList(request, context) }
        router.post("/begaran/ta-bort") { request, context in self.removeFromList(request, context) }
        router.post("/begaran/skicka") { request, context in try await self.sendRequest(request, context) }
    }

    /// Adds a document (`nr`) or every document of a case (`arende`) to the list, and goes back.
    func addToList(_ request: Request, _ visit: WebContext) -> Response {
        var list = visit.requestList
        var added: [String] = []
        if let n = visit.form["nr"].flatMap({ DocumentNumber(parsing: CaseNumber.typed($0)) }) { added.append(n.description) }
        added += visit.form.values("dokument").compactMap { DocumentNumber(parsing: CaseNumber.typed($0))?.description }
        guard !added.isEmpty else {
            return message(title: "Inget att lägga till", text: "Ange ett diarienummer för en handling.", status: .badRequest, visit)
        }
        for n in added where !list.contains(n) { list.append(n) }
        guard list.count <= RequestList.maxCount else {
            return message(title: "Listan är full", text: "En begäran kan ta högst \(RequestList.maxCount) handlingar. Skicka listan och gör sedan en ny.",
                           status: .badRequest, visit)
        }
        var response = redirect(Self.localPath(visit.form["tillbaka"]) ?? "/begaran")
        response.setCookie(cookie(VisitMiddleware.listCookie, RequestList.cookieValue(list), request: request))
        return response
    }

    func removeFromList(_ request: Request, _ visit: WebContext) -> Response {
        let gone = visit.form["nr"].flatMap { DocumentNumber(parsing: CaseNumber.typed($0))?.description }
        let list = visit.requestList.filter { $0 != gone }
        var response = redirect("/begaran")
        response.setCookie(cookie(VisitMiddleware.listCookie, RequestList.cookieValue(list), request: request))
        return response
    }

    func requestListPage(_ visit: WebContext, problems: [ValidationError], typed: FormBody = FormBody(), status: HTTPResponse.Status = .ok) async throws -> Response {
        var items: [[String: Any]] = []
        var missing: [String] = []
        for n in visit.requestList {
            do throws(DiariumError) {
                let v = try await diarium.view(n, audience: .public, as: visitor)
                items.append(["number": v.number, "title": v.publicTitle, "date": v.date, "organisation": v.organisation.name,
                              "link": "/handling?nr=" + Self.query(v.number)])
            } catch { missing.append(n) }
        }
        let found = FormProblems(problems, id: Self.requestFieldID, label: Self.requestFieldLabel)
        func field(_ id: String, _ label: String, hint: String? = nil, type: String = "text") -> [String: Any] {
            FormField(id: id, label: label, value: typed[id] ?? "", hint: hint, errors: found[id], type: type).context
        }
        var c: [String: Any] = [
            "title": "Begär ut handlingar",
            "items": items, "hasItems": !items.isEmpty, "missing": missing, "hasMissing": !missing.isEmpty,
            "formToken": typed["formToken"] ?? diarium.newFormToken(),
            "description": field("beskrivning", "Vad vill du ta del av?",
                                 hint: items.isEmpty ? "Beskriv handlingarna så att vi kan hitta dem, t.ex. ärende, period eller ämne."
                                     : "Frivilligt när du har valt handlingar i listan. Din text visas inte i det allmänna diariet."),
            "requester": field("namn", "Namn (frivilligt)"),
            "email": field("epost", "E-post (frivilligt)", hint: "Om du vill få handlingarna eller besked per e-post.", type: "email"),
            "phone": field("telefon", "Telefon (frivilligt)", type: "tel"),
            "address": field("adress", "Postadress (frivilligt)", hint: "Om du vill ha papperskopior med post."),
            "organisation": field("organisation", "Till vilken myndighet?"),
            "organisations": diarium.organisationNames.map { ["code": $0.code, "name": $0.name, "selected": $0.code == typed["organisation"]] },
            "formats": AccessFormat.allCases.map { ["code": $0.rawValue, "label": $0.swedishLabel,
                                                    "selected": $0.rawValue == (typed["format"] ?? AccessFormat.electronicCopy.rawValue)] },
        ]
        c.merge(found.context) { _, new in new }
        c["problemsTitle"] = "Begäran kunde inte skickas"
        return page("request-list.html", c, status: status, visit)
    }

    /// Sends the list: one request per organisation whose documents are in it (each authority
    /// answers for its own documents), or one to the organisation chosen when the list is empty.
    func sendRequest(_ request: Request, _ visit: WebContext) async throws -> Response {
        if let refused = unknownFields(visit, allowed: ["csrf", "formToken", "beskrivning", "namn", "epost", "telefon", "adress", "format", "organisation"]) {
            return refused
        }
        let f = visit.form
        var byOrganisation: [(code: String, documents: [String])] = []
        for n in visit.requestList {
            guard let doc = try? await diarium.view(n, audience: .public, as: visitor) else { continue }
            if let i = byOrganisation.firstIndex(where: { $0.code == doc.organisation.code }) {
                byOrganisation[i].documents.append(n)
            } else {
                byOrganisation.append((doc.organisation.code, [n]))
            }
        }
        let description = (f["beskrivning"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        // Without documents the request goes to the organisation chosen; none chosen is refused
        // inside the send, so that a form sent again is still recognised as sent.
        let noOrganisation = byOrganisation.isEmpty && (f["organisation"] ?? "").isEmpty
        if byOrganisation.isEmpty { byOrganisation = [(f["organisation"] ?? "", [])] }
        var inputs: [Data] = []
        for group in byOrganisation {
            var o: [String: Any] = [
                "organisation": group.code,
                "receivedAt": Timestamp.iso(Date()),
                "channel": AccessChannel.web.rawValue,
                "format": f["format"] ?? "",
                "description": description.isEmpty && !group.documents.isEmpty ? "De handlingar som anges i begäran." : description,
                "documents": group.documents,
                "requester": f["namn"].flatMap { $0.isEmpty ? nil : $0 } ?? NSNull(),
            ]
            var contact: [String: String] = [:]
            for (key, name) in [("email", "epost"), ("phone", "telefon"), ("address", "adress")] where !(f[name] ?? "").isEmpty { contact[key] = f[name] }
            if !contact.isEmpty { o["contact"] = contact }
            guard let data = try? JSONSerialization.data(withJSONObject: o) else { continue }
            inputs.append(data)
        }
        let token = f["formToken"] ?? ""
        // A script filling the register with requests meets a limit per address.
        do throws(DiariumError) { try await diarium.admitPublicRequest(address: visit.remoteAddress) } catch {
            guard case .denied(_, let text) = error else { return refusal(error, visit) }
            return message(title: "För många begäranden", text: Self.sentence(text), status: .tooManyRequests, visit)
        }
        let diarium = self.diarium, visitor = self.visitor, inputsToSend = inputs
        let receipts = ReceiptBox()
        do throws(DiariumError) {
            let outcome = try await diarium.submitOnce(formToken: token, as: visitor) { () throws(DiariumError) -> String in
                if noOrganisation {
                    throw .rejected(InputRejected([ValidationError(field: "organisation", rule: "required", message: "välj den myndighet som har handlingarna")]))
                }
                var numbers: [String] = []
                for input in inputsToSend {
                    do throws(DiariumError) {
                        let r = try diarium.openRequest(input, as: visitor)
                        receipts.append(r)
                        numbers.append(r.request)
                    } catch {
                        // The first refused: nothing was sent, the form may be sent again. A later
                        // one: those before it are registered and the form is sent; the page
                        // says what was not.
                        guard !numbers.isEmpty else { throw error }
                        receipts.failure = error
                        break
                    }
                }
                return numbers.joined(separator: ",")
            }
            var response: Response
            // The list is sent: the page says so, as the cleared cookie will.
            var sent = visit
            sent.requestList = []
            switch outcome {
            case .submitted:
                var c = receiptContext(receipts.all)
                if let failure = receipts.failure {
                    c["partial"] = "En del av begäran kunde inte registreras: "
                        + failure.problems.map { Self.sentence($0.message) }.joined(separator: " ")
                        + " Begär ut de handlingar som saknas ovan en gång till."
                }
                response = page("request-receipt.html", c, sent)
            case .alreadySubmitted(let numbers):
                response = page("request-receipt.html", ["title": "Din begäran är redan skickad", "again": true,
                                                         "requests": numbers.split(separator: ",").enumerated().map { ["request": String($0.element), "anchor": "kvitto-\($0.offset + 1)"] }], sent)
            case .inProgress:
                return message(title: "Din begäran skickas", text: "Formuläret skickas redan. Vänta en stund; skicka det inte igen.", status: .conflict, visit)
            }
            response.setCookie(cookie(VisitMiddleware.listCookie, "", request: request, maxAge: 0))
            return response
        } catch {
            guard error.isUserError else { return refusal(error, visit) }
            return try await requestListPage(visit, problems: error.problems, typed: f, status: .badRequest)
        }
    }

    func receiptContext(_ receipts: [RequestReceipt]) -> [String: Any] {
        [
            "title": receipts.count == 1 ? "Din begäran är mottagen" : "Dina begäranden är mottagna",
            "requests": receipts.enumerated().map { i, r -> [String: Any] in
                ["request": r.request, "anchor": "kvitto-\(i + 1)", "receivedOn": r.receivedOn.description, "target": r.target.description,
                 "sameDay": r.target == r.receivedOn, "reference": r.deadlineReference ?? "", "documents": r.documents,
                 "hasDocuments": !r.documents.isEmpty]
            },
        ]
    }

    /// The form's id of a field the Kit names by its place in the request.
    static func requestFieldID(_ field: String) -> String {
        switch field {
        case "requester": "namn"
        case "contact.email": "epost"
        case "contact.phone": "telefon"
        case "contact.address": "adress"
        case "description": "beskrivning"
        case "format": "format"
        default: field.hasPrefix("documents") ? "lista" : "organisation"
        }
    }

    static func requestFieldLabel(_ id: String) -> String {
        ["namn": "Namn", "epost": "E-post", "telefon": "Telefon", "adress": "Postadress", "beskrivning": "Vad vill du ta del av?",
         "format": "Hur vill du ta del av handlingarna?", "organisation": "Myndighet", "lista": "Begärda handlingar"][id] ?? id
    }

    /// A path on this site to go back to (`/sok?…`), never another site's address.
    static func localPath(_ value: String?) -> String? {
        guard let value, value.hasPrefix("/"), !value.hasPrefix("//"), !value.contains("\\"), value.count < 2000,
              !value.unicodeScalars.contains(where: { $0.value < 0x20 }) else { return nil }
        return value
    }
}

/// Receipts collected inside a send that runs on the Kit's queue, and the refusal of a part that
/// could not be sent after others were.
final class ReceiptBox: @unchecked Sendable {
    private var receipts: [RequestReceipt] = []
    private var refusal: DiariumError?
    private let lock = NSLock()

    var failure: DiariumError? {
        get { lock.lock(); defer { lock.unlock() }; return refusal }
        set { lock.lock(); refusal = newValue; lock.unlock() }
    }

    func append(_ r: RequestReceipt) {
        lock.lock()
        receipts.append(r)
        lock.unlock()
    }

    var all: [RequestReceipt] {
        lock.lock()
        defer { lock.unlock() }
        return receipts
    }
}
