public import Foundation

/// What the register row of a disposed document (gallrad handling) keeps of its disposal: when,
/// under which decision, and the disposal record (gallringsprotokoll) that lists it.
public struct DisposalMark: Sendable, Hashable, Codable {
    public let disposedAt: Date
    public let decision: String
    /// The number of the registered disposal record.
    public let record: String

    public init(disposedAt: Date, decision: String, record: String) {
        self.disposedAt = disposedAt
        self.decision = decision
        self.record = record
    }
}

/// A hold on disposal (gallringsstopp): the documents of a case, or one document, kept whatever
/// the plan says until the hold is lifted (a dispute, an inquiry, a request expected).
public struct DisposalHold: Sendable, Hashable, Codable {
    /// A document number (`RS 2026/0012-3`) or a case number (`RS 2026/0012`).
    public let subject: String
    public let reason: String
    public let placedBy: String
    public let placedAt: Date

    public init(subject: String, reason: String, placedBy: String, placedAt: Date) {
        self.subject = subject
        self.reason = reason
        self.placedBy = placedBy
        self.placedAt = placedAt
    }
}

/// A disposal record (gallringsprotokoll) as data: what one run disposed of in one organisation,
/// when, by whom and under which decision. Archived as JSON and made again from it; it holds only
/// what the public register shows of each document (its public title), so every audience sees
/// the same record.
public struct DisposalRecord: Sendable, Hashable, Codable {
    public struct Item: Sendable, Hashable, Codable {
        public let number: String
        public let documentType: String
        public let documentTypeLabel: String
        public let date: CivilDate
        public let registeredOn: CivilDate
        /// The title as the public register shows it.
        public let title: String
        public let mediaType: String
        public let size: Int64
        /// The SHA-256 of the disposed file: what was destroyed, provably.
        public let sha256: String
        /// The plan's rule ("Gallras 2 år efter utgången av registreringsåret") and the decision it rests on.
        public let rule: String
        public let planDecision: String
        public let dueOn: CivilDate

        public init(number: String, documentType: String, documentTypeLabel: String, date: CivilDate, registeredOn: CivilDate,
                    title: String, mediaType: String, size: Int64, sha256: String, rule: String, planDecision: String, dueOn: CivilDate) {
            self.number = number
            self.documentType = documentType
            self.documentTypeLabel = documentTypeLabel
            self.date = date
            self.registeredOn = registeredOn
            self.title = title
            self.mediaType = mediaType
            self.size = size
            self.sha256 = sha256
            self.rule = rule
            self.planDecision = planDecision
            self.dueOn = dueOn
        }
    }

    public let organisation: String
    /// The decision this run carries out (`--decision`), as the registrar cited it.
    public let decision: String
    public let disposedOn: CivilDate
    public let disposedAt: Date
    public let disposedBy: String
    public let items: [Item]

    public init(organisation: String, decision: String, disposedOn: CivilDate, disposedAt: Date, disposedBy: String, items: [Item]) {
        self.organisation = organisation
        self.decision = decision
        self.disposedOn = disposedOn
        self.disposedAt = disposedAt
        self.disposedBy = disposedBy
        self.items = items
    }
}
