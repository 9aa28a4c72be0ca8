public import DiariumModel
import DiariumStore
import Foundation
import HummingbirdBcrypt

// Logging in and out, and the server-side sessions behind the web's cookie.

/// What a successful login gives the web: the cookie's token (stored only as its hash).
public struct SessionGrant: Sendable, Hashable {
    public let token: String
    public let csrf: String
    public let mustChangePassword: Bool
}

/// A request's session: who acts, and the token every form of it must carry. While a one-time
/// password is in force, `principal` holds no role, so the account can do nothing but change it.
public struct StaffSession: Sendable, Hashable {
    public let account: String
    public let principal: Principal
    public let csrf: String
    public let mustChangePassword: Bool
    /// The roles the account holds (shown in the menu; `principal` is what acts).
    public let roles: Set<Principal.Role>
}

extension Diarium {
    /// A bcrypt hash of a password nobody has, so that an unknown name costs what a known one does.
    private static let decoyHash = Bcrypt.hash("ingen har det här lösenordet", cost: 12)

    func openSession(name rawName: String, password: String, address: String) throws(DiariumError) -> SessionGrant {
        let name = AccountRules.name(rawName).name ?? rawName.lowercased()
        let now = clock()
        let keys = ["account:" + name, "address:" + address]
        let failures = try stored { () throws(StoreError) in
            try store.loginFailures(keys: keys, since: now.addingTimeInterval(-loginPolicy.failureWindow))
        }
        // Refused the same way whether the account exists or not.
        if failures[keys[0], default: 0] >= loginPolicy.failuresPerAccount || failures[keys[1], default: 0] >= loginPolicy.failuresPerAddress {
            throw .denied(rule: "login.throttled", message: "för många misslyckade inloggningar; vänta \(Int(loginPolicy.failureWindow / 60)) minuter och försök igen")
        }
        let account = try stored { () throws(StoreError) in try store.account(name) }
        let matches = Bcrypt.verify(password, hash: account?.passwordHash ?? Self.decoyHash)
        guard let account, matches, !account.disabled else {
            try stored { () throws(StoreError) in try store.recordLoginFailure(keys: keys, at: now) }
            throw .denied(rule: "login.failed", message: "fel användarnamn eller lösenord")
        }
        try stored { () throws(StoreError) in
            try store.clearLoginFailures(key: keys[0])
            try store.deleteSessions(idleBefore: now.addingTimeInterval(-loginPolicy.idleTimeout),
                                     openedBefore: now.addingTimeInterval(-loginPolicy.absoluteTimeout))
        }
        let token = AccountRules.token(), csrf = AccountRules.token()
        try stored { () throws(StoreError) in
            try store.insertSession(SessionRow(tokenSHA256: SHA256Hex.of(token), account: account.name, csrf: csrf, createdAt: now, lastSeenAt: now))
        }
        return SessionGrant(token: token, csrf: csrf, mustChangePassword: account.mustChangePassword)
    }

    /// The session of a cookie's token, or nil when there is none (ended, expired, the account
    /// disabled). Keeps an active session alive.
    func resolveSession(token: String) throws(DiariumError) -> StaffSession? {
        guard !token.isEmpty, token.count <= 100 else { return nil }
        let key = SHA256Hex.of(token)
        let now = clock()
        guard let s = try stored({ () throws(StoreError) in try store.session(tokenSHA256: key) }) else { return nil }
        if now.timeIntervalSince(s.lastSeenAt) > loginPolicy.idleTimeout || now.timeIntervalSince(s.createdAt) > loginPolicy.absoluteTimeout {
            try stored { () throws(StoreError) in try store.deleteSession(tokenSHA256: key) }
            return nil
        }
        guard let account = try stored({ () throws(StoreError) in try store.account(s.account) }), !account.disabled else { return nil }
        // One write a minute at most per session.
        if now.timeIntervalSince(s.lastSeenAt) > 60 {
            try stored { () throws(StoreError) in try store.touchSession(tokenSHA256: key, at: now) }
        }
        let principal = Principal(name: account.name, roles: account.mustChangePassword ? [] : account.roles,
                                  organisations: .only(account.organisations))
        return StaffSession(account: account.name, principal: principal, csrf: s.csrf,
                            mustChangePassword: account.mustChangePassword, roles: account.roles)
    }

    func closeSession(token: String) throws(DiariumError) {
        try stored { () throws(StoreError) in try store.deleteSession(tokenSHA256: SHA256Hex.of(token)) }
    }

    /// Changes the password of the session's account; every other session of it ends.
    func replacePassword(token: String, current: String, new: String, repeated: String) throws(DiariumError) {
        guard let session = try resolveSession(token: token), var account = try stored({ () throws(StoreError) in try store.account(session.account) }) else {
            throw .denied(rule: "login.required", message: "du är inte inloggad")
        }
        var problems: [ValidationError] = []
        if !Bcrypt.verify(current, hash: account.passwordHash) {
            problems.append(ValidationError(field: "current", rule: "password.wrong", message: "stämmer inte med ditt nuvarande lösenord"))
        }
        if let e = AccountRules.password(new, account: account.name, field: "new") { problems.append(e) }
        if new == current { problems.append(ValidationError(field: "new", rule: "password.same", message: "ska skilja sig från det nuvarande")) }
        if new != repeated { problems.append(ValidationError(field: "repeated", rule: "password.repeat", message: "är inte samma som det nya lösenordet")) }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        account.passwordHash = Bcrypt.hash(new, cost: loginPolicy.bcryptCost)
        account.mustChangePassword = false
        account.changedAt = clock()
        let (changed, keep) = (account, SessionRow(tokenSHA256: SHA256Hex.of(token), account: account.name, csrf: session.csrf,
                                                   createdAt: account.changedAt, lastSeenAt: account.changedAt))
        try store.write { (tx: Transaction) throws(DiariumError) in
            try tx.updateAccount(changed)
            try tx.deleteSessions(account: changed.name)
            try tx.appendAudit(AuditEvent(at: changed.changedAt, actor: changed.name, action: "account.password-changed", subject: changed.name, detail: [:]))
        }
        // This session goes on (the others ended with the old password).
        try stored { () throws(StoreError) in try store.insertSession(keep) }
    }
}
