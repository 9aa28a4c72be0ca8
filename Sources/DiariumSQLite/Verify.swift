public import DiariumStore
import Foundation
import GRDB

extension SQLiteStore {
    /// Re-hashes every archived object, checks that every row points at an existing object,
    /// walks the audit chain, checks it against the signed heads of the anchor log, and compares
    /// the number series with the numbers used. Signatures are checked with `publicKey`, else
    /// with the store's key file; with neither, a notice says so and the rest is still checked.
    /// `publishedHeads` are heads printed by an earlier verify and kept outside the store.
    /// The rules are `VerifyRun`'s; this reads the index for it (`SQLiteVerifySource`).
    public func verify(publicKey: AnchorPublicKey? = nil, publishedHeads: [AnchorReport.Head] = []) throws(StoreError) -> VerifyReport {
        var run = VerifyRun(logURL: anchorLogURL, storeName: root.lastPathComponent, signingKey: signingKey, publicKey: publicKey,
                            publishedHeads: publishedHeads)
        try read { db in try run.checkIndex(SQLiteVerifySource(db: db)) }
        run.checkObjects(objects)
        return run.report
    }
}

/// What `verify` reads, from one SQLite snapshot.
struct SQLiteVerifySource: VerifySource {
    let db: Database

    func documents() throws -> [VerifyDocument] {
        try Row.fetchAll(db, sql: """
            SELECT d.number, d.object_sha256, d.record_sha256, d.audit_event_id, a.id AS audit_id, x.document_id AS disposed
            FROM document d LEFT JOIN audit_event a ON a.id = d.audit_event_id LEFT JOIN disposal x ON x.document_id = d.id
            """).map { r in
            VerifyDocument(number: r["number"], objectSHA256: r["object_sha256"], recordSHA256: r["record_sha256"],
                           hasAuditEvent: (r["audit_id"] as Int64?) != nil, disposed: (r["disposed"] as Int64?) != nil)
        }
    }

    func references() throws -> [VerifyReference] {
        var out: [VerifyReference] = []
        for r in try Row.fetchAll(db, sql: """
            SELECT d.number, v.input_sha256 FROM deviation v JOIN document d ON d.id = v.document_id
            """) { out.append(.init(sha256: r["input_sha256"], number: r["number"], column: "input_sha256")) }
        for r in try Row.fetchAll(db, sql: """
            SELECT d.number, b.data_sha256 FROM board_report b JOIN document d ON d.id = b.document_id
            """) { out.append(.init(sha256: r["data_sha256"], number: r["number"], column: "board_sha256")) }
        // Requests for public documents: the input, each release's manifest and ZIP, each decision's data.
        for r in try Row.fetchAll(db, sql: VerifySQL.objectReferences) { out.append(.init(sha256: r["sha"], number: r["number"], column: r["what"])) }
        for r in try Row.fetchAll(db, sql: """
            SELECT d.number, p.input_sha256, p.data_sha256 FROM procurement p JOIN document d ON d.id = p.document_id
            """) {
            for column in ["input_sha256", "data_sha256"] { out.append(.init(sha256: r[column], number: r["number"], column: column)) }
        }
        return out
    }

    func disposedReferences() throws -> [VerifyReference] {
        try Row.fetchAll(db, sql: """
            SELECT d.number, a.input_sha256 AS sha FROM access_request a JOIN document d ON d.id = a.document_id
            JOIN disposal x ON x.document_id = a.document_id
            UNION ALL
            SELECT d.number, r.archive_sha256 FROM request_release r JOIN document d ON d.id = r.request_document_id
            JOIN disposal x ON x.document_id = r.request_document_id WHERE r.archive_sha256 IS NOT NULL
            """).map { VerifyReference(sha256: $0["sha"], number: $0["number"], column: "") }
    }

    func registrations(_ each: (VerifyRegistration) throws -> Void) throws {
        let events = try Row.fetchCursor(db, sql: """
            SELECT e.id, e.subject, e.detail, d.number, d.object_sha256, d.record_sha256,
                   (SELECT count(*) FROM secrecy_marking m WHERE m.document_id = d.id) AS markings
            FROM audit_event e LEFT JOIN document d ON d.audit_event_id = e.id
            WHERE e.action = 'register'
            """)
        while let e = try events.next() {
            let row = (e["number"] as String?).map {
                VerifyRegistration.Row(number: $0, objectSHA256: e["object_sha256"], recordSHA256: e["record_sha256"], markings: e["markings"])
            }
            try each(VerifyRegistration(subject: e["subject"], detail: e["detail"], row: row))
        }
    }

    func disposalMarks() throws -> [(number: String, record: String?)] {
        try Row.fetchAll(db, sql: """
            SELECT d.number, r.number AS record FROM disposal x JOIN document d ON d.id = x.document_id
            LEFT JOIN document r ON r.id = x.record_document_id
            """).map { (($0["number"] as String), ($0["record"] as String?)) }
    }

    func disposeEvents() throws -> [(subject: String?, detail: String?)] {
        try Row.fetchAll(db, sql: "SELECT subject, detail FROM audit_event WHERE action = 'dispose'").map { ($0["subject"], $0["detail"]) }
    }

    func disposedWithText() throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT d.number FROM disposal x JOIN document d ON d.id = x.document_id JOIN search_internal s ON s.rowid = d.id
            WHERE s.content <> ''
            """)
    }

    func auditEvents(_ each: (AuditRecord) throws -> Void) throws {
        let events = try Row.fetchCursor(db, sql: "SELECT * FROM audit_event ORDER BY id")
        while let e = try events.next() {
            try each(AuditRecord(id: e["id"], at: e["at"], actor: e["actor"], action: e["action"], subject: e["subject"],
                                 detail: e["detail"], previousHash: e["previous_hash"], hash: e["hash"]))
        }
    }

    /// AUTOINCREMENT never reuses an id, so a deleted newest event leaves the sequence ahead of
    /// the last row.
    func auditSequence() throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit_event'") ?? 0
    }

    func databaseChecks() throws -> [VerifyReport.Finding] {
        let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
        guard check != ["ok"] else { return [] }
        return [.init(kind: "database.integrity", subject: SQLiteStore.databaseName, message: check.prefix(5).joined(separator: "; "))]
    }
}
