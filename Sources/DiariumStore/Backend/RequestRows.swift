public import DiariumModel
public import Foundation

/// A request for public documents as the store holds it.
public struct AccessRequestRow: Sendable, Hashable {
    /// The registered request document.
    public let documentID: Int64
    public let caseID: Int64
    /// The number staff use for the request: its case number.
    public let number: String
    public let organisation: String
    public let receivedAt: Date
    public let receivedOn: CivilDate
    public let channel: AccessChannel
    public let format: AccessFormat
    public let anonymous: Bool
    public let inputSHA256: String
    public let status: RequestStatus
    public let handledAt: Date?
    /// Documents added, and how many of them are assessed.
    public let documents: Int
    public let assessed: Int
    /// Who handles it now, when it has been handed to someone (else the registration's handler).
    public var handler: String?
    /// Moves with every change to the request (documents, assessments, releases, handler).
    public var revision: Int = 0
    package init(documentID: Int64, caseID: Int64, number: String, organisation: String, receivedAt: Date, receivedOn: CivilDate, channel: AccessChannel, format: AccessFormat, anonymous: Bool, inputSHA256: String, status: RequestStatus, handledAt: Date?, documents: Int, assessed: Int) {
        self.documentID = documentID
        self.caseID = caseID
        self.number = number
        self.organisation = organisation
        self.receivedAt = receivedAt
        self.receivedOn = receivedOn
        self.channel = channel
        self.format = format
        self.anonymous = anonymous
        self.inputSHA256 = inputSHA256
        self.status = status
        self.handledAt = handledAt
        self.documents = documents
        self.assessed = assessed
    }
}

/// One page of the request queue: which requests, in which order, how many.
public struct RequestPageQuery: Sendable, Hashable {
    /// These statuses (nil: all).
    public var statuses: [RequestStatus]?
    /// Only these organisations' (nil: every one).
    public var organisations: [String]?
    /// Open requests that came in on or before this day are overdue (nil: none is).
    public var overdueOnOrBefore: CivilDate?
    /// Only the overdue ones.
    public var onlyOverdue = false
    /// Newest first, else oldest first (which puts the overdue ones first).
    public var newestFirst = false
    public var limit = 50
    public var offset = 0

    public init(statuses: [RequestStatus]?) { self.statuses = statuses }
}

/// The requests of a page, with how many match in all and how many of those are overdue.
public struct RequestPage: Sendable, Hashable {
    public let rows: [AccessRequestRow]
    public let total: Int
    public let overdue: Int
    package init(rows: [AccessRequestRow], total: Int, overdue: Int) {
        self.rows = rows
        self.total = total
        self.overdue = overdue
    }
}

/// A document a request asks for, with its assessment once made.
public struct RequestItemRow: Sendable, Hashable {
    public let documentID: Int64
    public let document: String
    public let kind: DocumentKind
    public let addedAt: Date
    public let assessment: AccessAssessment?
    public let assessedAt: Date?
    public let assessedBy: String?
    package init(documentID: Int64, document: String, kind: DocumentKind, addedAt: Date, assessment: AccessAssessment?, assessedAt: Date?, assessedBy: String?) {
        self.documentID = documentID
        self.document = document
        self.kind = kind
        self.addedAt = addedAt
        self.assessment = assessment
        self.assessedAt = assessedAt
        self.assessedBy = assessedBy
    }
}

/// One release of copies.
public struct RequestReleaseRow: Sendable, Hashable {
    public let releasedAt: Date
    public let releasedBy: String
    public let pages: Int
    public let feeOre: Int64
    public let feeScale: String
    public let manifestSHA256: String
    /// The copies as one ZIP (a release through the web), an archived object.
    public var archiveSHA256: String?

    public init(releasedAt: Date, releasedBy: String, pages: Int, feeOre: Int64, feeScale: String, manifestSHA256: String) {
        self.releasedAt = releasedAt
        self.releasedBy = releasedBy
        self.pages = pages
        self.feeOre = feeOre
        self.feeScale = feeScale
        self.manifestSHA256 = manifestSHA256
    }
}
