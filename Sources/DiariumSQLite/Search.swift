public import DiariumStore
import DiariumModel
import Foundation
import GRDB

extension SQLiteStore {
    /// The register columns a search filters on, as SQL conditions and their arguments.
    static func filters(_ q: SearchQuery) -> (conditions: [String], arguments: [any DatabaseValueConvertible]) {
        var filters: [String] = []
        var args: [any DatabaseValueConvertible] = []
        if let o = q.organisation { filters.append("d.organisation = ?"); args.append(o) }
        if let codes = q.organisations {
            filters.append(codes.isEmpty ? "0" : "d.organisation IN (\(codes.map { _ in "?" }.joined(separator: ", ")))")
            args += codes as [any DatabaseValueConvertible]
        }
        if let f = q.from { filters.append("d.date >= ?"); args.append(f.description) }
        if let t = q.to { filters.append("d.date <= ?"); args.append(t.description) }
        if let t = q.documentType { filters.append("d.document_type = ?"); args.append(t) }
        if let d = q.direction { filters.append("d.direction = ?"); args.append(d.rawValue) }
        if let r = q.registeredBy { filters.append("d.registered_by = ?"); args.append(r) }
        return (filters, args)
    }

    /// The public search's filters: those of the query, and none of the document types the
    /// information management plan keeps out of the webbdiarium (a condition added only when the
    /// plan has such a type, so the common case keeps its index-only count).
    func filters(_ q: SearchQuery, scope: SearchScope) throws(StoreError) -> (conditions: [String], arguments: [any DatabaseValueConvertible]) {
        var (filters, args) = Self.filters(q)
        if scope == .public {
            let hidden = try read { db in try String.fetchAll(db, sql: "SELECT code FROM plan_type WHERE published = 0") }
            if !hidden.isEmpty {
                filters.append("d.document_type NOT IN (\(hidden.map { _ in "?" }.joined(separator: ", ")))")
                args += hidden as [any DatabaseValueConvertible]
            }
        }
        return (filters, args)
    }

    public func searchCount(_ q: SearchQuery, scope: SearchScope) throws(StoreError) -> Int {
        var (filters, args) = try filters(q, scope: scope)
        let table = scope == .public ? "search_public" : "search_internal"
        let sql: String
        if let pattern = q.ftsPattern {
            // Without filters the full-text index counts alone, with no lookup of each document.
            sql = filters.isEmpty ? "SELECT count(*) FROM \(table) WHERE \(table) MATCH ?" : """
                SELECT count(*) FROM \(table) s JOIN document d ON d.id = s.rowid
                WHERE \(table) MATCH ? \(filters.map { "AND " + $0 }.joined(separator: " "))
                """
            args.insert(pattern, at: 0)
        } else {
            guard q.text.allSatisfy({ $0.isWhitespace }) else { return 0 }
            sql = "SELECT count(*) FROM document d" + (filters.isEmpty ? "" : " WHERE " + filters.joined(separator: " AND "))
        }
        return try read { db in try Int.fetchOne(db, sql: sql, arguments: StatementArguments(args)) ?? 0 }
    }

    public func search(_ q: SearchQuery, scope: SearchScope) throws(StoreError) -> [SearchHit] {
        var (filters, args) = try filters(q, scope: scope)
        let limit = max(1, min(q.limit, 1000))
        let offset = max(0, q.offset)
        let table = scope == .public ? "search_public" : "search_internal"
        let markedColumn = scope == .public ? "NULL AS marked"
            : "(SELECT group_concat(m.field_path, ' ') FROM secrecy_marking m WHERE m.document_id = d.id) AS marked"
        let sql: String
        if let pattern = q.ftsPattern {
            // Newest first: FTS5 walks its doclists in rowid order, so ORDER BY rowid DESC with a
            // LIMIT stops early, where ORDER BY rank scores every hit of a common word (the
            // price of relevance, paid only when asked for).
            let titleColumn = "s.title"
            let counterpartyColumn = "s.counterparty"
            sql = """
                SELECT d.id, d.number, d.registered_at, \(titleColumn) AS hit_title, d.date, d.organisation, d.document_type, d.direction,
                       c.number AS case_number, \(counterpartyColumn) AS hit_counterparty,
                       snippet(\(table), -1, '[', ']', '…', 12) AS hit_snippet, \(markedColumn)
                FROM \(table) s JOIN document d ON d.id = s.rowid JOIN "case" c ON c.id = d.case_id
                WHERE \(table) MATCH ? \(filters.map { "AND " + $0 }.joined(separator: " "))\(q.before == nil ? "" : " AND s.rowid < ?")
                ORDER BY \(q.order == .relevance ? "s.rank, s.rowid DESC" : "s.rowid DESC") LIMIT \(limit) OFFSET \(offset)
                """
            args.insert(pattern, at: 0)
            if let b = q.before { args.append(b) }
        } else {
            guard q.text.allSatisfy({ $0.isWhitespace }) else { return [] }
            if let b = q.before {
                filters.append("d.id < ?")
                args.append(b)
            }
            // CROSS JOIN keeps the register as the outer loop (SQLite never reorders it): walked
            // newest first, it stops at the limit. With a plain JOIN the planner read every row
            // of the full-text table, file text and all, looked each document up, ran the
            // marked-fields subquery for each and sorted them: 1.5 s of a 2.5 s request at
            // 100 000 documents.
            sql = """
                SELECT d.id, d.number, d.registered_at, s.title AS hit_title, d.date, d.organisation, d.document_type, d.direction,
                       c.number AS case_number, s.counterparty AS hit_counterparty, NULL AS hit_snippet, \(markedColumn)
                FROM document d CROSS JOIN \(table) s ON s.rowid = d.id CROSS JOIN "case" c ON c.id = d.case_id
                \(filters.isEmpty ? "" : "WHERE " + filters.joined(separator: " AND "))
                ORDER BY d.id DESC LIMIT \(limit) OFFSET \(offset)
                """
        }
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { r -> SearchHit in
                let counterparty: String? = r["hit_counterparty"]
                return SearchHit(
                    document: r["number"], title: r["hit_title"], date: r["date"], caseNumber: r["case_number"],
                    organisation: r["organisation"], documentType: r["document_type"], direction: r["direction"],
                    counterparty: counterparty?.isEmpty == false ? counterparty : nil, snippet: r["hit_snippet"],
                    marked: (r["marked"] as String?).map { $0.split(separator: " ").map(String.init) } ?? [],
                    registeredAt: r["registered_at"], cursor: r["id"])
            }
        }
    }
}
