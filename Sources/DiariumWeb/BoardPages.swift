import DiariumKit
import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
import Foundation
import HTTPTypes
import Hummingbird

/// The board's page (nämnd): Inköpsnämndens uppföljningsrapport for any period, compiled from the
/// register as `board-report` does, with a chart per grouping and the table beside it whose
/// every figure leads to the documents behind it; registered on request.
extension Site {
    func boardPage(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let q = FormQuery(request)
        let today = diarium.storeToday
        let from = q["fran"].flatMap { $0.isEmpty ? nil : $0 } ?? CivilDate(year: today.year, month: 1, day: 1)?.description ?? today.description
        let to = q["till"].flatMap { $0.isEmpty ? nil : $0 } ?? today.description
        var c: [String: Any] = ["title": "Inköpsnämndens uppföljning", "from": from, "to": to, "formToken": diarium.newFormToken()]
        do throws(DiariumError) {
            let r = try await diarium.compileBoardReport(from: from, to: to, as: s.principal)
            c.merge(boardContext(r)) { _, new in new }
            return page("staff-board.html", c, visit)
        } catch {
            guard error.isUserError, case .rejected = error else { return refusal(error, visit) }
            let found = FormProblems(error.problems, id: { $0 == "to" ? "till" : "fran" }, label: { $0 == "till" ? "Till och med" : "Från och med" })
            c.merge(found.context) { _, new in new }
            for id in ["fran", "till"] where !found[id].isEmpty { c[id + "Error"] = found[id].map { Self.sentence($0.message) }.joined(separator: " ") }
            return page("staff-board.html", c, status: .badRequest, visit)
        }
    }

    func boardContext(_ r: BoardReport) -> [String: Any] {
        func link(_ number: String) -> [String: String] {
            ["number": number, "link": (r.deviations.contains(number) ? "/personal/avsteg/visa?nr=" : "/personal/handling?nr=") + Self.query(number)]
        }
        /// One grouping: its chart (bars scaled to the largest) and its rows, each count linking
        /// to the list of its documents further down.
        func grouping(_ id: String, _ title: String, _ groups: [BoardReport.Group]) -> [String: Any] {
            let shown = groups.filter { $0.count > 0 }
            let largest = max(1, shown.map(\.count).max() ?? 1)
            let rowHeight = 30, labelWidth = 330, barSpace = 330
            let bars = shown.enumerated().map { i, g -> [String: Any] in
                let y = i * rowHeight
                let width = max(2, g.count * barSpace / largest)
                // A long label is cut in the chart (the table beside it has it whole).
                let label = g.label.count > 44 ? String(g.label.prefix(42)) + "…" : g.label
                return ["label": label, "value": String(g.count), "labelY": String(y + 20), "barY": String(y + 8), "barX": String(labelWidth),
                        "barWidth": String(width), "valueX": String(labelWidth + width + 8), "valueY": String(y + 20)]
            }
            let rows = shown.map { g -> [String: Any] in
                let anchor = "\(id)-\(Self.copyID(g.code))"
                return ["label": g.label, "count": String(g.count), "anchor": anchor, "documents": g.documents.map(link)]
            }
            return ["id": id, "title": title, "bars": bars, "rows": rows, "hasRows": !rows.isEmpty,
                    "height": String(max(1, shown.count) * rowHeight + 8), "width": String(labelWidth + barSpace + 60),
                    "description": shown.map { "\($0.label): \($0.count)" }.joined(separator: ", ")]
        }
        let groupings = [
            grouping("typ", "Avsteg per typ", r.byType), grouping("region", "Avsteg per region", r.byOrganisation),
            grouping("status", "Avsteg per status", r.byStatus), grouping("eskalering", "Eskaleringar per nivå", r.escalations),
            grouping("enhet", "Avsteg per enhet", r.byUnit),
        ]
        let days = { (tenths: Int?) in tenths.map { String(format: "%.1f", Double($0) / 10).replacingOccurrences(of: ".", with: ",") } ?? "–" }
        return [
            "report": true, "deviationCount": String(r.deviations.count), "deviations": r.deviations.map(link),
            "groupings": groupings,
            "open": r.open.map(link), "openCount": String(r.open.count), "overdue": r.overdue.map(link), "overdueCount": String(r.overdue.count),
            "overdueDays": String(r.overdueDays),
            "resolutionMedian": days(r.resolutionMedianTenths), "resolutionMean": days(r.resolutionMeanTenths),
            "hasResolutions": !r.resolutions.isEmpty, "hasLate": !r.late.isEmpty, "hasMissing": !r.missing.isEmpty,
            "resolutions": r.resolutions.map { ["document": link($0.document), "reported": $0.reportedOn.description, "resolved": $0.resolvedOn.description, "days": String($0.days)] },
            "documented": r.documented.map(link), "documentedCount": String(r.documented.count),
            "accepted": r.acceptedFindings.map(link), "acceptedCount": String(r.acceptedFindings.count),
            "late": r.late.map { ["document": link($0.document), "signed": $0.contractSigned.description, "documented": $0.documentedOn.description, "days": String($0.days)] },
            "lateCount": String(r.late.count),
            "missing": r.missing.map { m -> [String: Any] in
                var d: [String: Any] = ["organisation": m.organisation, "reference": m.reference, "date": m.date.description, "amount": m.amount.swedish]
                if let dev = m.deviation { d["deviation"] = link(dev) }
                return d
            },
            "missingCount": String(r.missing.count),
            "exposureMinimum": r.exposureMinimum.swedish, "exposureMaximum": r.exposureMaximum.swedish,
            "exposure": r.exposure.map { ["label": $0.label, "minimum": $0.minimum.swedish, "maximum": $0.maximum.swedish, "source": Self.source($0.source),
                                          "references": $0.references.map(link)] },
            "legalRows": r.legalRows,
        ]
    }

    func postBoardReport(_ request: Request, _ visit: WebContext, _ s: StaffSession) async throws -> Response {
        let from = visit.form["fran"] ?? "", to = visit.form["till"] ?? ""
        do throws(DiariumError) {
            switch try await diarium.submitOnce(formToken: visit.form["formToken"] ?? "", as: s.principal, { () throws(DiariumError) in
                try self.diarium.boardReport(from: from, to: to, as: s.principal).document
            }) {
            case .submitted(let n): return redirect("/personal/handling?nr=" + Self.query(n) + "&registrerad=1")
            case .alreadySubmitted(let n): return redirect("/personal/handling?nr=" + Self.query(n))
            case .inProgress: return message(title: "Rapporten registreras redan", text: "Vänta en stund; skicka den inte igen.", status: .conflict, visit)
            }
        } catch { return refusal(error, visit) }
    }
}
