public import DiariumStore
public import DiariumModel
import Foundation
import GRDB

extension SQLiteStore {
    /// Loads agreements in one transaction: new ids are inserted, changed ones updated (an
    /// agreement register is re-exported as agreements are extended), identical ones left alone.
    public func importAgreements(_ agreements: [Agreement], file: String, actor: String) throws(StoreError) -> ImportSummary {
        try writeStore { tx throws(StoreError) in
            var summary = ImportSummary()
            for a in agreements {
                let values: [any DatabaseValueConvertible] = [a.organisation, a.supplier, a.supplierOrgnr.description, a.category.description,
                                                              a.title, a.validFrom.description, a.validTo.description]
                let row = try tx.sql { db in
                    try Row.fetchOne(db, sql: "SELECT organisation, supplier, supplier_orgnr, category, title, valid_from, valid_to FROM agreement WHERE organisation = ? AND id = ?", arguments: [a.organisation, a.id])
                }
                if let row {
                    let same = (0..<7).allSatisfy { row[$0] as String? == values[$0] as? String }
                    if same { summary.unchanged += 1; continue }
                    try tx.run("""
                        UPDATE agreement SET organisation = ?, supplier = ?, supplier_orgnr = ?, category = ?, title = ?,
                        valid_from = ?, valid_to = ? WHERE organisation = ? AND id = ?
                        """, StatementArguments(values + [a.organisation, a.id]))
                    summary.updated += 1
                } else {
                    try tx.run("""
                        INSERT INTO agreement (organisation, supplier, supplier_orgnr, category, title, valid_from, valid_to, id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, StatementArguments(values + [a.id]))
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

    /// Loads purchases in one transaction. A reference already imported with the same values is
    /// skipped (re-importing a file changes nothing); with other values it refuses the file.
    /// `sha256` is the archived file the purchases were read from: each new row points at its
    /// import, so that verify can read the row again from the file.
    public func importPurchases(_ purchases: [Purchase], file: String, sha256: String, actor: String) throws(LedgerImportFailure) -> ImportSummary {
        try writeSQLite { tx throws(LedgerImportFailure) in
            var summary = ImportSummary()
            try tx.run("""
                INSERT INTO purchase_import (file, sha256, imported_at, imported_by, inserted) VALUES (?, ?, ?, ?, 0)
                """, [file, sha256, Timestamp.iso(Date()), actor])
            let importID = tx.db.lastInsertedRowID
            let find = "SELECT unit, date, supplier_orgnr, category, amount_ore, supplier FROM purchase WHERE organisation = ? AND reference = ?"
            let insert = """
                INSERT INTO purchase (organisation, unit, date, fiscal_year, supplier, supplier_orgnr, category, amount_ore, reference, import_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
            for p in purchases {
                if let row = try tx.sql({ db in try Row.fetchOne(db.cachedStatement(sql: find), arguments: [p.organisation, p.reference]) }) {
                    let same = row["unit"] == p.unit && row["date"] == p.date.description && row["supplier_orgnr"] == p.supplierOrgnr.description
                        && row["category"] == p.category.description && row["amount_ore"] == p.amount.ore && row["supplier"] == p.supplier
                    guard same else { throw .conflict(line: p.line, reference: p.reference) }
                    summary.unchanged += 1
                    continue
                }
                try tx.run(insert, [p.organisation, p.unit, p.date.description, config.fiscalYear(of: p.date), p.supplier,
                                    p.supplierOrgnr.description, p.category.description, p.amount.ore, p.reference, importID])
                summary.inserted += 1
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
    /// for that organisation and group during `period`.
    /// - Parameter documentsUpTo: count only procurements registered up to this document id
    ///   (a bulk call counts its own procurements itself, whatever has committed meanwhile).
    public func regionFacts(organisation: String, category: CPVCode, fiscalYear: Int, period: ClosedRange<CivilDate>?,
                            documentsUpTo: Int64?, excludingInput: String?) throws(StoreError) -> RegionRows {
        let group = category.group(config.cpvDigits)
        // A prefix as a range, so that the (organisation, fiscal_year, category) index serves it.
        let upper = group + "\u{FFFF}"
        let fetched = try read { db in
            let purchases = try Row.fetchAll(db, sql: """
                SELECT reference, unit, date, amount_ore FROM purchase
                WHERE organisation = ? AND fiscal_year = ? AND category >= ? AND category < ? ORDER BY date, reference
                """, arguments: [organisation, fiscalYear, group, upper])
            let procurements = try Row.fetchAll(db, sql: """
                SELECT d.number, p.unit, p.contract_signed, p.value_ore, p.value_provision, p.unit_provision
                FROM procurement p JOIN document d ON d.id = p.document_id
                WHERE p.organisation = ? AND p.fiscal_year = ? AND p.category >= ? AND p.category < ? AND p.document_id <= ?
                  AND p.input_sha256 IS NOT ?
                ORDER BY p.contract_signed
                """, arguments: [organisation, fiscalYear, group, upper, documentsUpTo ?? Int64.max, excludingInput])
            // The same group, or a broader CPV code that contains this one (33100000 covers
            // 33141000): its significant digits are the code without trailing zeros.
            let agreements = try period.map { period in
                try Row.fetchAll(db, sql: """
                    SELECT id, title, supplier, category, valid_from, valid_to FROM agreement
                    WHERE organisation = ? AND valid_from <= ? AND valid_to >= ? ORDER BY id
                    """, arguments: [organisation, period.upperBound.description, period.lowerBound.description])
            } ?? []
            return (purchases: purchases, procurements: procurements, agreements: agreements)
        }
        // Read after the fetch: a row that does not read is an error naming it.
        var contributions = try fetched.purchases.map { r throws(StoreError) in
            RegionContribution(kind: .purchase, reference: r["reference"], unit: r["unit"], date: try Self.date(r["date"], of: "purchase", r["reference"]),
                               amountOre: r["amount_ore"], valueProvision: nil, unitProvision: nil)
        }
        contributions += try fetched.procurements.map { r throws(StoreError) in
            RegionContribution(kind: .procurement, reference: r["number"], unit: r["unit"],
                               date: try Self.date(r["contract_signed"], of: "procurement", r["number"]), amountOre: r["value_ore"],
                               valueProvision: r["value_provision"], unitProvision: r["unit_provision"])
        }
        var agreements: [ActiveAgreementRow] = []
        for r in fetched.agreements {
            // A category that cannot be read is an error too: skipped, the agreement that makes
            // a purchase a breach would go unseen.
            guard let code = CPVCode(parsing: r["category"]) else {
                throw StoreError.database("the agreement row \(r["id"] as String) has a category that cannot be read")
            }
            guard code.covers(category, groupDigits: config.cpvDigits) else { continue }
            agreements.append(ActiveAgreementRow(id: r["id"], title: r["title"], supplier: r["supplier"],
                                                 validFrom: try Self.date(r["valid_from"], of: "agreement", r["id"]),
                                                 validTo: try Self.date(r["valid_to"], of: "agreement", r["id"])))
        }
        return RegionRows(contributions: contributions, agreements: agreements)
    }

    /// The highest document id so far (0 in an empty store).
    public func lastDocumentID() throws(StoreError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM document") ?? 0 }
    }

    /// A stored date; one that cannot be read is an error naming its row. Skipped, it would
    /// drop a purchase from a region total, the one way a purchase over the limit could be
    /// documented as allowed.
    static func date(_ text: String, of table: String, _ reference: String) throws(StoreError) -> CivilDate {
        guard let d = CivilDate(parsing: text) else { throw StoreError.database("the \(table) row \(reference) has a date that cannot be read (\(text))") }
        return d
    }

}

extension SQLiteTransaction: LedgerTransaction {
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
}

extension SQLiteStore {
    public func procurementRow(documentID: Int64) throws(StoreError) -> (dataSHA256: String, organisation: String) {
        let row: (String, String)? = try read { db in
            try Row.fetchOne(db, sql: "SELECT data_sha256, organisation FROM procurement WHERE document_id = ?", arguments: [documentID])
                .map { ($0["data_sha256"], $0["organisation"]) }
        }
        guard let row else { throw .documentNotFound("procurement \(documentID)") }
        return (row.0, row.1)
    }
}

extension SQLiteTransaction {
    /// The stored total of procurements of a kind, read inside the write transaction: a second
    /// process documenting at the same time cannot slip in between the check and the commit.
    func procurementTotalOre(organisation: String, category: CPVCode, fiscalYear: Int, cpvDigits: Int) throws(Failure) -> Int64 {
        let group = category.group(cpvDigits)
        return try int("""
            SELECT coalesce(sum(value_ore), 0) FROM procurement
            WHERE organisation = ? AND fiscal_year = ? AND category >= ? AND category < ?
            """, [organisation, fiscalYear, group, group + "\u{FFFF}"]) ?? 0
    }
}
