import DiariumModel
import DiariumStore
import DiariumRules

extension Diarium {
    func search(_ query: SearchQuery, scope: SearchScope) throws(DiariumError) -> [SearchHit] {
        var problems: [ValidationError] = []
        if query.text.count > 500 {
            problems.append(ValidationError(field: "query", rule: "text.max-length", message: "får vara högst 500 tecken"))
        }
        if query.ftsPattern == nil, !query.text.allSatisfy(\.isWhitespace) {
            problems.append(ValidationError(field: "query", rule: "query.no-words", message: "innehåller inga sökbara ord (bokstäver eller siffror)"))
        }
        if let o = query.organisation, store.config.organisation(o) == nil {
            problems.append(ValidationError(field: "organisation", rule: "organisation.unknown",
                                            message: "finns inte i konfigurationen; välj en av: \(store.config.organisations.map(\.code).joined(separator: ", "))"))
        }
        if let t = query.documentType, legal.documentType(t) == nil {
            problems.append(ValidationError(field: "type", rule: "document-type.unknown", message: "är ingen känd handlingstyp"))
        }
        if let f = query.from, let t = query.to, f > t {
            problems.append(ValidationError(field: "from", rule: "date-range.order", message: "ligger efter to"))
        }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        var query = query
        if scope == .internal {
            // Staff search what their organisations hold: the internal index shows marked values.
            try requireStaff("söka i handlingarnas interna uppgifter")
            if let o = query.organisation { try requireOrganisation(o) }
            if case .only(let codes) = principal.organisations { query.organisations = codes.sorted() }
        }
        do { return try store.search(query, scope: scope) } catch { throw .store(error) }
    }
}
