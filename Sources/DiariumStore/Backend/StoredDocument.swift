public import DiariumModel
import Foundation

/// A registered document as read back: the register entry plus where its archived parts are.
public struct StoredDocument: Sendable, Hashable {
    public let id: Int64
    public let entry: RegisterEntry
    public let kind: DocumentKind
    public let recordSHA256: String
    package init(id: Int64, entry: RegisterEntry, kind: DocumentKind, recordSHA256: String) {
        self.id = id
        self.entry = entry
        self.kind = kind
        self.recordSHA256 = recordSHA256
    }
}
