public import DiariumStore
import DiariumModel
public import Foundation

// Accounts, sessions, login failures, drafts and form tokens on PostgreSQL, as on SQLite (see
// DiariumSQLite/Accounts.swift). Sessions are rows of the database, never state of a process,
// so that every server in front of it knows every session.
//
// What counts and then writes (recordAttempt, claimFormToken, saveDraft's update-or-insert)
// runs in a write transaction under the store's write lock, as SQLite's writes queue: parallel
// attempts cannot all pass on one count, a token is claimed once. A write of one statement alone
// (a session touched or ended, attempts forgotten, a token completed) is atomic by itself and
// needs no lock; it runs on its own, so a page view never waits behind a long registration.

extension PostgresStore {
    static let accountColumns = "name, password_hash, roles, organisations, must_change_password, disabled, created_at, changed_at"

    public func account(_ name: String) throws(StoreError) -> AccountRow? {
        try rows("SELECT \(Self.accountColumns) FROM account WHERE name = ?", [name]).first.map(Self.accountRow)
    }

    public func accounts() throws(StoreError) -> [AccountRow] {
        var result: [AccountRow] = []
        for r in try rows("SELECT \(Self.accountColumns) FROM account ORDER BY name") { result.append(try Self.accountRow(r)) }
        return result
    }

    static func accountRow(_ r: PGRow) throws(StoreError) -> AccountRow {
        let name: String = try r["name"]
        var roles: Set<Principal.Role> = []
        for code in (try r["roles"] as String).split(separator: " ") {
            guard let role = Principal.Role(rawValue: String(code)) else {
                throw .database("the account \(name) has a role that cannot be read: \(code)")
            }
            roles.insert(role)
        }
        guard let created = Timestamp.parse(try r["created_at"]), let changed = Timestamp.parse(try r["changed_at"]) else {
            throw .database("the account \(name) has a time that cannot be read")
        }
        return AccountRow(name: name, passwordHash: try r["password_hash"], roles: roles,
                          organisations: Set((try r["organisations"] as String).split(separator: " ").map(String.init)),
                          mustChangePassword: try r["must_change_password"], disabled: try r["disabled"],
                          createdAt: created, changedAt: changed)
    }

    // MARK: Sessions

    public func insertSession(_ s: SessionRow) throws(StoreError) {
        try alone(Self.sessionInsert, Self.sessionArguments(s))
    }

    public func session(tokenSHA256: String) throws(StoreError) -> SessionRow? {
        guard let r = try rows("""
            SELECT token_sha256, account, csrf, created_at, last_seen_at FROM account_session WHERE token_sha256 = ?
            """, [tokenSHA256]).first else { return nil }
        return SessionRow(tokenSHA256: try r["token_sha256"], account: try r["account"], csrf: try r["csrf"],
                          createdAt: Date(timeIntervalSince1970: Double(try r["created_at"] as Int64)),
                          lastSeenAt: Date(timeIntervalSince1970: Double(try r["last_seen_at"] as Int64)))
    }

    public func touchSession(tokenSHA256: String, at: Date) throws(StoreError) {
        try alone("UPDATE account_session SET last_seen_at = ? WHERE token_sha256 = ?", [Self.seconds(at), tokenSHA256])
    }

    public func deleteSession(tokenSHA256: String) throws(StoreError) {
        try alone("DELETE FROM account_session WHERE token_sha256 = ?", [tokenSHA256])
    }

    public func deleteSessions(idleBefore: Date, openedBefore: Date) throws(StoreError) {
        try alone("DELETE FROM account_session WHERE last_seen_at < ? OR created_at < ?",
                  [Self.seconds(idleBefore), Self.seconds(openedBefore)])
    }

    static let sessionInsert = "INSERT INTO account_session (token_sha256, account, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)"

    static func sessionArguments(_ s: SessionRow) -> [any PGBindable] {
        [s.tokenSHA256, s.account, s.csrf, seconds(s.createdAt), seconds(s.lastSeenAt)]
    }

    // MARK: Attempts

    public func recordAttempt(limits: [String: Int], since: Date, at: Date) throws(StoreError) -> [Int64]? {
        try writeStore { tx throws(StoreError) in
            for (key, limit) in limits {
                let count = Int(try tx.int("SELECT count(*) FROM login_failure WHERE key = ? AND at >= ?", [key, Self.seconds(since)]) ?? 0)
                if count >= limit { return nil }
            }
            var ids: [Int64] = []
            for key in limits.keys.sorted() {
                guard let id = try tx.int("INSERT INTO login_failure (key, at) VALUES (?, ?) RETURNING id", [key, Self.seconds(at)]) else {
                    throw .database("login_failure gave no id")
                }
                ids.append(id)
            }
            // Attempts a day old say nothing any more.
            try tx.run("DELETE FROM login_failure WHERE at < ?", [Self.seconds(at) - 86_400])
            return ids
        }
    }

    public func forgetAttempts(_ ids: [Int64]) throws(StoreError) {
        guard !ids.isEmpty else { return }
        // One statement for all (binds have no integer array: the ids go as text).
        try alone("DELETE FROM login_failure WHERE id = ANY(?::text[]::bigint[])", [ids.map(String.init)])
    }

    public func clearAttempts(key: String) throws(StoreError) {
        try alone("DELETE FROM login_failure WHERE key = ?", [key])
    }

    // MARK: Drafts

    public func saveDraft(id: Int64?, account: String, form: String, title: String, fields: String, at: Date) throws(StoreError) -> Int64 {
        try writeStore { tx throws(StoreError) in
            if let id {
                let changed = try tx.changes("UPDATE form_draft SET title = ?, fields = ?, updated_at = ? WHERE id = ? AND account = ? AND form = ?",
                                             [title, fields, Timestamp.iso(at), id, account, form])
                if changed == 1 { return id }
            }
            guard let new = try tx.int("""
                INSERT INTO form_draft (account, form, title, fields, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id
                """, [account, form, title, fields, Timestamp.iso(at)]) else { throw .database("form_draft gave no id") }
            return new
        }
    }

    public func drafts(account: String, form: String?) throws(StoreError) -> [FormDraftRow] {
        var result: [FormDraftRow] = []
        for r in try rows("""
            SELECT id, account, form, title, fields, updated_at FROM form_draft
            WHERE account = ?1 AND (?2::text IS NULL OR form = ?2::text) ORDER BY updated_at DESC, id DESC
            """, [account, form]) {
            result.append(try Self.draftRow(r))
        }
        return result
    }

    public func draft(id: Int64, account: String, form: String?) throws(StoreError) -> FormDraftRow? {
        try rows("""
            SELECT id, account, form, title, fields, updated_at FROM form_draft
            WHERE id = ?1 AND account = ?2 AND (?3::text IS NULL OR form = ?3::text)
            """, [id, account, form]).first.map(Self.draftRow)
    }

    static func draftRow(_ r: PGRow) throws(StoreError) -> FormDraftRow {
        FormDraftRow(id: try r["id"], account: try r["account"], form: try r["form"], title: try r["title"], fields: try r["fields"],
                     updatedAt: Timestamp.parse(try r["updated_at"]) ?? Date(timeIntervalSince1970: 0))
    }

    public func deleteDraft(id: Int64, account: String) throws(StoreError) {
        try alone("DELETE FROM form_draft WHERE id = ? AND account = ?", [id, account])
    }

    // MARK: Form tokens

    public func claimFormToken(_ token: String, account: String, at: Date) throws(StoreError) -> FormClaim {
        try writeStore { tx throws(StoreError) in
            let claimed = try tx.changes("INSERT INTO form_token (token, account, claimed_at) VALUES (?, ?, ?) ON CONFLICT (token) DO NOTHING",
                                         [token, account, Self.seconds(at)])
            if claimed == 1 {
                // Tokens a month old are of no form any more.
                try tx.run("DELETE FROM form_token WHERE claimed_at < ?", [Self.seconds(at) - 30 * 86_400])
                return .claimed
            }
            // Another account's token tells nothing of what it registered.
            let row = try tx.rows("SELECT result FROM form_token WHERE token = ? AND account = ?", [token, account]).first
            let result: String? = try row.flatMap { r throws(StoreError) in try r["result"] }
            return result.map(FormClaim.done) ?? .pending
        }
    }

    public func completeFormToken(_ token: String, result: String) throws(StoreError) {
        try alone("UPDATE form_token SET result = ? WHERE token = ?", [result, token])
    }

    public func releaseFormToken(_ token: String) throws(StoreError) {
        try alone("DELETE FROM form_token WHERE token = ? AND result IS NULL", [token])
    }

    // MARK: -

    static func seconds(_ d: Date) -> Int64 { Int64(d.timeIntervalSince1970.rounded(.down)) }

    /// A write of one statement, committed by itself (no audit event, no write lock).
    private func alone(_ sql: String, _ binds: [any PGBindable]) throws(StoreError) {
        try client.withConnection { c throws(StoreError) in _ = try c.execute(sql, binds) }
    }
}

extension PGTransaction {
    func insertAccount(_ a: AccountRow) throws(Failure) -> Bool {
        try changes("""
            INSERT INTO account (\(PostgresStore.accountColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING
            """, Self.accountArguments(a)) == 1
    }

    func updateAccount(_ a: AccountRow) throws(Failure) {
        try run("""
            UPDATE account SET name = ?, password_hash = ?, roles = ?, organisations = ?, must_change_password = ?, disabled = ?,
            created_at = ?, changed_at = ? WHERE name = ?
            """, Self.accountArguments(a) + [a.name])
    }

    static func accountArguments(_ a: AccountRow) -> [any PGBindable] {
        [a.name, a.passwordHash, a.roles.map(\.rawValue).sorted().joined(separator: " "), a.organisations.sorted().joined(separator: " "),
         a.mustChangePassword, a.disabled, Timestamp.iso(a.createdAt), Timestamp.iso(a.changedAt)]
    }

    func deleteSessions(account: String) throws(Failure) {
        try run("DELETE FROM account_session WHERE account = ?", [account])
    }

    func insertSession(_ s: SessionRow) throws(Failure) {
        try run(PostgresStore.sessionInsert, PostgresStore.sessionArguments(s))
    }
}
