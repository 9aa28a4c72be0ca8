/// One problem with the input: which field, which rule, and a Swedish sentence for the user.
///
/// Never put the offending value in `message`: the field may be marked secret, and error text
/// reaches terminals, logs and web pages (DESIGN.md, "Secrecy, the one rule").
public struct ValidationError: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The field path (`tenders[1].amount`), or a pseudo-field such as `file` or `meta`.
    public let field: String
    /// A stable rule id (`text.max-length`), for tests and for machine readers.
    public let rule: String
    /// What is wrong, in Swedish, without the value.
    public let message: String

    public init(field: String, rule: String, message: String) {
        self.field = field
        self.rule = rule
        self.message = message
    }

    public init(_ path: FieldPath, rule: String, message: String) {
        self.init(field: path.description, rule: rule, message: message)
    }

    public var description: String { "\(field): \(message) [\(rule)]" }
}

/// Input refused: every problem found, not only the first, so a user can mend them in one go.
public struct InputRejected: Error, Sendable, Hashable, CustomStringConvertible {
    public let errors: [ValidationError]

    public init(_ errors: [ValidationError]) { self.errors = errors }
    public init(field: String, rule: String, message: String) {
        self.errors = [ValidationError(field: field, rule: rule, message: message)]
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
