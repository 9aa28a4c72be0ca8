/// One problem libxml2 reported, with the line it points at (0 when libxml2 gave none).
public struct XMLIssue: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    /// libxml2's numeric error code (`xmlParserErrors`); lets a caller report a problem without
    /// quoting libxml2's message, which may contain text from the document.
    public let code: Int
    /// libxml2's own message (English). It may quote content of the document.
    public let message: String

    public init(line: Int, code: Int, message: String) {
        self.line = line
        self.code = code
        self.message = message
    }

    public var description: String { line > 0 ? "line \(line): \(message)" : message }
}

/// Why a document was refused by the hardened parser.
public struct XMLRejection: Error, Sendable, Hashable {
    public enum Reason: String, Sendable, Hashable {
        /// Not well-formed: a syntax error, an undefined entity, an entity loop.
        case malformed
        /// A document type declaration (DTD) is present; DTDs are refused whole because they are
        /// the carrier of every entity attack (external entities, billion laughs).
        case doctypeNotAllowed
        /// The input is empty or holds no element.
        case empty
    }

    public let reason: Reason
    public let issues: [XMLIssue]

    public init(reason: Reason, issues: [XMLIssue]) {
        self.reason = reason
        self.issues = issues
    }

    /// The first line the parser pointed at, if any.
    public var line: Int? { issues.first(where: { $0.line > 0 })?.line }
}

/// Failure to load an XSD (a broken or missing schema file: a deployment error, not user input).
public struct XMLSchemaLoadError: Error, Sendable, CustomStringConvertible {
    public let path: String
    public let issues: [XMLIssue]
    public var description: String {
        "cannot load schema \(path): " + issues.map(\.description).joined(separator: "; ")
    }
}
