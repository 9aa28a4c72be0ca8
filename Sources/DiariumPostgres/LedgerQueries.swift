public import DiariumModel
public import DiariumStore

// The ledger reads: on SQLite in AuditQueries.swift (the purchase audit reads them).

extension PostgresStore {
    /// Every registered direct procurement of `fiscalYear` (all years when nil).
    public func procurements(fiscalYear: Int?) throws(StoreError) -> [ProcurementRow] {
        var out: [ProcurementRow] = []
        for r in try rows(Self.procurementSelect + " WHERE (?1::bigint IS NULL OR p.fiscal_year = ?1) ORDER BY d.id", [fiscalYear]) {
            out.append(try Self.procurementRow(r))
        }
        return out
    }

    /// The registered direct procurement `document`.
    public func procurement(document: String) throws(StoreError) -> ProcurementRow? {
        try rows(Self.procurementSelect + " WHERE d.number = ?", [document]).first.map { r throws(StoreError) in try Self.procurementRow(r) }
    }

    static let procurementSelect = """
        SELECT d.number, p.organisation, p.supplier_orgnr, p.category, p.fiscal_year, p.contract_signed, d.date,
               p.value_ore, p.allowed, p.accepted_findings, p.input_sha256, p.data_sha256, p.value_provision
        FROM procurement p JOIN document d ON d.id = p.document_id
        """

    /// A procurement row in Model types; a value that cannot be read is an error naming it:
    /// skipped, its purchases would be reported as undocumented.
    static func procurementRow(_ r: PGRow) throws(StoreError) -> ProcurementRow {
        let number: String = try r[0]
        guard let category = CPVCode(parsing: try r[3]) else {
            throw .database("the procurement row of \(number) has a category that cannot be read")
        }
        var supplier: OrganisationNumber?
        if let text: String = try r[2] {
            guard let orgnr = OrganisationNumber(parsing: text) else {
                throw .database("the procurement row of \(number) has a supplier number that cannot be read")
            }
            supplier = orgnr
        }
        return ProcurementRow(document: number, organisation: try r[1], supplierOrgnr: supplier, category: category, fiscalYear: try r[4],
                              contractSigned: try date(try r[5], of: "procurement", number),
                              documentedOn: try date(try r[6], of: "procurement", number),
                              valueOre: try r[7], allowed: try r[8], acceptedFindings: try r[9], inputSHA256: try r[10],
                              dataSHA256: try r[11], valueProvision: try r[12])
    }

    /// The whole agreement register.
    public func agreements() throws(StoreError) -> [Agreement] {
        var out: [Agreement] = []
        for r in try rows("""
            SELECT id, organisation, supplier, supplier_orgnr, category, title, valid_from, valid_to FROM agreement
            ORDER BY organisation COLLATE "C", id COLLATE "C"
            """) {
            let id: String = try r[0]
            guard let orgnr = OrganisationNumber(parsing: try r[3]), let category = CPVCode(parsing: try r[4]),
                  let from = CivilDate(parsing: try r[6]), let to = CivilDate(parsing: try r[7]) else {
                throw StoreError.database("the agreement row \(id) cannot be read")
            }
            out.append(Agreement(id: id, organisation: try r[1], supplier: try r[2], supplierOrgnr: orgnr, category: category,
                                 title: try r[5], validFrom: from, validTo: to, line: 0))
        }
        return out
    }

    /// The imported purchases of a fiscal year; `line` is the row id.
    public func purchases(fiscalYear: Int) throws(StoreError) -> [Purchase] {
        var out: [Purchase] = []
        for r in try rows("""
            SELECT id, organisation, unit, date, supplier, supplier_orgnr, category, amount_ore, reference
            FROM purchase WHERE fiscal_year = ? ORDER BY id
            """, [fiscalYear]) {
            let id: Int64 = try r[0]
            let reference: String = try r[8]
            guard let date = CivilDate(parsing: try r[3]), let orgnr = OrganisationNumber(parsing: try r[5]),
                  let category = CPVCode(parsing: try r[6]) else {
                throw StoreError.database("the purchase row \(reference) (id \(id)) cannot be read")
            }
            out.append(Purchase(organisation: try r[1], unit: try r[2], date: date, supplier: try r[4], supplierOrgnr: orgnr,
                                category: category, amount: Amount(ore: try r[7]), reference: reference, line: Int(id)))
        }
        return out
    }

    /// The archived figures of a registered board report.
    public func boardReportData(documentID: Int64) throws(StoreError) -> String {
        guard let r = try rows("SELECT data_sha256 FROM board_report WHERE document_id = ?", [documentID]).first else {
            throw .documentNotFound("board report \(documentID)")
        }
        return try r[0]
    }

    /// The case of an earlier board report for the same period, so a report drawn up again
    /// joins it.
    public func boardReportCase(period: ClosedRange<CivilDate>) throws(StoreError) -> String? {
        try rows("""
            SELECT c.number FROM board_report b JOIN document d ON d.id = b.document_id JOIN "case" c ON c.id = d.case_id
            WHERE b.period_from = ? AND b.period_to = ? ORDER BY b.document_id LIMIT 1
            """, [period.lowerBound.description, period.upperBound.description]).first.map { r throws(StoreError) in try r[0] }
    }

    /// The document a procurement input (by the hash of its bytes) was documented as, if any (the
    /// first, as SQLite's index gives it).
    public func procurementDocument(inputSHA256: String) throws(StoreError) -> String? {
        try rows("""
            SELECT d.number FROM procurement p JOIN document d ON d.id = p.document_id WHERE p.input_sha256 = ?
            ORDER BY p.document_id LIMIT 1
            """, [inputSHA256]).first.map { r throws(StoreError) in try r[0] }
    }
}
