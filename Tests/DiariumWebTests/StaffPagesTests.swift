@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import DiariumWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A browser's cookies and the CSRF token of the last page, over HummingbirdTesting's client.
struct Browser {
    var cookies: [String: String] = [:]
    var csrf = ""
    var formToken = ""
    var last = ""

    struct Page {
        let status: HTTPResponse.Status
        let location: String?
        let body: String
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    mutating func absorb(_ r: TestResponse) -> Page {
        for header in r.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(pair[0]), value = pair.count > 1 ? String(pair[1]) : ""
            if value.isEmpty || header.contains("Max-Age=0") { cookies[name] = nil } else { cookies[name] = value }
        }
        let body = String(buffer: r.body)
        if let m = body.firstMatch(of: /name="csrf" value="([^"]*)"/) { csrf = String(m.1) }
        if let m = body.firstMatch(of: /name="formToken" value="([^"]*)"/) { formToken = String(m.1) }
        last = body
        return Page(status: r.status, location: r.headers[.location], body: body)
    }

    var cookieHeader: HTTPFields {
        var h = HTTPFields()
        if !cookies.isEmpty { h[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return h
    }

    mutating func get(_ client: some TestClientProtocol, _ path: String) async throws -> Page {
        let r = try await client.execute(uri: path, method: .get, headers: cookieHeader, body: nil)
        return absorb(r)
    }

    /// A form POST; the page's CSRF token is added unless `csrf` says otherwise.
    mutating func post(_ client: some TestClientProtocol, _ path: String, _ fields: [(String, String)], csrf: String? = nil) async throws -> Page {
        var headers = cookieHeader
        headers[.contentType] = "application/x-www-form-urlencoded"
        let all = [("csrf", csrf ?? self.csrf)] + fields
        let r = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(string: Self.encode(all)))
        return absorb(r)
    }

    /// Logs in as `name` (the password of `StaffPagesTests.password`).
    mutating func logIn(_ client: some TestClientProtocol, _ name: String, password: String = StaffPagesTests.password) async throws -> Page {
        _ = try await get(client, "/logga-in")
        return try await post(client, "/logga-in", [("namn", name), ("losenord", password)])
    }
}

extension String {
    func path(_ base: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#/")
        return base + (addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }
}

/// The staff pages and the request list through the router: sessions, roles, CSRF, forms.
@Suite("The web's staff pages")
struct StaffPagesTests {
    static let password = "ett långt lösenord för webben"

    /// A sandbox with one account per role (each acting for RS) and one with every role for RV.
    static func sandbox() throws -> WebSandbox {
        let s = try WebSandbox()
        for role in Principal.Role.allCases {
            _ = try s.diarium.addUser(role.rawValue, roles: [role], organisations: ["RS"], password: password, as: WebSandbox.operatorPrincipal)
        }
        _ = try s.diarium.addUser("rv-alla", roles: Set(Principal.Role.allCases), organisations: ["RV"], password: password, as: WebSandbox.operatorPrincipal)
        return s
    }

    @Test func everyStaffRouteWantsALoginTheRightRoleAndTheFormsToken() async throws {
        let s = try Self.sandbox()
        let routes = Site.staffRouteList
        #expect(routes.count >= 9)
        let before = try s.diarium.store.documentCount()
        try await s.app().test(.router) { client in
            // No session: a page sends to the login, a POST is 401 (with the visitor's token) or
            // 403 (without one).
            var anonymous = Browser()
            _ = try await anonymous.get(client, "/begaran")
            for r in routes {
                if r.method == "GET" {
                    let page = try await anonymous.get(client, r.path)
                    #expect(page.status == .seeOther, "\(r.path)")
                    #expect(page.location?.hasPrefix("/logga-in?till=") == true, "\(r.path)")
                } else {
                    _ = try await anonymous.get(client, "/begaran")
                    #expect(try await anonymous.post(client, r.path, []).status == .unauthorized, "\(r.path)")
                    #expect(try await anonymous.post(client, r.path, [], csrf: "").status == .forbidden, "\(r.path)")
                }
            }
            // Each wrong role: 403, for the page and for the POST.
            for role in Principal.Role.allCases {
                var b = Browser()
                let login = try await b.logIn(client, role.rawValue)
                #expect(login.status == .seeOther && login.location == "/personal", "\(role)")
                for r in routes {
                    guard let needed = r.role, needed != role else { continue }
                    if r.method == "GET" {
                        #expect(try await b.get(client, r.path).status == .forbidden, "\(role) \(r.path)")
                    } else {
                        _ = try await b.get(client, "/personal")
                        #expect(try await b.post(client, r.path, [("formToken", s.diarium.newFormToken())]).status == .forbidden, "\(role) \(r.path)")
                    }
                }
                // The right role, any POST without the session's token: 403.
                for r in routes where r.method == "POST" && (r.role == nil || r.role == role) {
                    let page = try await b.post(client, r.path, [("formToken", s.diarium.newFormToken()), ("action", "rapportera")], csrf: "fel-kod-som-är-tillräckligt-lång-för-en-token")
                    #expect(page.status == .forbidden, "\(role) \(r.path)")
                }
            }
        }
        #expect(try s.diarium.store.documentCount() == before, "nothing was registered")
    }

    @Test func anAccountActsOnlyForItsOwnOrganisations() async throws {
        let s = try Self.sandbox()
        let rs = try s.register([:])
        try await s.app().test(.router) { client in
            var b = Browser()
            _ = try await b.logIn(client, "rv-alla")
            // The form offers RV alone; a report for RS sent anyway is refused, nothing stored.
            let form = try await b.get(client, "/personal/avsteg")
            #expect(form.body.contains(">Region Västmanland</option>") && !form.body.contains(">Region Sörmland</option>"))
            let fields: [(String, String)] = [
                ("organisation", "RS"), ("unit", "Psykiatrin"), ("reportedBy.name", "Per Ängström"), ("reportedOn", "2026-11-20"),
                ("phase", "after"), ("type", "purchase-outside-agreement"), ("description", "Möbler beställdes utanför avtal."),
            ]
            let refused = try await b.post(client, "/personal/avsteg", [("formToken", b.formToken), ("action", "rapportera")] + fields)
            #expect(refused.status == .forbidden)
            #expect(refused.body.contains("access.organisation"))
            // An RS document's full view is not an RV account's to see.
            let foreign = try await b.get(client, rs.document.path("/personal/handling?nr="))
            #expect(foreign.status == .forbidden)
        }
        #expect(try await s.diarium.listDeviations(DeviationQuery(), as: WebSandbox.operatorPrincipal).isEmpty)
    }

    @Test func aDeviationReportedInTheFormIsRegisteredOnceAndARefusedOneKeepsWhatWasTyped() async throws {
        let s = try Self.sandbox()
        try await s.app().test(.router) { client in
            var b = Browser()
            _ = try await b.logIn(client, "handlaggare")
            _ = try await b.get(client, "/personal/avsteg")
            // Refused: each error beside its field, linked by aria-describedby, the typed kept.
            let refused = try await b.post(client, "/personal/avsteg", [("formToken", b.formToken), ("action", "rapportera"),
                                                                         ("organisation", "RS"), ("unit", "Hjärtcentrum <script>x</script>"),
                                                                         ("estimatedValue", "mycket")])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("value=\"Hjärtcentrum &lt;script&gt;x&lt;/script&gt;\""))
            #expect(refused.body.contains("id=\"description\" name=\"description\" rows=\"4\" aria-describedby=\"description-fel\""))
            #expect(refused.body.contains("<span id=\"description-fel\" class=\"error\">"))
            #expect(refused.body.contains("href=\"#estimatedValue\""), "the summary links to the field")
            #expect(!refused.body.contains("estimatedValue:"), "people read labels, not field paths")
            let fields: [(String, String)] = [
                ("organisation", "RS"), ("unit", "Psykiatrin"), ("reportedBy.name", "Per Ängström"), ("reportedBy.role", "Inköpare"),
                ("reportedOn", "2026-11-20"), ("phase", "after"), ("type", "purchase-outside-agreement"), ("supplier.name", "Kontorsmästarna AB"),
                ("supplier.orgnr", "556677-8899"), ("estimatedValue", "138000"), ("description", "Möbler beställdes utanför avtal."),
                ("immediateAction", "Verksamheten har informerats."),
            ]
            let token = b.formToken
            let sent = try await b.post(client, "/personal/avsteg", [("formToken", token), ("action", "rapportera")] + fields)
            #expect(sent.status == .seeOther)
            let again = try await b.post(client, "/personal/avsteg", [("formToken", token), ("action", "rapportera")] + fields)
            #expect(again.location == sent.location.map { $0.replacingOccurrences(of: "&registrerad=1", with: "") }, "the same form twice: one report")
            let record = try await b.get(client, try #require(sent.location))
            #expect(record.status == .ok)
            #expect(record.body.contains("Handlingen är registrerad som"))
            // An unknown field: refused, nothing stored.
            let count = try s.diarium.store.documentCount()
            let unknown = try await b.post(client, "/personal/avsteg", [("formToken", s.diarium.newFormToken()), ("action", "rapportera"), ("admin", "ja")] + fields)
            #expect(unknown.status == .badRequest)
            #expect(try s.diarium.store.documentCount() == count)
        }
        let reports = try await s.diarium.listDeviations(DeviationQuery(), as: WebSandbox.operatorPrincipal)
        #expect(reports.count == 1)
    }

    @Test func aDraftIsSavedResumedAndRowsAreAddedAndRemovedWithoutScript() async throws {
        let s = try Self.sandbox()
        try await s.app().test(.router) { client in
            var b = Browser()
            _ = try await b.logIn(client, "handlaggare")
            _ = try await b.get(client, "/personal/direktupphandling")
            #expect(b.last.contains("name=\"tenders[0].amount\""))
            let added = try await b.post(client, "/personal/direktupphandling", [("formToken", b.formToken), ("action", "add:tenders"),
                                                                                  ("tenders[0].supplier.name", "Första AB"), ("subject", "Gel")])
            #expect(added.body.contains("name=\"tenders[1].amount\""))
            #expect(added.body.contains("value=\"Första AB\""))
            let removed = try await b.post(client, "/personal/direktupphandling", [("formToken", b.formToken), ("action", "remove:tenders:0"),
                                                                                    ("tenders[0].supplier.name", "Första AB"), ("tenders[1].supplier.name", "Andra AB"),
                                                                                    ("subject", "Gel")])
            #expect(removed.body.contains("value=\"Andra AB\"") && !removed.body.contains("Första AB"))
            let saved = try await b.post(client, "/personal/direktupphandling", [("formToken", b.formToken), ("action", "spara"),
                                                                                  ("subject", "Ultraljudsgel"), ("tenders[0].supplier.name", "Andra AB")])
            #expect(saved.body.contains("Utkastet är sparat"))
            let start = try await b.get(client, "/personal")
            let link = try #require(start.body.firstMatch(of: /href="(\/personal\/direktupphandling\?utkast=\d+)">Ultraljudsgel/)).1
            let resumed = try await b.get(client, String(link))
            #expect(resumed.body.contains("value=\"Andra AB\""))
            // Another account cannot open it.
            var other = Browser()
            _ = try await other.logIn(client, "rv-alla")
            let foreign = try await other.get(client, String(link))
            #expect(!foreign.body.contains("Andra AB"))
        }
    }

    @Test func logoutDisablingAndTheOneTimePasswordAreHonouredAtOnce() async throws {
        let s = try Self.sandbox()
        let otp = try await s.diarium.addUser("ny", roles: [.registrator], organisations: ["RS"], as: WebSandbox.operatorPrincipal)
        try await s.app().test(.router) { client in
            var b = Browser()
            let login = try await b.logIn(client, "ny", password: otp.password)
            #expect(login.location == "/konto/losenord")
            #expect(try await b.get(client, "/personal/registrera").location == "/konto/losenord")
            _ = try await b.get(client, "/konto/losenord")
            let changed = try await b.post(client, "/konto/losenord", [("current", otp.password), ("new", Self.password), ("repeated", Self.password)])
            #expect(changed.status == .seeOther)
            #expect(try await b.get(client, "/personal/registrera").status == .ok)
            let beforeLogout = b
            _ = try await b.post(client, "/logga-ut", [])
            #expect(try await b.get(client, "/personal").status == .seeOther)
            // A form sent with the ended session's cookie is told so, and nothing is stored.
            var stale = beforeLogout
            let after = try await stale.post(client, "/personal/avsteg", [("formToken", s.diarium.newFormToken()), ("action", "rapportera")])
            #expect(after.status == .unauthorized && after.body.contains("Du har loggats ut"))
            #expect(stale.cookies["diarium_session"] == nil, "the dead session's cookie is taken away")
            _ = try await stale.get(client, "/begaran")
            #expect(try await stale.post(client, "/begaran/lagg-till", [("nr", "RS 2026/0001-1")]).status == .seeOther,
                    "and the public forms work again")

            var c = Browser()
            _ = try await c.logIn(client, "registrator")
            let kept = c.cookies
            #expect(try await c.get(client, "/personal").status == .ok)
            _ = try await s.diarium.disableUser("registrator", as: WebSandbox.operatorPrincipal)
            c.cookies = kept
            #expect(try await c.get(client, "/personal").status == .seeOther, "a disabled account's session has ended")
        }
    }

    @Test func repeatedFailedLoginsAreThrottledWithTheSameAnswerForAnyName() async throws {
        let s = try Self.sandbox()
        try await s.app().test(.router) { client in
            var b = Browser()
            var bodies: Set<String> = []
            for name in ["namnd", "ingen-sådan"] {
                _ = try await b.get(client, "/logga-in")
                let page = try await b.post(client, "/logga-in", [("namn", name), ("losenord", "fel lösenord")])
                #expect(page.status == .unauthorized)
                bodies.insert(page.body.replacingOccurrences(of: name, with: "NAMN").replacing(/value="[^"]{30,}"/, with: ""))
            }
            #expect(bodies.count == 1, "an unknown name and a wrong password read the same")
            for _ in 0..<4 { _ = try await b.post(client, "/logga-in", [("namn", "namnd"), ("losenord", "fel")]) }
            let throttled = try await b.post(client, "/logga-in", [("namn", "namnd"), ("losenord", Self.password)])
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.body.contains("för många misslyckade inloggningar") || throttled.body.contains("För många misslyckade inloggningar"))
        }
    }

    @Test func theRequestListIsSentAsRegisteredRequestsWithAReceipt() async throws {
        let s = try Self.sandbox()
        let open = try s.register([:])
        let secret = try s.registerSecret()
        try await s.app().test(.router) { client in
            var visitor = Browser()
            _ = try await visitor.get(client, open.document.path("/handling?nr="))
            #expect(visitor.last.contains(">Begär ut</button>"))
            let added = try await visitor.post(client, "/begaran/lagg-till", [("nr", open.document), ("tillbaka", "https://annan.example/")])
            #expect(added.location == "/begaran", "never back to another site")
            _ = try await visitor.get(client, secret.document.path("/handling?nr="))
            _ = try await visitor.post(client, "/begaran/lagg-till", [("nr", secret.document.lowercased()), ("tillbaka", secret.document.path("/handling?nr="))])
            let list = try await visitor.get(client, "/begaran")
            #expect(list.body.contains(open.document) && list.body.contains(secret.document))
            for m in WebSandbox.markers { #expect(!list.body.contains(m)) }
            let refused = try await visitor.post(client, "/begaran/skicka", [("formToken", visitor.formToken), ("format", "electronic copy"), ("epost", "inte-en-adress")])
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("value=\"inte-en-adress\""))
            #expect(refused.body.contains("aria-describedby=\"epost-hint epost-fel\""))
            let token = visitor.formToken
            let receipt = try await visitor.post(client, "/begaran/skicka", [("formToken", token), ("format", "electronic copy"), ("beskrivning", "Tack på förhand")])
            #expect(receipt.status == .ok)
            let number = try #require(receipt.body.firstMatch(of: /Begäran (RS \d{4}\/\d{4})/)).1
            #expect(receipt.body.contains("samma arbetsdag"))
            #expect(receipt.body.contains("Vad händer nu?"))
            #expect(!receipt.body.contains("i listan)"), "the page no longer counts the sent list")
            for m in WebSandbox.markers { #expect(!receipt.body.contains(m)) }
            #expect(visitor.cookies["diarium_lista"] == nil, "the list is emptied once sent")
            let again = try await visitor.post(client, "/begaran/skicka", [("formToken", token), ("format", "electronic copy")])
            #expect(again.body.contains("redan skickad"))
            let requests = try await s.diarium.listRequests(as: WebSandbox.operatorPrincipal)
            #expect(requests.map(\.request) == [String(number)])
            #expect(requests.first?.documents == 2)
            #expect(requests.first?.channel == "web")
            // The requester's words are not in the public register.
            let hits = try await s.diarium.search(SearchQuery(text: "förhand"), scope: .public, as: Principal.member(ofThePublic: "x"))
            #expect(hits.isEmpty)
        }
    }

    @Test func theRegistrarsUploadRegistersOnceAndRefusesWhatItMust() async throws {
        let s = try WebSandbox()
        _ = try await s.diarium.addUser("registrator", roles: [.registrator], organisations: ["RS"], password: Self.password, as: WebSandbox.operatorPrincipal)
        let limited = try Site(diarium: s.diarium, home: DiariumHome(root: WebSandbox.repo), uploadLimit: 1_048_576)
        let app = Application(router: WebServer.router(limited))
        try await app.test(.router) { client in
            var b = Browser()
            _ = try await b.logIn(client, "registrator")
            _ = try await b.get(client, "/personal/registrera")
            func upload(_ fields: [(String, String)], file: (name: String, data: Data)?, token: String? = nil) async throws -> Browser.Page {
                let boundary = "----test\(UUID().uuidString)"
                var body = Data()
                for (k, v) in [("csrf", b.csrf), ("formToken", token ?? b.formToken)] + fields {
                    body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
                }
                if let file {
                    body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"\(file.name)\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8))
                    body.append(file.data)
                    body.append(Data("\r\n".utf8))
                }
                body.append(Data("--\(boundary)--\r\n".utf8))
                var headers = b.cookieHeader
                headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
                return b.absorb(try await client.execute(uri: "/personal/registrera", method: .post, headers: headers, body: ByteBuffer(bytes: body)))
            }
            let meta: [(String, String)] = [
                ("organisation", "RS"), ("caseTitle", "Städtjänster"), ("direction", "incoming"), ("date", "2026-11-30"),
                ("counterparty", "HEMLIGMOTPART9X AB"), ("title", "Anbud städtjänster"), ("publicTitle", "Anbud städtjänster"),
                ("documentType", "anbud"), ("handler", "Åsa Öberg"),
                ("secrecy[0].field", "counterparty"), ("secrecy[0].provision", "osl-31-16"), ("secrecy[0].reason", "Affärsförhållanden."),
            ]
            let count = try s.diarium.store.documentCount()
            let pathName = try await upload(meta, file: ("../../etc/anbud.txt", Data("Ett anbud.".utf8)), token: s.diarium.newFormToken())
            #expect(pathName.status == .badRequest && pathName.body.contains("file.name-path"))
            #expect(pathName.body.contains("value=\"HEMLIGMOTPART9X AB\""), "what was typed is kept")
            let big = try await upload(meta, file: ("stor.txt", Data(repeating: 0x41, count: 1_048_577)), token: s.diarium.newFormToken())
            #expect(big.status == .badRequest && big.body.contains("file.too-large"))
            let huge = try await upload(meta, file: ("enorm.txt", Data(repeating: 0x41, count: 3 * 1_048_576)), token: s.diarium.newFormToken())
            #expect(huge.status == .contentTooLarge)
            let hostile = try await upload(meta, file: ("bomb.xml", Data("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY b \"bb\">]><a>&b;</a>".utf8)),
                                           token: s.diarium.newFormToken())
            #expect(hostile.status == .badRequest && hostile.body.contains("xml.doctype-not-allowed"))
            #expect(try s.diarium.store.documentCount() == count, "nothing was stored")
            // Anyone else's large body is refused before it is held.
            var stranger = Browser()
            _ = try await stranger.get(client, "/begaran")
            var headers = stranger.cookieHeader
            headers[.contentType] = "application/x-www-form-urlencoded"
            let body = Browser.encode([("csrf", stranger.csrf), ("beskrivning", String(repeating: "x", count: 2 * 1_048_576))])
            let big2 = try await client.execute(uri: "/begaran/skicka", method: .post, headers: headers, body: ByteBuffer(string: body))
            #expect(big2.status == .contentTooLarge)

            _ = try await b.get(client, "/personal/registrera")
            let token = b.formToken
            let done = try await upload(meta, file: ("anbud.txt", Data("Ett anbud om städning.".utf8)), token: token)
            #expect(done.status == .seeOther)
            let twice = try await upload(meta, file: ("anbud.txt", Data("Ett anbud om städning.".utf8)), token: token)
            #expect(twice.status == .seeOther)
            #expect(try s.diarium.store.documentCount() == count + 1, "the same form twice registers once")

            let record = try await b.get(client, try #require(done.location))
            #expect(record.body.contains("HEMLIGMOTPART9X AB"), "staff see the full view")
            #expect(record.body.contains("Det här ser inte allmänheten"))
            #expect(record.body.contains("Uppgift skyddad enligt 31 kap. 16 § OSL"), "beside it, the public view")
            // A name with a semicolon inside its quotes keeps it.
            _ = try await b.get(client, "/personal/registrera")
            let quoted = try await upload(meta, file: ("offert;v2.txt", Data("Offert två.".utf8)), token: b.formToken)
            let quotedRecord = try await b.get(client, try #require(quoted.location))
            #expect(quotedRecord.body.contains("offert;v2.txt"))
            let number = try #require(done.location?.firstMatch(of: /nr=([^&]+)/)).1.removingPercentEncoding!
            var visitor = Browser()
            let entry = try await visitor.get(client, number.path("/handling?nr="))
            #expect(entry.status == .ok)
            #expect(!entry.body.contains("HEMLIGMOTPART9X"))
            #expect(entry.body.contains("Uppgift skyddad enligt 31 kap. 16 § OSL"))
        }
    }

    /// An input of the v1 contract as the form's fields (`tenders[1].amount`), as a person would
    /// type it into the procurement form.
    static func formFields(_ value: Any, _ prefix: String = "") -> [(String, String)] {
        switch value {
        case let o as [String: Any]: return o.sorted { $0.key < $1.key }.flatMap { formFields($0.value, prefix.isEmpty ? $0.key : "\(prefix).\($0.key)") }
        case let a as [Any]: return a.enumerated().flatMap { formFields($0.element, "\(prefix)[\($0.offset)]") }
        // The example's amounts are strings: its only JSON numbers are its yes/no answers.
        case let b as Bool: return b ? [(prefix, "ja")] : []
        case is NSNull: return []
        default: return [(prefix, "\(value)")]
        }
    }

    @Test func aProcurementDocumentedInTheFormGivesTheRecordTheCommandLineGives() async throws {
        let example = WebSandbox.repo.appendingPathComponent("../shared/examples/direct-procurement.json").standardizedFileURL
        let input = try Data(contentsOf: example)
        let fields = Self.formFields(try JSONSerialization.jsonObject(with: input))
        let web = try Self.sandbox(), cli = try WebSandbox()
        let viaCLI = try await cli.diarium.documentProcurement(input, as: WebSandbox.operatorPrincipal)
        let number = try await web.app().test(.router) { client in
            var b = Browser()
            _ = try await b.logIn(client, "handlaggare")
            _ = try await b.get(client, "/personal/direktupphandling")
            let checked = try await b.post(client, "/personal/direktupphandling", [("formToken", b.formToken), ("action", "kontrollera")] + fields)
            #expect(checked.status == .ok)
            #expect(checked.body.contains("Kontrollen hittade inget hinder"))
            #expect(checked.body.contains("Regionens samlade värde"))
            let done = try await b.post(client, "/personal/direktupphandling", [("formToken", b.formToken), ("action", "dokumentera")] + fields)
            #expect(done.status == .seeOther)
            return String(try #require(done.location?.firstMatch(of: /nr=([^&]+)/)).1).removingPercentEncoding ?? ""
        }
        #expect(number == viaCLI.document)
        func normalised(_ s: String) -> String { s.replacing(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/, with: "TID") }
        for audience in [Audience.full, .public] {
            let a = try await web.diarium.show(number, audience: audience, format: .xml, as: WebSandbox.operatorPrincipal)
            let b = try await cli.diarium.show(viaCLI.document, audience: audience, format: .xml, as: WebSandbox.operatorPrincipal)
            #expect(normalised(a) == normalised(b), "\(audience)")
        }
    }

    @Test func aProcurementOverTheLimitIsRefusedWithTheTotalAndDocumentedWhenLowered() async throws {
        let s = try Self.sandbox()
        let example = WebSandbox.repo.appendingPathComponent("../shared/examples/direct-procurement.json").standardizedFileURL
        var object = try JSONSerialization.jsonObject(with: Data(contentsOf: example)) as! [String: Any]
        object["estimatedValue"] = "750000"
        let over = Self.formFields(object)
        object["estimatedValue"] = "245000"
        let lowered = Self.formFields(object)
        try await s.app().test(.router) { client in
            var b = Browser()
            _ = try await b.logIn(client, "handlaggare")
            _ = try await b.get(client, "/personal/direktupphandling")
            let refused = try await b.post(client, "/personal/direktupphandling", [("formToken", b.formToken), ("action", "dokumentera")] + over)
            #expect(refused.status == .badRequest)
            #expect(refused.body.contains("limit.exceeded"))
            #expect(refused.body.contains("750\u{00A0}000 kr"), "the region-wide total is shown")
            #expect(refused.body.contains("<span id=\"estimatedValue-fel\" class=\"error\">"))
            #expect(try s.diarium.store.documentCount() == 0)
            let done = try await b.post(client, "/personal/direktupphandling", [("formToken", b.formToken), ("action", "dokumentera")] + lowered)
            #expect(done.status == .seeOther)
            #expect(try s.diarium.store.documentCount() == 1)
        }
    }

    @Test func behindTheProxyCookiesAreHostOnlyAndThrottlingCountsTheForwardedAddress() async throws {
        let s = try Self.sandbox()
        let site = try Site(diarium: s.diarium, home: DiariumHome(root: WebSandbox.repo), behindProxy: true)
        try await Application(router: WebServer.router(site)).test(.router) { client in
            func login(_ name: String, _ password: String, from address: String) async throws -> TestResponse {
                let page = try await client.execute(uri: "/logga-in", method: .get, headers: [HTTPField.Name("X-Forwarded-For")!: "203.0.113.5, " + address], body: nil)
                #expect(page.headers[values: HTTPField.Name.setCookie].allSatisfy { $0.hasPrefix("__Host-") && $0.contains("Secure") && $0.contains("SameSite=Strict") })
                #expect(page.headers[HTTPField.Name("Strict-Transport-Security")!] != nil)
                let cookie = page.headers[values: HTTPField.Name.setCookie].first.map { String($0.split(separator: ";")[0]) } ?? ""
                let token = String(cookie.split(separator: "=", maxSplits: 1).last ?? "")
                var headers: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: address, .cookie: cookie, .contentType: "application/x-www-form-urlencoded"]
                headers[.accept] = "text/html"
                return try await client.execute(uri: "/logga-in", method: .post, headers: headers,
                                                body: ByteBuffer(string: Browser.encode([("csrf", token), ("namn", name), ("losenord", password)])))
            }
            // Twenty failures from one IPv6 network (its /64, whatever the last groups): that
            // network is stopped, others are not.
            for i in 1...20 { _ = try await login("namn\(i)", "fel", from: "2001:db8:1:2::\(String(i, radix: 16))") }
            #expect(try await login("admin", Self.password, from: "2001:db8:1:2:ffff::9").status == .tooManyRequests)
            #expect(try await login("admin", Self.password, from: "198.51.100.1").status == .seeOther)
        }
    }
}
