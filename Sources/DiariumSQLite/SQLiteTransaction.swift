public import DiariumStore
public import DiariumModel
import Foundation
import GRDB

/// One write transaction on SQLite (see `SQLiteStore.write`). Its methods throw the body's own
/// error type: GRDB's errors become `Failure.store(.database)`, the store's as `Failure.store`.
///
/// Statements are prepared once per connection (`cachedStatement`): a bulk registration runs the
/// same eight statements thousands of times, and preparing them anew each time doubled the cost.
struct SQLiteTransaction<Failure: StoreFailure>: StoreTransaction {
    let db: Database
    let store: SQLiteStore
    let session: WriteSession

    /// Runs GRDB calls; whatever they throw is a database fault.
    func sql<T>(_ body: (Database) throws -> T) throws(Failure) -> T {
        do { return try body(db) } catch { throw .store(.database("\(error)")) }
    }

    func run(_ sql: String, _ arguments: StatementArguments) throws(Failure) {
        try self.sql { db in try db.cachedStatement(sql: sql).execute(arguments: arguments) }
    }

    func int(_ sql: String, _ arguments: StatementArguments = []) throws(Failure) -> Int64? {
        try self.sql { db in try Int64.fetchOne(db.cachedStatement(sql: sql), arguments: arguments) }
    }

    /// Runs a statement and returns how many rows it changed.
    func changes(_ sql: String, _ arguments: StatementArguments) throws(Failure) -> Int {
        try self.sql { db in
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount
        }
    }

    func insertOrganisation(_ o: Organisation) throws(Failure) {
        try run("INSERT INTO organisation (code, name, organisation_number, prefix, hosted_by) VALUES (?, ?, ?, ?, ?)",
                [o.code, o.name, o.organisationNumber.description, o.prefix, o.hostedBy])
    }

    func openCase(organisation o: Organisation, title: String, year: Int, at: Date) throws(Failure) -> CaseRecord {
        let serial = Int(try int("""
            INSERT INTO number_series (prefix, year, last_serial) VALUES (?, ?, 1)
            ON CONFLICT (prefix, year) DO UPDATE SET last_serial = last_serial + 1
            RETURNING last_serial
            """, [o.prefix, year]) ?? 0)
        guard let number = CaseNumber(prefix: o.prefix, year: year, serial: serial) else {
            throw .store(.database("number series \(o.prefix) \(year) is exhausted"))
        }
        try run("INSERT INTO \"case\" (number, organisation, year, serial, title, opened_at) VALUES (?, ?, ?, ?, ?, ?)",
                [number.description, o.code, year, serial, title, Timestamp.iso(at)])
        return CaseRecord(id: db.lastInsertedRowID, number: number, organisation: o.code, title: title)
    }

    func existingCase(_ number: CaseNumber) throws(Failure) -> CaseRecord {
        let row = try sql { db in try SQLiteStore.caseRow(number, in: db) }
        guard let row else { throw .store(.caseNotFound(number.description)) }
        return row
    }

    func nextDocumentNumber(in c: CaseRecord) throws(Failure) -> DocumentNumber {
        let sequence = Int(try int("""
            UPDATE "case" SET last_document_sequence = last_document_sequence + 1 WHERE id = ?
            RETURNING last_document_sequence
            """, [c.id]) ?? 0)
        guard let n = DocumentNumber(caseNumber: c.number, sequence: sequence) else {
            throw .store(.database("case \(c.number) has no document numbers left"))
        }
        return n
    }

    @discardableResult
    func insert(_ entry: RegisterEntry, kind: DocumentKind, caseID: Int64, recordSHA256: String, search: SearchText,
                auditEventID: Int64) throws(Failure) -> Int64 {
        let registeredAt = Timestamp.iso(entry.registeredAt)
        try run("""
            INSERT INTO document (number, case_id, sequence, kind, organisation, direction, date, registered_at,
                registered_by, counterparty, title, public_title, document_type, handler, file_name, media_type, size,
                object_sha256, record_sha256, audit_event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [
                entry.number.description, caseID, entry.number.sequence, kind.rawValue, entry.organisation.code,
                entry.direction.rawValue, entry.date.description, registeredAt, entry.registeredBy,
                entry.counterparty, entry.title, entry.publicTitle, entry.documentType, entry.handler, entry.file.name,
                entry.file.mediaType, entry.file.size, entry.file.sha256, recordSHA256, auditEventID,
            ])
        let id = db.lastInsertedRowID
        for m in entry.secrecy {
            try run("""
                INSERT INTO secrecy_marking (document_id, field_path, provision, reason, marked_by, marked_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [id, m.field.description, m.provision, m.reason, entry.registeredBy, registeredAt])
        }
        let p = search.public
        try run("INSERT INTO search_public (rowid, number, title, counterparty, case_title, document_type) VALUES (?, ?, ?, ?, ?, ?)",
                [id, entry.number.description, p.title, p.counterparty, p.caseTitle, p.documentType])
        let i = search.internal
        try run("""
            INSERT INTO search_internal (rowid, number, title, public_title, counterparty, case_title, document_type, handler, content)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [id, entry.number.description, i.title, i.publicTitle, i.counterparty, i.caseTitle, i.documentType, i.handler, i.content])
        return id
    }

    @discardableResult
    func appendAudit(_ event: AuditEvent) throws(Failure) -> AuditRecord {
        // Decided at the first event, before anything of it is written: an anchored store
        // without its key or log refuses here, and the whole transaction rolls back.
        if session.anchor == nil {
            do { session.anchor = try store.anchorForWrite(db) } catch { throw .store(error) }
        }
        let previous = try sql { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1"))
        } ?? AuditChain.genesis
        let nextID = (try int("SELECT seq FROM sqlite_sequence WHERE name = 'audit_event'") ?? 0) + 1
        let at = Timestamp.iso(event.at)
        let detail = AuditChain.encodeDetail(event.detail)
        let hash = AuditChain.link(previous: previous, canonical: AuditChain.canonical(
            id: nextID, at: at, actor: event.actor, action: event.action, subject: event.subject, detail: detail))
        try run("""
            INSERT INTO audit_event (id, at, actor, action, subject, detail, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [nextID, at, event.actor, event.action, event.subject, detail, previous, hash])
        let record = AuditRecord(id: nextID, at: at, actor: event.actor, action: event.action, subject: event.subject,
                                 detail: detail, previousHash: previous, hash: hash)
        session.head = record
        return record
    }
}

extension SQLiteStore {
    static func caseRow(_ number: CaseNumber, in db: Database) throws -> CaseRecord? {
        try Row.fetchOne(db, sql: "SELECT id, organisation, title FROM \"case\" WHERE number = ?", arguments: [number.description]).map {
            CaseRecord(id: $0["id"], number: number, organisation: $0["organisation"], title: $0["title"])
        }
    }

    /// Looks a case up outside any write, so that a registration naming a case that does not
    /// exist is refused before anything is written.
    public func findCase(_ number: CaseNumber) throws(StoreError) -> CaseRecord {
        guard let found = try read({ db in try Self.caseRow(number, in: db) }) else { throw .caseNotFound(number.description) }
        return found
    }

    /// Appends one audit event in a transaction of its own: for attempts that reached the store
    /// and failed, after their own transaction rolled back.
    public func audit(_ event: AuditEvent) throws(StoreError) {
        try writeStore { tx throws(StoreError) in _ = try tx.appendAudit(event) }
    }
}
