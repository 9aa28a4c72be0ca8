import Foundation

/// What `verify` found. `damage` is anything that makes the archive untrustworthy (exit 1);
/// `notices` are harmless leftovers of an interrupted write.
public struct VerifyReport: Sendable, Hashable, Codable {
    public struct Finding: Sendable, Hashable, Codable, CustomStringConvertible {
        public let kind: String
        public let subject: String
        public let message: String
        public var description: String { "\(subject): \(message) [\(kind)]" }

        public init(kind: String, subject: String, message: String) {
            self.kind = kind
            self.subject = subject
            self.message = message
        }
    }

    public var objectsChecked = 0
    public var documentsChecked = 0
    public var auditEventsChecked = 0
    /// The anchor outside the database, and the head to publish.
    public var anchor = AnchorReport()
    public var damage: [Finding] = []
    public var notices: [Finding] = []

    public var isIntact: Bool { damage.isEmpty }

    public init() {}
}
