public import DiariumModel
public import DiariumStore

private let planColumns = "code, label, process, series, action, retention, retention_from, decision, published, retired"
private let planSelect = "SELECT \(planColumns) FROM plan_type ORDER BY position"
private let usageSelect = "SELECT document_type, count(*) AS n FROM document GROUP BY document_type"

/// A plan row; one whose action is unknown is left out (as on SQLite).
private func planTypes(_ rows: [PGRow]) throws(StoreError) -> [PlanType] {
    var out: [PlanType] = []
    for r in rows {
        guard let action = PlanType.Action(rawValue: try r["action"]) else { continue }
        let retention = (try r["retention"] as String?).flatMap(Retention.init(parsing:))
        let from = (try r["retention_from"] as String?).flatMap(PlanType.Event.init(rawValue:))
        out.append(PlanType(code: try r["code"], label: try r["label"], process: try r["process"], series: try r["series"], action: action,
                            retention: retention, retentionFrom: from, decision: try r["decision"], published: try r["published"],
                            retired: try r["retired"]))
    }
    return out
}

private func usage(_ rows: [PGRow]) throws(StoreError) -> [String: Int] {
    var usage: [String: Int] = [:]
    for r in rows { usage[try r["document_type"]] = Int(try r["n"] as Int64) }
    return usage
}

extension PostgresStore {
    public func planTypes() throws(StoreError) -> [PlanType] { try DiariumPostgres.planTypes(try rows(planSelect)) }
    public func documentTypeUsage() throws(StoreError) -> [String: Int] { try usage(try rows(usageSelect)) }
}

extension PGTransaction {
    func planTypesForUpdate() throws(Failure) -> [PlanType] {
        let found = try rows(planSelect)
        return try decode { () throws(StoreError) in try DiariumPostgres.planTypes(found) }
    }

    func documentTypeUsageForUpdate() throws(Failure) -> [String: Int] {
        let found = try rows(usageSelect)
        return try decode { () throws(StoreError) in try usage(found) }
    }

    func replacePlan(_ types: [PlanType]) throws(Failure) {
        try run("DELETE FROM plan_type")
        for (i, t) in types.enumerated() {
            try run("INSERT INTO plan_type (position, \(planColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [i, t.code, t.label, t.process, t.series, t.action.rawValue, t.retention?.description, t.retentionFrom?.rawValue,
                     t.decision, t.published, t.retired])
        }
    }
}
