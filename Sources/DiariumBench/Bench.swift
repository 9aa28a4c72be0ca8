@_spi(Tools) public import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import DiariumSQLite
public import Foundation

/// Who acts in the bench: the operator, as on the command line.
let bench = Principal.operator("bench")

/// What `diarium bench` measured. Rates are per second, latencies in milliseconds.
public struct BenchReport: Sendable, Codable {
    public struct Latency: Sendable, Codable {
        public let samples: Int
        public let p50: Double
        public let p95: Double
        public let max: Double
    }

    public struct Parts: Sendable, Codable {
        public let samples: Int
        public let render: Double
        public let parseValidate: Double
        public let hashWrite: Double
        public let sqliteInsert: Double
        /// What the parts reach one after another: 1 / Σ(1/rate).
        public let combined: Double
    }

    public let count: Int
    public let batchSize: Int
    public let singleDurable: Latency
    public let bulkPerSecond: Double
    public let bulkSeconds: Double
    public let parts: Parts
    /// Bulk end to end as a share of `parts.combined`.
    public let bulkShareOfParts: Double
    public let documentsAtSearch: Int
    public let search: Latency
    /// Direct procurements checked, documented and registered in bulk.
    public let procurements: Int
    public let procurementsPerSecond: Double
    /// One procurement check (decode, region total from the index, rules) at `procurements`.
    public let procurementCheck: Latency
    public let storeBytes: Int64
    /// The purchase audit of a synthetic ledger, when measured.
    public var audit: AuditBenchReport?
    /// One request over registered procurements, found, assessed with masking and released.
    public var request: RequestBenchReport?
}

public enum Bench {
    /// Runs the benchmark in a store of its own under `scratch` (removed afterwards unless `keep`).
    public static func run(count: Int, singles: Int = 200, queries: Int = 1000, batchSize: Int = 1000, procurements: Int? = nil,
                           home: DiariumHome, scratch: URL, keep: Bool = false,
                           progress: @escaping (String) -> Void) throws -> BenchReport {
        let root = scratch.appendingPathComponent("diarium-bench-\(UUID().uuidString)", isDirectory: true)
        defer {
            if !keep {
                // Minutes for a store of 100 000 documents: said, so that a waiting user knows.
                progress("removing the throwaway store (--keep keeps it)")
                try? FileManager.default.removeItem(at: root)
            }
        }
        let files = root.appendingPathComponent("files", isDirectory: true)
        try FileManager.default.createDirectory(at: files, withIntermediateDirectories: true)

        progress("preparing \(count + singles) synthetic documents")
        var data = BenchData()
        var requests: [RegistrationRequest] = []
        for i in 0..<(count + singles) {
            let (meta, text) = data.registration(i)
            let url = files.appendingPathComponent("\(i).txt")
            try text.write(to: url)
            requests.append(RegistrationRequest(file: url, meta: meta))
        }
        let bulk = Array(requests.prefix(count)), single = Array(requests.suffix(singles))

        let storeURL = root.appendingPathComponent("store", isDirectory: true)
        _ = try Diarium.initialize(store: storeURL, as: bench)
        // The parts alone run internals (prepare, render) that act for the bench's principal.
        let diarium = try Diarium(store: storeURL, home: home).acting(as: bench)

        // Parts alone, on a sample, each in its own scratch space.
        let sampleCount = min(count, 10_000)
        progress("measuring the parts alone on \(sampleCount) documents")
        let parts = try measureParts(Array(bulk.prefix(sampleCount)), diarium: diarium, home: home, root: root, batchSize: batchSize)

        progress("bulk: registering \(count) documents in batches of \(batchSize)")
        let bulkStart = Date()
        _ = try diarium.registerBatch(bulk, batchSize: batchSize, as: bench) { done in
            if done % max(batchSize, count / 20) == 0 || done == count {
                let rate = Double(done) / max(Date().timeIntervalSince(bulkStart), 1e-9)
                progress("bulk: \(done)/\(count) (\(Int(rate))/s)")
            }
        }
        let bulkSeconds = Date().timeIntervalSince(bulkStart)

        progress("single durable registrations: \(singles)")
        var singleTimes: [Double] = []
        for r in single {
            let t = Date()
            _ = try diarium.register(r, as: bench)
            singleTimes.append(Date().timeIntervalSince(t) * 1000)
        }

        let atSearch = try diarium.store.documentCount()
        progress("search: \(queries) queries over \(atSearch) documents")
        var searchTimes: [Double] = []
        for _ in 0..<queries {
            let q = data.query()
            let t = Date()
            _ = try diarium.search(SearchQuery(text: q.text, organisation: q.organisation, limit: 20),
                                   scope: q.staff ? .internal : .public, as: bench)
            searchTimes.append(Date().timeIntervalSince(t) * 1000)
        }

        let procurementCount = procurements ?? count
        progress("procurements: checking, documenting and registering \(procurementCount) in batches of \(batchSize)")
        let inputs = (0..<procurementCount).map { data.procurement($0) }
        let procurementStart = Date()
        _ = try diarium.documentProcurements(inputs, acceptFindings: true, batchSize: batchSize, as: bench) { done in
            if done % max(batchSize, procurementCount / 10) == 0 || done == procurementCount {
                progress("procurements: \(done)/\(procurementCount) (\(Int(Double(done) / max(Date().timeIntervalSince(procurementStart), 1e-9)))/s)")
            }
        }
        let procurementRate = Double(procurementCount) / max(Date().timeIntervalSince(procurementStart), 1e-9)
        progress("procurement check: \(queries) checks at \(procurementCount) registered procurements")
        var checkTimes: [Double] = []
        for i in 0..<queries {
            let input = data.procurement(procurementCount + i)
            let t = Date()
            _ = try diarium.checkProcurement(input, as: bench)
            checkTimes.append(Date().timeIntervalSince(t) * 1000)
        }

        // A request needs documents to ask for: without procurements the line is left out.
        var request: RequestBenchReport?
        if procurementCount > 0 {
            progress("request: finding, assessing and releasing up to 100 procurements with masking and the leak check")
            request = try Bench.request(diarium, documents: min(100, procurementCount), root: root)
        }

        let bulkRate = Double(count) / max(bulkSeconds, 1e-9)
        var report = BenchReport(
            count: count, batchSize: batchSize, singleDurable: latency(singleTimes), bulkPerSecond: bulkRate,
            bulkSeconds: bulkSeconds, parts: parts, bulkShareOfParts: bulkRate / parts.combined,
            documentsAtSearch: atSearch, search: latency(searchTimes), procurements: procurementCount,
            procurementsPerSecond: procurementRate, procurementCheck: latency(checkTimes), storeBytes: folderSize(storeURL))
        report.request = request
        return report
    }

    static func measureParts(_ sample: [RegistrationRequest], diarium: Diarium, home: DiariumHome, root: URL,
                             batchSize: Int) throws -> BenchReport.Parts {
        let prepared = try sample.map { try diarium.prepare($0) }
        let now = Date()
        let entries = try prepared.enumerated().map { i, p in
            guard let c = CaseNumber(prefix: p.organisation.prefix, year: 2026, serial: i + 1),
                  let number = DocumentNumber(caseNumber: c, sequence: 1) else {
                throw DiariumError.internalFault("bench sample too large for a number series")
            }
            return RegisterEntry(
                number: number,
                caseTitle: p.registration.caseTitle ?? "", organisation: p.organisation, direction: p.registration.direction,
                date: p.registration.date, registeredAt: now, registeredBy: "bench", counterparty: p.registration.counterparty,
                title: p.registration.title, publicTitle: p.registration.publicTitle, documentType: p.registration.documentType,
                handler: p.registration.handler,
                file: ArchivedFile(name: p.file.name, mediaType: p.file.mediaType, size: p.file.size, sha256: p.fileSHA256),
                secrecy: p.registration.secrecy)
        }
        var xmls: [String] = []
        let render = try rate(entries.count) {
            xmls = try entries.map { try diarium.renderer.registration($0, for: .full, as: .xml) }
        }
        let validate = try rate(xmls.count) {
            for x in xmls { try diarium.checkOwnXML(x, schema: Diarium.recordSchema) }
        }
        let objects = ObjectStore(root: root.appendingPathComponent("scratch-objects", isDirectory: true))
        try FileManager.default.createDirectory(at: objects.root, withIntermediateDirectories: true)
        let hashWrite = try rate(prepared.count) {
            for (i, p) in prepared.enumerated() {
                try p.file.archive(objects, durability: .deferred)
                try objects.put(Data(xmls[i].utf8), durability: .deferred)
                if (i + 1) % batchSize == 0 { try objects.flush() }
            }
            try objects.flush()
        }
        let scratchURL = root.appendingPathComponent("scratch-store", isDirectory: true)
        _ = try Diarium.initialize(store: scratchURL, as: bench)
        let scratch = try SQLiteStore(at: scratchURL)
        let texts = zip(entries, prepared).map { diarium.searchText($0, fileText: $1.file.text) }
        let insert = try rate(entries.count) {
            var start = 0
            while start < entries.count {
                let end = min(start + batchSize, entries.count)
                try scratch.write { (tx: any StoreTransaction<StoreError>) throws(StoreError) in
                    for i in start..<end {
                        let e = entries[i]
                        let c = try tx.openCase(organisation: e.organisation, title: e.caseTitle, year: 2026, at: now)
                        let n = try tx.nextDocumentNumber(in: c)
                        let ev = try tx.appendAudit(AuditEvent(at: now, actor: "bench", action: "register", subject: n.description))
                        let renumbered = RegisterEntry(
                            number: n, caseTitle: e.caseTitle, organisation: e.organisation, direction: e.direction, date: e.date,
                            registeredAt: e.registeredAt, registeredBy: e.registeredBy, counterparty: e.counterparty, title: e.title,
                            publicTitle: e.publicTitle, documentType: e.documentType, handler: e.handler, file: e.file, secrecy: e.secrecy)
                        try tx.insert(renumbered, kind: .registration, caseID: c.id, recordSHA256: e.file.sha256,
                                      search: texts[i], auditEventID: ev.id)
                    }
                }
                start = end
            }
        }
        let combined = 1 / (1 / render + 1 / validate + 1 / hashWrite + 1 / insert)
        return .init(samples: sample.count, render: render, parseValidate: validate, hashWrite: hashWrite,
                     sqliteInsert: insert, combined: combined)
    }

    static func rate(_ n: Int, _ body: () throws -> Void) throws -> Double {
        let t = Date()
        try body()
        return Double(n) / max(Date().timeIntervalSince(t), 1e-9)
    }

    static func latency(_ ms: [Double]) -> BenchReport.Latency {
        let s = ms.sorted()
        func q(_ p: Double) -> Double { s.isEmpty ? 0 : s[min(s.count - 1, Int((p * Double(s.count)).rounded(.up)) - 1)] }
        return .init(samples: s.count, p50: q(0.5), p95: q(0.95), max: s.last ?? 0)
    }

    static func folderSize(_ url: URL) -> Int64 {
        var total: Int64 = 0
        let e = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey])
        while let f = e?.nextObject() as? URL {
            total += Int64((try? f.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
        }
        return total
    }
}
