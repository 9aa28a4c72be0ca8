public import Foundation
import DiariumText

/// When the deviation happened relative to the purchase (innan, under eller efter).
public enum DeviationPhase: String, Sendable, Hashable, Codable, CaseIterable {
    case before, during, after

    public var swedishLabel: String {
        switch self {
        case .before: "Innan inköpet"
        case .during: "Under inköpet"
        case .after: "Efter inköpet"
        }
    }
}

/// A report of a deviation (avsteg) from the procurement policy: the v1 input contract of
/// `examples/deviation.json`. The reporter may be marked secret (a report about a colleague).
public struct DeviationReport: Sendable, Hashable {
    public var organisation: String
    public var unit: String
    public var reporterName: String
    public var reporterRole: String?
    public var reportedOn: CivilDate
    public var phase: DeviationPhase
    /// A code of the deviation-type list (`purchase-outside-agreement`, …).
    public var type: String
    /// The registered direct procurement it concerns, if any.
    public var procurement: DocumentNumber?
    public var supplier: Supplier?
    public var estimatedValue: Amount?
    public var description: String
    public var immediateAction: String?
    public var secrecy: [SecrecyMarking]
    public var json: JSONValue

    public static let keys = [
        "organisation", "unit", "reportedBy", "reportedOn", "phase", "type", "procurement", "supplier",
        "estimatedValue", "description", "immediateAction", "secrecy",
    ]

    /// What identifies the report in the public register and cannot be marked.
    public static let unmarkable: Set<String> = ["organisation", "reportedOn", "phase", "type", "procurement", "secrecy"]

    public static func decode(_ data: Data) throws(InputRejected) -> DeviationReport {
        let json = try FieldReader.parseDocument(data, field: "input")
        var r = FieldReader()
        guard let o = r.object(json, at: .root, known: keys) else { throw InputRejected(r.errors) }
        let organisation = r.text(o, "organisation", maxLength: 16)
        let unit = r.text(o, "unit", maxLength: 200)
        let reporter = r.object(o["reportedBy"], at: FieldPath("reportedBy"), known: ["name", "role"])
        let reporterName = reporter.flatMap { r.text($0, "name", maxLength: 200) }
        let reporterRole = reporter.flatMap { r.text($0, "role", required: false, maxLength: 200) }
        let reportedOn = r.date(o, "reportedOn")
        let phase = r.code(o, "phase", as: DeviationPhase.self)
        let type = r.text(o, "type", maxLength: 64)
        let procurement = r.parsed(o, "procurement", required: false, rule: "document-number.invalid",
                                   message: "ska vara ett diarienummer för en handling, t.ex. RS 2026/0042-1") { DocumentNumber(parsing: $0) }
        let supplier = o["supplier"] == nil ? nil : r.supplier(o["supplier"], at: FieldPath("supplier"))
        let estimatedValue = r.amount(o, "estimatedValue", required: false)
        let description = r.text(o, "description", maxLength: 5000, lines: .many)
        let immediateAction = r.text(o, "immediateAction", required: false, maxLength: 5000, lines: .many)
        let normalised = r.normalisedTree(json)
        let secrecy = r.secrecyMarkings(o) { normalised.isMarkableLeaf($0, unmarkable: unmarkable) }
        let leaks = r.errors.isEmpty ? normalised.secretsInFreeText(marked: secrecy) : []
        guard r.errors.isEmpty, leaks.isEmpty, let organisation, let unit, let reporterName, let reportedOn, let phase, let type,
              let description else {
            throw InputRejected(r.errors + leaks)
        }
        return DeviationReport(
            organisation: organisation, unit: unit, reporterName: reporterName, reporterRole: reporterRole, reportedOn: reportedOn,
            phase: phase, type: type, procurement: procurement, supplier: supplier, estimatedValue: estimatedValue,
            description: description, immediateAction: immediateAction, secrecy: secrecy, json: normalised)
    }

    public func isSecret(_ path: String) -> Bool { secrecy.contains { $0.field.description == path } }

    /// Every marked value with the marking that protects it (`JSONValue.secretValues`): a
    /// supplier's name and organisation number go together.
    public var secretValues: [String: SecrecyMarking] { json.secretValues(marked: secrecy) }

    /// The built-in protections (a sole trader's personnummer), applied in every public view and
    /// copy whatever the markings and the assessment say.
    public var protections: [SecrecyMarking] { json.builtInProtections() }

    /// The marked values with the matcher that finds them in any text (`JSONValue.secretSet`).
    public var secretSet: SecretSet { json.secretSet(marked: secrecy) }
}
