public import DiariumModel
public import DiariumRender
public import DiariumRules
public import DiariumStore
public import Foundation

/// The use cases for a server: each runs its blocking work (SQLite reads and writes, which wait
/// for the write lock while another process writes; pdftotext in a child process) on a queue of
/// its own instead of the task that calls, so that Swift's cooperative pool (a thread per core)
/// keeps serving other requests. Writes are serialised by the store (GRDB's writer and SQLite's
/// lock), not by anything a caller holds. The bulk registrations are not here: they are the
/// command line's, with a progress callback.
extension Diarium {
    /// Where blocking use cases run; concurrent, so reads proceed side by side.
    static let blockingWork = DispatchQueue(label: "diarium.blocking-work", qos: .userInitiated, attributes: .concurrent)

    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws(DiariumError) -> T) async throws(DiariumError) -> T {
        let result: Result<T, DiariumError> = await withCheckedContinuation { continuation in
            blockingWork.async { continuation.resume(returning: Result { () throws(DiariumError) in try work() }) }
        }
        return try result.get()
    }

    public func search(_ query: SearchQuery, scope: SearchScope, as principal: Principal) async throws(DiariumError) -> [SearchHit] {
        try await Self.offload { () throws(DiariumError) in try self.search(query, scope: scope, as: principal) }
    }

    public func caseEntries(_ caseNumber: String, audience: Audience, as principal: Principal) async throws(DiariumError) -> [RegisterView] {
        try await Self.offload { () throws(DiariumError) in try self.caseEntries(caseNumber, audience: audience, as: principal) }
    }

    public func publicAuditHead(as principal: Principal) async throws(DiariumError) -> PublicAuditHead {
        try await Self.offload { () throws(DiariumError) in try self.publicAuditHead(as: principal) }
    }

    public func searchCount(_ query: SearchQuery, scope: SearchScope, as principal: Principal) async throws(DiariumError) -> Int {
        try await Self.offload { () throws(DiariumError) in try self.searchCount(query, scope: scope, as: principal) }
    }

    public func show(_ numberText: String, audience: Audience, format: ShowFormat, as principal: Principal) async throws(DiariumError) -> String {
        try await Self.offload { () throws(DiariumError) in try self.show(numberText, audience: audience, format: format, as: principal) }
    }

    public func view(_ numberText: String, audience: Audience, as principal: Principal) async throws(DiariumError) -> RegisterView {
        try await Self.offload { () throws(DiariumError) in try self.view(numberText, audience: audience, as: principal) }
    }

    public func verify(publicKey: AnchorPublicKey? = nil, publishedHeads: [AnchorHead] = [], as principal: Principal) async throws(DiariumError) -> VerifyReport {
        try await Self.offload { () throws(DiariumError) in try self.verify(publicKey: publicKey, publishedHeads: publishedHeads, as: principal) }
    }

    public func compileBoardReport(from fromText: String, to toText: String, organisation code: String = "IN", as principal: Principal) async throws(DiariumError) -> BoardReport {
        try await Self.offload { () throws(DiariumError) in try self.compileBoardReport(from: fromText, to: toText, organisation: code, as: principal) }
    }

    public func boardReport(from: String, to: String, organisation code: String = "IN", as principal: Principal) async throws(DiariumError) -> Receipt {
        try await Self.offload { () throws(DiariumError) in try self.boardReport(from: from, to: to, organisation: code, as: principal) }
    }

    public func openProcurementDeviations(as principal: Principal) async throws(DiariumError) -> [Receipt] {
        try await Self.offload { () throws(DiariumError) in try self.openProcurementDeviations(as: principal) }
    }

    public func listDeviations(_ q: DeviationQuery, as principal: Principal) async throws(DiariumError) -> [DeviationListItem] {
        try await Self.offload { () throws(DiariumError) in try self.listDeviations(q, as: principal) }
    }

    public func deviationStep(_ numberText: String, _ step: DeviationStep, by: String, note: String, expectedState: String? = nil, as principal: Principal) async throws(DiariumError) -> Receipt {
        try await Self.offload { () throws(DiariumError) in try self.deviationStep(numberText, step, by: by, note: note, expectedState: expectedState, as: principal) }
    }

    public func reportDeviation(_ data: Data, caseNumber: String? = nil, as principal: Principal) async throws(DiariumError) -> Receipt {
        try await Self.offload { () throws(DiariumError) in try self.reportDeviation(data, caseNumber: caseNumber, as: principal) }
    }

    public func auditPurchases(ledger: InputFile?, fiscalYear: Int, create: Bool, as principal: Principal) async throws(DiariumError) -> PurchaseAuditResult {
        try await Self.offload { () throws(DiariumError) in try self.auditPurchases(ledger: ledger, fiscalYear: fiscalYear, create: create, as: principal) }
    }

    public func documentProcurement(_ data: Data, caseNumber: String? = nil, acceptFindings: Bool = false, as principal: Principal) async throws(DiariumError) -> ProcurementReceipt {
        try await Self.offload { () throws(DiariumError) in try self.documentProcurement(data, caseNumber: caseNumber, acceptFindings: acceptFindings, as: principal) }
    }

    public func checkProcurement(_ data: Data, as principal: Principal) async throws(DiariumError) -> ProcurementAssessment {
        try await Self.offload { () throws(DiariumError) in try self.checkProcurement(data, as: principal) }
    }

    public func procurementTotal(organisation: String, category: String, fiscalYear: Int, as principal: Principal) async throws(DiariumError) -> RegionTotal {
        try await Self.offload { () throws(DiariumError) in try self.procurementTotal(organisation: organisation, category: category, fiscalYear: fiscalYear, as: principal) }
    }

    public func importAgreements(_ file: InputFile, as principal: Principal) async throws(DiariumError) -> ImportSummary {
        try await Self.offload { () throws(DiariumError) in try self.importAgreements(file, as: principal) }
    }

    public func importPurchases(_ file: InputFile, as principal: Principal) async throws(DiariumError) -> ImportSummary {
        try await Self.offload { () throws(DiariumError) in try self.importPurchases(file, as: principal) }
    }

    public func register(file: URL, meta: Data, as principal: Principal) async throws(DiariumError) -> Receipt {
        try await Self.offload { () throws(DiariumError) in try self.register(file: file, meta: meta, as: principal) }
    }

    public func register(_ file: InputFile, meta: Data, as principal: Principal) async throws(DiariumError) -> Receipt {
        try await Self.offload { () throws(DiariumError) in try self.register(file, meta: meta, as: principal) }
    }

    public func register(_ request: RegistrationRequest, as principal: Principal) async throws(DiariumError) -> Receipt {
        try await Self.offload { () throws(DiariumError) in try self.register(request, as: principal) }
    }

    public func compileDecision(_ number: String, as principal: Principal) async throws(DiariumError) -> AccessDecision {
        try await Self.offload { () throws(DiariumError) in try self.compileDecision(number, as: principal) }
    }

    public func decide(_ number: String, expectedRevision: Int? = nil, as principal: Principal) async throws(DiariumError) -> Receipt {
        try await Self.offload { () throws(DiariumError) in try self.decide(number, expectedRevision: expectedRevision, as: principal) }
    }

    public func releaseArchive(_ number: String, expectedRevision: Int? = nil, as principal: Principal) async throws(DiariumError) -> ReleaseResult {
        try await Self.offload { () throws(DiariumError) in try self.releaseArchive(number, expectedRevision: expectedRevision, as: principal) }
    }

    public func releasedArchive(_ number: String, as principal: Principal) async throws(DiariumError) -> ReleaseDownload {
        try await Self.offload { () throws(DiariumError) in try self.releasedArchive(number, as: principal) }
    }

    public func previewCopies(_ number: String, document: String, as principal: Principal) async throws(DiariumError) -> [CopyPreview] {
        try await Self.offload { () throws(DiariumError) in try self.previewCopies(number, document: document, as: principal) }
    }

    public func requestDetail(_ number: String, as principal: Principal) async throws(DiariumError) -> RequestDetail {
        try await Self.offload { () throws(DiariumError) in try self.requestDetail(number, as: principal) }
    }

    public func assignRequest(_ number: String, to handler: String, expectedRevision: Int? = nil, as principal: Principal) async throws(DiariumError) -> RequestDetail {
        try await Self.offload { () throws(DiariumError) in try self.assignRequest(number, to: handler, expectedRevision: expectedRevision, as: principal) }
    }

    public func colleagues(role: Principal.Role, organisation: String, as principal: Principal) async throws(DiariumError) -> [String] {
        try await Self.offload { () throws(DiariumError) in try self.colleagues(role: role, organisation: organisation, as: principal) }
    }

    public func release(_ number: String, to directory: URL, as principal: Principal) async throws(DiariumError) -> ReleaseResult {
        try await Self.offload { () throws(DiariumError) in try self.release(number, to: directory, as: principal) }
    }

    public func openRequest(_ data: Data, handler: String? = nil, as principal: Principal) async throws(DiariumError) -> RequestReceipt {
        try await Self.offload { () throws(DiariumError) in try self.openRequest(data, handler: handler, as: principal) }
    }

    public func findForRequest(_ number: String, _ query: SearchQuery, as principal: Principal) async throws(DiariumError) -> [SearchHit] {
        try await Self.offload { () throws(DiariumError) in try self.findForRequest(number, query, as: principal) }
    }

    public func addToRequest(_ number: String, documents: [String], expectedRevision: Int? = nil, as principal: Principal) async throws(DiariumError) -> [RequestItemProposal] {
        try await Self.offload { () throws(DiariumError) in try self.addToRequest(number, documents: documents, expectedRevision: expectedRevision, as: principal) }
    }

    public func assess(_ number: String, document documentText: String, _ input: AssessmentInput, expectedRevision: Int? = nil, as principal: Principal) async throws(DiariumError) -> AssessmentResult {
        try await Self.offload { () throws(DiariumError) in try self.assess(number, document: documentText, input, expectedRevision: expectedRevision, as: principal) }
    }

    public func listRequests(overdueOnly: Bool = false, includeHandled: Bool = false, as principal: Principal) async throws(DiariumError) -> [RequestSummary] {
        try await Self.offload { () throws(DiariumError) in try self.listRequests(overdueOnly: overdueOnly, includeHandled: includeHandled, as: principal) }
    }
}

// MARK: - Accounts, sessions and forms for the web

extension Diarium {
    public func ownRecentDocuments(limit: Int = 10, as principal: Principal) async throws(DiariumError) -> [SearchHit] {
        try await Self.offload { () throws(DiariumError) in try self.ownRecentDocuments(limit: limit, as: principal) }
    }

    public func logIn(name: String, password: String, address: String) async throws(DiariumError) -> SessionGrant {
        try await Self.offload { () throws(DiariumError) in try self.logIn(name: name, password: password, address: address) }
    }

    public func session(token: String) async throws(DiariumError) -> StaffSession? {
        try await Self.offload { () throws(DiariumError) in try self.session(token: token) }
    }

    public func logOut(token: String) async throws(DiariumError) {
        try await Self.offload { () throws(DiariumError) in try self.logOut(token: token) }
    }

    public func changePassword(token: String, current: String, new: String, repeated: String) async throws(DiariumError) {
        try await Self.offload { () throws(DiariumError) in try self.changePassword(token: token, current: current, new: new, repeated: repeated) }
    }

    public func saveDraft(id: Int64?, form: String, title: String, fields: [String: [String]], as principal: Principal) async throws(DiariumError) -> Int64 {
        try await Self.offload { () throws(DiariumError) in try self.saveDraft(id: id, form: form, title: title, fields: fields, as: principal) }
    }

    public func drafts(form: String? = nil, as principal: Principal) async throws(DiariumError) -> [FormDraft] {
        try await Self.offload { () throws(DiariumError) in try self.drafts(form: form, as: principal) }
    }

    public func draft(id: Int64, form: String? = nil, as principal: Principal) async throws(DiariumError) -> FormDraft? {
        try await Self.offload { () throws(DiariumError) in try self.draft(id: id, form: form, as: principal) }
    }

    public func admitPublicRequest(address: String) async throws(DiariumError) {
        try await Self.offload { () throws(DiariumError) in try self.admitPublicRequest(address: address) }
    }

    public func deleteDraft(id: Int64, as principal: Principal) async throws(DiariumError) {
        try await Self.offload { () throws(DiariumError) in try self.deleteDraft(id: id, as: principal) }
    }

    /// `submitOnce` with the whole send (claim, body, completion) on the blocking queue.
    public func disposalList(dueBy: String? = nil, organisation: String? = nil, as principal: Principal) async throws(DiariumError) -> DisposalList {
        try await Self.offload { () throws(DiariumError) in try self.disposalList(dueBy: dueBy, organisation: organisation, as: principal) }
    }

    public func runDisposal(decision: String, dryRun: Bool, as principal: Principal) async throws(DiariumError) -> DisposalRunResult {
        try await Self.offload { () throws(DiariumError) in try self.runDisposal(decision: decision, dryRun: dryRun, as: principal) }
    }

    public func placeHold(_ number: String, reason: String, as principal: Principal) async throws(DiariumError) -> DisposalHold {
        try await Self.offload { () throws(DiariumError) in try self.placeHold(number, reason: reason, as: principal) }
    }

    public func liftHold(_ number: String, reason: String, as principal: Principal) async throws(DiariumError) -> DisposalHold {
        try await Self.offload { () throws(DiariumError) in try self.liftHold(number, reason: reason, as: principal) }
    }

    public func holds(as principal: Principal) async throws(DiariumError) -> [DisposalHold] {
        try await Self.offload { () throws(DiariumError) in try self.holds(as: principal) }
    }

    public func submitOnce(formToken: String, as principal: Principal,
                           _ body: @escaping @Sendable () throws(DiariumError) -> String) async throws(DiariumError) -> FormSubmission {
        try await Self.offload { () throws(DiariumError) in try self.submitOnce(formToken: formToken, as: principal, body) }
    }

    public func changeUser(_ name: String, roles: Set<Principal.Role>, organisations: Set<String>, as principal: Principal) async throws(DiariumError) -> AccountSummary {
        try await Self.offload { () throws(DiariumError) in try self.changeUser(name, roles: roles, organisations: organisations, as: principal) }
    }

    public func auditLog(_ query: AuditQuery, as principal: Principal) async throws(DiariumError) -> AuditLogPage {
        try await Self.offload { () throws(DiariumError) in try self.auditLog(query, as: principal) }
    }

    public func addUser(_ name: String, roles: Set<Principal.Role>, organisations: Set<String>? = nil, password: String? = nil,
                        as principal: Principal) async throws(DiariumError) -> OneTimePassword {
        try await Self.offload { () throws(DiariumError) in try self.addUser(name, roles: roles, organisations: organisations, password: password, as: principal) }
    }

    public func listUsers(as principal: Principal) async throws(DiariumError) -> [AccountSummary] {
        try await Self.offload { () throws(DiariumError) in try self.listUsers(as: principal) }
    }

    public func disableUser(_ name: String, as principal: Principal) async throws(DiariumError) -> AccountSummary {
        try await Self.offload { () throws(DiariumError) in try self.disableUser(name, as: principal) }
    }

    public func resetPassword(_ name: String, as principal: Principal) async throws(DiariumError) -> OneTimePassword {
        try await Self.offload { () throws(DiariumError) in try self.resetPassword(name, as: principal) }
    }

    public func deviationNotes(_ numberText: String, as principal: Principal) async throws(DiariumError) -> [String: String] {
        try await Self.offload { () throws(DiariumError) in try self.deviationNotes(numberText, as: principal) }
    }

    public func countDeviations(_ q: DeviationQuery, as principal: Principal) async throws(DiariumError) -> Int {
        try await Self.offload { () throws(DiariumError) in try self.countDeviations(q, as: principal) }
    }

    public func requestQueue(_ view: RequestQueueView, limit: Int = 50, offset: Int = 0, as principal: Principal) async throws(DiariumError) -> RequestQueuePage {
        try await Self.offload { () throws(DiariumError) in try self.requestQueue(view, limit: limit, offset: offset, as: principal) }
    }

    public func textNote(_ numberText: String, as principal: Principal) async throws(DiariumError) -> String? {
        try await Self.offload { () throws(DiariumError) in try self.textNote(numberText, as: principal) }
    }
}
