public import DiariumModel
public import Foundation

// Staff accounts and their server-side sessions (issue 13): the rows the account store speaks.

/// A staff account: who may log in to the web, with which roles, for which organisations.
public struct AccountRow: Sendable, Hashable {
    /// The login name (unique, compared as typed after normalisation by the Kit).
    public var name: String
    /// The bcrypt hash of the password (never the password).
    public var passwordHash: String
    public var roles: Set<Principal.Role>
    /// Organisation codes the account acts for; never empty.
    public var organisations: Set<String>
    /// A one-time password was set (at creation or reset): the next login must change it.
    public var mustChangePassword: Bool
    public var disabled: Bool
    public var createdAt: Date
    public var changedAt: Date

    public init(name: String, passwordHash: String, roles: Set<Principal.Role>, organisations: Set<String>,
                mustChangePassword: Bool, disabled: Bool, createdAt: Date, changedAt: Date) {
        self.name = name
        self.passwordHash = passwordHash
        self.roles = roles
        self.organisations = organisations
        self.mustChangePassword = mustChangePassword
        self.disabled = disabled
        self.createdAt = createdAt
        self.changedAt = changedAt
    }
}

/// A logged-in session, as stored: keyed by the SHA-256 of the cookie's token, so that a copy of
/// the database opens no session.
public struct SessionRow: Sendable, Hashable {
    public var tokenSHA256: String
    public var account: String
    /// The CSRF token every form of the session carries.
    public var csrf: String
    public var createdAt: Date
    public var lastSeenAt: Date

    public init(tokenSHA256: String, account: String, csrf: String, createdAt: Date, lastSeenAt: Date) {
        self.tokenSHA256 = tokenSHA256
        self.account = account
        self.csrf = csrf
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt
    }
}

/// A half-filled web form kept for its owner to resume.
public struct FormDraftRow: Sendable, Hashable {
    public var id: Int64
    public var account: String
    /// What the form is (`procurement`).
    public var form: String
    public var title: String
    /// The form's fields as JSON text (what was typed, not yet checked).
    public var fields: String
    public var updatedAt: Date

    public init(id: Int64, account: String, form: String, title: String, fields: String, updatedAt: Date) {
        self.id = id
        self.account = account
        self.form = form
        self.title = title
        self.fields = fields
        self.updatedAt = updatedAt
    }
}

/// What claiming a form's one-time token found.
public enum FormClaim: Sendable, Hashable {
    /// The token is the caller's now: go on and submit.
    case claimed
    /// Submitted before, with this result (a document number).
    case done(String)
    /// Another submit of the same form is running, or stopped half-way.
    case pending
}
