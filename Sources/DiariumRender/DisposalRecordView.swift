public import DiariumModel
import Foundation

/// A disposal record (gallringsprotokoll) as template data. Built from public register values
/// only, so every audience sees the same.
public struct DisposalRecordView {
    public let context: [String: Any]

    public init(_ r: DisposalRecord, organisation: Organisation) {
        let items = r.items.map { i -> [String: Any] in
            ["number": i.number, "documentType": i.documentType, "documentTypeLabel": i.documentTypeLabel,
             "date": i.date.description, "registeredOn": i.registeredOn.description, "title": i.title,
             "mediaType": i.mediaType, "size": String(i.size), "sizeText": Self.size(i.size), "sha256": i.sha256,
             "rule": i.rule, "planDecision": i.planDecision, "dueOn": i.dueOn.description]
        }
        // One line per plan rule and decision, for the summary above the list.
        var groups: [String: Int] = [:]
        for i in r.items { groups["\(i.documentTypeLabel): \(i.rule)", default: 0] += 1 }
        context = [
            "pageTitle": "Gallringsprotokoll \(r.disposedOn)",
            "authority": ["name": organisation.name, "organisationNumber": organisation.organisationNumber.description, "code": organisation.code],
            "decision": r.decision, "disposedOn": r.disposedOn.description, "disposedAt": Timestamp.iso(r.disposedAt),
            "disposedAtLocal": Timestamp.swedishLocal(Timestamp.iso(r.disposedAt)), "disposedBy": r.disposedBy,
            "count": r.items.count, "items": items,
            "groups": groups.sorted { $0.key < $1.key }.map { ["label": $0.key, "count": $0.value] },
        ]
    }

    /// A byte count in Swedish (`12,3 kB`).
    static func size(_ bytes: Int64) -> String {
        if bytes < 1024 { return "\(bytes) byte" }
        let units = ["kB", "MB", "GB"]
        var value = Double(bytes) / 1024
        var unit = 0
        while value >= 1024, unit < units.count - 1 { value /= 1024; unit += 1 }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10),\(tenths % 10) \(units[unit])"
    }
}

extension Renderer {
    public func disposalRecord(_ view: DisposalRecordView, as format: RenderFormat) throws(TemplateError) -> String {
        try templates.render("disposal-record.\(format.rawValue)", view.context)
    }
}
