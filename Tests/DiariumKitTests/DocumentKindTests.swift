import DiariumKit
import DiariumRender
import DiariumModel
import DiariumStore
import Foundation
import GRDB
import Testing

/// Every document kind goes through the one table of kinds: shown to staff and public in every
/// format, assessed (masked where it has markings) and released. Run over the newest fixture
/// store, which must hold a document of every kind: a kind added without one, or without a part,
/// fails here.
@Suite("Every document kind is shown, masked and released")
struct DocumentKindTests {
    /// One document number per kind in the newest fixture store.
    static func documentsByKind(_ store: URL) throws -> [DocumentKind: String] {
        let db = try DatabaseQueue(path: store.appendingPathComponent("diarium.sqlite").path)
        // A disposed document cannot be requested (its file is gone): each kind's first kept one.
        let rows = try db.read {
            try Row.fetchAll($0, sql: "SELECT kind, MIN(number) AS number FROM document WHERE id NOT IN (SELECT document_id FROM disposal) GROUP BY kind")
        }
        var out: [DocumentKind: String] = [:]
        for row in rows {
            let kind: String = row["kind"]
            let number: String = row["number"]
            guard let k = DocumentKind(rawValue: kind) else {
                Issue.record("the fixture holds a kind this version does not know: \(kind)")
                continue
            }
            out[k] = number
        }
        return out
    }

    @Test("the newest fixture store holds a document of every kind, and each is shown, masked and released")
    func everyKind() throws {
        guard let newest = StoreCompatibilityTests.fixtures.last else {
            Issue.record("no fixture store")
            return
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-kinds-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let (d, store) = try StoreCompatibilityTests.open(newest, in: dir)
        let byKind = try Self.documentsByKind(store)
        let missing = Set(DocumentKind.allCases).subtracting(byKind.keys)
        #expect(missing.isEmpty, "kinds without a document in \(newest): \(missing.map(\.rawValue).sorted()); make a new fixture (make store-fixture)")

        var maskedKinds: [DocumentKind] = []
        for kind in DocumentKind.allCases {
            guard let number = byKind[kind] else { continue }
            for format in ShowFormat.allCases {
                for audience in Audience.allCases {
                    let shown = try d.show(number, audience: audience, format: format, as: tester)
                    #expect(!shown.isEmpty, "\(kind) \(audience) \(format)")
                }
            }
            let json: [String: Any] = [
                "organisation": number.hasPrefix("IN") ? "IN" : "RS", "receivedAt": "2027-01-14T09:00:00+01:00", "channel": "email",
                "requester": NSNull(), "description": "Handlingen \(number).", "format": "electronic copy",
            ]
            let request = try d.openRequest(JSONSerialization.data(withJSONObject: json), as: tester).request
            let items = try d.addToRequest(request, documents: [number], as: tester)
            let proposals = try #require(items.first).proposals
            let choice: AssessmentInput.Choice
            if let whole = proposals.first(where: { $0.field == "content" }) {
                choice = .refuse(provision: whole.provision, ground: .secret)
            } else if proposals.isEmpty {
                choice = .release
            } else {
                choice = .mask(proposals.map { .init(field: $0.field, provision: $0.provision) })
                maskedKinds.append(kind)
            }
            let refusing = if case .refuse = choice { true } else { false }
            _ = try d.assess(request, document: number, AssessmentInput(choice: choice, reason: refusing ? "Sekretess för hela handlingen." : nil,
                                                                       checkedManually: true), as: tester)
            let out = dir.appendingPathComponent("ut-\(kind.rawValue)")
            let result = try d.release(request, to: out, as: tester)
            let copies = result.files.filter { $0.document == number }
            if refusing {
                #expect(copies.isEmpty, "\(kind): a refused document was copied")
            } else {
                #expect(!copies.isEmpty, "\(kind): no copy released")
                for c in copies { #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(c.name).path)) }
                // A document Diarium drew up goes out made again from its data, as XML and HTML.
                let drawnUp = kind != .registration && kind != .deviationStep
                #expect(!drawnUp || Set(copies.map { ($0.name as NSString).pathExtension }) == ["xml", "html"], "\(kind): \(copies.map(\.name))")
            }
        }
        #expect(maskedKinds.contains(.directProcurement), "the fixture's procurement has markings to mask: \(maskedKinds)")

        // The disposed documents are still shown, in every format, saying they are disposed of;
        // a request cannot take one.
        let disposed = try DatabaseQueue(path: store.appendingPathComponent("diarium.sqlite").path).read {
            try String.fetchAll($0, sql: "SELECT d.number FROM disposal x JOIN document d ON d.id = x.document_id")
        }
        #expect(!disposed.isEmpty, "the fixture's demo disposes of a document")
        for number in disposed {
            for format in ShowFormat.allCases {
                for audience in Audience.allCases {
                    #expect(!(try d.show(number, audience: audience, format: format, as: tester)).isEmpty, "\(number) \(audience) \(format)")
                }
            }
            #expect(try d.show(number, audience: .public, format: .text, as: tester).contains("Gallrad:"))
        }
    }
}
