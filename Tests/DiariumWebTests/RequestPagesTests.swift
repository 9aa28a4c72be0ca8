@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumStore
import DiariumWeb
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The request staff's pages: a request sent through the public form answered in the browser,
/// with markers planted in every marked detail searched for in every preview, the ZIP and the
/// decision; two officials at once; one organisation's staff and another's requests.
@Suite("Answering requests in the browser")
struct RequestPagesTests {
    /// Documents with a marker in every detail a marking may name: a direct procurement (its
    /// text details, a tender's supplier and amount), a deviation report, and a registered file
    /// marked whole. Returns the numbers and every spelling a leak could take.
    static func plantedDocuments(_ s: WebSandbox) async throws -> (procurement: String, deviation: String, file: String, markers: [String]) {
        let op = WebSandbox.operatorPrincipal
        var markers: [String] = []
        var p = try SecretCrawlTests.example("direct-procurement.json")
        markers += SecretCrawlTests.plant(&p, tag: "UT", paths: [
            "unit", "description", "competition.justification", "suppliersInvited[2].name", "tenders[1].supplier.name",
            "award.reason", "agreementCheck.justification", "conflictOfInterest.note",
        ])
        var secrecy = p["secrecy"] as! [[String: String]]
        secrecy.append(["field": "tenders[1].amount", "provision": "osl-31-16", "reason": "Anbudspris."])
        p["secrecy"] = secrecy
        SecretCrawlTests.set(&p, "tenders[1].amount", "287400.50")
        markers += ["287400", "287 400", "287\u{00A0}400"]
        let procurement = try await s.diarium.documentProcurement(JSONSerialization.data(withJSONObject: p), acceptFindings: true, as: op)
        var v = try SecretCrawlTests.example("deviation.json")
        v["organisation"] = "RS"
        markers += SecretCrawlTests.plant(&v, tag: "UV", paths: ["unit", "reportedBy.name", "reportedBy.role", "supplier.name", "description", "immediateAction"])
        let deviation = try await s.diarium.reportDeviation(JSONSerialization.data(withJSONObject: v), as: op)
        let file = try await s.diarium.register(InputFile(name: "anbud.txt", data: Data("Priset är MARKÖRFILPRIS3R kronor.".utf8)), meta: s.meta([
            "counterparty": "MARKÖRFILMOTPART3R", "title": "Anbud från MARKÖRFILMOTPART3R", "publicTitle": "Anbud",
            "secrecy": ["counterparty", "title", "content"].map { ["field": $0, "provision": "osl-31-16", "reason": "Affärsförhållanden."] },
        ]), as: op)
        markers += ["MARKÖRFILPRIS3R", "MARKÖRFILMOTPART3R"]
        return (procurement.document, deviation.document, file.document, markers)
    }

    /// Two more kinds: an earlier request whose requester and contact are marked, and a file
    /// whose counterparty and title are marked while its text (which names the counterparty)
    /// is public, so that it goes out as a masked text copy.
    static func moreKinds(_ s: WebSandbox) async throws -> (request: String, file: String, markers: [String]) {
        let op = WebSandbox.operatorPrincipal
        var r = try SecretCrawlTests.example("access-request.json")
        r["requester"] = "MARKÖRSÖKANDE6P"
        r["contact"] = ["email": "markorpost6p@example.se", "phone": "070-555 62 18", "address": "MARKÖRGATAN6P 3, Västerås"]
        r["description"] = "Handlingar om MARKÖRÄMNE6P."
        r["secrecy"] = ["requester", "contact.email", "contact.phone", "contact.address", "description"]
            .map { ["field": $0, "provision": "osl-31-16", "reason": "Den enskildes förhållanden."] }
        let earlier = try await s.diarium.openRequest(JSONSerialization.data(withJSONObject: r), as: op)
        let file = try await s.diarium.register(InputFile(name: "skrivelse.txt", data: Data("Skrivelse från MARKÖRAVSÄNDARE6P om leveranser.".utf8)), meta: s.meta([
            "counterparty": "MARKÖRAVSÄNDARE6P", "title": "Skrivelse från MARKÖRAVSÄNDARE6P", "publicTitle": "Skrivelse", "documentType": "skrivelse",
            "secrecy": ["counterparty", "title"].map { ["field": $0, "provision": "osl-31-16", "reason": "Affärsförhållanden."] },
        ]), as: op)
        return (earlier.document, file.document, ["MARKÖRSÖKANDE6P", "markorpost6p", "555 62 18", "5556218", "MARKÖRGATAN6P", "MARKÖRÄMNE6P", "MARKÖRAVSÄNDARE6P"])
    }

    static func assertClean(_ text: String, _ markers: [String], _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for m in markers { #expect(!text.localizedCaseInsensitiveContains(m), "\(what) holds \(m)", sourceLocation: sourceLocation) }
    }

    @Test func aRequestFromThePublicFormIsAnsweredEndToEndAndNothingMaskedLeaves() async throws {
        let s = try StaffPagesTests.sandbox()
        let (procurement, deviation, file, planted) = try await Self.plantedDocuments(s)
        let (earlier, letter, more) = try await Self.moreKinds(s)
        let markers = planted + more
        try await s.app().test(.router) { client in
            // The public: three documents in the request list, sent.
            var visitor = Browser()
            _ = try await visitor.get(client, "/begaran")
            for n in [procurement, deviation, file, earlier, letter] { _ = try await visitor.post(client, "/begaran/lagg-till", [("nr", n)]) }
            _ = try await visitor.get(client, "/begaran")
            let receipt = try await visitor.post(client, "/begaran/skicka", [("formToken", visitor.formToken), ("format", "electronic copy")])
            let number = String(try #require(receipt.body.firstMatch(of: /Begäran (RS \d{4}\/\d{4})/)).1)

            var staff = Browser()
            _ = try await staff.logIn(client, "utlamnare")
            let queue = try await staff.get(client, "/personal/begaran")
            #expect(queue.status == .ok)
            #expect(queue.body.contains(number) && queue.body.contains("Webbformulär"))
            let page = try await staff.get(client, number.path("/personal/begaran/arende?nr="))
            #expect(page.status == .ok)
            for n in [procurement, deviation, file] { #expect(page.body.contains(n), "the public list's \(n) is attached") }
            #expect(page.body.contains("Inte prövad"))

            // Each marking answered: the procurement's and the deviation's masked again.
            let detail = try await s.diarium.requestDetail(number, as: WebSandbox.operatorPrincipal)
            for doc in [procurement, deviation, earlier, letter] {
                let item = try #require(detail.items.first { $0.document == doc })
                _ = try await staff.get(client, "/personal/begaran/prova?nr=\(number.path(""))&handling=\(doc.path(""))")
                let answers = item.proposals.map { ("svar:" + $0.field, "mask") }
                let saved = try await staff.post(client, "/personal/begaran/prova", [
                    ("nr", number), ("handling", doc), ("revision", String(try await s.diarium.requestDetail(number, as: WebSandbox.operatorPrincipal).revision)),
                    ("rader", "2"), ("utfall", "lamna-ut"), ("motivering", "Uppgifterna omfattas av sekretess."), ("action", "spara"),
                ] + answers)
                #expect(saved.status == .seeOther, "\(doc): \(saved.body.prefix(400))")
                let preview = try await staff.get(client, try #require(saved.location))
                #expect(preview.status == .ok)
                // Final once every document is assessed (the file's copy may mask more), until then said so.
                #expect(preview.body.contains("Alla handlingar i begäran är inte prövade"))
                Self.assertClean(preview.body, markers, "the preview of \(doc)")
            }
            // An answer left out is named beside its marking, and what was typed stays.
            let fileItem = try #require(detail.items.first { $0.document == file })
            let half = try await staff.post(client, "/personal/begaran/prova", [
                ("nr", number), ("handling", file), ("revision", String(try await s.diarium.requestDetail(number, as: WebSandbox.operatorPrincipal).revision)), ("rader", "2"), ("utfall", "lamna-ut"), ("motivering", "Min motivering"), ("action", "spara"),
            ])
            #expect(half.status == .badRequest)
            #expect(half.body.contains("assessment.marking-unanswered") && half.body.contains("Min motivering"))
            #expect(fileItem.proposals.count == 3)
            // The file is refused whole.
            let refused = try await staff.post(client, "/personal/begaran/prova", [
                ("nr", number), ("handling", file), ("revision", staff.hidden("revision") ?? ""), ("rader", "2"), ("utfall", "vagra"), ("vagra.bestammelse", "osl-31-16"), ("grund", "secret"),
                ("motivering", "Anbudet omfattas i sin helhet av sekretess."), ("action", "spara"),
            ])
            #expect(refused.status == .seeOther)

            let finalPreview = try await staff.get(client, "/personal/begaran/forhandsgranska?nr=\(number.path(""))&handling=\(letter.path(""))")
            #expect(finalPreview.body.contains("exakt de filer som lämnas ut"))
            Self.assertClean(finalPreview.body, markers, "the final preview of the letter")
            // The previews are the released bytes.
            let copies = try await s.diarium.previewCopies(number, document: procurement, as: WebSandbox.operatorPrincipal)
            #expect(copies.map(\.name).sorted().count == 2)
            let html = try #require(copies.first { $0.mediaType == "text/html" })
            let opened = try await client.execute(uri: "/personal/begaran/kopia?nr=\(number.path(""))&handling=\(procurement.path(""))&fil=\(html.name.path(""))",
                                                  method: .get, headers: staff.cookieHeader, body: nil)
            #expect(opened.status == .ok)
            #expect(opened.headers[.contentSecurityPolicy]?.hasPrefix("sandbox") == true)
            let openedBytes = Data(opened.body.readableBytesView)
            #expect(openedBytes == html.data)

            // Released: the leak check ran, the ZIP holds every copy and the list, no marker.
            _ = try await staff.get(client, number.path("/personal/begaran/arende?nr="))
            let released = try await staff.post(client, "/personal/begaran/lamna-ut", [("nr", number), ("revision", String(try await s.diarium.requestDetail(number, as: WebSandbox.operatorPrincipal).revision))])
            #expect(released.status == .seeOther && released.location?.contains("klart=utlamnad") == true, "\(released.body.prefix(600))")
            let zipResponse = try await client.execute(uri: number.path("/personal/begaran/utlamnande?nr="), method: .get, headers: staff.cookieHeader, body: nil)
            #expect(zipResponse.status == .ok)
            #expect(zipResponse.headers[.contentType] == "application/zip")
            let zip = Data(zipResponse.body.readableBytesView)
            let entries = try ZipReader.entries(zip)
            #expect(entries.map(\.name).contains("forteckning.txt"))
            let expected = 8
            #expect(entries.count == expected, "XML and HTML of the procurement, the deviation and the earlier request, the letter's masked text, and the list")
            #expect(entries.contains { $0.name.hasSuffix(".txt") && $0.name != "forteckning.txt" && String(decoding: $0.data, as: UTF8.self).contains("Maskerad textkopia") })
            #expect(entries.first { $0.name == html.name }?.data == html.data, "the preview is what was released")
            for e in entries { Self.assertClean(String(decoding: e.data, as: UTF8.self), markers, "the released \(e.name)") }
            Self.assertClean(String(decoding: zip, as: UTF8.self), markers, "the ZIP")
            let listing = String(decoding: try #require(entries.first { $0.name == "forteckning.txt" }).data, as: UTF8.self)
            #expect(listing.contains(file) && listing.contains("31 kap. 16 § OSL"))

            // The decision, registered with its appeal notice.
            let afterRelease = try await staff.get(client, number.path("/personal/begaran/arende?nr="))
            #expect(afterRelease.body.contains("Ladda ned kopiorna"))
            let decided = try await staff.post(client, "/personal/begaran/beslut", [("nr", number), ("revision", String(try await s.diarium.requestDetail(number, as: WebSandbox.operatorPrincipal).revision))])
            #expect(decided.status == .seeOther)
            let decision = try await staff.get(client, try #require(decided.location))
            #expect(decision.status == .ok && decision.body.contains("Beslut om utlämnande"))
            #expect(decision.body.localizedCaseInsensitiveContains("överklaga"))
            Self.assertClean(decision.body, markers, "the decision")
            let requests = try await s.diarium.listRequests(includeHandled: true, as: WebSandbox.operatorPrincipal)
            #expect(requests.first { $0.request == number }?.status == .decided)
            // The archive knows the ZIP: verify passes and finds no object nobody points to.
            let report = try await s.diarium.verify(as: WebSandbox.operatorPrincipal)
            #expect(report.isIntact && !report.notices.contains { $0.kind == "object.unreferenced" }, "\(report.notices)")
        }
    }

    @Test func twoOfficialsAtOnceOneWinsAndTheOtherIsToldWhatChangedAndKeepsWhatTheyTyped() async throws {
        let s = try StaffPagesTests.sandbox()
        _ = try await s.diarium.addUser("kollega", roles: [.utlamnare], organisations: ["RS"], password: StaffPagesTests.password, as: WebSandbox.operatorPrincipal)
        let first = try s.register([:]), second = try s.register([:])
        var r = try SecretCrawlTests.example("access-request.json")
        r["documents"] = [first.document]
        let request = try await s.diarium.openRequest(JSONSerialization.data(withJSONObject: r), as: WebSandbox.operatorPrincipal)
        try await s.app().test(.router) { client in
            var a = Browser(), b = Browser()
            _ = try await a.logIn(client, "utlamnare")
            _ = try await b.logIn(client, "kollega")
            let pageA = try await a.get(client, request.request.path("/personal/begaran/arende?nr="))
            _ = try await b.get(client, request.request.path("/personal/begaran/arende?nr="))
            let seen = String(try #require(pageA.body.firstMatch(of: /name="revision" value="(\d+)"/)).1)
            let handed = try await b.post(client, "/personal/begaran/lamna-over", [("nr", request.request), ("revision", seen), ("handlaggare", "kollega")])
            #expect(handed.status == .seeOther)
            let late = try await a.post(client, "/personal/begaran/lagg-till", [("nr", request.request), ("revision", seen), ("nummer", second.document)])
            #expect(late.status == .conflict)
            #expect(late.body.contains("request.changed") && late.body.contains("lämnades över till kollega"))
            #expect(late.body.contains(">\(second.document)</textarea>"), "what was typed is kept")
            let detail = try await s.diarium.requestDetail(request.request, as: WebSandbox.operatorPrincipal)
            #expect(detail.items.map(\.document) == [first.document], "nothing was added")
            #expect(detail.handler == "kollega")
            // The refusal's page carries the request's revision now: sent again, the addition goes through.
            let now = String(try #require(late.body.firstMatch(of: /name="revision" value="(\d+)"/)).1)
            #expect(now != seen)
            let added = try await a.post(client, "/personal/begaran/lagg-till", [("nr", request.request), ("revision", now), ("nummer", second.document)])
            #expect(added.status == .seeOther)
            #expect(try await s.diarium.requestDetail(request.request, as: WebSandbox.operatorPrincipal).items.count == 2)
            // A form without the revision is refused: it could overwrite unseen.
            let blind = try await a.post(client, "/personal/begaran/lamna-over", [("nr", request.request), ("handlaggare", "utlamnare")])
            #expect(blind.status == .badRequest && blind.body.contains("saknar begärans version"))
            // Another organisation's document cannot be attached.
            let rv = try s.register(["organisation": "RV"])
            let foreign = try await a.post(client, "/personal/begaran/lagg-till", [("nr", request.request), ("revision", a.hidden("revision") ?? ""), ("nummer", rv.document)])
            #expect(foreign.status == .badRequest && foreign.body.contains("request.document-other-organisation"))
        }
    }

    @Test func theQueueShowsFiftyAPageTheOverdueFirstAndTheListsPageAlike() async throws {
        let s = try StaffPagesTests.sandbox()
        let op = WebSandbox.operatorPrincipal
        var r = try SecretCrawlTests.example("access-request.json")
        var overdue: [String] = []
        for i in 0..<55 {
            // Three came in a fortnight ago, after the others: overdue, so first all the same.
            r["receivedAt"] = Timestamp.iso(Date().addingTimeInterval(i >= 52 ? -14 * 86_400 : -Double(55 - i) * 60))
            let opened = try await s.diarium.openRequest(JSONSerialization.data(withJSONObject: r), as: op)
            if i >= 52 { overdue.append(opened.request) }
        }
        let late = Set(overdue)
        var v = try SecretCrawlTests.example("deviation.json")
        v["organisation"] = "RS"
        for _ in 0..<53 { _ = try await s.diarium.reportDeviation(JSONSerialization.data(withJSONObject: v), as: op) }
        try await s.app().test(.router) { client in
            var b = Browser()
            _ = try await b.logIn(client, "utlamnare")
            let first = try await b.get(client, "/personal/begaran")
            #expect(first.body.contains("Begäranden: 55, varav 3 försenade"))
            let rows = first.body.matches(of: /<tr( class="overdue")?><td><a href="\/personal\/begaran\/arende\?nr=([^"]+)"/)
            #expect(rows.count == 50)
            #expect(rows.prefix(3).allSatisfy { $0.1 != nil }, "the overdue first")
            #expect(Set(rows.prefix(3).map { String($0.2).removingPercentEncoding ?? "" }) == late)
            #expect(first.body.contains("sida 1 av 2") && first.body.contains("visa=oppna&amp;sida=2"))
            let second = try await b.get(client, "/personal/begaran?visa=oppna&sida=2")
            #expect(second.body.matches(of: /href="\/personal\/begaran\/arende\?nr=/).count == 5)
            let onlyLate = try await b.get(client, "/personal/begaran?visa=forsenade")
            #expect(onlyLate.body.contains("Begäranden: 3, varav 3 försenade"))
            let deviations = try await b.get(client, "/personal/avsteg/lista")
            #expect(deviations.body.contains("53 avsteg") && deviations.body.contains("sida 1 av 2"))
            let rest = try await b.get(client, "/personal/avsteg/lista?sida=2")
            #expect(rest.body.matches(of: /href="\/personal\/avsteg\/visa\?nr=/).count == 3)
        }
    }

    @Test func anOfficialOfOneOrganisationSeesNoRequestOfAnother() async throws {
        let s = try StaffPagesTests.sandbox()
        let doc = try s.register([:])
        var r = try SecretCrawlTests.example("access-request.json")
        r["documents"] = [doc.document]
        let request = try await s.diarium.openRequest(JSONSerialization.data(withJSONObject: r), as: WebSandbox.operatorPrincipal)
        var v = try SecretCrawlTests.example("deviation.json")
        v["organisation"] = "RS"
        let deviation = try await s.diarium.reportDeviation(JSONSerialization.data(withJSONObject: v), as: WebSandbox.operatorPrincipal)
        try await s.app().test(.router) { client in
            var rv = Browser()
            _ = try await rv.logIn(client, "rv-alla")
            let queue = try await rv.get(client, "/personal/begaran?visa=alla")
            #expect(queue.status == .ok && !queue.body.contains(request.request))
            for path in ["/personal/begaran/arende?nr=", "/personal/begaran/utlamnande?nr="] {
                let page = try await rv.get(client, request.request.path(path))
                #expect(page.status == .forbidden, "\(path)")
                #expect(!page.body.contains(doc.document))
            }
            let preview = try await rv.get(client, "/personal/begaran/forhandsgranska?nr=\(request.request.path(""))&handling=\(doc.document.path(""))")
            #expect(preview.status == .forbidden)
            _ = try await rv.get(client, "/personal")
            let post = try await rv.post(client, "/personal/begaran/lamna-over", [("nr", request.request), ("handlaggare", "rv-alla")])
            #expect(post.status == .forbidden)
            #expect(try await s.diarium.requestDetail(request.request, as: WebSandbox.operatorPrincipal).handler != "rv-alla")
            // Nor a deviation of RS: not listed, not shown, no step; nor RS's region-wide total.
            let list = try await rv.get(client, "/personal/avsteg/lista")
            #expect(!list.body.contains(deviation.document))
            let shown = try await rv.get(client, deviation.document.path("/personal/avsteg/visa?nr="))
            #expect(shown.status == .notFound && !shown.body.contains("Psykiatrin"))
            _ = try await rv.get(client, "/personal")
            let step = try await rv.post(client, "/personal/avsteg/steg", [("nr", deviation.document), ("state", "reported|"), ("steg", "resolve"), ("av", "RV"), ("anteckning", "Åtgärdat.")])
            #expect(step.status == .forbidden)
            let total = try await rv.get(client, "/personal/inkop?organisation=RS&cpv=33141000&ar=2026")
            #expect(total.status == .forbidden)
        }
        #expect(try await s.diarium.listDeviations(DeviationQuery(), as: WebSandbox.operatorPrincipal).first?.status == "reported")
    }
}

/// Reads a ZIP's entries by its central directory (stored entries), checking each entry's
/// local header, sizes and CRC-32: enough to show that the release is a ZIP any tool opens.
enum ZipReader {
    struct Entry {
        let name: String
        let data: Data
    }

    struct Malformed: Error {}

    static func entries(_ zip: Data) throws -> [Entry] {
        let bytes = [UInt8](zip)
        func u16(_ i: Int) -> Int { Int(bytes[i]) | Int(bytes[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        guard bytes.count >= 22, let end = (0...(bytes.count - 22)).reversed().first(where: { u32($0) == 0x0605_4b50 }) else { throw Malformed() }
        let count = u16(end + 10)
        var at = u32(end + 16)
        var out: [Entry] = []
        for _ in 0..<count {
            guard u32(at) == 0x0201_4b50 else { throw Malformed() }
            let crc = UInt32(u32(at + 16)), size = u32(at + 20), nameLength = u16(at + 28), extra = u16(at + 30), comment = u16(at + 32)
            let offset = u32(at + 42)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard u32(offset) == 0x0403_4b50, u16(offset + 8) == 0 else { throw Malformed() }
            let start = offset + 30 + u16(offset + 26) + u16(offset + 28)
            let data = Data(bytes[start..<(start + size)])
            guard crc32(data) == crc else { throw Malformed() }
            out.append(Entry(name: name, data: data))
            at += 46 + nameLength + extra + comment
        }
        return out
    }

    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in data {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
