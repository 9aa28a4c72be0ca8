import Foundation
import GRDB

extension StoreTransaction {
    /// Records a registered deviation report.
    public func insertDeviation(documentID: Int64, organisation: String, unit: String, type: String, phase: String,
                                reportedOn: String, procurement: String?, supplierOrgnr: String?, estimatedValueOre: Int64?,
                                origin: String, originKey: String?, inputSHA256: String) throws {
        try db.execute(sql: """
            INSERT INTO deviation (document_id, organisation, unit, type, phase, reported_on, procurement, supplier_orgnr,
                                   estimated_value_ore, status, level, last_step_on, origin, origin_key, input_sha256)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'reported', NULL, ?, ?, ?, ?)
            """, arguments: [documentID, organisation, unit, type, phase, reportedOn, procurement, supplierOrgnr,
                             estimatedValueOre, reportedOn, origin, originKey, inputSHA256])
    }
}

extension Store {
    /// The archived input of a registered deviation report.
    public func deviationInput(documentID: Int64) throws(StoreError) -> String {
        let sha: String? = try read { db in
            try String.fetchOne(db, sql: "SELECT input_sha256 FROM deviation WHERE document_id = ?", arguments: [documentID])
        }
        guard let sha else { throw .documentNotFound("deviation \(documentID)") }
        return sha
    }
}
