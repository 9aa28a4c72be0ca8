public import DiariumModel
public import DiariumStore
import Foundation

/// One write transaction on PostgreSQL (see `PostgresStore.write`). Its methods throw the
/// body's own error type: the database's errors become `Failure.store(.database)`.
struct PGTransaction<Failure: StoreFailure>: StoreTransaction {
    let c: PGConnection
    let store: PostgresStore
    let session: WriteSession
    let pipeline: PGPipeline

    func rows(_ sql: String, _ binds: [any PGBindable] = []) throws(Failure) -> [PGRow] {
        try settle()
        do { return try c.query(sql, binds) } catch { throw .store(error) }
    }

    func run(_ sql: String, _ binds: [any PGBindable] = []) throws(Failure) {
        try settle()
        do { try c.execute(sql, binds) } catch { throw .store(error) }
    }

    /// Runs a statement and returns how many rows it changed.
    func changes(_ sql: String, _ binds: [any PGBindable] = []) throws(Failure) -> Int {
        try settle()
        do { return try c.execute(sql, binds) } catch { throw .store(error) }
    }

    /// Sends a statement whose answer nothing waits for (an insert with nothing returned): its
    /// round trip overlaps the caller's next work; a failure surfaces at the next statement or
    /// at the commit, and the transaction rolls back.
    func runLater(_ sql: String, _ binds: [any PGBindable] = []) {
        pipeline.add(c.send(sql, binds))
    }

    /// Waits for the statements sent ahead (`runLater`).
    func settle() throws(Failure) {
        do { try pipeline.settle() } catch { throw .store(error) }
    }

    /// The first column of the first row, if any (NULL as nil).
    func int(_ sql: String, _ binds: [any PGBindable] = []) throws(Failure) -> Int64? {
        guard let row = try rows(sql, binds).first else { return nil }
        return try decode { () throws(StoreError) in try row[0] }
    }

    /// Reads cells of rows already fetched; a cell that does not read is the store's fault.
    func decode<T>(_ body: () throws(StoreError) -> T) throws(Failure) -> T {
        do { return try body() } catch { throw .store(error) }
    }

    func insertOrganisation(_ o: Organisation) throws(Failure) {
        try run("INSERT INTO organisation (code, name, organisation_number, prefix, hosted_by) VALUES (?, ?, ?, ?, ?)",
                [o.code, o.name, o.organisationNumber.description, o.prefix, o.hostedBy])
    }

    func insertAnchor(_ key: AnchorKey) throws(Failure) {
        try run("INSERT INTO store_anchor (id, store_id, public_key, anchored_at) VALUES (1, ?, ?, ?)",
                [key.storeID, key.publicKey.hex, Timestamp.iso(Date())])
    }

    func openCase(organisation o: Organisation, title: String, year: Int, at: Date) throws(Failure) -> CaseRecord {
        let serial = Int(try int("""
            INSERT INTO number_series (prefix, year, last_serial) VALUES (?, ?, 1)
            ON CONFLICT (prefix, year) DO UPDATE SET last_serial = number_series.last_serial + 1
            RETURNING last_serial
            """, [o.prefix, year]) ?? 0)
        guard let number = CaseNumber(prefix: o.prefix, year: year, serial: serial) else {
            throw .store(.database("number series \(o.prefix) \(year) is exhausted"))
        }
        let id = try int("""
            INSERT INTO "case" (number, organisation, year, serial, title, opened_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id
            """, [number.description, o.code, year, serial, title, Timestamp.iso(at)]) ?? 0
        return CaseRecord(id: id, number: number, organisation: o.code, title: title)
    }

    func existingCase(_ number: CaseNumber) throws(Failure) -> CaseRecord {
        let found = try rows("SELECT id, organisation, title FROM \"case\" WHERE number = ?", [number.description]).first
        guard let found else { throw .store(.caseNotFound(number.description)) }
        return try decode { () throws(StoreError) in try PostgresStore.caseRecord(found, number: number) }
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
        let id = try int("""
            INSERT INTO document (number, case_id, sequence, kind, organisation, direction, date, registered_at,
                registered_by, counterparty, title, public_title, document_type, handler, file_name, media_type, size,
                object_sha256, record_sha256, audit_event_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, [
                entry.number.description, caseID, entry.number.sequence, kind.rawValue, entry.organisation.code,
                entry.direction.rawValue, entry.date.description, registeredAt, entry.registeredBy,
                entry.counterparty, entry.title, entry.publicTitle, entry.documentType, entry.handler, entry.file.name,
                entry.file.mediaType, entry.file.size, entry.file.sha256, recordSHA256, auditEventID,
            ]) ?? 0
        for m in entry.secrecy {
            runLater("""
                INSERT INTO secrecy_marking (document_id, field_path, provision, reason, marked_by, marked_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [id, m.field.description, m.provision, m.reason, entry.registeredBy, registeredAt])
        }
        let p = search.public
        runLater("""
            INSERT INTO search_public (document_id, number, title, counterparty, case_title, document_type, terms)
            VALUES (?, ?, ?, ?, ?, ?, array_to_tsvector(?::text[]))
            """, [id, entry.number.description, p.title, p.counterparty, p.caseTitle, p.documentType,
                  PGSearchTerms.lexemes(entry.number.description, p.title, p.counterparty, p.caseTitle, p.documentType)])
        let i = search.internal
        runLater("""
            INSERT INTO search_internal (document_id, number, title, public_title, counterparty, case_title, document_type, handler, content, terms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, array_to_tsvector(?::text[]))
            """, [id, entry.number.description, i.title, i.publicTitle, i.counterparty, i.caseTitle, i.documentType, i.handler, i.content,
                  PGSearchTerms.lexemes(entry.number.description, i.title, i.publicTitle, i.counterparty, i.caseTitle, i.documentType,
                                        i.handler, i.content)])
        return id
    }

    @discardableResult
    func appendAudit(_ event: AuditEvent) throws(Failure) -> AuditRecord {
        // Decided at the first event, before anything of it is written: an anchored store
        // without its key or log refuses here, and the whole transaction rolls back.
        if session.anchor == nil {
            do { session.anchor = try store.anchorForWrite(c) } catch { throw .store(error) }
        }
        // The chain's head: this transaction's own last event once it has appended one (the
        // write lock is held, so nobody else appended since), else read from the log.
        let lastID: Int64, previous: String
        if let head = session.head {
            (lastID, previous) = (head.id, head.hash)
        } else {
            let last = try rows("""
                SELECT (SELECT hash FROM audit_event ORDER BY id DESC LIMIT 1) AS hash,
                       greatest((SELECT max(id) FROM audit_event), (SELECT last_id FROM audit_sequence WHERE id = 1), 0) AS last_id
                """).first
            let (id, hash): (Int64, String?) = try last.map { r throws(Failure) in
                try decode { () throws(StoreError) in (try r["last_id"], try r["hash"]) }
            } ?? (0, nil)
            (lastID, previous) = (id, hash ?? AuditChain.genesis)
        }
        // Under the write lock: no other writer draws the same id. As AUTOINCREMENT, never one
        // drawn before, even when the newest events are gone.
        let nextID = lastID + 1
        let at = Timestamp.iso(event.at)
        let detail = AuditChain.encodeDetail(event.detail)
        let hash = AuditChain.link(previous: previous, canonical: AuditChain.canonical(
            id: nextID, at: at, actor: event.actor, action: event.action, subject: event.subject, detail: detail))
        runLater("""
            INSERT INTO audit_event (id, at, actor, action, subject, detail, previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [nextID, at, event.actor, event.action, event.subject, detail, previous, hash])
        runLater("""
            INSERT INTO audit_sequence (id, last_id) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET last_id = excluded.last_id
            """, [nextID])
        let record = AuditRecord(id: nextID, at: at, actor: event.actor, action: event.action, subject: event.subject,
                                 detail: detail, previousHash: previous, hash: hash)
        session.head = record
        return record
    }
}

extension PostgresStore {
    static func caseRecord(_ r: PGRow, number: CaseNumber) throws(StoreError) -> CaseRecord {
        CaseRecord(id: try r["id"], number: number, organisation: try r["organisation"], title: try r["title"])
    }

    /// Looks a case up outside any write, so that a registration naming a case that does not
    /// exist is refused before anything is written.
    public func findCase(_ number: CaseNumber) throws(StoreError) -> CaseRecord {
        guard let r = try rows("SELECT id, organisation, title FROM \"case\" WHERE number = ?", [number.description]).first else {
            throw .caseNotFound(number.description)
        }
        return try Self.caseRecord(r, number: number)
    }

    /// Appends one audit event in a transaction of its own: for attempts that reached the store
    /// and failed, after their own transaction rolled back.
    public func audit(_ event: AuditEvent) throws(StoreError) {
        try writeStore { tx throws(StoreError) in _ = try tx.appendAudit(event) }
    }

    static let anchorSelect = "SELECT store_id, public_key FROM store_anchor WHERE id = 1"

    func anchorRow(_ c: PGConnection) throws(StoreError) -> (storeID: String, publicKey: String)? {
        guard let r = try c.query(Self.anchorSelect).first else { return nil }
        return (try r["store_id"], try r["public_key"])
    }

    func anchorForWrite(_ c: PGConnection) throws(StoreError) -> WriteSession.Anchor {
        try StoreFolder.anchorForWrite(row: try anchorRow(c), signingKey: signingKey, keyURL: keyURL, logURL: anchorLogURL)
    }

    /// Refuses, before anything is written, what a write transaction would refuse: an anchored
    /// store without its key, with another store's key or without its log.
    public func checkWritable() throws(StoreError) {
        _ = try client.withConnection { c throws(StoreError) in try anchorForWrite(c) }
    }

    /// Anchors `opened` unless it is anchored already (see `SQLiteStore.anchorIfNeeded` for the
    /// order that lets an interrupted `init` be completed by the next).
    static func anchorIfNeeded(_ opened: PostgresStore, actor: String) throws(StoreError) -> (PostgresStore, AnchorSetup) {
        let row = try opened.client.withConnection { c throws(StoreError) in try opened.anchorRow(c) }
        let key: AnchorKey
        let created: Bool
        switch try StoreFolder.keyForAnchoring(row: row, signingKey: opened.signingKey, keyURL: opened.keyURL) {
        case .anchored(let k):
            return (opened, AnchorSetup(keyURL: opened.keyURL, publicKey: k.publicKey, keyCreated: false, anchoredNow: false))
        case .anchorNow(let k, let made):
            (key, created) = (k, made)
        }
        try AnchorLog.create(opened.anchorLogURL)
        let store = created ? PostgresStore(reopening: opened) : opened
        try store.writeStore { tx throws(StoreError) in
            try tx.insertAnchor(key)
            _ = try tx.appendAudit(AuditEvent(at: Date(), actor: actor, action: "store.anchor", subject: store.root.lastPathComponent,
                                              detail: ["publicKey": key.publicKey.hex, "store": key.storeID]))
        }
        return (store, AnchorSetup(keyURL: store.keyURL, publicKey: key.publicKey, keyCreated: created, anchoredNow: true))
    }
}
