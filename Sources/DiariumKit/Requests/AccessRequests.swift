public import DiariumModel
import DiariumRender
import DiariumRules
import DiariumText
public import DiariumStore
import DiariumXML
public import Foundation

/// What `request open` returns: the registration, the number staff use for the request, and
/// its deadline.
public struct RequestReceipt: Sendable, Hashable, Codable {
    public let `case`: String
    public let document: String
    public let sha256: String
    /// The number staff use for the request (its case number).
    public let request: String
    public let receivedOn: CivilDate
    /// The working day by which it should be handled (normally the day it came in).
    public let target: CivilDate
    /// After the end of this working day an unhandled request is flagged as overdue.
    public let flagAfter: CivilDate
    /// The provision and practice the deadline rests on (the legal data's row).
    public var deadlineReference: String?
    /// The documents attached from the request itself (`documents`).
    public var documents: [String] = []

    public init(case: String, document: String, sha256: String, request: String, receivedOn: CivilDate, target: CivilDate, flagAfter: CivilDate) {
        self.case = `case`
        self.document = document
        self.sha256 = sha256
        self.request = request
        self.receivedOn = receivedOn
        self.target = target
        self.flagAfter = flagAfter
    }
}

/// A document added to a request, with the existing markings it carries: each is a proposal
/// (a pre-assessment) for the assessment, never applied by itself.
public struct RequestItemProposal: Sendable, Hashable, Codable {
    public let document: String
    public let title: String
    public let added: Bool
    public let proposals: [Proposal]
    /// Released whole or not at all in this version (a file Diarium did not draw up).
    public let wholeOrNothing: Bool

    public struct Proposal: Sendable, Hashable, Codable {
        public let field: String
        public let provision: String
        public let reference: String
        /// The option that would apply the marking: `--mask FIELD=PROVISION`.
        public let option: String
    }
}

/// A request as `request list` shows it.
public struct RequestSummary: Sendable, Hashable, Codable {
    public let request: String
    public let organisation: String
    public let receivedAt: String
    public let receivedOn: CivilDate
    public let channel: String
    public let format: String
    public let anonymous: Bool
    /// Where the request stands; its `swedishLabel` is what staff read.
    public let status: RequestStatus
    public let documents: Int
    public let assessed: Int
    /// Working days since the day it came in (0 on that day).
    public let ageWorkingDays: Int
    public let target: CivilDate
    public let flagAfter: CivilDate
    public let overdue: Bool
    public let handledAt: String?
    /// Who it has been handed to (nil: the registry, as registered).
    public var handler: String?
}

/// Which requests the queue shows.
public enum RequestQueueView: String, Sendable, Hashable, CaseIterable {
    /// Open ones, oldest (and so overdue) first.
    case open
    case overdue
    /// Every request, newest first.
    case all
}

/// One page of the request queue and the totals of its selection.
public struct RequestQueuePage: Sendable, Hashable, Codable {
    public let items: [RequestSummary]
    public let total: Int
    public let overdue: Int
}

/// The decision an official makes about one document of a request (`request assess`).
public struct AssessmentInput: Sendable, Hashable {
    public struct Mask: Sendable, Hashable {
        public let field: String
        public let provision: String
        public init(field: String, provision: String) {
            self.field = field
            self.provision = provision
        }
    }

    public enum Choice: Sendable, Hashable {
        case release
        case mask([Mask])
        case refuse(provision: String, ground: AccessAssessment.RefusalGround)
    }

    public var choice: Choice?
    /// Marked details assessed as public now.
    public var lift: [String]
    public var reason: String?
    /// The official has read a file that Diarium cannot read whole as text (a PDF, an image)
    /// and found no secret detail in it.
    public var checkedManually: Bool

    public init(choice: Choice?, lift: [String] = [], reason: String? = nil, checkedManually: Bool = false) {
        self.choice = choice
        self.lift = lift
        self.reason = reason
        self.checkedManually = checkedManually
    }
}

/// What `request assess` recorded (or, without a choice, proposes).
public struct AssessmentResult: Sendable, Hashable, Codable {
    public let request: String
    public let document: String
    /// Nil when nothing was recorded (only the proposals are shown).
    public let assessment: AccessAssessment?
    public let proposals: [RequestItemProposal.Proposal]
}

extension Diarium {

    /// Registers a request for public documents as a received document in a case of its own,
    /// with its time of arrival. The requester may be anonymous: nothing asks who or why.
    public func openRequest(_ data: Data, handler: String? = nil) throws(DiariumError) -> RequestReceipt {
        let r: AccessRequest
        do { r = try AccessRequest.decode(data) } catch { throw .rejected(error) }
        var problems: [ValidationError] = []
        let organisation = store.config.organisation(r.organisation)
        if organisation == nil {
            problems.append(ValidationError(field: "organisation", rule: "organisation.unknown",
                                            message: "finns inte i konfigurationen; välj en av: \(store.config.organisations.map(\.code).joined(separator: ", "))"))
        }
        // A few minutes' grace for a clock that runs behind the mail server's.
        if r.receivedAt.timeIntervalSince(clock()) > 300 {
            problems.append(ValidationError(field: "receivedAt", rule: "date.in-future", message: "ligger efter nuvarande tidpunkt"))
        }
        for (i, m) in r.secrecy.enumerated() where legal.provision(m.provision, on: today) == nil {
            problems.append(ValidationError(field: "secrecy[\(i)].provision", rule: "provision.unknown",
                                            message: "är ingen sekretessbestämmelse i gällande rättsdata"))
        }
        // Naming who handles the request is the request staff's to do, not the requester's.
        if handler != nil, !principal.holds(.utlamnare) {
            throw .denied(rule: "access.role", message: Access.roleMessage(.utlamnare, "ange vem som handlägger en begäran"))
        }
        let handlerName = handler == nil ? "Registraturen"
            : Self.typedText(handler, field: "handler", maxLength: 200, required: true, problems: &problems) ?? "Registraturen"
        let receivedOn = store.today(r.receivedAt)
        let deadline = accessData.deadline(on: receivedOn)
        if deadline == nil {
            problems.append(ValidationError(field: "receivedAt", rule: "date.too-early",
                                            message: "ligger före den första dagen som rättsdatan för handläggningstider gäller (\(accessData.deadlines.map(\.validFrom).min()?.description ?? "–"))"))
        }
        // The documents asked for (the webbdiarium's request list) must be in the register.
        var asked: [StoredDocument] = []
        for (i, n) in r.documents.enumerated() {
            do { asked.append(try store.document(n)) } catch .documentNotFound {
                problems.append(ValidationError(field: "documents[\(i)]", rule: "document.not-found", message: "handlingen \(n) finns inte i diariet"))
            } catch { throw .store(error) }
        }
        guard problems.isEmpty, let organisation, let deadline else { throw .rejected(InputRejected(problems)) }

        let full = try renderAccessRequest(r, organisation, .full, .xml)
        _ = try renderAccessRequest(r, organisation, .public, .xml)
        let registration = Registration(
            organisation: r.organisation, caseNumber: nil, caseTitle: "Begäran om allmän handling", direction: .incoming,
            date: receivedOn, counterparty: r.isSecret("requester") ? nil : r.requester, title: "Begäran om allmän handling",
            documentType: "begaran-allman-handling", handler: handlerName, secrecy: r.secrecy)
        let receipt = try registerDrawnUp(registration, organisation: organisation, fileName: "begaran-\(receivedOn).xml", xml: full,
                                          kind: .accessRequest, data: data) { tx, id, inputSHA throws(DiariumError) in
            try tx.insertAccessRequest(documentID: id, organisation: r.organisation, receivedAt: r.receivedAt,
                                       receivedOn: receivedOn, channel: r.channel, format: r.format,
                                       anonymous: r.isAnonymous, inputSHA256: inputSHA)
            // A disposed document no longer exists: the request names it, staff answer that it is gone.
            for d in asked where d.disposal == nil { _ = try tx.addRequestItem(request: id, documentID: d.id, at: r.receivedAt, by: handlerName) }
        }
        var result = RequestReceipt(case: receipt.case, document: receipt.document, sha256: receipt.sha256, request: receipt.case,
                                    receivedOn: receivedOn,
                                    target: calendar.adding(workingDays: deadline.targetWorkingDays, to: receivedOn),
                                    flagAfter: calendar.adding(workingDays: deadline.flagAfterWorkingDays, to: receivedOn))
        result.deadlineReference = deadline.reference
        result.documents = asked.filter { $0.disposal == nil }.map(\.entry.number.description)
        return result
    }

    func renderAccessRequest(_ r: AccessRequest, _ o: Organisation, _ audience: Audience, _ format: RenderFormat) throws(DiariumError) -> String {
        try rendered(.accessRequest, format) { () throws(TemplateError) in
            try renderer.accessRequest(AccessRequestView(r, organisation: o, for: audience, legal: legal), as: format)
        }
    }

    /// A registered request, made again from its archived input for `audience`.
    func accessRequestDocument(_ stored: StoredDocument, audience: Audience, format: RenderFormat) throws(DiariumError) -> String {
        try renderAccessRequest(try archivedRequest(stored), stored.entry.organisation, audience, format)
    }

    /// The request's own secret values (a requester who asked not to be named): no assessment
    /// reason, copy or decision may hold them.
    /// The disposal of the request's own document (its first in its case), if it was disposed of;
    /// `requireNotDisposed` refuses anything handed out from such a request.
    func requestDisposal(_ req: AccessRequestRow) -> DisposalMark? {
        CaseNumber(parsing: req.number).flatMap { DocumentNumber(caseNumber: $0, sequence: 1) }.flatMap { try? store.document($0) }?.disposal
    }

    func requireNotDisposed(_ req: AccessRequestRow) throws(DiariumError) {
        if let gone = requestDisposal(req) { throw .reject("request", "request.disposed", "begäran gallrades \(Timestamp.swedishLocal(Timestamp.iso(gone.disposedAt))) enligt informationshanteringsplanen; inget kan lämnas ut i den längre") }
    }

    func requestSecrets(_ req: AccessRequestRow) throws(DiariumError) -> [LeakCheck.Secret] {
        try requireNotDisposed(req)
        let r = try archivedRequest(req)
        return LeakCheck.Secret.of(r.secretSet, document: req.number)
    }

    /// The request with staff's number for it (its case number).
    @_spi(Tools) public func request(_ number: String) throws(DiariumError) -> AccessRequestRow {
        guard let n = CaseNumber(parsing: number) else {
            throw .reject("request", "request-number.invalid", "ska vara ett ärendenummer för en begäran, t.ex. RS 2026/0043")
        }
        let row: AccessRequestRow?
        do { row = try store.accessRequest(number: n.description) } catch { throw .store(error) }
        guard let row else { throw .reject("request", "request.not-found", "det finns ingen begäran om allmän handling med det numret") }
        try requireOrganisation(row.organisation)
        return row
    }

    func findForRequest(_ number: String, _ query: SearchQuery) throws(DiariumError) -> [SearchHit] {
        _ = try request(number)
        return try search(query, scope: .internal)
    }

    func addToRequest(_ number: String, documents: [String], seen: Int? = nil) throws(DiariumError) -> [RequestItemProposal] {
        let req = try request(number)
        try requireRevision(req, seen)
        guard req.status != .decided else {
            throw .reject("request", "request.decided", "begäran är redan avgjord med ett beslut; öppna en ny begäran för fler handlingar")
        }
        guard !documents.isEmpty else { throw .reject("document", "required", "ange minst en handling") }
        guard documents.count <= 1000 else { throw .reject("document", "array.max-count", "högst 1000 handlingar åt gången") }
        var problems: [ValidationError] = []
        var found: [StoredDocument] = []
        for (i, text) in documents.enumerated() {
            guard let n = DocumentNumber(parsing: text) else {
                problems.append(ValidationError(field: "document[\(i)]", rule: "document-number.invalid", message: "ska vara ett diarienummer för en handling, t.ex. RS 2026/0042-1"))
                continue
            }
            do {
                let stored = try store.document(n)
                // An official assesses only documents of the organisations they act for: another
                // organisation's (and its secrets) is that organisation's to assess.
                guard actsFor(stored.entry.organisation.code) else {
                    problems.append(ValidationError(field: "document[\(i)]", rule: "request.document-other-organisation",
                                                    message: "handlingen \(n) hör till \(stored.entry.organisation.name), som du inte handlägger begäranden för; hänvisa sökanden dit eller be den myndigheten pröva handlingen"))
                    continue
                }
                if let gone = stored.disposal {
                    problems.append(ValidationError(field: "document[\(i)]", rule: "request.document-disposed",
                                                    message: "handlingen \(n) gallrades \(Timestamp.swedishLocal(Timestamp.iso(gone.disposedAt))) enligt \(gone.decision) (gallringsprotokoll \(gone.record)) och finns inte längre; svara sökanden det"))
                    continue
                }
                found.append(stored)
            } catch .documentNotFound {
                problems.append(ValidationError(field: "document[\(i)]", rule: "document.not-found", message: "handlingen \(n) finns inte i diariet"))
            } catch { throw .store(error) }
        }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        let now = clock()
        let added: [Bool]
        added = try store.write { (tx: Transaction) throws(DiariumError) in
                let revision = try touch(tx, req, seen)
                let flags = try found.map { f throws(DiariumError) in try tx.addRequestItem(request: req.documentID, documentID: f.id, at: now, by: actor) }
                try tx.appendAudit(AuditEvent(at: clock(), actor: actor, action: "request.add", subject: req.number,
                                              detail: ["documents": found.map(\.entry.number.description).joined(separator: " "), "revision": String(revision)]))
                return flags
        }
        return try zip(found, added).map { (stored, isNew) throws(DiariumError) in
            let source = try accessSource(stored)
            return RequestItemProposal(document: stored.entry.number.description, title: RegisterView(stored.entry, for: .public, legal: legal).publicTitle,
                                       added: isNew, proposals: proposals(source), wholeOrNothing: source.isFile)
        }
    }

    /// The markings as the options that would apply them. A file whose whole content is marked
    /// cannot be masked: the proposal is to refuse it.
    func proposals(_ source: AccessSource) -> [RequestItemProposal.Proposal] {
        source.markings.map { m in
            let wholeFile = source.isFile && m.field == FieldPath("content")
            return .init(field: m.field.description, provision: m.provision, reference: legal.reference(m.provision),
                         option: wholeFile ? "--refuse \(m.provision) --reason TEXT" : "--mask \(m.field)=\(m.provision)")
        }
    }

    func assess(_ number: String, document documentText: String, _ input: AssessmentInput, seen: Int? = nil) throws(DiariumError) -> AssessmentResult {
        let req = try request(number)
        if input.choice != nil { try requireRevision(req, seen) }
        guard req.status != .decided else {
            throw .reject("request", "request.decided", "begäran är redan avgjord med ett beslut")
        }
        let stored = try document(documentText)
        let added: Bool
        do { added = try store.requestHasItem(request: req.documentID, documentID: stored.id) } catch { throw .store(error) }
        guard added else {
            throw .reject("document", "request.document-not-added", "handlingen hör inte till begäran; lägg till den först med `diarium request add \(req.number) \(stored.entry.number)`")
        }
        let source = try accessSource(stored)
        guard let choice = input.choice else {
            return AssessmentResult(request: req.number, document: stored.entry.number.description, assessment: nil, proposals: proposals(source))
        }
        var problems: [ValidationError] = []
        let provisionOK = { (id: String) in self.legal.provision(id, on: self.today) != nil }
        // The marked details must each be answered.
        var lifted: [FieldPath] = []
        for (i, text) in input.lift.enumerated() {
            if let path = FieldPath(parsing: text), source.protections.contains(where: { $0.field == path }) {
                problems.append(ValidationError(field: "lift[\(i)]", rule: "lift.built-in-protection",
                                                message: "uppgiften är en enskild näringsidkares personnummer, som Diarium aldrig lämnar ut i en kopia (inbyggt skydd); visar prövningen att den är offentlig, lämna ut den på annat sätt"))
                continue
            }
            guard let path = FieldPath(parsing: text), source.markings.contains(where: { $0.field == path }) else {
                problems.append(ValidationError(field: "lift[\(i)]", rule: "lift.not-marked", message: "fältet är inte sekretessmarkerat i handlingen; bara markerade uppgifter kan lyftas"))
                continue
            }
            lifted.append(path)
        }
        var masks: [SecrecyMarking] = []
        var assessment: AccessAssessment
        let reason = Self.typedText(input.reason, field: "reason", lines: .many, maxLength: 2000, required: false, problems: &problems)
        switch choice {
        case .release:
            assessment = AccessAssessment(outcome: .release, lifted: lifted, reason: reason, checkedManually: input.checkedManually ? true : nil)
        case .mask(let pairs):
            if pairs.isEmpty { problems.append(ValidationError(field: "mask", rule: "required", message: "ange minst en uppgift att maskera som FÄLT=BESTÄMMELSE")) }
            var seen = Set<FieldPath>()
            for (i, pair) in pairs.enumerated() {
                guard let path = FieldPath(parsing: pair.field), source.markable(path) else {
                    problems.append(ValidationError(field: "mask[\(i)]", rule: "secrecy.field-not-markable", message: "fältet finns inte i handlingen eller kan inte maskeras"))
                    continue
                }
                if !provisionOK(pair.provision) {
                    problems.append(ValidationError(field: "mask[\(i)]", rule: "provision.unknown", message: "är ingen sekretessbestämmelse i gällande rättsdata"))
                }
                if !seen.insert(path).inserted {
                    problems.append(ValidationError(field: "mask[\(i)]", rule: "secrecy.duplicate", message: "fältet maskeras redan i en tidigare post"))
                }
                if lifted.contains(path) {
                    problems.append(ValidationError(field: "mask[\(i)]", rule: "assessment.mask-and-lift", message: "fältet kan inte både maskeras och lyftas"))
                }
                masks.append(SecrecyMarking(field: path, provision: pair.provision, reason: reason ?? "Prövad vid begäran om allmän handling"))
            }
            if source.isFile, masks.contains(where: { $0.field == FieldPath("content") }) {
                problems.append(ValidationError(field: "mask", rule: "assessment.content-means-refuse",
                                                message: "hela innehållet kan inte maskeras; vägra utlämnande av handlingen med --refuse BESTÄMMELSE --reason TEXT"))
            }
            if source.isFile, !masks.isEmpty, !input.checkedManually, !source.fileIsText() {
                problems.append(ValidationError(field: "mask", rule: "assessment.file-not-readable",
                                                message: "filen kan inte läsas som text, så Diarium kan varken maska den eller visa att de maskerade uppgifterna saknas i den; granska filen och ange --checked-manually om den inte innehåller dem, annars vägra utlämnande med stöd av en sekretessbestämmelse"))
            }
            // A masked value inside text that stays would be released with it.
            for e in source.freeTextProblems(masks) {
                problems.append(ValidationError(field: "mask", rule: e.rule,
                                                message: "fältet \(e.field) innehåller en uppgift som maskeras; maskera även \(e.field)"))
            }
            assessment = AccessAssessment(outcome: .mask, masks: masks, lifted: lifted, reason: reason, checkedManually: input.checkedManually ? true : nil)
        case .refuse(let provision, let ground):
            if ground == .cannotMask {
                problems.append(ValidationError(field: "ground", rule: "assessment.effort-no-ground",
                                                message: "att en handling är svår eller tidsödande att maska är inget skäl att vägra utlämnande (RÅ 1979 Ab 6); maska uppgifterna (en läsbar fil lämnas ut som maskerad textkopia) eller vägra med stöd av en bestämmelse som omfattar hela handlingen (--ground secret)"))
            }
            if !provisionOK(provision) {
                problems.append(ValidationError(field: "refuse", rule: "provision.unknown", message: "är ingen sekretessbestämmelse i gällande rättsdata"))
            }
            if reason == nil {
                problems.append(ValidationError(field: "reason", rule: "required", message: "ett avslag ska motiveras (--reason); motiveringen står i beslutet"))
            }
            if !input.lift.isEmpty {
                problems.append(ValidationError(field: "lift", rule: "assessment.lift-on-refusal", message: "en vägrad handling lämnas inte ut; --lift hör till --release och --mask"))
            }
            assessment = AccessAssessment(outcome: .refuse, refusalGround: ground, provision: provision, reason: reason)
        }
        // An absolute secrecy that an event in the matter has ended (19 kap. 3 § andra stycket
        // OSL once the award decision is taken or a contract signed) cannot carry a mask or a
        // refusal: the detail must be assessed under another provision, or released.
        let provisionsUsed: [(field: String, provision: String)] = {
            if case .refuse(let p, _) = choice { return [("refuse", p)] }
            return masks.map { ("mask", $0.provision) }
        }()
        for (field, id) in provisionsUsed {
            guard let p = legal.provision(id, on: today), let ends = p.endsWith, !ends.isEmpty else { continue }
            let inCase: [(number: String, documentType: String)]
            do { inCase = try store.documentTypes(inCase: stored.entry.number.caseNumber) } catch { throw .store(error) }
            if let event = inCase.first(where: { ends.contains($0.documentType) }) {
                let label = legal.documentType(event.documentType)?.label ?? event.documentType
                problems.append(ValidationError(
                    field: field, rule: "assessment.secrecy-ended",
                    message: "sekretessen enligt \(p.shortReference) har upphört: ärendet har en registrerad handling av typen \(label) (\(event.number)). \(p.durationNote) Pröva uppgiften enligt en annan bestämmelse eller lyft markeringen"))
            }
        }
        if case .refuse = choice {} else {
            let answered = Set(masks.map(\.field)).union(lifted)
            for m in source.markings where !answered.contains(m.field) {
                problems.append(ValidationError(
                    field: m.field.description, rule: "assessment.marking-unanswered",
                    message: "är sekretessmarkerad (\(legal.reference(m.provision))); pröva uppgiften nu: --mask \(m.field)=\(m.provision) eller --lift \(m.field)"))
            }
        }
        // The reason is shown to the requester: it may not hold a value kept secret.
        if let reason {
            let secret = source.markings + masks
            let set = source.secretSet(secret)
            let check = LeakCheck(LeakCheck.Secret.of(set, document: "") + (try requestSecrets(req)),
                                  publicNames: [stored.entry.handler, stored.entry.registeredBy, actor] + set.publicNames)
            if let hit = check.scan(text: reason) {
                problems.append(ValidationError(field: "reason", rule: "secrecy.value-in-public-field",
                                                message: "innehåller uppgiften i \(hit.field), som är sekretessmarkerad eller maskeras; motiveringen står i beslutet till sökanden"))
            }
        }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        let now = clock()
        try store.write { (tx: Transaction) throws(DiariumError) in
                let revision = try touch(tx, req, seen)
                try tx.assess(request: req.documentID, documentID: stored.id, assessment, at: now, by: actor)
                try tx.appendAudit(AuditEvent(at: clock(), actor: actor, action: "request.assess", subject: req.number,
                                              detail: ["document": stored.entry.number.description, "outcome": assessment.outcome.rawValue,
                                                       "masks": String(assessment.masks.count), "lifted": String(assessment.lifted.count),
                                                       "revision": String(revision)]))
        }
        return AssessmentResult(request: req.number, document: stored.entry.number.description, assessment: assessment, proposals: proposals(source))
    }

    func listRequests(overdueOnly: Bool = false, includeHandled: Bool = false) throws(DiariumError) -> [RequestSummary] {
        let rows: [AccessRequestRow]
        do { rows = try store.accessRequests(statuses: includeHandled ? nil : [.open]) } catch { throw .store(error) }
        var out: [RequestSummary] = []
        for r in rows where actsFor(r.organisation) {
            let summary = try summarise(r)
            if overdueOnly && !summary.overdue { continue }
            out.append(summary)
        }
        return out
    }

    /// One page of the request queue: the open requests oldest first (which puts the overdue
    /// ones first: a request is overdue exactly when it came in on or before a day), or only the
    /// overdue, or all newest first; with the totals of the whole selection.
    func requestQueue(_ view: RequestQueueView, limit: Int, offset: Int) throws(DiariumError) -> RequestQueuePage {
        var q = RequestPageQuery(statuses: view == .all ? nil : [.open])
        if case .only(let codes) = principal.organisations { q.organisations = codes.sorted() }
        q.overdueOnOrBefore = overdueCutoff()
        q.onlyOverdue = view == .overdue
        q.newestFirst = view == .all
        q.limit = max(0, min(limit, 1000))
        q.offset = max(0, offset)
        let page: RequestPage
        do { page = try store.accessRequestPage(q) } catch { throw .store(error) }
        let items = try page.rows.filter { actsFor($0.organisation) }.map { r throws(DiariumError) in try summarise(r) }
        return RequestQueuePage(items: items, total: page.total, overdue: page.overdue)
    }

    /// The latest day on which a request that came in is overdue today (nil: none is).
    func overdueCutoff() -> CivilDate? {
        for back in 0...60 {
            let day = today.adding(days: -back)
            guard let deadline = accessData.deadline(on: day) else { continue }
            if today > calendar.adding(workingDays: deadline.flagAfterWorkingDays, to: day) { return day }
        }
        return today.adding(days: -61)
    }

    /// A request's row as `request list` shows it: its age, target and flag date.
    func summarise(_ r: AccessRequestRow) throws(DiariumError) -> RequestSummary {
        let on = r.receivedOn
        guard let deadline = accessData.deadline(on: on) else { throw .setup("public-access.json has no deadline row for \(on)") }
        let flagAfter = calendar.adding(workingDays: deadline.flagAfterWorkingDays, to: on)
        var summary = RequestSummary(
            request: r.number, organisation: r.organisation, receivedAt: Timestamp.iso(r.receivedAt), receivedOn: on, channel: r.channel.rawValue,
            format: r.format.rawValue, anonymous: r.anonymous, status: r.status, documents: r.documents,
            assessed: r.assessed, ageWorkingDays: calendar.workingDays(from: on, to: today),
            target: calendar.adding(workingDays: deadline.targetWorkingDays, to: on), flagAfter: flagAfter,
            overdue: r.handledAt == nil && today > flagAfter, handledAt: r.handledAt.map(Timestamp.iso))
        summary.handler = r.handler
        return summary
    }
}
