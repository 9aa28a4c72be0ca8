public import Foundation

/// A type of deviation (avsteg) with the rule it breaks.
public struct DeviationType: Sendable, Hashable, Codable {
    public let code: String
    public let label: String
    public let breaks: String
    public let source: String
}

/// A level a deviation can be escalated to, in the policy's order.
public struct EscalationLevel: Sendable, Hashable, Codable {
    public let code: String
    public let order: Int
    public let label: String
    public let source: String
}

/// The code lists of deviation handling (Sources/DiariumRules/Data).
public struct DeviationData: Sendable {
    public let types: [DeviationType]
    public let levels: [EscalationLevel]

    public static func bundled() throws -> DeviationData {
        guard let url = Bundle.module.url(forResource: "Data", withExtension: nil) else {
            throw LegalDataError(message: "the bundled data folder is missing from the build")
        }
        return try DeviationData(directory: url)
    }

    public init(directory: URL) throws {
        func rows<T: Decodable>(_ name: String) throws -> [T] {
            do { return try JSONDecoder().decode(RowsFile<T>.self, from: Data(contentsOf: directory.appendingPathComponent(name))).rows } catch {
                throw LegalDataError(message: "\(name): \(error)")
            }
        }
        types = try rows("deviation-types.json")
        levels = try rows("escalation-levels.json").sorted { (a: EscalationLevel, b: EscalationLevel) in a.order < b.order }
        guard Set(levels.map(\.order)).count == levels.count else {
            throw LegalDataError(message: "escalation-levels.json: two levels share an order")
        }
    }

    /// The states of a deviation in order, with their Swedish labels.
    public static let statuses = [("draft", "Utkast"), ("reported", "Rapporterat"), ("escalated", "Eskalerat"),
                                  ("resolved", "Åtgärdat"), ("closed", "Avslutat")]

    public func type(_ code: String) -> DeviationType? { types.first { $0.code == code } }
    public func level(_ code: String) -> EscalationLevel? { levels.first { $0.code == code } }

    /// The level after `current` (nil: not escalated yet, so the first level), or nil at the top.
    public func nextLevel(after current: String?) -> EscalationLevel? {
        guard let current else { return levels.first }
        guard let i = levels.firstIndex(where: { $0.code == current }), i + 1 < levels.count else { return nil }
        return levels[i + 1]
    }
}
