import ArgumentParser
import DiariumKit
import DiariumModel
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

            With --web it measures the web application instead, and nothing else: it registers \
            COUNT documents (default 100000), starts `diarium serve` on a free loopback port and \
            loads the public search page, a register entry (many real numbers in turn) and the \
            start page with wrk (Debian package wrk), --web-clients connections for \
            --web-seconds each; it reports pages/s, p50/p95/p99, responses other than 2xx and \
            the server's memory, and exits 1 when a page misses the target (at least 1000 \
            pages/s with p95 under 50 ms, without errors).

            With --backend sqlite|postgres|both it compares the backends instead, and nothing \
            else, side by side in one run, each in a throwaway store (on PostgreSQL also a \
            throwaway database made on the server --database names, dropped at the end unless \
            --keep): COUNT documents (default 10000) registered through the Kit's batch \
            registration (documents/s); --singles durable single registrations (p50/p95); the \
            web with two `diarium serve` processes on the one store (on SQLite too), a wrk of \
            --web-clients connections against each at once on the public search page and on \
            a register entry, --web-seconds each (pages/s of both, p95 per server); then search \
            at each size of --search-sizes (default 100000,1000000): the register filled up to \
            that size by the backend's own generator, which writes synthetic documents of the \
            bench's vocabulary straight into the index (no Kit), and --queries searches through \
            the Kit, public and internal, timed (p50/p95). --database is a server address, \
            postgres://USER@HOST:PORT/DB (DB only connected to; the password, if any, from the \
            address or PGPASSWORD); the user must be allowed to create databases. Needs wrk.
            """)

    @Option(name: .long, help: "Documents to register in bulk (default: 10000; with --web 100000).")
    var count: Int?

    @Flag(name: .long, help: "Measure registration's file readers instead: a 20-page PDF's text layer, a scanned image and a scanned PDF by OCR.")
    var files = false

    @Flag(name: .long, help: "Measure the e-archive export instead: COUNT documents registered, then exported as E-ARK SIPs, as folders and as ZIPs.")
    var export = false

    @Flag(name: .long, help: "Measure the web application (diarium serve under wrk) instead.")
    var web = false

    @Flag(name: .long, help: "Measure the staff pages (issue 14): a request released through the web, and the request queue and the deviations list under wrk.")
    var webStaff = false

    @Option(name: .long, help: "With --web-staff: open requests in the store.")
    var webRequests = 10_000

    @Option(name: .long, help: "With --web-staff: deviation reports in the store.")
    var webDeviations = 10_000

    @Option(name: .long, help: "With --web-staff: documents in the request released through the web.")
    var releaseDocuments = 100

    @Option(name: .long, help: "With --web or --backend: seconds of load per page.")
    var webSeconds = 10

    @Option(name: .long, help: "With --web: concurrent connections (clients); with --backend, per server.")
    var webClients = 50

    @Option(name: .long, help: ArgumentHelp("With --web or --backend: what the search page looks for (default: a document type in about one title in eight; every case title holds direktupphandling).", valueName: "words"))
    var webQuery: String?

    @Option(name: .long, help: ArgumentHelp("Compare the backends instead: sqlite, postgres or both (see above).", valueName: "backend"))
    var backend: String?

    @Option(name: .long, help: ArgumentHelp("With --backend postgres or both: the PostgreSQL server to make the throwaway database on.", valueName: "postgres://USER@HOST:PORT/DB"))
    var database: String?

    @Option(name: .long, help: ArgumentHelp("With --backend: the register sizes to measure search at, each at least --count + --singles (default: 100000,1000000).", valueName: "n,n,…"))
    var searchSizes: String?

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

    /// The documents to register: --count, else the default of the kind of run.
    var documents: Int { count ?? (web ? 100_000 : 10_000) }

    func validate() throws {
        guard (1...600).contains(webSeconds) else { throw ValidationError("--web-seconds must be between 1 and 600") }
        guard (1...10_000).contains(webClients) else { throw ValidationError("--web-clients must be between 1 and 10000") }
        guard documents >= 1, documents <= 5_000_000 else { throw ValidationError("--count must be between 1 and 5000000") }
        guard (0...20_000_000).contains(auditRows) else { throw ValidationError("--audit-rows must be between 0 and 20000000") }
        guard singles >= 1, queries >= 1 else { throw ValidationError("--singles and --queries must be at least 1") }
        guard (1...1_000_000).contains(webRequests), (0...1_000_000).contains(webDeviations), (1...1000).contains(releaseDocuments) else {
            throw ValidationError("--web-requests must be 1–1000000, --web-deviations 0–1000000, --release-documents 1–1000")
        }
    }

    func run() throws {
        if backend != nil || database != nil || searchSizes != nil { return try runBackends() }
        if web { return try runWeb() }
        if webStaff { return try runWebStaff() }
        if files { return try runFiles() }
        if export { return try runExport() }
        try DiariumCLI.run(json: json) { () throws(DiariumError) in
            let start = Date()
            let scratchURL = (scratch ?? FolderArgument(path: FileManager.default.currentDirectoryPath)).url
            let home = try DiariumHome.locate(executable: DiariumCLI.executable)
            func log(_ line: String) { Console.error(String(format: "[%6.1fs] ", Date().timeIntervalSince(start)) + line) }
            // Whatever stops the bench is a fault: its data is synthetic, nothing the user typed.
            var report: BenchReport
            var audit: AuditBenchReport?
            do {
                report = try Bench.run(count: documents, singles: singles, queries: queries, procurements: procurements, home: home,
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

    /// `--files`: registration's readers of PDFs and scans.
    func runFiles() throws {
        try DiariumCLI.run(json: json) { () throws(DiariumError) in
            let scratchURL = (scratch ?? FolderArgument(path: FileManager.default.currentDirectoryPath)).url
            let report: FileBenchReport
            do { report = try Bench.files(scratch: scratchURL) { Console.error($0) } } catch { throw .internalFault("the bench stopped: \(error)") }
            if json { Console.out(Console.encode(report)); return }
            for f in report.figures {
                Console.out(String(format: "%@ (%d page(s), %d KiB, %d characters read, %@): min %.0f ms, median %.0f ms, max %.0f ms (n=%d)",
                                   f.what, f.pages, f.bytes / 1024, f.characters, f.source, f.minMs, f.medianMs, f.maxMs, f.runs))
            }
        }
    }

    /// `--export`: the e-archive export; exit 1 when it misses the target.
    func runExport() throws {
        try DiariumCLI.runChecked(json: json) { () throws(DiariumError) -> Outcome in
            let run = try WebBenchRun(scratch: scratch)
            let report: ExportBenchReport
            do { report = try Bench.export(count: documents, home: run.home, scratch: run.scratch, keep: keep, progress: run.log) } catch {
                throw .internalFault("the export bench stopped: \(error)")
            }
            if json { Console.out(Console.encode(report)); return report.meetsTarget ? .done : .refused }
            var out = [String(format: "diarium bench --export: %d documents registered in %.1f s, each in a case of its own", report.count, report.registrationSeconds)]
            for r in report.runs {
                out.append(String(format: "export sip%@: %d packages, %d documents in %.1f s (%.0f documents/s, %d MiB written)",
                                  r.zip ? " --zip" : "", r.packages, r.documents, r.seconds, r.documentsPerSecond, r.bytes / 1_048_576))
            }
            out.append(report.meetsTarget ? "meets the target (10 000 documents in under a minute)" : "MISSES the target (10 000 documents in under a minute)")
            Console.out(out.joined(separator: "\n"))
            return report.meetsTarget ? .done : .refused
        }
    }

    /// `--web-staff`: the staff pages; exit 1 when a figure misses its target.
    func runWebStaff() throws {
        try DiariumCLI.runChecked(json: json) { () throws(DiariumError) -> Outcome in
            let run = try WebBenchRun(scratch: scratch)
            let report: StaffWebBenchReport
            do {
                report = try Bench.webStaff(requests: webRequests, deviations: webDeviations, releaseDocuments: releaseDocuments,
                                            clients: webClients, seconds: webSeconds, home: run.home, executable: run.executable,
                                            scratch: run.scratch, keep: keep, progress: run.log)
            } catch WebBenchError.wrkMissing {
                throw .setup(WebBenchError.wrkMissing.description)
            } catch {
                throw .internalFault("the staff web bench stopped: \(error)")
            }
            if json { Console.out(Console.encode(report)); return report.meetsTargets ? .done : .refused }
            func f(_ x: Double) -> String { String(format: "%.1f", x) }
            let sorted = report.releaseMilliseconds.sorted()
            var out = ["diarium bench --web-staff: \(report.requests) requests, \(report.deviations) deviations, \(webClients) concurrent clients, \(webSeconds) s per page (loopback)",
                       "release of \(report.releaseDocuments) documents through the web (masked, leak-checked, zipped, \(report.releaseZipBytes / 1024) KiB): "
                       + "min \(f(sorted.first ?? 0)) ms, median \(f(sorted[sorted.count / 2])) ms, max \(f(sorted.last ?? 0)) ms (target under \(Int(report.targetReleaseMilliseconds)) ms)"]
            for p in report.pages {
                out.append("\(p.name) \(p.path): \(Int(p.requestsPerSecond)) pages/s, p50 \(f(p.p50)) ms, p95 \(f(p.p95)) ms, p99 \(f(p.p99)) ms, \(p.non2xx) non-2xx (target p95 under \(Int(report.targetP95)) ms)")
            }
            out.append(report.meetsTargets ? "all targets met" : "a target was missed")
            Console.out(out.joined(separator: "\n"))
            return report.meetsTargets ? .done : .refused
        }
    }

    /// `--web`: the server under load; exit 1 when a page misses the target.
    func runWeb() throws {
        try DiariumCLI.runChecked(json: json) { () throws(DiariumError) -> Outcome in
            let run = try WebBenchRun(scratch: scratch)
            let report: WebBenchReport
            do {
                report = try Bench.web(count: documents, clients: webClients, seconds: webSeconds, query: webQuery, home: run.home,
                                       executable: run.executable, scratch: run.scratch, keep: keep, progress: run.log)
            } catch WebBenchError.wrkMissing {
                throw .setup(WebBenchError.wrkMissing.description)
            } catch let WebBenchError.noSearchWord(words) {
                // What the user typed (--web-query) finds nothing: theirs to change.
                throw .rejected(InputRejected([DiariumModel.ValidationError(
                    field: "--web-query", rule: "bench.web-query-hits", message: "sökningen \(words) hittar ingen offentlig handling")]))
            } catch {
                throw .internalFault("the web bench stopped: \(error)")
            }
            if json {
                Console.out(Console.encode(report))
            } else {
                Console.out(Self.lines(report))
            }
            return report.passed ? .done : .refused
        }
    }

    /// `--backend`: the backends side by side. The options are checked here rather than in
    /// `validate()`, so that each problem names its option and rule as the CLI's other
    /// refusals do (and reaches `--json`).
    func runBackends() throws {
        try DiariumCLI.run(json: json) { () throws(DiariumError) in
            var problems: [DiariumModel.ValidationError] = []
            if backend == nil {
                let given = database != nil ? "--database" : "--search-sizes"
                problems.append(.init(field: given, rule: "bench.backend-option", message: "gäller bara med --backend sqlite, postgres eller both"))
            }
            let modes = [("--web", web), ("--web-staff", webStaff), ("--files", files), ("--export", export)].filter(\.1).map(\.0)
            if !modes.isEmpty {
                problems.append(.init(field: "--backend", rule: "bench.backend-alone",
                                      message: "mäter för sig och går inte att kombinera med \(modes.joined(separator: ", "))"))
            }
            guard let backend else { throw .rejected(InputRejected(problems)) }
            let settings: BackendBenchSettings
            do throws(DiariumError) {
                settings = try BackendBenchSettings(
                    backend: backend, database: database, searchSizes: searchSizes ?? BackendBenchSettings.defaultSearchSizes,
                    count: documents, singles: singles, queries: queries, webSeconds: webSeconds, webClients: webClients, webQuery: webQuery)
            } catch {
                if case .rejected(let r) = error { problems += r.errors } else { throw error }
                throw .rejected(InputRejected(problems))
            }
            guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
            let run = try WebBenchRun(scratch: scratch)
            let report: BackendBenchReport
            do {
                report = try Bench.backends(settings, home: run.home, executable: run.executable, scratch: run.scratch, keep: keep,
                                            progress: run.log)
            } catch WebBenchError.wrkMissing {
                throw .setup(WebBenchError.wrkMissing.description)
            } catch let WebBenchError.noSearchWord(words) {
                throw .rejected(InputRejected([DiariumModel.ValidationError(
                    field: "--web-query", rule: "bench.web-query-hits", message: "sökningen \(words) hittar ingen offentlig handling")]))
            } catch let e as BackendBenchSetupError {
                throw e.error
            } catch {
                throw .internalFault("the backend bench stopped: \(error)")
            }
            Console.out(json ? Console.encode(report) : report.table)
        }
    }

    static func lines(_ report: WebBenchReport) -> String {
        func f(_ x: Double) -> String { String(format: "%.1f", x) }
        let target = "at least \(Int(report.targetRequestsPerSecond)) pages/s with p95 under \(Int(report.targetP95)) ms, no errors"
        var out = ["diarium bench --web: \(report.documents) documents, \(report.clients) concurrent clients (wrk, \(report.threads) threads), \(report.seconds) s per page, server and wrk on the same machine (loopback)"]
        for p in report.pages {
            let what = switch p.name {
            case "search": "search page \(p.path) (\(report.searchHits) hits, 20 per page)"
            case "entry": "entry page /handling?nr=… (\(p.paths) register entries in turn)"
            default: "start page \(p.path)"
            }
            out.append("\(what): \(String(format: "%.0f", p.requestsPerSecond)) pages/s (\(p.requests) in all), latency p50 \(f(p.p50)) ms, p75 \(f(p.p75)) ms, p90 \(f(p.p90)) ms, p95 \(f(p.p95)) ms, p99 \(f(p.p99)) ms, max \(f(p.max)) ms; \(p.non2xx) non-2xx, \(p.socketErrors) socket errors; cores used: server \(String(format: "%.2f", p.serverCores)), wrk \(String(format: "%.2f", p.wrkCores)), other processes \(String(format: "%.2f", p.otherCores))")
        }
        out.append("server memory: peak RSS \(f(report.serverPeakRSSMiB)) MiB (VmHWM), \(f(report.serverRSSMiB)) MiB after the runs (VmRSS), \(f(report.serverRSSAtStartMiB)) MiB at its first page")
        if let busiest = report.pages.map(\.otherCores).max(), busiest > 0.1 {
            out.append("note: other processes used up to \(String(format: "%.2f", busiest)) cores during the runs: the machine was shared, and the figures understate what it can do alone")
        }
        for p in report.pages {
            var misses: [String] = []
            if p.requestsPerSecond < report.targetRequestsPerSecond { misses.append(String(format: "%.0f pages/s", p.requestsPerSecond)) }
            if p.p95 >= report.targetP95 { misses.append("p95 \(f(p.p95)) ms") }
            if p.non2xx > 0 { misses.append("\(p.non2xx) non-2xx") }
            if p.socketErrors > 0 { misses.append("\(p.socketErrors) socket errors") }
            out.append("\(p.name) page: " + (p.meetsTarget ? "meets the target (\(target))" : "MISSES the target (\(target)): " + misses.joined(separator: ", ")))
        }
        return out.joined(separator: "\n")
    }
}

/// What a web bench needs from the command line: the scratch folder, the templates, a log line
/// with the time since the start, and the server to start (this very program).
struct WebBenchRun {
    let start = Date()
    let scratch: URL
    let home: DiariumHome
    let executable: URL

    init(scratch folder: FolderArgument?) throws(DiariumError) {
        scratch = (folder ?? FolderArgument(path: FileManager.default.currentDirectoryPath)).url
        home = try DiariumHome.locate(executable: DiariumCLI.executable)
        // /proc/self/exe is this program's file even when it was started by a bare name from
        // PATH, which arguments[0] would not locate.
        executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            .map { URL(fileURLWithPath: $0) } ?? DiariumCLI.executable
    }

    func log(_ line: String) { Console.error(String(format: "[%6.1fs] ", Date().timeIntervalSince(start)) + line) }
}
