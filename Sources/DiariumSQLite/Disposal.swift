public import DiariumModel
public import DiariumStore
import Foundation
import GRDB

private func fetchBlocks(_ db: Database) throws -> DisposalBlocks {
    var holds: [String: DisposalHold] = [:]
    for r in try Row.fetchAll(db, sql: "SELECT subject, reason, placed_by, placed_at FROM disposal_hold") {
        let at: String = r["placed_at"]
        holds[r["subject"]] = DisposalHold(subject: r["subject"], reason: r["reason"], placedBy: r["placed_by"],
                                           placedAt: Timestamp.parse(at) ?? .distantPast)
    }
    var open: [Int64: String] = [:]
    for r in try Row.fetchAll(db, sql: """
        SELECT i.document_id, a.number FROM request_item i JOIN access_request a ON a.document_id = i.request_document_id
        WHERE a.status <> 'decided'
        UNION ALL
        SELECT document_id, number FROM access_request WHERE status <> 'decided'
        """) {
        open[r["document_id"]] = r["number"]
    }
    return DisposalBlocks(holds: holds, openRequests: open)
}

extension SQLiteStore {
    public func disposalCandidates(types: [String]) throws(StoreError) -> [StoredDocument] {
        guard !types.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: types.count).joined(separator: ", ")
        let sql = Self.documentSelect + " WHERE x.document_id IS NULL AND d.document_type IN (\(marks)) ORDER BY d.id"
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: StatementArguments(types)).map { row in (row, try Self.markingRows(row, db)) }
        }.map { found throws(StoreError) in try storedDocument(found.0, markings: found.1) }
    }

    public func disposalBlocks() throws(StoreError) -> DisposalBlocks { try read(fetchBlocks) }

    public func disposalRecordCase(organisation: String, year: Int) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: """
                SELECT c.number FROM disposal_record r JOIN document d ON d.id = r.document_id JOIN "case" c ON c.id = d.case_id
                WHERE d.organisation = ? AND c.year = ? ORDER BY d.id DESC LIMIT 1
                """, arguments: [organisation, year])
        }
    }

    public func disposalRecordData(documentID: Int64) throws(StoreError) -> String {
        let sha = try read { db in try String.fetchOne(db, sql: "SELECT data_sha256 FROM disposal_record WHERE document_id = ?", arguments: [documentID]) }
        guard let sha else { throw .database("disposal record \(documentID) has no row") }
        return sha
    }
}

extension SQLiteTransaction: DisposalTransaction {
    func disposalBlocksForUpdate() throws(Failure) -> DisposalBlocks { try sql(fetchBlocks) }

    func disposedAlready(_ ids: [Int64]) throws(Failure) -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        return try sql { db in
            var found = Set<Int64>()
            // In slices: SQLite limits the number of bound values in one statement.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[start..<min(start + 500, ids.count)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
                found.formUnion(try Int64.fetchAll(db, sql: "SELECT document_id FROM disposal WHERE document_id IN (\(marks))",
                                                   arguments: StatementArguments(slice)))
            }
            return found
        }
    }

    func markDisposed(documentID: Int64, recordDocumentID: Int64, at: Date, decision: String) throws(Failure) {
        try run("INSERT INTO disposal (document_id, record_document_id, disposed_at, decision) VALUES (?, ?, ?, ?)",
                [documentID, recordDocumentID, Timestamp.iso(at), decision])
        try run("UPDATE search_internal SET content = '' WHERE rowid = ?", [documentID])
    }

    func insertDisposalRecord(documentID: Int64, decision: String, dataSHA256: String) throws(Failure) {
        try run("INSERT INTO disposal_record (document_id, decision, data_sha256) VALUES (?, ?, ?)", [documentID, decision, dataSHA256])
    }

    func disposableObjectsForUpdate() throws(Failure) -> [String] {
        try sql { db in
            try String.fetchAll(db, sql: """
                WITH gone AS (
                    SELECT DISTINCT d.object_sha256 AS sha FROM disposal x JOIN document d ON d.id = x.document_id
                    UNION SELECT a.input_sha256 FROM disposal x JOIN access_request a ON a.document_id = x.document_id
                    UNION SELECT r.archive_sha256 FROM disposal x JOIN request_release r ON r.request_document_id = x.document_id
                        WHERE r.archive_sha256 IS NOT NULL
                ), live AS (
                    SELECT d.object_sha256 AS sha FROM document d LEFT JOIN disposal x ON x.document_id = d.id WHERE x.document_id IS NULL
                    UNION SELECT record_sha256 FROM document
                    UNION SELECT input_sha256 FROM procurement UNION SELECT data_sha256 FROM procurement
                    UNION SELECT input_sha256 FROM deviation UNION SELECT data_sha256 FROM board_report
                    UNION SELECT a.input_sha256 FROM access_request a LEFT JOIN disposal x ON x.document_id = a.document_id
                        WHERE x.document_id IS NULL
                    UNION SELECT manifest_sha256 FROM request_release
                    UNION SELECT r.archive_sha256 FROM request_release r LEFT JOIN disposal x ON x.document_id = r.request_document_id
                        WHERE r.archive_sha256 IS NOT NULL AND x.document_id IS NULL
                    UNION SELECT data_sha256 FROM access_decision UNION SELECT sha256 FROM purchase_import
                    UNION SELECT data_sha256 FROM disposal_record
                    UNION SELECT json_extract(detail, '$.sha256') FROM audit_event
                        WHERE action = 'plan.import' AND json_extract(detail, '$.sha256') IS NOT NULL
                )
                SELECT sha FROM gone WHERE sha NOT IN (SELECT sha FROM live WHERE sha IS NOT NULL) ORDER BY sha
                """)
        }
    }

    func placeHold(_ hold: DisposalHold) throws(Failure) -> Bool {
        try changes("INSERT INTO disposal_hold (subject, reason, placed_by, placed_at) VALUES (?, ?, ?, ?) ON CONFLICT (subject) DO NOTHING",
                    [hold.subject, hold.reason, hold.placedBy, Timestamp.iso(hold.placedAt)]) == 1
    }

    func liftHold(subject: String) throws(Failure) -> DisposalHold? {
        let hold = try sql(fetchBlocks).holds[subject]
        guard hold != nil else { return nil }
        try run("DELETE FROM disposal_hold WHERE subject = ?", [subject])
        return hold
    }
}
