public import DiariumModel
public import Foundation
import GRDB

/// A case (ärende) as the store holds it.
public struct CaseRecord: Sendable, Hashable {
    public let id: Int64
    public let number: CaseNumber
    public let organisation: String
    public let title: String
}

/// The text a document contributes to the two search indexes. The caller builds `public` from
/// the public view of the document, so the public index never receives a secret value.
public struct SearchText: Sendable, Hashable {
    public struct Public: Sendable, Hashable {
        public var title: String
        public var counterparty: String
        public var caseTitle: String
        public var documentType: String
        public init(title: String, counterparty: String, caseTitle: String, documentType: String) {
            self.title = title
            self.counterparty = counterparty
            self.caseTitle = caseTitle
            self.documentType = documentType
        }
    }

    public struct Internal: Sendable, Hashable {
        public var title: String
        public var publicTitle: String
        public var counterparty: String
        public var caseTitle: String
        public var documentType: String
        public var handler: String
        /// Text extracted from the file (XML, HTML, plain text); empty for other formats.
        public var content: String
        public init(title: String, publicTitle: String, counterparty: String, caseTitle: String, documentType: String, handler: String, content: String) {
            self.title = title
            self.publicTitle = publicTitle
            self.counterparty = counterparty
            self.caseTitle = caseTitle
            self.documentType = documentType
            self.handler = handler
            self.content = content
        }
    }

    public var `public`: Public
    public var `internal`: Internal
    public init(public: Public, internal: Internal) {
        self.public = `public`
        self.internal = `internal`
    }
}

/// The operations available inside one write transaction (see `Store.write`).
///
/// Statements are prepared once per connection (`cachedStatement`): a bulk registration runs the
/// same eight statements thousands of times, and preparing them anew each time doubled the cost.
public struct StoreTransaction {
    let db: Database
    public let store: Store
    let session: WriteSession

    private func run(_ sql: String, _ arguments: StatementArguments) throws {
        try db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    private func int(_ sql: String, _ arguments: StatementArguments = []) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }

    public func organisation(_ code: String) throws(StoreError) -> Organisation {
        guard let o = store.config.organisation(code) else { throw .organisationNotFound(code) }
        return o
    }

    func insertOrganisation(_ o: Organisation) throws {
        try db.execute(
            sql: "INSERT INTO organisation (code, name, organisation_number, prefix, hosted_by) VALUES (?, ?, ?, ?, ?)",
            arguments: [o.code, o.name, o.organisationNumber.description, o.prefix, o.hostedBy])
    }

    /// Opens a new case with the next serial of the organisation's prefix in `year`.
    public func openCase(organisation o: Organisation, title: String, year: Int, at: Date) throws -> CaseRecord {
        let serial = Int(try int("""
            INSERT INTO number_series (prefix, year, last_serial) VALUES (?, ?, 1)
            ON CONFLICT (prefix, year) DO UPDATE SET last_serial = last_serial + 1
            RETURNING last_serial
            """, [o.prefix, year]) ?? 0)
        guard let number = CaseNumber(prefix: o.prefix, year: year, serial: serial) else {
            throw StoreError.database("number series \(o.prefix) \(year) is exhausted")
        }
        try run("INSERT INTO \"case\" (number, organisation, year, serial, title, opened_at) VALUES (?, ?, ?, ?, ?, ?)",
                [number.description, o.code, year, serial, title, Timestamp.iso(at)])
        return CaseRecord(id: db.lastInsertedRowID, number: number, organisation: o.code, title: title)
    }

    public func existingCase(_ number: CaseNumber) throws -> CaseRecord {
        try store.findCase(number, in: db)
    }

    /// The next document number in `c`.
    public func nextDocumentNumber(in c: CaseRecord) throws -> DocumentNumber {
        let sequence = Int(try int("""
            UPDATE "case" SET last_document_sequence = last_document_sequence + 1 WHERE id = ?
            RETURNING last_document_sequence
            """, [c.id]) ?? 0)
        guard let n = DocumentNumber(caseNumber: c.number, sequence: sequence) else {
            throw StoreError.database("case \(c.number) has no document numbers left")
        }
        return n
    }

    /// Inserts the register row, its secrecy markings and its search text. The archived objects
    /// (`entry.file.sha256`, `recordSHA256`) must already be written.
    @discardableResult
    public func insert(_ entry: RegisterEntry, kind: DocumentKind, caseID: Int64, recordSHA256: String, search: SearchText, auditEventID: Int64) throws -> Int64 {
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

    /// Appends `event` to the audit chain and returns it as stored.
    @discardableResult
    public func appendAudit(_ event: AuditEvent) throws -> AuditRecord {
        // Decided at the first event, before anything of it is written: an anchored store
        // without its key or log refuses here, and the whole transaction rolls back.
        if session.anchor == nil { session.anchor = try store.anchorForWrite(db) }
        let previous = try String.fetchOne(db.cachedStatement(sql: "SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1")) ?? AuditChain.genesis
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

extension Store {
    func findCase(_ number: CaseNumber, in db: Database) throws -> CaseRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT id, organisation, title FROM \"case\" WHERE number = ?", arguments: [number.description]) else {
            throw StoreError.caseNotFound(number.description)
        }
        return CaseRecord(id: row["id"], number: number, organisation: row["organisation"], title: row["title"])
    }

    /// Looks a case up outside any write, so that a registration naming a case that does not
    /// exist is refused before anything is written.
    public func findCase(_ number: CaseNumber) throws(StoreError) -> CaseRecord {
        try read { db in try findCase(number, in: db) }
    }

    /// Appends one audit event in a transaction of its own: for attempts that reached the store
    /// and failed, after their own transaction rolled back.
    public func audit(_ event: AuditEvent) throws {
        try write { tx in _ = try tx.appendAudit(event) }
    }
}
