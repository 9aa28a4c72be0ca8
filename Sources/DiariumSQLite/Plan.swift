public import DiariumModel
public import DiariumStore
import GRDB

private let planColumns = "code, label, process, series, action, retention, retention_from, decision, published, retired"

private func planType(_ r: Row) -> PlanType? {
    guard let action = PlanType.Action(rawValue: r["action"]) else { return nil }
    let retention = (r["retention"] as String?).flatMap(Retention.init(parsing:))
    let from = (r["retention_from"] as String?).flatMap(PlanType.Event.init(rawValue:))
    return PlanType(code: r["code"], label: r["label"], process: r["process"], series: r["series"], action: action,
                    retention: retention, retentionFrom: from, decision: r["decision"], published: r["published"], retired: r["retired"])
}

private func fetchPlan(_ db: Database) throws -> [PlanType] {
    try Row.fetchAll(db, sql: "SELECT \(planColumns) FROM plan_type ORDER BY position").compactMap(planType)
}

private func fetchUsage(_ db: Database) throws -> [String: Int] {
    var usage: [String: Int] = [:]
    for r in try Row.fetchAll(db, sql: "SELECT document_type, count(*) AS n FROM document GROUP BY document_type") {
        usage[r["document_type"]] = r["n"]
    }
    return usage
}

extension SQLiteStore {
    public func planTypes() throws(StoreError) -> [PlanType] { try read(fetchPlan) }
    public func documentTypeUsage() throws(StoreError) -> [String: Int] { try read(fetchUsage) }
}

extension SQLiteTransaction: PlanTransaction {
    func planTypesForUpdate() throws(Failure) -> [PlanType] { try sql(fetchPlan) }
    func documentTypeUsageForUpdate() throws(Failure) -> [String: Int] { try sql(fetchUsage) }

    func replacePlan(_ types: [PlanType]) throws(Failure) {
        try run("DELETE FROM plan_type", [])
        for (i, t) in types.enumerated() {
            try run("INSERT INTO plan_type (position, \(planColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [i, t.code, t.label, t.process, t.series, t.action.rawValue, t.retention?.description, t.retentionFrom?.rawValue,
                     t.decision, t.published, t.retired])
        }
    }
}
