/// Whether a document was received (inkommen, TF 2 kap. 9 §) or drawn up (upprättad, 2 kap. 10 §),
/// and if drawn up, whether it was sent out.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable {
    case incoming
    case outgoing
    case internal_ = "internal"

    /// The label in the register.
    public var swedishLabel: String {
        switch self {
        case .incoming: "Inkommen"
        case .outgoing: "Upprättad, utgående"
        case .internal_: "Upprättad, intern"
        }
    }
}
