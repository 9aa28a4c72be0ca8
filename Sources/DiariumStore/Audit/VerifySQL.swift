/// Statements of `verify` that both backends' SQL dialects read alike, kept once so that they
/// cannot drift apart.
package enum VerifySQL {
    /// The archived objects the request, decision, purchase-import and disposal-record rows
    /// name, as (number, sha, what): `what` is the column label `VerifyRun` reports a missing
    /// object under. A disposed request's input and ZIP are meant to be gone.
    package static let objectReferences = """
        SELECT d.number, a.input_sha256 AS sha, 'request_sha256' AS what FROM access_request a JOIN document d ON d.id = a.document_id
        WHERE a.document_id NOT IN (SELECT document_id FROM disposal)
        UNION ALL
        SELECT d.number, r.manifest_sha256, 'release_sha256' FROM request_release r JOIN document d ON d.id = r.request_document_id
        UNION ALL
        SELECT d.number, r.archive_sha256, 'release_archive_sha256' FROM request_release r JOIN document d ON d.id = r.request_document_id
        WHERE r.archive_sha256 IS NOT NULL AND r.request_document_id NOT IN (SELECT document_id FROM disposal)
        UNION ALL
        SELECT d.number, x.data_sha256, 'decision_sha256' FROM access_decision x JOIN document d ON d.id = x.document_id
        UNION ALL
        SELECT 'inköpsfil ' || i.file, i.sha256, 'purchase_import_sha256' FROM purchase_import i
        UNION ALL
        SELECT d.number, g.data_sha256, 'disposal_record_sha256' FROM disposal_record g JOIN document d ON d.id = g.document_id
        """
}
