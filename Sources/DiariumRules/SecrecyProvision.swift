public import DiariumModel

/// A secrecy provision a marking may name: one dated, sourced row of legal data.
public struct SecrecyProvision: Sendable, Hashable, Codable {
    public let id: String
    public let reference: String
    /// What a public marker shows, e.g. `31 kap. 16 § OSL`.
    public let shortReference: String
    public let protects: String
    /// `straight`, `reverse`, `absolute` or `special-reason`.
    public let damageTest: String
    public let damageTestLabel: String
    /// The longest the secrecy lasts for an item in a public document, in years, as the
    /// provision states it; nil when the data does not give one.
    public let maxDurationYears: Int?
    public let durationNote: String
    /// Codes of document types (`tilldelningsbeslut`, `avtal`) whose registration in the matter
    /// ends the secrecy before the time limit; empty when only time ends it, nil in data
    /// written before the field existed.
    public let endsWith: [String]?
    public let validFrom: CivilDate
    public let validTo: CivilDate?
    public let source: String
    public let verified: Bool

    public func isValid(on date: CivilDate) -> Bool {
        validFrom <= date && (validTo.map { date <= $0 } ?? true)
    }
}

/// A document type (handlingstyp) with its Swedish label.
public struct DocumentType: Sendable, Hashable, Codable {
    public let code: String
    public let label: String

    public init(code: String, label: String) {
        self.code = code
        self.label = label
    }
}

/// A built-in protection: a kind of detail no public view, search or copy shows.
public struct ProtectionRow: Sendable, Hashable, Codable {
    public let id: String
    public let label: String
    /// The rules it rests on, as the document records them.
    public let basis: String
    public let source: String
    public let verified: Bool
    public let note: String?
}
