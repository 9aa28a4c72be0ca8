import Foundation

/// The secret values of a document given as JSON with field markings: one rule for every
/// document kind that Diarium draws up from input (procurements, deviation reports).
extension JSONValue {
    /// Every marked value with the marking that protects it, widened so that a detail is masked
    /// wherever it occurs:
    /// - a supplier's name and organisation number go together (either identifies the firm);
    /// - an equal value elsewhere (the winner's tender amount repeated as `award.amount`, a name
    ///   repeated in `suppliersInvited`) is masked too;
    /// - an amount or organisation number is also keyed by the form the views print
    ///   (`"245000.00"` as `245000`, `"5560000000"` as `556000-0000`).
    public func secretValues(marked secrecy: [SecrecyMarking]) -> [String: SecrecyMarking] {
        var out: [String: SecrecyMarking] = [:]
        func add(_ v: String, _ m: SecrecyMarking) {
            guard !v.isEmpty else { return }
            out[v] = out[v] ?? m
            if let a = Amount(parsing: v) { out[a.description] = out[a.description] ?? m }
            if let o = OrganisationNumber(parsing: v) { out[o.description] = out[o.description] ?? m }
        }
        for m in secrecy {
            guard case .string(let v)? = value(at: m.field) else { continue }
            add(v, m)
            if case .key(let last)? = m.field.components.last, last == "name" || last == "orgnr" {
                let sibling = FieldPath(components: m.field.components.dropLast() + [.key(last == "name" ? "orgnr" : "name")])
                if case .string(let w)? = value(at: sibling) { add(w, m) }
            }
        }
        return out
    }

    /// Unmarked text that contains a marked value would publish it: the views mask a field
    /// that is marked or equal to a marked value, never a value inside other text. Each such
    /// field is named (never the value). Values of fewer than four characters are not looked
    /// for, and a number counts only as a whole number (`231000` is not inside `1231000`).
    public func secretsInFreeText(marked secrecy: [SecrecyMarking]) -> [ValidationError] {
        let secrets = secretValues(marked: secrecy)
        let sought = secrets.filter { $0.key.unicodeScalars.count >= 4 }
        let marked = Set(secrecy.map(\.field))
        var errors: [ValidationError] = []
        func walk(_ v: JSONValue, _ path: FieldPath) {
            switch v {
            case .string(let s):
                guard secrets[s] == nil, !marked.contains(path),
                      let hit = sought.first(where: { Self.occurs($0.key, in: s) }) else { return }
                errors.append(ValidationError(
                    path, rule: "secrecy.value-in-public-field",
                    message: "innehåller uppgiften i \(hit.value.field), som är sekretessmarkerad, och skulle röja den i den offentliga versionen; markera även detta fält eller skriv om texten"))
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

    static func occurs(_ secret: String, in text: String) -> Bool {
        let numeric = secret.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == " " }
        guard numeric else { return text.localizedCaseInsensitiveContains(secret) }
        var rest = text[...]
        while let r = rest.range(of: secret) {
            let before = r.lowerBound == text.startIndex ? nil : text[text.index(before: r.lowerBound)]
            let after = r.upperBound == text.endIndex ? nil : text[r.upperBound]
            if !(before?.isNumber ?? false), !(after?.isNumber ?? false) { return true }
            rest = text[r.upperBound...]
        }
        return false
    }
}
