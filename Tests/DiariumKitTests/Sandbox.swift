/// Compiled into DiariumCLITests as well, through a link of the same name there, so that the
/// in-process and the command-line tests share one copy: edit it here.

import DiariumKit
import DiariumModel
import DiariumStore
import Foundation

/// A fixed instant: 2026-11-24 10:00 UTC, so "today" is the same in every run.
let fixedNow = Date(timeIntervalSince1970: 1_795_514_400)

/// Who acts in the tests: the operator of the command line (every role, every organisation),
/// as the register and the log record them.
let tester = Principal.operator("Test Testsson")

/// A scratch folder with a fresh store, removed afterwards.
final class Sandbox {
    let dir: URL
    var storeURL: URL { dir.appendingPathComponent("store") }
    private(set) var diarium: Diarium!

    init(home: DiariumHome = Paths.home) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-kit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        _ = try Diarium.initialize(store: storeURL, as: tester)
        diarium = try Diarium(store: storeURL, home: home, clock: { fixedNow })
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    /// Writes `text` to a file in the sandbox.
    func file(_ name: String, _ text: String) -> URL {
        let url = dir.appendingPathComponent(name)
        try! Data(text.utf8).write(to: url)
        return url
    }

    /// The example metadata with `changes` applied (a nil value removes the key).
    func meta(_ changes: [String: Any?] = [:]) -> Data {
        var o = try! JSONSerialization.jsonObject(with: Data(contentsOf: Paths.fixture("registration.json"))) as! [String: Any]
        for (k, v) in changes {
            if let v { o[k] = v } else { o.removeValue(forKey: k) }
        }
        return try! JSONSerialization.data(withJSONObject: o)
    }

    /// Every byte of the store but SQLite's shared-memory index: equal snapshots mean the store is
    /// exactly as it was.
    func snapshot() throws -> [String: String] {
        var out: [String: String] = [:]
        let e = FileManager.default.enumerator(at: storeURL, includingPropertiesForKeys: [.isRegularFileKey])
        while let url = e?.nextObject() as? URL {
            guard (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true,
                  !url.lastPathComponent.hasSuffix("-shm") else { continue }
            out[String(url.path.dropFirst(storeURL.path.count))] = SHA256Hex.of(try Data(contentsOf: url))
        }
        return out
    }
}

/// The ledger use cases from a path, as the CLI calls them: the file read by the face
/// (`InputFile.read`), its bytes handed to the Kit.
extension Diarium {
    func importPurchases(_ url: URL, as principal: Principal) throws(DiariumError) -> ImportSummary {
        try importPurchases(InputFile.read(url), as: principal)
    }
    func importAgreements(_ url: URL, as principal: Principal) throws(DiariumError) -> ImportSummary {
        try importAgreements(InputFile.read(url), as: principal)
    }
    func auditPurchases(file: URL?, fiscalYear: Int, create: Bool, as principal: Principal) throws(DiariumError) -> PurchaseAuditResult {
        try auditPurchases(ledger: file.map { url throws(DiariumError) in try InputFile.read(url) }, fiscalYear: fiscalYear, create: create,
                           as: principal)
    }
}
