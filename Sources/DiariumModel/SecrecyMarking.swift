import DiariumText

/// A secrecy marking (sekretessmarkering, OSL 5 kap.) on one field of a document: a
/// pre-assessment that the detail is secret under `provision`. On a request for the document the
/// assessment is made again per detail; the marking only proposes.
public struct SecrecyMarking: Sendable, Hashable, Codable {
    public let field: FieldPath
    /// An id from the legal data, e.g. `osl-31-16`.
    public let provision: String
    /// Why, in the marker's own words. Internal: never shown in a public view, since it may
    /// describe the very detail it protects.
    public let reason: String

    public init(field: FieldPath, provision: String, reason: String) {
        self.field = field
        self.provision = provision
        self.reason = reason
    }
}

extension FieldReader {
    /// Reads a `secrecy` list. `markable` lists the field paths this document kind lets be marked;
    /// provision ids are checked against the legal data by the caller, which knows it.
    public mutating func secrecyMarkings(_ o: Object, markable: (FieldPath) -> Bool) -> [SecrecyMarking] {
        var result: [SecrecyMarking] = []
        var seen = Set<FieldPath>()
        for (path, value) in array(o, "secrecy", maxCount: 100) {
            guard let m = object(value, at: path, known: ["field", "provision", "reason"]) else { continue }
            let field = parsed(m, "field", rule: "field-path.invalid",
                               message: "ska vara en fältsökväg som counterparty eller tenders[1].amount") { FieldPath(parsing: $0) }
            let provision = text(m, "provision", maxLength: 64)
            let reason = text(m, "reason", maxLength: 1000, lines: .many)
            guard let field else { continue }
            guard markable(field) else {
                fail(path.appending("field"), "secrecy.field-not-markable",
                     "fältet finns inte i dokumentet eller kan inte sekretessmarkeras")
                continue
            }
            guard seen.insert(field).inserted else {
                fail(path.appending("field"), "secrecy.duplicate", "fältet är redan sekretessmarkerat i en tidigare post")
                continue
            }
            if let provision, let reason {
                result.append(SecrecyMarking(field: field, provision: provision, reason: reason))
            }
        }
        return result
    }
}
