import Foundation

extension BackendBenchReport {
    /// The figures side by side, a column per backend.
    public var table: String {
        func ms(_ l: BenchReport.Latency) -> String { String(format: "%.2f / %.2f", l.p50, l.p95) }
        func column(_ body: (BackendFigures) -> String) -> [String] { backends.map(body) }
        var rows: [(label: String, values: [String])] = [("", backends.map(\.backend.rawValue))]
        rows.append(("bulk registration through the Kit (documents/s)", column { String(format: "%.0f", $0.bulk.perSecond) }))
        rows.append(("  \(count) documents in batches of \(batchSize) (s)", column { String(format: "%.1f", $0.bulk.seconds) }))
        rows.append(("single durable registration, n=\(singles) (p50 / p95 ms)", column { ms($0.singleDurable) }))
        for (i, size) in (backends.first?.search.map(\.documents) ?? []).enumerated() {
            func at(_ body: (BackendFigures.Search) -> String) -> [String] {
                column { $0.search.indices.contains(i) ? body($0.search[i]) : "" }
            }
            rows.append(("search at \(size) documents, n=\(queries) (p50 / p95 ms)", at { ms($0.search) }))
            rows.append(("  public index (p50 / p95 ms)", at { ms($0.publicSearch) }))
            rows.append(("  internal index (p50 / p95 ms)", at { ms($0.internalSearch) }))
            rows.append(("  generated into the index first (documents, s)", at { String(format: "%d, %.1f", $0.generated, $0.generateSeconds) }))
        }
        rows.append(("web: \(servers) servers on one store, \(webClients) clients each, \(webSeconds) s a page", column { _ in "" }))
        for (i, name) in (backends.first?.web.pages.map(\.name) ?? []).enumerated() {
            func at(_ body: (TwoServerWebReport.Page) -> String) -> [String] {
                column { $0.web.pages.indices.contains(i) ? body($0.web.pages[i]) : "" }
            }
            let what = name == "search" ? "search page" : name == "entry" ? "entry page" : name
            rows.append(("  \(what), both servers (pages/s)", at { String(format: "%.0f", $0.requestsPerSecond) }))
            rows.append(("    p95 per server (ms)", at { $0.servers.map { String(format: "%.1f", $0.p95) }.joined(separator: " / ") }))
            rows.append(("    non-2xx, socket errors", at { "\($0.non2xx), \($0.socketErrors)" }))
        }
        let labelWidth = rows.map(\.label.count).max() ?? 0
        let widths = backends.indices.map { i in max(12, rows.map { $0.values.indices.contains(i) ? $0.values[i].count : 0 }.max() ?? 0) }
        func pad(_ s: String, _ w: Int, left: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return left ? fill + s : s + fill
        }
        var out = ["diarium bench --backend: \(backends.map(\.backend.rawValue).joined(separator: ", ")), each in a throwaway store"]
        for b in backends {
            if let d = b.database { out.append("\(b.backend.rawValue): the throwaway database \(d)") }
            if let first = b.web.pages.first {
                out.append("\(b.backend.rawValue): the web's search page \(first.path) finds \(b.web.searchHits) of \(b.web.documents) documents")
            }
        }
        for r in rows {
            let values = r.values.enumerated().map { pad($0.element, widths[$0.offset], left: true) }
            var line = ([pad(r.label, labelWidth, left: false)] + values).joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            out.append(line)
        }
        if let busiest = backends.flatMap(\.web.pages).map(\.otherCores).max(), busiest > 0.1 {
            out.append(String(format: "note: other processes used up to %.2f cores during the web runs: the machine was shared", busiest))
        }
        return out.joined(separator: "\n")
    }
}
