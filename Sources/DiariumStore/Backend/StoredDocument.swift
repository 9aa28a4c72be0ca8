public import DiariumModel
import Foundation

/// A registered document as read back: the register entry plus where its archived parts are.
public struct StoredDocument: Sendable, Hashable {
    public let id: Int64
    public let entry: RegisterEntry
    public let kind: DocumentKind
    public let recordSHA256: String
    /// Set when the document was disposed of under the plan: its file is gone, its row stays.
    public let disposal: DisposalMark?
    package init(id: Int64, entry: RegisterEntry, kind: DocumentKind, recordSHA256: String, disposal: DisposalMark? = nil) {
        self.id = id
        self.entry = entry
        self.kind = kind
        self.recordSHA256 = recordSHA256
        self.disposal = disposal
    }
}
