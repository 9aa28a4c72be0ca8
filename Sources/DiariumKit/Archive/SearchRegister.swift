public import DiariumModel
public import DiariumStore
import DiariumRules

extension Diarium {
    /// Searches the register. `public` searches only the public index (what the public register
    /// shows); `internal` also finds text inside registered XML, HTML and plain-text files.
    public func search(_ query: SearchQuery, scope: SearchScope) throws(DiariumError) -> [SearchHit] {
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
        do { return try store.search(query, scope: scope) } catch { throw .store(error) }
    }
}
