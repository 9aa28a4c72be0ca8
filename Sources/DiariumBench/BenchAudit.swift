@_spi(Tools) public import DiariumKit
import DiariumModel
public import Foundation

/// What the purchase-audit line of `diarium bench` measured.
public struct AuditBenchReport: Sendable, Codable {
    public let rows: Int
    public let ledgerBytes: Int64
    public let seconds: Double
    public let findings: Int
    /// How far the audit raised the process's peak resident memory above what it held before
    /// (Linux's VmHWM, reset first); nil where the peak cannot be reset.
    public let peakGrowthBytes: Int64?
}

extension Bench {
    /// Audits a synthetic ledger of `rows` purchases through the Kit, as `diarium audit
    /// purchases FILE --json` does: the file read by the face, parsed, every row checked, the
    /// findings encoded as JSON and written.
    public static func audit(rows: Int, home: DiariumHome, scratch: URL, keep: Bool = false,
                             progress: @escaping (String) -> Void) throws -> AuditBenchReport {
        let root = scratch.appendingPathComponent("diarium-bench-audit-\(UUID().uuidString)", isDirectory: true)
        defer { if !keep { try? FileManager.default.removeItem(at: root) } }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let store = root.appendingPathComponent("store", isDirectory: true)
        _ = try Diarium.initialize(store: store, as: bench)

        progress("audit: writing a ledger of \(rows) purchases")
        let ledger = root.appendingPathComponent("purchases.csv")
        let agreements = root.appendingPathComponent("agreements.csv")
        var data = BenchData()
        try data.agreementLedger().write(to: agreements)
        try data.purchaseLedger(rows: rows, to: ledger)
        let diarium = try Diarium(store: store, home: home)
        _ = try diarium.importAgreements(InputFile.read(agreements), as: bench)

        progress("audit: audit purchases (\(rows) rows), JSON out")
        let output = root.appendingPathComponent("findings.json")
        let before = PeakMemory.reset()
        let start = Date()
        let result = try diarium.auditPurchases(ledger: InputFile.read(ledger), fiscalYear: 2026, create: false, as: bench)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(result).write(to: output)
        let seconds = Date().timeIntervalSince(start)
        let growth = before.flatMap { base in PeakMemory.peak().map { max(0, $0 - base) } }
        let size = (try? FileManager.default.attributesOfItem(atPath: ledger.path)[.size] as? Int64) ?? 0
        return AuditBenchReport(rows: rows, ledgerBytes: size, seconds: seconds, findings: result.findings.count, peakGrowthBytes: growth)
    }
}

/// The process's peak resident memory (Linux, /proc/self).
enum PeakMemory {
    /// Resets the peak to what the process holds now and returns that; nil where it cannot.
    static func reset() -> Int64? {
        guard (try? Data("5".utf8).write(to: URL(fileURLWithPath: "/proc/self/clear_refs"))) != nil else { return nil }
        return field("VmRSS")
    }

    static func peak() -> Int64? { field("VmHWM") }

    private static func field(_ name: String) -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }),
              let kib = Int64(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kib * 1024
    }
}

extension BenchData {
    /// A valid organisationsnummer for supplier `n` (Luhn check digit).
    static func supplierOrgnr(_ n: Int) -> String {
        let body = String(format: "556%06d", n % 1_000_000)
        var sum = 0
        for (i, c) in body.enumerated() {
            let d = (c.wholeNumberValue ?? 0) * (i % 2 == 0 ? 2 : 1)
            sum += d > 9 ? d - 9 : d
        }
        let check = (10 - sum % 10) % 10
        return String(body.prefix(6)) + "-" + String(body.dropFirst(6)) + String(check)
    }

    static func cpvGroup(_ g: Int) -> String { String(format: "%04d1000", 3300 + g) }

    /// A few agreements in three CPV groups, so that some purchases fall beside one.
    func agreementLedger() -> Data {
        var lines = [LedgerFile.agreementHeader.joined(separator: ",")]
        for (i, (org, group)) in [("RS", 0), ("RS", 0), ("RS", 1), ("RV", 2)].enumerated() {
            lines.append("AVT-\(i),\(org),Avtalsleverantör \(i) AB,\(Self.supplierOrgnr(i)),\(Self.cpvGroup(group)),Ramavtal \(i),2025-01-01,2027-12-31")
        }
        return Data((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// A year of purchases: 5 000 suppliers in 200 CPV groups, small amounts with one in a
    /// thousand over 100 000 kr, and one supplier split into a thousand purchases of 90 000 kr.
    mutating func purchaseLedger(rows: Int, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var chunk = LedgerFile.purchaseHeader.joined(separator: ",") + "\n"
        for i in 0..<rows {
            let month = 1 + random(12), day = 1 + random(28)
            let split = i % 1000 == 999
            let supplier = split ? 4999 : 4 + random(4995)
            let group = split ? 199 : random(199)
            let amount = split ? 90_000 : i % 1000 == 500 ? 100_000 + random(200_000) : 500 + random(60_000)
            let org = split || i % 2 == 0 ? "RS" : "RV"
            chunk += "\(org),\(Self.units[i % Self.units.count]),2026-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day),"
                + "Leverantör \(supplier) AB,\(Self.supplierOrgnr(supplier)),\(Self.cpvGroup(group)),\(amount),F-\(i)\n"
            if chunk.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(chunk.utf8))
                chunk = ""
            }
        }
        try handle.write(contentsOf: Data(chunk.utf8))
    }
}
