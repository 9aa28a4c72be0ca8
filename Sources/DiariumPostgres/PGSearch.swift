public import DiariumStore
import DiariumModel
import Foundation

/// The words the full-text tables hold, made here rather than by the server's text search
/// configuration, so that the server's locale never folds `å` into `a` nor splits a word at
/// `ö`: the same runs of letters and digits as the query (`SearchQuery.terms`), lower-cased.
enum PGSearchTerms {
    static func words(_ text: String) -> [Substring] {
        text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
    }

    /// The distinct lexemes of `texts`, for `array_to_tsvector`.
    static func lexemes(_ texts: String?...) -> [String] { lexemes(texts) }

    static func lexemes(_ texts: [String?]) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        for t in texts {
            guard let t else { continue }
            for w in words(t.precomposedStringWithCanonicalMapping) {
                let lexeme = w.lowercased()
                if seen.insert(lexeme).inserted { out.append(lexeme) }
            }
        }
        return out
    }

    /// The tsquery of a search: every word required, a prefix word as `:*`. Words are letters and
    /// digits only, so quoting them is all it takes to keep user text out of tsquery syntax.
    static func query(_ q: SearchQuery) -> String? {
        let terms = q.terms
        guard !terms.isEmpty else { return nil }
        return terms.map { "'\($0.word.lowercased())'" + ($0.prefix ? ":*" : "") }.joined(separator: " & ")
    }

    /// Matching text around the first hit, with matching words in [brackets] and `…` where text
    /// was cut, from the first of `texts` that has a match (as FTS5's `snippet` of about 12 words).
    static func snippet(_ texts: [String?], terms: [(word: String, prefix: Bool)], words limit: Int = 12) -> String? {
        let wanted = terms.map { (word: $0.word.lowercased(), prefix: $0.prefix) }
        func matches(_ w: Substring) -> Bool {
            let l = w.lowercased()
            return wanted.contains { $0.prefix ? l.hasPrefix($0.word) : l == $0.word }
        }
        for case let text? in texts {
            let text = text.precomposedStringWithCanonicalMapping
            let found = words(text)
            guard let first = found.firstIndex(where: matches) else { continue }
            let start = max(found.startIndex, min(first - limit / 4, found.endIndex - limit))
            let end = min(found.endIndex, start + limit)
            var out = start > found.startIndex ? "…" : ""
            var cursor = found[start].startIndex
            for w in found[start..<end] {
                out += text[cursor..<w.startIndex]
                out += matches(w) ? "[\(w)]" : String(w)
                cursor = w.endIndex
            }
            if end < found.endIndex { out += "…" } else { out += text[cursor...] }
            return out.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return nil
    }
}

extension PostgresStore {
    /// The register columns a search filters on, as SQL conditions and their arguments.
    static func filters(_ q: SearchQuery) -> (conditions: [String], arguments: [any PGBindable]) {
        var filters: [String] = []
        var args: [any PGBindable] = []
        if let o = q.organisation { filters.append("d.organisation = ?"); args.append(o) }
        if let codes = q.organisations {
            filters.append("d.organisation = ANY(?::text[])")
            args.append(codes)
        }
        if let f = q.from { filters.append("d.date >= ?"); args.append(f.description) }
        if let t = q.to { filters.append("d.date <= ?"); args.append(t.description) }
        if let t = q.documentType { filters.append("d.document_type = ?"); args.append(t) }
        if let d = q.direction { filters.append("d.direction = ?"); args.append(d.rawValue) }
        if let r = q.registeredBy { filters.append("d.registered_by = ?"); args.append(r) }
        return (filters, args)
    }

    /// The public search's filters: those of the query, and none of the document types the
    /// information management plan keeps out of the webbdiarium.
    func filters(_ q: SearchQuery, scope: SearchScope) throws(StoreError) -> (conditions: [String], arguments: [any PGBindable]) {
        var (filters, args) = Self.filters(q)
        if scope == .public {
            var hidden: [String] = []
            for r in try rows("SELECT code FROM plan_type WHERE published = 0") { hidden.append(try r["code"]) }
            if !hidden.isEmpty {
                filters.append("NOT (d.document_type = ANY(?::text[]))")
                args.append(hidden)
            }
        }
        return (filters, args)
    }

    public func searchCount(_ q: SearchQuery, scope: SearchScope) throws(StoreError) -> Int {
        var (filters, args) = try filters(q, scope: scope)
        let table = scope == .public ? "search_public" : "search_internal"
        let sql: String
        if let query = PGSearchTerms.query(q) {
            sql = filters.isEmpty ? "SELECT count(*) FROM \(table) s WHERE s.terms @@ ?::tsquery" : """
                SELECT count(*) FROM \(table) s JOIN document d ON d.id = s.document_id
                WHERE s.terms @@ ?::tsquery \(filters.map { "AND " + $0 }.joined(separator: " "))
                """
            args.insert(query, at: 0)
        } else {
            guard q.text.allSatisfy({ $0.isWhitespace }) else { return 0 }
            sql = "SELECT count(*) FROM document d" + (filters.isEmpty ? "" : " WHERE " + filters.joined(separator: " AND "))
        }
        guard let r = try rows(sql, args).first else { return 0 }
        return Int(try r[0] as Int64)
    }

    public func search(_ q: SearchQuery, scope: SearchScope) throws(StoreError) -> [SearchHit] {
        var (filters, args) = try filters(q, scope: scope)
        let limit = max(1, min(q.limit, 1000))
        let offset = max(0, q.offset)
        let table = scope == .public ? "search_public" : "search_internal"
        let markedColumn = scope == .public ? "NULL::text AS marked"
            : "(SELECT string_agg(m.field_path, ' ' ORDER BY m.id) FROM secrecy_marking m WHERE m.document_id = d.id) AS marked"
        // The texts a snippet is cut from, in the index's column order.
        let textColumns = scope == .public ? ["number", "title", "counterparty", "case_title", "document_type"]
            : ["number", "title", "public_title", "counterparty", "case_title", "document_type", "handler", "content"]
        let query = PGSearchTerms.query(q)
        if let query {
            filters.insert("s.terms @@ ?::tsquery", at: 0)
            args.insert(query, at: 0)
            if let b = q.before {
                filters.append("s.document_id < ?")
                args.append(b)
            }
        } else {
            guard q.text.allSatisfy({ $0.isWhitespace }) else { return [] }
            if let b = q.before {
                filters.append("d.id < ?")
                args.append(b)
            }
        }
        let order = query != nil && q.order == .relevance ? "ts_rank(s.terms, ?::tsquery) DESC, d.id DESC" : "d.id DESC"
        if query != nil, q.order == .relevance { args.append(query!) }
        let sql = """
            SELECT d.id, d.number, d.registered_at, s.title AS hit_title, d.date, d.organisation, d.document_type, d.direction,
                   c.number AS case_number, s.counterparty AS hit_counterparty, \(markedColumn)
                   \(query == nil ? "" : ", " + textColumns.map { "s.\($0) AS text_\($0)" }.joined(separator: ", "))
            FROM \(table) s JOIN document d ON d.id = s.document_id JOIN "case" c ON c.id = d.case_id
            \(filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND "))
            ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)
            """
        let terms = q.terms
        var hits: [SearchHit] = []
        for r in try rows(sql, args) {
            let counterparty: String? = try r["hit_counterparty"]
            let marked: String? = try r["marked"]
            var snippet: String?
            if query != nil {
                var texts: [String?] = []
                for column in textColumns { texts.append(try r["text_" + column]) }
                snippet = PGSearchTerms.snippet(texts, terms: terms)
            }
            hits.append(SearchHit(
                document: try r["number"], title: try r["hit_title"] as String? ?? "", date: try r["date"], caseNumber: try r["case_number"],
                organisation: try r["organisation"], documentType: try r["document_type"], direction: try r["direction"],
                counterparty: counterparty?.isEmpty == false ? counterparty : nil, snippet: snippet,
                marked: marked.map { $0.split(separator: " ").map(String.init) } ?? [],
                registeredAt: try r["registered_at"], cursor: try r["id"]))
        }
        return hits
    }
}
