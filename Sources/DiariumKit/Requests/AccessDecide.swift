import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
import DiariumXML
import Foundation

extension Diarium {
    func compileDecision(_ number: String) throws(DiariumError) -> AccessDecision {
        let req = try request(number)
        let items = try assessedItems(req)
        return try compileDecision(req, items: items, release: try latestRelease(req))
    }

    func latestRelease(_ req: AccessRequestRow) throws(DiariumError) -> RequestReleaseRow? {
        do { return try store.latestRelease(request: req.documentID) } catch { throw .store(error) }
    }

    func compileDecision(_ req: AccessRequestRow, items: [AssessedItem], release: RequestReleaseRow?) throws(DiariumError) -> AccessDecision {
        let (receivedOn, channel, format) = (req.receivedOn, req.channel, req.format)
        let input = try archivedRequest(req)
        func withheld(_ field: FieldPath, _ provision: String) -> AccessDecision.Withheld {
            // A built-in protection is cited by the rules it rests on.
            .init(field: field.description, label: FieldLabel.swedish(field), provision: provision,
                  reference: legal.protection(provision)?.basis ?? legal.reference(provision))
        }
        let check = try releaseCheck(items)
        let decisionItems = try items.map { (item) throws(DiariumError) in
            let a = item.assessment
            let protected = a.outcome == .refuse ? [] : item.source.protections.filter { p in !a.masks.contains { $0.field == p.field } }
            let (fileCheck, elsewhere) = try fileCheck(item, check)
            // A detail kept secret in another document, masked in this file's text copy.
            let maskedElsewhere = elsewhere.map { s in
                AccessDecision.Withheld(field: "\(s.document).\(s.field)", label: "uppgift som hålls hemlig i \(s.document)",
                                        provision: s.provision ?? "", reference: s.provision.map { legal.reference($0) } ?? "")
            }
            return AccessDecision.Item(
                document: item.number, title: releasedTitle(item),
                documentType: legal.documentType(item.source.stored.entry.documentType)?.label ?? item.source.stored.entry.documentType,
                // A copy that leaves something out is a masked copy, whatever was assessed.
                outcome: a.outcome == .release && (!protected.isEmpty || !maskedElsewhere.isEmpty) ? .mask : a.outcome,
                masked: (a.outcome == .refuse ? [] : (a.masks + protected).map { withheld($0.field, $0.provision) } + maskedElsewhere),
                refusal: a.provision.map { withheld(FieldPath("content"), $0) }, refusalGround: a.refusalGround, reason: a.reason,
                wholeFile: item.source.isFile, fileCheck: fileCheck)
        }
        let fee = release.map { r in
            AccessDecision.Fee(pages: r.pages, amount: Amount(ore: r.feeOre), scale: r.feeScale,
                               reference: accessData.fees.first { $0.id == r.feeScale }?.reference ?? r.feeScale)
        }
        var appeal: AccessDecision.Appeal?
        if decisionItems.contains(where: { $0.outcome != .release }) {
            guard let row = accessData.appeal(on: today) else { throw .setup("public-access.json has no appeal row for \(today)") }
            appeal = .init(court: row.court, weeks: row.weeks, reference: row.reference, ownReview: row.ownReview)
        }
        return AccessDecision(
            request: req.number, organisation: req.organisation, receivedOn: receivedOn, channel: channel, format: format,
            requester: input.isSecret("requester") ? nil : input.requester, requesterWithheld: input.isSecret("requester"),
            decidedOn: today, decidedBy: actor,
            items: decisionItems, fee: fee, appeal: appeal)
    }

    /// How a registered file of `item` was checked: the same reading the release made. The
    /// decision says a masked detail does not occur in the file only when the file was read
    /// whole as text.
    func fileCheck(_ item: AssessedItem, _ check: LeakCheck) throws(DiariumError) -> (AccessDecision.FileCheck?, [LeakCheck.Secret]) {
        guard item.source.isFile, item.assessment.outcome != .refuse else { return (nil, []) }
        let copies = try item.source.copies(item.assessment.masks, check)
        let entry = item.source.stored.entry
        if let copy = copies.files.first, case .maskedText = copy.kind {
            return (entry.file.mediaType == "application/pdf" ? .pdfTextCopy : .maskedTextCopy, copies.maskedElsewhere)
        }
        if CopyPages.isText(entry.file.mediaType), try readFile(try archivedFile(entry), LeakCheck([]), asText: true).complete {
            return (.readWhole, [])
        }
        return (item.assessment.checkedManually == true ? .checkedManually : .notChecked, [])
    }

    func decide(_ number: String, seen: Int? = nil) throws(DiariumError) -> Receipt {
        let req = try request(number)
        try requireRevision(req, seen)
        guard req.status != .decided else {
            throw .reject("request", "request.decided", "begäran har redan ett beslut; se ärendet \(req.number)")
        }
        let items = try assessedItems(req)
        // A decision describes what was handed out: an assessment or a document changed after
        // the last release would make it say something else.
        let release = try latestRelease(req)
        if let release {
            let changed = items.map(\.row).filter { ($0.assessedAt ?? .distantPast) > release.releasedAt || $0.addedAt > release.releasedAt }
            guard changed.isEmpty else {
                throw .rejected(InputRejected(changed.map {
                    ValidationError(field: $0.document, rule: "request.changed-after-release",
                                    message: "prövades eller lades till efter det senaste utlämnandet (\(Timestamp.swedishLocal(Timestamp.iso(release.releasedAt)))); lämna ut igen med `diarium request release` innan beslutet skrivs")
                }))
            }
        }
        let decision = try compileDecision(req, items: items, release: release)
        guard let organisation = store.config.organisation(req.organisation) else { throw .internalFault("organisation vanished") }
        let xml = try renderDecision(decision, organisation, .xml)
        // The decision is registered, a public document: the requester's own secrets are kept
        // from it too.
        let check = try releaseCheck(items).adding(LeakCheck(try requestSecrets(req)))
        for text in [xml, try renderDecision(decision, organisation, .html), try renderDecision(decision, organisation, .text)] {
            if let hit = check.scan(text: text) {
                throw .reject("\(hit.document).\(hit.field)", "leak-check.secret-in-decision",
                              "beslutet skulle innehålla den sekretessbelagda uppgiften i fältet \(hit.field) i \(hit.document); inget registrerades. Skriv om motiveringen")
            }
        }
        let data: Data
        do { data = try JSONEncoder().encode(decision) } catch { throw .internalFault("cannot encode the decision: \(error)") }
        guard let caseNumber = CaseNumber(parsing: req.number) else { throw .internalFault("request number \(req.number) is no case number") }
        let registration = Registration(
            organisation: req.organisation, caseNumber: caseNumber, caseTitle: nil, direction: .outgoing, date: decision.decidedOn,
            counterparty: decision.requester, title: "Beslut om utlämnande av allmän handling", documentType: "beslut-utlamnande",
            handler: actor)
        let now = clock()
        return try registerDrawnUp(registration, organisation: organisation, fileName: "beslut-\(decision.decidedOn).xml", xml: xml,
                                   kind: .accessDecision, data: data) { tx, id, dataSHA throws(DiariumError) in
            try tx.insertAccessDecision(documentID: id, request: req.documentID, dataSHA256: dataSHA)
            guard try tx.decideRequest(req.documentID, at: now) else {
                throw .reject("request", "request.decided", "begäran fick ett beslut av någon annan under tiden; se ärendet \(req.number)")
            }
            let revision = try self.touch(tx, req, seen)
            try tx.appendAudit(AuditEvent(at: now, actor: self.actor, action: "request.decide", subject: req.number,
                                          detail: ["revision": String(revision)]))
        }
    }

    func renderDecision(_ d: AccessDecision, _ o: Organisation, _ format: RenderFormat) throws(DiariumError) -> String {
        try rendered(.accessDecision, format) { () throws(TemplateError) in try renderer.accessDecision(AccessDecisionView(d, organisation: o), as: format) }
    }

    /// A registered decision, made again from its archived data (it holds no secret, so every
    /// audience sees the same).
    func accessDecisionDocument(_ stored: StoredDocument, audience: Audience, format: RenderFormat) throws(DiariumError) -> String {
        try renderDecision(try archivedDecision(stored), stored.entry.organisation, format)
    }
}
