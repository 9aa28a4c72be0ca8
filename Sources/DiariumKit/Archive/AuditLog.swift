public import DiariumModel
public import DiariumStore
public import Foundation

/// What the audit log shows an administrator; every criterion is optional.
public struct AuditQuery: Sendable, Hashable {
    public var actor: String?
    /// An action, or a family of them (`request`, `account`).
    public var action: String?
    /// Events on these days (in the store's time zone), ÅÅÅÅ-MM-DD.
    public var from: String?
    public var to: String?
    /// The next page: events older than this one.
    public var before: Int64?
    public var limit: Int

    public init(actor: String? = nil, action: String? = nil, from: String? = nil, to: String? = nil, before: Int64? = nil, limit: Int = 50) {
        self.actor = actor
        self.action = action
        self.from = from
        self.to = to
        self.before = before
        self.limit = limit
    }
}

/// One event of the audit chain as the log shows it.
public struct AuditLogEntry: Sendable, Hashable, Codable {
    public let id: Int64
    public let at: String
    public let actor: String
    public let action: String
    public let subject: String?
    public let detail: [String: String]
    public let hash: String
}

extension Diarium {
    func auditLog(_ q: AuditQuery) throws(DiariumError) -> [AuditLogEntry] {
        var problems: [ValidationError] = []
        func day(_ text: String?, _ field: String) -> CivilDate? {
            guard let text, !text.isEmpty else { return nil }
            guard let d = CivilDate(parsing: text) else {
                problems.append(ValidationError(field: field, rule: "date.invalid", message: "ska vara ett datum ÅÅÅÅ-MM-DD"))
                return nil
            }
            return d
        }
        let from = day(q.from, "from"), to = day(q.to, "to")
        if let from, let to, from > to { problems.append(ValidationError(field: "to", rule: "date-order.period", message: "ligger före från och med-datumet")) }
        if let a = q.action, a.utf8.count > 100 { problems.append(ValidationError(field: "action", rule: "text.max-length", message: "får vara högst 100 tecken")) }
        if let a = q.actor, a.utf8.count > 200 { problems.append(ValidationError(field: "actor", rule: "text.max-length", message: "får vara högst 200 tecken")) }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        let zone = store.config.zone
        func start(_ d: CivilDate) -> Date {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            return calendar.date(from: DateComponents(year: d.year, month: d.month, day: d.day)) ?? .distantPast
        }
        let filter = AuditFilter(actor: q.actor.flatMap { $0.isEmpty ? nil : $0 }, action: q.action.flatMap { $0.isEmpty ? nil : $0 },
                                 from: from.map(start), until: to.map { start($0.adding(days: 1)) },
                                 before: q.before, limit: max(1, min(q.limit, 500)))
        let records: [AuditRecord]
        do { records = try store.auditEvents(filter) } catch { throw .store(error) }
        // An administrator of some organisations sees the events of their numbers (and those
        // that belong to no organisation's number: accounts, imports).
        let prefixes = Dictionary(store.config.organisations.map { ($0.prefix, $0.code) }, uniquingKeysWith: { a, _ in a })
        return records.filter { r in
            guard let subject = r.subject, let c = CaseNumber(parsing: String(subject.split(separator: "-").first ?? "")),
                  let code = prefixes[c.prefix] else { return true }
            return actsFor(code)
        }.map { r in
            AuditLogEntry(id: r.id, at: r.at, actor: r.actor, action: r.action, subject: r.subject,
                          detail: (try? JSONDecoder().decode([String: String].self, from: Data(r.detail.utf8))) ?? ["detalj": r.detail], hash: r.hash)
        }
    }
}
