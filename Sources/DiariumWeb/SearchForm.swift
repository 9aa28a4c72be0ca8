import DiariumKit
import DiariumModel
import DiariumStore
import Foundation
import Hummingbird

/// The public search as its URL carries it: `q`, `organisation`, `typ`, `riktning`, `fran`,
/// `till`, `sida`. Every field is kept as typed, so the form shows it again.
struct SearchForm {
    var text = ""
    var organisation = ""
    var documentType = ""
    var direction = ""
    var from = ""
    var to = ""
    var pageText = ""
    /// `nyast` (default) or `relevans`.
    var order = ""
    /// The JSON's cursor: hits registered before this one.
    var cursorText = ""

    init() {}

    init(_ p: FormQuery) {
        func value(_ name: String) -> String { (p[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines) }
        text = value("q")
        organisation = value("organisation")
        documentType = value("typ")
        direction = value("riktning")
        from = value("fran")
        to = value("till")
        pageText = value("sida")
        order = value("ordning")
        cursorText = value("efter")
    }

    var searchOrder: SearchOrder { order == "relevans" ? .relevance : .newest }

    /// The page asked for, from 1.
    var page: Int { Int(pageText).map { max(1, $0) } ?? 1 }

    /// The Kit's query for this form, or the problems with what was typed.
    func query(pageSize: Int) throws(DiariumError) -> SearchQuery {
        var problems: [ValidationError] = []
        func date(_ text: String, _ field: String) -> CivilDate? {
            guard !text.isEmpty else { return nil }
            guard let d = CivilDate(parsing: text) else {
                problems.append(ValidationError(field: field, rule: "date.invalid", message: "ska vara ett datum ÅÅÅÅ-MM-DD"))
                return nil
            }
            return d
        }
        let fromDate = date(from, "from"), toDate = date(to, "to")
        var dir: Direction?
        if !direction.isEmpty {
            dir = Direction(rawValue: direction)
            if dir == nil { problems.append(ValidationError(field: "direction", rule: "direction.unknown", message: "är ingen känd riktning")) }
        }
        if !order.isEmpty, order != "nyast", order != "relevans" {
            problems.append(ValidationError(field: "order", rule: "order.unknown", message: "ska vara nyast eller relevans"))
        }
        if !cursorText.isEmpty, Int64(cursorText).map({ $0 >= 1 }) != true {
            problems.append(ValidationError(field: "before", rule: "cursor.invalid", message: "ska vara en markör från en tidigare sida"))
        }
        if !pageText.isEmpty, Int(pageText).map({ $0 >= 1 }) != true {
            problems.append(ValidationError(field: "page", rule: "page.invalid", message: "ska vara ett sidnummer från 1"))
        }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        var q = SearchQuery(text: text, organisation: organisation.isEmpty ? nil : organisation, from: fromDate, to: toDate,
                            documentType: documentType.isEmpty ? nil : documentType, direction: dir, limit: pageSize)
        q.offset = (page - 1).multipliedReportingOverflow(by: pageSize).partialValue
        q.order = searchOrder
        if let c = Int64(cursorText) {
            q.before = c
            q.offset = 0
        }
        return q
    }

    /// The search's words and filters as query items.
    var filterItems: [URLQueryItem] {
        [("q", text), ("organisation", organisation), ("typ", documentType), ("riktning", direction), ("fran", from), ("till", to)]
            .filter { !$0.1.isEmpty }.map { URLQueryItem(name: $0.0, value: $0.1) }
    }

    /// This search's link at `page`.
    func link(page: Int) -> String {
        var items = filterItems
        if searchOrder == .relevance { items.append(URLQueryItem(name: "ordning", value: "relevans")) }
        items.append(URLQueryItem(name: "sida", value: String(page)))
        return Self.link(items)
    }

    /// This search's link after the hit with `cursor` (newest first), for the JSON's paging.
    func link(after cursor: Int64) -> String {
        Self.link(filterItems + [URLQueryItem(name: "efter", value: String(cursor))])
    }

    static func link(_ items: [URLQueryItem]) -> String {
        var c = URLComponents()
        c.path = "/sok"
        c.queryItems = items
        // A plus typed into the box must stay a plus: the form's reading takes + for a space.
        c.percentEncodedQuery = c.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        return c.string ?? "/sok"
    }

    /// The entry or case page when the search text is a diarienummer and nothing else is asked.
    var numberTarget: String? {
        guard organisation.isEmpty, documentType.isEmpty, direction.isEmpty, from.isEmpty, to.isEmpty else { return nil }
        let typed = CaseNumber.typed(text)
        if let n = DocumentNumber(parsing: typed) { return "/handling?nr=" + Site.query(n.description) }
        if let c = CaseNumber(parsing: typed) { return "/arende?nr=" + Site.query(c.description) }
        return nil
    }

}

/// A query string as a browser's form sends it (`application/x-www-form-urlencoded`): `+` is a
/// space and `%2B` a plus, which a plain percent-decoding would confuse. The first value of a
/// name counts.
struct FormQuery {
    private var values: [String: String] = [:]

    init(_ request: Request) { self.init(raw: request.uri.query ?? "") }

    init(raw: String) {
        for pair in raw.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String? {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            }
            guard let name = decode(parts[0]), let value = parts.count > 1 ? decode(parts[1]) : "" else { continue }
            if values[name] == nil { values[name] = value }
        }
    }

    subscript(name: String) -> String? { values[name] }
}
