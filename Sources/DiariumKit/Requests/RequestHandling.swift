public import DiariumModel
import DiariumRender
import DiariumRules
import DiariumStore
public import Foundation

/// A request as the official who handles it sees it: where it stands, the requester's words and
/// contact with what is marked secret, each document with its markings as proposals and its
/// assessment, the latest release, the decision, and what has happened to it.
public struct RequestDetail: Sendable, Encodable {
    public let summary: RequestSummary
    /// Who handles it now.
    public let handler: String
    /// Moves with every change: a form sends back the revision it was made from.
    public let revision: Int
    /// The registered request itself (the case's first document).
    public let requestDocument: String
    public let description: Detail
    public let requester: Detail?
    public let email: Detail?
    public let phone: Detail?
    public let address: Detail?
    public let formatLabel: String
    public let channelLabel: String
    public let items: [Item]
    public let release: Release?
    /// The registered decision, once written.
    public let decision: String?
    /// What has happened to the request, newest first.
    public let history: [RequestEvent]

    /// A detail of the request with the provision it is marked under (staff see the value).
    public struct Detail: Sendable, Hashable, Encodable {
        public let value: String
        public let secrecy: String?
    }

    public struct Item: Sendable, Encodable {
        public let document: String
        public let title: String
        public let documentTypeLabel: String
        public let addedAt: Date
        public let proposals: [RequestItemProposal.Proposal]
        /// Every detail the assessment may mask, with its value.
        public let maskable: [MaskableDetail]
        /// Released whole or not at all (a registered file), and whether its text can be read.
        public let wholeOrNothing: Bool
        public let readable: Bool
        public let assessment: AccessAssessment?
        public let assessedBy: String?
        public let assessedAt: Date?
    }

    public struct Release: Sendable, Hashable, Encodable {
        public let releasedAt: Date
        public let releasedBy: String
        public let pages: Int
        public let fee: Amount
        /// The copies can be downloaded as one ZIP.
        public let hasArchive: Bool
        /// Nothing was added or assessed since: the copies are those of the request as it is.
        public let current: Bool
    }
}

/// One thing that happened to a request (from the audit chain).
public struct RequestEvent: Sendable, Hashable, Codable {
    public let at: String
    public let actor: String
    public let action: String
    /// What happened, in Swedish.
    public let label: String
    public let revision: Int?
}

/// The ZIP of a release, to download.
public struct ReleaseDownload: Sendable, Hashable {
    public let name: String
    public let data: Data
}

/// A copy as it will be released: its name, its media type and its bytes.
public struct CopyPreview: Sendable, Hashable {
    public let name: String
    public let mediaType: String
    public let data: Data
    public let sha256: String
}

extension Diarium {
    static let requestActionLabels = [
        "request.open": "Begäran registrerades", "request.add": "Handlingar lades till", "request.assess": "En handling prövades",
        "request.release": "Kopior lämnades ut", "request.release-stopped": "Utlämnandet stoppades av läckkontrollen",
        "request.assign": "Begäran lämnades över", "request.decide": "Beslut skrevs",
    ]

    /// Refuses when the request has changed since revision `seen`, naming what changed and who
    /// changed it, so that the official can look again before acting.
    func requireRevision(_ req: AccessRequestRow, _ seen: Int?) throws(DiariumError) {
        guard let seen, req.revision != seen else { return }
        throw try changedSince(req, seen)
    }

    func changedSince(_ req: AccessRequestRow, _ seen: Int) throws(DiariumError) -> DiariumError {
        let events = try requestHistory(req).filter { ($0.revision ?? 0) > seen }.reversed()
        let what = events.map { "\($0.label.prefix(1).lowercased() + $0.label.dropFirst()) av \($0.actor) \(Timestamp.swedishLocal($0.at))" }
        return .reject("revision", "request.changed",
                       "begäran har ändrats sedan du öppnade den" + (what.isEmpty ? "" : ": " + what.joined(separator: "; "))
                       + ". Ingenting av det du skrev har sparats; se över begäran och skicka igen")
    }

    /// Moves the request's revision on inside `tx`; refused when another official moved it
    /// first. Returns the new revision.
    func touch(_ tx: Transaction, _ req: AccessRequestRow, _ seen: Int?) throws(DiariumError) -> Int {
        // Without a form's revision, the one this call read: a change made meanwhile by
        // someone else (a web page, another command) is never overwritten unseen.
        guard let revision = try tx.touchRequest(req.documentID, expected: seen ?? req.revision) else {
            throw try changedSince(req, seen ?? req.revision)
        }
        return revision
    }

    func requestHistory(_ req: AccessRequestRow) throws(DiariumError) -> [RequestEvent] {
        let records: [AuditRecord]
        do { records = try store.auditEvents(AuditFilter(subject: req.number, limit: 1000)) } catch { throw .store(error) }
        return records.compactMap { r in
            guard let label = Self.requestActionLabels[r.action] else { return nil }
            let detail = (try? JSONDecoder().decode([String: String].self, from: Data(r.detail.utf8))) ?? [:]
            var text = label
            if r.action == "request.assign", let to = detail["handler"] { text += " till \(to)" }
            if r.action == "request.assess", let d = detail["document"] {
                text = "\(d) prövades: " + (AccessAssessment.Outcome(rawValue: detail["outcome"] ?? "")?.swedishLabel ?? "")
            }
            if r.action == "request.add", let d = detail["documents"] { text += ": " + d }
            return RequestEvent(at: r.at, actor: r.actor, action: r.action, label: text, revision: detail["revision"].flatMap(Int.init))
        }
    }

    func requestDetail(_ number: String) throws(DiariumError) -> RequestDetail {
        let req = try request(number)
        let summary = try summarise(req)
        // A request disposed of under the plan has no input left: its page says so.
        let disposal = requestDisposal(req)
        let input = disposal == nil ? try archivedRequest(req) : nil
        func detail(_ value: String?, _ field: String) -> RequestDetail.Detail? {
            value.map { .init(value: $0, secrecy: input?.secrecy.first { $0.field == FieldPath(field) }.map { legal.reference($0.provision) }) }
        }
        let gone = disposal.map { "Begäran gallrades \(Timestamp.swedishLocal(Timestamp.iso($0.disposedAt))) enligt \($0.decision) (gallringsprotokoll \($0.record))." }
        let contactField = { (key: String) in "contact.\(key)" }
        let rows: [RequestItemRow]
        do { rows = try store.requestItems(request: req.documentID) } catch { throw .store(error) }
        var items: [RequestDetail.Item] = []
        for row in rows {
            guard let n = DocumentNumber(parsing: row.document) else { throw .store(.database("request item \(row.document) has a bad number")) }
            let stored: StoredDocument
            do { stored = try store.document(n) } catch { throw .store(error) }
            // A document of another organisation (attached before that was refused) is shown
            // only to who acts for it.
            try requireOrganisation(stored.entry.organisation.code)
            let source = try accessSource(stored)
            items.append(RequestDetail.Item(
                document: row.document, title: stored.entry.title,
                documentTypeLabel: legal.documentType(stored.entry.documentType)?.label ?? stored.entry.documentType,
                addedAt: row.addedAt, proposals: proposals(source), maskable: source.maskableDetails(),
                wholeOrNothing: source.isFile, readable: !source.isFile || CopyPages.isText(stored.entry.file.mediaType),
                assessment: row.assessment, assessedBy: row.assessedBy, assessedAt: row.assessedAt))
        }
        let latest = try latestRelease(req)
        let release = latest.map {
            RequestDetail.Release(releasedAt: $0.releasedAt, releasedBy: $0.releasedBy, pages: $0.pages, fee: Amount(ore: $0.feeOre),
                                  hasArchive: $0.archiveSHA256 != nil && disposal == nil, current: !Self.changedAfter($0, rows))
        }
        let caseNumber = CaseNumber(parsing: req.number)
        var decision: String?
        if req.status == .decided, let caseNumber {
            let inCase: [(number: String, documentType: String)]
            do { inCase = try store.documentTypes(inCase: caseNumber) } catch { throw .store(error) }
            decision = inCase.last { $0.documentType == "beslut-utlamnande" }?.number
        }
        let first = caseNumber.flatMap { DocumentNumber(caseNumber: $0, sequence: 1) }
        let firstDocument = first?.description ?? req.number
        let registeredHandler = first.flatMap { try? store.document($0) }?.entry.handler
        return RequestDetail(
            summary: summary, handler: req.handler ?? registeredHandler ?? "Registraturen",
            revision: req.revision, requestDocument: firstDocument,
            description: input.map { i in detail(i.description, "description") ?? .init(value: i.description, secrecy: nil) }
                ?? .init(value: gone ?? "", secrecy: nil),
            requester: detail(input?.requester, "requester"), email: detail(input?.email, contactField("email")),
            phone: detail(input?.phone, contactField("phone")), address: detail(input?.address, contactField("address")),
            formatLabel: req.format.swedishLabel, channelLabel: req.channel.swedishLabel,
            items: items, release: release, decision: decision, history: try requestHistory(req))
    }

    /// Hands the request to `handler` (a colleague's account name, or a name as the registry
    /// writes it).
    func assignRequest(_ number: String, to handler: String, seen: Int?) throws(DiariumError) -> RequestDetail {
        let req = try request(number)
        try requireRevision(req, seen)
        var problems: [ValidationError] = []
        let name = Self.typedText(handler, field: "handler", maxLength: 200, required: true, problems: &problems)
        guard problems.isEmpty, let name else { throw .rejected(InputRejected(problems)) }
        try store.write { (tx: Transaction) throws(DiariumError) in
            let revision = try touch(tx, req, seen)
            try tx.assignRequest(req.documentID, handler: name)
            try tx.appendAudit(AuditEvent(at: clock(), actor: actor, action: "request.assign", subject: req.number,
                                          detail: ["handler": name, "revision": String(revision)]))
        }
        return try requestDetail(number)
    }

    /// The copies of one assessed document exactly as a release now would make them, after
    /// the same leak check: what the official previews is what the requester gets.
    func previewCopies(_ number: String, document documentText: String) throws(DiariumError) -> [CopyPreview] {
        let req = try request(number)
        let stored = try document(documentText)
        try requireOrganisation(stored.entry.organisation.code)
        let rows: [RequestItemRow]
        do { rows = try store.requestItems(request: req.documentID) } catch { throw .store(error) }
        guard let row = rows.first(where: { $0.documentID == stored.id }) else {
            throw .reject("document", "request.document-not-added", "handlingen hör inte till begäran")
        }
        guard row.assessment != nil else {
            throw .reject("document", "request.not-assessed", "handlingen är inte prövad; pröva den först")
        }
        // The check of a release: every assessed document of the request (one not yet assessed
        // adds nothing until it is, and the release runs all of this again).
        var items: [AssessedItem] = []
        for r in rows {
            guard let a = r.assessment, let n = DocumentNumber(parsing: r.document) else { continue }
            let s: StoredDocument
            do { s = try store.document(n) } catch { throw .store(error) }
            items.append(AssessedItem(source: try accessSource(s), assessment: a, row: r))
        }
        guard let item = items.first(where: { $0.number == stored.entry.number.description }) else { return [] }
        let check = try releaseCheck(items)
        let (files, _) = try madeCopies([item], check)
        try leakCheck(files, check, items: items, request: req, recordStop: false)
        return try files.map { made throws(DiariumError) in
            var data = Data()
            try made.copy.chunks { data.append($0) }
            return CopyPreview(name: made.copy.name, mediaType: Self.mediaType(of: made.copy.name, stored: stored), data: data, sha256: made.copy.sha256)
        }
    }

    /// Whether a document was added to the request or assessed after `release`.
    static func changedAfter(_ release: RequestReleaseRow, _ rows: [RequestItemRow]) -> Bool {
        rows.contains { ($0.assessedAt ?? .distantPast) > release.releasedAt || $0.addedAt > release.releasedAt }
    }

    static func mediaType(of name: String, stored: StoredDocument) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "xml": "application/xml"
        case "html": "text/html"
        case "txt": "text/plain"
        default: stored.entry.file.mediaType
        }
    }

    /// The latest release of the request as the ZIP handed out, read back and checked against
    /// its hash.
    func releasedArchive(_ number: String) throws(DiariumError) -> (name: String, data: Data) {
        let req = try request(number)
        // A disposed request's copies went with it.
        try requireNotDisposed(req)
        guard let latest = try latestRelease(req), let sha = latest.archiveSHA256 else {
            throw .reject("request", "release.no-archive", "begäran har inget utlämnande att ladda ned; lämna ut kopiorna först")
        }
        let rows: [RequestItemRow]
        do { rows = try store.requestItems(request: req.documentID) } catch { throw .store(error) }
        // Copies made before an assessment changed may hold what is now masked.
        guard !Self.changedAfter(latest, rows) else {
            throw .reject("request", "release.outdated", "en handling har lagts till eller prövats om sedan kopiorna lämnades ut; lämna ut dem igen innan de skickas")
        }
        let data: Data
        do { data = try store.objects.read(sha) } catch { throw .store(error) }
        guard SHA256Hex.of(data) == sha else { throw .internalFault("the release archive of \(req.number) does not match its hash") }
        return ("utlamnande-" + Self.copyBaseName(req.number) + ".zip", data)
    }

    /// The names of the enabled accounts with `role` that act for `organisation`: whom a
    /// request may be handed to.
    func colleagues(role: Principal.Role, organisation: String) throws(DiariumError) -> [String] {
        let accounts: [AccountRow]
        do { accounts = try store.accounts() } catch { throw .store(error) }
        return accounts.filter { a in
            !a.disabled && a.roles.contains(role) && (a.organisations.isEmpty || a.organisations.contains(organisation))
        }.map(\.name).sorted()
    }
}
