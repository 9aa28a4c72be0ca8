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

/// A deviation's state, as escalation reads and moves it.
public struct DeviationState: Sendable, Hashable {
    public let documentID: Int64
    public let status: String
    public let level: String?
}

extension Store {
    public func deviationState(documentID: Int64) throws(StoreError) -> DeviationState? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT status, level FROM deviation WHERE document_id = ?", arguments: [documentID])
                .map { DeviationState(documentID: documentID, status: $0["status"], level: $0["level"]) }
        }
    }
}

extension StoreTransaction {
    /// Moves a deviation one step, if it is still in `expected` (another process may have moved
    /// it since it was read); returns false when it was not.
    public func moveDeviation(documentID: Int64, from expected: DeviationState, to status: String, level: String?,
                              step: String, by: String, on date: String, stepDocumentID: Int64) throws -> Bool {
        try db.execute(sql: """
            UPDATE deviation SET status = ?, level = ?, last_step_on = ?
            WHERE document_id = ? AND status = ? AND level IS ?
            """, arguments: [status, level, date, documentID, expected.status, expected.level])
        guard db.changesCount == 1 else { return false }
        try db.execute(sql: """
            INSERT INTO deviation_step (deviation_document_id, step, level, by_name, on_date, document_id) VALUES (?, ?, ?, ?, ?, ?)
            """, arguments: [documentID, step, level, by, date, stepDocumentID])
        return true
    }
}
