import DiariumModel
import DiariumStore
import Foundation

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

/// A page of the audit log, and where the next one starts (nil: the log ends here).
public struct AuditLogPage: Sendable, Hashable, Codable {
    public let entries: [AuditLogEntry]
    public let next: Int64?
}

extension Diarium {
    func auditLog(_ q: AuditQuery) throws(DiariumError) -> AuditLogPage {
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
        let wanted = max(1, min(q.limit, 500))
        var filter = AuditFilter(actor: q.actor.flatMap { $0.isEmpty ? nil : $0 }, action: q.action.flatMap { $0.isEmpty ? nil : $0 },
                                 from: from.map(start), until: to.map { start($0.adding(days: 1)) },
                                 before: q.before, limit: wanted * 2)
        // An administrator of some organisations sees the events of their numbers and of their
        // accounts, and those that belong to no organisation (imports, the operator's own).
        let prefixes = Dictionary(store.config.organisations.map { ($0.prefix, $0.code) }, uniquingKeysWith: { a, _ in a })
        var accounts: [String: Set<String>] = [:]
        if case .only = principal.organisations {
            do { accounts = Dictionary(try store.accounts().map { ($0.name, $0.organisations) }, uniquingKeysWith: { a, _ in a }) } catch { throw .store(error) }
        }
        func visible(_ r: AuditRecord) -> Bool {
            guard case .only = principal.organisations, let subject = r.subject else { return true }
            if let c = CaseNumber(parsing: String(subject.split(separator: "-").first ?? "")), let code = prefixes[c.prefix] { return actsFor(code) }
            if r.action.hasPrefix("account."), let orgs = accounts[subject] { return orgs.contains { actsFor($0) } }
            return true
        }
        // Filtered after the query: read on until the page is full or the log ends, and go on
        // next time after the last event read (not the last shown).
        var entries: [AuditLogEntry] = []
        var lastRead: Int64?
        var exhausted = false
        while entries.count < wanted, !exhausted {
            let records: [AuditRecord]
            do { records = try store.auditEvents(filter) } catch { throw .store(error) }
            exhausted = records.count < filter.limit
            for r in records {
                lastRead = r.id
                guard visible(r) else { continue }
                entries.append(AuditLogEntry(id: r.id, at: r.at, actor: r.actor, action: r.action, subject: r.subject,
                                             detail: (try? JSONDecoder().decode([String: String].self, from: Data(r.detail.utf8))) ?? ["detalj": r.detail],
                                             hash: r.hash))
                if entries.count == wanted { exhausted = exhausted && r.id == records.last?.id; break }
            }
            filter.before = lastRead
            if records.isEmpty { exhausted = true }
        }
        return AuditLogPage(entries: entries, next: exhausted ? nil : lastRead)
    }
}
