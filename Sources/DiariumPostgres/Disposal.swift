import DiariumModel
public import DiariumStore
import Foundation

private let holdsSelect = "SELECT subject, reason, placed_by, placed_at FROM disposal_hold"
private let openRequestsSelect = """
    SELECT i.document_id, a.number FROM request_item i JOIN access_request a ON a.document_id = i.request_document_id
    WHERE a.status <> 'decided'
    UNION ALL
    SELECT document_id, number FROM access_request WHERE status <> 'decided'
    """

private func hold(_ r: PGRow) throws(StoreError) -> DisposalHold {
    let at: String = try r["placed_at"]
    return DisposalHold(subject: try r["subject"], reason: try r["reason"], placedBy: try r["placed_by"],
                        placedAt: Timestamp.parse(at) ?? .distantPast)
}

/// The holds and open requests, read on one connection (in a snapshot or in the write).
private func fetchBlocks(_ c: PGConnection) throws(StoreError) -> DisposalBlocks {
    var holds: [String: DisposalHold] = [:]
    for r in try c.query(holdsSelect) {
        let h = try hold(r)
        holds[h.subject] = h
    }
    var open: [Int64: String] = [:]
    for r in try c.query(openRequestsSelect) { open[try r["document_id"]] = try r["number"] }
    return DisposalBlocks(holds: holds, openRequests: open)
}

extension PostgresStore {
    public func disposalCandidates(types: [String]) throws(StoreError) -> [StoredDocument] {
        guard !types.isEmpty else { return [] }
        return try storedDocuments(Self.documentSelect + " WHERE x.document_id IS NULL AND d.document_type = ANY(?::text[]) ORDER BY d.id",
                                   [types])
    }

    public func disposalBlocks() throws(StoreError) -> DisposalBlocks { try read(fetchBlocks) }

    public func disposalRecordCase(organisation: String, year: Int) throws(StoreError) -> String? {
        try rows("""
            SELECT c.number FROM disposal_record r JOIN document d ON d.id = r.document_id JOIN "case" c ON c.id = d.case_id
            WHERE d.organisation = ? AND c.year = ? ORDER BY d.id DESC LIMIT 1
            """, [organisation, year]).first.map { r throws(StoreError) in try r[0] }
    }

    public func disposalRecordData(documentID: Int64) throws(StoreError) -> String {
        guard let r = try rows("SELECT data_sha256 FROM disposal_record WHERE document_id = ?", [documentID]).first else {
            throw .database("disposal record \(documentID) has no row")
        }
        return try r[0]
    }
}

extension PGTransaction {
    func disposalBlocksForUpdate() throws(Failure) -> DisposalBlocks {
        do { return try fetchBlocks(c) } catch { throw .store(error) }
    }

    func disposedAlready(_ ids: [Int64]) throws(Failure) -> Set<Int64> {
        guard !ids.isEmpty else { return [] }
        // One array parameter, however many ids (SQLite binds them in slices of 500).
        let found = try rows("SELECT document_id FROM disposal WHERE document_id = ANY(?::text[]::bigint[])", [ids.map(String.init)])
        var out = Set<Int64>()
        for r in found { out.insert(try decode { () throws(StoreError) in try r[0] }) }
        return out
    }

    /// Marks a document disposed of and empties its text in the internal search. The lexemes
    /// are made anew from the row's other columns (as `insert` makes them, without the content),
    /// so that no word of the disposed text is found any more.
    func markDisposed(documentID: Int64, recordDocumentID: Int64, at: Date, decision: String) throws(Failure) {
        try run("INSERT INTO disposal (document_id, record_document_id, disposed_at, decision) VALUES (?, ?, ?, ?)",
                [documentID, recordDocumentID, Timestamp.iso(at), decision])
        guard let r = try rows("""
            SELECT number, title, public_title, counterparty, case_title, document_type, handler FROM search_internal WHERE document_id = ?
            """, [documentID]).first else { return }
        let terms = try decode { () throws(StoreError) in
            PGSearchTerms.lexemes(try r["number"], try r["title"], try r["public_title"], try r["counterparty"], try r["case_title"],
                                  try r["document_type"], try r["handler"])
        }
        try run("UPDATE search_internal SET content = '', terms = array_to_tsvector(?::text[]) WHERE document_id = ?", [terms, documentID])
    }

    func insertDisposalRecord(documentID: Int64, decision: String, dataSHA256: String) throws(Failure) {
        try run("INSERT INTO disposal_record (document_id, decision, data_sha256) VALUES (?, ?, ?)", [documentID, decision, dataSHA256])
    }

    /// As on SQLite (see `SQLiteTransaction.disposableObjectsForUpdate`); the plan import's file
    /// is read from the audit detail's JSON only for `plan.import` events.
    func disposableObjectsForUpdate() throws(Failure) -> [String] {
        let found = try rows("""
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
                UNION SELECT CASE WHEN action = 'plan.import' THEN detail::json ->> 'sha256' END FROM audit_event
                    WHERE action = 'plan.import'
            )
            SELECT sha FROM gone WHERE sha NOT IN (SELECT sha FROM live WHERE sha IS NOT NULL) ORDER BY sha COLLATE "C"
            """)
        var out: [String] = []
        for r in found { out.append(try decode { () throws(StoreError) in try r[0] }) }
        return out
    }

    /// Places a hold; false when the subject already has one.
    func placeHold(_ hold: DisposalHold) throws(Failure) -> Bool {
        try changes("INSERT INTO disposal_hold (subject, reason, placed_by, placed_at) VALUES (?, ?, ?, ?) ON CONFLICT (subject) DO NOTHING",
                    [hold.subject, hold.reason, hold.placedBy, Timestamp.iso(hold.placedAt)]) == 1
    }

    /// Lifts the hold on `subject`, returning it; nil when there was none.
    func liftHold(subject: String) throws(Failure) -> DisposalHold? {
        guard let r = try rows("DELETE FROM disposal_hold WHERE subject = ? RETURNING subject, reason, placed_by, placed_at", [subject]).first else {
            return nil
        }
        return try decode { () throws(StoreError) in try hold(r) }
    }
}
