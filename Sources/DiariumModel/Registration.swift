public import Foundation
import DiariumText

/// The metadata with which a registrar registers any document (diarieföring): the v1 input
/// contract of `examples/registration.json`.
public struct Registration: Sendable, Hashable {
    /// The organisation's code in the store's config (`RS`, `RV`, `IN`).
    public var organisation: String
    /// An existing case to file the document in; nil opens a new case titled `caseTitle`.
    public var caseNumber: CaseNumber?
    public var caseTitle: String?
    public var direction: Direction
    /// The day the document was received or drawn up.
    public var date: CivilDate
    /// Sender or recipient (avsändare/mottagare), where there is one.
    public var counterparty: String?
    public var title: String
    /// What the public register shows when `title` is marked secret.
    public var publicTitle: String?
    /// A code from the document-type list (handlingstyp), e.g. `anbud`.
    public var documentType: String
    /// The case handler (handläggare).
    public var handler: String
    public var secrecy: [SecrecyMarking]

    public init(
        organisation: String, caseNumber: CaseNumber? = nil, caseTitle: String?, direction: Direction,
        date: CivilDate, counterparty: String?, title: String, publicTitle: String? = nil,
        documentType: String, handler: String, secrecy: [SecrecyMarking] = []
    ) {
        self.organisation = organisation
        self.caseNumber = caseNumber
        self.caseTitle = caseTitle
        self.direction = direction
        self.date = date
        self.counterparty = counterparty
        self.title = title
        self.publicTitle = publicTitle
        self.documentType = documentType
        self.handler = handler
        self.secrecy = secrecy
    }

    /// The register fields that may be withheld from the public register (DOMAIN.md §3: sender or
    /// recipient and the description of content), plus the document's content as a whole.
    public static let markableFields: Set<FieldPath> = [FieldPath("counterparty"), FieldPath("title"), FieldPath("content")]

    public static let keys = [
        "organisation", "case", "caseTitle", "direction", "date", "counterparty", "title",
        "publicTitle", "documentType", "handler", "secrecy",
    ]

    public enum Limit {
        public static let title = 500
        public static let counterparty = 300
        public static let handler = 200
    }

    public func isSecret(_ field: String) -> Bool { marking(for: field) != nil }

    /// The marked register details (counterparty, title) with the matcher that finds them in
    /// any text.
    public var secretSet: SecretSet { Self.secretSet(counterparty: counterparty, title: title, secrecy: secrecy, officials: [handler]) }

    /// Whether `secrecy` marks a register detail that `secretSet` looks for (the counterparty or
    /// the title): without one the set holds no value and finds nothing, so callers that only
    /// look for the details need not build it.
    public static func marksDetails(_ secrecy: [SecrecyMarking]) -> Bool {
        secrecy.contains { $0.field == Self.counterpartyField || $0.field == Self.titleField }
    }

    static let counterpartyField = FieldPath("counterparty")
    static let titleField = FieldPath("title")

    /// The marked register details of a registration or an entry. `officials`: the names of the
    /// officials the register shows with it (the handler): public names beside which a secret
    /// name is looked for (a requester who shares the handler's surname).
    public static func secretSet(counterparty: String?, title: String, secrecy: [SecrecyMarking], officials: [String] = []) -> SecretSet {
        var values: [ProtectedValue] = []
        for m in secrecy {
            switch m.field.description {
            case "counterparty":
                // A name, or the address or number the sender wrote from.
                if let c = counterparty {
                    let kind = SecretMatcher.Kind.infer(field: "counterparty", value: c)
                    values.append(ProtectedValue(value: c, field: m.field, marking: m, kind: kind == .amount ? .name : kind))
                }
            case "title": values.append(ProtectedValue(value: title, field: m.field, marking: m, kind: .text))
            default: break
            }
        }
        return SecretSet(values, publicNames: officials)
    }

    public func marking(for field: String) -> SecrecyMarking? {
        secrecy.first { $0.field == FieldPath(field) }
    }

    /// Decodes and checks the structure of a registration; facts that need the store or the legal
    /// data (organisation, case, provision, document type) are checked by the caller.
    public static func decode(_ data: Data) throws(InputRejected) -> Registration {
        let json = try FieldReader.parseDocument(data, field: "meta")
        var r = FieldReader()
        guard let o = r.object(json, at: .root, known: keys) else { throw InputRejected(r.errors) }
        let organisation = r.text(o, "organisation", maxLength: 16)
        let caseNumber = r.parsed(o, "case", required: false, rule: "case-number.invalid",
                                  message: "ska vara ett ärendenummer på formen RS 2026/0042") { CaseNumber(parsing: $0) }
        let caseTitle = r.text(o, "caseTitle", required: false, maxLength: Limit.title)
        let direction = r.code(o, "direction", as: Direction.self)
        let date = r.date(o, "date")
        let counterparty = r.text(o, "counterparty", required: false, maxLength: Limit.counterparty)
        let title = r.text(o, "title", maxLength: Limit.title)
        let publicTitle = r.text(o, "publicTitle", required: false, maxLength: Limit.title)
        let documentType = r.text(o, "documentType", maxLength: 64)
        let handler = r.text(o, "handler", maxLength: Limit.handler)
        let secrecy = r.secrecyMarkings(o) { markableFields.contains($0) }

        if o["case"] == nil, caseTitle == nil, !r.errors.contains(where: { $0.field == "caseTitle" }) {
            // Blank counts as missing: a new case must never borrow the document's title, which
            // may be secret, since case titles are public.
            r.fail(FieldPath("caseTitle"), "case-title.required-for-new-case",
                   "krävs när inget ärende anges, eftersom ett nytt ärende läggs upp")
        }
        if o["case"] != nil, caseTitle != nil {
            // Silently ignoring it would let a registrar believe the case was renamed.
            r.fail(FieldPath("caseTitle"), "case-title.only-for-new-case",
                   "anges bara när ett nytt ärende läggs upp; ett befintligt ärende behåller sin rubrik")
        }
        let marked = Set(secrecy.map(\.field))
        if marked.contains(FieldPath("title")) {
            if publicTitle == nil {
                r.fail(FieldPath("publicTitle"), "public-title.required-when-title-secret",
                       "krävs när title är sekretessmarkerad, eftersom det offentliga diariet visar den i stället")
            } else if let t = title, let p = publicTitle,
                      SecretSet([ProtectedValue(value: t, field: FieldPath("title"), marking: SecrecyMarking(field: FieldPath("title"), provision: "", reason: ""), kind: .text)]).reveals(p) {
                r.fail(FieldPath("publicTitle"), "public-title.reveals-secret-title",
                       "får inte innehålla den sekretessmarkerade titeln")
            }
        }
        if marked.contains(FieldPath("counterparty")), counterparty == nil {
            r.fail(FieldPath("secrecy"), "secrecy.field-empty", "counterparty är markerad som sekretess men saknar värde")
        }
        guard r.errors.isEmpty, let organisation, let direction, let date, let title, let documentType, let handler else {
            throw InputRejected(r.errors)
        }
        return Registration(
            organisation: organisation, caseNumber: caseNumber, caseTitle: caseTitle, direction: direction,
            date: date, counterparty: counterparty, title: title, publicTitle: publicTitle,
            documentType: documentType, handler: handler, secrecy: secrecy)
    }
}
