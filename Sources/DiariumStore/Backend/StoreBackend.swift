public import DiariumModel
public import Foundation

// The store as the Kit sees it: one protocol per aggregate, read side on the store, write side
// on the transaction, so that a second backend (PostgreSQL, issue 16) implements these and the
// use cases do not change. `SQLiteStore` is the embedded implementation.

/// An error type a write transaction's body may throw: the store's own failures become one of
/// its values, so a body keeps one typed error (the Kit's `DiariumError`, the store's
/// `StoreError`) and nothing is classified by casting afterwards.
public protocol StoreFailure: Error {
    static func store(_ error: StoreError) -> Self
}

extension StoreError: StoreFailure {
    public static func store(_ error: StoreError) -> StoreError { error }
}

// MARK: - Register: cases, documents, the two search indexes

public protocol RegisterStore: Sendable {
    func document(_ number: DocumentNumber) throws(StoreError) -> StoredDocument
    /// The numbers and document types of a case's documents, in order.
    func documentTypes(inCase number: CaseNumber) throws(StoreError) -> [(number: String, documentType: String)]
    func documentCount() throws(StoreError) -> Int
    /// The highest document id so far (0 in an empty store).
    func lastDocumentID() throws(StoreError) -> Int64
    /// Every document, oldest first (for verify).
    func allDocuments() throws(StoreError) -> [StoredDocument]
    /// The documents of a case in order; none when there is no such case.
    func documents(inCase number: CaseNumber) throws(StoreError) -> [StoredDocument]
    /// The newest documents, newest first.
    func recentDocuments(limit: Int) throws(StoreError) -> [StoredDocument]
    func findCase(_ number: CaseNumber) throws(StoreError) -> CaseRecord
    func search(_ query: SearchQuery, scope: SearchScope) throws(StoreError) -> [SearchHit]
    /// How many documents the search finds in all (its limit and offset aside).
    func searchCount(_ query: SearchQuery, scope: SearchScope) throws(StoreError) -> Int
}

public protocol RegisterTransaction<Failure> {
    associatedtype Failure: StoreFailure
    func existingCase(_ number: CaseNumber) throws(Failure) -> CaseRecord
    /// Opens a new case with the next serial of the organisation's prefix in `year`.
    func openCase(organisation: Organisation, title: String, year: Int, at: Date) throws(Failure) -> CaseRecord
    func nextDocumentNumber(in case: CaseRecord) throws(Failure) -> DocumentNumber
    /// Inserts the register row, its secrecy markings and its search text; the archived objects
    /// must already be written.
    @discardableResult
    func insert(_ entry: RegisterEntry, kind: DocumentKind, caseID: Int64, recordSHA256: String, search: SearchText,
                auditEventID: Int64) throws(Failure) -> Int64
}

// MARK: - Ledgers: agreements, purchases, documented procurements, board reports

public protocol LedgerStore: Sendable {
    func importAgreements(_ agreements: [Agreement], file: String, actor: String) throws(StoreError) -> ImportSummary
    func importPurchases(_ purchases: [Purchase], file: String, sha256: String, actor: String) throws(LedgerImportFailure) -> ImportSummary
    func regionFacts(organisation: String, category: CPVCode, fiscalYear: Int, period: ClosedRange<CivilDate>?,
                     documentsUpTo: Int64?, excludingInput: String?) throws(StoreError) -> RegionRows
    func agreements() throws(StoreError) -> [Agreement]
    func purchases(fiscalYear: Int) throws(StoreError) -> [Purchase]
    func procurements(fiscalYear: Int?) throws(StoreError) -> [ProcurementRow]
    func procurement(document: String) throws(StoreError) -> ProcurementRow?
    func procurementRow(documentID: Int64) throws(StoreError) -> (dataSHA256: String, organisation: String)
    func procurementDocument(inputSHA256: String) throws(StoreError) -> String?
    func boardReportData(documentID: Int64) throws(StoreError) -> String
    func boardReportCase(period: ClosedRange<CivilDate>) throws(StoreError) -> String?
}

public protocol LedgerTransaction<Failure> {
    associatedtype Failure: StoreFailure
    func insertProcurement(_ row: ProcurementInsert) throws(Failure)
    /// The stored total of procurements of a kind, read inside the write transaction.
    func procurementTotalOre(organisation: String, category: CPVCode, fiscalYear: Int, cpvDigits: Int) throws(Failure) -> Int64
    func insertBoardReport(documentID: Int64, period: ClosedRange<CivilDate>, dataSHA256: String) throws(Failure)
}

// MARK: - Deviations

public protocol DeviationStore: Sendable {
    func deviationInput(documentID: Int64) throws(StoreError) -> String
    func deviationState(documentID: Int64) throws(StoreError) -> DeviationState?
    func deviations(_ filter: DeviationFilter) throws(StoreError) -> [DeviationRow]
    /// How many deviations match `filter` (its limit and offset aside).
    func deviationCount(_ filter: DeviationFilter) throws(StoreError) -> Int
    /// The deviations opened from a finding or a procurement, by origin key.
    func deviationsByOriginKey() throws(StoreError) -> [String: String]
}

public protocol DeviationTransaction<Failure> {
    associatedtype Failure: StoreFailure
    func insertDeviation(_ row: DeviationInsert) throws(Failure)
    /// Moves a deviation one step if it is still in `expected`; false when another writer moved it.
    func moveDeviation(documentID: Int64, from expected: DeviationState, to status: String, level: String?,
                       step: String, by: String, on date: CivilDate, stepDocumentID: Int64) throws(Failure) -> Bool
}

// MARK: - Requests for public documents

public protocol RequestStore: Sendable {
    func accessRequest(number: String) throws(StoreError) -> AccessRequestRow?
    func accessRequests(statuses: [RequestStatus]?) throws(StoreError) -> [AccessRequestRow]
    /// One page of requests, with the totals of the whole selection.
    func accessRequestPage(_ q: RequestPageQuery) throws(StoreError) -> RequestPage
    func requestItems(request: Int64) throws(StoreError) -> [RequestItemRow]
    func requestHasItem(request: Int64, documentID: Int64) throws(StoreError) -> Bool
    func latestRelease(request: Int64) throws(StoreError) -> RequestReleaseRow?
    func accessDecisionData(documentID: Int64) throws(StoreError) -> String
    func accessRequestInput(documentID: Int64) throws(StoreError) -> String?
}

public protocol RequestTransaction<Failure> {
    associatedtype Failure: StoreFailure
    func insertAccessRequest(documentID: Int64, organisation: String, receivedAt: Date, receivedOn: CivilDate,
                             channel: AccessChannel, format: AccessFormat, anonymous: Bool, inputSHA256: String) throws(Failure)
    func addRequestItem(request: Int64, documentID: Int64, at: Date, by: String) throws(Failure) -> Bool
    func assess(request: Int64, documentID: Int64, _ assessment: AccessAssessment, at: Date, by: String) throws(Failure)
    func insertRelease(request: Int64, _ release: RequestReleaseRow) throws(Failure)
    func insertAccessDecision(documentID: Int64, request: Int64, dataSHA256: String) throws(Failure)
    /// Marks the request decided, unless another writer did so first (false).
    func decideRequest(_ request: Int64, at: Date) throws(Failure) -> Bool
    func setRequestStatus(request: Int64, _ status: RequestStatus, at: Date) throws(Failure)
    /// Moves the request's revision on by one and returns the new one; with `expected`, only
    /// when it still is that (nil: someone else changed the request first, and nothing moved).
    func touchRequest(_ request: Int64, expected: Int?) throws(Failure) -> Int?
    /// Hands the request to `handler`.
    func assignRequest(_ request: Int64, handler: String) throws(Failure)
}

// MARK: - Audit: the chain, its anchor, verify

public protocol AuditStore: Sendable {
    /// Appends one event in a transaction of its own.
    func audit(_ event: AuditEvent) throws(StoreError)
    func auditEvents(action: String) throws(StoreError) -> [AuditRecord]
    func auditEvents(limit: Int) throws(StoreError) -> [AuditRecord]
    /// The events matching `filter`, newest first.
    func auditEvents(_ filter: AuditFilter) throws(StoreError) -> [AuditRecord]
    /// Refuses, before anything is written, what a write would refuse (an anchored store
    /// without its key or log).
    func checkWritable() throws(StoreError)
    func verify(publicKey: AnchorPublicKey?, publishedHeads: [AnchorReport.Head]) throws(StoreError) -> VerifyReport
    func derivedRows(_ table: DerivedTable) throws(StoreError) -> [VerifiedRow]
    /// The chain's head and the newest signed anchor entry, cheaply (no re-hashing).
    func publicAuditHead() throws(StoreError) -> PublicAuditHead
    /// The newest audit event's id (0 in an empty store): every change to the register appends
    /// one, so a result computed at one value holds until it moves.
    func lastAuditEventID() throws(StoreError) -> Int64
}

extension AuditStore {
    /// `verify` against `publicKey` (default: the key the store names) with no published heads.
    public func verify(publicKey: AnchorPublicKey? = nil) throws(StoreError) -> VerifyReport {
        try verify(publicKey: publicKey, publishedHeads: [])
    }
}

public protocol AuditTransaction<Failure> {
    associatedtype Failure: StoreFailure
    @discardableResult
    func appendAudit(_ event: AuditEvent) throws(Failure) -> AuditRecord
}

// MARK: - Accounts, sessions, login throttling, drafts and form tokens (the web's)

public protocol AccountStore: Sendable {
    func account(_ name: String) throws(StoreError) -> AccountRow?
    func accounts() throws(StoreError) -> [AccountRow]

    /// Opens a session.
    func insertSession(_ row: SessionRow) throws(StoreError)
    /// The session of a token's hash, if it is still open.
    func session(tokenSHA256: String) throws(StoreError) -> SessionRow?
    func touchSession(tokenSHA256: String, at: Date) throws(StoreError)
    func deleteSession(tokenSHA256: String) throws(StoreError)
    /// Ends sessions idle since `idleBefore` or opened before `openedBefore`.
    func deleteSessions(idleBefore: Date, openedBefore: Date) throws(StoreError)

    /// Records an attempt (a login, a password change, a public request) under each key (an
    /// account, an address) in one write, unless a key already has its limit of attempts since
    /// `since`: then nil and nothing recorded. Counting and recording together, so that parallel
    /// attempts cannot all pass on the same count. A failed attempt stays as a failure; one
    /// that succeeded is taken back with `forgetAttempts`.
    func recordAttempt(limits: [String: Int], since: Date, at: Date) throws(StoreError) -> [Int64]?
    func forgetAttempts(_ ids: [Int64]) throws(StoreError)
    func clearAttempts(key: String) throws(StoreError)

    func saveDraft(id: Int64?, account: String, form: String, title: String, fields: String, at: Date) throws(StoreError) -> Int64
    func drafts(account: String, form: String?) throws(StoreError) -> [FormDraftRow]
    func draft(id: Int64, account: String, form: String?) throws(StoreError) -> FormDraftRow?
    func deleteDraft(id: Int64, account: String) throws(StoreError)

    /// Claims a form's one-time token for `account`.
    func claimFormToken(_ token: String, account: String, at: Date) throws(StoreError) -> FormClaim
    /// Records what a claimed form token registered.
    func completeFormToken(_ token: String, result: String) throws(StoreError)
    /// Gives a claimed token up (the submit was refused: the form may be sent again).
    func releaseFormToken(_ token: String) throws(StoreError)
}

public protocol AccountTransaction<Failure> {
    associatedtype Failure: StoreFailure
    /// Inserts an account; false when the name is taken.
    func insertAccount(_ row: AccountRow) throws(Failure) -> Bool
    func updateAccount(_ row: AccountRow) throws(Failure)
    /// Ends every session of an account (disabled, password reset or changed).
    func deleteSessions(account: String) throws(Failure)
    /// Opens a session inside the transaction (the one that goes on after a password change).
    func insertSession(_ row: SessionRow) throws(Failure)
}

// MARK: - Archive objects and staging

public protocol ObjectArchive: Sendable {
    func url(for sha256: String) -> URL
    func contains(_ sha256: String) -> Bool
    func put(_ data: Data, sha256: String, durability: Durability) throws(StoreError)
    func put(contentsOf source: URL, sha256: String, durability: Durability) throws(StoreError)
    func mapped(_ sha256: String) throws(StoreError) -> Data
    func read(_ sha256: String) throws(StoreError) -> Data
    func flush() throws(StoreError)
    /// Deletes an object for good (a disposal); an object already gone is no error.
    func remove(_ sha256: String) throws(StoreError)
    func inventory() -> (objects: [String], temporary: [URL], foreign: [URL])
}

extension ObjectArchive {
    /// Stores `data` and returns its SHA-256; bytes already there are left as they are.
    @discardableResult
    public func put(_ data: Data, durability: Durability) throws(StoreError) -> String {
        let sha = SHA256Hex.of(data)
        try put(data, sha256: sha, durability: durability)
        return sha
    }
}

/// Folders a release stages outside the store, registered while they exist.
public protocol StagingRegistry: Sendable {
    func beginStaging(_ folder: URL) throws(StoreError) -> StagingTicket
    func endStaging(_ ticket: StagingTicket)
    func stagingLeftovers() -> [URL]
}

// MARK: - The information management plan

public protocol PlanStore: Sendable {
    /// The plan's document types, in the plan's order.
    func planTypes() throws(StoreError) -> [PlanType]
    /// How many registered documents name each document type.
    func documentTypeUsage() throws(StoreError) -> [String: Int]
}

public protocol PlanTransaction<Failure> {
    associatedtype Failure: StoreFailure
    func planTypesForUpdate() throws(Failure) -> [PlanType]
    func documentTypeUsageForUpdate() throws(Failure) -> [String: Int]
    /// Replaces the whole plan with `types`, in their order.
    func replacePlan(_ types: [PlanType]) throws(Failure)
}

// MARK: - Disposal (gallring)

/// What keeps documents from disposal whatever the plan says.
public struct DisposalBlocks: Sendable {
    /// Holds by subject: a document number or a case number.
    public var holds: [String: DisposalHold]
    /// The documents that a request not yet decided asks for: document id → the request's number.
    public var openRequests: [Int64: String]

    public init(holds: [String: DisposalHold], openRequests: [Int64: String]) {
        self.holds = holds
        self.openRequests = openRequests
    }
}

public protocol DisposalStore: Sendable {
    /// The documents not yet disposed of whose document type is one of `types`, oldest first.
    func disposalCandidates(types: [String]) throws(StoreError) -> [StoredDocument]
    func disposalBlocks() throws(StoreError) -> DisposalBlocks
    /// The newest disposal record's case of `organisation` registered in `year`, if any.
    func disposalRecordCase(organisation: String, year: Int) throws(StoreError) -> String?
    func disposalRecordData(documentID: Int64) throws(StoreError) -> String
}

public protocol DisposalTransaction<Failure> {
    associatedtype Failure: StoreFailure
    func disposalBlocksForUpdate() throws(Failure) -> DisposalBlocks
    /// Those of `ids` already disposed of (by another run since this one read them).
    func disposedAlready(_ ids: [Int64]) throws(Failure) -> Set<Int64>
    /// Marks a document disposed of by the record `recordDocumentID` and empties its text in the
    /// internal search; the register row and everything else stay.
    func markDisposed(documentID: Int64, recordDocumentID: Int64, at: Date, decision: String) throws(Failure)
    func insertDisposalRecord(documentID: Int64, decision: String, dataSHA256: String) throws(Failure)
    /// The archived objects of disposed documents that no row still uses: what a disposal removes.
    /// Read in a write transaction, so no registration can start using one meanwhile.
    func disposableObjectsForUpdate() throws(Failure) -> [String]
    /// Places a hold; false when the subject already has one.
    func placeHold(_ hold: DisposalHold) throws(Failure) -> Bool
    /// Lifts the hold on `subject`, returning it; nil when there was none.
    func liftHold(subject: String) throws(Failure) -> DisposalHold?
}

// MARK: - The whole

/// Everything one write transaction can do.
public protocol StoreTransaction<Failure>: RegisterTransaction, LedgerTransaction, DeviationTransaction,
    RequestTransaction, AuditTransaction, AccountTransaction, PlanTransaction, DisposalTransaction {}

/// A store: the index (every aggregate), its archive objects and the region's configuration.
/// Every write that registers something is one transaction, serialised by the store.
public protocol StoreBackend: RegisterStore, LedgerStore, DeviationStore, RequestStore, AuditStore, AccountStore, PlanStore,
    DisposalStore, StagingRegistry {
    var config: RegionConfig { get }
    var objects: any ObjectArchive { get }
    /// Runs `body` in one write transaction: it commits when `body` returns and rolls back when
    /// it throws; the body's error reaches the caller unchanged, a store failure as
    /// `Failure.store`.
    func write<T, Failure: StoreFailure>(_ body: (any StoreTransaction<Failure>) throws(Failure) -> T) throws(Failure) -> T
}

extension StoreBackend {
    /// The date of today in the store's time zone.
    public func today(_ now: Date = Date()) -> CivilDate { CivilDate(now, in: config.zone) }
}
