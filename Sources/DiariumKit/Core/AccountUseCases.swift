public import DiariumModel
public import DiariumStore

/// The Kit's use cases of accounts, sessions and forms as the faces call them (the rest in
/// UseCases.swift): each checks the role it needs and runs bound to the principal.

// MARK: - Accounts: Accounts

extension Diarium {
    /// Adds a staff account with `roles`, acting for `organisations` (default: every
    /// organisation of the store). Without `password`, sets a one-time password (returned) that
    /// must be changed at the first login.
    public func addUser(_ name: String, roles: Set<Principal.Role>, organisations: Set<String>? = nil, password: String? = nil,
                        as principal: Principal) throws(DiariumError) -> OneTimePassword {
        try bound(to: principal, .role(.admin), "lägga till konton").addUser(name, roles: roles, organisations: organisations, password: password)
    }

    /// The accounts of the principal's organisations.
    public func listUsers(as principal: Principal) throws(DiariumError) -> [AccountSummary] {
        try bound(to: principal, .role(.admin), "se konton").listUsers()
    }

    /// Disables an account; its sessions end at once.
    public func disableUser(_ name: String, as principal: Principal) throws(DiariumError) -> AccountSummary {
        try bound(to: principal, .role(.admin), "stänga av konton").disableUser(name)
    }

    /// Gives an account new roles and organisations; its sessions end.
    public func changeUser(_ name: String, roles: Set<Principal.Role>, organisations: Set<String>, as principal: Principal) throws(DiariumError) -> AccountSummary {
        try bound(to: principal, .role(.admin), "ändra konton").changeUser(name, roles: roles, organisations: organisations)
    }

    /// The audit log, newest first, filtered by who, what and when.
    public func auditLog(_ query: AuditQuery, as principal: Principal) throws(DiariumError) -> AuditLogPage {
        try bound(to: principal, .role(.admin), "se granskningsloggen").auditLog(query)
    }

    /// Sets a new one-time password (returned) and enables the account; its sessions end.
    public func resetPassword(_ name: String, as principal: Principal) throws(DiariumError) -> OneTimePassword {
        try bound(to: principal, .role(.admin), "återställa lösenord").resetPassword(name)
    }
}

// MARK: - Accounts: Sessions

extension Diarium {
    /// The principal a login acts as before it has an account.
    static let loginVisitor = Principal.member(ofThePublic: "inloggning")

    /// Logs in: a new server-side session, or a refusal that reads the same for an unknown name,
    /// a wrong password and a disabled account. Throttled per account and per `address`.
    public func logIn(name: String, password: String, address: String) throws(DiariumError) -> SessionGrant {
        try bound(to: Self.loginVisitor, .anyone, "logga in").openSession(name: name, password: password, address: address)
    }

    /// The session of a cookie's token; nil when it has ended.
    public func session(token: String) throws(DiariumError) -> StaffSession? {
        try bound(to: Self.loginVisitor, .anyone, "logga in").resolveSession(token: token)
    }

    /// Admits one request for documents from the public form at `address`, or refuses it when
    /// the address has sent its hour's share (`LoginPolicy.requestsPerAddressPerHour`).
    public func admitPublicRequest(address: String) throws(DiariumError) {
        try bound(to: Self.loginVisitor, .anyone, "begära ut handlingar").admitRequest(address: address)
    }

    public func logOut(token: String) throws(DiariumError) {
        try bound(to: Self.loginVisitor, .anyone, "logga ut").closeSession(token: token)
    }

    /// Changes the password of the session's account (a one-time one must be changed first).
    public func changePassword(token: String, current: String, new: String, repeated: String) throws(DiariumError) {
        try bound(to: Self.loginVisitor, .anyone, "byta lösenord").replacePassword(token: token, current: current, new: new, repeated: repeated)
    }
}

// MARK: - Accounts: own items

extension Diarium {
    /// The documents the principal registered, newest first (a staff member's start page).
    public func ownRecentDocuments(limit: Int = 10, as principal: Principal) throws(DiariumError) -> [SearchHit] {
        let d = try bound(to: principal, .staff, "se sina handlingar")
        var q = SearchQuery(text: "", limit: limit)
        q.registeredBy = d.actor
        return try d.search(q, scope: .internal)
    }
}

// MARK: - Accounts: Forms

extension Diarium {
    /// Saves a half-filled form of the principal's (a new draft, or `id` again).
    public func saveDraft(id: Int64?, form: String, title: String, fields: [String: [String]], as principal: Principal) throws(DiariumError) -> Int64 {
        try bound(to: principal, .staff, "spara utkast").saveDraft(id: id, form: form, title: title, fields: fields)
    }

    /// The principal's drafts, newest first.
    public func drafts(form: String? = nil, as principal: Principal) throws(DiariumError) -> [FormDraft] {
        try bound(to: principal, .staff, "se utkast").drafts(form: form)
    }

    /// The principal's draft `id` of `form` (any form when nil).
    public func draft(id: Int64, form: String? = nil, as principal: Principal) throws(DiariumError) -> FormDraft? {
        try bound(to: principal, .staff, "se utkast").draft(id: id, form: form)
    }

    public func deleteDraft(id: Int64, as principal: Principal) throws(DiariumError) {
        try bound(to: principal, .staff, "ta bort utkast").deleteDraft(id: id)
    }

    /// Runs `body` (which registers something and returns its number) once per `formToken`: a
    /// form sent again gets what the first send registered. A refused send gives the token back,
    /// so the corrected form can be sent.
    public func submitOnce(formToken: String, as principal: Principal, _ body: () throws(DiariumError) -> String) throws(DiariumError) -> FormSubmission {
        let d = try bound(to: principal, .anyone, "skicka formulär")
        switch try d.claimForm(formToken) {
        case .done(let result): return .alreadySubmitted(result)
        case .pending: return .inProgress
        case .claimed: break
        }
        let result: String
        do { result = try body() } catch {
            d.releaseForm(formToken)
            throw error
        }
        try d.completeForm(formToken, result: result)
        return .submitted(result)
    }
}
