@_spi(Tools) import DiariumKit
import DiariumModel
import DiariumRender
import DiariumStore
import Foundation
import Testing

/// Disposal (gallring) under the plan (issue 15 item 3): the file and its text go, the row stays
/// marked, a registered record says what went; held, requested and not yet due documents stay.
@Suite("Disposal under the information management plan")
struct DisposalTests {
    /// 2029-01-02 10:00 UTC: a quotation registered in 2026 is past "2 år efter utgången av
    /// registreringsåret" (from 2029-01-01).
    static let later = Date(timeIntervalSince1970: 1_861_956_000)
    /// 2028-12-31: one day too early.
    static let tooEarly = Date(timeIntervalSince1970: 1_861_783_200)

    private func offert(_ s: Sandbox, _ text: String, changes: [String: Any?] = [:]) throws -> Receipt {
        try s.diarium.register(file: s.file("offert-\(UUID().uuidString).txt", text), meta: s.meta([
            "documentType": "offert", "title": "Offert på kontorsstolar", "publicTitle": nil, "secrecy": [],
        ].merging(changes) { _, b in b }), as: tester)
    }

    private func at(_ s: Sandbox, _ now: Date) throws -> Diarium {
        try Diarium(store: s.storeURL, home: Paths.home, clock: { now })
    }

    private func internalHits(_ d: Diarium, _ words: String) throws -> [String] {
        try d.search(SearchQuery(text: words), scope: .internal, as: tester).map(\.document)
    }

    @Test func aRunDisposesTheFileAndItsTextAndKeepsTheRowWithARegisteredRecord() throws {
        let s = try Sandbox()
        let due = try offert(s, "Offert: Skrivbordsstolar Ergoplus, 24 st, Västerås")
        let kept = try s.diarium.register(file: s.file("anbud.txt", "Anbud: Skrivbordsstolar Ergoplus"), meta: s.meta(["secrecy": []]), as: tester)
        let later = try at(s, Self.later)
        let before = try later.document(due.document)
        #expect(try internalHits(later, "Ergoplus").contains(due.document))

        let list = try later.disposalList(as: tester)
        #expect(list.items.map(\.number) == [due.document])
        #expect(list.items.first?.status == .due && list.items.first?.dueOn == CivilDate(parsing: "2029-01-01"))

        let run = try later.runDisposal(decision: "Regionstyrelsen 2026-05-12 § 88, RS 2026/0301", dryRun: false, as: tester)
        #expect(run.disposed.map(\.number) == [due.document])
        #expect(run.objectsRemoved == 1)
        let record = try #require(run.records.first)

        // The file and its text are gone; the row, its number and everything else stay.
        let after = try later.document(due.document)
        #expect(after.entry == before.entry)
        #expect(after.disposal?.record == record.document)
        #expect(!later.store.objects.contains(before.entry.file.sha256))
        #expect(try !internalHits(later, "Ergoplus").contains(due.document))
        #expect(try internalHits(later, "Ergoplus").contains(kept.document))
        #expect(try internalHits(later, "kontorsstolar").contains(due.document))
        #expect(try later.show(due.document, audience: .public, format: .text, as: tester).contains("Gallrad:"))
        #expect(try later.view(due.document, audience: .public, as: tester).disposal?.record == record.document)

        // The record: a registered gallringsprotokoll listing the document and the destroyed file's hash.
        let stored = try later.document(record.document)
        #expect(stored.kind == .disposalRecord && stored.entry.documentType == "gallringsprotokoll")
        let html = try later.show(record.document, audience: .public, format: .html, as: tester)
        #expect(html.contains(due.document) && html.contains(before.entry.file.sha256) && html.contains("Regionstyrelsen 2026-05-12 § 88"))
        _ = try later.show(record.document, audience: .full, format: .xml, as: tester)

        let report = try later.verify(as: tester)
        #expect(report.isIntact, "\(report.damage)")
        #expect(!report.notices.contains { $0.kind == "disposal.object-left" || $0.kind == "object.unreferenced" }, "\(report.notices)")
        // Done is done: a second run finds nothing.
        #expect(try later.runDisposal(decision: "Regionstyrelsen 2026-05-12 § 88", dryRun: false, as: tester).disposed.isEmpty)
    }

    @Test func aDryRunSaysWhatWouldGoAndChangesNothing() throws {
        let s = try Sandbox()
        let due = try offert(s, "Offert: Papperskorgar")
        let snapshot = try s.snapshot()
        let run = try at(s, Self.later).runDisposal(decision: "RS 2026/0301", dryRun: true, as: tester)
        #expect(run.dryRun && run.disposed.map(\.number) == [due.document] && run.records.isEmpty)
        #expect(try s.snapshot() == snapshot)
    }

    @Test func heldRequestedAndNotYetDueDocumentsAreNeverDisposed() throws {
        let s = try Sandbox()
        let held = try offert(s, "Offert A")
        let heldByCase = try offert(s, "Offert B")
        let requested = try offert(s, "Offert C")
        let free = try offert(s, "Offert D")
        _ = try s.diarium.placeHold(held.document, reason: "Tvist med leverantören", as: tester)
        _ = try s.diarium.placeHold(heldByCase.case, reason: "Revisionens granskning", as: tester)
        _ = try s.diarium.openRequest(accessRequest { $0["documents"] = [requested.document] }, as: tester)

        #expect(try at(s, Self.tooEarly).runDisposal(decision: "RS 2026/0301", dryRun: false, as: tester).disposed.isEmpty)
        let later = try at(s, Self.later)
        let run = try later.runDisposal(decision: "RS 2026/0301", dryRun: false, as: tester)
        #expect(run.disposed.map(\.number) == [free.document])
        let kept = Dictionary(run.kept.map { ($0.number, $0.status) }) { a, _ in a }
        #expect(kept[held.document] == .held && kept[heldByCase.document] == .held && kept[requested.document] == .inOpenRequest)
        for r in [held, heldByCase, requested] {
            #expect(later.store.objects.contains(r.sha256))
            #expect(try later.document(r.document).disposal == nil)
        }
        // Lifted, the hold no longer keeps it.
        _ = try later.liftHold(held.document, reason: "Tvisten är avgjord", as: tester)
        #expect(try later.runDisposal(decision: "RS 2026/0301", dryRun: false, as: tester).disposed.map(\.number) == [held.document])
        #expect(try later.verify(as: tester).isIntact)
    }

    @Test func aFileAnotherDocumentSharesStays() throws {
        let s = try Sandbox()
        let text = "Offert och anbud, samma fil: Kaffebryggare 12 st"
        let due = try offert(s, text)
        let other = try s.diarium.register(file: s.file("anbud.txt", text), meta: s.meta(["secrecy": []]), as: tester)
        #expect(due.sha256 == other.sha256)
        let later = try at(s, Self.later)
        let run = try later.runDisposal(decision: "RS 2026/0301", dryRun: false, as: tester)
        #expect(run.disposed.map(\.number) == [due.document] && run.objectsRemoved == 0)
        #expect(later.store.objects.contains(other.sha256))
        #expect(try later.verify(as: tester).isIntact)
    }

    @Test func anInterruptedRunIsFinishedByTheNextAndVerifySaysSo() throws {
        let s = try Sandbox()
        let due = try offert(s, "Offert: Whiteboardtavlor")
        let bytes = try Data(contentsOf: s.diarium.store.objects.url(for: due.sha256))
        let later = try at(s, Self.later)
        _ = try later.runDisposal(decision: "RS 2026/0301", dryRun: false, as: tester)
        // As if the process died after the commit, before the file was deleted.
        try later.store.objects.put(bytes, sha256: due.sha256, durability: .immediate)
        let report = try later.verify(as: tester)
        #expect(report.isIntact)
        #expect(report.notices.contains { $0.kind == "disposal.object-left" && $0.subject == due.document })
        let again = try later.runDisposal(decision: "RS 2026/0301", dryRun: false, as: tester)
        #expect(again.objectsRemoved == 1 && !later.store.objects.contains(due.sha256))
    }

    @Test func noSecretOfADisposedDocumentReachesTheRecord() throws {
        let s = try Sandbox()
        let marker = "Hemligbolaget Zeta AB"
        let due = try offert(s, "Offert från \(marker)", changes: [
            "counterparty": marker, "title": "Offert från \(marker)", "publicTitle": "Offert på kontorsstolar",
            "secrecy": [["field": "counterparty", "provision": "osl-31-16", "reason": "Affärsförhållanden"],
                        ["field": "title", "provision": "osl-31-16", "reason": "Affärsförhållanden"]],
        ])
        let later = try at(s, Self.later)
        // A decision citing the secret is refused, and nothing is disposed of.
        #expect {
            _ = try later.runDisposal(decision: "Gallring av offerten från Hemligbolaget Zeta", dryRun: false, as: tester)
        } throws: { error in
            (error as? DiariumError)?.problems.map(\.rule) == ["leak-check.secret-in-disposal-record"]
        }
        #expect(try later.document(due.document).disposal == nil && later.store.objects.contains(due.sha256))
        let run = try later.runDisposal(decision: "RS 2026/0301", dryRun: false, as: tester)
        let record = try #require(run.records.first)
        for format in [ShowFormat.html, .text, .xml] {
            for audience in [Audience.public, .full] {
                let text = try later.show(record.document, audience: audience, format: format, as: tester)
                #expect(!text.contains("Hemligbolaget") && !text.contains("Zeta"))
                #expect(text.contains("Offert på kontorsstolar"))
            }
        }
    }

    @Test func verifyFindsADisposalMadeOrUndoneBehindDiariumsBack() throws {
        let s = try Sandbox()
        let hidden = try offert(s, "Offert E")
        let undone = try offert(s, "Offert F")
        let later = try at(s, Self.later)
        _ = try later.placeHold(hidden.document, reason: "Behålls", as: tester)
        let run = try later.runDisposal(decision: "RS 2026/0301", dryRun: false, as: tester)
        let record = try #require(run.records.first)
        // The numbers are register numbers (letters, digits, space, / and -): safe as literals.
        try s.tamper("""
            INSERT INTO disposal (document_id, record_document_id, disposed_at, decision)
            SELECT d.id, r.id, '2029-01-02T10:00:00Z', 'x' FROM document d, document r WHERE d.number = '\(hidden.document)' AND r.number = '\(record.document)';
            DELETE FROM disposal WHERE document_id = (SELECT id FROM document WHERE number = '\(undone.document)');
            UPDATE search_internal SET content = 'Offert F' WHERE rowid = (SELECT id FROM document WHERE number = '\(undone.document)');
            """)
        let damage = try later.verify(as: tester).damage.map { "\($0.kind) \($0.subject)" }
        #expect(damage.contains("disposal.unlogged \(hidden.document)"))
        #expect(damage.contains("disposal.mark-missing \(undone.document)"))
        #expect(damage.contains("document.object-missing \(undone.document)"))
    }

    @Test func aDecidedRequestGoesWithTheRequestersDetailsAndAnUndecidedOneStays() throws {
        let s = try Sandbox()
        let asked = try offert(s, "Offert: Konferensstolar")
        let decided = try s.diarium.openRequest(accessRequest {
            $0["requester"] = "Agnes Granskare"
            $0["contact"] = ["email": "agnes@granskarbyran.se"]
            $0["documents"] = [asked.document]
        }, as: tester)
        _ = try s.diarium.assess(decided.request, document: asked.document, .init(choice: .release), as: tester)
        let zip = try #require(try s.diarium.releaseArchive(decided.request, as: tester).archiveSHA256)
        _ = try s.diarium.decide(decided.request, as: tester)
        let open = try s.diarium.openRequest(accessRequest(), as: tester)
        let row = try #require(try s.diarium.store.accessRequest(number: decided.request))
        let inputSHA = try #require(try s.diarium.store.accessRequestInput(documentID: row.documentID))

        #expect(try internalHits(s.diarium, "granskarbyran").contains(decided.document))

        let later = try at(s, Self.later)
        let run = try later.runDisposal(decision: "RS 2026/0301", dryRun: false, as: tester)
        #expect(Set(run.disposed.map(\.number)) == [decided.document, asked.document])
        #expect(run.kept.first { $0.number == open.document }?.status == .inOpenRequest)
        // The request's input and its rendering, which hold the requester's details, are gone.
        #expect(!later.store.objects.contains(inputSHA) && !later.store.objects.contains(decided.sha256))
        // So are the copies handed out, in the release's ZIP.
        #expect(!later.store.objects.contains(zip))
        #expect {
            _ = try later.releasedArchive(decided.request, as: tester)
        } throws: { error in
            (error as? DiariumError)?.problems.map(\.rule) == ["request.disposed"]
        }
        #expect(try later.requestDetail(decided.request, as: tester).release?.hasArchive == false)
        #expect(later.store.objects.contains(open.sha256))
        #expect(try !internalHits(later, "granskarbyran").contains(decided.document))
        // Its page and its record still show, and say so; nothing is released from it any more.
        let detail = try later.requestDetail(decided.request, as: tester)
        #expect(detail.description.value.hasPrefix("Begäran gallrades") && detail.email == nil)
        for format in ShowFormat.allCases { #expect(!(try later.show(decided.document, audience: .full, format: format, as: tester)).isEmpty) }
        #expect {
            _ = try later.release(decided.request, to: s.dir.appendingPathComponent("ut"), as: tester)
        } throws: { error in
            // The documents it asked for went with it (the request is decided), and it cannot be released again.
            (error as? DiariumError)?.problems.map(\.rule) == ["request.document-disposed"]
        }
        let report = try later.verify(as: tester)
        #expect(report.isIntact, "\(report.damage)")
        #expect(!report.notices.contains { $0.kind.hasPrefix("disposal") || $0.kind == "object.unreferenced" }, "\(report.notices)")
    }

    @Test func badInputIsRefusedWithTheFieldAndTheRule() throws {
        let s = try Sandbox()
        let due = try offert(s, "Offert G")
        let later = try at(s, Self.later)
        func rule(_ body: () throws -> Void) -> [String] {
            do { try body(); return [] } catch { return (error as? DiariumError)?.problems.map(\.rule) ?? ["\(error)"] }
        }
        #expect(rule { _ = try later.runDisposal(decision: "  ", dryRun: false, as: tester) } == ["disposal.decision-missing"])
        #expect(rule { _ = try later.runDisposal(decision: "a\u{7}b", dryRun: false, as: tester) } == ["disposal.decision-invalid"])
        #expect(rule { _ = try later.runDisposal(decision: "x", organisation: "ZZ", dryRun: false, as: tester) } == ["organisation.unknown"])
        #expect(rule { _ = try later.disposalList(dueBy: "2029-02-30", as: tester) } == ["date.invalid"])
        #expect(rule { _ = try later.placeHold("RS 2026/9999-1", reason: "x", as: tester) } == ["document.not-found"])
        #expect(rule { _ = try later.placeHold("inget nummer", reason: "x", as: tester) } == ["number.invalid"])
        #expect(rule { _ = try later.placeHold(due.document, reason: " ", as: tester) } == ["hold.reason-missing"])
        _ = try later.placeHold(due.document, reason: "Tvist", as: tester)
        #expect(rule { _ = try later.placeHold(due.document, reason: "Igen", as: tester) } == ["hold.exists"])
        #expect(rule { _ = try later.liftHold(due.case, reason: "x", as: tester) } == ["hold.not-found"])
        let handler = Principal(name: "Hanna Handläggare", roles: [.handlaggare], organisations: .only(["RS"]))
        #expect(rule { _ = try later.runDisposal(decision: "RS 2026/0301", dryRun: false, as: handler) } == ["access.role"])
        #expect(try later.document(due.document).disposal == nil && later.store.objects.contains(due.sha256))
    }
}
