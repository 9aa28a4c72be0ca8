public import DiariumStore
public import DiariumModel
import Foundation
import GRDB

extension SQLiteStore {
    public func document(_ number: DocumentNumber) throws(StoreError) -> StoredDocument {
        let found = try read { db in
            try Row.fetchOne(db, sql: Self.documentSelect + " WHERE d.number = ?", arguments: [number.description]).map { row in
                (row, try Self.markingRows(row, db))
            }
        }
        guard let found else { throw .documentNotFound(number.description) }
        return try storedDocument(found.0, markings: found.1)
    }

    /// The numbers and document types of the documents of a case, in order: what tells whether
    /// an event that ends a secrecy (an award decision, a contract) has happened in the matter.
    public func documentTypes(inCase number: CaseNumber) throws(StoreError) -> [(number: String, documentType: String)] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.number, d.document_type FROM document d JOIN "case" c ON c.id = d.case_id WHERE c.number = ? ORDER BY d.sequence
                """, arguments: [number.description]).map { ($0["number"], $0["document_type"]) }
        }
    }

    /// Number of registered documents.
    public func documentCount() throws(StoreError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM document") ?? 0 }
    }

    /// Every document, oldest first (for verify).
    public func allDocuments() throws(StoreError) -> [StoredDocument] {
        try documents(Self.documentSelect + " ORDER BY d.id", [])
    }

    public func documents(inCase number: CaseNumber) throws(StoreError) -> [StoredDocument] {
        try documents(Self.documentSelect + " WHERE c.number = ? ORDER BY d.sequence", [number.description])
    }

    /// The newest documents, newest first.
    public func recentDocuments(limit: Int) throws(StoreError) -> [StoredDocument] {
        try documents(Self.documentSelect + " ORDER BY d.id DESC LIMIT ?", [limit])
    }

    private func documents(_ sql: String, _ arguments: StatementArguments) throws(StoreError) -> [StoredDocument] {
        try read { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in (row, try Self.markingRows(row, db)) }
        }.map { found throws(StoreError) in try storedDocument(found.0, markings: found.1) }
    }

    static let documentSelect = """
        SELECT d.*, c.title AS case_title, x.disposed_at, x.decision AS disposal_decision, r.number AS disposal_record
        FROM document d JOIN "case" c ON c.id = d.case_id
        LEFT JOIN disposal x ON x.document_id = d.id LEFT JOIN document r ON r.id = x.record_document_id
        """

    static func markingRows(_ row: Row, _ db: Database) throws -> [Row] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT field_path, provision, reason FROM secrecy_marking WHERE document_id = ? ORDER BY id"),
                         arguments: [row["id"] as Int64])
    }

    func storedDocument(_ row: Row, markings: [Row]) throws(StoreError) -> StoredDocument {
        let id: Int64 = row["id"]
        let code: String = row["organisation"]
        guard let organisation = config.organisation(code) else { throw StoreError.organisationNotFound(code) }
        let numberText: String = row["number"]
        // A marking that cannot be read is damage: dropped, it would publish what it protects.
        let secrecy = try markings.map { r throws(StoreError) -> SecrecyMarking in
            guard let path = FieldPath(parsing: r["field_path"]) else {
                throw StoreError.database("document \(numberText) has a secrecy marking whose field cannot be read")
            }
            return SecrecyMarking(field: path, provision: r["provision"], reason: r["reason"])
        }
        guard let number = DocumentNumber(parsing: numberText),
              let direction = Direction(rawValue: row["direction"]),
              let date = CivilDate(parsing: row["date"]),
              let registeredAt = Timestamp.parse(row["registered_at"]) else {
            throw StoreError.database("document \(numberText) has a malformed row")
        }
        let kindText: String = row["kind"]
        guard let kind = DocumentKind(rawValue: kindText) else {
            throw StoreError.database("document \(numberText) has an unknown kind (\(kindText))")
        }
        let entry = RegisterEntry(
            number: number, caseTitle: row["case_title"], organisation: organisation, direction: direction, date: date,
            registeredAt: registeredAt, registeredBy: row["registered_by"], counterparty: row["counterparty"],
            title: row["title"], publicTitle: row["public_title"], documentType: row["document_type"], handler: row["handler"],
            file: ArchivedFile(name: row["file_name"], mediaType: row["media_type"], size: row["size"], sha256: row["object_sha256"]),
            secrecy: secrecy)
        var disposal: DisposalMark?
        if let at: String = row["disposed_at"] {
            guard let disposedAt = Timestamp.parse(at), let record: String = row["disposal_record"] else {
                throw StoreError.database("document \(numberText) has a malformed disposal row")
            }
            disposal = DisposalMark(disposedAt: disposedAt, decision: row["disposal_decision"], record: record)
        }
        return StoredDocument(id: id, entry: entry, kind: kind, recordSHA256: row["record_sha256"], disposal: disposal)
    }
}
