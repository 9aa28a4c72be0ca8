/// One outcome of a check: a rule id, how grave, which field, what it means in Swedish, and the
/// legal source of the rule.
public struct Finding: Sendable, Hashable, Codable {
    public enum Severity: String, Sendable, Hashable, Codable {
        /// Direct award is not allowed, or the documentation is not complete.
        case error
        /// Allowed, but something a reviewer will ask about.
        case warning
        /// What was checked and found in order, for the record.
        case info
    }

    public let rule: String
    public let severity: Severity
    public let field: String
    public let message: String
    public let source: String?

    public init(rule: String, severity: Severity, field: String, message: String, source: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.field = field
        self.message = message
        self.source = source
    }
}
