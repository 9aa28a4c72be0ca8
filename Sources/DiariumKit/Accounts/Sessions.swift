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

/// bcrypt hashes of a password nobody has, one per cost, so that an unknown name costs what a
/// known one does (made once per cost, when first needed).
enum DecoyHash {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var hashes: [UInt8: String] = [:]

    static func of(cost: UInt8) -> String {
        lock.lock()
        defer { lock.unlock() }
        if let h = hashes[cost] { return h }
        let h = Bcrypt.hash("ingen har det här lösenordet", cost: cost)
        hashes[cost] = h
        return h
    }
}

extension Diarium {
    /// Records an attempt under `limits` (key → attempts allowed in the window), or refuses
    /// with `rule` when a key has reached its limit: the same answer whoever is asked about.
    func admit(_ limits: [String: Int], rule: String, window: TimeInterval, message: String) throws(DiariumError) -> [Int64] {
        let now = clock()
        let ids = try stored { () throws(StoreError) in try store.recordAttempt(limits: limits, since: now.addingTimeInterval(-window), at: now) }
        guard let ids else { throw .denied(rule: rule, message: message) }
        return ids
    }

    func throttledMessage() -> String {
        "för många misslyckade inloggningar; vänta \(Int(loginPolicy.failureWindow / 60)) minuter och försök igen"
    }

    func openSession(name rawName: String, password: String, address: String) throws(DiariumError) -> SessionGrant {
        let name = AccountRules.name(rawName).name ?? rawName.lowercased()
        let now = clock()
        let accountKey = "account:" + name
        // Counted and recorded before the (slow) password check, so that parallel guesses each
        // take one of the few attempts; refused the same way whether the account exists or not.
        let attempt = try admit([accountKey: loginPolicy.failuresPerAccount, "address:" + address: loginPolicy.failuresPerAddress],
                                rule: "login.throttled", window: loginPolicy.failureWindow, message: throttledMessage())
        let account = try stored { () throws(StoreError) in try store.account(name) }
        let matches = Bcrypt.verify(password, hash: account?.passwordHash ?? DecoyHash.of(cost: loginPolicy.bcryptCost))
        guard let account, matches, !account.disabled else {
            // The attempt stays, as a failure.
            throw .denied(rule: "login.failed", message: "fel användarnamn eller lösenord")
        }
        try stored { () throws(StoreError) in
            try store.forgetAttempts(attempt)
            try store.clearAttempts(key: accountKey)
            try store.deleteSessions(idleBefore: now.addingTimeInterval(-loginPolicy.idleTimeout),
                                     openedBefore: now.addingTimeInterval(-loginPolicy.absoluteTimeout))
        }
        let token = AccountRules.token(), csrf = AccountRules.token()
        try stored { () throws(StoreError) in
            try store.insertSession(SessionRow(tokenSHA256: SHA256Hex.of(token), account: account.name, csrf: csrf, createdAt: now, lastSeenAt: now))
        }
        return SessionGrant(token: token, csrf: csrf, mustChangePassword: account.mustChangePassword)
    }

    /// Records a request for documents sent from `address`, or refuses it when that address has
    /// sent its hour's share (a script filling the register with requests).
    func admitRequest(address: String) throws(DiariumError) {
        _ = try admit(["request:" + address: loginPolicy.requestsPerAddressPerHour], rule: "request.throttled", window: 3600,
                      message: "för många begäranden från samma adress den senaste timmen; försök igen senare eller kontakta registraturen")
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

    /// Changes the password of the session's account; every other session of it ends. A wrong
    /// current password counts as a failed login of the account (a stolen cookie cannot be
    /// used to guess it), and the session keeps its login time (and so its end).
    func replacePassword(token: String, current: String, new: String, repeated: String) throws(DiariumError) {
        let key = SHA256Hex.of(token)
        guard let session = try resolveSession(token: token), var account = try stored({ () throws(StoreError) in try store.account(session.account) }),
              let row = try stored({ () throws(StoreError) in try store.session(tokenSHA256: key) }) else {
            throw .denied(rule: "login.required", message: "du är inte inloggad")
        }
        let attempt = try admit(["account:" + account.name: loginPolicy.failuresPerAccount], rule: "login.throttled",
                                window: loginPolicy.failureWindow, message: throttledMessage())
        var problems: [ValidationError] = []
        let currentMatches = Bcrypt.verify(current, hash: account.passwordHash)
        if !currentMatches {
            problems.append(ValidationError(field: "current", rule: "password.wrong", message: "stämmer inte med ditt nuvarande lösenord"))
        }
        if let e = AccountRules.password(new, account: account.name, field: "new") { problems.append(e) }
        if new == current { problems.append(ValidationError(field: "new", rule: "password.same", message: "ska skilja sig från det nuvarande")) }
        if new != repeated { problems.append(ValidationError(field: "repeated", rule: "password.repeat", message: "är inte samma som det nya lösenordet")) }
        if currentMatches { try stored { () throws(StoreError) in try store.forgetAttempts(attempt) } }
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        account.passwordHash = Bcrypt.hash(new, cost: loginPolicy.bcryptCost)
        account.mustChangePassword = false
        account.changedAt = clock()
        let (changed, keep) = (account, SessionRow(tokenSHA256: key, account: account.name, csrf: row.csrf,
                                                   createdAt: row.createdAt, lastSeenAt: account.changedAt))
        try store.write { (tx: Transaction) throws(DiariumError) in
            try tx.updateAccount(changed)
            try tx.deleteSessions(account: changed.name)
            try tx.insertSession(keep)
            try tx.appendAudit(AuditEvent(at: changed.changedAt, actor: changed.name, action: "account.password-changed", subject: changed.name, detail: [:]))
        }
    }
}
