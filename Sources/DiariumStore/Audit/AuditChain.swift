public import Foundation

/// One event of the audit log: who did what to which subject, when. `detail` must never carry a
/// value marked secret; callers pass ids, hashes and counts, not content.
public struct AuditEvent: Sendable, Hashable {
    public let at: Date
    public let actor: String
    public let action: String
    public let subject: String?
    public let detail: [String: String]

    public init(at: Date, actor: String, action: String, subject: String?, detail: [String: String] = [:]) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
    }
}

/// A stored audit event with its place in the chain.
public struct AuditRecord: Sendable, Hashable {
    public let id: Int64
    public let at: String
    public let actor: String
    public let action: String
    public let subject: String?
    public let detail: String
    public let previousHash: String
    public let hash: String
    package init(id: Int64, at: String, actor: String, action: String, subject: String?, detail: String, previousHash: String, hash: String) {
        self.id = id
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.detail = detail
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The hash chain: each event stores sha256(previous hash ‖ "\n" ‖ canonical event), so editing
/// or deleting an event breaks every link after it. Documents point at their event, so deleting
/// the newest event is caught too.
package enum AuditChain {
    package static let genesis = String(repeating: "0", count: 64)

    /// The canonical form: JSON with the keys in sorted order and no insignificant white space,
    /// written by hand so that it can never change with a Foundation release (a changed byte
    /// would break every link of an existing chain).
    package static func canonical(id: Int64, at: String, actor: String, action: String, subject: String?, detail: String) -> String {
        "{\"action\":\(quote(action)),\"actor\":\(quote(actor)),\"at\":\(quote(at)),\"detail\":\(quote(detail)),"
            + "\"id\":\(id),\"subject\":\(subject.map(quote) ?? "null")}"
    }

    package static func link(previous: String, canonical: String) -> String {
        SHA256Hex.of(previous + "\n" + canonical)
    }

    package static func encodeDetail(_ detail: [String: String]) -> String {
        "{" + detail.sorted { $0.key < $1.key }.map { "\(quote($0.key)):\(quote($0.value))" }.joined(separator: ",") + "}"
    }

    /// A JSON string literal: quote and backslash escaped, control characters as \u00XX.
    package static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
