public import DiariumStore
public import DiariumModel
import GRDB

extension SQLiteStore {
    /// Every registered direct procurement of `fiscalYear` (all years when nil).
    public func procurements(fiscalYear: Int?) throws(StoreError) -> [ProcurementRow] {
        try read { db in
            try Row.fetchAll(db, sql: Self.procurementSelect + " WHERE (?1 IS NULL OR p.fiscal_year = ?1) ORDER BY d.id",
                             arguments: [fiscalYear])
        }.map(Self.procurementRow)
    }

    /// The registered direct procurement `document`.
    public func procurement(document: String) throws(StoreError) -> ProcurementRow? {
        try read { db in
            try Row.fetchOne(db, sql: Self.procurementSelect + " WHERE d.number = ?", arguments: [document])
        }.map(Self.procurementRow)
    }

    static let procurementSelect = """
        SELECT d.number, p.organisation, p.supplier_orgnr, p.category, p.fiscal_year, p.contract_signed, d.date,
               p.value_ore, p.allowed, p.accepted_findings, p.input_sha256, p.data_sha256, p.value_provision
        FROM procurement p JOIN document d ON d.id = p.document_id
        """

    /// A procurement row in Model types; a value that cannot be read is an error naming it:
    /// skipped, its purchases would be reported as undocumented.
    static func procurementRow(_ r: Row) throws(StoreError) -> ProcurementRow {
        let number: String = r[0]
        guard let category = CPVCode(parsing: r[3]) else {
            throw .database("the procurement row of \(number) has a category that cannot be read")
        }
        var supplier: OrganisationNumber?
        if let text: String = r[2] {
            guard let orgnr = OrganisationNumber(parsing: text) else {
                throw .database("the procurement row of \(number) has a supplier number that cannot be read")
            }
            supplier = orgnr
        }
        return ProcurementRow(document: number, organisation: r[1], supplierOrgnr: supplier, category: category, fiscalYear: r[4],
                              contractSigned: try date(r[5], of: "procurement", number), documentedOn: try date(r[6], of: "procurement", number),
                              valueOre: r[7], allowed: r[8], acceptedFindings: r[9], inputSHA256: r[10], dataSHA256: r[11], valueProvision: r[12])
    }

    /// The whole agreement register.
    public func agreements() throws(StoreError) -> [Agreement] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, organisation, supplier, supplier_orgnr, category, title, valid_from, valid_to FROM agreement ORDER BY organisation, id
                """)
        }.map { r throws(StoreError) -> Agreement in
            guard let orgnr = OrganisationNumber(parsing: r[3]), let category = CPVCode(parsing: r[4]),
                  let from = CivilDate(parsing: r[6]), let to = CivilDate(parsing: r[7]) else {
                throw StoreError.database("the agreement row \(r[0] as String) cannot be read")
            }
            return Agreement(id: r[0], organisation: r[1], supplier: r[2], supplierOrgnr: orgnr, category: category,
                             title: r[5], validFrom: from, validTo: to, line: 0)
        }
    }

    /// The imported purchases of a fiscal year; `line` is the row id.
    public func purchases(fiscalYear: Int) throws(StoreError) -> [Purchase] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, organisation, unit, date, supplier, supplier_orgnr, category, amount_ore, reference
                FROM purchase WHERE fiscal_year = ? ORDER BY id
                """, arguments: [fiscalYear])
        }.map { r throws(StoreError) -> Purchase in
            guard let date = CivilDate(parsing: r[3]), let orgnr = OrganisationNumber(parsing: r[5]),
                  let category = CPVCode(parsing: r[6]) else {
                throw StoreError.database("the purchase row \(r[8] as String) (id \(r[0] as Int64)) cannot be read")
            }
            return Purchase(organisation: r[1], unit: r[2], date: date, supplier: r[4], supplierOrgnr: orgnr, category: category,
                            amount: Amount(ore: r[7]), reference: r[8], line: r[0])
        }
    }

    /// The deviations opened from a finding or a procurement, by origin key.
    public func deviationsByOriginKey() throws(StoreError) -> [String: String] {
        try read { db in
            var out: [String: String] = [:]
            for r in try Row.fetchAll(db, sql: """
                SELECT v.origin_key, d.number FROM deviation v JOIN document d ON d.id = v.document_id WHERE v.origin_key IS NOT NULL
                """) {
                out[r[0]] = r[1]
            }
            return out
        }
    }
}

extension SQLiteTransaction {
    /// Records a registered board report and the archived figures it was drawn up from.
    func insertBoardReport(documentID: Int64, period: ClosedRange<CivilDate>, dataSHA256: String) throws(Failure) {
        try run("INSERT INTO board_report (document_id, period_from, period_to, data_sha256) VALUES (?, ?, ?, ?)",
                [documentID, period.lowerBound.description, period.upperBound.description, dataSHA256])
    }
}

extension SQLiteStore {
    /// The archived figures of a registered board report.
    public func boardReportData(documentID: Int64) throws(StoreError) -> String {
        let sha: String? = try read { db in
            try String.fetchOne(db, sql: "SELECT data_sha256 FROM board_report WHERE document_id = ?", arguments: [documentID])
        }
        guard let sha else { throw .documentNotFound("board report \(documentID)") }
        return sha
    }
}

extension SQLiteStore {
    /// The case of an earlier board report for the same period, so a report drawn up again
    /// joins it.
    public func boardReportCase(period: ClosedRange<CivilDate>) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: """
                SELECT c.number FROM board_report b JOIN document d ON d.id = b.document_id JOIN "case" c ON c.id = d.case_id
                WHERE b.period_from = ? AND b.period_to = ? ORDER BY b.document_id LIMIT 1
                """, arguments: [period.lowerBound.description, period.upperBound.description])
        }
    }
}

extension SQLiteStore {
    /// The document a procurement input (by the hash of its bytes) was documented as, if any.
    public func procurementDocument(inputSHA256: String) throws(StoreError) -> String? {
        try read { db in
            try String.fetchOne(db, sql: """
                SELECT d.number FROM procurement p JOIN document d ON d.id = p.document_id WHERE p.input_sha256 = ? LIMIT 1
                """, arguments: [inputSHA256])
        }
    }
}
