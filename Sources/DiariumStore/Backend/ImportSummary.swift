import DiariumModel
import Foundation

/// What an import did.
public struct ImportSummary: Sendable, Hashable, Codable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0

    public init() {}
}
