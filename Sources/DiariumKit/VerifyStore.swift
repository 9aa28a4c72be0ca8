import DiariumModel
public import DiariumStore
import DiariumXML
import Foundation

extension Diarium {
    /// Re-hashes the archive, checks every row's objects and the audit chain, and compares each
    /// register row with its archived record (diarieblad): a title, counterparty or secrecy
    /// marking changed in the database after registration is damage.
    /// Signatures of the anchor log are checked with `publicKey` when given (a verifier who
    /// holds only that), else with the store's key file; `publishedHeads` against the chain.
    public func verify(publicKey: AnchorPublicKey? = nil, publishedHeads: [AnchorHead] = []) throws(DiariumError) -> VerifyReport {
        var report: VerifyReport
        do { report = try store.verify(publicKey: publicKey, publishedHeads: publishedHeads) } catch { throw .store(error) }
        let documents: [StoredDocument]
        do { documents = try store.allDocuments() } catch { throw .store(error) }
        for d in documents {
            guard let data = try? store.objects.read(d.recordSHA256), SHA256Hex.of(data) == d.recordSHA256,
                  let record = try? HardenedXMLParser.parse(data) else { continue } // reported by the store check
            let e = d.entry
            func text(_ name: String) -> String? { record.elements(named: name).first?.text }
            let markings = Set(record.elements(named: "marking").map { "\($0.attributes["field"] ?? "")=\($0.attributes["provision"] ?? "")" })
            let rowMarkings = Set(e.secrecy.map { "\($0.field)=\($0.provision)" })
            // The record's <title> elements: the case title comes first, the document's second.
            let titles = record.elements(named: "title").map(\.text)
            if text("documentNumber") != e.number.description || titles.last != e.title
                || text("counterparty") != e.counterparty || text("date") != e.date.description {
                report.damage.append(.init(kind: "document.altered", subject: e.number.description,
                                           message: "diarieposten stämmer inte med det arkiverade diariebladet"))
            }
            if markings != rowMarkings {
                report.damage.append(.init(kind: "secrecy.markings-altered", subject: e.number.description,
                                           message: "sekretessmarkeringarna stämmer inte med det arkiverade diariebladet"))
            }
        }
        return report
    }
}
