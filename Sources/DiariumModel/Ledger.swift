public import Foundation
import DiariumText

/// An agreement (avtal) of the agreement register: `examples/agreements.csv`.
public struct Agreement: Sendable, Hashable, Codable {
    public let id: String
    public let organisation: String
    public let supplier: String
    public let supplierOrgnr: OrganisationNumber
    public let category: CPVCode
    public let title: String
    public let validFrom: CivilDate
    public let validTo: CivilDate
    /// The line of the file it was read from.
    public let line: Int

    public init(id: String, organisation: String, supplier: String, supplierOrgnr: OrganisationNumber, category: CPVCode,
                title: String, validFrom: CivilDate, validTo: CivilDate, line: Int) {
        self.id = id
        self.organisation = organisation
        self.supplier = supplier
        self.supplierOrgnr = supplierOrgnr
        self.category = category
        self.title = title
        self.validFrom = validFrom
        self.validTo = validTo
        self.line = line
    }
}

/// A purchase from an invoice or e-commerce export: `examples/purchases.csv`. Purchases count
/// toward the region-wide total of similar purchases.
public struct Purchase: Sendable, Hashable, Codable {
    public let organisation: String
    public let unit: String
    public let date: CivilDate
    public let supplier: String
    public let supplierOrgnr: OrganisationNumber
    public let category: CPVCode
    public let amount: Amount
    /// The invoice or order reference, unique per organisation.
    public let reference: String
    public let line: Int

    public init(organisation: String, unit: String, date: CivilDate, supplier: String, supplierOrgnr: OrganisationNumber,
                category: CPVCode, amount: Amount, reference: String, line: Int) {
        self.organisation = organisation
        self.unit = unit
        self.date = date
        self.supplier = supplier
        self.supplierOrgnr = supplierOrgnr
        self.category = category
        self.amount = amount
        self.reference = reference
        self.line = line
    }
}

/// Reads the two ledgers, every row checked, every problem named by file, line and column.
public enum LedgerFile {
    public static let agreementHeader = ["id", "organisation", "supplier", "supplierOrgnr", "category", "title", "validFrom", "validTo"]
    public static let purchaseHeader = ["organisation", "unit", "date", "supplier", "supplierOrgnr", "category", "amount", "reference"]

    /// At most this many problems are listed; a file with more is broken throughout.
    static let maxProblems = 50

    public static func agreements(_ table: CSVTable, name: String, organisations: Set<String>) throws(InputRejected) -> [Agreement] {
        var problems: [ValidationError] = []
        var seen = Set<String>()
        var out: [Agreement] = []
        for row in table.rows {
            var c = RowReader(row: row, name: name)
            let id = c.text("id", max: 64)
            let org = c.organisation("organisation", organisations)
            let supplier = c.text("supplier", max: 300)
            let orgnr = c.value("supplierOrgnr", "orgnr.invalid", "ska vara ett giltigt organisationsnummer (NNNNNN-NNNN)", OrganisationNumber.init(parsing:))
            let category = c.value("category", "cpv.invalid", "ska vara en CPV-kod med åtta siffror", CPVCode.init(parsing:))
            let title = c.text("title", max: 500)
            let from = c.value("validFrom", "date.invalid", "ska vara ett datum ÅÅÅÅ-MM-DD", CivilDate.init(parsing:))
            let to = c.value("validTo", "date.invalid", "ska vara ett datum ÅÅÅÅ-MM-DD", CivilDate.init(parsing:))
            if let from, let to, from > to { c.fail("validTo", "date-order.validity", "ligger före validFrom") }
            if let id, let org, !seen.insert(org + "\u{0}" + id).inserted {
                c.fail("id", "agreement.duplicate", "avtals-id:t förekommer redan tidigare i filen för samma organisation")
            }
            problems += c.problems
            if let id, let org, let supplier, let orgnr, let category, let title, let from, let to, c.problems.isEmpty {
                out.append(Agreement(id: id, organisation: org, supplier: supplier, supplierOrgnr: orgnr, category: category,
                                     title: title, validFrom: from, validTo: to, line: row.line))
            }
            if problems.count >= maxProblems { break }
        }
        guard problems.isEmpty else { throw InputRejected(Array(problems.prefix(maxProblems))) }
        return out
    }

    public static func purchases(_ table: CSVTable, name: String, organisations: Set<String>) throws(InputRejected) -> [Purchase] {
        var reader = PurchaseRows(name: name, organisations: organisations)
        for row in table.rows { guard try reader.add(row) else { break } }
        return try reader.result()
    }

    /// Reads a purchase ledger straight from its bytes, one row at a time: a million rows are
    /// read without holding the rows as text.
    public static func purchases(_ data: Data, name: String, organisations: Set<String>) throws(InputRejected) -> [Purchase] {
        var reader = PurchaseRows(name: name, organisations: organisations)
        do {
            try CSVReader.read(data, name: name, header: purchaseHeader) { line, fields throws(InputRejected) in
                // Stop reading once the list of problems is full.
                guard try reader.add(CSVTable.Row(line: line, fields: fields, header: purchaseHeader)) else {
                    throw InputRejected([])
                }
            }
        } catch where error.errors.isEmpty {
            // The reader stopped early: the collected problems follow.
        }
        return try reader.result()
    }
}

/// Turns CSV rows into purchases, collecting at most `LedgerFile.maxProblems` problems.
struct PurchaseRows {
    let name: String
    let organisations: Set<String>
    var problems: [ValidationError] = []
    var seen = Set<PurchaseKey>()
    var out: [Purchase] = []

    struct PurchaseKey: Hashable {
        let organisation: String
        let reference: String
    }

    init(name: String, organisations: Set<String>) {
        self.name = name
        self.organisations = organisations
    }

    /// Reads one row; false once there are enough problems to stop.
    mutating func add(_ row: CSVTable.Row) throws(InputRejected) -> Bool {
        var c = RowReader(row: row, name: name)
        let org = c.organisation("organisation", organisations)
        let unit = c.text("unit", max: 200)
        let date = c.value("date", "date.invalid", "ska vara ett datum ÅÅÅÅ-MM-DD", CivilDate.init(parsing:))
        let supplier = c.text("supplier", max: 300)
        let orgnr = c.value("supplierOrgnr", "orgnr.invalid", "ska vara ett giltigt organisationsnummer (NNNNNN-NNNN)", OrganisationNumber.init(parsing:))
        let category = c.value("category", "cpv.invalid", "ska vara en CPV-kod med åtta siffror", CPVCode.init(parsing:))
        let amount = c.value("amount", "amount.invalid", "ska vara ett belopp i kronor med högst två decimaler (t.ex. 98000.50)", Amount.init(parsing:))
        let reference = c.text("reference", max: 100)
        if let org, let reference, !seen.insert(PurchaseKey(organisation: org, reference: reference)).inserted {
            c.fail("reference", "purchase.duplicate", "referensen förekommer redan tidigare i filen för samma organisation")
        }
        problems += c.problems
        if let org, let unit, let date, let supplier, let orgnr, let category, let amount, let reference, c.problems.isEmpty {
            out.append(Purchase(organisation: org, unit: unit, date: date, supplier: supplier, supplierOrgnr: orgnr,
                                category: category, amount: amount, reference: reference, line: row.line))
        }
        return problems.count < LedgerFile.maxProblems
    }

    func result() throws(InputRejected) -> [Purchase] {
        guard problems.isEmpty else { throw InputRejected(Array(problems.prefix(LedgerFile.maxProblems))) }
        return out
    }
}

/// Reads the columns of one CSV row, collecting problems as `file:line: column`.
struct RowReader {
    let row: CSVTable.Row
    let name: String
    var problems: [ValidationError] = []

    init(row: CSVTable.Row, name: String) {
        self.row = row
        self.name = name
    }

    mutating func fail(_ column: String, _ rule: String, _ message: String) {
        problems.append(ValidationError(field: "\(name):\(row.line): \(column)", rule: rule, message: message))
    }

    /// The column normalised as every value is when it comes in (`InputText`): a NUL or an
    /// escape sequence in a field is refused by column and rule, never cut or stored.
    mutating func normalised(_ column: String) -> String? {
        switch InputText.normalise(row[column]) {
        case .failure(let refusal):
            fail(column, refusal.rule, refusal.message)
            return nil
        case .success(nil):
            fail(column, "required", "saknas men är obligatoriskt")
            return nil
        case .success(let v?):
            return v
        }
    }

    mutating func text(_ column: String, max: Int) -> String? {
        guard let v = normalised(column) else { return nil }
        if v.unicodeScalars.count > max { fail(column, "text.max-length", "får vara högst \(max) tecken"); return nil }
        return v
    }

    mutating func value<T>(_ column: String, _ rule: String, _ message: String, _ parse: (String) -> T?) -> T? {
        guard let v = normalised(column) else { return nil }
        guard v.utf8.count <= 64, let parsed = parse(v) else { fail(column, rule, message); return nil }
        return parsed
    }

    mutating func organisation(_ column: String, _ known: Set<String>) -> String? {
        guard let v = text(column, max: 16) else { return nil }
        guard known.contains(v) else {
            fail(column, "organisation.unknown", "finns inte i konfigurationen; välj en av: \(known.sorted().joined(separator: ", "))")
            return nil
        }
        return v
    }
}
