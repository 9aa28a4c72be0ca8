import DiariumModel
import DiariumRules
import DiariumStore
import Foundation

/// The archived data a drawn-up document is made again from. A store failure stays the store's;
/// bytes that do not decode are damage named by the document, their text never quoted (it could
/// hold a secret).
extension Diarium {
    /// The hash of the data a row points at; the row missing is the store's failure.
    func archivedHash(_ lookup: () throws(StoreError) -> String?, of document: String) throws(DiariumError) -> String {
        let sha: String?
        do { sha = try lookup() } catch { throw .store(error) }
        guard let sha else { throw .internalFault("\(document) has no archived data") }
        return sha
    }

    /// The archived input of a registered request (`documentID`, numbered `number`).
    func archivedRequest(documentID: Int64, number: String) throws(DiariumError) -> AccessRequest {
        let sha = try archivedHash({ () throws(StoreError) in try store.accessRequestInput(documentID: documentID) }, of: number)
        return try decodeArchived(sha, of: number) { data throws(InputRejected) in try AccessRequest.decode(data) }
    }

    func archivedRequest(_ req: AccessRequestRow) throws(DiariumError) -> AccessRequest {
        try archivedRequest(documentID: req.documentID, number: req.number)
    }

    func archivedRequest(_ stored: StoredDocument) throws(DiariumError) -> AccessRequest {
        try archivedRequest(documentID: stored.id, number: stored.entry.number.description)
    }

    /// The archived object `sha256` decoded by `decode`.
    func decodeArchived<T, E: Error>(_ sha256: String, of document: String, _ decode: (Data) throws(E) -> T) throws(DiariumError) -> T {
        let data: Data
        do { data = try store.objects.read(sha256) } catch { throw .store(error) }
        do { return try decode(data) } catch {
            throw .internalFault("the archived data of \(document) cannot be read: \(type(of: error))")
        }
    }

    func decodeArchivedJSON<T: Decodable>(_ type: T.Type, _ sha256: String, of document: String) throws(DiariumError) -> T {
        try decodeArchived(sha256, of: document) { data in try JSONDecoder().decode(type, from: data) }
    }

    func archivedDeviation(_ stored: StoredDocument) throws(DiariumError) -> DeviationReport {
        let sha = try archivedHash({ () throws(StoreError) in try store.deviationInput(documentID: stored.id) }, of: stored.entry.number.description)
        return try decodeArchived(sha, of: stored.entry.number.description) { data throws(InputRejected) in try DeviationReport.decode(data) }
    }

    func archivedProcurement(_ stored: StoredDocument) throws(DiariumError) -> (procurement: DirectProcurement, record: ProcurementRecord) {
        let row = try archivedHash({ () throws(StoreError) in try store.procurementRow(documentID: stored.id).dataSHA256 }, of: stored.entry.number.description)
        let record = try decodeArchivedJSON(ProcurementRecord.self, row, of: stored.entry.number.description)
        let p = try decodeArchived(record.inputSHA256, of: stored.entry.number.description) { data throws(InputRejected) in try DirectProcurement.decode(data) }
        return (p, record)
    }

    func archivedBoardReport(_ stored: StoredDocument) throws(DiariumError) -> BoardReport {
        let sha = try archivedHash({ () throws(StoreError) in try store.boardReportData(documentID: stored.id) }, of: stored.entry.number.description)
        return try decodeArchivedJSON(BoardReport.self, sha, of: stored.entry.number.description)
    }

    func archivedDecision(_ stored: StoredDocument) throws(DiariumError) -> AccessDecision {
        let sha = try archivedHash({ () throws(StoreError) in try store.accessDecisionData(documentID: stored.id) }, of: stored.entry.number.description)
        return try decodeArchivedJSON(AccessDecision.self, sha, of: stored.entry.number.description)
    }
}
