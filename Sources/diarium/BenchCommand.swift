import ArgumentParser
import DiariumKit
import DiariumBench
import Foundation

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure registration and search speed in a throwaway store.",
        discussion: """
            Registers COUNT synthetic documents in bulk (durable per batch), then single durable \
            registrations, then runs search queries at that size, and measures each part of a \
            registration alone on a sample. Build with `swift build -c release` first: debug \
            builds are several times slower. Progress goes to stderr.
            """)

    @Option(name: .long, help: "Documents to register in bulk.")
    var count = 10_000

    @Option(name: .long, help: "Single durable registrations to time.")
    var singles = 200

    @Option(name: .long, help: "Search queries and procurement checks to time.")
    var queries = 1000

    @Option(name: .long, help: "Direct procurements to document in bulk (default: --count).")
    var procurements: Int?

    @Option(name: .long, help: "Rows of the synthetic purchase ledger to audit (0: skip).")
    var auditRows = 1_000_000

    @Option(name: .long, help: ArgumentHelp("Folder for the throwaway store (default: the working directory, where ./archive lives; file creation costs differ widely between file systems).", valueName: "dir"))
    var scratch: FolderArgument?

    @Flag(name: .long, help: "Keep the throwaway store.")
    var keep = false

    @Flag(name: .long, help: "Print one JSON value on stdout and nothing else.")
    var json = false

    func validate() throws {
        guard count >= 1, count <= 5_000_000 else { throw ValidationError("--count must be between 1 and 5000000") }
        guard (0...20_000_000).contains(auditRows) else { throw ValidationError("--audit-rows must be between 0 and 20000000") }
        guard singles >= 1, queries >= 1 else { throw ValidationError("--singles and --queries must be at least 1") }
    }

    func run() throws {
        try DiariumCLI.run(json: json) { () throws(DiariumError) in
            let start = Date()
            let scratchURL = (scratch ?? FolderArgument(path: FileManager.default.currentDirectoryPath)).url
            let home = try DiariumHome.locate(executable: DiariumCLI.executable)
            func log(_ line: String) { Console.error(String(format: "[%6.1fs] ", Date().timeIntervalSince(start)) + line) }
            // Whatever stops the bench is a fault: its data is synthetic, nothing the user typed.
            var report: BenchReport
            var audit: AuditBenchReport?
            do {
                report = try Bench.run(count: count, singles: singles, queries: queries, procurements: procurements, home: home,
                                       scratch: scratchURL, keep: keep, progress: log)
                if auditRows > 0 { audit = try Bench.audit(rows: auditRows, home: home, scratch: scratchURL, keep: keep, progress: log) }
            } catch {
                throw .internalFault("the bench stopped: \(error)")
            }
            report.audit = audit
            if json { Console.out(Console.encode(report)); return }
            func f(_ x: Double) -> String { String(format: "%.2f", x) }
            func r(_ x: Double) -> String { String(format: "%.0f", x) }
            Console.out("""
                diarium bench: \(report.count) documents, batches of \(report.batchSize)
                single durable registration (n=\(report.singleDurable.samples)): p50 \(f(report.singleDurable.p50)) ms, p95 \(f(report.singleDurable.p95)) ms, max \(f(report.singleDurable.max)) ms
                bulk end to end (render + validate + hash + write + index, durable per batch): \(r(report.bulkPerSecond)) registrations/s (\(f(report.bulkSeconds)) s)
                parts alone (n=\(report.parts.samples)): render \(r(report.parts.render))/s, XML parse+validate \(r(report.parts.parseValidate))/s, hash+write \(r(report.parts.hashWrite))/s, SQLite insert \(r(report.parts.sqliteInsert))/s
                parts one after another: \(r(report.parts.combined))/s; bulk reaches \(String(format: "%.0f", report.bulkShareOfParts * 100)) % of that
                search over \(report.documentsAtSearch) documents (n=\(report.search.samples)): p50 \(f(report.search.p50)) ms, p95 \(f(report.search.p95)) ms, max \(f(report.search.max)) ms
                direct procurements, check + document + register in bulk: \(r(report.procurementsPerSecond))/s (\(report.procurements))
                procurement check alone at \(report.procurements) registered procurements (n=\(report.procurementCheck.samples)): p50 \(f(report.procurementCheck.p50)) ms, p95 \(f(report.procurementCheck.p95)) ms
                store size: \(report.storeBytes / 1_048_576) MiB
                """)
            if let q = report.request {
                Console.out("request over \(q.documents) registered procurements (\(q.masked) masked), found + added + assessed + released with the leak check: \(r(q.totalMs)) ms (find \(r(q.findMs)), add \(r(q.addMs)), assess \(r(q.assessMs)), release \(r(q.releaseMs)); \(q.files) files, \(q.bytes / 1024) KiB, \(q.pages) pages)")
            }
            if let a = audit {
                let memory = a.peakGrowthBytes.map { "peak memory +\($0 / 1_048_576) MiB" } ?? "peak memory not measured"
                Console.out("purchase audit of \(a.rows) ledger rows (\(a.ledgerBytes / 1_048_576) MiB CSV read, audited, JSON out): \(f(a.seconds)) s, \(a.findings) findings, \(memory)")
            }
        }
    }
}

