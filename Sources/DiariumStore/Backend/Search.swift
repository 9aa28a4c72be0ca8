public import DiariumModel
import Foundation

/// A search of the register.
public struct SearchQuery: Sendable, Hashable {
    /// Words to find; a word ending in `*` matches as a prefix (`överkl*`). Empty lists by filters.
    public var text: String
    public var organisation: String?
    public var from: CivilDate?
    public var to: CivilDate?
    public var documentType: String?
    public var direction: Direction?
    /// Only documents of these organisations (nil: every organisation); set by the Kit to the
    /// organisations the searcher acts for.
    public var organisations: [String]?
    /// Only documents registered by this user (a staff member's own recent items).
    public var registeredBy: String?
    public var limit: Int
    /// Hits to skip, newest first (a page of the public register).
    public var offset: Int = 0

    public init(text: String, organisation: String? = nil, from: CivilDate? = nil, to: CivilDate? = nil,
                documentType: String? = nil, direction: Direction? = nil, limit: Int = 50) {
        self.text = text
        self.organisation = organisation
        self.from = from
        self.to = to
        self.documentType = documentType
        self.direction = direction
        self.limit = limit
    }

    /// The FTS5 pattern for `text`: each word quoted (so no user text is ever FTS5 syntax), all
    /// words required, `*` kept as a prefix marker. Nil when there is no word to search for.
    public var ftsPattern: String? {
        var terms: [String] = []
        var word = ""
        func flush(prefix: Bool) {
            if !word.isEmpty { terms.append("\"\(word)\"" + (prefix ? "*" : "")) }
            word = ""
        }
        for ch in text.precomposedStringWithCanonicalMapping {
            if ch.isLetter || ch.isNumber {
                word.append(ch)
            } else {
                flush(prefix: ch == "*")
            }
        }
        flush(prefix: false)
        return terms.isEmpty ? nil : terms.prefix(16).joined(separator: " ")
    }
}

/// One hit. In a public search every field comes from the public index or from register columns
/// that are always public (number, date, type, direction).
public struct SearchHit: Sendable, Hashable, Codable {
    public let document: String
    public let title: String
    public let date: String
    public let caseNumber: String
    public let organisation: String
    public let documentType: String
    public let direction: String
    public let counterparty: String?
    /// Matching text around the hit, with the words in [brackets]; from the same index.
    public let snippet: String?
    /// Internal search: the fields of the document marked secret (`counterparty`, `title`,
    /// `content`, …), so that staff see which of the values shown are kept from the public.
    /// Empty in public search, which shows no marked value.
    public let marked: [String]
    /// When it was registered (UTC, ISO 8601): a register column, public.
    public let registeredAt: String
    package init(document: String, title: String, date: String, caseNumber: String, organisation: String, documentType: String, direction: String, counterparty: String?, snippet: String?, marked: [String], registeredAt: String) {
        self.document = document
        self.title = title
        self.date = date
        self.caseNumber = caseNumber
        self.organisation = organisation
        self.documentType = documentType
        self.direction = direction
        self.counterparty = counterparty
        self.snippet = snippet
        self.marked = marked
        self.registeredAt = registeredAt
    }
}
