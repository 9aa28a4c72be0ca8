import Foundation

/// The rows that `verify` compares with what they were made from (the archived inputs, the
/// public view, the imported files), as column → text; NULL is a missing key.
public struct VerifiedRow: Sendable, Hashable {
    public let values: [String: String]
    package init(values: [String: String]) {
        self.values = values
    }
    public subscript(column: String) -> String? { values[column] }
}
