/// The secrecy assessment (sekretessprövning) of one document on a request, made at the time
/// of the request, per detail. Existing markings only propose: each marked detail is either
/// masked again here (`masks`) or named as assessed public now (`lifted`).
public struct AccessAssessment: Sendable, Hashable, Codable {
    public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
        /// Released whole.
        case release
        /// Released with the details of `masks` masked.
        case mask
        /// Not released (the whole document is secret, or what masking would leave has no meaning).
        case refuse

        public var swedishLabel: String {
            switch self {
            case .release: "Lämnas ut"
            case .mask: "Lämnas ut med maskering"
            case .refuse: "Lämnas inte ut"
            }
        }
    }

    /// Why a document is refused as a whole.
    public enum RefusalGround: String, Sendable, Hashable, Codable, CaseIterable {
        /// The provision covers the whole document.
        case secret
        /// Masking would leave nothing meaningful (RÅ 1989 ref. 111).
        case meaninglessRemainder = "meaningless-remainder"
        /// Recorded by earlier versions for a file they could not mask. Effort is no ground to
        /// refuse (RÅ 1979 Ab 6): new assessments cannot use it; old ones still read.
        case cannotMask = "cannot-mask"
    }

    public var outcome: Outcome
    /// The details masked, each with its provision; for `refuse`, the provision of the refusal.
    public var masks: [SecrecyMarking]
    /// Marked details that were assessed as public now.
    public var lifted: [FieldPath]
    public var refusalGround: RefusalGround?
    /// For `refuse`: the provision the refusal rests on.
    public var provision: String?
    /// The official's reasons, shown in the decision (never a secret value: checked).
    public var reason: String?
    /// The official has read the file, which Diarium cannot read whole as text (a PDF, an
    /// image), and found no secret detail in it: without this, such a file is never released
    /// whole while anything of the request is kept secret.
    public var checkedManually: Bool?

    public init(outcome: Outcome, masks: [SecrecyMarking] = [], lifted: [FieldPath] = [], refusalGround: RefusalGround? = nil,
                provision: String? = nil, reason: String? = nil, checkedManually: Bool? = nil) {
        self.outcome = outcome
        self.masks = masks
        self.lifted = lifted
        self.refusalGround = refusalGround
        self.provision = provision
        self.reason = reason
        self.checkedManually = checkedManually
    }
}
