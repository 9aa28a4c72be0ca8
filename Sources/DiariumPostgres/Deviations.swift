import DiariumModel
public import DiariumStore
import Foundation

extension PGTransaction {
    func insertDeviation(_ d: DeviationInsert) throws(Failure) {
        let reportedOn = d.reportedOn.description
        try run("""
            INSERT INTO deviation (document_id, organisation, unit, type, phase, reported_on, procurement, supplier_orgnr,
                                   estimated_value_ore, status, level, last_step_on, origin, origin_key, input_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?)
            """, [d.documentID, d.organisation, d.unit, d.type, d.phase, reportedOn, d.procurement?.description,
                  d.supplierOrgnr?.description, d.estimatedValue?.ore, d.status, reportedOn, d.origin, d.originKey, d.inputSHA256])
    }

    /// Moves a deviation one step if it is still in `expected`; false when another writer moved it.
    func moveDeviation(documentID: Int64, from expected: DeviationState, to status: String, level: String?,
                       step: String, by: String, on date: CivilDate, stepDocumentID: Int64) throws(Failure) -> Bool {
        let changed = try changes("""
            UPDATE deviation SET status = ?, level = ?, last_step_on = ?
            WHERE document_id = ? AND status = ? AND level IS NOT DISTINCT FROM ?::text
            """, [status, level, date.description, documentID, expected.status, expected.level])
        guard changed == 1 else { return false }
        try run("""
            INSERT INTO deviation_step (deviation_document_id, step, level, by_name, on_date, document_id) VALUES (?, ?, ?, ?, ?, ?)
            """, [documentID, step, level, by, date.description, stepDocumentID])
        return true
    }
}

extension PostgresStore {
    /// The archived input of a registered deviation report.
    public func deviationInput(documentID: Int64) throws(StoreError) -> String {
        guard let r = try rows("SELECT input_sha256 FROM deviation WHERE document_id = ?", [documentID]).first else {
            throw .documentNotFound("deviation \(documentID)")
        }
        return try r[0]
    }

    public func deviationState(documentID: Int64) throws(StoreError) -> DeviationState? {
        guard let r = try rows("SELECT status, level FROM deviation WHERE document_id = ?", [documentID]).first else { return nil }
        return DeviationState(documentID: documentID, status: try r["status"], level: try r["level"])
    }

    /// The conditions of a `DeviationFilter`, over `deviation v JOIN document d`; each parameter
    /// typed, as a NULL one has no type of its own.
    static let deviationWhere = """
         WHERE (?1::text IS NULL OR v.status = ?1) AND (?2::text IS NULL OR v.type = ?2) AND (?3::text IS NULL OR v.organisation = ?3)
          AND (?4::text IS NULL OR v.unit = ?4) AND (?5::text IS NULL OR v.reported_on >= ?5) AND (?6::text IS NULL OR v.reported_on <= ?6)
          AND (?7::text IS NULL OR (v.status NOT IN ('closed', 'dismissed') AND v.last_step_on < ?7))
          AND (?8::text IS NULL OR d.number = ?8)
          AND (?9::text[] IS NULL OR v.organisation = ANY(?9::text[]))
        """

    static func deviationArguments(_ f: DeviationFilter) -> [any PGBindable] {
        [f.status, f.type, f.organisation, f.unit, f.period?.lowerBound.description, f.period?.upperBound.description,
         f.noStepSince?.description, f.document, f.organisations]
    }

    public func deviationCount(_ filter: DeviationFilter) throws(StoreError) -> Int {
        guard let r = try rows("SELECT count(*) FROM deviation v JOIN document d ON d.id = v.document_id" + Self.deviationWhere,
                               Self.deviationArguments(filter)).first else { return 0 }
        return Int(try r[0] as Int64)
    }

    /// The deviations matching `filter`, oldest report first, each with its steps in order.
    public func deviations(_ filter: DeviationFilter) throws(StoreError) -> [DeviationRow] {
        // Fetched first (the page and its steps in one snapshot), read after: a date that cannot
        // be read is an error naming the deviation (guessed, an overdue deviation would pass for
        // a fresh one).
        let order = filter.newestFirst ? "v.reported_on DESC, v.document_id DESC" : "v.reported_on, v.document_id"
        let fetched = try read { c throws(StoreError) in
            // The page's ids first, then the columns and the unit's marking for those rows alone. No
            // limit is NULL here (SQLite's -1; a negative one is refused by PostgreSQL).
            let page = try c.query("""
                WITH page AS (SELECT v.document_id FROM deviation v JOIN document d ON d.id = v.document_id \(Self.deviationWhere)
                              ORDER BY \(order) LIMIT ?10 OFFSET ?11)
                SELECT v.document_id, d.number, v.organisation, v.unit, v.type, v.phase, v.status, v.level, v.reported_on,
                       v.last_step_on, v.origin, v.procurement,
                       (SELECT provision FROM secrecy_marking m WHERE m.document_id = v.document_id AND m.field_path = 'unit'
                        ORDER BY m.id LIMIT 1) AS unit_provision
                FROM page p JOIN deviation v ON v.document_id = p.document_id JOIN document d ON d.id = v.document_id
                ORDER BY \(order)
                """, Self.deviationArguments(filter) + [filter.limit.flatMap { $0 < 0 ? nil : $0 }, max(0, filter.offset)])
            var ids: [String] = []
            for r in page { ids.append(String(try r[0] as Int64)) }
            // Every step of the page in one statement (not one a deviation).
            guard !ids.isEmpty else { return (page: page, steps: [PGRow]()) }
            let steps = try c.query("""
                SELECT s.deviation_document_id, s.step, s.level, s.on_date, d.number, s.by_name
                FROM deviation_step s JOIN document d ON d.id = s.document_id
                WHERE s.deviation_document_id = ANY(?::text[]::bigint[]) ORDER BY s.id
                """, [ids])
            return (page: page, steps: steps)
        }
        var steps: [Int64: [DeviationRow.Step]] = [:]
        for s in fetched.steps {
            let document: String = try s[4]
            steps[try s[0], default: []].append(DeviationRow.Step(step: try s[1], level: try s[2],
                                                                  on: try Self.date(try s[3], of: "deviation step", document),
                                                                  document: document, by: try s[5]))
        }
        var out: [DeviationRow] = []
        for r in fetched.page {
            let number: String = try r[1]
            out.append(DeviationRow(document: number, organisation: try r[2], unit: try r[3], unitProvision: try r["unit_provision"],
                                    type: try r[4], phase: try r[5], status: try r[6], level: try r[7],
                                    reportedOn: try Self.date(try r[8], of: "deviation", number),
                                    lastStepOn: try Self.date(try r[9], of: "deviation", number), origin: try r[10],
                                    procurement: try r[11], steps: steps[try r[0] as Int64] ?? []))
        }
        return out
    }

    /// The deviations opened from a finding or a procurement, by origin key.
    public func deviationsByOriginKey() throws(StoreError) -> [String: String] {
        var out: [String: String] = [:]
        for r in try rows("""
            SELECT v.origin_key, d.number FROM deviation v JOIN document d ON d.id = v.document_id WHERE v.origin_key IS NOT NULL
            """) {
            out[try r[0]] = try r[1]
        }
        return out
    }
}
