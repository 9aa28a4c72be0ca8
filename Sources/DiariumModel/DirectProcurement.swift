public import Foundation
import DiariumText

/// A supplier as the procurement documentation names it.
public struct Supplier: Sendable, Hashable, Codable {
    public let name: String
    public let organisationNumber: OrganisationNumber

    public init(name: String, organisationNumber: OrganisationNumber) {
        self.name = name
        self.organisationNumber = organisationNumber
    }
}

/// A tender (anbud) received.
public struct Tender: Sendable, Hashable, Codable {
    public let supplier: Supplier
    public let amount: Amount
    public let received: CivilDate

    public init(supplier: Supplier, amount: Amount, received: CivilDate) {
        self.supplier = supplier
        self.amount = amount
        self.received = received
    }
}

/// How competition was used (konkurrensutsättning).
public enum CompetitionMethod: String, Sendable, Hashable, Codable, CaseIterable {
    /// Chosen suppliers were asked (förfrågan till utvalda leverantörer).
    case invited
    /// The purchase was advertised (annonserad, e.g. on the website or in a database).
    case advertised
    /// One supplier only, which a ground other than the value limit must justify.
    case singleSupplier = "single-supplier"

    public var swedishLabel: String {
        switch self {
        case .invited: "Förfrågan till utvalda leverantörer"
        case .advertised: "Annonsering"
        case .singleSupplier: "En leverantör tillfrågad"
        }
    }
}

/// The documentation of a direct procurement (dokumentation av direktupphandling): the v1 input
/// contract of `examples/direct-procurement.json`, decoded and structurally checked. Checks that
/// need legal data or the store (limits, agreements, region totals) are `ProcurementRules`.
public struct DirectProcurement: Sendable, Hashable {
    public var organisation: String
    public var unit: String
    public var handlerName: String
    public var handlerEmail: String?
    public var subject: String
    public var description: String
    public var category: CPVCode
    /// `LOU` unless the input says `LUF` or `LUFS` (optional key `law`).
    public var law: String
    /// `general` unless the input says `social-services` (optional key `contractCategory`).
    public var contractCategory: String
    /// A code of the legal data's direct-award grounds (`below-threshold`, …).
    public var ground: String
    public var groundJustification: String?
    public var estimatedValue: Amount
    public var periodStart: CivilDate
    public var periodEnd: CivilDate
    public var competitionMethod: CompetitionMethod
    public var competitionJustification: String?
    public var suppliersInvited: [Supplier]
    public var tenders: [Tender]
    public var awardSupplier: Supplier
    public var awardAmount: Amount
    public var awardReason: String
    public var taxesAndFeesChecked: Bool
    public var exclusionGroundsChecked: Bool
    public var supplierChecksOn: CivilDate?
    public var agreementCheckedOn: CivilDate?
    public var agreementJustification: String?
    public var contractSigned: CivilDate
    public var documentedOn: CivilDate
    public var conflictOfInterestDeclared: Bool
    public var conflictOfInterestNote: String?
    public var secrecy: [SecrecyMarking] { didSet { marked = Derived(json.markedValues(marked: secrecy)) } }
    /// The input as decoded, NFC-normalised: what secrecy paths point into and what the
    /// documentation is rendered from.
    public var json: JSONValue { didSet { marked = Derived(json.markedValues(marked: secrecy)) } }
    /// The day the procurement started, when the input says it (optional key `startedOn`);
    /// `startedOn` falls back to what the other dates tell.
    public var statedStart: CivilDate?
    /// What `secrecy` protects in `json`, worked out at decoding and again whenever either
    /// changes: every view, check and row of a procurement asks for it.
    private var marked: Derived<MarkedValues>

    public static let keys = [
        "organisation", "unit", "handler", "subject", "description", "category", "law", "contractCategory",
        "ground", "groundJustification", "estimatedValue", "period", "competition", "suppliersInvited", "tenders",
        "award", "supplierChecks", "agreementCheck", "contractSigned", "documentedOn", "conflictOfInterest", "secrecy",
        "startedOn",
    ]

    /// Fields that identify the procurement and the authority are public by nature and cannot be
    /// marked: the public register needs them.
    /// The handler is an official acting in office, whose name the register shows.
    /// What identifies the procurement and the authority is public by nature (the register needs
    /// it), and dates, codes and yes/no answers are not details a marking could protect; a
    /// marking there would be accepted but never masked, so it is refused. The handler is an
    /// official acting in office, whose name the register shows.
    public static let unmarkable: Set<String> = [
        "organisation", "category", "ground", "law", "contractCategory", "secrecy", "documentedOn", "handler",
        "period", "contractSigned", "competition.method", "supplierChecks", "conflictOfInterest.declared",
        "agreementCheck.checkedOn", "tenders[].received", "startedOn",
    ]

    public static func decode(_ data: Data) throws(InputRejected) -> DirectProcurement {
        let json = try FieldReader.parseDocument(data, field: "input")
        var r = FieldReader()
        guard let o = r.object(json, at: .root, known: keys) else { throw InputRejected(r.errors) }
        let organisation = r.text(o, "organisation", maxLength: 16)
        let unit = r.text(o, "unit", maxLength: 200)
        let handler = r.object(o["handler"], at: FieldPath("handler"), known: ["name", "email"])
        let handlerName = handler.flatMap { r.text($0, "name", maxLength: 200) }
        let handlerEmail = handler.flatMap { r.email($0, "email") }
        let subject = r.text(o, "subject", maxLength: 500)
        let description = r.text(o, "description", maxLength: 5000, lines: .many)
        let category = r.cpv(o, "category")
        let law = r.oneOf(o, "law", ["LOU", "LUF", "LUFS"], default: "LOU")
        let contractCategory = r.oneOf(o, "contractCategory", ["general", "social-services"], default: "general")
        let ground = r.text(o, "ground", maxLength: 64)
        let groundJustification = r.text(o, "groundJustification", required: false, maxLength: 5000, lines: .many)
        let estimatedValue = r.amount(o, "estimatedValue")
        let period = r.object(o["period"], at: FieldPath("period"), known: ["start", "end"])
        let periodStart = period.flatMap { r.date($0, "start") }
        let periodEnd = period.flatMap { r.date($0, "end") }
        let competition = r.object(o["competition"], at: FieldPath("competition"), known: ["method", "justification"])
        let method = competition.flatMap { r.code($0, "method", as: CompetitionMethod.self) }
        let competitionJustification = competition.flatMap { r.text($0, "justification", required: false, maxLength: 5000, lines: .many) }
        let invited = r.array(o, "suppliersInvited", maxCount: 200).compactMap { r.supplier($1, at: $0) }
        let tenders = r.array(o, "tenders", maxCount: 200).compactMap { path, value -> Tender? in
            guard let t = r.object(value, at: path, known: ["supplier", "amount", "received"]) else { return nil }
            let supplier = r.supplier(t["supplier"], at: path.appending("supplier"))
            let amount = r.amount(t, "amount")
            let received = r.date(t, "received")
            guard let supplier, let amount, let received else { return nil }
            return Tender(supplier: supplier, amount: amount, received: received)
        }
        let award = r.object(o["award"], at: FieldPath("award"), known: ["supplier", "amount", "reason"])
        let awardSupplier = award.flatMap { r.supplier($0["supplier"], at: FieldPath("award").appending("supplier")) }
        let awardAmount = award.flatMap { r.amount($0, "amount") }
        let awardReason = award.flatMap { r.text($0, "reason", maxLength: 5000, lines: .many) }
        let checks = o["supplierChecks"] == nil ? nil
            : r.object(o["supplierChecks"], at: FieldPath("supplierChecks"), known: ["taxesAndFees", "exclusionGrounds", "checkedOn"])
        let taxes = checks.flatMap { r.bool($0, "taxesAndFees", required: false) } ?? false
        let exclusion = checks.flatMap { r.bool($0, "exclusionGrounds", required: false) } ?? false
        let checkedOn = checks.flatMap { r.date($0, "checkedOn", required: false) }
        let agreement = o["agreementCheck"] == nil ? nil
            : r.object(o["agreementCheck"], at: FieldPath("agreementCheck"), known: ["checkedOn", "justification"])
        let agreementCheckedOn = agreement.flatMap { r.date($0, "checkedOn", required: false) }
        let agreementJustification = agreement.flatMap { r.text($0, "justification", required: false, maxLength: 5000, lines: .many) }
        let contractSigned = r.date(o, "contractSigned")
        let documentedOn = r.date(o, "documentedOn")
        let statedStart = r.date(o, "startedOn", required: false)
        let conflict = o["conflictOfInterest"] == nil ? nil
            : r.object(o["conflictOfInterest"], at: FieldPath("conflictOfInterest"), known: ["declared", "note"])
        let declared = conflict.flatMap { r.bool($0, "declared", required: false) } ?? false
        let conflictNote = conflict.flatMap { r.text($0, "note", required: false, maxLength: 2000, lines: .many) }
        let normalised = r.normalisedTree(json)
        let secrecy = r.secrecyMarkings(o) { normalised.isMarkableLeaf($0, unmarkable: unmarkable) }
        let marked = r.errors.isEmpty ? normalised.markedValues(marked: secrecy) : nil
        let leaks = marked.map { normalised.secretsInFreeText($0) } ?? []

        guard let organisation, let unit, let handlerName, let subject, let description, let category, let law,
              let contractCategory, let ground, let estimatedValue, let periodStart, let periodEnd, let method,
              let awardSupplier, let awardAmount, let awardReason, let contractSigned, let documentedOn,
              let marked, r.errors.isEmpty, leaks.isEmpty else {
            throw InputRejected(r.errors + leaks)
        }
        let p = DirectProcurement(
            organisation: organisation, unit: unit, handlerName: handlerName, handlerEmail: handlerEmail, subject: subject,
            description: description, category: category, law: law, contractCategory: contractCategory, ground: ground,
            groundJustification: groundJustification, estimatedValue: estimatedValue, periodStart: periodStart,
            periodEnd: periodEnd, competitionMethod: method, competitionJustification: competitionJustification,
            suppliersInvited: invited, tenders: tenders, awardSupplier: awardSupplier, awardAmount: awardAmount,
            awardReason: awardReason, taxesAndFeesChecked: taxes, exclusionGroundsChecked: exclusion,
            supplierChecksOn: checkedOn, agreementCheckedOn: agreementCheckedOn, agreementJustification: agreementJustification,
            contractSigned: contractSigned, documentedOn: documentedOn, conflictOfInterestDeclared: declared,
            conflictOfInterestNote: conflictNote, secrecy: secrecy, json: normalised, statedStart: statedStart,
            marked: Derived(marked))
        let consistency = p.consistencyErrors()
        guard consistency.isEmpty else { throw InputRejected(consistency) }
        return p
    }

    /// Rules between fields: the order of dates, the winner among the tenders, the count of
    /// tenders against the count asked.
    func consistencyErrors() -> [ValidationError] {
        var e: [ValidationError] = []
        func fail(_ field: String, _ rule: String, _ message: String) {
            e.append(ValidationError(field: field, rule: rule, message: message))
        }
        if periodStart > periodEnd {
            fail("period.end", "date-order.period", "ligger före period.start")
        }
        if contractSigned > documentedOn {
            fail("documentedOn", "date-order.documented-before-contract", "ligger före contractSigned; avtalet måste ha tecknats innan det dokumenteras")
        }
        for (i, t) in tenders.enumerated() where t.received > contractSigned {
            fail("tenders[\(i)].received", "date-order.tender-after-award", "ligger efter contractSigned; anbud tas emot före tilldelning och avtal")
        }
        if !tenders.isEmpty, !tenders.contains(where: { $0.supplier.organisationNumber == awardSupplier.organisationNumber }) {
            fail("award.supplier.orgnr", "award.not-among-tenders", "den antagna leverantören finns inte bland anbuden")
        }
        if tenders.isEmpty {
            fail("tenders", "tenders.none", "minst ett anbud krävs, det antagna")
        }
        if competitionMethod == .invited, tenders.count > suppliersInvited.count {
            fail("tenders", "tenders.more-than-invited", "fler anbud (\(tenders.count)) än tillfrågade leverantörer (\(suppliersInvited.count))")
        }
        // A procurement starts before anything it produces: its first tender, its contract, its
        // documentation. A later start would pick the limit and the duty of the wrong period.
        if let start = statedStart {
            if start > contractSigned {
                fail("startedOn", "date-order.started-after-contract", "ligger efter contractSigned; upphandlingen påbörjas innan avtalet tecknas")
            }
            if let first = tenders.map(\.received).min(), start > first {
                fail("startedOn", "date-order.started-after-tender", "ligger efter det första anbudet (tenders[].received); upphandlingen påbörjas innan anbud kommer in")
            }
            if start > documentedOn {
                fail("startedOn", "date-order.started-after-documentation", "ligger efter documentedOn; upphandlingen påbörjas innan den dokumenteras")
            }
        }
        var seen = Set<OrganisationNumber>()
        for (i, s) in suppliersInvited.enumerated() where !seen.insert(s.organisationNumber).inserted {
            fail("suppliersInvited[\(i)].orgnr", "suppliers.duplicate", "leverantören finns redan i listan")
        }
        return e
    }

    public func isSecret(_ path: String) -> Bool { secrecy.contains { $0.field.description == path } }

    /// When the procurement started, the day that picks the limit, the documentation duty and
    /// the penalty regime: the stated `startedOn`, or else as far as the other dates tell, the
    /// first tender received or the contract if that came first.
    public var startedOn: CivilDate { statedStart ?? derivedStart }

    /// The start the other dates imply: the first tender received, or the contract if that came first.
    public var derivedStart: CivilDate { min(tenders.map(\.received).min() ?? contractSigned, contractSigned) }

    /// Every marked value with the marking that protects it (`JSONValue.secretValues`).
    public var secretValues: [String: SecrecyMarking] { marked.value.byValue }

    /// The built-in protections (a sole trader's personnummer), applied in every public view and
    /// copy whatever the markings and the assessment say.
    public var protections: [SecrecyMarking] { marked.value.protections }

    /// The marked values with the matcher that finds them in any text (`JSONValue.secretSet`).
    public var secretSet: SecretSet { marked.value.secretSet }
}

extension FieldReader {
    mutating func supplier(_ value: JSONValue?, at path: FieldPath) -> Supplier? {
        guard let s = object(value, at: path, known: ["name", "orgnr"]) else { return nil }
        let name = text(s, "name", maxLength: 300)
        let orgnr = organisationNumber(s, "orgnr")
        guard let name, let orgnr else { return nil }
        return Supplier(name: name, organisationNumber: orgnr)
    }

    mutating func email(_ o: Object, _ key: String) -> String? {
        parsed(o, key, required: false, rule: "email.invalid", message: "ska vara en e-postadress (namn@domän)") { s in
            let parts = s.split(separator: "@", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !s.contains(" ") else { return nil }
            return s
        }
    }

    mutating func oneOf(_ o: Object, _ key: String, _ allowed: [String], default value: String) -> String? {
        guard o[key] != nil else { return value }
        return parsed(o, key, rule: "code.unknown", message: "ska vara ett av: \(allowed.joined(separator: ", "))") {
            allowed.contains($0) ? $0 : nil
        }
    }
}
