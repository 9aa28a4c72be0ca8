import Foundation

/// The Swedish names of the details of Diarium's inputs, for everything a person reads: a
/// record's findings and markings, a staff page's list of what the public does not see. A
/// field path (`tenders[1].amount`) becomes "Anbud 2: belopp"; one this table lacks is shown
/// as it is, never dropped.
public enum FieldLabels {
    /// Details by their path with indices taken out (`tenders[].amount`).
    static let details: [String: String] = [
        // Registration
        "organisation": "Organisation", "case": "Ärende", "caseTitle": "Ärendemening", "direction": "Riktning", "date": "Datum",
        "counterparty": "Avsändare/mottagare", "title": "Rubrik", "publicTitle": "Rubrik för allmänheten", "documentType": "Handlingstyp",
        "handler": "Handläggare", "content": "Handlingens innehåll", "file": "Fil",
        // Direct procurement
        "unit": "Verksamhet", "handler.name": "Handläggarens namn", "handler.email": "Handläggarens e-post", "subject": "Vad som köps",
        "description": "Beskrivning", "category": "CPV-kod", "law": "Lag", "contractCategory": "Slag av kontrakt",
        "ground": "Grund för direktupphandling", "groundJustification": "Motivering av grunden", "estimatedValue": "Uppskattat värde",
        "period": "Avtalsperiod", "period.start": "Avtalsperiodens början", "period.end": "Avtalsperiodens slut",
        "competition": "Konkurrensutsättning", "competition.method": "Hur konkurrensen togs till vara",
        "competition.justification": "Konkurrensutsättningens beskrivning",
        "suppliersInvited": "Tillfrågade leverantörer", "suppliersInvited[].name": "namn", "suppliersInvited[].orgnr": "organisationsnummer",
        "tenders": "Mottagna anbud", "tenders[].supplier": "leverantör", "tenders[].supplier.name": "leverantörens namn",
        "tenders[].supplier.orgnr": "leverantörens organisationsnummer", "tenders[].amount": "belopp", "tenders[].received": "mottaget",
        "award": "Tilldelning", "award.supplier": "Vald leverantör", "award.supplier.name": "Vald leverantörs namn",
        "award.supplier.orgnr": "Vald leverantörs organisationsnummer", "award.amount": "Tilldelat belopp", "award.reason": "Skäl för valet",
        "supplierChecks": "Kontroll av leverantören", "supplierChecks.taxesAndFees": "Skatter och avgifter betalda",
        "supplierChecks.exclusionGrounds": "Inga uteslutningsgrunder", "supplierChecks.checkedOn": "Leverantören kontrollerad",
        "agreementCheck": "Kontroll av befintliga avtal", "agreementCheck.checkedOn": "Avtalen kontrollerade",
        "agreementCheck.justification": "Resultat av avtalskontrollen", "contractSigned": "Avtalet tecknat", "documentedOn": "Dokumenterat",
        "conflictOfInterest": "Jäv", "conflictOfInterest.declared": "Jävsdeklaration gjord", "conflictOfInterest.note": "Anteckning om jäv",
        "startedOn": "Upphandlingen påbörjad", "secrecy": "Sekretessmarkeringar",
        // Deviation report
        "reportedBy": "Rapporterad av", "reportedBy.name": "Rapportörens namn", "reportedBy.role": "Rapportörens befattning",
        "reportedOn": "Rapporterat", "phase": "När i inköpet", "type": "Slag av avsteg", "procurement": "Direktupphandlingen",
        "supplier": "Leverantör", "supplier.name": "Leverantörens namn", "supplier.orgnr": "Leverantörens organisationsnummer",
        "immediateAction": "Åtgärd direkt",
        // Request for documents
        "receivedAt": "Mottagen", "channel": "Kanal", "requester": "Den som begär", "contact": "Kontaktuppgifter",
        "contact.email": "E-post", "contact.phone": "Telefon", "contact.address": "Postadress", "format": "Form för utlämnandet",
        "documents": "Begärda handlingar",
    ]

    /// The rows of a list, by the list's name.
    static let rows = ["suppliersInvited": "Tillfrågad leverantör", "tenders": "Anbud", "secrecy": "Markering", "documents": "Handling"]

    /// The Swedish name of the detail at `path`.
    public static func label(_ path: String) -> String {
        // A row of a list: "Anbud 2: belopp".
        if let open = path.firstIndex(of: "["), let close = path.firstIndex(of: "]"), open < close,
           let index = Int(path[path.index(after: open)..<close]) {
            let list = String(path[..<open])
            let rest = String(path[path.index(after: close)...])
            let row = "\(rows[list] ?? details[list] ?? list) \(index + 1)"
            guard rest.hasPrefix(".") else { return row }
            return row + ": " + (details[list + "[]" + rest] ?? String(rest.dropFirst()))
        }
        return details[path] ?? path
    }
}

/// A source as a person follows it: its text as it is, with every web address in it (`https://…`,
/// or a host such as `konkurrensverket.se/…`) a link.
public enum SourceLinks {
    /// The text in pieces, in order: `text`, and `href` for the pieces that are addresses.
    public static func parts(_ text: String) -> [[String: Any]] {
        var out: [[String: Any]] = []
        var plain = ""
        func flush() {
            if !plain.isEmpty { out.append(["text": plain]) }
            plain = ""
        }
        for (i, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if i > 0 { plain += " " }
            // Brackets and punctuation around an address stay text.
            let lead = word.prefix { "(\"".contains($0) }
            var core = word.dropFirst(lead.count)
            var trail = ""
            while let last = core.last, ".,;:)\"".contains(last) {
                trail = String(last) + trail
                core = core.dropLast()
            }
            guard let href = address(String(core)) else {
                plain += word
                continue
            }
            plain += lead
            flush()
            out.append(["text": String(core), "href": href])
            plain = trail
        }
        flush()
        return out
    }

    static func address(_ word: String) -> String? {
        if word.hasPrefix("https://") || word.hasPrefix("http://") { return word.count > 8 ? word : nil }
        let host = word.split(separator: "/").first.map(String.init) ?? ""
        let labels = host.split(separator: ".")
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } }),
              ["se", "eu", "org", "com", "net", "gov", "nu"].contains(labels.last.map(String.init) ?? "") else { return nil }
        return "https://" + word
    }
}
