public import DiariumStore
import Foundation

extension PostgresStore {
    /// As on SQLite (see `SQLiteStore.verify`): the rules are `VerifyRun`'s, the index is read
    /// in one REPEATABLE READ snapshot through `PGVerifySource`. One thing differs: instead of
    /// SQLite's integrity check, the full-text tables' terms are checked against their rows
    /// (`PGVerifySource.databaseChecks`).
    public func verify(publicKey: AnchorPublicKey? = nil, publishedHeads: [AnchorReport.Head] = []) throws(StoreError) -> VerifyReport {
        var run = VerifyRun(logURL: anchorLogURL, storeName: root.lastPathComponent, signingKey: signingKey, publicKey: publicKey,
                            publishedHeads: publishedHeads)
        try read { c throws(StoreError) in
            do { try run.checkIndex(PGVerifySource(c: c)) } catch let e as StoreError { throw e } catch { throw .database("\(error)") }
        }
        run.checkObjects(objects)
        return run.report
    }
}

/// What `verify` reads, from one PostgreSQL snapshot (the `read` transaction of `c`). The long
/// reads (every event, every search row) go through server-side cursors, a batch at a time.
struct PGVerifySource: VerifySource {
    let c: PGConnection

    /// Runs `sql` as a cursor of the open transaction and hands its rows to `body` in order.
    func each(_ cursor: String, _ sql: String, batch: Int = 2000, _ body: (PGRow) throws -> Void) throws {
        try c.execute("DECLARE \(cursor) NO SCROLL CURSOR FOR \(sql)")
        while true {
            let rows = try c.query("FETCH FORWARD \(batch) FROM \(cursor)")
            for r in rows { try body(r) }
            if rows.count < batch { break }
        }
        try c.execute("CLOSE \(cursor)")
    }

    func documents() throws -> [VerifyDocument] {
        try c.query("""
            SELECT d.number, d.object_sha256, d.record_sha256, d.audit_event_id, a.id AS audit_id, x.document_id AS disposed
            FROM document d LEFT JOIN audit_event a ON a.id = d.audit_event_id LEFT JOIN disposal x ON x.document_id = d.id
            ORDER BY d.id
            """).map { r in
            VerifyDocument(number: try r["number"], objectSHA256: try r["object_sha256"], recordSHA256: try r["record_sha256"],
                           hasAuditEvent: try r["audit_id"] as Int64? != nil, disposed: try r["disposed"] as Int64? != nil)
        }
    }

    func references() throws -> [VerifyReference] {
        var out: [VerifyReference] = []
        for r in try c.query("""
            SELECT d.number, v.input_sha256 FROM deviation v JOIN document d ON d.id = v.document_id ORDER BY d.id
            """) { out.append(.init(sha256: try r["input_sha256"], number: try r["number"], column: "input_sha256")) }
        for r in try c.query("""
            SELECT d.number, b.data_sha256 FROM board_report b JOIN document d ON d.id = b.document_id ORDER BY d.id
            """) { out.append(.init(sha256: try r["data_sha256"], number: try r["number"], column: "board_sha256")) }
        // Requests for public documents: the input, each release's manifest and ZIP, each decision's data.
        for r in try c.query(VerifySQL.objectReferences) { out.append(.init(sha256: try r["sha"], number: try r["number"], column: try r["what"])) }
        for r in try c.query("""
            SELECT d.number, p.input_sha256, p.data_sha256 FROM procurement p JOIN document d ON d.id = p.document_id ORDER BY d.id
            """) {
            for column in ["input_sha256", "data_sha256"] { out.append(.init(sha256: try r[column], number: try r["number"], column: column)) }
        }
        return out
    }

    func disposedReferences() throws -> [VerifyReference] {
        try c.query("""
            SELECT d.number, a.input_sha256 AS sha FROM access_request a JOIN document d ON d.id = a.document_id
            JOIN disposal x ON x.document_id = a.document_id
            UNION ALL
            SELECT d.number, r.archive_sha256 FROM request_release r JOIN document d ON d.id = r.request_document_id
            JOIN disposal x ON x.document_id = r.request_document_id WHERE r.archive_sha256 IS NOT NULL
            """).map { VerifyReference(sha256: try $0["sha"], number: try $0["number"], column: "") }
    }

    func registrations(_ each: (VerifyRegistration) throws -> Void) throws {
        try self.each("verify_registrations", """
            SELECT e.id, e.subject, e.detail, d.number, d.object_sha256, d.record_sha256,
                   (SELECT count(*) FROM secrecy_marking m WHERE m.document_id = d.id) AS markings
            FROM audit_event e LEFT JOIN document d ON d.audit_event_id = e.id
            WHERE e.action = 'register'
            ORDER BY e.id, d.id
            """) { e in
            var row: VerifyRegistration.Row?
            if let number = try e["number"] as String? {
                row = .init(number: number, objectSHA256: try e["object_sha256"], recordSHA256: try e["record_sha256"],
                            markings: Int(try e["markings"] as Int64))
            }
            try each(VerifyRegistration(subject: try e["subject"], detail: try e["detail"], row: row))
        }
    }

    func disposalMarks() throws -> [(number: String, record: String?)] {
        try c.query("""
            SELECT d.number, r.number AS record FROM disposal x JOIN document d ON d.id = x.document_id
            LEFT JOIN document r ON r.id = x.record_document_id
            ORDER BY x.document_id
            """).map { (try $0["number"] as String, try $0["record"] as String?) }
    }

    func disposeEvents() throws -> [(subject: String?, detail: String?)] {
        try c.query("SELECT subject, detail FROM audit_event WHERE action = 'dispose' ORDER BY id").map {
            (try $0["subject"] as String?, try $0["detail"] as String?)
        }
    }

    func disposedWithText() throws -> [String] {
        try c.query("""
            SELECT d.number FROM disposal x JOIN document d ON d.id = x.document_id JOIN search_internal s ON s.document_id = d.id
            WHERE s.content <> ''
            ORDER BY d.id
            """).map { try $0["number"] as String }
    }

    func auditEvents(_ each: (AuditRecord) throws -> Void) throws {
        try self.each("verify_events", "SELECT \(PostgresStore.auditColumns) FROM audit_event ORDER BY id") { r in
            try each(try PostgresStore.auditRecord(r))
        }
    }

    /// None: the chain's ids are drawn under the write lock as the last one's next, with no
    /// sequence beside them that would remember a deleted newest event.
    /// The last audit id drawn (`audit_sequence`, SQLite's sqlite_sequence).
    func auditSequence() throws -> Int64? {
        try c.query("SELECT last_id FROM audit_sequence WHERE id = 1").first.map { r throws(StoreError) in try r["last_id"] as Int64 }
    }
}
