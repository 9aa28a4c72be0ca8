public import Foundation
import DiariumText

/// A document type of the organisation's information management plan (informationshanteringsplan):
/// what it is called, where it belongs, whether it is kept or disposed of and when, the decision
/// that says so, and whether the webbdiarium shows it. A region's own plan is imported
/// (`diarium plan import`); a new store starts with Diarium's default plan.
public struct PlanType: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Hashable, Codable, CaseIterable {
        /// Bevaras: kept for ever, delivered to the e-archive.
        case keep
        /// Gallras: disposed of when its time is past.
        case dispose
    }

    /// The event a retention period runs from.
    public enum Event: String, Sendable, Hashable, Codable, CaseIterable {
        /// The day the document was registered.
        case registered
        /// The document's own date.
        case documentDate = "document-date"
        /// The end of the calendar year the document was registered in (the common rule: "2 år
        /// efter årets utgång").
        case yearEnd = "year-end"
    }

    /// The code registrations name (`anbud`); never renamed while documents use it.
    public let code: String
    public let label: String
    /// The process or activity it belongs to (`Upphandla varor och tjänster`).
    public let process: String
    /// The series in the archive's classification, if the plan names one.
    public let series: String?
    public let action: Action
    /// How long it is kept before disposal: whole years and months.
    public let retention: Retention?
    public let retentionFrom: Event?
    /// The decision the row rests on (a gallringsbeslut or the plan's own adoption).
    public let decision: String
    /// Whether the public webbdiarium lists documents of this type.
    public let published: Bool
    /// Retired: no new document of the type may be registered; those registered keep it.
    public let retired: Bool

    public init(code: String, label: String, process: String, series: String?, action: Action, retention: Retention?,
                retentionFrom: Event?, decision: String, published: Bool, retired: Bool) {
        self.code = code
        self.label = label
        self.process = process
        self.series = series
        self.action = action
        self.retention = retention
        self.retentionFrom = retentionFrom
        self.decision = decision
        self.published = published
        self.retired = retired
    }

    public func retiring(_ flag: Bool) -> PlanType {
        PlanType(code: code, label: label, process: process, series: series, action: action, retention: retention,
                 retentionFrom: retentionFrom, decision: decision, published: published, retired: flag)
    }

    /// The day a document of this type may be disposed of, or nil when it is kept.
    public func disposableOn(registered: CivilDate, documentDate: CivilDate) -> CivilDate? {
        guard let start = retentionStart(registered: registered, documentDate: documentDate), let retention else { return nil }
        return start.adding(years: retention.years, months: retention.months)
    }

    /// The day the retention period starts, or nil when the type is kept.
    public func retentionStart(registered: CivilDate, documentDate: CivilDate) -> CivilDate? {
        guard action == .dispose, retention != nil, let retentionFrom else { return nil }
        return switch retentionFrom {
        case .registered: registered
        case .documentDate: documentDate
        // The year is over when the next begins: "2 år efter årets utgång" of a 2026 document
        // is 2029-01-01.
        case .yearEnd: CivilDate(year: registered.year + 1, month: 1, day: 1) ?? registered
        }
    }

    /// How the plan says it, in Swedish: "Gallras 2 år efter årets utgång", "Bevaras".
    public var rule: String {
        guard action == .dispose, let retention, let retentionFrom else { return "Bevaras" }
        let from = switch retentionFrom {
        case .registered: "efter registreringen"
        case .documentDate: "efter handlingens datum"
        case .yearEnd: "efter utgången av registreringsåret"
        }
        return "Gallras \(retention.swedish) \(from)"
    }
}

/// A retention period in whole years and months, written as ISO 8601 (`P2Y`, `P6M`, `P1Y6M`).
public struct Retention: Sendable, Hashable, TextCodable {
    public let years: Int
    public let months: Int

    public init?(years: Int, months: Int) {
        guard years >= 0, months >= 0, years <= 1000, months <= 1200, years + months > 0 else { return nil }
        self.years = years
        self.months = months
    }

    public init?(parsing text: String) {
        var rest = Substring(text.uppercased())
        guard rest.hasPrefix("P") else { return nil }
        rest = rest.dropFirst()
        var years = 0, months = 0, number = "", seen = false
        for c in rest {
            if c.isASCII, c.isNumber { number.append(c); continue }
            guard let n = Int(number), number.count <= 4 else { return nil }
            switch c {
            case "Y" where !seen && months == 0: years = n
            case "M": months = n
            default: return nil
            }
            seen = true
            number = ""
        }
        guard number.isEmpty, seen else { return nil }
        self.init(years: years, months: months)
    }

    public var description: String { "P" + (years > 0 ? "\(years)Y" : "") + (months > 0 ? "\(months)M" : "") }

    public var swedish: String {
        [years > 0 ? "\(years) år" : nil, months > 0 ? "\(months) \(months == 1 ? "månad" : "månader")" : nil]
            .compactMap { $0 }.joined(separator: " och ")
    }
}

/// Reads a plan from CSV (`examples`-style, one row per type) or JSON (`{"types": [...]}`), every
/// row checked, every problem named by line (or index) and column.
public enum PlanFile {
    public static let header = ["code", "label", "process", "series", "action", "retention", "retentionFrom", "decision", "published", "retired"]
    static let maxProblems = 50

    public static func read(_ data: Data, name: String) throws(InputRejected) -> [PlanType] {
        let first = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        let rows: [CSVTable.Row]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            rows = try jsonRows(data, name: name)
        } else {
            rows = try CSVTable(data, name: name, header: header).rows
        }
        var problems: [ValidationError] = []
        var out: [PlanType] = []
        var seen = Set<String>()
        for row in rows {
            var c = RowReader(row: row, name: name)
            let code = c.value("code", "plan.code", "ska vara en kod av små bokstäver a–z, siffror och bindestreck (högst 64 tecken)") { v in
                v.count <= 64 && v.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" } ? v : nil
            }
            let label = c.text("label", max: 200)
            let process = c.text("process", max: 300)
            let series = row["series"].isEmpty ? nil : c.text("series", max: 100)
            let action = c.value("action", "plan.action", "ska vara keep (bevaras) eller dispose (gallras)") { PlanType.Action(rawValue: $0) }
            let decision = c.text("decision", max: 300)
            let published = flag(&c, row, "published", default: true)
            let retired = flag(&c, row, "retired", default: false)
            var retention: Retention?
            var from: PlanType.Event?
            if !row["retention"].isEmpty {
                retention = c.value("retention", "plan.retention", "ska vara en tid som P2Y, P6M eller P1Y6M") { Retention(parsing: $0) }
            }
            if !row["retentionFrom"].isEmpty {
                from = c.value("retentionFrom", "plan.retention-from",
                               "ska vara en av: \(PlanType.Event.allCases.map(\.rawValue).joined(separator: ", "))") { PlanType.Event(rawValue: $0) }
            }
            if action == .dispose, retention == nil, row["retention"].isEmpty {
                c.fail("retention", "plan.retention-missing", "saknas: en handlingstyp som gallras behöver en gallringsfrist")
            }
            if action == .dispose, from == nil, row["retentionFrom"].isEmpty {
                c.fail("retentionFrom", "plan.retention-from-missing", "saknas: en frist behöver en händelse att räknas från")
            }
            if action == .keep, !row["retention"].isEmpty || !row["retentionFrom"].isEmpty {
                c.fail("retention", "plan.keep-has-retention", "en handlingstyp som bevaras har ingen gallringsfrist")
            }
            if let code, !seen.insert(code).inserted {
                c.fail("code", "plan.code-duplicate", "förekommer redan tidigare i planen")
            }
            problems += c.problems
            if c.problems.isEmpty, let code, let label, let process, let action, let decision {
                out.append(PlanType(code: code, label: label, process: process, series: series, action: action,
                                    retention: action == .dispose ? retention : nil, retentionFrom: action == .dispose ? from : nil,
                                    decision: decision, published: published, retired: retired))
            }
        }
        guard problems.isEmpty else { throw InputRejected(Array(problems.prefix(maxProblems))) }
        guard !out.isEmpty else { throw InputRejected(field: name, rule: "plan.empty", message: "planen har inga handlingstyper") }
        return out
    }

    private static func flag(_ c: inout RowReader, _ row: CSVTable.Row, _ column: String, default value: Bool) -> Bool {
        switch row[column].lowercased() {
        case "": return value
        case "true", "yes", "ja", "1": return true
        case "false", "no", "nej", "0": return false
        default:
            c.fail(column, "plan.flag", "ska vara true eller false")
            return value
        }
    }

    /// The JSON form as rows of the CSV's columns, so both are checked by the same reader; a row
    /// is named by its place (`types[3]`, counted from 1 as lines are).
    private static func jsonRows(_ data: Data, name: String) throws(InputRejected) -> [CSVTable.Row] {
        struct Shape: Decodable { let types: [[String: Scalar]] }
        enum Scalar: Decodable {
            case text(String), flag(Bool), number(Int), null
            init(from decoder: any Decoder) throws {
                let c = try decoder.singleValueContainer()
                if c.decodeNil() { self = .null }
                else if let b = try? c.decode(Bool.self) { self = .flag(b) }
                else if let n = try? c.decode(Int.self) { self = .number(n) }
                else { self = .text(try c.decode(String.self)) }
            }
        }
        let list: [[String: Scalar]]
        if let shape = try? JSONDecoder().decode(Shape.self, from: data) { list = shape.types }
        else if let bare = try? JSONDecoder().decode([[String: Scalar]].self, from: data) { list = bare }
        else if (try? JSONSerialization.jsonObject(with: data)) == nil {
            throw InputRejected(field: name, rule: "json.syntax", message: "är inte giltig JSON")
        } else {
            throw InputRejected(field: name, rule: "plan.json-shape", message: "ska vara {\"types\": [ … ]} med ett objekt av text och sanningsvärden per handlingstyp")
        }
        var rows: [CSVTable.Row] = []
        for (i, object) in list.enumerated() {
            for key in object.keys.sorted() where !header.contains(key) {
                throw InputRejected(field: "\(name):types[\(i + 1)]: \(key)", rule: "plan.unknown-field", message: "är inget fält i planen")
            }
            let fields = header.map { key -> String in
                switch object[key] {
                case .text(let s)?: InputText.canonical(s)
                case .flag(let b)?: b ? "true" : "false"
                case .number(let n)?: String(n)
                case .null?, nil: ""
                }
            }
            rows.append(CSVTable.Row(line: i + 1, fields: fields, header: header))
        }
        return rows
    }
}

extension CivilDate {
    /// The same day `years` and `months` later; a day the month lacks becomes its last (29
    /// February plus a year is 28 February).
    public func adding(years: Int, months: Int) -> CivilDate {
        let total = (year + years) * 12 + (month - 1) + months
        let y = total / 12, m = total % 12 + 1
        var d = day
        while d > 28, CivilDate(year: y, month: m, day: d) == nil { d -= 1 }
        return CivilDate(year: y, month: m, day: d) ?? self
    }
}
