public import DiariumStore
import DiariumModel
import Foundation
import GRDB

extension SQLiteTransaction: DeviationTransaction {
    func insertDeviation(_ d: DeviationInsert) throws(Failure) {
        let reportedOn = d.reportedOn.description
        try run("""
            INSERT INTO deviation (document_id, organisation, unit, type, phase, reported_on, procurement, supplier_orgnr,
                                   estimated_value_ore, status, level, last_step_on, origin, origin_key, input_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)
            """, [d.documentID, d.organisation, d.unit, d.type, d.phase, reportedOn, d.procurement?.description,
                  d.supplierOrgnr?.description, d.estimatedValue?.ore, d.status, reportedOn, d.origin, d.originKey, d.inputSHA256])
    }
}

extension SQLiteStore {
    /// The archived input of a registered deviation report.
    public func deviationInput(documentID: Int64) throws(StoreError) -> String {
        let sha: String? = try read { db in
            try String.fetchOne(db, sql: "SELECT input_sha256 FROM deviation WHERE document_id = ?", arguments: [documentID])
        }
        guard let sha else { throw .documentNotFound("deviation \(documentID)") }
        return sha
    }
}

extension SQLiteStore {
    public func deviationState(documentID: Int64) throws(StoreError) -> DeviationState? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT status, level FROM deviation WHERE document_id = ?", arguments: [documentID])
                .map { DeviationState(documentID: documentID, status: $0["status"], level: $0["level"]) }
        }
    }
}

extension SQLiteTransaction {
    func moveDeviation(documentID: Int64, from expected: DeviationState, to status: String, level: String?,
                       step: String, by: String, on date: CivilDate, stepDocumentID: Int64) throws(Failure) -> Bool {
        let changed = try changes("""
            UPDATE deviation SET status = ?, level = ?, last_step_on = ?
            WHERE document_id = ? AND status = ? AND level IS ?
            """, [status, level, date.description, documentID, expected.status, expected.level])
        guard changed == 1 else { return false }
        try run("""
            INSERT INTO deviation_step (deviation_document_id, step, level, by_name, on_date, document_id) VALUES (?, ?, ?, ?, ?, ?)
            """, [documentID, step, level, by, date.description, stepDocumentID])
        return true
    }
}

extension SQLiteStore {
    /// The conditions of a `DeviationFilter`, over `deviation v JOIN document d`.
    static let deviationWhere = """
         WHERE (?1 IS NULL OR v.status = ?1) AND (?2 IS NULL OR v.type = ?2) AND (?3 IS NULL OR v.organisation = ?3)
          AND (?4 IS NULL OR v.unit = ?4) AND (?5 IS NULL OR v.reported_on >= ?5) AND (?6 IS NULL OR v.reported_on <= ?6)
          AND (?7 IS NULL OR (v.status NOT IN ('closed', 'dismissed') AND v.last_step_on < ?7))
          AND (?8 IS NULL OR d.number = ?8)
          AND (?9 IS NULL OR v.organisation IN (SELECT value FROM json_each(?9)))
        """

    static func deviationArguments(_ f: DeviationFilter) -> StatementArguments {
        let organisations = f.organisations.map(jsonArray)
        return [f.status, f.type, f.organisation, f.unit, f.period?.lowerBound.description, f.period?.upperBound.description,
                f.noStepSince?.description, f.document, organisations]
    }

    public func deviationCount(_ filter: DeviationFilter) throws(StoreError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM deviation v JOIN document d ON d.id = v.document_id" + Self.deviationWhere,
                             arguments: Self.deviationArguments(filter)) ?? 0
        }
    }

    /// The deviations matching `filter`, oldest report first, each with its steps in order.
    public func deviations(_ filter: DeviationFilter) throws(StoreError) -> [DeviationRow] {
        // Fetched first, read after: a date that cannot be read is an error naming the
        // deviation (guessed, an overdue deviation would pass for a fresh one).
        let fetched = try read { db in
            // The page's ids first (in the index's order when nothing narrows it), then the
            // columns and the unit's marking for those rows alone.
            let order = filter.newestFirst ? "v.reported_on DESC, v.document_id DESC" : "v.reported_on, v.document_id"
            let rows = try Row.fetchAll(db, sql: """
                WITH page AS (SELECT v.document_id FROM deviation v JOIN document d ON d.id = v.document_id \(Self.deviationWhere)
                              ORDER BY \(order) LIMIT ?10 OFFSET ?11)
                SELECT v.document_id, d.number, v.organisation, v.unit, v.type, v.phase, v.status, v.level, v.reported_on,
                       v.last_step_on, v.origin, v.procurement,
                       (SELECT provision FROM secrecy_marking m WHERE m.document_id = v.document_id AND m.field_path = 'unit') AS unit_provision
                FROM page p JOIN deviation v ON v.document_id = p.document_id JOIN document d ON d.id = v.document_id
                ORDER BY \(order)
                """, arguments: Self.deviationArguments(filter) + [filter.limit ?? -1, max(0, filter.offset)])
            let stepStatement = try db.cachedStatement(sql: """
                SELECT s.step, s.level, s.on_date, d.number, s.by_name FROM deviation_step s JOIN document d ON d.id = s.document_id
                WHERE s.deviation_document_id = ? ORDER BY s.id
                """)
            return try rows.map { r in (row: r, steps: try Row.fetchAll(stepStatement, arguments: [r[0] as Int64])) }
        }
        return try fetched.map { item throws(StoreError) in
            let r = item.row
            let number: String = r[1]
            let steps = try item.steps.map { s throws(StoreError) in
                DeviationRow.Step(step: s[0], level: s[1], on: try Self.date(s[2], of: "deviation step", s[3]), document: s[3], by: s[4])
            }
            return DeviationRow(document: number, organisation: r[2], unit: r[3], unitProvision: r["unit_provision"], type: r[4], phase: r[5],
                                status: r[6], level: r[7], reportedOn: try Self.date(r[8], of: "deviation", number),
                                lastStepOn: try Self.date(r[9], of: "deviation", number), origin: r[10], procurement: r[11],
                                steps: steps)
        }
    }
}

/// A list of strings as a JSON array, for `json_each(?)`: the codes as they are, escaped.
func jsonArray(_ values: [String]) -> String {
    (try? String(decoding: JSONEncoder().encode(values), as: UTF8.self)) ?? "[]"
}
