public import DiariumStore
import DiariumModel
public import Foundation
import GRDB

// Accounts, sessions, login failures, drafts and form tokens on SQLite.

extension SQLiteStore {
    static let accountColumns = "name, password_hash, roles, organisations, must_change_password, disabled, created_at, changed_at"

    public func account(_ name: String) throws(StoreError) -> AccountRow? {
        let row = try read { db in try Row.fetchOne(db, sql: "SELECT \(Self.accountColumns) FROM account WHERE name = ?", arguments: [name]) }
        return try row.map(Self.accountRow)
    }

    public func accounts() throws(StoreError) -> [AccountRow] {
        let rows = try read { db in try Row.fetchAll(db, sql: "SELECT \(Self.accountColumns) FROM account ORDER BY name") }
        var result: [AccountRow] = []
        for r in rows { result.append(try Self.accountRow(r)) }
        return result
    }

    static func accountRow(_ r: Row) throws(StoreError) -> AccountRow {
        let name: String = r["name"]
        var roles: Set<Principal.Role> = []
        for code in (r["roles"] as String).split(separator: " ") {
            guard let role = Principal.Role(rawValue: String(code)) else {
                throw .database("the account \(name) has a role that cannot be read: \(code)")
            }
            roles.insert(role)
        }
        guard let created = Timestamp.parse(r["created_at"]), let changed = Timestamp.parse(r["changed_at"]) else {
            throw .database("the account \(name) has a time that cannot be read")
        }
        return AccountRow(name: name, passwordHash: r["password_hash"], roles: roles,
                          organisations: Set((r["organisations"] as String).split(separator: " ").map(String.init)),
                          mustChangePassword: r["must_change_password"], disabled: r["disabled"], createdAt: created, changedAt: changed)
    }

    // MARK: Sessions

    public func insertSession(_ s: SessionRow) throws(StoreError) {
        try writeRaw { db in
            try db.execute(sql: "INSERT INTO account_session (token_sha256, account, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [s.tokenSHA256, s.account, s.csrf, Self.seconds(s.createdAt), Self.seconds(s.lastSeenAt)])
        }
    }

    public func session(tokenSHA256: String) throws(StoreError) -> SessionRow? {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT token_sha256, account, csrf, created_at, last_seen_at FROM account_session WHERE token_sha256 = ?",
                             arguments: [tokenSHA256])
        }
        return row.map {
            SessionRow(tokenSHA256: $0["token_sha256"], account: $0["account"], csrf: $0["csrf"],
                       createdAt: Date(timeIntervalSince1970: $0["created_at"]), lastSeenAt: Date(timeIntervalSince1970: $0["last_seen_at"]))
        }
    }

    public func touchSession(tokenSHA256: String, at: Date) throws(StoreError) {
        try writeRaw { db in
            try db.execute(sql: "UPDATE account_session SET last_seen_at = ? WHERE token_sha256 = ?", arguments: [Self.seconds(at), tokenSHA256])
        }
    }

    public func deleteSession(tokenSHA256: String) throws(StoreError) {
        try writeRaw { db in try db.execute(sql: "DELETE FROM account_session WHERE token_sha256 = ?", arguments: [tokenSHA256]) }
    }

    public func deleteSessions(idleBefore: Date, openedBefore: Date) throws(StoreError) {
        try writeRaw { db in
            try db.execute(sql: "DELETE FROM account_session WHERE last_seen_at < ? OR created_at < ?",
                           arguments: [Self.seconds(idleBefore), Self.seconds(openedBefore)])
        }
    }

    // MARK: Attempts

    public func recordAttempt(limits: [String: Int], since: Date, at: Date) throws(StoreError) -> [Int64]? {
        try writeRaw { db in
            for (key, limit) in limits {
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM login_failure WHERE key = ? AND at >= ?",
                                             arguments: [key, Self.seconds(since)]) ?? 0
                if count >= limit { return nil }
            }
            var ids: [Int64] = []
            for key in limits.keys.sorted() {
                try db.execute(sql: "INSERT INTO login_failure (key, at) VALUES (?, ?)", arguments: [key, Self.seconds(at)])
                ids.append(db.lastInsertedRowID)
            }
            // Attempts a day old say nothing any more.
            try db.execute(sql: "DELETE FROM login_failure WHERE at < ?", arguments: [Self.seconds(at) - 86_400])
            return ids
        }
    }

    public func forgetAttempts(_ ids: [Int64]) throws(StoreError) {
        try writeRaw { db in
            for id in ids { try db.execute(sql: "DELETE FROM login_failure WHERE rowid = ?", arguments: [id]) }
        }
    }

    public func clearAttempts(key: String) throws(StoreError) {
        try writeRaw { db in try db.execute(sql: "DELETE FROM login_failure WHERE key = ?", arguments: [key]) }
    }

    // MARK: Drafts

    public func saveDraft(id: Int64?, account: String, form: String, title: String, fields: String, at: Date) throws(StoreError) -> Int64 {
        try writeRaw { db in
            if let id {
                try db.execute(sql: "UPDATE form_draft SET title = ?, fields = ?, updated_at = ? WHERE id = ? AND account = ? AND form = ?",
                               arguments: [title, fields, Timestamp.iso(at), id, account, form])
                if db.changesCount == 1 { return id }
            }
            try db.execute(sql: "INSERT INTO form_draft (account, form, title, fields, updated_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [account, form, title, fields, Timestamp.iso(at)])
            return db.lastInsertedRowID
        }
    }

    public func drafts(account: String, form: String?) throws(StoreError) -> [FormDraftRow] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, account, form, title, fields, updated_at FROM form_draft
                WHERE account = ? AND (? IS NULL OR form = ?) ORDER BY updated_at DESC, id DESC
                """, arguments: [account, form, form])
        }
        return rows.map(Self.draftRow)
    }

    public func draft(id: Int64, account: String, form: String?) throws(StoreError) -> FormDraftRow? {
        let row = try read { db in
            try Row.fetchOne(db, sql: """
                SELECT id, account, form, title, fields, updated_at FROM form_draft WHERE id = ? AND account = ? AND (? IS NULL OR form = ?)
                """, arguments: [id, account, form, form])
        }
        return row.map(Self.draftRow)
    }

    static func draftRow(_ r: Row) -> FormDraftRow {
        FormDraftRow(id: r["id"], account: r["account"], form: r["form"], title: r["title"], fields: r["fields"],
                     updatedAt: Timestamp.parse(r["updated_at"]) ?? Date(timeIntervalSince1970: 0))
    }

    public func deleteDraft(id: Int64, account: String) throws(StoreError) {
        try writeRaw { db in try db.execute(sql: "DELETE FROM form_draft WHERE id = ? AND account = ?", arguments: [id, account]) }
    }

    // MARK: Form tokens

    public func claimFormToken(_ token: String, account: String, at: Date) throws(StoreError) -> FormClaim {
        try writeRaw { db in
            try db.execute(sql: "INSERT INTO form_token (token, account, claimed_at) VALUES (?, ?, ?) ON CONFLICT (token) DO NOTHING",
                           arguments: [token, account, Self.seconds(at)])
            if db.changesCount == 1 {
                // Tokens a month old are of no form any more.
                try db.execute(sql: "DELETE FROM form_token WHERE claimed_at < ?", arguments: [Self.seconds(at) - 30 * 86_400])
                return .claimed
            }
            // Another account's token tells nothing of what it registered.
            let result = try String?.fetchOne(db, sql: "SELECT result FROM form_token WHERE token = ? AND account = ?",
                                              arguments: [token, account]) ?? nil
            return result.map(FormClaim.done) ?? .pending
        }
    }

    public func completeFormToken(_ token: String, result: String) throws(StoreError) {
        try writeRaw { db in try db.execute(sql: "UPDATE form_token SET result = ? WHERE token = ?", arguments: [result, token]) }
    }

    public func releaseFormToken(_ token: String) throws(StoreError) {
        try writeRaw { db in try db.execute(sql: "DELETE FROM form_token WHERE token = ? AND result IS NULL", arguments: [token]) }
    }

    // MARK: -

    static func seconds(_ d: Date) -> Int64 { Int64(d.timeIntervalSince1970.rounded(.down)) }

    /// A small write of its own (no audit event): sessions, throttling, drafts, tokens.
    func writeRaw<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw .database("\(error)") }
    }
}

extension SQLiteTransaction {
    func insertAccount(_ a: AccountRow) throws(Failure) -> Bool {
        try changes("""
            INSERT INTO account (\(SQLiteStore.accountColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING
            """, StatementArguments(Self.accountArguments(a))) == 1
    }

    func updateAccount(_ a: AccountRow) throws(Failure) {
        try run("""
            UPDATE account SET name = ?, password_hash = ?, roles = ?, organisations = ?, must_change_password = ?, disabled = ?,
            created_at = ?, changed_at = ? WHERE name = ?
            """, StatementArguments(Self.accountArguments(a) + [a.name]))
    }

    static func accountArguments(_ a: AccountRow) -> [any DatabaseValueConvertible] {
        [a.name, a.passwordHash, a.roles.map(\.rawValue).sorted().joined(separator: " "), a.organisations.sorted().joined(separator: " "),
         a.mustChangePassword, a.disabled, Timestamp.iso(a.createdAt), Timestamp.iso(a.changedAt)]
    }

    func deleteSessions(account: String) throws(Failure) {
        try run("DELETE FROM account_session WHERE account = ?", [account])
    }

    func insertSession(_ s: SessionRow) throws(Failure) {
        try run("INSERT INTO account_session (token_sha256, account, csrf, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                [s.tokenSHA256, s.account, s.csrf, SQLiteStore.seconds(s.createdAt), SQLiteStore.seconds(s.lastSeenAt)])
    }
}
