public import DiariumModel
public import DiariumRender
public import DiariumRules
public import DiariumStore
public import Foundation

/// The Kit's use cases as the faces call them: each takes the principal who acts, checks the role it
/// needs here and runs bound to that principal (the organisation is checked where the use case knows
/// it). The bodies are the internal methods of the same name in the folders by concept.

// MARK: - Archive: SearchRegister

extension Diarium {
    /// Searches the register. `public` searches only the public index (what the public register
    /// shows); `internal` also finds text inside registered XML, HTML and plain-text files.
    public func search(_ query: SearchQuery, scope: SearchScope, as principal: Principal) throws(DiariumError) -> [SearchHit] {
        try bound(to: principal, .anyone, "söka i diariet").search(query, scope: scope)
    }

    /// How many documents the search finds in all, for a hit count beside its pages.
    public func searchCount(_ query: SearchQuery, scope: SearchScope, as principal: Principal) throws(DiariumError) -> Int {
        try bound(to: principal, .anyone, "söka i diariet").searchCount(query, scope: scope)
    }

    /// The documents of a case, in order, for `audience` (the public view, or for staff of the
    /// case's organisation the full one).
    public func caseEntries(_ caseNumber: String, audience: Audience, as principal: Principal) throws(DiariumError) -> [RegisterView] {
        try bound(to: principal, .anyone, "visa ärenden").caseEntries(caseNumber, audience: audience)
    }
}

// MARK: - Archive: Show

extension Diarium {
    /// A registered document's record for `audience` in `format`. The full XML is the archived
    /// record itself, checked against its hash; every other output is rendered from the data,
    /// the public ones from the public view.
    public func show(_ numberText: String, audience: Audience, format: ShowFormat, as principal: Principal) throws(DiariumError) -> String {
        try bound(to: principal, .anyone, "visa handlingar").show(numberText, audience: audience, format: format)
    }

    /// The view of a document as data (for the web application and tests).
    public func view(_ numberText: String, audience: Audience, as principal: Principal) throws(DiariumError) -> RegisterView {
        try bound(to: principal, .anyone, "visa handlingar").view(numberText, audience: audience)
    }
}

extension Diarium {
    /// Whether a registered file's text is in the internal search, as its registration recorded.
    public func textNote(_ numberText: String, as principal: Principal) throws(DiariumError) -> String? {
        try bound(to: principal, .staff, "visa handlingar").textNote(numberText)
    }
}

// MARK: - Archive: VerifyStore

extension Diarium {
    /// Re-hashes the archive, checks every row's objects, the audit chain and its anchor (the
    /// store's part), and compares what the database holds with what it was made from: each
    /// register row with its archived record (diarieblad), the two search indexes with the views
    /// they were built from, and the procurement, deviation, request and purchase rows with their
    /// archived inputs. A value changed in the database after the fact is damage.
    /// Signatures of the anchor log are checked with `publicKey` when given (a verifier who
    /// holds only that), else with the store's key file; `publishedHeads` against the chain.
    public func verify(publicKey: AnchorPublicKey? = nil, publishedHeads: [AnchorHead] = [], as principal: Principal) throws(DiariumError) -> VerifyReport {
        try bound(to: principal, .role(.admin), "kontrollera arkivet").verify(publicKey: publicKey, publishedHeads: publishedHeads)
    }
}

// MARK: - BoardReport: BoardReportKit

extension Diarium {
    /// Compiles Inköpsnämndens uppföljningsrapport for `from`…`to` from the register: deviations,
    /// escalations, time to resolution, direct procurements documented, late and missing, and
    /// the possible penalty. Nothing is stored.
    public func compileBoardReport(from fromText: String, to toText: String, organisation code: String = "IN", as principal: Principal) throws(DiariumError) -> BoardReport {
        try bound(to: principal, .role(.namnd), "ta fram nämndens rapport").compileBoardReport(from: fromText, to: toText, organisation: code)
    }

    /// Compiles the report and registers it as a document drawn up by the board (`code`), as
    /// XML (schemas/board-report.xsd) with HTML and text views, in the case of the period.
    public func boardReport(from: String, to: String, organisation code: String = "IN", as principal: Principal) throws(DiariumError) -> Receipt {
        try bound(to: principal, .role(.namnd), "registrera nämndens rapport").boardReport(from: from, to: to, organisation: code)
    }
}

// MARK: - Deviations: DeviationDrafts

extension Diarium {
    /// Opens a draft deviation for every direct procurement documented in spite of failed checks
    /// (`--accept-findings`) that has none yet. Idempotent: called right after documenting, and
    /// again by `audit purchases --create`, so a crash between the two leaves nothing unreported.
    @discardableResult
    public func openProcurementDeviations(as principal: Principal) throws(DiariumError) -> [Receipt] {
        try bound(to: principal, .role(.handlaggare), "öppna utkast till avsteg").openProcurementDeviations()
    }
}

// MARK: - Deviations: DeviationList

extension Diarium {
    /// The deviations matching `q`, oldest report first.
    public func listDeviations(_ q: DeviationQuery, as principal: Principal) throws(DiariumError) -> [DeviationListItem] {
        try bound(to: principal, .staff, "lista avsteg").listDeviations(q)
    }

    /// How many deviations match `q` (its page aside): a list's page count.
    public func countDeviations(_ q: DeviationQuery, as principal: Principal) throws(DiariumError) -> Int {
        try bound(to: principal, .staff, "lista avsteg").countDeviations(q)
    }
}

// MARK: - Deviations: DeviationSteps

extension Diarium {
    /// Takes one step on the deviation `number`, registered as a dated document in its case.
    /// A step that skips a level, goes back, or does not follow from the current state is
    /// refused with the reason.
    public func deviationStep(_ numberText: String, _ step: DeviationStep, by: String, note: String, expectedState: String? = nil, as principal: Principal) throws(DiariumError) -> Receipt {
        try bound(to: principal, .staff, "föra avsteg vidare").deviationStep(numberText, step, by: by, note: note, seen: expectedState)
    }
}

extension Diarium {
    /// What each step of a deviation says (its registered note), by the step's document.
    public func deviationNotes(_ numberText: String, as principal: Principal) throws(DiariumError) -> [String: String] {
        try bound(to: principal, .staff, "se avsteg").deviationNotes(numberText)
    }
}

// MARK: - Deviations: ReportDeviation

extension Diarium {
    /// Registers a report of a deviation from the procurement policy ("Rapport om avsteg från
    /// inköpspolicy") as XML (schemas/deviation.xsd), in the case of the procurement it concerns,
    /// in `caseNumber`, or in a case of its own.
    public func reportDeviation(_ data: Data, caseNumber: String? = nil, as principal: Principal) throws(DiariumError) -> Receipt {
        try bound(to: principal, .staff, "rapportera avsteg").reportDeviation(data, caseNumber: caseNumber)
    }
}

// MARK: - Procurement: AuditPurchases

extension Diarium {
    /// Audits the purchases of `fiscalYear` (the `ledger`, else those imported) for
    /// deviations nobody reported: (a) undocumented purchases that needed documentation,
    /// (b) region-wide sums per supplier and kind reaching the direct-award limit with no
    /// procurement behind them, (c) purchases beside an agreement in force. With `create`, opens
    /// a draft deviation for each finding that has none, and for every procurement documented in
    /// spite of failed checks.
    public func auditPurchases(ledger: InputFile?, fiscalYear: Int, create: Bool, as principal: Principal) throws(DiariumError) -> PurchaseAuditResult {
        try bound(to: principal, .role(.handlaggare), "granska inköp").auditPurchases(ledger: ledger, fiscalYear: fiscalYear, create: create)
    }
}

// MARK: - Procurement: DocumentProcurement

extension Diarium {
    /// Checks, renders and registers the documentation of a direct procurement ("Dokumentation
    /// av direktupphandling"), in a new case or in `caseNumber`. A procurement whose checks fail
    /// is refused unless `acceptFindings`: the duty to document remains, and the record then
    /// says in plain words that it was documented in spite of the findings.
    public func documentProcurement(_ data: Data, caseNumber: String? = nil, acceptFindings: Bool = false, as principal: Principal) throws(DiariumError) -> ProcurementReceipt {
        try bound(to: principal, .role(.handlaggare), "dokumentera direktupphandlingar").documentProcurement(data, caseNumber: caseNumber, acceptFindings: acceptFindings)
    }

    /// Documents many procurements in transactions of `batchSize` (durable per batch), each
    /// checked with the earlier ones of the same call counted in its region total. Stops at the
    /// first procurement refused; the batches before it stay registered.
    ///
    /// Pipelined: batch N commits on a background thread while batch N+1 is checked, rendered
    /// and archived on every core. So that totals do not depend on how far a commit has got,
    /// the store counts only procurements registered before the call began; the call's own
    /// come from `pending`.
    public func documentProcurements(_ inputs: [Data], acceptFindings: Bool = false, batchSize: Int = 1000, as principal: Principal, progress: (Int) -> Void = { _ in }) throws(DiariumError) -> [ProcurementReceipt] {
        try bound(to: principal, .role(.handlaggare), "dokumentera direktupphandlingar").documentProcurements(inputs, acceptFindings: acceptFindings, batchSize: batchSize, progress: progress)
    }
}

// MARK: - Procurement: Procurement

extension Diarium {
    /// Checks a direct procurement (the input of `examples/direct-procurement.json`) against the
    /// policy and the law: documentation duty, the region-wide total under the limit, agreements,
    /// grounds, and good practice.
    public func checkProcurement(_ data: Data, as principal: Principal) throws(DiariumError) -> ProcurementAssessment {
        try bound(to: principal, .role(.handlaggare), "kontrollera direktupphandlingar").checkProcurement(data)
    }

    /// The region-wide total of purchases of the same kind as `category` in `fiscalYear`, and
    /// the rows behind it: what the procurement function answers when a unit asks.
    public func procurementTotal(organisation: String, category: String, fiscalYear: Int, as principal: Principal) throws(DiariumError) -> RegionTotal {
        try bound(to: principal, .role(.handlaggare), "se regionens samlade värde").procurementTotal(organisation: organisation, category: category, fiscalYear: fiscalYear)
    }

    /// Loads the agreement register (format of `examples/agreements.csv`). All or nothing.
    public func importAgreements(_ file: InputFile, as principal: Principal) throws(DiariumError) -> ImportSummary {
        try bound(to: principal, .role(.handlaggare), "läsa in avtal").importAgreements(file)
    }

    /// Loads purchases (format of `examples/purchases.csv`) that count toward the region-wide
    /// totals. All or nothing; re-importing the same file changes nothing.
    public func importPurchases(_ file: InputFile, as principal: Principal) throws(DiariumError) -> ImportSummary {
        try bound(to: principal, .role(.handlaggare), "läsa in inköp").importPurchases(file)
    }
}

// MARK: - Registration: Register

extension Diarium {
    /// Registers (diarieför) one file with its metadata, durably: when this returns, the file, the
    /// record and the register row are on disk. Bad input is refused before anything is written.
    public func register(file: URL, meta: Data, as principal: Principal) throws(DiariumError) -> Receipt {
        try bound(to: principal, .role(.registrator), "registrera handlingar").register(file: file, meta: meta)
    }

    /// `register(file:meta:)` for a file the caller holds as bytes (the web's upload).
    public func register(_ file: InputFile, meta: Data, as principal: Principal) throws(DiariumError) -> Receipt {
        try bound(to: principal, .role(.registrator), "registrera handlingar").register(file, meta: meta)
    }

    /// One registration from either source, durably.
    public func register(_ request: RegistrationRequest, as principal: Principal) throws(DiariumError) -> Receipt {
        try bound(to: principal, .role(.registrator), "registrera handlingar").register(request)
    }

    /// Registers many files in transactions of `batchSize`, each durable when it commits: the path
    /// a migration from another diarium takes. Every request is checked before the first is
    /// written, so one bad request refuses the whole call (naming it by its position) and a
    /// re-run never meets half a migration. Memory stays bounded by one batch: the check pass
    /// keeps nothing, and each batch is read again when its turn comes (both passes use every
    /// core).
    public func registerBatch(_ requests: [RegistrationRequest], batchSize: Int = 1000, as principal: Principal, progress: (Int) -> Void = { _ in }) throws(DiariumError) -> [Receipt] {
        try bound(to: principal, .role(.registrator), "registrera handlingar").registerBatch(requests, batchSize: batchSize, progress: progress)
    }
}

// MARK: - Requests: AccessDecide

extension Diarium {
    /// Compiles the decision on a request from its assessments and its latest release. Nothing
    /// is stored.
    public func compileDecision(_ number: String, as principal: Principal) throws(DiariumError) -> AccessDecision {
        try bound(to: principal, .role(.utlamnare), "ta fram beslut om utlämnande").compileDecision(number)
    }

    /// Writes the decision ("Beslut om utlämnande av allmän handling") as XML
    /// (schemas/access-decision.xsd) with HTML and text views and registers it, outgoing, in the
    /// request's case. Its every output is read for the documents' secret values first.
    public func decide(_ number: String, expectedRevision: Int? = nil, as principal: Principal) throws(DiariumError) -> Receipt {
        try bound(to: principal, .role(.utlamnare), "besluta om utlämnande").decide(number, seen: expectedRevision)
    }
}

// MARK: - Requests: AccessRelease

extension Diarium {
    /// Produces the copies of a request in `directory`: Diarium's own documents made again from
    /// their data with the masked details replaced by a marker naming the provision, other
    /// files whole, and a list of what was released. Before anything is written, every byte and
    /// every file name is read for every secret value of the documents; a hit stops the release
    /// and names the document and field. The directory appears whole or not at all.
    public func release(_ number: String, to directory: URL, as principal: Principal) throws(DiariumError) -> ReleaseResult {
        try bound(to: principal, .role(.utlamnare), "lämna ut handlingar").release(number, to: directory)
    }

    /// Releases the copies as `release` does, after the same leak check, as one ZIP (with the
    /// förteckning) kept in the archive for download (`releasedArchive`), not in a folder.
    /// With `expectedRevision`, refused when the request changed since (naming what changed).
    public func releaseArchive(_ number: String, expectedRevision: Int? = nil, as principal: Principal) throws(DiariumError) -> ReleaseResult {
        try bound(to: principal, .role(.utlamnare), "lämna ut handlingar").release(number, to: nil, archive: true, seen: expectedRevision)
    }

    /// The ZIP of the request's latest release, read back from the archive.
    public func releasedArchive(_ number: String, as principal: Principal) throws(DiariumError) -> ReleaseDownload {
        let (name, data) = try bound(to: principal, .role(.utlamnare), "lämna ut handlingar").releasedArchive(number)
        return ReleaseDownload(name: name, data: data)
    }

    /// The copies of one assessed document of a request exactly as a release would make them,
    /// after the same leak check.
    public func previewCopies(_ number: String, document: String, as principal: Principal) throws(DiariumError) -> [CopyPreview] {
        try bound(to: principal, .role(.utlamnare), "förhandsgranska kopior").previewCopies(number, document: document)
    }
}

// MARK: - Requests: AccessRequests

extension Diarium {
    /// Registers a request for public documents as a received document in a case of its own,
    /// with its time of arrival. The requester may be anonymous: nothing asks who or why.
    public func openRequest(_ data: Data, handler: String? = nil, as principal: Principal) throws(DiariumError) -> RequestReceipt {
        try bound(to: principal, .anyone, "begära ut handlingar").openRequest(data, handler: handler)
    }

    /// Searches the register for a request: the internal search with the filters of `search`
    /// (staff see every hit; what is released is decided by the assessment).
    public func findForRequest(_ number: String, _ query: SearchQuery, as principal: Principal) throws(DiariumError) -> [SearchHit] {
        try bound(to: principal, .role(.utlamnare), "handlägga begäranden").findForRequest(number, query)
    }

    /// Adds documents to a request. All or nothing: one unknown number refuses the call.
    public func addToRequest(_ number: String, documents: [String], expectedRevision: Int? = nil, as principal: Principal) throws(DiariumError) -> [RequestItemProposal] {
        try bound(to: principal, .role(.utlamnare), "handlägga begäranden").addToRequest(number, documents: documents, seen: expectedRevision)
    }

    /// A request as its official sees it: the requester's words and contact (with their
    /// markings), the documents with proposals and assessments, the release, the decision and
    /// what has happened, with the revision a form sends back.
    public func requestDetail(_ number: String, as principal: Principal) throws(DiariumError) -> RequestDetail {
        try bound(to: principal, .role(.utlamnare), "handlägga begäranden").requestDetail(number)
    }

    /// Hands a request to a colleague (or back to the registry).
    public func assignRequest(_ number: String, to handler: String, expectedRevision: Int? = nil, as principal: Principal) throws(DiariumError) -> RequestDetail {
        try bound(to: principal, .role(.utlamnare), "lämna över begäranden").assignRequest(number, to: handler, seen: expectedRevision)
    }

    /// The enabled accounts with `role` acting for `organisation`, by name.
    public func colleagues(role: Principal.Role, organisation: String, as principal: Principal) throws(DiariumError) -> [String] {
        let d = try bound(to: principal, .staff, "se kolleger")
        try d.requireOrganisation(organisation)
        return try d.colleagues(role: role, organisation: organisation)
    }

    /// Records the assessment of one document of a request, per detail. Every existing marking
    /// must be answered: masked again (`--mask`) or named as public now (`--lift`); a marking is
    /// never applied, nor dropped, silently. Without a choice, shows the proposals and records
    /// nothing.
    public func assess(_ number: String, document documentText: String, _ input: AssessmentInput, expectedRevision: Int? = nil, as principal: Principal) throws(DiariumError) -> AssessmentResult {
        try bound(to: principal, .role(.utlamnare), "pröva begäranden").assess(number, document: documentText, input, seen: expectedRevision)
    }

    /// One page of the request queue (open ones oldest and so overdue first; only the overdue;
    /// or all newest first) with the totals of its selection.
    public func requestQueue(_ view: RequestQueueView, limit: Int = 50, offset: Int = 0, as principal: Principal) throws(DiariumError) -> RequestQueuePage {
        try bound(to: principal, .role(.utlamnare), "lista begäranden").requestQueue(view, limit: limit, offset: offset)
    }

    /// Requests with their age in working days, oldest first: the open ones, or all.
    public func listRequests(overdueOnly: Bool = false, includeHandled: Bool = false, as principal: Principal) throws(DiariumError) -> [RequestSummary] {
        try bound(to: principal, .role(.utlamnare), "lista begäranden").listRequests(overdueOnly: overdueOnly, includeHandled: includeHandled)
    }
}

// MARK: - Disposal: Disposal, DisposalHolds

extension Diarium {
    /// The documents the plan lets go by `dueBy` (default today), of the organisations the
    /// principal acts for, each with what keeps it if anything does.
    public func disposalList(dueBy: String? = nil, organisation: String? = nil, as principal: Principal) throws(DiariumError) -> DisposalList {
        try bound(to: principal, .role(.registrator), "visa vad som ska gallras").disposalList(dueBy: dueBy, organisation: organisation)
    }

    /// Disposes of every document due today under `decision`, all or nothing, with a registered
    /// disposal record per organisation; `dryRun` says what would go and writes nothing.
    public func runDisposal(decision: String, organisation: String? = nil, dryRun: Bool, as principal: Principal) throws(DiariumError) -> DisposalRunResult {
        try bound(to: principal, .role(.registrator), "gallra handlingar").runDisposal(decision: decision, organisation: organisation, dryRun: dryRun)
    }

    /// Places a hold on a document or a case: nothing of it is disposed of until it is lifted.
    public func placeHold(_ number: String, reason: String, as principal: Principal) throws(DiariumError) -> DisposalHold {
        try bound(to: principal, .role(.registrator), "stoppa gallring").placeHold(number, reason: reason)
    }

    public func liftHold(_ number: String, reason: String, as principal: Principal) throws(DiariumError) -> DisposalHold {
        try bound(to: principal, .role(.registrator), "häva ett gallringsstopp").liftHold(number, reason: reason)
    }

    public func holds(as principal: Principal) throws(DiariumError) -> [DisposalHold] {
        try bound(to: principal, .staff, "visa gallringsstopp").holds()
    }
}

// MARK: - Archive: the public head of the audit chain

extension Diarium {
    /// The audit chain's head and its newest signed anchor, for anyone to keep a copy of and
    /// later check with `diarium verify --published-head`.
    public func publicAuditHead(as principal: Principal) throws(DiariumError) -> PublicAuditHead {
        try bound(to: principal, .anyone, "se granskningsloggens huvud").stored { () throws(StoreError) in try store.publicAuditHead() }
    }
}

// MARK: - The register's vocabulary (public data, for the faces' pickers)

extension Diarium {
    /// The organisations of the store: code and name.
    public var organisationNames: [(code: String, name: String)] { store.config.organisations.map { ($0.code, $0.name) } }

    /// The document types of the legal data: code and Swedish label.
    public var documentTypeLabels: [(code: String, label: String)] { legal.documentTypes.map { ($0.code, $0.label) } }

    /// The types a new document may have: the plan's as the store holds it now (a change by
    /// another process shows), the retired ones left out.
    public var registrableTypeLabels: [(code: String, label: String)] {
        guard let plan = try? store.planTypes(), !plan.isEmpty else { return documentTypeLabels }
        return plan.filter { !$0.retired }.map { ($0.code, $0.label) }
    }

    /// The grounds a direct award may rest on: code and Swedish label (one per code).
    public var directAwardGroundLabels: [(code: String, label: String)] {
        var seen: Set<String> = []
        return procurementLegal.grounds.filter { seen.insert($0.code).inserted }.map { ($0.code, $0.label) }
    }

    /// The secrecy provisions in force today: code and how a person picks one
    /// (`31 kap. 16 § OSL – …`).
    public var secrecyProvisionLabels: [(code: String, label: String)] {
        let day = today
        return legal.provisions.filter { $0.isValid(on: day) }.map { ($0.id, "\($0.shortReference) – \($0.protects)") }
    }

    /// A provision as a page cites it (`31 kap. 16 § OSL`).
    public func provisionReference(_ code: String) -> String { legal.reference(code) }

    /// Today in the store's time zone (a form's default dates).
    public var storeToday: CivilDate { today }

    /// The kinds of deviation of the policy's data: code and Swedish label.
    public var deviationTypeLabels: [(code: String, label: String)] { deviationData.types.map { ($0.code, $0.label) } }

    /// The levels of the line organisation a deviation is escalated through, in order.
    public var escalationLevelLabels: [(code: String, label: String)] { deviationData.levels.map { ($0.code, $0.label) } }

    /// Where a deviation can stand: code and Swedish label.
    public var deviationStatusLabels: [(code: String, label: String)] { DeviationData.statuses }
}

