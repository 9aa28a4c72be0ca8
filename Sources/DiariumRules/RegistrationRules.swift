public import DiariumModel
import Foundation

/// Checks of a registration that need the legal data or the date, pure and without I/O.
public enum RegistrationRules {
    public static func check(_ r: Registration, legal: LegalData, today: CivilDate) -> [ValidationError] {
        var errors: [ValidationError] = []
        if legal.documentType(r.documentType) == nil {
            errors.append(ValidationError(
                field: "documentType", rule: "document-type.unknown",
                message: "är ingen känd handlingstyp; välj en av: \(legal.documentTypes.map(\.code).joined(separator: ", "))"))
        }
        if r.date > today {
            errors.append(ValidationError(
                field: "date", rule: "date.in-future",
                message: "ligger efter dagens datum; en handling kan inte ha kommit in eller upprättats i framtiden"))
        }
        for (i, m) in r.secrecy.enumerated() where legal.provision(m.provision, on: today) == nil {
            let known = legal.provisions.filter { $0.isValid(on: today) }.map(\.id)
            errors.append(ValidationError(
                field: "secrecy[\(i)].provision", rule: "provision.unknown",
                message: "är ingen sekretessbestämmelse i gällande rättsdata; välj en av: \(known.joined(separator: ", "))"))
        }
        errors += leaks(in: r)
        return errors
    }

    /// Whether `text`, shown publicly, gives away a value that `r` marks secret, however it is
    /// written (`SecretMatcher`).
    public static func revealsSecret(_ text: String, of r: Registration) -> Bool {
        // Only a marked detail is looked for: with none (most registrations) no matcher is built.
        Registration.marksDetails(r.secrecy) && r.secretSet.reveals(text)
    }

    /// A value marked secret must not stand in a field the public register shows: a secret
    /// counterparty named in the title would otherwise be published through the title.
    static func leaks(in r: Registration) -> [ValidationError] {
        guard Registration.marksDetails(r.secrecy) else { return [] }
        let secrets = r.secretSet
        guard !secrets.isEmpty else { return [] }
        var publicFields: [(String, String)] = [("handler", r.handler)]
        if let t = r.caseTitle { publicFields.append(("caseTitle", t)) }
        if !r.isSecret("title") { publicFields.append(("title", r.title)) }
        if let p = r.publicTitle { publicFields.append(("publicTitle", p)) }
        if !r.isSecret("counterparty"), let c = r.counterparty { publicFields.append(("counterparty", c)) }
        var errors: [ValidationError] = []
        for (field, text) in publicFields {
            guard let hit = secrets.firstHit(in: text) else { continue }
            if field == "publicTitle", hit.value.field == FieldPath("title") { continue } // reported by decode
            errors.append(ValidationError(
                field: field, rule: "secrecy.value-in-public-field",
                message: "innehåller uppgiften i \(hit.value.field), som är sekretessmarkerad, och skulle röja den i det offentliga diariet"))
        }
        return errors
    }
}
