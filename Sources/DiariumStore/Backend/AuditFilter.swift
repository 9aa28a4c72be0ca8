public import Foundation

/// Which audit events the log shows; every criterion is optional. Newest first, `limit` at a
/// time, the next page after the `before` event.
public struct AuditFilter: Sendable, Hashable {
    /// Exactly this actor (an account, or the operator's name).
    public var actor: String?
    /// The action, or every action under it (`request` finds `request.add`, `request.assess`, …).
    public var action: String?
    /// Exactly this subject (a diarienummer, a request's number, an account).
    public var subject: String?
    /// At or after this instant, and before that one.
    public var from: Date?
    public var until: Date?
    /// Only events older than this one (a page's cursor).
    public var before: Int64?
    public var limit: Int

    public init(actor: String? = nil, action: String? = nil, subject: String? = nil, from: Date? = nil, until: Date? = nil,
                before: Int64? = nil, limit: Int = 100) {
        self.actor = actor
        self.action = action
        self.subject = subject
        self.from = from
        self.until = until
        self.before = before
        self.limit = limit
    }
}
