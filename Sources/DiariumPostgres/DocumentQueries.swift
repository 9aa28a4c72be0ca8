public import DiariumStore
public import DiariumModel
import Foundation

// The register's documents on PostgreSQL, as on SQLite (see DiariumSQLite/DocumentQueries.swift).

extension PostgresStore {
    public func document(_ number: DocumentNumber) throws(StoreError) -> StoredDocument {
        guard let found = try storedDocuments(Self.documentSelect + " WHERE d.number = ?", [number.description]).first else {
            throw .documentNotFound(number.description)
        }
        return found
    }

    /// The numbers and document types of the documents of a case, in order: what tells whether
    /// an event that ends a secrecy (an award decision, a contract) has happened in the matter.
    public func documentTypes(inCase number: CaseNumber) throws(StoreError) -> [(number: String, documentType: String)] {
        var result: [(number: String, documentType: String)] = []
        for r in try rows("""
            SELECT d.number, d.document_type FROM document d JOIN "case" c ON c.id = d.case_id WHERE c.number = ? ORDER BY d.sequence
            """, [number.description]) {
            result.append((try r["number"], try r["document_type"]))
        }
        return result
    }

    /// Number of registered documents.
    public func documentCount() throws(StoreError) -> Int {
        guard let r = try rows("SELECT count(*) FROM document").first else { return 0 }
        return Int(try r[0] as Int64)
    }

    /// The highest document id so far (0 in an empty store).
    public func lastDocumentID() throws(StoreError) -> Int64 {
        guard let r = try rows("SELECT max(id) FROM document").first else { return 0 }
        return try r[0] as Int64? ?? 0
    }

    /// Every document, oldest first (for verify).
    public func allDocuments() throws(StoreError) -> [StoredDocument] {
        try storedDocuments(Self.documentSelect + " ORDER BY d.id", [])
    }

    public func documents(inCase number: CaseNumber) throws(StoreError) -> [StoredDocument] {
        try storedDocuments(Self.documentSelect + " WHERE c.number = ? ORDER BY d.sequence", [number.description])
    }

    /// The newest documents, newest first. A negative limit is none, as SQLite takes it
    /// (PostgreSQL refuses one; `LIMIT NULL` is its "all").
    public func recentDocuments(limit: Int) throws(StoreError) -> [StoredDocument] {
        try storedDocuments(Self.documentSelect + " ORDER BY d.id DESC LIMIT ?::bigint", [limit < 0 ? nil : limit])
    }

    /// The register rows with their case title, disposal and secrecy markings. The markings come
    /// in the same statement, as one JSON array per document (`[field_path, provision, reason]`
    /// in marking order), where SQLite reads them with one statement per document: on a server a
    /// statement per document is a round trip per document, thousands for verify.
    static let documentSelect = """
        SELECT d.*, c.title AS case_title, x.disposed_at, x.decision AS disposal_decision, r.number AS disposal_record,
            (SELECT json_agg(json_build_array(m.field_path, m.provision, m.reason) ORDER BY m.id)
             FROM secrecy_marking m WHERE m.document_id = d.id)::text AS markings
        FROM document d JOIN "case" c ON c.id = d.case_id
        LEFT JOIN disposal x ON x.document_id = d.id LEFT JOIN document r ON r.id = x.record_document_id
        """

    /// The documents a statement starting with `documentSelect` finds, in its order.
    func storedDocuments(_ sql: String, _ binds: [any PGBindable]) throws(StoreError) -> [StoredDocument] {
        var result: [StoredDocument] = []
        for r in try rows(sql, binds) { result.append(try storedDocument(r)) }
        return result
    }

    func storedDocument(_ row: PGRow) throws(StoreError) -> StoredDocument {
        let id: Int64 = try row["id"]
        let code: String = try row["organisation"]
        guard let organisation = config.organisation(code) else { throw StoreError.organisationNotFound(code) }
        let numberText: String = try row["number"]
        // A marking that cannot be read is damage: dropped, it would publish what it protects.
        var secrecy: [SecrecyMarking] = []
        if let json: String = try row["markings"] {
            let unreadable = StoreError.database("document \(numberText) has a secrecy marking whose field cannot be read")
            let triples: [[String]]
            do { triples = try JSONDecoder().decode([[String]].self, from: Data(json.utf8)) } catch { throw unreadable }
            for t in triples {
                guard t.count == 3, let path = FieldPath(parsing: t[0]) else { throw unreadable }
                secrecy.append(SecrecyMarking(field: path, provision: t[1], reason: t[2]))
            }
        }
        guard let number = DocumentNumber(parsing: numberText),
              let direction = Direction(rawValue: try row["direction"]),
              let date = CivilDate(parsing: try row["date"]),
              let registeredAt = Timestamp.parse(try row["registered_at"]) else {
            throw StoreError.database("document \(numberText) has a malformed row")
        }
        let kindText: String = try row["kind"]
        guard let kind = DocumentKind(rawValue: kindText) else {
            throw StoreError.database("document \(numberText) has an unknown kind (\(kindText))")
        }
        let entry = RegisterEntry(
            number: number, caseTitle: try row["case_title"], organisation: organisation, direction: direction, date: date,
            registeredAt: registeredAt, registeredBy: try row["registered_by"], counterparty: try row["counterparty"],
            title: try row["title"], publicTitle: try row["public_title"], documentType: try row["document_type"],
            handler: try row["handler"],
            file: ArchivedFile(name: try row["file_name"], mediaType: try row["media_type"], size: try row["size"],
                               sha256: try row["object_sha256"]),
            secrecy: secrecy)
        var disposal: DisposalMark?
        if let at: String = try row["disposed_at"] {
            guard let disposedAt = Timestamp.parse(at), let record: String = try row["disposal_record"] else {
                throw StoreError.database("document \(numberText) has a malformed disposal row")
            }
            disposal = DisposalMark(disposedAt: disposedAt, decision: try row["disposal_decision"], record: record)
        }
        return StoredDocument(id: id, entry: entry, kind: kind, recordSHA256: try row["record_sha256"], disposal: disposal)
    }
}
