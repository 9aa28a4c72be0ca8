import DiariumModel
import DiariumStore
import DiariumText
public import Foundation
import HummingbirdBcrypt

// Staff accounts (issue 13): created, listed, disabled and reset by an administrator (the CLI's
// operator is one), with bcrypt-hashed passwords and one-time passwords that must be changed at
// the first login.

/// An account as an administrator sees it (never its password or hash).
public struct AccountSummary: Sendable, Hashable, Encodable {
    public let name: String
    public let roles: [String]
    public let organisations: [String]
    public let disabled: Bool
    public let mustChangePassword: Bool
    public let createdAt: String
}

/// A one-time password set for an account, to be handed to its user once.
public struct OneTimePassword: Sendable, Hashable {
    public let account: String
    public let password: String
}

/// How strict the web's logins are: not legal numbers, the installation's choice.
public struct LoginPolicy: Sendable, Hashable {
    /// bcrypt's cost (log2 of its rounds).
    public var bcryptCost: UInt8 = 12
    /// Failed logins per account, and per address, within `failureWindow` before logins stop.
    public var failuresPerAccount = 5
    public var failuresPerAddress = 20
    public var failureWindow: TimeInterval = 15 * 60
    /// A session ends after this long without a request, and this long after its login.
    public var idleTimeout: TimeInterval = 2 * 3600
    public var absoluteTimeout: TimeInterval = 12 * 3600
    /// Requests for documents the public form takes from one address in an hour.
    public var requestsPerAddressPerHour = 20

    public init() {}
}

enum AccountRules {
    /// The login name as stored, or the problem with it.
    static func name(_ raw: String) -> (name: String?, problem: ValidationError?) {
        let name = raw.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping.lowercased()
        let allowed = name.unicodeScalars.allSatisfy { s in
            ("a"..."z").contains(s) || ("0"..."9").contains(s) || "åäöéü._-".unicodeScalars.contains(s)
        }
        guard (2...64).contains(name.count), allowed, name.first?.isLetter == true else {
            return (nil, ValidationError(field: "name", rule: "account.name",
                                         message: "ska vara 2–64 tecken: små bokstäver (a–ö), siffror, punkt, bindestreck eller understreck, och börja med en bokstav"))
        }
        return (name, nil)
    }

    /// A password a person chose: long enough, not too long for bcrypt (which reads 72 bytes),
    /// no control characters, not the account's name.
    static func password(_ p: String, account: String, field: String) -> ValidationError? {
        if p.unicodeScalars.contains(where: { InputText.isControl($0) }) {
            return ValidationError(field: field, rule: "password.control", message: "får inte innehålla styrtecken")
        }
        if p.count < 12 {
            return ValidationError(field: field, rule: "password.short", message: "ska vara minst 12 tecken")
        }
        if p.utf8.count > 72 {
            return ValidationError(field: field, rule: "password.long", message: "får vara högst 72 byte (å, ä och ö räknas som två)")
        }
        if p.lowercased().contains(account.lowercased()) {
            return ValidationError(field: field, rule: "password.name", message: "får inte innehålla användarnamnet")
        }
        return nil
    }

    /// Four groups of four letters and digits that cannot be mistaken for one another (about 80
    /// bits), from the system's secure generator.
    static func oneTimePassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var g = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String((0..<4).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &g)] }) }
            .joined(separator: "-")
    }

    /// 32 random bytes, base64url without padding.
    static func token() -> String {
        var g = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &g) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

extension Diarium {
    func addUser(_ rawName: String, roles: Set<Principal.Role>, organisations: Set<String>?, password: String?) throws(DiariumError) -> OneTimePassword {
        var problems: [ValidationError] = []
        let (name, nameProblem) = AccountRules.name(rawName)
        if let nameProblem { problems.append(nameProblem) }
        let orgs = organisations ?? Set(store.config.organisations.map(\.code))
        problems += grantProblems(roles: roles, organisations: orgs)
        if let password, let name, let e = AccountRules.password(password, account: name, field: "password") { problems.append(e) }
        guard problems.isEmpty, let name else { throw .rejected(InputRejected(problems)) }
        for code in orgs { try requireOrganisation(code) }

        let chosen = password ?? AccountRules.oneTimePassword()
        let now = clock()
        let row = AccountRow(name: name, passwordHash: Bcrypt.hash(chosen, cost: loginPolicy.bcryptCost), roles: roles, organisations: orgs,
                             mustChangePassword: password == nil, disabled: false, createdAt: now, changedAt: now)
        let actor = self.actor
        try store.write { (tx: Transaction) throws(DiariumError) in
            guard try tx.insertAccount(row) else {
                throw .rejected(InputRejected([ValidationError(field: "name", rule: "account.exists", message: "det finns redan ett konto med namnet \(name)")]))
            }
            try tx.appendAudit(AuditEvent(at: now, actor: actor, action: "account.add", subject: name, detail: [
                "roles": roles.map(\.rawValue).sorted().joined(separator: ","), "organisations": orgs.sorted().joined(separator: ",")]))
        }
        return OneTimePassword(account: name, password: chosen)
    }

    /// What is wrong with giving an account `roles` for `organisations`: none, an unknown code.
    func grantProblems(roles: Set<Principal.Role>, organisations: Set<String>) -> [ValidationError] {
        var problems: [ValidationError] = []
        if roles.isEmpty {
            problems.append(ValidationError(field: "role", rule: "account.role",
                                            message: "minst en roll krävs: \(Principal.Role.allCases.map(\.rawValue).joined(separator: ", "))"))
        }
        let known = Set(store.config.organisations.map(\.code))
        for code in organisations.sorted() where !known.contains(code) {
            problems.append(ValidationError(field: "organisation", rule: "organisation.unknown",
                                            message: "\(code) finns inte i konfigurationen; välj en av: \(known.sorted().joined(separator: ", "))"))
        }
        if organisations.isEmpty {
            problems.append(ValidationError(field: "organisation", rule: "account.organisation", message: "minst en organisation krävs"))
        }
        return problems
    }

    func listUsers() throws(DiariumError) -> [AccountSummary] {
        try stored { () throws(StoreError) in try store.accounts() }
            .filter { a in a.organisations.contains { actsFor($0) } }
            .map(Self.summary)
    }

    static func summary(_ a: AccountRow) -> AccountSummary {
        AccountSummary(name: a.name, roles: a.roles.map(\.rawValue).sorted(), organisations: a.organisations.sorted(),
                       disabled: a.disabled, mustChangePassword: a.mustChangePassword, createdAt: Timestamp.iso(a.createdAt))
    }

    /// The account `name` for a change by an administrator who acts for all its organisations.
    private func managedAccount(_ rawName: String) throws(DiariumError) -> AccountRow {
        let name = AccountRules.name(rawName).name ?? rawName
        guard let row = try stored({ () throws(StoreError) in try store.account(name) }) else {
            throw .rejected(InputRejected([ValidationError(field: "name", rule: "account.not-found", message: "det finns inget konto med namnet \(name)")]))
        }
        for code in row.organisations { try requireOrganisation(code) }
        return row
    }

    func disableUser(_ rawName: String) throws(DiariumError) -> AccountSummary {
        var row = try managedAccount(rawName)
        let wasDisabled = row.disabled
        row.disabled = true
        row.changedAt = clock()
        let (actor, changed) = (self.actor, row)
        try store.write { (tx: Transaction) throws(DiariumError) in
            try tx.updateAccount(changed)
            try tx.deleteSessions(account: changed.name)
            if !wasDisabled {
                try tx.appendAudit(AuditEvent(at: changed.changedAt, actor: actor, action: "account.disable", subject: changed.name, detail: [:]))
            }
        }
        return Self.summary(row)
    }

    /// Gives an account new roles and organisations (the administrator must act for the old
    /// ones and the new); its sessions end, so that the change holds from the next request.
    func changeUser(_ rawName: String, roles: Set<Principal.Role>, organisations: Set<String>) throws(DiariumError) -> AccountSummary {
        var row = try managedAccount(rawName)
        let problems = grantProblems(roles: roles, organisations: organisations)
        guard problems.isEmpty else { throw .rejected(InputRejected(problems)) }
        for code in organisations { try requireOrganisation(code) }
        guard row.roles != roles || row.organisations != organisations else { return Self.summary(row) }
        row.roles = roles
        row.organisations = organisations
        row.changedAt = clock()
        let (actor, changed) = (self.actor, row)
        try store.write { (tx: Transaction) throws(DiariumError) in
            try tx.updateAccount(changed)
            try tx.deleteSessions(account: changed.name)
            try tx.appendAudit(AuditEvent(at: changed.changedAt, actor: actor, action: "account.change", subject: changed.name, detail: [
                "roles": roles.map(\.rawValue).sorted().joined(separator: ","), "organisations": organisations.sorted().joined(separator: ",")]))
        }
        return Self.summary(row)
    }

    func resetPassword(_ rawName: String) throws(DiariumError) -> OneTimePassword {
        var row = try managedAccount(rawName)
        let password = AccountRules.oneTimePassword()
        row.passwordHash = Bcrypt.hash(password, cost: loginPolicy.bcryptCost)
        row.mustChangePassword = true
        row.disabled = false
        row.changedAt = clock()
        let (actor, changed) = (self.actor, row)
        try store.write { (tx: Transaction) throws(DiariumError) in
            try tx.updateAccount(changed)
            try tx.deleteSessions(account: changed.name)
            try tx.appendAudit(AuditEvent(at: changed.changedAt, actor: actor, action: "account.reset-password", subject: changed.name, detail: [:]))
        }
        return OneTimePassword(account: row.name, password: password)
    }
}
