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

/// The secret values of a document given as JSON with field markings: one rule for every
/// document kind that Diarium draws up from input (procurements, deviation reports, requests).
extension JSONValue {
    /// The built-in protections of the document: each supplier number (`orgnr`) that is a sole
    /// trader's personnummer.
    public func builtInProtections() -> [SecrecyMarking] {
        var out: [SecrecyMarking] = []
        func walk(_ v: JSONValue, _ path: FieldPath) {
            switch v {
            case .string(let s):
                if case .key("orgnr")? = path.components.last, OrganisationNumber(parsing: s)?.isSoleTrader == true {
                    out.append(SecrecyMarking(field: path, provision: BuiltInProtection.personalIdentityNumber,
                                              reason: "Personnummer för enskild näringsidkare: visas aldrig offentligt (inbyggt skydd)."))
                }
            case .array(let items): for (i, item) in items.enumerated() { walk(item, path.appending(i)) }
            case .object(let members): for m in members where !(path == .root && m.key == "secrecy") { walk(m.value, path.appending(m.key)) }
            default: return
            }
        }
        walk(self, .root)
        return out
    }

    /// Every marked value with the marking that protects it, widened so that a detail is masked
    /// wherever it occurs: a supplier's name and organisation number go together (either
    /// identifies the firm). The built-in protections come last, each number alone (a sole
    /// trader's name is the firm's public name).
    public func protectedValues(marked secrecy: [SecrecyMarking]) -> [ProtectedValue] {
        var out: [ProtectedValue] = []
        for m in secrecy {
            guard case .string(let v)? = value(at: m.field), !v.isEmpty else { continue }
            out.append(ProtectedValue(value: v, field: m.field, marking: m))
            if case .key(let last)? = m.field.components.last, last == "name" || last == "orgnr" {
                let sibling = FieldPath(components: m.field.components.dropLast() + [.key(last == "name" ? "orgnr" : "name")])
                if case .string(let w)? = value(at: sibling), !w.isEmpty { out.append(ProtectedValue(value: w, field: sibling, marking: m)) }
            }
        }
        for p in builtInProtections() {
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
        var out: [String: SecrecyMarking] = [:]
        for p in protectedValues(marked: secrecy) {
            out[p.value] = out[p.value] ?? p.marking
            if let a = Amount(parsing: p.value) { out[a.description] = out[a.description] ?? p.marking }
            if let o = OrganisationNumber(parsing: p.value) { out[o.description] = out[o.description] ?? p.marking }
        }
        return out
    }

    /// The secret set of this document: its protected values, with the words of its public
    /// names (unmarked `name` fields) beside them.
    public func secretSet(marked secrecy: [SecrecyMarking]) -> SecretSet {
        let values = protectedValues(marked: secrecy)
        let secret = Set(values.map(\.value))
        let marked = Set((secrecy + builtInProtections()).map(\.field))
        var publicNames: [String] = []
        var seen = Set<String>()
        func walk(_ v: JSONValue, _ path: FieldPath) {
            switch v {
            case .string(let s):
                if case .key("name")? = path.components.last, !marked.contains(path), !secret.contains(s) {
                    if seen.insert(s).inserted { publicNames.append(s) }
                }
            case .array(let items): for (i, item) in items.enumerated() { walk(item, path.appending(i)) }
            case .object(let members): for m in members where !(path == .root && m.key == "secrecy") { walk(m.value, path.appending(m.key)) }
            default: return
            }
        }
        walk(self, .root)
        return SecretSet(values, publicNames: publicNames)
    }

    /// Unmarked text that gives away a marked value would publish it: the views mask a field
    /// that is marked or equal to a marked value, and refuse to show one that gives a marked
    /// value away, so such text is refused at input. Each such field is named (never the value).
    public func secretsInFreeText(marked secrecy: [SecrecyMarking]) -> [ValidationError] {
        let set = secretSet(marked: secrecy)
        guard !set.isEmpty else { return [] }
        let equal = secretValues(marked: secrecy)
        let marked = Set((secrecy + builtInProtections()).map(\.field))
        var errors: [ValidationError] = []
        func walk(_ v: JSONValue, _ path: FieldPath) {
            switch v {
            case .string(let s):
                guard equal[s] == nil, !marked.contains(path), let hit = set.firstHit(in: s) else { return }
                errors.append(ValidationError(
                    path, rule: "secrecy.value-in-public-field",
                    message: "innehåller uppgiften i \(hit.value.marking.field), som är sekretessmarkerad, och skulle röja den i den offentliga versionen; markera även detta fält eller skriv om texten"))
            case .array(let items):
                for (i, item) in items.enumerated() { walk(item, path.appending(i)) }
            case .object(let members):
                for m in members where !(path == .root && m.key == "secrecy") { walk(m.value, path.appending(m.key)) }
            default:
                return
            }
        }
        walk(self, .root)
        return errors
    }
}
