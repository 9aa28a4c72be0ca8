@_spi(Tools) public import DiariumKit
import DiariumModel
public import Foundation

/// `diarium bench --export`: E-ARK packages of COUNT registered documents, each in a case of its
/// own (one package per document: the most packages, so the most per-package work, for the count).
public struct ExportBenchReport: Sendable, Codable {
    public struct Run: Sendable, Codable {
        public let zip: Bool
        public let packages: Int
        public let documents: Int
        public let seconds: Double
        public let bytes: Int64
        public var documentsPerSecond: Double { Double(documents) / max(seconds, 1e-9) }
    }

    public let count: Int
    public let registrationSeconds: Double
    public var runs: [Run] = []
    /// The issue's target: 10 000 documents in under a minute.
    public static let targetSecondsPer10000 = 60.0
    public var meetsTarget: Bool {
        runs.allSatisfy { $0.seconds / Double(max($0.documents, 1)) * 10_000 < Self.targetSecondsPer10000 }
    }
}

extension Bench {
    public static func export(count: Int, home: DiariumHome, scratch: URL, keep: Bool = false,
                              progress: @escaping (String) -> Void) throws -> ExportBenchReport {
        let root = scratch.appendingPathComponent("diarium-bench-export-\(UUID().uuidString)", isDirectory: true)
        defer { if !keep { try? FileManager.default.removeItem(at: root) } }
        let files = root.appendingPathComponent("files", isDirectory: true)
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)
        var data = BenchData()
        var requests: [RegistrationRequest] = []
        for i in 0..<count {
            let (meta, text) = data.registration(i)
            let url = files.appendingPathComponent("\(i).txt")
            try text.write(to: url)
            requests.append(RegistrationRequest(file: url, meta: meta))
        }
        let storeURL = root.appendingPathComponent("store", isDirectory: true)
        _ = try Diarium.initialize(store: storeURL, as: bench)
        let diarium = try Diarium(store: storeURL, home: home)
        progress("registering \(count) documents")
        let t0 = Date()
        _ = try diarium.registerBatch(requests, batchSize: 1000, as: bench)
        var report = ExportBenchReport(count: count, registrationSeconds: Date().timeIntervalSince(t0))
        let today = diarium.today
        for zip in [false, true] {
            let out = root.appendingPathComponent(zip ? "sip-zip" : "sip", isDirectory: true)
            progress("export sip\(zip ? " --zip" : ""): every case registered \(today.year)")
            let start = Date()
            let result = try diarium.exportSIP(SIPExportRequest(cases: [], from: "\(today.year)-01-01", to: today.description, organisation: nil,
                                                                out: out, zip: zip), as: bench)
            let seconds = Date().timeIntervalSince(start)
            report.runs.append(.init(zip: zip, packages: result.packages.count, documents: result.packages.reduce(0) { $0 + $1.documents },
                                     seconds: seconds, bytes: folderBytes(out)))
            progress(String(format: "export sip%@: %d packages in %.1f s", zip ? " --zip" : "", result.packages.count, seconds))
        }
        return report
    }

    static func folderBytes(_ url: URL) -> Int64 {
        var total: Int64 = 0
        let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey])
        while let f = e?.nextObject() as? URL { total += Int64((try? f.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0) }
        return total
    }
}
