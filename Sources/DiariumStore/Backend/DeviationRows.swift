public import DiariumModel
import Foundation

/// A deviation's state, as escalation reads and moves it.
public struct DeviationState: Sendable, Hashable {
    public let documentID: Int64
    public let status: String
    public let level: String?
    package init(documentID: Int64, status: String, level: String?) {
        self.documentID = documentID
        self.status = status
        self.level = level
    }
}

/// Which deviations `deviation list` and the board report read.
public struct DeviationFilter: Sendable, Hashable {
    public var status: String?
    public var type: String?
    public var organisation: String?
    public var unit: String?
    /// Reported within this period.
    public var period: ClosedRange<CivilDate>?
    /// Open (not closed) with no step since before this day.
    public var noStepSince: CivilDate?
    /// Only the deviation reported in this document.
    public var document: String?
    /// Only these organisations' (nil: every one).
    public var organisations: [String]?
    /// Newest report first (a page's order), else oldest first.
    public var newestFirst = false
    /// At most this many, after skipping `offset` (nil: all).
    public var limit: Int?
    public var offset = 0

    public init(status: String? = nil, type: String? = nil, organisation: String? = nil, unit: String? = nil,
                period: ClosedRange<CivilDate>? = nil, noStepSince: CivilDate? = nil, document: String? = nil) {
        self.document = document
        self.status = status
        self.type = type
        self.organisation = organisation
        self.unit = unit
        self.period = period
        self.noStepSince = noStepSince
    }
}

/// A deviation as listed, with its steps.
public struct DeviationRow: Sendable, Hashable {
    public struct Step: Sendable, Hashable, Codable {
        public let step: String
        public let level: String?
        public let on: CivilDate
        public let document: String
        /// Who took the step, as registered in its document.
        public var by: String?
        package init(step: String, level: String?, on: CivilDate, document: String, by: String? = nil) {
            self.step = step
            self.level = level
            self.on = on
            self.document = document
            self.by = by
        }
    }

    public let document: String
    public let organisation: String
    public let unit: String
    /// The provision when the unit is marked secret in the report.
    public let unitProvision: String?
    public let type: String
    public let phase: String
    public let status: String
    public let level: String?
    public let reportedOn: CivilDate
    public let lastStepOn: CivilDate
    public let origin: String
    public let procurement: String?
    public let steps: [Step]
    package init(document: String, organisation: String, unit: String, unitProvision: String?, type: String, phase: String, status: String, level: String?, reportedOn: CivilDate, lastStepOn: CivilDate, origin: String, procurement: String?, steps: [Step]) {
        self.document = document
        self.organisation = organisation
        self.unit = unit
        self.unitProvision = unitProvision
        self.type = type
        self.phase = phase
        self.status = status
        self.level = level
        self.reportedOn = reportedOn
        self.lastStepOn = lastStepOn
        self.origin = origin
        self.procurement = procurement
        self.steps = steps
    }
}
