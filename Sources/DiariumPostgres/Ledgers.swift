public import DiariumModel
public import DiariumStore
import Foundation

extension PostgresStore {
    /// Loads agreements in one transaction: new ids are inserted, changed ones updated (an
    /// agreement register is re-exported as agreements are extended), identical ones left alone.
    public func importAgreements(_ agreements: [Agreement], file: String, actor: String) throws(StoreError) -> ImportSummary {
        try writeStore { tx throws(StoreError) in
            var summary = ImportSummary()
            for a in agreements {
                let values: [String] = [a.organisation, a.supplier, a.supplierOrgnr.description, a.category.description,
                                        a.title, a.validFrom.description, a.validTo.description]
                let row = try tx.rows("""
                    SELECT organisation, supplier, supplier_orgnr, category, title, valid_from, valid_to FROM agreement
                    WHERE organisation = ? AND id = ?
                    """, [a.organisation, a.id]).first
                if let row {
                    var same = true
                    for i in 0..<7 {
                        let stored: String? = try row[i]
                        if stored != values[i] { same = false }
                    }
                    if same { summary.unchanged += 1; continue }
                    try tx.run("""
                        UPDATE agreement SET organisation = ?, supplier = ?, supplier_orgnr = ?, category = ?, title = ?,
                        valid_from = ?, valid_to = ? WHERE organisation = ? AND id = ?
                        """, values + [a.organisation, a.id])
                    summary.updated += 1
                } else {
                    try tx.run("""
                        INSERT INTO agreement (organisation, supplier, supplier_orgnr, category, title, valid_from, valid_to, id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, values + [a.id])
                    summary.inserted += 1
                }
            }
            if summary.inserted + summary.updated > 0 {
                try tx.appendAudit(AuditEvent(at: Date(), actor: actor, action: "agreements.import", subject: file, detail: [
                    "inserted": String(summary.inserted), "updated": String(summary.updated), "unchanged": String(summary.unchanged)]))
            }
            return summary
        }
    }

    /// What a stored purchase is compared on when its reference is imported again.
    private struct PurchaseValues: Equatable {
        var unit, date, supplierOrgnr, category, supplier: String
        var amountOre: Int64

        init(_ p: Purchase) {
            (unit, date, supplierOrgnr, category, supplier, amountOre) =
                (p.unit, p.date.description, p.supplierOrgnr.description, p.category.description, p.supplier, p.amount.ore)
        }

        init(_ r: PGRow) throws(StoreError) {
            (unit, date, supplierOrgnr, category, supplier, amountOre) =
                (try r["unit"], try r["date"], try r["supplier_orgnr"], try r["category"], try r["supplier"], try r["amount_ore"])
        }
    }

    /// Rows a bulk statement sends at once, as arrays.
    private static let bulkRows = 2000

    /// Loads purchases in one transaction, as on SQLite (see `SQLiteStore.importPurchases`): a
    /// reference already imported with the same values is skipped, with other values the file is
    /// refused; each new row points at its import. The stored rows of the file's references are
    /// read, and the new ones inserted, a few thousand per statement (not two round trips a row),
    /// in the file's order; a reference twice in the file compares with its first line, as there.
    public func importPurchases(_ purchases: [Purchase], file: String, sha256: String, actor: String) throws(LedgerImportFailure) -> ImportSummary {
        try writePostgres { tx throws(LedgerImportFailure) in
            var summary = ImportSummary()
            let importID = try tx.int("""
                INSERT INTO purchase_import (file, sha256, imported_at, imported_by, inserted) VALUES (?, ?, ?, ?, 0) RETURNING id
                """, [file, sha256, Timestamp.iso(Date()), actor]) ?? 0
            struct Key: Hashable { var organisation, reference: String }
            var known: [Key: PurchaseValues] = [:]
            for start in stride(from: 0, to: purchases.count, by: Self.bulkRows) {
                let slice = purchases[start..<min(start + Self.bulkRows, purchases.count)]
                let found = try tx.rows("""
                    SELECT organisation, reference, unit, date, supplier_orgnr, category, amount_ore, supplier FROM purchase
                    WHERE (organisation, reference) IN (SELECT * FROM unnest(?::text[], ?::text[]))
                    """, [slice.map(\.organisation), slice.map(\.reference)])
                for r in found {
                    try tx.decode { () throws(StoreError) in
                        known[Key(organisation: try r["organisation"], reference: try r["reference"])] = try PurchaseValues(r)
                    }
                }
            }
            var new: [Purchase] = []
            for p in purchases {
                let key = Key(organisation: p.organisation, reference: p.reference)
                if let stored = known[key] {
                    guard stored == PurchaseValues(p) else { throw .conflict(line: p.line, reference: p.reference) }
                    summary.unchanged += 1
                    continue
                }
                known[key] = PurchaseValues(p)
                new.append(p)
                summary.inserted += 1
            }
            for start in stride(from: 0, to: new.count, by: Self.bulkRows) {
                let slice = new[start..<min(start + Self.bulkRows, new.count)]
                let columns: [[String]] = [
                    slice.map(\.organisation), slice.map(\.unit), slice.map(\.date.description),
                    slice.map { String(config.fiscalYear(of: $0.date)) }, slice.map(\.supplier), slice.map(\.supplierOrgnr.description),
                    slice.map(\.category.description), slice.map { String($0.amount.ore) }, slice.map(\.reference),
                ]
                try tx.run("""
                    INSERT INTO purchase (organisation, unit, date, fiscal_year, supplier, supplier_orgnr, category, amount_ore, reference, import_id)
                    SELECT o, u, d, y::bigint, s, n, c, a::bigint, r, ?1
                    FROM unnest(?2::text[], ?3::text[], ?4::text[], ?5::text[], ?6::text[], ?7::text[], ?8::text[], ?9::text[], ?10::text[])
                         WITH ORDINALITY AS t(o, u, d, y, s, n, c, a, r, line)
                    ORDER BY line
                    """, [importID] + columns.map { $0 as any PGBindable })
            }
            if summary.inserted > 0 {
                try tx.run("UPDATE purchase_import SET inserted = ? WHERE id = ?", [summary.inserted, importID])
                try tx.appendAudit(AuditEvent(at: Date(), actor: actor, action: "purchases.import", subject: file, detail: [
                    "inserted": String(summary.inserted), "unchanged": String(summary.unchanged), "sha256": sha256,
                    "import": String(importID)]))
            } else {
                // Nothing new: the file adds no row to compare, and no import is recorded.
                try tx.run("DELETE FROM purchase_import WHERE id = ?", [importID])
            }
            return summary
        }
    }

    /// The purchases and registered direct procurements of the same kind (organisation, CPV
    /// group, fiscal year) that count toward the region-wide total, and the agreements in force
    /// for that organisation and group during `period`, as on SQLite (see
    /// `SQLiteStore.regionFacts`), read in one snapshot.
    ///
    /// The group is matched with `starts_with` rather than SQLite's range up to `group + U+FFFF`,
    /// which only holds in a byte-order collation: the database's may be a locale's.
    public func regionFacts(organisation: String, category: CPVCode, fiscalYear: Int, period: ClosedRange<CivilDate>?,
                            documentsUpTo: Int64?, excludingInput: String?) throws(StoreError) -> RegionRows {
        let group = category.group(config.cpvDigits)
        let fetched = try read { c throws(StoreError) in
            let purchases = try c.query("""
                SELECT reference, unit, date, amount_ore FROM purchase
                WHERE organisation = ? AND fiscal_year = ? AND starts_with(category, ?)
                ORDER BY date COLLATE "C", reference COLLATE "C"
                """, [organisation, fiscalYear, group])
            let procurements = try c.query("""
                SELECT d.number, p.unit, p.contract_signed, p.value_ore, p.value_provision, p.unit_provision
                FROM procurement p JOIN document d ON d.id = p.document_id
                WHERE p.organisation = ? AND p.fiscal_year = ? AND starts_with(p.category, ?) AND p.document_id <= ?
                  AND p.input_sha256 IS DISTINCT FROM ?::text
                ORDER BY p.contract_signed COLLATE "C"
                """, [organisation, fiscalYear, group, documentsUpTo ?? Int64.max, excludingInput])
            // The same group, or a broader CPV code that contains this one (33100000 covers
            // 33141000): its significant digits are the code without trailing zeros.
            var agreements: [PGRow] = []
            if let period {
                agreements = try c.query("""
                    SELECT id, title, supplier, category, valid_from, valid_to FROM agreement
                    WHERE organisation = ? AND valid_from <= ? AND valid_to >= ? ORDER BY id COLLATE "C"
                    """, [organisation, period.upperBound.description, period.lowerBound.description])
            }
            return (purchases: purchases, procurements: procurements, agreements: agreements)
        }
        // Read after the fetch: a row that does not read is an error naming it.
        var contributions: [RegionContribution] = []
        for r in fetched.purchases {
            let reference: String = try r["reference"]
            contributions.append(RegionContribution(kind: .purchase, reference: reference, unit: try r["unit"],
                                                    date: try Self.date(try r["date"], of: "purchase", reference),
                                                    amountOre: try r["amount_ore"], valueProvision: nil, unitProvision: nil))
        }
        for r in fetched.procurements {
            let number: String = try r["number"]
            contributions.append(RegionContribution(kind: .procurement, reference: number, unit: try r["unit"],
                                                    date: try Self.date(try r["contract_signed"], of: "procurement", number),
                                                    amountOre: try r["value_ore"], valueProvision: try r["value_provision"],
                                                    unitProvision: try r["unit_provision"]))
        }
        var agreements: [ActiveAgreementRow] = []
        for r in fetched.agreements {
            let id: String = try r["id"]
            // A category that cannot be read is an error too: skipped, the agreement that makes
            // a purchase a breach would go unseen.
            guard let code = CPVCode(parsing: try r["category"]) else {
                throw StoreError.database("the agreement row \(id) has a category that cannot be read")
            }
            guard code.covers(category, groupDigits: config.cpvDigits) else { continue }
            agreements.append(ActiveAgreementRow(id: id, title: try r["title"], supplier: try r["supplier"],
                                                 validFrom: try Self.date(try r["valid_from"], of: "agreement", id),
                                                 validTo: try Self.date(try r["valid_to"], of: "agreement", id)))
        }
        return RegionRows(contributions: contributions, agreements: agreements)
    }

    /// A stored date; one that cannot be read is an error naming its row (see `SQLiteStore.date`).
    static func date(_ text: String, of table: String, _ reference: String) throws(StoreError) -> CivilDate {
        guard let d = CivilDate(parsing: text) else { throw StoreError.database("the \(table) row \(reference) has a date that cannot be read (\(text))") }
        return d
    }

    public func procurementRow(documentID: Int64) throws(StoreError) -> (dataSHA256: String, organisation: String) {
        guard let r = try rows("SELECT data_sha256, organisation FROM procurement WHERE document_id = ?", [documentID]).first else {
            throw .documentNotFound("procurement \(documentID)")
        }
        return (try r["data_sha256"], try r["organisation"])
    }
}

extension PGTransaction {
    /// Records a registered direct procurement for the region totals.
    func insertProcurement(_ p: ProcurementInsert) throws(Failure) {
        try run("""
            INSERT INTO procurement (document_id, organisation, unit, category, fiscal_year, contract_signed, value_ore, ground,
                                     allowed, accepted_findings, input_sha256, data_sha256, value_provision, unit_provision,
                                     supplier_orgnr)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [p.documentID, p.organisation, p.unit, p.category.description, p.fiscalYear, p.contractSigned.description,
                  p.valueOre, p.ground, p.allowed, p.acceptedFindings, p.inputSHA256, p.dataSHA256, p.valueProvision,
                  p.unitProvision, p.supplierOrgnr.description])
    }

    /// The stored total of procurements of a kind, read inside the write transaction: a second
    /// process documenting at the same time cannot slip in between the check and the commit
    /// (it waits for the write lock).
    func procurementTotalOre(organisation: String, category: CPVCode, fiscalYear: Int, cpvDigits: Int) throws(Failure) -> Int64 {
        try int("""
            SELECT coalesce(sum(value_ore), 0)::bigint FROM procurement
            WHERE organisation = ? AND fiscal_year = ? AND starts_with(category, ?)
            """, [organisation, fiscalYear, category.group(cpvDigits)]) ?? 0
    }

    /// Records a registered board report and the archived figures it was drawn up from.
    func insertBoardReport(documentID: Int64, period: ClosedRange<CivilDate>, dataSHA256: String) throws(Failure) {
        try run("INSERT INTO board_report (document_id, period_from, period_to, data_sha256) VALUES (?, ?, ?, ?)",
                [documentID, period.lowerBound.description, period.upperBound.description, dataSHA256])
    }
}
