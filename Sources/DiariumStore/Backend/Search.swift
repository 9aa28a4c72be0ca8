public import DiariumModel
import Foundation

/// How hits are ordered.
public enum SearchOrder: String, Sendable, Hashable, CaseIterable {
    /// Newest registration first (the register's own order).
    case newest
    /// Best match first (bm25 of the full-text index), newest first among equals; without words
    /// to match, newest first.
    case relevance
}

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
    public var order: SearchOrder = .newest
    /// Newest first only: hits registered before the hit with this cursor (`SearchHit.cursor`),
    /// so that paging goes on past any offset and is not shifted by new registrations.
    public var before: Int64?

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

    /// The words of `text` as every backend's index splits them: runs of letters and digits
    /// (after canonical composition, so `å` typed as `a` + ring is one letter), a `*` right
    /// after a word making it a prefix; at most 16.
    public var terms: [(word: String, prefix: Bool)] {
        var terms: [(word: String, prefix: Bool)] = []
        var word = ""
        func flush(prefix: Bool) {
            if !word.isEmpty { terms.append((word, prefix)) }
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
        return Array(terms.prefix(16))
    }

    /// The FTS5 pattern for `text`: each word quoted (so no user text is ever FTS5 syntax), all
    /// words required, `*` kept as a prefix marker. Nil when there is no word to search for.
    public var ftsPattern: String? {
        let terms = self.terms
        return terms.isEmpty ? nil : terms.map { "\"\($0.word)\"" + ($0.prefix ? "*" : "") }.joined(separator: " ")
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
    /// Where the hit stands in the register's order: the `before` of the next page.
    public let cursor: Int64

    enum CodingKeys: String, CodingKey {
        case document, title, date, caseNumber, organisation, documentType, direction, counterparty, snippet, marked, registeredAt
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        document = try c.decode(String.self, forKey: .document)
        title = try c.decode(String.self, forKey: .title)
        date = try c.decode(String.self, forKey: .date)
        caseNumber = try c.decode(String.self, forKey: .caseNumber)
        organisation = try c.decode(String.self, forKey: .organisation)
        documentType = try c.decode(String.self, forKey: .documentType)
        direction = try c.decode(String.self, forKey: .direction)
        counterparty = try c.decodeIfPresent(String.self, forKey: .counterparty)
        snippet = try c.decodeIfPresent(String.self, forKey: .snippet)
        marked = try c.decode([String].self, forKey: .marked)
        registeredAt = try c.decode(String.self, forKey: .registeredAt)
        cursor = 0
    }

    package init(document: String, title: String, date: String, caseNumber: String, organisation: String, documentType: String, direction: String, counterparty: String?, snippet: String?, marked: [String], registeredAt: String, cursor: Int64) {
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
        self.cursor = cursor
    }
}
