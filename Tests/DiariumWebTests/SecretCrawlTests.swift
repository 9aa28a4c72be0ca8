@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumStore
import DiariumWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Markers in every markable field of every kind that has them, marked secret; then every page
/// the public can reach is crawled from the start page, with the feeds, the JSON, the request
/// list and its receipt, and searched for each marker.
@Suite("No public page holds a secret")
struct SecretCrawlTests {
    static let examples = WebSandbox.repo.appendingPathComponent("../shared/examples").standardizedFileURL

    static func example(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: examples.appendingPathComponent(name))) as! [String: Any]
    }

    /// Sets a marker in every text leaf of `object` that the kind lets one mark, and marks it;
    /// returns the markers.
    static func plant(_ object: inout [String: Any], tag: String, paths: [String]) -> [String] {
        var markers: [String] = []
        var secrecy: [[String: String]] = []
        for (i, path) in paths.enumerated() {
            let marker = "MARKÖR\(tag)\(i)Q\(String(i * 7919 + 1000, radix: 36).uppercased())"
            set(&object, path, marker)
            markers.append(marker)
            secrecy.append(["field": path, "provision": "osl-31-16", "reason": "Skäl \(marker)X"])
        }
        object["secrecy"] = secrecy
        return markers
    }

    /// `object` with `value` at a path of keys and indices (`tenders[1].supplier.name`).
    static func set(_ object: inout [String: Any], _ path: String, _ value: Any) {
        var parts = path.split(separator: ".").map(String.init)
        let head = parts.removeFirst()
        if let bracket = head.firstIndex(of: "["), let i = Int(head[head.index(after: bracket)..<head.index(before: head.endIndex)]) {
            let key = String(head[..<bracket])
            var items = object[key] as! [Any]
            if parts.isEmpty { items[i] = value } else {
                var inner = items[i] as! [String: Any]
                set(&inner, parts.joined(separator: "."), value)
                items[i] = inner
            }
            object[key] = items
        } else if parts.isEmpty {
            object[head] = value
        } else {
            var inner = object[head] as? [String: Any] ?? [:]
            set(&inner, parts.joined(separator: "."), value)
            object[head] = inner
        }
    }

    @Test func markersInEveryMarkableFieldOfEveryKindReachNoPublicPage() async throws {
        let s = try WebSandbox()
        let op = WebSandbox.operatorPrincipal
        var markers = WebSandbox.markers
        // A registered file: counterparty, title, content, and its name.
        let file = try await s.diarium.register(InputFile(name: "MARKÖRFILNAMN8K.txt", data: Data("Innehåll \(WebSandbox.markers[2]).".utf8)), meta: s.meta([
            "counterparty": WebSandbox.markers[0], "title": "Anbud \(WebSandbox.markers[1])", "publicTitle": "Anbud",
            "secrecy": ["counterparty", "title", "content"].map { ["field": $0, "provision": "osl-31-16", "reason": "Affärsförhållanden."] },
        ]), as: op)
        markers.append("MARKÖRFILNAMN8K")
        // A direct procurement: every text detail a marking may name, and a tender's amount.
        var p = try Self.example("direct-procurement.json")
        markers += Self.plant(&p, tag: "DU", paths: [
            "unit", "description", "competition.justification", "suppliersInvited[2].name", "tenders[1].supplier.name",
            "award.reason", "agreementCheck.justification", "conflictOfInterest.note",
        ])
        var secrecy = p["secrecy"] as! [[String: String]]
        secrecy.append(["field": "tenders[1].amount", "provision": "osl-31-16", "reason": "Anbudspris."])
        p["secrecy"] = secrecy
        Self.set(&p, "tenders[1].amount", "259500.50")
        markers += ["259500", "259 500", "259\u{00A0}500"]
        let procurement = try await s.diarium.documentProcurement(JSONSerialization.data(withJSONObject: p), acceptFindings: true, as: op)
        // A deviation report: its text details.
        var v = try Self.example("deviation.json")
        v["organisation"] = "RS"
        markers += Self.plant(&v, tag: "AV", paths: ["unit", "reportedBy.name", "reportedBy.role", "supplier.name", "description", "immediateAction"])
        let deviation = try await s.diarium.reportDeviation(JSONSerialization.data(withJSONObject: v), as: op)
        // A request for documents whose requester and contact are marked.
        var r = try Self.example("access-request.json")
        r["requester"] = "MARKÖRBEGÄRARE5T"
        r["contact"] = ["email": "markorepost5t@example.se", "phone": "070-555 31 97", "address": "MARKÖRADRESS5T 12, Eskilstuna"]
        r["description"] = "Handlingar om MARKÖRBESKRIVNING5T."
        r["secrecy"] = ["requester", "contact.email", "contact.phone", "contact.address", "description"]
            .map { ["field": $0, "provision": "osl-31-16", "reason": "Den enskildes förhållanden."] }
        markers += ["MARKÖRBEGÄRARE5T", "markorepost5t", "555 31 97", "5553197", "MARKÖRADRESS5T", "MARKÖRBESKRIVNING5T"]
        let request = try await s.diarium.openRequest(JSONSerialization.data(withJSONObject: r), as: op)
        let numbers = [file.document, procurement.document, deviation.document, request.document]

        let planted = markers
        @Sendable func assertClean(_ body: String, _ page: String) {
            for m in planted { #expect(!body.localizedCaseInsensitiveContains(m), "\(page) holds \(m)") }
        }

        try await s.app().test(.router) { client in
            var visitor = Browser()
            // The crawl: every link the public pages give, from the start page and each entry.
            var queue = ["/", "/sok", "/api/sok", "/flode", "/api/granskning"] + numbers.flatMap { [$0.path("/handling?nr="), $0.path("/personal/handling?nr=")] }
            var seen: Set<String> = []
            while let next = queue.first, seen.count < 400 {
                queue.removeFirst()
                guard seen.insert(next).inserted else { continue }
                let page = try await visitor.get(client, next)
                assertClean(page.body + (page.location ?? ""), next)
                for m in page.body.matches(of: /href="(\/[^"#]*)"/) {
                    let link = String(m.1).replacingOccurrences(of: "&amp;", with: "&")
                    if !link.hasPrefix("/diarium.css"), !seen.contains(link) { queue.append(link) }
                }
            }
            #expect(seen.count > 20, "the crawl reached the pages")
            // Searching for a marker finds nothing, as a page and as JSON.
            for m in planted where m.count > 8 {
                let page = try await visitor.get(client, m.path("/sok?q="))
                #expect(page.body.contains("Inga handlingar matchar sökningen") || page.status == .badRequest, "a search for \(m)")
                let api = try await visitor.get(client, m.path("/api/sok?q="))
                #expect(api.body.contains("\"total\":0") || api.status == .badRequest, "the JSON search for \(m)")
            }
            // Every document in the request list, the list, and the receipt of sending it.
            _ = try await visitor.get(client, "/begaran")
            for n in numbers { _ = try await visitor.post(client, "/begaran/lagg-till", [("nr", n)]) }
            let list = try await visitor.get(client, "/begaran")
            assertClean(list.body, "/begaran")
            let receipt = try await visitor.post(client, "/begaran/skicka", [("formToken", visitor.formToken), ("format", "electronic copy")])
            #expect(receipt.status == .ok)
            assertClean(receipt.body, "the receipt")
            // Every feed.
            for code in ["RS", "RV", "IN"] {
                let feed = try await visitor.get(client, code.path("/flode?organisation="))
                assertClean(feed.body, "the feed of \(code)")
            }
        }
    }
}
