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

extension Browser {
    /// A multipart POST with one file in the field `fil` and the page's CSRF token.
    mutating func upload(_ client: some TestClientProtocol, _ path: String, file: (name: String, data: Data), fields: [(String, String)] = []) async throws -> Page {
        let boundary = "----test\(UUID().uuidString)"
        var body = Data()
        for (k, v) in [("csrf", csrf)] + fields {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n".utf8))
        }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"\(file.name)\"\r\nContent-Type: text/csv\r\n\r\n".utf8))
        body.append(file.data)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var headers = cookieHeader
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return absorb(try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body)))
    }

    /// The value of the hidden field `name` on the last page.
    func hidden(_ name: String) -> String? {
        last.firstMatch(of: try! Regex("name=\"\(name)\" value=\"([^\"]*)\"")).flatMap { $0.output[1].substring.map(String.init) }
    }
}

/// Following up in the browser: the purchase audit's drafts taken up and escalated, the board's
/// report and its figures' documents, and the administrator's accounts, log and check.
@Suite("Following up in the browser")
struct FollowUpPagesTests {
    static let examples = SecretCrawlTests.examples

    /// The sandbox of the staff pages, with a procurement officer and a board member acting for
    /// every organisation (the example files hold rows of both regions; the board is IN).
    static func sandbox() async throws -> WebSandbox {
        let s = try StaffPagesTests.sandbox()
        for (name, role) in [("inkop", Principal.Role.handlaggare), ("namnd-in", .namnd)] {
            _ = try await s.diarium.addUser(name, roles: [role], password: StaffPagesTests.password, as: WebSandbox.operatorPrincipal)
        }
        return s
    }

    @Test func aPurchaseAuditDraftIsTakenUpAndEscalatedOneLevelAtATime() async throws {
        let s = try await Self.sandbox()
        try await s.app().test(.router) { client in
            var h = Browser()
            _ = try await h.logIn(client, "inkop")
            _ = try await h.get(client, "/personal/inkop")
            // A bad row refuses the whole file, named by line; nothing is imported.
            var csv = try String(contentsOf: Self.examples.appendingPathComponent("purchases.csv"), encoding: .utf8)
            let broken = try await h.upload(client, "/personal/inkop/inkop", file: ("inkop.csv", Data((csv + "RS,Hjärtcentrum,inte-ett-datum,X AB,556123-4567,33141000,100,F-1\n").utf8)))
            #expect(broken.status == .badRequest)
            #expect(broken.body.contains("Filen lästes inte in") && broken.body.contains("Rad "))
            #expect(try s.diarium.store.purchases(fiscalYear: 2026).isEmpty)
            csv = try String(contentsOf: Self.examples.appendingPathComponent("purchases.csv"), encoding: .utf8)
            let agreements = try Data(contentsOf: Self.examples.appendingPathComponent("agreements.csv"))
            let loaded = try await h.upload(client, "/personal/inkop/avtal", file: ("avtal.csv", agreements))
            #expect(loaded.body.contains("är inläst"), "\(loaded.body.suffix(3000))")
            #expect(try await h.upload(client, "/personal/inkop/inkop", file: ("inkop.csv", Data(csv.utf8))).body.contains("är inläst"))
            let audit = try await h.post(client, "/personal/inkop/granskning", [("ar", "2026"), ("utkast", "ja")])
            #expect(audit.status == .ok && audit.body.contains("nytt utkast"))
            let draft = String(try #require(audit.body.firstMatch(of: /href="\/personal\/avsteg\/visa\?nr=([^"]+)"/)).1)
                .removingPercentEncoding!.replacingOccurrences(of: "+", with: " ")
            // The region-wide total with the purchases behind it.
            let total = try await h.get(client, "/personal/inkop?organisation=RS&cpv=33141000&ar=2026")
            #expect(total.body.contains("F-2026-00311"))

            var a = Browser(), b = Browser()
            _ = try await a.logIn(client, "registrator")
            _ = try await b.logIn(client, "namnd")
            let page = try await a.get(client, draft.path("/personal/avsteg/visa?nr="))
            #expect(page.status == .ok && page.body.contains("Ta upp utkastet"))
            let takeUp = try await a.post(client, "/personal/avsteg/steg", [("nr", draft), ("state", a.hidden("state") ?? ""), ("steg", "take-up"),
                                                                          ("av", "Åsa Öberg"), ("anteckning", "Granskat: inköpen borde ha samordnats.")])
            #expect(takeUp.status == .seeOther)
            #expect(try await a.get(client, draft.path("/personal/avsteg/visa?nr=")).body.contains("Rapporterat"))
            // A skip is refused with the reason beside the level; the note stays.
            let skip = try await a.post(client, "/personal/avsteg/steg", [("nr", draft), ("state", a.hidden("state") ?? ""), ("steg", "escalate"),
                                                                        ("niva", "administration"), ("av", "Åsa Öberg"), ("anteckning", "Min anteckning om hoppet")])
            #expect(skip.status == .badRequest)
            #expect(skip.body.contains("escalation.out-of-order") && skip.body.contains("niva-fel") && skip.body.contains("Min anteckning om hoppet"))
            for level in ["manager", "administration"] {
                _ = try await a.get(client, draft.path("/personal/avsteg/visa?nr="))
                let step = try await a.post(client, "/personal/avsteg/steg", [("nr", draft), ("state", a.hidden("state") ?? ""), ("steg", "escalate"),
                                                                            ("niva", level), ("av", "Åsa Öberg"), ("anteckning", "Eskaleras.")])
                #expect(step.status == .seeOther, "\(level)")
            }
            let escalated = try await a.get(client, draft.path("/personal/avsteg/visa?nr="))
            #expect(escalated.body.contains("Eskalerat till Närmaste chef") && escalated.body.contains("Eskalerat till Förvaltningens ledning"))
            // Two at once: b resolves, a's escalation made from the old state is refused, note kept.
            _ = try await b.get(client, draft.path("/personal/avsteg/visa?nr="))
            let stale = a.hidden("state") ?? ""
            let resolved = try await b.post(client, "/personal/avsteg/steg", [("nr", draft), ("state", b.hidden("state") ?? ""), ("steg", "resolve"),
                                                                            ("av", "Nämndens sekreterare"), ("anteckning", "Åtgärdat.")])
            #expect(resolved.status == .seeOther)
            let late = try await a.post(client, "/personal/avsteg/steg", [("nr", draft), ("state", stale), ("steg", "escalate"),
                                                                        ("niva", "regional-director"), ("av", "Åsa Öberg"), ("anteckning", "Till regiondirektören.")])
            #expect(late.status == .conflict)
            #expect(late.body.contains("deviation.changed") && late.body.contains("Nämndens sekreterare") && late.body.contains("Till regiondirektören."))
            // The refusal's form carries where the deviation stands now: the next step goes through.
            #expect(a.hidden("state") != stale)
            let closed = try await a.post(client, "/personal/avsteg/steg", [("nr", draft), ("state", a.hidden("state") ?? ""), ("steg", "close"),
                                                                          ("av", "Åsa Öberg"), ("anteckning", "Avslutas.")])
            #expect(closed.status == .seeOther)
            let list = try await a.get(client, "/personal/avsteg/lista?status=closed")
            #expect(list.body.contains(draft))
            #expect(try await a.get(client, "/personal/avsteg/lista?status=ingen&fran=igår").status == .badRequest)
        }
    }

    @Test func aDraftFoundToBeNoDeviationIsDismissedWithItsReasonOnRecord() async throws {
        let s = try StaffPagesTests.sandbox()
        let op = WebSandbox.operatorPrincipal
        _ = try await s.diarium.importAgreements(InputFile(name: "avtal.csv", data: Data(contentsOf: Self.examples.appendingPathComponent("agreements.csv"))), as: op)
        _ = try await s.diarium.importPurchases(InputFile(name: "inkop.csv", data: Data(contentsOf: Self.examples.appendingPathComponent("purchases.csv"))), as: op)
        let audit = try await s.diarium.auditPurchases(ledger: nil, fiscalYear: 2026, create: true, as: op)
        let draft = try #require(audit.findings.compactMap(\.deviation).first)
        try await s.app().test(.router) { client in
            var a = Browser()
            _ = try await a.logIn(client, "handlaggare")
            _ = try await a.get(client, draft.path("/personal/avsteg/visa?nr="))
            let dismissed = try await a.post(client, "/personal/avsteg/steg", [("nr", draft), ("state", a.hidden("state") ?? ""), ("steg", "dismiss"),
                                                                             ("av", "Åsa Öberg"), ("anteckning", "Inköpen avser olika slag av varor.")])
            #expect(dismissed.status == .seeOther)
            let page = try await a.get(client, draft.path("/personal/avsteg/visa?nr="))
            #expect(page.body.contains("Avfärdat") && page.body.contains("tar inga fler steg"))
            #expect(page.body.contains("Inköpen avser olika slag av varor."), "the reason is on the timeline")
        }
        let item = try #require(try await s.diarium.listDeviations(DeviationQuery(status: "dismissed"), as: op).first)
        #expect(item.document == draft && !item.overdue)
        // The reason is a registered document in the case.
        let step = try #require(item.steps.last)
        #expect(step.step == "dismiss")
        #expect(try await s.diarium.deviationNotes(draft, as: op)[step.document] == "Inköpen avser olika slag av varor.")
    }

    @Test func theBoardSeesItsReportAndEveryFigureLeadsToItsDocuments() async throws {
        let s = try await Self.sandbox()
        var v = try SecretCrawlTests.example("deviation.json")
        v["organisation"] = "RS"
        let deviation = try await s.diarium.reportDeviation(JSONSerialization.data(withJSONObject: v), as: WebSandbox.operatorPrincipal)
        try await s.app().test(.router) { client in
            var board = Browser()
            _ = try await board.logIn(client, "namnd-in")
            let page = try await board.get(client, "/personal/namnd?fran=2026-01-01&till=\(s.diarium.storeToday)")
            #expect(page.status == .ok)
            #expect(page.body.contains("<svg") && page.body.contains("Avsteg per typ"))
            let anchor = String(try #require(page.body.firstMatch(of: try Regex("<a href=\"#(typ-[^\"]+)\">1 ")))[1].substring ?? "")
            let section = try #require(page.body.range(of: "id=\"\(anchor)\""))
            #expect(page.body[section.upperBound...].prefix(400).contains(deviation.document), "the figure's documents")
            #expect(try await board.get(client, "/personal/namnd?fran=2026-13-01").status == .badRequest)
            _ = try await board.get(client, "/personal/namnd?fran=2026-01-01&till=\(s.diarium.storeToday)")
            let registered = try await board.post(client, "/personal/namnd/registrera", [("formToken", board.hidden("formToken") ?? ""), ("fran", "2026-01-01"),
                                                                                        ("till", s.diarium.storeToday.description)])
            #expect(registered.status == .seeOther && registered.location?.hasPrefix("/personal/handling?nr=") == true)
        }
    }

    @Test func anAdministratorManagesAccountsReadsTheLogAndChecksTheArchive() async throws {
        let s = try StaffPagesTests.sandbox()
        try await s.app().test(.router) { client in
            var admin = Browser()
            _ = try await admin.logIn(client, "admin")
            _ = try await admin.get(client, "/personal/admin/konton")
            let created = try await admin.post(client, "/personal/admin/konton", [("action", "lagg-till"), ("namn", "ny.person"), ("roll", "utlamnare"), ("organisation", "RS")])
            #expect(created.status == .ok && created.body.contains("Engångslösenord för <strong>ny.person</strong>"))
            let refused = try await admin.post(client, "/personal/admin/konton", [("action", "lagg-till"), ("namn", "utan.roll"), ("organisation", "RS")])
            #expect(refused.status == .badRequest && refused.body.contains("account.role") && refused.body.contains("value=\"utan.roll\""))
            let changed = try await admin.post(client, "/personal/admin/konton", [("action", "andra"), ("namn", "ny.person"), ("roll", "namnd"), ("organisation", "RS")])
            #expect(changed.status == .ok)
            #expect(try await s.diarium.listUsers(as: WebSandbox.operatorPrincipal).first { $0.name == "ny.person" }?.roles == ["namnd"])
            // An organisation the administrator does not act for is refused.
            let other = try await admin.post(client, "/personal/admin/konton", [("action", "andra"), ("namn", "ny.person"), ("roll", "namnd"), ("organisation", "RV")])
            #expect(other.status == .forbidden)
            let log = try await admin.get(client, "/personal/admin/logg?vad=account")
            #expect(log.body.contains("account.add") && log.body.contains("account.change") && !log.body.contains(">register<"))
            #expect(try await admin.get(client, "/personal/admin/logg?fran=2026-02-30").status == .badRequest)
            _ = try await admin.get(client, "/personal/admin/kontroll")
            let verify = try await admin.post(client, "/personal/admin/kontroll", [])
            #expect(verify.status == .ok && verify.body.contains("Arkivet är helt"))
        }
    }
}
