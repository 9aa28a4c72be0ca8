import DiariumModel
import DiariumStore
public import Foundation

/// The demonstration `make demo` runs: the example documents of Sources/DiariumKit/Demo registered
/// in the store, as a registrar would, once.
extension Diarium {
    /// Registers the demo documents if the store holds none yet; returns what it registered.
    public func seedDemo() throws(DiariumError) -> [Receipt] {
        let count: Int
        do { count = try store.documentCount() } catch { throw .store(error) }
        guard count == 0 else { return [] }
        guard let folder = Bundle.module.url(forResource: "Demo", withExtension: nil) else {
            throw .setup("the demo documents are missing from the build")
        }
        let metas = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" && !$0.hasDirectoryPath }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        var receipts: [Receipt] = []
        for metaURL in metas {
            let stem = metaURL.deletingPathExtension().lastPathComponent
            guard let file = ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
                .first(where: { $0.deletingPathExtension().lastPathComponent == stem && $0.pathExtension != "json" }),
                  var meta = try? String(contentsOf: metaURL, encoding: .utf8) else { continue }
            // Follow-up documents go into the first document's case.
            if let first = receipts.first { meta = meta.replacingOccurrences(of: "FROM-FIRST", with: first.case) }
            receipts.append(try register(file: file, meta: Data(meta.utf8)))
        }
        // The procurement job: the ledgers, then the example documented.
        let procurement = folder.appendingPathComponent("procurement")
        _ = try importAgreements(procurement.appendingPathComponent("agreements.csv"))
        _ = try importPurchases(procurement.appendingPathComponent("purchases.csv"))
        guard let input = try? Data(contentsOf: procurement.appendingPathComponent("direct-procurement.json")) else {
            throw .setup("the demo procurement is missing from the build")
        }
        let p = try documentProcurement(input)
        receipts.append(Receipt(case: p.case, document: p.document, sha256: p.sha256))
        return receipts
    }
}
