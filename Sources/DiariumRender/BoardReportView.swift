public import DiariumModel
public import DiariumRules

/// Inköpsnämndens uppföljningsrapport as template data, with the bar charts laid out here so
/// the templates draw plain SVG (no script; every chart has a title, a text description and a
/// table beside it).
public struct BoardReportView {
    public let context: [String: Any]

    /// The chart's width in SVG units, and the height of one bar with its label.
    static let chartWidth = 640
    static let rowHeight = 40
    static let barArea = 520

    public init(_ r: BoardReport, organisation: Organisation) {
        func docs(_ numbers: [String]) -> [[String: Any]] { numbers.map { ["number": $0] } }
        func groups(_ gs: [BoardReport.Group]) -> [[String: Any]] {
            gs.map { ["code": $0.code, "label": $0.label, "count": $0.count, "documents": docs($0.documents), "hasDocuments": $0.count > 0] }
        }
        var charts: [[String: Any]] = []
        func chart(_ id: String, _ title: String, _ bars: [(label: String, value: Int)]) {
            guard !bars.isEmpty else { return }
            let top = max(1, bars.map(\.value).max() ?? 1)
            let rows: [[String: Any]] = bars.enumerated().map { i, b in
                let width = b.value == 0 ? 0 : max(2, b.value * Self.barArea / top)
                let y = i * Self.rowHeight
                return ["label": b.label, "value": b.value, "labelY": y + 14, "barY": y + 20, "barWidth": width,
                        "valueX": width + 8, "valueY": y + 32]
            }
            charts.append([
                "id": id, "title": title,
                "description": "\(title): " + bars.map { "\($0.label) \($0.value)" }.joined(separator: "; ") + ".",
                "width": Self.chartWidth, "height": bars.count * Self.rowHeight + 8, "bars": rows,
            ])
        }
        chart("chart-type", "Avsteg per typ", r.byType.map { ($0.label, $0.count) })
        chart("chart-organisation", "Avsteg per region", r.byOrganisation.map { ($0.label, $0.count) })
        chart("chart-status", "Avsteg per status i dag", r.byStatus.map { ($0.label, $0.count) })
        chart("chart-procurement", "Direktupphandlingar", [
            ("Dokumenterade", r.documented.count), ("Dokumenterade för sent", r.late.count),
            ("Dokumenterade trots fel i kontrollen", r.acceptedFindings.count), ("Inköp som saknar dokumentation", r.missing.count),
        ])

        let period = "\(r.from)–\(r.to)"
        var c: [String: Any] = [
            "pageTitle": "Inköpsnämndens uppföljningsrapport \(period)",
            "authority": ["name": organisation.name, "organisationNumber": organisation.organisationNumber.description, "code": organisation.code],
            "from": r.from.description, "to": r.to.description, "drawnUp": r.drawnUp.description,
            "deviationCount": r.deviations.count, "deviations": docs(r.deviations),
            "byType": groups(r.byType), "byOrganisation": groups(r.byOrganisation), "byUnit": groups(r.byUnit), "byStatus": groups(r.byStatus),
            "escalations": groups(r.escalations), "escalationCount": r.escalations.reduce(0) { $0 + $1.count },
            "resolutions": r.resolutions.map { ["document": $0.document, "reportedOn": $0.reportedOn.description,
                                                "resolvedOn": $0.resolvedOn.description, "days": $0.days] },
            "resolutionCount": r.resolutions.count,
            "hasResolutions": !r.resolutions.isEmpty,
            "medianDays": r.resolutionMedianTenths.map(Self.tenths) ?? "–",
            "meanDays": r.resolutionMeanTenths.map(Self.tenths) ?? "–",
            "medianDaysXML": r.resolutionMedianTenths.map(Self.tenthsXML) ?? "",
            "meanDaysXML": r.resolutionMeanTenths.map(Self.tenthsXML) ?? "",
            "maxDays": r.resolutions.map(\.days).max().map(String.init) ?? "–",
            "openCount": r.open.count, "open": docs(r.open),
            "overdueCount": r.overdue.count, "overdue": docs(r.overdue), "overdueDays": r.overdueDays,
            "documentedCount": r.documented.count, "documented": docs(r.documented),
            "acceptedCount": r.acceptedFindings.count, "accepted": docs(r.acceptedFindings),
            "lateCount": r.late.count,
            "late": r.late.map { ["document": $0.document, "contractSigned": $0.contractSigned.description,
                                  "documentedOn": $0.documentedOn.description, "days": $0.days] },
            "hasLate": !r.late.isEmpty,
            "missingCount": r.missing.count,
            "missing": r.missing.map { m -> [String: Any] in
                var row: [String: Any] = ["organisation": m.organisation, "reference": m.reference, "date": m.date.description,
                                          "amount": m.amount.description, "amountText": m.amount.swedish]
                if let d = m.deviation { row["deviation"] = d }
                return row
            },
            "hasMissing": !r.missing.isEmpty,
            "exposure": r.exposure.map { ["source": $0.source, "label": $0.label, "references": $0.references.map { ["reference": $0] },
                                          "minimum": $0.minimum.description, "maximum": $0.maximum.description,
                                          "minimumText": $0.minimum.swedish, "maximumText": $0.maximum.swedish, "row": $0.row] },
            "hasExposure": !r.exposure.isEmpty,
            "exposureMinimum": r.exposureMinimum.description, "exposureMaximum": r.exposureMaximum.description,
            "exposureMinimumText": r.exposureMinimum.swedish, "exposureMaximumText": r.exposureMaximum.swedish,
            "withheld": docs(r.exposureWithheld), "withheldCount": r.exposureWithheld.count, "hasWithheld": !r.exposureWithheld.isEmpty,
            "legalRows": r.legalRows.map { ["id": $0] },
            "charts": charts,
        ]
        if let days = r.deadlineDays { c["deadlineDays"] = String(days) }
        context = c
    }

    /// Tenths of a day in Swedish (`12,5`).
    static func tenths(_ t: Int) -> String { "\(t / 10),\(t % 10)" }
    /// Tenths of a day as an xs:decimal (`12.5`).
    static func tenthsXML(_ t: Int) -> String { "\(t / 10).\(t % 10)" }
}

extension Renderer {
    public func boardReport(_ view: BoardReportView, as format: RenderFormat) throws(TemplateError) -> String {
        try templates.render("board-report.\(format.rawValue)", view.context)
    }
}
