import DiariumModel
import DiariumRender
import DiariumStore

/// What Diarium does with a stored document of one kind: the one table that `show`, a request's
/// copies and every later user (the e-archive export) go through. `Diarium.handling(_:)` is an
/// exhaustive switch, so a new kind does not compile until it says each of these (and its
/// schema, `DocumentKind.schema`).
struct KindHandling {
    /// How a document of the kind is made again from its archived data for an audience, or nil:
    /// a registered file is shown as its register record.
    let regenerate: Diarium.Regenerate?
    /// How a request handles it: markable fields, secret values, and the copies with masks applied.
    let accessSource: (StoredDocument) throws(DiariumError) -> AccessSource
}

extension DocumentKind {
    /// The schema of the document Diarium draws up of this kind (`schemas/<name>.xsd`); for a
    /// registered file, of its register record.
    var schema: String {
        switch self {
        case .registration, .deviationStep: "registration"
        case .directProcurement: "direct-procurement"
        case .deviation: "deviation"
        case .boardReport: "board-report"
        case .accessRequest: "access-request"
        case .accessDecision: "access-decision"
        case .disposalRecord: "disposal-record"
        }
    }
}

extension Diarium {
    /// The schema of every document's register record (diarieblad), whatever its kind.
    @_spi(Tools) public static let recordSchema = "registration"

    typealias Regenerate = (StoredDocument, Audience, RenderFormat) throws(DiariumError) -> String

    func handling(_ kind: DocumentKind) -> KindHandling {
        switch kind {
        case .registration, .deviationStep:
            // A file someone else made (a deviation step is a text file Diarium wrote, kept as one).
            KindHandling(regenerate: nil) { stored throws(DiariumError) in
                self.fileSource(stored, base: Self.copyBaseName(stored.entry.number))
            }
        case .directProcurement:
            KindHandling(regenerate: procurementDocument, accessSource: procurementSource)
        case .deviation:
            KindHandling(regenerate: deviationDocument, accessSource: deviationSource)
        case .accessRequest:
            KindHandling(regenerate: accessRequestDocument, accessSource: accessRequestSource)
        case .boardReport:
            // Built from public facts only: nothing in it can be marked.
            KindHandling(regenerate: boardReportDocument) { stored throws(DiariumError) in
                self.drawnUpSource(stored, markings: [], json: nil, markable: { _ in false }) { _, format throws(DiariumError) in
                    try self.boardReportDocument(stored, audience: .public, format: format)
                }
            }
        case .accessDecision:
            KindHandling(regenerate: accessDecisionDocument) { stored throws(DiariumError) in
                self.drawnUpSource(stored, markings: [], json: nil, markable: { _ in false }) { _, format throws(DiariumError) in
                    try self.accessDecisionDocument(stored, audience: .public, format: format)
                }
            }
        case .disposalRecord:
            KindHandling(regenerate: disposalRecordDocument) { stored throws(DiariumError) in
                self.drawnUpSource(stored, markings: [], json: nil, markable: { _ in false }) { _, format throws(DiariumError) in
                    try self.disposalRecordDocument(stored, audience: .public, format: format)
                }
            }
        }
    }

    /// The one render → validate pipeline of every kind: `render` in `format`, and the XML
    /// checked against the kind's schema before anything uses it.
    func rendered(_ kind: DocumentKind, _ format: RenderFormat, _ render: () throws(TemplateError) -> String) throws(DiariumError) -> String {
        let out: String
        do { out = try render() } catch { throw .setup(error.description) }
        if format == .xml { try checkOwnXML(out, schema: kind.schema) }
        return out
    }
}
