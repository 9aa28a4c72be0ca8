import DiariumStore
import Foundation

extension PGVerifySource {
    /// The full-text tables' `terms` against their own columns: each row's tsvector must hold
    /// exactly the lexemes `PGSearchTerms.lexemes` makes of its columns (in the order
    /// `PGTransaction.insert` passes them), and nothing else (no positions or weights, which
    /// would change ranking). A `terms` edited behind Diarium's back makes a document findable by
    /// words it does not hold, or hides it: damage of the kind verify reports for a search row
    /// that does not match its document (`search.public-differs`, `search.internal-differs`),
    /// naming the column `terms`. The columns themselves are compared with the document by the
    /// Kit's verify, so together the terms are checked against the document.
    func databaseChecks() throws -> [VerifyReport.Finding] {
        var damage: [VerifyReport.Finding] = []
        let tables: [(table: String, kind: String, message: String, columns: [String], batch: Int)] = [
            ("search_public", "search.public-differs", "det offentliga sökindexet stämmer inte med handlingens offentliga vy (terms)",
             ["number", "title", "counterparty", "case_title", "document_type"], 2000),
            // The internal rows carry the file's text: fewer at a time.
            ("search_internal", "search.internal-differs", "det interna sökindexet stämmer inte med handlingens diariepost (terms)",
             ["number", "title", "public_title", "counterparty", "case_title", "document_type", "handler", "content"], 100),
        ]
        for t in tables {
            try each("verify_\(t.table)", """
                SELECT s.document_id, d.number AS document, \(t.columns.map { "s.\($0)" }.joined(separator: ", ")),
                       to_json(tsvector_to_array(s.terms))::text AS lexemes,
                       s.terms <> array_to_tsvector(tsvector_to_array(s.terms)) AS decorated
                FROM \(t.table) s LEFT JOIN document d ON d.id = s.document_id
                ORDER BY s.document_id
                """, batch: t.batch) { r in
                var texts: [String?] = []
                for column in t.columns { texts.append(try r[column]) }
                let stored = try JSONDecoder().decode([String].self, from: Data((try r["lexemes"] as String).utf8))
                let decorated: Bool = try r["decorated"]
                if decorated || Self.sorted(stored) != Self.sorted(PGSearchTerms.lexemes(texts)) {
                    let number: String? = try r["document"]
                    let row: Int64 = try r["document_id"]
                    damage.append(.init(kind: t.kind, subject: number ?? "sökrad \(row)", message: t.message))
                }
            }
        }
        return damage
    }

    /// Lexemes compared as their bytes (Swift's `==` on strings would take a decomposed `é` for
    /// a composed one, which the index does not).
    static func sorted(_ lexemes: [String]) -> [[UInt8]] {
        lexemes.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
