import DiariumModel
import DiariumRender
import DiariumRules
public import DiariumStore

/// A deviation as `deviation list` shows it. A unit marked secret in the report is replaced by
/// its marker: the list reaches terminals and scripts.
public struct DeviationListItem: Sendable, Hashable, Codable {
    public typealias Step = DeviationRow.Step

    public let document: String
    public let organisation: String
    public let unit: String
    public let type: String
    public let typeLabel: String
    public let phase: String
    public let status: String
    public let statusLabel: String
    public let level: String?
    public let levelLabel: String?
    public let reportedOn: String
    public let lastStepOn: String
    public let daysSinceLastStep: Int
    public let overdue: Bool
    public let origin: String
    public let procurement: String?
    public let steps: [Step]

    /// Where the deviation stands, as a step's form sends it back (`status|level`): a step is
    /// refused when someone else moved the deviation since.
    public var state: String { status + "|" + (level ?? "") }
}

/// What `deviation list` selects; every criterion is optional.
public struct DeviationQuery: Sendable, Hashable {
    public var status: String?
    public var type: String?
    public var organisation: String?
    public var unit: String?
    public var from: String?
    public var to: String?
    /// Only open deviations with no step for more than this many days (nil: all); the
    /// configured number is `Diarium.deviationOverdueDays`.
    public var overdueDays: Int?
    /// Only the deviation reported in this document.
    public var document: String?
    /// A page of the list: newest report first, at most `limit` after `offset`.
    public var newestFirst = false
    public var limit: Int?
    public var offset = 0

    public init(status: String? = nil, type: String? = nil, organisation: String? = nil, unit: String? = nil,
                from: String? = nil, to: String? = nil, overdueDays: Int? = nil) {
        self.status = status
        self.type = type
        self.organisation = organisation
        self.unit = unit
        self.from = from
        self.to = to
        self.overdueDays = overdueDays
    }
}

extension Diarium {
    static let deviationStatuses = Dictionary(uniqueKeysWithValues: DeviationData.statuses)
    /// A deviation in one of these takes no more steps.
    static let finishedStatuses: Set<String> = ["closed", "dismissed"]

    /// The configured number of days after which an open deviation with no step is overdue.
    public var deviationOverdueDays: Int { store.config.overdueDays }

    func listDeviations(_ q: DeviationQuery) throws(DiariumError) -> [DeviationListItem] {
        try listDeviations(q, count: false).items
    }

    func countDeviations(_ q: DeviationQuery) throws(DiariumError) -> Int {
        try listDeviations(q, count: true).total
    }

    /// The deviations of `q` (or, with `count`, only how many there are).
    private func listDeviations(_ q: DeviationQuery, count: Bool) throws(DiariumError) -> (items: [DeviationListItem], total: Int) {
        var problems: [ValidationError] = []
        if let s = q.status, Self.deviationStatuses[s] == nil {
            problems.append(ValidationError(field: "status", rule: "deviation-status.unknown",
                                            message: "är ingen status; välj en av: \(Self.deviationStatuses.keys.sorted().joined(separator: ", "))"))
        }
        if let t = q.type, deviationData.type(t) == nil {
            problems.append(ValidationError(field: "type", rule: "deviation-type.unknown",
                                            message: "är ingen känd typ av avsteg; välj en av: \(deviationData.types.map(\.code).joined(separator: ", "))"))
        }
        if let o = q.organisation, store.config.organisation(o) == nil {
            problems.append(ValidationError(field: "organisation", rule: "organisation.unknown", message: "finns inte i konfigurationen"))
        }
        func date(_ text: String?, _ field: String) -> CivilDate? {
            guard let text else { return nil }
            guard let d = CivilDate(parsing: text) else {
                problems.append(ValidationError(field: field, rule: "date.invalid", message: "ska vara ett datum ÅÅÅÅ-MM-DD"))
                return nil
            }
            return d
        }
        let from = date(q.from, "from"), to = date(q.to, "to")
        if let from, let to, from > to { problems.append(ValidationError(field: "to", rule: "date-order.period", message: "ligger före från och med-datumet")) }
        if let n = q.overdueDays, !(1...3650).contains(n) {
            problems.append(ValidationError(field: "overdue-days", rule: "days.range", message: "ska vara 1–3650 dagar"))
        }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        if let o = q.organisation { try requireOrganisation(o) }
        let today = self.today
        let overdueAfter = q.overdueDays
        var period: ClosedRange<CivilDate>?
        if from != nil || to != nil {
            period = (from ?? CivilDate(daysSinceEpoch: -1_000_000))...(to ?? CivilDate(daysSinceEpoch: 1_000_000))
        }
        let filter = DeviationFilter(status: q.status, type: q.type, organisation: q.organisation, unit: q.unit, period: period,
                                     noStepSince: overdueAfter.map { today.adding(days: -$0) })
        var filtered = filter
        filtered.document = q.document.flatMap { DocumentNumber(parsing: $0)?.description } ?? q.document
        // Only the organisations the principal acts for, in the query, so that a page is whole.
        if case .only(let codes) = principal.organisations { filtered.organisations = codes.sorted() }
        filtered.newestFirst = q.newestFirst
        filtered.limit = q.limit.map { max(0, $0) }
        filtered.offset = q.offset
        if count {
            do { return ([], try store.deviationCount(filtered)) } catch { throw .store(error) }
        }
        let rows: [DeviationRow]
        do { rows = try store.deviations(filtered) } catch { throw .store(error) }
        let threshold = overdueAfter ?? store.config.overdueDays
        // Only the deviations of the organisations the principal acts for.
        let items = rows.filter { actsFor($0.organisation) }.map { r in
            let last = r.lastStepOn
            let days = today.daysSinceEpoch - last.daysSinceEpoch
            let unit = r.unitProvision.map {
                RegisterView.marker($0, legal: legal)
            } ?? r.unit
            return DeviationListItem(
                document: r.document, organisation: r.organisation, unit: unit, type: r.type,
                typeLabel: deviationData.type(r.type)?.label ?? r.type, phase: r.phase, status: r.status,
                statusLabel: Self.deviationStatuses[r.status] ?? r.status, level: r.level,
                levelLabel: r.level.flatMap { deviationData.level($0)?.label }, reportedOn: r.reportedOn.description, lastStepOn: r.lastStepOn.description,
                daysSinceLastStep: days, overdue: !Self.finishedStatuses.contains(r.status) && days > threshold, origin: r.origin, procurement: r.procurement,
                steps: r.steps)
        }
        return (items, items.count)
    }
}
