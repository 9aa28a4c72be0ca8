import DiariumModel
import DiariumStore
import DiariumRules
import DiariumRender
import Foundation

extension Diarium {
    func search(_ query: SearchQuery, scope: SearchScope) throws(DiariumError) -> [SearchHit] {
        let query = try checked(query, scope: scope)
        do { return try store.search(query, scope: scope) } catch { throw .store(error) }
    }

    /// How many documents `query` finds in all, under the same checks and restrictions. A count
    /// is kept until the register changes (the audit chain's head moves), so that the pages of
    /// one search, and the same search by many visitors, count once.
    func searchCount(_ query: SearchQuery, scope: SearchScope) throws(DiariumError) -> Int {
        var query = try checked(query, scope: scope)
        query.limit = 0
        query.offset = 0
        query.before = nil
        let key = CountCache.Key(query: query, scope: scope)
        do {
            let version = try store.lastAuditEventID()
            if let known = countCache.count(key, at: version) { return known }
            let count = try store.searchCount(query, scope: scope)
            countCache.keep(count, for: key, at: version)
            return count
        } catch { throw .store(error) }
    }

    /// `query` validated, and for the internal index restricted to the principal's organisations.
    private func checked(_ query: SearchQuery, scope: SearchScope) throws(DiariumError) -> SearchQuery {
        var problems: [ValidationError] = []
        if !(0...Self.maxSearchOffset).contains(query.offset) {
            problems.append(ValidationError(field: "offset", rule: "offset.range", message: "ska vara 0–\(Self.maxSearchOffset)"))
        }
        if let b = query.before {
            if query.order == .relevance {
                problems.append(ValidationError(field: "before", rule: "cursor.order", message: "gäller bara sökningar med nyast först; bläddra med sidnummer när träffarna ordnas efter relevans"))
            } else if b < 1 {
                problems.append(ValidationError(field: "before", rule: "cursor.invalid", message: "ska vara en markör från en tidigare sida"))
            }
        }
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
        return query
    }

    /// How far into the hits a page may start: page 1 000 of 20 and then some; beyond it, a
    /// narrower search.
    static let maxSearchOffset = 100_000

    /// The documents of the case `caseText` for `audience`, in order: the public view for the
    /// public; the full view only for staff of the case's organisation.
    func caseEntries(_ caseText: String, audience: Audience) throws(DiariumError) -> [RegisterView] {
        guard let number = CaseNumber(parsing: caseText) else {
            throw .reject("case", "case-number.invalid", "ska vara ett ärendenummer, t.ex. RS 2026/0042")
        }
        if audience == .full { try requireStaff("se handlingar med sekretessmarkerade uppgifter") }
        let documents = try stored { () throws(StoreError) in try store.documents(inCase: number) }
        guard let first = documents.first else { throw .store(.caseNotFound(number.description)) }
        if audience == .full { try requireOrganisation(first.entry.organisation.code) }
        return documents.map { RegisterView($0.entry, for: audience, legal: legal).disposed($0.disposal) }
    }
}

/// Search counts by query, each valid while the register is at the version it was counted at.
/// Bounded: at its size it starts over.
final class CountCache: @unchecked Sendable {
    struct Key: Hashable {
        let query: SearchQuery
        let scope: SearchScope
    }

    private var counts: [Key: (version: Int64, count: Int)] = [:]
    private let lock = NSLock()
    private let capacity = 10_000

    func count(_ key: Key, at version: Int64) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard let entry = counts[key], entry.version == version else { return nil }
        return entry.count
    }

    func keep(_ count: Int, for key: Key, at version: Int64) {
        lock.lock()
        defer { lock.unlock() }
        if counts.count >= capacity { counts.removeAll(keepingCapacity: true) }
        counts[key] = (version, count)
    }
}
