public import DiariumStore
public import DiariumModel
import Foundation

// Requests for public documents on PostgreSQL, as on SQLite (see DiariumSQLite/AccessRequests.swift).
// Every check-and-change here (decideRequest, touchRequest's expected revision) runs inside the
// write transaction, under the store's write lock, so it holds exactly as on SQLite.

extension PGTransaction {
    /// Records a registered request; its number is the case number of `documentID`.
    func insertAccessRequest(documentID: Int64, organisation: String, receivedAt: Date, receivedOn: CivilDate,
                             channel: AccessChannel, format: AccessFormat, anonymous: Bool, inputSHA256: String) throws(Failure) {
        let changed = try changes("""
            INSERT INTO access_request (document_id, case_id, number, organisation, received_at, received_on, channel, format,
                                        anonymous, input_sha256, status)
            SELECT d.id, d.case_id, c.number, ?, ?, ?, ?, ?, ?, ?, 'open'
            FROM document d JOIN "case" c ON c.id = d.case_id WHERE d.id = ?
            """, [organisation, Timestamp.iso(receivedAt), receivedOn.description, channel.rawValue, format.rawValue, anonymous,
                  inputSHA256, documentID])
        guard changed == 1 else { throw .store(.documentNotFound("request \(documentID)")) }
    }

    /// Adds `documentID` to the request; false when it is already there.
    func addRequestItem(request: Int64, documentID: Int64, at: Date, by: String) throws(Failure) -> Bool {
        try changes("""
            INSERT INTO request_item (request_document_id, document_id, added_at, added_by) VALUES (?, ?, ?, ?)
            ON CONFLICT (request_document_id, document_id) DO NOTHING
            """, [request, documentID, Timestamp.iso(at), by]) == 1
    }

    /// Records (or replaces) the assessment of one document of the request.
    func assess(request: Int64, documentID: Int64, _ assessment: AccessAssessment, at: Date, by: String) throws(Failure) {
        let encoded: Data
        do { encoded = try JSONEncoder().encode(assessment) } catch { throw .store(.database("cannot encode the assessment: \(error)")) }
        let changed = try changes("""
            UPDATE request_item SET outcome = ?, assessment = ?, assessed_at = ?, assessed_by = ?
            WHERE request_document_id = ? AND document_id = ?
            """, [assessment.outcome.rawValue, String(decoding: encoded, as: UTF8.self), Timestamp.iso(at), by, request, documentID])
        guard changed == 1 else { throw .store(.documentNotFound("request item \(documentID)")) }
    }

    func insertRelease(request: Int64, _ r: RequestReleaseRow) throws(Failure) {
        try run("""
            INSERT INTO request_release (request_document_id, released_at, released_by, pages, fee_ore, fee_scale, manifest_sha256,
                                         archive_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [request, Timestamp.iso(r.releasedAt), r.releasedBy, r.pages, r.feeOre, r.feeScale, r.manifestSHA256, r.archiveSHA256])
    }

    func insertAccessDecision(documentID: Int64, request: Int64, dataSHA256: String) throws(Failure) {
        try run("INSERT INTO access_decision (document_id, request_document_id, data_sha256) VALUES (?, ?, ?)",
                [documentID, request, dataSHA256])
    }

    /// Marks the request decided, unless another process did so first (false).
    func decideRequest(_ request: Int64, at: Date) throws(Failure) -> Bool {
        try changes("""
            UPDATE access_request SET status = 'decided', handled_at = coalesce(handled_at, ?)
            WHERE document_id = ? AND status <> 'decided'
            """, [Timestamp.iso(at), request]) == 1
    }

    /// Moves the request's revision on by one; with `expected`, only while it still is that.
    func touchRequest(_ request: Int64, expected: Int?) throws(Failure) -> Int? {
        try int("""
            UPDATE access_request SET revision = revision + 1
            WHERE document_id = ?1 AND (?2::bigint IS NULL OR revision = ?2::bigint) RETURNING revision
            """, [request, expected]).map(Int.init)
    }

    func assignRequest(_ request: Int64, handler: String) throws(Failure) {
        try run("UPDATE access_request SET handler = ? WHERE document_id = ?", [handler, request])
    }

    /// Moves the request to `status`; the first handling (a release or a decision) sets the
    /// time it was handled, which ends its deadline.
    func setRequestStatus(request: Int64, _ status: RequestStatus, at: Date) throws(Failure) {
        try run("UPDATE access_request SET status = ?, handled_at = coalesce(handled_at, ?) WHERE document_id = ?",
                [status.rawValue, Timestamp.iso(at), request])
    }
}

extension PostgresStore {
    static let requestSelect = """
        SELECT a.*,
            (SELECT count(*) FROM request_item i WHERE i.request_document_id = a.document_id) AS documents,
            (SELECT count(i.assessment) FROM request_item i WHERE i.request_document_id = a.document_id) AS assessed
        FROM access_request a
        """

    /// A request row in Model types; a value that does not read is an error naming the request.
    static func requestRow(_ r: PGRow) throws(StoreError) -> AccessRequestRow {
        let number: String = try r["number"]
        let handled: String? = try r["handled_at"]
        guard let receivedAt = Timestamp.parse(try r["received_at"]), let receivedOn = CivilDate(parsing: try r["received_on"]),
              let channel = AccessChannel(rawValue: try r["channel"]), let format = AccessFormat(rawValue: try r["format"]),
              let status = RequestStatus(rawValue: try r["status"]) else {
            throw StoreError.database("the request \(number) has a row that cannot be read")
        }
        var handledAt: Date?
        if let handled {
            guard let t = Timestamp.parse(handled) else { throw StoreError.database("the request \(number) has a handling time that cannot be read") }
            handledAt = t
        }
        var row = AccessRequestRow(documentID: try r["document_id"], caseID: try r["case_id"], number: number,
                                   organisation: try r["organisation"], receivedAt: receivedAt, receivedOn: receivedOn, channel: channel,
                                   format: format, anonymous: try r["anonymous"], inputSHA256: try r["input_sha256"], status: status,
                                   handledAt: handledAt, documents: try r["documents"], assessed: try r["assessed"])
        row.handler = try r["handler"]
        row.revision = try r["revision"]
        return row
    }

    /// The request with `number` (its case number), or nil.
    public func accessRequest(number: String) throws(StoreError) -> AccessRequestRow? {
        try rows(Self.requestSelect + " WHERE number = ?", [number]).first.map(Self.requestRow)
    }

    /// The statuses a selection leaves out, by name: a row whose status cannot be read is still
    /// read, and is an error, where a filter on the wanted ones would leave it out of the open
    /// requests, its deadline unseen (as on SQLite).
    private static func excluded(_ statuses: [RequestStatus]?) -> [String] {
        statuses.map { wanted in RequestStatus.allCases.filter { !wanted.contains($0) }.map(\.rawValue) } ?? []
    }

    /// Requests, oldest first; `statuses` nil for all.
    public func accessRequests(statuses: [RequestStatus]?) throws(StoreError) -> [AccessRequestRow] {
        let excluded = Self.excluded(statuses)
        let condition = excluded.isEmpty ? "" : " WHERE NOT (status = ANY(?::text[]))"
        let binds: [any PGBindable] = excluded.isEmpty ? [] : [excluded]
        var all: [AccessRequestRow] = []
        for r in try rows(Self.requestSelect + condition + " ORDER BY received_at, document_id", binds) {
            all.append(try Self.requestRow(r))
        }
        guard let statuses else { return all }
        return all.filter { statuses.contains($0.status) }
    }

    public func accessRequestPage(_ q: RequestPageQuery) throws(StoreError) -> RequestPage {
        let overdue = "(a.handled_at IS NULL AND a.status = 'open' AND a.received_on <= ?2::text)"
        let condition = """
             WHERE (?1::text[] IS NULL OR a.organisation = ANY(?1::text[]))
              AND (?3::bigint = 0 OR \(overdue))
              AND NOT (a.status = ANY(?4::text[]))
            """
        let order = q.newestFirst ? "a.received_at DESC, a.document_id DESC" : "a.received_at, a.document_id"
        let args: [any PGBindable] = [q.organisations, q.overdueOnOrBefore?.description, q.onlyOverdue, Self.excluded(q.statuses)]
        let (rows, counts) = try read { c throws(StoreError) in
            // The page's ids first, so that the counts of each row's documents are made for the
            // page alone.
            let rows = try c.query("""
                WITH page AS (SELECT a.document_id FROM access_request a \(condition) ORDER BY \(order) LIMIT ?5 OFFSET ?6)
                \(Self.requestSelect) JOIN page p ON p.document_id = a.document_id ORDER BY \(order)
                """, args + [max(0, q.limit), max(0, q.offset)])
            // `sum` of a truth value, as SQLite counts it, is a filtered count here: a NULL
            // (no cutoff) counts as not overdue in both.
            let counts = try c.query("SELECT count(*), count(*) FILTER (WHERE \(overdue)) FROM access_request a" + condition, args).first
            return (rows, counts)
        }
        var page: [AccessRequestRow] = []
        for r in rows { page.append(try Self.requestRow(r)) }
        let total: Int64 = try counts.map { r throws(StoreError) in try r[0] } ?? 0
        let late: Int64 = try counts.map { r throws(StoreError) in try r[1] } ?? 0
        return RequestPage(rows: page, total: Int(total), overdue: Int(late))
    }

    /// The documents of a request in the order they were added. A stored assessment that no
    /// longer decodes is an error, not a silent "not assessed".
    public func requestItems(request: Int64) throws(StoreError) -> [RequestItemRow] {
        var items: [RequestItemRow] = []
        for r in try rows("""
            SELECT i.*, d.number, d.kind FROM request_item i JOIN document d ON d.id = i.document_id
            WHERE i.request_document_id = ? ORDER BY i.id
            """, [request]) {
            let number: String = try r["number"]
            var assessment: AccessAssessment?
            if let json: String = try r["assessment"] {
                do { assessment = try JSONDecoder().decode(AccessAssessment.self, from: Data(json.utf8)) } catch {
                    throw StoreError.database("the stored assessment of \(number) cannot be read")
                }
            }
            let kindText: String = try r["kind"]
            guard let kind = DocumentKind(rawValue: kindText) else {
                throw StoreError.database("document \(number) has an unknown kind (\(kindText))")
            }
            let unreadable = StoreError.database("the request item \(number) has a time that cannot be read")
            guard let addedAt = Timestamp.parse(try r["added_at"]) else { throw unreadable }
            var assessedAt: Date?
            if let text: String = try r["assessed_at"] {
                guard let t = Timestamp.parse(text) else { throw unreadable }
                assessedAt = t
            }
            items.append(RequestItemRow(documentID: try r["document_id"], document: number, kind: kind, addedAt: addedAt,
                                        assessment: assessment, assessedAt: assessedAt, assessedBy: try r["assessed_by"]))
        }
        return items
    }

    /// Whether `documentID` has been added to the request.
    public func requestHasItem(request: Int64, documentID: Int64) throws(StoreError) -> Bool {
        guard let r = try rows("SELECT EXISTS (SELECT 1 FROM request_item WHERE request_document_id = ? AND document_id = ?)",
                               [request, documentID]).first else { return false }
        return try r[0]
    }

    public func latestRelease(request: Int64) throws(StoreError) -> RequestReleaseRow? {
        guard let r = try rows("SELECT * FROM request_release WHERE request_document_id = ? ORDER BY id DESC LIMIT 1", [request]).first else {
            return nil
        }
        guard let releasedAt = Timestamp.parse(try r["released_at"]) else {
            throw StoreError.database("a release of request \(request) has a time that cannot be read")
        }
        var row = RequestReleaseRow(releasedAt: releasedAt, releasedBy: try r["released_by"], pages: try r["pages"],
                                    feeOre: try r["fee_ore"], feeScale: try r["fee_scale"], manifestSHA256: try r["manifest_sha256"])
        row.archiveSHA256 = try r["archive_sha256"]
        return row
    }

    /// The archived data of a registered decision.
    public func accessDecisionData(documentID: Int64) throws(StoreError) -> String {
        guard let r = try rows("SELECT data_sha256 FROM access_decision WHERE document_id = ?", [documentID]).first else {
            throw .documentNotFound("decision \(documentID)")
        }
        return try r["data_sha256"]
    }

    /// The archived input of a registered request.
    public func accessRequestInput(documentID: Int64) throws(StoreError) -> String? {
        guard let r = try rows("SELECT input_sha256 FROM access_request WHERE document_id = ?", [documentID]).first else { return nil }
        return try r["input_sha256"]
    }
}
