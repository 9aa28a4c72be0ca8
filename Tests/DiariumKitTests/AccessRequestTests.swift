@_spi(Tools) import DiariumKit
import DiariumRules
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import Testing

/// Requests for public documents: marker strings planted (AccessRequestPlanting.swift) in every
/// kind of secret field (register fields, a whole secret file, a procurement's tenders, a
/// deviation's reporter), the whole request flow run, and every output read for them.
@Suite("Requests for public documents")
struct AccessRequestTests {
    let s = try! Sandbox()

    /// Opens the example request, adds the planted documents and assesses them as the
    /// proposals say.
    func assessAll(_ p: Planted) throws -> String {
        let d = s.diarium!
        let r = try d.openRequest(accessRequest(), as: tester)
        let added = try d.addToRequest(r.request, documents: p.all, as: tester)
        #expect(added.map(\.added) == [true, true, true, true])
        #expect(added[0].proposals.first { $0.field == "content" }?.option == "--refuse osl-31-16 --reason TEXT")
        #expect(Set(added[2].proposals.map(\.field)) == ["tenders[1].amount", "tenders[1].supplier.name"])
        _ = try d.assess(r.request, document: p.wholeFile, .init(choice: .refuse(provision: "osl-31-16", ground: .secret),
                                                                  reason: "Anbudet innehåller leverantörens affärsförhållanden."), as: tester)
        _ = try d.assess(r.request, document: p.maskedSender, .init(choice: .mask([.init(field: "counterparty", provision: "osl-31-16")])), as: tester)
        _ = try d.assess(r.request, document: p.procurement, .init(choice: .mask([
            .init(field: "tenders[1].amount", provision: "osl-31-16"), .init(field: "tenders[1].supplier.name", provision: "osl-31-16"),
        ])), as: tester)
        _ = try d.assess(r.request, document: p.deviation, .init(choice: .mask([.init(field: "reportedBy.name", provision: "osl-19-3-1")])), as: tester)
        return r.request
    }

    @Test("the whole flow: no released byte, file name, decision, search hit, list or log holds a secret value")
    func wholeFlow() throws {
        let d = s.diarium!
        let p = try plant()
        let request = try assessAll(p)
        let out = s.dir.appendingPathComponent("utlamnat")
        let release = try d.release(request, to: out, as: tester)
        assertClean(String(decoding: try JSONEncoder().encode(release), as: UTF8.self), "release result")
        #expect(release.refused == [p.wholeFile])
        #expect(Set(release.masked) == [p.maskedSender, p.procurement, p.deviation])
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names.count == release.files.count)
        #expect(!names.contains { $0.contains(Self.copyBase(p.wholeFile)) }, "a refused document has no copy")
        for name in names {
            assertClean(name, "file name")
            let data = try Data(contentsOf: out.appendingPathComponent(name))
            assertClean(String(decoding: data, as: UTF8.self), "released \(name)")
        }
        // Masked details are replaced by a marker naming the provision, not hidden.
        let procurementHTML = try String(contentsOf: out.appendingPathComponent(Self.copyBase(p.procurement) + ".html"), encoding: .utf8)
        #expect(procurementHTML.contains("[Sekretess enligt 31 kap. 16 § OSL]"))
        #expect(procurementHTML.contains("Medicinteknik i Mälardalen AB"), "what is not masked is released")
        let deviationXML = try String(contentsOf: out.appendingPathComponent(Self.copyBase(p.deviation) + ".xml"), encoding: .utf8)
        #expect(deviationXML.contains("withheld=\"true\""))
        // The sender's register detail is masked, the file itself released whole.
        #expect(try String(contentsOf: out.appendingPathComponent(Self.copyBase(p.maskedSender) + ".txt"), encoding: .utf8)
            == "Fråga om leveranstider för ultraljudsgel.")

        let decision = try d.decide(request, as: tester)
        for audience in [Audience.public, .full] {
            for format in ShowFormat.allCases {
                assertClean(try d.show(decision.document, audience: audience, format: format, as: tester), "decision \(audience) \(format)")
            }
        }
        let html = try d.show(decision.document, audience: .public, format: .html, as: tester)
        #expect(html.contains("kammarrätten") && html.contains("tre veckor") && html.contains("Sökanden (anonym)"))
        #expect(html.contains("31 kap. 16 § OSL") && html.contains("19 kap. 3 § första stycket OSL"))
        #expect(html.contains("Filen lämnas ut i sin helhet; de maskerade uppgifterna är diarieuppgifter"), "the decision says a file goes whole")
        let compiled = try d.compileDecision(request, as: tester)
        #expect(compiled.items.map(\.outcome) == [.refuse, .mask, .mask, .mask])
        #expect(compiled.appeal?.weeks == 3)

        for q in ["MARKÖR*", Self.supplier, "begäran", "beslut", ""] {
            assertClean(String(decoding: try JSONEncoder().encode(try d.search(SearchQuery(text: q), scope: .public, as: tester)), as: UTF8.self), "public search \(q)")
        }
        assertClean(String(decoding: try JSONEncoder().encode(try d.listRequests(includeHandled: true, as: tester)), as: UTF8.self), "list")
        for e in try d.store.auditEvents(limit: 1000) { assertClean(e.detail + (e.subject ?? ""), "audit event \(e.id)") }
        #expect(try d.listRequests(as: tester).isEmpty, "a decided request is no longer open")
        let report = try d.verify(as: tester)
        #expect(report.isIntact && report.notices.isEmpty, "\(report.damage) \(report.notices)")
    }

    static func copyBase(_ number: String) -> String {
        number.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "/", with: "-")
    }

    @Test("a masked value that another released document shows stops the release before anything is written")
    func leakCheckStops() throws {
        let d = s.diarium!
        let p = try plant()
        let r = try d.openRequest(accessRequest(), as: tester)
        _ = try d.addToRequest(r.request, documents: [p.maskedSender, p.procurement], as: tester)
        // The procurement masks the supplier; the sender's letter, a PDF that cannot be masked,
        // names it. (A readable text file would go out as a masked text copy instead.)
        let letter = try d.register(file: s.file("brev.pdf", "%PDF-1.4\nBT (Brev från \(Self.supplier) om leveranser.) Tj ET\n%%EOF\n"), meta: s.meta([
            "counterparty": nil, "title": "Brev om leveranser", "publicTitle": nil, "secrecy": [] as [Any],
        ]), as: tester)
        _ = try d.addToRequest(r.request, documents: [letter.document], as: tester)
        _ = try d.assess(r.request, document: p.maskedSender, .init(choice: .release, lift: ["counterparty"]), as: tester)
        _ = try d.assess(r.request, document: letter.document, .init(choice: .release), as: tester)
        _ = try d.assess(r.request, document: p.procurement, .init(choice: .mask([
            .init(field: "tenders[1].amount", provision: "osl-31-16"), .init(field: "tenders[1].supplier.name", provision: "osl-31-16"),
        ])), as: tester)
        let out = s.dir.appendingPathComponent("ut")
        do {
            _ = try d.release(r.request, to: out, as: tester)
            Issue.record("released a masked value")
        } catch {
            #expect(error.problems.map(\.rule) == ["leak-check.secret-in-copy"])
            #expect(error.problems[0].field == "\(p.procurement).tenders[1].supplier.name")
            assertClean(error.description, "the stop's message")
        }
        #expect(!FileManager.default.fileExists(atPath: out.path), "nothing written")
        let staged = try FileManager.default.contentsOfDirectory(atPath: s.dir.path).filter { $0.hasPrefix(".ut") }
        #expect(staged.isEmpty, "no staging folder left")
        #expect(try d.store.auditEvents(limit: 100).contains { $0.action == "request.release-stopped" })
    }

    @Test("every marking is answered: masked again or lifted; a reason may not hold a secret value")
    func markingsAreProposalsOnly() throws {
        let d = s.diarium!
        let p = try plant()
        let r = try d.openRequest(accessRequest(), as: tester)
        _ = try d.addToRequest(r.request, documents: [p.procurement, p.wholeFile], as: tester)
        let proposal = try d.assess(r.request, document: p.procurement, .init(choice: nil), as: tester)
        #expect(proposal.assessment == nil && proposal.proposals.count == 2)
        func rules(_ input: AssessmentInput, _ doc: String) -> [String] {
            do { _ = try d.assess(r.request, document: doc, input, as: tester); return [] } catch {
                assertClean(error.description, "assessment error")
                return error.problems.map(\.rule)
            }
        }
        #expect(rules(.init(choice: .release), p.procurement) == ["assessment.marking-unanswered", "assessment.marking-unanswered"])
        #expect(rules(.init(choice: .mask([.init(field: "tenders[1].amount", provision: "osl-31-16")])), p.procurement)
            == ["assessment.marking-unanswered"])
        #expect(rules(.init(choice: .mask([.init(field: "tenders[7].amount", provision: "osl-31-16"), .init(field: "award.amount", provision: "osl-99")]),
                            lift: ["tenders[1].amount", "tenders[1].supplier.name"]), p.procurement)
            == ["secrecy.field-not-markable", "provision.unknown"])
        #expect(rules(.init(choice: .refuse(provision: "osl-31-16", ground: .secret)), p.wholeFile) == ["required"])
        #expect(rules(.init(choice: .refuse(provision: "osl-31-16", ground: .secret), reason: "Avser \(Self.supplier)."), p.procurement)
            == ["secrecy.value-in-public-field"])
        #expect(rules(.init(choice: .mask([.init(field: "content", provision: "osl-31-16")])), p.wholeFile).contains("assessment.content-means-refuse"))
        #expect(rules(.init(choice: .release, lift: ["title"]), p.wholeFile).contains("assessment.marking-unanswered"))
        // Lifting both is an assessment that the details are public now: allowed, and recorded.
        let lifted = try d.assess(r.request, document: p.procurement, .init(choice: .release, lift: ["tenders[1].amount", "tenders[1].supplier.name"],
                                                                              reason: "Tilldelningsbeslutet har vunnit laga kraft."), as: tester)
        #expect(lifted.assessment?.lifted.count == 2)
        // Nothing is recorded for a refused assessment, and a document not in the request is refused.
        #expect(rules(.init(choice: .release), p.deviation) == ["request.document-not-added"])
    }

    @Test("release and decide need every document assessed; the folder must be new or empty")
    func preconditions() throws {
        let d = s.diarium!
        let p = try plant()
        let r = try d.openRequest(accessRequest(), as: tester)
        #expect(throws: DiariumError.self) { try d.release(r.request, to: s.dir.appendingPathComponent("a"), as: tester) }
        _ = try d.addToRequest(r.request, documents: [p.deviation], as: tester)
        do { _ = try d.decide(r.request, as: tester); Issue.record("decided unassessed") } catch {
            #expect(error.problems.map(\.rule) == ["request.not-assessed"])
        }
        _ = try d.assess(r.request, document: p.deviation, .init(choice: .mask([.init(field: "reportedBy.name", provision: "osl-19-3-1")])), as: tester)
        let busy = s.dir.appendingPathComponent("busy")
        try FileManager.default.createDirectory(at: busy, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: busy.appendingPathComponent("annat.txt"))
        do { _ = try d.release(r.request, to: busy, as: tester); Issue.record("wrote into a folder in use") } catch {
            #expect(error.problems.map(\.rule) == ["out.not-empty"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: busy.path) == ["annat.txt"])
        let empty = s.dir.appendingPathComponent("tom")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(try d.release(r.request, to: empty, as: tester).files.count == 3)
        #expect(throws: DiariumError.self) { try d.release("RS 2099/9999", to: s.dir.appendingPathComponent("b"), as: tester) }
        #expect(throws: DiariumError.self) { try d.release("inte ett nummer", to: s.dir.appendingPathComponent("b"), as: tester) }
    }

    @Test("the requester may be anonymous, with no contact at all, and is never asked why")
    func anonymous() throws {
        let d = s.diarium!
        let r = try d.openRequest(accessRequest { o in
            o.removeValue(forKey: "requester")
            o.removeValue(forKey: "contact")
        }, as: tester)
        let view = try d.view(r.document, audience: .public, as: tester)
        #expect(view.counterparty == nil)
        #expect(try d.show(r.document, audience: .public, format: .text, as: tester).contains("Anonym"))
        let named = try d.openRequest(accessRequest { o in o["requester"] = "Kim Journalist" }, as: tester)
        #expect(try d.view(named.document, audience: .public, as: tester).counterparty?.text == "Kim Journalist")
    }

    @Test("bad requests are refused by field and rule, and nothing is written")
    func badInput() throws {
        let d = s.diarium!
        let before = try s.snapshot()
        func rules(_ data: Data) -> [String] {
            do { _ = try d.openRequest(data, as: tester); return [] } catch { return error.problems.map(\.rule) }
        }
        #expect(rules(accessRequest { $0["receivedAt"] = "2026-11-24 09:14" }) == ["timestamp.invalid"])
        #expect(rules(accessRequest { $0["receivedAt"] = "2026-11-30T09:14:00+01:00" }) == ["date.in-future"])
        #expect(rules(accessRequest { $0["channel"] = "fax" }) == ["code.unknown"])
        #expect(rules(accessRequest { $0["format"] = "pdf" }) == ["code.unknown"])
        #expect(rules(accessRequest { $0["contact"] = ["email": "inte en adress"] }) == ["email.invalid"])
        #expect(rules(accessRequest { $0["purpose"] = "varför" }) == ["unknown-key"])
        #expect(rules(accessRequest { $0["organisation"] = "XX" }) == ["organisation.unknown"])
        #expect(rules(accessRequest { $0["description"] = 42 }) == ["type.string"])
        #expect(rules(Data("{\"organisation\": ".utf8)) == ["json.syntax"])
        #expect(try s.snapshot() == before)
    }

    @Test("open requests age in working days; one not handled by the end of the next working day is overdue")
    func workingDayDeadlines() throws {
        // Received Maundy Thursday 2026-04-02: Good Friday and Easter Monday are holidays.
        let received = accessRequest { $0["receivedAt"] = "2026-04-02T15:30:00+02:00" }
        func at(_ iso: String) throws -> Diarium {
            let instant = ISO8601DateFormatter().date(from: iso)!
            return try Diarium(store: s.storeURL, home: Paths.home, clock: { instant })
        }
        let r = try at("2026-04-02T14:00:00Z").openRequest(received, as: tester)
        #expect(r.receivedOn.description == "2026-04-02" && r.target.description == "2026-04-02")
        #expect(r.flagAfter.description == "2026-04-07")
        let tuesday = try at("2026-04-07T15:00:00Z").listRequests(as: tester)
        #expect(tuesday.map(\.ageWorkingDays) == [1] && tuesday.map(\.overdue) == [false])
        #expect(try at("2026-04-07T15:00:00Z").listRequests(overdueOnly: true, as: tester).isEmpty)
        let wednesday = try at("2026-04-08T08:00:00Z").listRequests(overdueOnly: true, as: tester)
        #expect(wednesday.map(\.request) == [r.request] && wednesday.map(\.ageWorkingDays) == [2])
    }

    @Test("a requester who asked not to be named stays unnamed in the decision, the register and every reason")
    func secretRequester() throws {
        let d = s.diarium!
        let name = "MARKÖRSÖKANDE77aa"
        let r = try d.openRequest(accessRequest { o in
            o["requester"] = name
            o["secrecy"] = [["field": "requester", "provision": "osl-19-3-1", "reason": Self.reason]]
        }, as: tester)
        for f in ShowFormat.allCases { #expect(!(try d.show(r.document, audience: .public, format: f, as: tester)).contains(name)) }
        #expect(try d.search(SearchQuery(text: name), scope: .public, as: tester).isEmpty)
        let p = try plant()
        _ = try d.addToRequest(r.request, documents: [p.deviation], as: tester)
        do {
            _ = try d.assess(r.request, document: p.deviation, .init(choice: .mask([.init(field: "reportedBy.name", provision: "osl-19-3-1")]),
                                                                      reason: "Begärt av \(name)."), as: tester)
            Issue.record("a reason naming the secret requester was accepted")
        } catch {
            #expect(error.problems.map(\.rule) == ["secrecy.value-in-public-field"])
            #expect(!error.description.contains(name))
        }
        _ = try d.assess(r.request, document: p.deviation, .init(choice: .mask([.init(field: "reportedBy.name", provision: "osl-19-3-1")])), as: tester)
        let decision = try d.decide(r.request, as: tester)
        let html = try d.show(decision.document, audience: .public, format: .html, as: tester)
        #expect(!html.contains(name) && html.contains("Sökanden (uppgiften lämnas inte ut)"))
        #expect(try d.view(decision.document, audience: .public, as: tester).counterparty == nil)
    }

    @Test("a file's escapes and other encodings are read: Latin-1 text and HTML references go out masked")
    func encodedLeaks() throws {
        let d = s.diarium!
        let secret = "Åsa Öberg-MARKÖR"
        let latin1 = ("Brev från " + secret).data(using: .isoLatin1)!
        let texts: [(String, Data)] = [
            ("brev.txt", latin1),
            ("brev.html", Data("<!DOCTYPE html><p>Fr&aring;n &Aring;sa &#xD6;berg-MARK&Ouml;R</p>".utf8)),
        ]
        for (name, data) in texts {
            let url = s.dir.appendingPathComponent(name)
            try data.write(to: url)
            let doc = try d.register(file: url, meta: s.meta([
                "counterparty": secret, "title": "Brev", "publicTitle": nil, "documentType": "skrivelse",
                "secrecy": [["field": "counterparty", "provision": "osl-31-16", "reason": Self.reason]],
            ]), as: tester)
            let r = try d.openRequest(accessRequest(), as: tester)
            _ = try d.addToRequest(r.request, documents: [doc.document], as: tester)
            _ = try d.assess(r.request, document: doc.document, .init(choice: .mask([.init(field: "counterparty", provision: "osl-31-16")])), as: tester)
            let out = s.dir.appendingPathComponent("ut-\(name)")
            let result = try d.release(r.request, to: out, as: tester)
            #expect(result.files.contains { $0.name.hasSuffix(".txt") && $0.name != "forteckning.txt" }, "\(name): no masked text copy")
            for f in try FileManager.default.contentsOfDirectory(at: out, includingPropertiesForKeys: nil) {
                let text = String(decoding: try Data(contentsOf: f), as: UTF8.self)
                #expect(!text.uppercased().contains("MARKÖR") && !text.uppercased().contains("MARK&OUML;R"), "\(name): \(f.lastPathComponent)")
                #expect(!f.lastPathComponent.hasSuffix(".html"), "\(name): the original went out")
            }
        }
    }

    @Test("a reason that names another document's secret stops the decision; a change after the release needs a new release")
    func decisionChecks() throws {
        let p = try plant()
        func at(_ iso: String) throws -> Diarium {
            let instant = ISO8601DateFormatter().date(from: iso)!
            return try Diarium(store: s.storeURL, home: Paths.home, clock: { instant })
        }
        let d = try at("2026-11-24T10:00:00Z")
        let r = try d.openRequest(accessRequest(), as: tester)
        _ = try d.addToRequest(r.request, documents: [p.wholeFile, p.deviation], as: tester)
        _ = try d.assess(r.request, document: p.wholeFile, .init(choice: .refuse(provision: "osl-31-16", ground: .secret), reason: "Affärsförhållanden."), as: tester)
        _ = try d.assess(r.request, document: p.deviation, .init(choice: .mask([.init(field: "reportedBy.name", provision: "osl-19-3-1")]),
                                                                  reason: "Jfr anbudet från \(Self.counterparty)."), as: tester)
        do { _ = try d.decide(r.request, as: tester); Issue.record("decided with a secret in a reason") } catch {
            #expect(error.problems.map(\.rule) == ["leak-check.secret-in-decision"])
            assertClean(error.description, "the decision's stop")
        }
        _ = try d.assess(r.request, document: p.deviation, .init(choice: .mask([.init(field: "reportedBy.name", provision: "osl-19-3-1")])), as: tester)
        _ = try d.release(r.request, to: s.dir.appendingPathComponent("forsta"), as: tester)
        let later = try at("2026-11-24T11:00:00Z")
        _ = try later.assess(r.request, document: p.deviation, .init(choice: .release, lift: ["reportedBy.name"], reason: "Prövad på nytt."), as: tester)
        do { _ = try later.decide(r.request, as: tester); Issue.record("decided on a stale release") } catch {
            #expect(error.problems.map(\.rule) == ["request.changed-after-release"])
        }
        _ = try later.release(r.request, to: s.dir.appendingPathComponent("andra"), as: tester)
        let decision = try later.decide(r.request, as: tester)
        #expect(try later.compileDecision(r.request, as: tester).items.map(\.outcome) == [.refuse, .release])
        do { _ = try later.decide(r.request, as: tester); Issue.record("decided twice") } catch {
            #expect(error.problems.map(\.rule) == ["request.decided"])
        }
        #expect(decision.case == r.request)
    }

    // False refusal: a surname that is also a common word or a place (Ek, Lund) is a
    // "distinctive" word, so a requester who keeps their name out of the register cannot ask
    // for documents about oak furniture or Lund University.
    @Test("a request whose description uses a common word that is also the secret requester's surname is accepted", arguments: [
        ("Anna Ek", "Avtalet om bord i massiv ek till Psykiatrin."),
        ("Anna Lund", "Avtalet med Lunds universitet om laboratorieprover."),
    ])
    func commonWordSurname(requester: String, description: String) throws {
        let request = accessRequest { o in
            o["requester"] = requester
            o["description"] = description
            o["secrecy"] = [["field": "requester", "provision": "osl-19-1", "reason": "Sökanden vill inte stå i diariet."]]
        }
        _ = try s.diarium.openRequest(request, as: tester)
    }
}
