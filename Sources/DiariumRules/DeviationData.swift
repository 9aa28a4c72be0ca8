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

    public static func bundled() throws(LegalDataError) -> DeviationData {
        try DeviationData(directory: DataFile.bundled())
    }

    public init(directory: URL) throws(LegalDataError) {
        types = try DataFile.rows("deviation-types.json", in: directory)
        let levels: [EscalationLevel] = try DataFile.rows("escalation-levels.json", in: directory)
        guard Set(levels.map(\.order)).count == levels.count else {
            throw LegalDataError(file: "escalation-levels.json", message: "two levels share an order")
        }
        self.levels = levels.sorted { $0.order < $1.order }
    }

    /// The states of a deviation in order, with their Swedish labels.
    public static let statuses = [("draft", "Utkast"), ("reported", "Rapporterat"), ("escalated", "Eskalerat"),
                                  ("resolved", "Åtgärdat"), ("closed", "Avslutat"), ("dismissed", "Avfärdat")]

    public func type(_ code: String) -> DeviationType? { types.first { $0.code == code } }
    public func level(_ code: String) -> EscalationLevel? { levels.first { $0.code == code } }

    /// The level after `current` (nil: not escalated yet, so the first level), or nil at the top.
    public func nextLevel(after current: String?) -> EscalationLevel? {
        guard let current else { return levels.first }
        guard let i = levels.firstIndex(where: { $0.code == current }), i + 1 < levels.count else { return nil }
        return levels[i + 1]
    }
}
