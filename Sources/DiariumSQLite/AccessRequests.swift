public import DiariumStore
public import DiariumModel
import Foundation
import GRDB

extension SQLiteTransaction: RequestTransaction {
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

    /// Moves the request to `status`; the first handling (a release or a decision) sets the
    /// time it was handled, which ends its deadline.
    func touchRequest(_ request: Int64, expected: Int?) throws(Failure) -> Int? {
        try int("UPDATE access_request SET revision = revision + 1 WHERE document_id = ?1 AND (?2 IS NULL OR revision = ?2) RETURNING revision",
                [request, expected]).map(Int.init)
    }

    func assignRequest(_ request: Int64, handler: String) throws(Failure) {
        try run("UPDATE access_request SET handler = ? WHERE document_id = ?", [handler, request])
    }

    func setRequestStatus(request: Int64, _ status: RequestStatus, at: Date) throws(Failure) {
        try run("UPDATE access_request SET status = ?, handled_at = coalesce(handled_at, ?) WHERE document_id = ?",
                [status.rawValue, Timestamp.iso(at), request])
    }
}

extension SQLiteStore {
    static let requestSelect = """
        SELECT a.*,
            (SELECT count(*) FROM request_item i WHERE i.request_document_id = a.document_id) AS documents,
            (SELECT count(i.assessment) FROM request_item i WHERE i.request_document_id = a.document_id) AS assessed
        FROM access_request a
        """

    /// A request row in Model types; a value that does not read is an error naming the request.
    static func requestRow(_ r: Row) throws(StoreError) -> AccessRequestRow {
        let number: String = r["number"]
        let handled: String? = r["handled_at"]
        guard let receivedAt = Timestamp.parse(r["received_at"]), let receivedOn = CivilDate(parsing: r["received_on"]),
              let channel = AccessChannel(rawValue: r["channel"]), let format = AccessFormat(rawValue: r["format"]),
              let status = RequestStatus(rawValue: r["status"]) else {
            throw StoreError.database("the request \(number) has a row that cannot be read")
        }
        var handledAt: Date?
        if let handled {
            guard let t = Timestamp.parse(handled) else { throw StoreError.database("the request \(number) has a handling time that cannot be read") }
            handledAt = t
        }
        var row = AccessRequestRow(documentID: r["document_id"], caseID: r["case_id"], number: number, organisation: r["organisation"],
                                   receivedAt: receivedAt, receivedOn: receivedOn, channel: channel, format: format,
                                   anonymous: r["anonymous"], inputSHA256: r["input_sha256"], status: status, handledAt: handledAt,
                                   documents: r["documents"], assessed: r["assessed"])
        row.handler = r["handler"]
        row.revision = r["revision"]
        return row
    }

    /// The request with `number` (its case number), or nil.
    public func accessRequest(number: String) throws(StoreError) -> AccessRequestRow? {
        try read { db in try Row.fetchOne(db, sql: Self.requestSelect + " WHERE number = ?", arguments: [number]) }.map(Self.requestRow)
    }

    /// Requests, oldest first; `statuses` nil for all.
    public func accessRequests(statuses: [RequestStatus]?) throws(StoreError) -> [AccessRequestRow] {
        // The statuses not asked for are left out in SQL, by name: a row whose status cannot be
        // read is still read, and is an error, where a filter on the wanted ones would leave it
        // out of the open requests, its deadline unseen.
        let excluded = statuses.map { wanted in RequestStatus.allCases.filter { !wanted.contains($0) }.map(\.rawValue) } ?? []
        let condition = excluded.isEmpty ? "" : " WHERE status NOT IN (" + excluded.map { _ in "?" }.joined(separator: ", ") + ")"
        let all = try read { db in
            try Row.fetchAll(db, sql: Self.requestSelect + condition + " ORDER BY received_at, document_id",
                             arguments: StatementArguments(excluded))
        }.map(Self.requestRow)
        guard let statuses else { return all }
        return all.filter { statuses.contains($0.status) }
    }

    public func accessRequestPage(_ q: RequestPageQuery) throws(StoreError) -> RequestPage {
        // As `accessRequests`: the statuses not asked for are left out by name.
        let excluded = q.statuses.map { wanted in RequestStatus.allCases.filter { !wanted.contains($0) }.map(\.rawValue) } ?? []
        let organisations = q.organisations.map(jsonArray)
        let cutoff = q.overdueOnOrBefore?.description
        let overdue = "(a.handled_at IS NULL AND a.status = 'open' AND a.received_on <= ?2)"
        let condition = """
             WHERE (?1 IS NULL OR a.organisation IN (SELECT value FROM json_each(?1)))
              AND (?3 = 0 OR \(overdue))
              AND a.status NOT IN (SELECT value FROM json_each(?4))
            """
        let excludedJSON = jsonArray(excluded)
        let order = q.newestFirst ? "a.received_at DESC, a.document_id DESC" : "a.received_at, a.document_id"
        let args: StatementArguments = [organisations, cutoff, q.onlyOverdue, excludedJSON]
        let (rows, counts) = try read { db in
            // The page's ids first, so that the counts of each row's documents are made for the
            // page alone.
            let rows = try Row.fetchAll(db, sql: """
                WITH page AS (SELECT a.document_id FROM access_request a \(condition) ORDER BY \(order) LIMIT ?5 OFFSET ?6)
                \(Self.requestSelect) JOIN page p ON p.document_id = a.document_id ORDER BY \(order)
                """, arguments: args + [max(0, q.limit), max(0, q.offset)])
            let counts = try Row.fetchOne(db, sql: "SELECT count(*), coalesce(sum(\(overdue)), 0) FROM access_request a" + condition, arguments: args)
            return (rows, counts)
        }
        return RequestPage(rows: try rows.map(Self.requestRow), total: counts?[0] ?? 0, overdue: counts?[1] ?? 0)
    }

    /// The documents of a request in the order they were added. A stored assessment that no
    /// longer decodes is an error, not a silent "not assessed".
    public func requestItems(request: Int64) throws(StoreError) -> [RequestItemRow] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.*, d.number, d.kind FROM request_item i JOIN document d ON d.id = i.document_id
                WHERE i.request_document_id = ? ORDER BY i.id
                """, arguments: [request])
        }.map { r throws(StoreError) in
            var assessment: AccessAssessment?
            if let json: String = r["assessment"] {
                do { assessment = try JSONDecoder().decode(AccessAssessment.self, from: Data(json.utf8)) } catch {
                    throw StoreError.database("the stored assessment of \(r["number"] as String) cannot be read")
                }
            }
            let kindText: String = r["kind"]
            guard let kind = DocumentKind(rawValue: kindText) else {
                throw StoreError.database("document \(r["number"] as String) has an unknown kind (\(kindText))")
            }
            let unreadable = StoreError.database("the request item \(r["number"] as String) has a time that cannot be read")
            guard let addedAt = Timestamp.parse(r["added_at"]) else { throw unreadable }
            var assessedAt: Date?
            if let text: String = r["assessed_at"] {
                guard let t = Timestamp.parse(text) else { throw unreadable }
                assessedAt = t
            }
            return RequestItemRow(documentID: r["document_id"], document: r["number"], kind: kind, addedAt: addedAt,
                                  assessment: assessment, assessedAt: assessedAt, assessedBy: r["assessed_by"])
        }
    }

    /// Whether `documentID` has been added to the request.
    public func requestHasItem(request: Int64, documentID: Int64) throws(StoreError) -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM request_item WHERE request_document_id = ? AND document_id = ?)",
                              arguments: [request, documentID]) ?? false
        }
    }

    public func latestRelease(request: Int64) throws(StoreError) -> RequestReleaseRow? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM request_release WHERE request_document_id = ? ORDER BY id DESC LIMIT 1",
                             arguments: [request])
        }.map { r throws(StoreError) in
            guard let releasedAt = Timestamp.parse(r["released_at"]) else {
                throw StoreError.database("a release of request \(request) has a time that cannot be read")
            }
            var row = RequestReleaseRow(releasedAt: releasedAt, releasedBy: r["released_by"], pages: r["pages"],
                                        feeOre: r["fee_ore"], feeScale: r["fee_scale"], manifestSHA256: r["manifest_sha256"])
            row.archiveSHA256 = r["archive_sha256"]
            return row
        }
    }

    /// The archived data of a registered decision.
    public func accessDecisionData(documentID: Int64) throws(StoreError) -> String {
        let sha: String? = try read { db in
            try String.fetchOne(db, sql: "SELECT data_sha256 FROM access_decision WHERE document_id = ?", arguments: [documentID])
        }
        guard let sha else { throw .documentNotFound("decision \(documentID)") }
        return sha
    }

    /// The archived input of a registered request.
    public func accessRequestInput(documentID: Int64) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT input_sha256 FROM access_request WHERE document_id = ?", arguments: [documentID])
        }
    }
}
