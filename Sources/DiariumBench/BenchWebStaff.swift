public import DiariumKit
import DiariumModel
import DiariumStore
public import Foundation

/// What `diarium bench --web-staff` measured (issue 14): a request of many documents released
/// through the web (masked, leak-checked, zipped), and the request queue and the deviations
/// list under load with many requests and deviations in the store.
public struct StaffWebBenchReport: Sendable, Codable {
    public let requests: Int
    public let deviations: Int
    public let releaseDocuments: Int
    /// Each release's time from the POST to its answer, on loopback (the server's time and one
    /// round trip), in milliseconds; the ZIP's size.
    public let releaseMilliseconds: [Double]
    public let releaseZipBytes: Int
    public let pages: [WebBenchReport.Page]
    public let targetReleaseMilliseconds: Double
    public let targetP95: Double
    public var meetsTargets: Bool {
        (releaseMilliseconds.max() ?? .infinity) < targetReleaseMilliseconds && pages.allSatisfy { $0.p95 < targetP95 && $0.non2xx == 0 && $0.socketErrors == 0 }
    }
}

extension Bench {
    public static let staffReleaseTarget = 1000.0

    /// Seeds a throwaway store with `requests` open requests, `deviations` deviation reports and
    /// one request of `releaseDocuments` direct procurements (each with a tender amount marked,
    /// each assessed as masked), starts `executable serve`, releases that request through the web
    /// `rounds` times, and loads the queue and the deviations list with wrk as a logged-in
    /// official.
    public static func webStaff(requests: Int, deviations: Int, releaseDocuments: Int, rounds: Int = 5, clients: Int, seconds: Int,
                                home: DiariumHome, executable: URL, scratch: URL, keep: Bool = false,
                                progress: @escaping (String) -> Void) throws -> StaffWebBenchReport {
        guard let wrk = findOnPath("wrk") else { throw WebBenchError.wrkMissing }
        let root = scratch.appendingPathComponent("diarium-bench-staff-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { if !keep { try? FileManager.default.removeItem(at: root) } else { progress("kept the throwaway store in \(root.path)") } }
        let storeURL = root.appendingPathComponent("store", isDirectory: true)
        _ = try Diarium.initialize(store: storeURL, as: bench)
        let diarium = try Diarium(store: storeURL, home: home)

        // The request to release: synthetic direct procurements, each with a losing tender's
        // amount marked, assessed as masked.
        progress("seeding: \(releaseDocuments) direct procurements for the request to release")
        var data = BenchData()
        let docs = try diarium.documentProcurements((0..<releaseDocuments).map { data.procurement($0) }, acceptFindings: true, as: bench).map(\.document)
        func request(_ documents: [String]) throws -> RequestReceipt {
            let r: [String: Any] = [
                "organisation": "RS", "receivedAt": Timestamp.iso(Date()), "channel": "web", "requester": NSNull(), "format": "electronic copy",
                "description": "Samtliga dokumentationer av direktupphandlingar 2026, inklusive anbud.", "documents": documents,
            ]
            return try diarium.openRequest(JSONSerialization.data(withJSONObject: r), as: bench)
        }
        let big = try request(docs).request
        for d in try diarium.requestDetail(big, as: bench).items {
            let masks = d.proposals.map { AssessmentInput.Mask(field: $0.field, provision: $0.provision) }
            _ = try diarium.assess(big, document: d.document, AssessmentInput(choice: masks.isEmpty ? .release : .mask(masks), reason: "Anbudspriser."), as: bench)
        }
        progress("seeding: \(requests) requests and \(deviations) deviation reports")
        let start = Date()
        for i in 0..<max(0, requests - 1) {
            _ = try request([])
            if (i + 1) % 2000 == 0 { progress("seeding: \(i + 1) requests (\(Int(Double(i + 1) / Date().timeIntervalSince(start)))/s)") }
        }
        for i in 0..<deviations {
            let v: [String: Any] = [
                "organisation": i % 2 == 0 ? "RS" : "RV", "unit": "Enhet \(i % 40)", "reportedBy": ["name": "Bänk Bänksson", "role": "Inköpare"],
                "reportedOn": diarium.storeToday.adding(days: -(i % 300)).description, "phase": "after", "type": "purchase-outside-agreement",
                "procurement": NSNull(), "supplier": ["name": "Kontorsmästarna i Köping AB", "orgnr": "556677-8899"], "estimatedValue": "138000",
                "description": "Kontorsmöbler beställdes utanför avtal (bänk \(i)).", "immediateAction": "Verksamheten har informerats.", "secrecy": [],
            ]
            _ = try diarium.reportDeviation(JSONSerialization.data(withJSONObject: v), as: bench)
            if (i + 1) % 2000 == 0 { progress("seeding: \(i + 1) deviations") }
        }
        let password = "bänkens lösenord för personalsidorna"
        _ = try diarium.addUser("bank", roles: [.utlamnare, .handlaggare], password: password, as: bench)
        let grant = try diarium.logIn(name: "bank", password: password, address: "127.0.0.1")
        let cookie = "diarium_session=" + grant.token

        let port = try Loopback.freePort()
        progress("starting the server: \(executable.path) serve --port \(port)")
        let server = try Server(executable: executable, store: storeURL, port: port, home: home, log: root.appendingPathComponent("server.log"))
        defer { server.stop() }
        try server.waitUntilAnswering()

        // The release, through the web: the POST a person's button sends.
        var times: [Double] = []
        var zipBytes = 0
        for round in 0..<rounds {
            let revision = try diarium.requestDetail(big, as: bench).revision
            let body = "csrf=\(grant.csrf)&nr=\(queryValue(big))&revision=\(revision)"
            let began = Date()
            let answer = try Loopback.send("POST", "/personal/begaran/lamna-ut", port: port,
                                           headers: ["Cookie: \(cookie)", "Content-Type: application/x-www-form-urlencoded"], body: body)
            let ms = Date().timeIntervalSince(began) * 1000
            guard answer.status.hasPrefix("303"), answer.response.contains("klart=utlamnad") else {
                throw WebBenchError.pageFailed(path: "/personal/begaran/lamna-ut", status: answer.status + " " + String(answer.response.suffix(400)))
            }
            times.append(ms)
            progress(String(format: "release %d of %d documents through the web: %.0f ms", round + 1, releaseDocuments, ms))
            zipBytes = try diarium.releasedArchive(big, as: bench).data.count
        }

        let script = root.appendingPathComponent("rotate.lua")
        try Data(luaScript.utf8).write(to: script)
        let pages: [(name: String, paths: [String])] = [
            ("request queue", ["/personal/begaran"]),
            ("deviations list", ["/personal/avsteg/lista"]),
            ("deviations list, filtered", ["/personal/avsteg/lista?organisation=RS&enhet=Enhet%207"]),
        ]
        var results: [WebBenchReport.Page] = []
        for (i, page) in pages.enumerated() {
            let status = (try? Loopback.send("GET", page.paths[0], port: port, headers: ["Cookie: \(cookie)"]))?.status ?? "no answer"
            guard status.hasPrefix("200") else { throw WebBenchError.pageFailed(path: page.paths[0], status: status) }
            let paths = root.appendingPathComponent("page-\(i).paths")
            try Data((page.paths.joined(separator: "\n") + "\n").utf8).write(to: paths)
            progress("\(page.name): wrk -c\(clients) -d\(seconds)s \(page.paths[0])")
            let cpuBefore = server.cpuSeconds()
            let started = Date()
            let run = try runWrk(wrk, threads: min(2, clients), clients: clients, seconds: seconds, script: script, paths: paths, port: port,
                                 output: root.appendingPathComponent("wrk-\(i).txt"), cookie: cookie)
            let wall = max(Date().timeIntervalSince(started), 1e-9)
            let rate = Double(run.requests) / max(run.durationSeconds, 1e-9)
            results.append(.init(name: page.name, path: page.paths[0], paths: 1, requests: run.requests, requestsPerSecond: rate,
                                 p50: run.p50, p75: run.p75, p90: run.p90, p95: run.p95, p99: run.p99, max: run.max, non2xx: run.non2xx,
                                 socketErrors: run.socketErrors, serverCores: max(0, server.cpuSeconds() - cpuBefore) / wall, wrkCores: 0, otherCores: 0,
                                 meetsTarget: run.p95 < webTargetP95 && run.non2xx == 0 && run.socketErrors == 0))
            progress(String(format: "\(page.name): %.0f pages/s, p50 %.1f ms, p95 %.1f ms, %d non-2xx", rate, run.p50, run.p95, run.non2xx))
        }
        return StaffWebBenchReport(requests: requests, deviations: deviations, releaseDocuments: releaseDocuments, releaseMilliseconds: times,
                                   releaseZipBytes: zipBytes, pages: results, targetReleaseMilliseconds: staffReleaseTarget, targetP95: webTargetP95)
    }
}
