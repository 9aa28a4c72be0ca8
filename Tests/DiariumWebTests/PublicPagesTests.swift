import DiariumKit
import DiariumModel
import DiariumStore
import DiariumWeb
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A store with registered documents, some of them with marked details, and the web's router.
final class WebSandbox: @unchecked Sendable {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let operatorPrincipal = Principal.operator("Test Testsson")
    /// Planted in every marked field: no public page, search result or JSON may hold it.
    static let markers = ["MARKÖRMOTPART7Q", "MARKÖRRUBRIK4Z", "MARKÖRINNEHÅLL2W"]

    let dir: URL
    let diarium: Diarium
    let site: Site
    var documents: [String] = []

    init(bcryptCost: UInt8 = 4) throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("diarium-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = dir.appendingPathComponent("store")
        _ = try Diarium.initialize(store: store, as: Self.operatorPrincipal)
        let home = DiariumHome(root: Self.repo)
        var policy = LoginPolicy()
        policy.bcryptCost = bcryptCost
        diarium = try Diarium(store: store, home: home, loginPolicy: policy)
        site = try Site(diarium: diarium, home: home)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func meta(_ fields: [String: Any]) throws -> Data {
        var o: [String: Any] = [
            "organisation": "RS", "case": NSNull(), "caseTitle": "Direktupphandling av ultraljudsgel", "direction": "incoming",
            "date": "2026-11-12", "counterparty": "Nordisk Sjukvårdsprodukter AB", "title": "Anbud avseende ultraljudsgel",
            "publicTitle": "Anbud avseende ultraljudsgel", "documentType": "anbud", "handler": "Åsa Öberg", "secrecy": [],
        ]
        for (k, v) in fields { o[k] = v }
        return try JSONSerialization.data(withJSONObject: o)
    }

    @discardableResult
    func register(_ fields: [String: Any], text: String = "Ett anbud.") throws -> Receipt {
        let r = try diarium.register(InputFile(name: "anbud-\(documents.count).txt", data: Data(text.utf8)), meta: meta(fields),
                                     as: Self.operatorPrincipal)
        documents.append(r.document)
        return r
    }

    /// A document whose counterparty, title and content are all marked secret.
    func registerSecret(inCase caseNumber: String? = nil) throws -> Receipt {
        var fields: [String: Any] = [
            "counterparty": Self.markers[0], "title": "Anbud från \(Self.markers[0]) \(Self.markers[1])", "publicTitle": "Anbud",
            "secrecy": [
                ["field": "counterparty", "provision": "osl-31-16", "reason": "Leverantörens affärsförhållanden."],
                ["field": "title", "provision": "osl-31-16", "reason": "Rubriken namnger leverantören."],
                ["field": "content", "provision": "osl-31-16", "reason": "Anbudet innehåller affärshemligheter."],
            ],
        ]
        if let caseNumber { fields["case"] = caseNumber; fields["caseTitle"] = NSNull() }
        return try register(fields, text: "Priset är \(Self.markers[2]).")
    }

    func app() -> some ApplicationProtocol { Application(router: WebServer.router(site)) }
}

/// The public webbdiarium through its router, as a browser asks for it.
@Suite("The public webbdiarium")
struct PublicPagesTests {
    static func path(_ base: String, _ value: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#/")
        return base + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

    @Test("every public page and the JSON search show what is public and never a marked value")
    func noSecretOnAnyPage() async throws {
        let s = try WebSandbox()
        let open = try s.register([:])
        let secret = try s.registerSecret(inCase: open.case)
        let pages = ["/", "/sok", "/sok?q=anbud", "/sok?q=ultraljudsgel", "/api/sok", "/api/sok?q=anbud", "/tillganglighet",
                     "/flode", "/flode?organisation=RS", "/granskning", "/api/granskning", "/api",
                     Self.path("/handling?nr=", secret.document),
                     Self.path("/handling?nr=", open.document), Self.path("/arende?nr=", open.case)]
        try await s.app().test(.router) { client in
            for page in pages {
                try await client.execute(uri: page, method: .get) { response in
                    #expect(response.status == .ok, "\(page)")
                    let body = String(buffer: response.body)
                    for marker in WebSandbox.markers {
                        #expect(!body.localizedCaseInsensitiveContains(marker), "\(page) shows \(marker)")
                    }
                }
            }
            // Searching for a marked value finds nothing (the page shows what was typed, no hit).
            for marker in WebSandbox.markers {
                try await client.execute(uri: Self.path("/api/sok?q=", marker), method: .get) { response in
                    let page = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                    #expect((page?["hits"] as? [Any])?.isEmpty == true, "a search for \(marker) finds nothing")
                }
            }
            // The secret entry says which provision protects each withheld detail.
            try await client.execute(uri: Self.path("/handling?nr=", secret.document), method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("Uppgift skyddad enligt 31 kap. 16 § OSL"))
                #expect(body.contains(open.document), "the case's other document is listed")
            }
        }
    }

    @Test("every response carries the strict policy and the security headers, a missing page too")
    func securityHeaders() async throws {
        let s = try WebSandbox()
        try await s.app().test(.router) { client in
            for page in ["/", "/sok?q=x", "/api/sok", "/diarium.css", "/finns-inte", "/handling?nr=RS%202026%2F0999-1"] {
                try await client.execute(uri: page, method: .get) { response in
                    let csp = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("default-src 'none'") && csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe"), "\(page)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(page)")
                    #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer", "\(page)")
                }
            }
        }
    }

    @Test("a typed value that does not parse is named beside its field in Swedish; an unknown number is not found")
    func badInput() async throws {
        let s = try WebSandbox()
        try await s.app().test(.router) { client in
            try await client.execute(uri: "/sok?q=anbud&fran=igår&sida=0", method: .get) { response in
                #expect(response.status == .badRequest)
                let body = String(buffer: response.body)
                #expect(body.contains("Från och med:") && body.contains("Ska vara ett datum ÅÅÅÅ-MM-DD"))
                // Beside its field, linked to it, with what was typed kept.
                #expect(body.contains("value=\"igår\" aria-invalid=\"true\" aria-describedby=\"fran-fel\""))
                #expect(body.contains("<span id=\"fran-fel\" class=\"error\">"))
                #expect(body.contains("value=\"anbud\""))
                #expect(body.contains("Sida:"))
            }
            try await client.execute(uri: "/sok?organisation=XX", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("Organisation:"))
            }
            try await client.execute(uri: "/handling?nr=RS%202026%2F0999-1", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("Handlingen finns inte"))
            }
            try await client.execute(uri: "/api/sok?fran=x", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("date.invalid"))
            }
        }
    }

    @Test("results come newest first in pages of twenty, with links to the next and previous page that keep the search")
    func paging() async throws {
        let s = try WebSandbox()
        for i in 0..<23 { try s.register(["title": "Anbud nummer \(i)", "publicTitle": "Anbud nummer \(i)"]) }
        try await s.app().test(.router) { client in
            try await client.execute(uri: "/sok?q=anbud", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("Visar träff 1–20") && body.contains("Sökningen ger 23 handlingar"))
                #expect(body.contains("Anbud nummer 22") && !body.contains("Anbud nummer 2<"))
                #expect(body.contains("/sok?q=anbud&amp;sida=2") && !body.contains("Föregående sida"))
            }
            try await client.execute(uri: "/sok?q=anbud+nummer", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("Visar träff 1–20") && body.contains("value=\"anbud nummer\""), "+ is a space, as forms send it")
            }
            try await client.execute(uri: "/sok?q=anbud&sida=2", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains("Visar träff 21–23") && body.contains("Anbud nummer 0"))
                #expect(body.contains("Föregående sida") && !body.contains("Nästa sida"))
            }
            try await client.execute(uri: "/api/sok?q=anbud", method: .get) { response in
                let page = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect((page?["hits"] as? [Any])?.count == 20 && page?["total"] as? Int == 23)
                #expect((page?["next"] as? String)?.hasPrefix("/api/sok?q=anbud&efter=") == true, "newest first pages on by cursor")
            }
            // The cursor's page: the rest, none twice, no next.
            let first = try await client.execute(uri: "/api/sok?q=anbud", method: .get)
            let firstPage = try JSONSerialization.jsonObject(with: Data(String(buffer: first.body).utf8)) as? [String: Any]
            let next = try #require(firstPage?["next"] as? String)
            let second = try await client.execute(uri: next, method: .get)
            let secondPage = try JSONSerialization.jsonObject(with: Data(String(buffer: second.body).utf8)) as? [String: Any]
            func numbers(_ page: [String: Any]?) -> [String] { ((page?["hits"] as? [[String: Any]]) ?? []).compactMap { $0["document"] as? String } }
            #expect(numbers(secondPage).count == 3)
            #expect(Set(numbers(firstPage)).isDisjoint(with: numbers(secondPage)))
            #expect(secondPage?["next"] == nil || secondPage?["next"] is NSNull)
            // By relevance: the best match first, paged by number.
            try await client.execute(uri: "/api/sok?q=nummer+7&ordning=relevans", method: .get) { response in
                let page = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect(((page?["hits"] as? [[String: Any]])?.first?["title"] as? String) == "Anbud nummer 7")
            }
            try await client.execute(uri: "/api/sok?q=anbud&ordning=relevans&efter=3", method: .get) { response in
                #expect(response.status == .badRequest, "a cursor belongs to newest first")
            }
        }
    }

    @Test("text from the register is escaped, and a diarienummer typed in lower case or without zeros finds its entry")
    func escapingAndNumbers() async throws {
        let s = try WebSandbox()
        let r = try s.register(["title": "Svar <script>alert(1)</script> & så", "publicTitle": "Svar <script>alert(1)</script> & så"])
        let lower = r.document.lowercased().replacingOccurrences(of: "/000", with: "/")
        try await s.app().test(.router) { client in
            // Typed into the search box, a number opens its entry, and a case number its case.
            try await client.execute(uri: Self.path("/sok?q=", lower), method: .get) { response in
                #expect(response.status == .seeOther)
                #expect(response.headers[.location]?.removingPercentEncoding == "/handling?nr=" + r.document)
            }
            // As a browser's form sends it: spaces as +.
            try await client.execute(uri: "/sok?q=" + (Self.path("", lower).replacingOccurrences(of: "%20", with: "+")), method: .get) { response in
                #expect(response.headers[.location]?.removingPercentEncoding == "/handling?nr=" + r.document)
            }
            try await client.execute(uri: Self.path("/sok?q=", r.case.lowercased()), method: .get) { response in
                #expect(response.headers[.location]?.removingPercentEncoding == "/arende?nr=" + r.case)
            }
            try await client.execute(uri: Self.path("/sok?organisation=RS&q=", r.case), method: .get) { response in
                #expect(response.status == .ok, "with a filter it is a search")
            }
            try await client.execute(uri: Self.path("/handling?nr=", lower), method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(!body.contains("<script>") && body.contains("&lt;script&gt;"))
            }
        }
    }

    @Test("the Atom feed lists the latest public registrations, per organisation, as well-formed XML; the start page says when the register changed")
    func feed() async throws {
        let s = try WebSandbox()
        try s.register(["title": "Anbud & svar <1>", "publicTitle": "Anbud & svar <1>"])
        try s.register(["organisation": "RV", "title": "Västmanlands anbud", "publicTitle": "Västmanlands anbud"])
        try await s.app().test(.router) { client in
            for (uri, count) in [("/flode", 2), ("/flode?organisation=RS", 1), ("/flode?organisation=RV", 1)] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.headers[.contentType]?.hasPrefix("application/atom+xml") == true)
                    let xml = Data(String(buffer: response.body).utf8)
                    let parser = XMLParser(data: xml)
                    let counter = EntryCounter()
                    parser.delegate = counter
                    #expect(parser.parse(), "\(uri) is well-formed")
                    #expect(counter.entries == count, "\(uri)")
                }
            }
            try await client.execute(uri: "/flode?organisation=XX", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(String(buffer: response.body).contains("Diariet uppdaterades senast"))
            }
        }
    }

    @Test("the audit head page gives the chain's head and its newest signed entry, which verify accepts as a published head")
    func auditHead() async throws {
        let s = try WebSandbox()
        try s.register([:])
        let report = try await s.diarium.verify(as: WebSandbox.operatorPrincipal)
        let head = try #require(report.anchor.head)
        try await s.app().test(.router) { client in
            try await client.execute(uri: "/granskning", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(body.contains(head.description) && body.contains("Senast signerade huvud"))
            }
            try await client.execute(uri: "/api/granskning", method: .get) { response in
                let json = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                let published = json?["head"] as? [String: Any]
                #expect(published?["hash"] as? String == head.hash)
                #expect((json?["newestAnchor"] as? [String: Any])?["event"] as? Int == Int(head.event))
                #expect(json?["publicKey"] as? String == report.anchor.publicKey)
            }
        }
        let again = try await s.diarium.verify(publishedHeads: [head], as: WebSandbox.operatorPrincipal)
        #expect(again.isIntact)
    }
}

final class EntryCounter: NSObject, XMLParserDelegate, @unchecked Sendable {
    var entries = 0
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == "entry" { entries += 1 }
    }
}
