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
    public let maxDurationYears: Int?
    public let durationNote: String
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
}
