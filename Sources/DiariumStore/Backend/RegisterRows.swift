public import DiariumModel
import Foundation

/// A case (ärende) as the store holds it.
public struct CaseRecord: Sendable, Hashable {
    public let id: Int64
    public let number: CaseNumber
    public let organisation: String
    public let title: String
    package init(id: Int64, number: CaseNumber, organisation: String, title: String) {
        self.id = id
        self.number = number
        self.organisation = organisation
        self.title = title
    }
}

/// The text a document contributes to the two search indexes. The caller builds `public` from
/// the public view of the document, so the public index never receives a secret value.
public struct SearchText: Sendable, Hashable {
    public struct Public: Sendable, Hashable {
        public var title: String
        public var counterparty: String
        public var caseTitle: String
        public var documentType: String
        public init(title: String, counterparty: String, caseTitle: String, documentType: String) {
            self.title = title
            self.counterparty = counterparty
            self.caseTitle = caseTitle
            self.documentType = documentType
        }
    }

    public struct Internal: Sendable, Hashable {
        public var title: String
        public var publicTitle: String
        public var counterparty: String
        public var caseTitle: String
        public var documentType: String
        public var handler: String
        /// Text extracted from the file (XML, HTML, plain text); empty for other formats.
        public var content: String
        public init(title: String, publicTitle: String, counterparty: String, caseTitle: String, documentType: String, handler: String, content: String) {
            self.title = title
            self.publicTitle = publicTitle
            self.counterparty = counterparty
            self.caseTitle = caseTitle
            self.documentType = documentType
            self.handler = handler
            self.content = content
        }
    }

    public var `public`: Public
    public var `internal`: Internal
    public init(public: Public, internal: Internal) {
        self.public = `public`
        self.internal = `internal`
    }
}
