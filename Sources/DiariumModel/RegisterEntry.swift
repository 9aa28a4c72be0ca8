public import Foundation

/// An organisation of the store's config: a region or the joint board.
public struct Organisation: Sendable, Hashable, Codable {
    /// Short code used in input files (`RS`).
    public let code: String
    public let name: String
    public let organisationNumber: OrganisationNumber
    /// Prefix of its diarienummer (`RS`).
    public let prefix: String
    /// For a joint committee (gemensam nämnd): the code of the hosting organisation.
    public let hostedBy: String?

    public init(code: String, name: String, organisationNumber: OrganisationNumber, prefix: String, hostedBy: String? = nil) {
        self.code = code
        self.name = name
        self.organisationNumber = organisationNumber
        self.prefix = prefix
        self.hostedBy = hostedBy
    }
}

/// The archived file of a registered document.
public struct ArchivedFile: Sendable, Hashable, Codable {
    /// The file's name as it was registered (its last path component only).
    public let name: String
    public let mediaType: String
    public let size: Int64
    /// SHA-256 of the bytes, lowercase hex: the object's address in the archive.
    public let sha256: String

    public init(name: String, mediaType: String, size: Int64, sha256: String) {
        self.name = name
        self.mediaType = mediaType
        self.size = size
        self.sha256 = sha256
    }
}

/// One registered document as the register (diariet) holds it: the full, internal record.
/// Public projections are made from it by `DiariumRender`, never by hiding parts of a rendering.
public struct RegisterEntry: Sendable, Hashable, Codable {
    public let number: DocumentNumber
    public let caseTitle: String
    public let organisation: Organisation
    public let direction: Direction
    public let date: CivilDate
    public let registeredAt: Date
    public let registeredBy: String
    public let counterparty: String?
    public let title: String
    public let publicTitle: String?
    public let documentType: String
    public let handler: String
    public let file: ArchivedFile
    public let secrecy: [SecrecyMarking]

    public init(
        number: DocumentNumber, caseTitle: String, organisation: Organisation, direction: Direction,
        date: CivilDate, registeredAt: Date, registeredBy: String, counterparty: String?, title: String,
        publicTitle: String?, documentType: String, handler: String, file: ArchivedFile, secrecy: [SecrecyMarking]
    ) {
        self.number = number
        self.caseTitle = caseTitle
        self.organisation = organisation
        self.direction = direction
        self.date = date
        self.registeredAt = registeredAt
        self.registeredBy = registeredBy
        self.counterparty = counterparty
        self.title = title
        self.publicTitle = publicTitle
        self.documentType = documentType
        self.handler = handler
        self.file = file
        self.secrecy = secrecy
    }

    public func marking(for field: String) -> SecrecyMarking? {
        secrecy.first { $0.field == FieldPath(field) }
    }
}
