@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumStore
import Foundation

/// The request line of `diarium bench`: one request over `documents` registered documents,
/// found, added, assessed with masking and released with the leak check, timed end to end.
public struct RequestBenchReport: Sendable, Codable {
    public let documents: Int
    public let masked: Int
    public let files: Int
    public let bytes: Int64
    public let pages: Int
    public let findMs: Double
    public let addMs: Double
    public let assessMs: Double
    public let releaseMs: Double
    public let totalMs: Double
}

extension Bench {
    /// Runs the request flow on `diarium`'s store (its synthetic procurements have a marked
    /// losing tender each, so every one is assessed with a mask).
    static func request(_ diarium: Diarium, documents: Int, root: URL) throws -> RequestBenchReport {
        let json: [String: Any] = [
            "organisation": "RS", "receivedAt": Timestamp.iso(Date()), "channel": "email", "requester": NSNull(),
            "description": "Samtliga dokumentationer av direktupphandlingar 2026, inklusive anbud.", "format": "electronic copy",
        ]
        let opened = try diarium.openRequest(try JSONSerialization.data(withJSONObject: json), as: bench)
        let start = Date()
        var t = Date()
        func lap() -> Double {
            defer { t = Date() }
            return Date().timeIntervalSince(t) * 1000
        }
        let hits = try diarium.findForRequest(opened.request, SearchQuery(text: "", documentType: "direktupphandlingsdokumentation", limit: documents), as: bench)
        let findMs = lap()
        let items = try diarium.addToRequest(opened.request, documents: hits.map(\.document), as: bench)
        let addMs = lap()
        var masked = 0
        for item in items {
            let choice: AssessmentInput.Choice = item.proposals.isEmpty
                ? .release : .mask(item.proposals.map { .init(field: $0.field, provision: $0.provision) })
            if !item.proposals.isEmpty { masked += 1 }
            _ = try diarium.assess(opened.request, document: item.document, AssessmentInput(choice: choice), as: bench)
        }
        let assessMs = lap()
        let out = root.appendingPathComponent("request-release", isDirectory: true)
        let released = try diarium.release(opened.request, to: out, as: bench)
        let releaseMs = lap()
        let bytes = Bench.folderSize(out)
        return RequestBenchReport(documents: items.count, masked: masked, files: released.files.count, bytes: bytes, pages: released.pages,
                                  findMs: findMs, addMs: addMs, assessMs: assessMs, releaseMs: releaseMs,
                                  totalMs: Date().timeIntervalSince(start) * 1000)
    }
}
