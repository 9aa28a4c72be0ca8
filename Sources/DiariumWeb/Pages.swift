import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import Hummingbird

/// An HTML page or a refusal, rendered from `templates/web`.
extension Site {
    func page(_ template: String, _ context: [String: Any], status: HTTPResponse.Status = .ok) -> Response {
        var c = context
        c["siteName"] = "Webbdiariet"
        let html: String
        do { html = try templates.render(template, c) } catch {
            return Response(status: .internalServerError, headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "Sidan kunde inte visas.")))
        }
        return Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
                        body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    /// What a visitor sees when the Kit refuses: each problem's field and message for bad input,
    /// "not found" for a number that is not in the register, a plain apology for a fault (whose
    /// text is for the log of the operator, not the page).
    func refusal(_ error: DiariumError) -> Response {
        if case .store(.documentNotFound(_)) = error {
            return page("error.html", ["title": "Handlingen finns inte", "message": "Det finns ingen handling med det diarienumret i diariet."],
                            status: .notFound)
        }
        if case .store(.caseNotFound(_)) = error {
            return page("error.html", ["title": "Ärendet finns inte", "message": "Det finns inget ärende med det numret i diariet."],
                            status: .notFound)
        }
        guard error.isUserError else {
            return page("error.html", ["title": "Något gick fel", "message": "Sidan kunde inte visas just nu. Försök igen om en stund."],
                            status: .internalServerError)
        }
        let problems = error.problems.map { ["field": Self.fieldLabels[$0.field] ?? $0.field, "message": $0.message] }
        return page("error.html", ["title": "Sökningen kunde inte göras", "problems": problems, "hasProblems": !problems.isEmpty],
                        status: .badRequest)
    }

    static let fieldLabels = [
        "query": "Sökord", "organisation": "Organisation", "type": "Handlingstyp", "from": "Från och med", "to": "Till och med",
        "offset": "Sida", "number": "Diarienummer", "case": "Ärendenummer", "direction": "Riktning", "page": "Sida",
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
