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
        /// More bytes than `XMLLimits.maxBytes`.
        case tooLarge
        /// An element with more attributes than `XMLLimits.maxAttributesPerElement`.
        case tooManyAttributes
        /// Elements nested deeper than `XMLLimits.maxDepth`.
        case tooDeep
        /// More namespace declarations in scope than `XMLLimits.maxNamespacesInScope`.
        case tooManyNamespaces
        /// More nodes than `XMLLimits.maxNodes`.
        case tooManyNodes
        /// An encoding in which the pre-scan cannot see the markup the way libxml2 will (UTF-7,
        /// EBCDIC, UCS-4, Shift_JIS, ISO-2022, …): such a document could hide what the limits
        /// count. UTF-8, UTF-16 and the ASCII-based single-byte encodings are read.
        case encodingNotSupported
    }

    public let reason: Reason
    public let issues: [XMLIssue]
    /// The limit that was exceeded (for the limit reasons), so that a message can name it.
    public let limit: Int?

    public init(reason: Reason, issues: [XMLIssue], limit: Int? = nil) {
        self.reason = reason
        self.issues = issues
        self.limit = limit
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
