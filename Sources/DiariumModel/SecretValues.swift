public import DiariumText
import Foundation

/// A value that a marking protects, where it stands in the document, and how the matcher looks
/// for it (`SecretMatcher.Kind`, from the field and the value).
public struct ProtectedValue: Sendable, Hashable {
    public let value: String
    /// The field the value stands in: the marked field, or a field that goes with it (a
    /// supplier's name with its organisation number).
    public let field: FieldPath
    public let marking: SecrecyMarking
    public let kind: SecretMatcher.Kind

    public init(value: String, field: FieldPath, marking: SecrecyMarking, kind: SecretMatcher.Kind? = nil) {
        self.value = value
        self.field = field
        self.marking = marking
        self.kind = kind ?? .infer(field: field.description, value: value)
    }
}

/// Secret values with the one matcher built over them: what every check that asks "does this
/// text give a secret away?" uses, at input, in views and in releases.
public struct SecretSet: Sendable {
    public let values: [ProtectedValue]
    /// The public names beside the secrets (`SecretMatcher`'s `publicNames`).
    public let publicNames: [String]
    let matcher: SecretMatcher

    /// `publicNames`: names the same document shows in public; a secret name's distinctive
    /// word inside one of them written out is that name, alone it is the secret one.
    public init(_ values: [ProtectedValue], publicNames: [String] = []) {
        self.values = values
        self.publicNames = publicNames
        matcher = SecretMatcher(values.enumerated().map { .init(value: $0.element.value, kind: $0.element.kind, tag: $0.offset) },
                                publicNames: publicNames)
    }

    public var isEmpty: Bool { values.isEmpty }

    /// The first secret value `text` gives away, and where.
    public func firstHit(in text: String) -> (value: ProtectedValue, match: SecretMatcher.Match)? {
        guard !values.isEmpty, let m = matcher.firstMatch(in: text) else { return nil }
        return (values[m.tag], m)
    }

    public func reveals(_ text: String) -> Bool { firstHit(in: text) != nil }

    /// `text` with every place that gives a secret away replaced by `replacement` of its value.
    public func masking(_ text: String, _ replacement: (ProtectedValue) -> String) -> String {
        guard !values.isEmpty else { return text }
        return matcher.masking(text) { replacement(values[$0]) }
    }

    /// Every place `text` gives a secret away (for masking a text copy).
    public func hits(in text: String) -> [(value: ProtectedValue, match: SecretMatcher.Match)] {
        guard !values.isEmpty else { return [] }
        return matcher.allMatches(in: text).map { (values[$0.tag], $0) }
    }
}

/// Details no public view, search or copy shows whatever the markings say: a built-in
/// protection, recorded as such (never an OSL marking a registrar could forget).
public enum BuiltInProtection {
    /// A sole trader's personnummer given as a supplier's number (`OrganisationNumber.isSoleTrader`).
    public static let personalIdentityNumber = "skydd:personnummer"

    public static func isBuiltIn(_ provision: String) -> Bool { provision.hasPrefix("skydd:") }
}

/// What a document's markings protect, worked out once from its JSON and its markings (each
/// piece walked the whole tree and a procurement asked for them a dozen times on its way to
/// the register): the built-in protections, the marked values by each form a view prints them
/// in (`JSONValue.secretValues`), and the secret set (`JSONValue.secretSet`).
public struct MarkedValues: Sendable {
    public let protections: [SecrecyMarking]
    public let byValue: [String: SecrecyMarking]
    public let secretSet: SecretSet
    /// The marked fields and those a built-in protection covers.
    public let fields: Set<FieldPath>
}

/// The secret values of a document given as JSON with field markings: one rule for every
/// document kind that Diarium draws up from input (procurements, deviation reports, requests).
extension JSONValue {
    /// Everything the markings `secrecy` protect in this document, in one pass.
    public func markedValues(marked secrecy: [SecrecyMarking]) -> MarkedValues {
        let protections = builtInProtections()
        let values = protectedValues(marked: secrecy, protections: protections)
        let fields = Set((secrecy + protections).map(\.field))
        return MarkedValues(protections: protections, byValue: Self.secretValues(values),
                            secretSet: secretSet(values, marked: fields), fields: fields)
    }

    /// The built-in protections of the document: each supplier number (`orgnr`) that is a sole
    /// trader's personnummer.
    public func builtInProtections() -> [SecrecyMarking] {
        var out: [SecrecyMarking] = []
        forEachString { s, key, path in
            if key == "orgnr", OrganisationNumber(parsing: s)?.isSoleTrader == true {
                out.append(SecrecyMarking(field: path(), provision: BuiltInProtection.personalIdentityNumber,
                                          reason: "Personnummer för enskild näringsidkare: visas aldrig offentligt (inbyggt skydd)."))
            }
        }
        return out
    }

    /// Calls `body` with every string of the document but those of its markings (the root's
    /// `secrecy`), in document order, with the key it stands under (nil in a list) and its path.
    /// The path is made only when asked for: made at every node, it was an allocation each.
    func forEachString(_ body: (_ value: String, _ key: String?, _ path: () -> FieldPath) -> Void) {
        var stack: [FieldPath.Component] = []
        func walk(_ v: JSONValue) {
            switch v {
            case .string(let s):
                let key: String? = if case .key(let k)? = stack.last { k } else { nil }
                body(s, key) { FieldPath(components: stack) }
            case .array(let items):
                for (i, item) in items.enumerated() {
                    stack.append(.index(i))
                    walk(item)
                    stack.removeLast()
                }
            case .object(let members):
                for m in members where !(stack.isEmpty && m.key == "secrecy") {
                    stack.append(.key(m.key))
                    walk(m.value)
                    stack.removeLast()
                }
            default:
                return
            }
        }
        walk(self)
    }

    /// Every marked value with the marking that protects it, widened so that a detail is masked
    /// wherever it occurs: a supplier's name and organisation number go together (either
    /// identifies the firm). The built-in protections come last, each number alone (a sole
    /// trader's name is the firm's public name).
    public func protectedValues(marked secrecy: [SecrecyMarking]) -> [ProtectedValue] {
        protectedValues(marked: secrecy, protections: builtInProtections())
    }

    func protectedValues(marked secrecy: [SecrecyMarking], protections: [SecrecyMarking]) -> [ProtectedValue] {
        var out: [ProtectedValue] = []
        for m in secrecy {
            guard case .string(let v)? = value(at: m.field), !v.isEmpty else { continue }
            out.append(ProtectedValue(value: v, field: m.field, marking: m))
            if case .key(let last)? = m.field.components.last, last == "name" || last == "orgnr" {
                let sibling = FieldPath(components: m.field.components.dropLast() + [.key(last == "name" ? "orgnr" : "name")])
                if case .string(let w)? = value(at: sibling), !w.isEmpty { out.append(ProtectedValue(value: w, field: sibling, marking: m)) }
            }
        }
        for p in protections {
            guard case .string(let v)? = value(at: p.field), let number = OrganisationNumber(parsing: v) else { continue }
            out.append(ProtectedValue(value: number.description, field: p.field, marking: p, kind: .personalIdentityNumber))
            if v != number.description { out.append(ProtectedValue(value: v, field: p.field, marking: p, kind: .personalIdentityNumber)) }
        }
        return out
    }

    /// Every marked value by each form a view prints it in (`"245000.00"` as `245000`,
    /// `"5560000000"` as `556000-0000`), with its marking: a field whose value equals one is
    /// masked wherever it stands (the winner's tender amount repeated as `award.amount`, a name
    /// repeated in `suppliersInvited`).
    public func secretValues(marked secrecy: [SecrecyMarking]) -> [String: SecrecyMarking] {
        Self.secretValues(protectedValues(marked: secrecy))
    }

    static func secretValues(_ values: [ProtectedValue]) -> [String: SecrecyMarking] {
        var out: [String: SecrecyMarking] = [:]
        for p in values {
            out[p.value] = out[p.value] ?? p.marking
            if let a = Amount(parsing: p.value) { out[a.description] = out[a.description] ?? p.marking }
            if let o = OrganisationNumber(parsing: p.value) { out[o.description] = out[o.description] ?? p.marking }
        }
        return out
    }

    /// The secret set of this document: its protected values, with its public names (unmarked
    /// `name` fields) beside them.
    public func secretSet(marked secrecy: [SecrecyMarking]) -> SecretSet {
        let protections = builtInProtections()
        return secretSet(protectedValues(marked: secrecy, protections: protections), marked: Set((secrecy + protections).map(\.field)))
    }

    /// The secret set of `values`, protected in the fields `marked`.
    func secretSet(_ values: [ProtectedValue], marked: Set<FieldPath>) -> SecretSet {
        let secret = Set(values.map(\.value))
        var publicNames: [String] = []
        // A supplier's name stands in the invitations, the tenders and the award: kept once.
        var seen = Set<String>()
        forEachString { s, key, path in
            if key == "name", !secret.contains(s), !marked.contains(path()), seen.insert(s).inserted {
                publicNames.append(s)
            }
        }
        return SecretSet(values, publicNames: publicNames)
    }

    /// Unmarked text that gives away a marked value would publish it: the views mask a field
    /// that is marked or equal to a marked value, and refuse to show one that gives a marked
    /// value away, so such text is refused at input. Each such field is named (never the value).
    public func secretsInFreeText(marked secrecy: [SecrecyMarking]) -> [ValidationError] {
        secretsInFreeText(markedValues(marked: secrecy))
    }

    /// `secretsInFreeText(marked:)` with the document's marked values worked out already.
    public func secretsInFreeText(_ values: MarkedValues) -> [ValidationError] {
        let set = values.secretSet
        guard !set.isEmpty else { return [] }
        let equal = values.byValue
        let marked = values.fields
        var errors: [ValidationError] = []
        forEachString { s, _, path in
            guard equal[s] == nil else { return }
            let field = path()
            guard !marked.contains(field), let hit = set.firstHit(in: s) else { return }
            errors.append(ValidationError(
                field, rule: "secrecy.value-in-public-field",
                message: "innehåller uppgiften i \(hit.value.marking.field), som är sekretessmarkerad, och skulle röja den i den offentliga versionen; markera även detta fält eller skriv om texten"))
        }
        return errors
    }
}
