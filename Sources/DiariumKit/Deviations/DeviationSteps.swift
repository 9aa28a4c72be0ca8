import DiariumModel
import DiariumRules
import DiariumText
import DiariumStore
import Foundation

/// A step in the handling of a deviation, as the policy lays it out: escalation in the line
/// organisation one level at a time (the regiondirektör last), then resolution and closing.
public enum DeviationStep: Sendable, Hashable {
    case escalate(to: String)
    case resolve
    case close
}

extension Diarium {
    func deviationStep(_ numberText: String, _ step: DeviationStep, by: String, note: String) throws(DiariumError) -> Receipt {
        let stored = try document(numberText)
        guard stored.kind == .deviation else {
            throw .reject("number", "deviation.not-a-deviation", "är ingen rapport om avsteg")
        }
        try requireOrganisation(stored.entry.organisation.code)
        let found: DeviationState?
        do { found = try store.deviationState(documentID: stored.id) } catch { throw .store(error) }
        guard let state = found else { throw .internalFault("the deviation row of \(stored.entry.number) is missing") }
        var problems: [ValidationError] = []
        let byName = Self.typedText(by, field: "by", maxLength: 200, required: true, problems: &problems)
        let noteText = Self.typedText(note, field: "note", lines: .many, maxLength: 5000, required: true, problems: &problems)
        // The step is registered as a document of its own whose text is public: it may not give
        // away what the report keeps secret (a reporter named in the note).
        let secrets = try deviationSecrets(stored)
        for (field, text) in [("by", byName), ("note", noteText)] {
            if let text, let hit = secrets.firstHit(in: text) {
                problems.append(ValidationError(field: field, rule: "secrecy.value-in-public-field",
                                                message: "innehåller uppgiften i \(hit.value.marking.field), som är sekretessmarkerad i rapporten; stegets anteckning registreras som en offentlig handling"))
            }
        }
        let (status, level, stepName, label) = try next(state, step)
        guard problems.isEmpty, let byName, let noteText else { throw .rejected(InputRejected(problems)) }

        let now = clock()
        let day = store.today(now)
        let text = "\(label)\nAvsteg: \(stored.entry.number)\nDatum: \(day)\nAv: \(byName)\n\n\(noteText)\n"
        let data = Data(text.utf8)
        let registration = Registration(
            organisation: stored.entry.organisation.code, caseNumber: stored.entry.number.caseNumber, caseTitle: nil,
            direction: .internal_, date: day, counterparty: nil, title: "\(label) (\(stored.entry.number))",
            documentType: "skrivelse", handler: "Inköpsfunktionen")
        let prepared = PreparedRegistration(
            registration: registration, organisation: stored.entry.organisation,
            file: IncomingFile(name: "avsteg-\(stepName)-\(day).txt", data: data, mediaType: "text/plain", text: text))
        do { try store.objects.put(data, sha256: prepared.fileSHA256, durability: .immediate) } catch { throw .store(error) }
        return try commit([prepared], durability: .immediate, kind: .deviationStep) { tx, id, _ throws(DiariumError) in
            let moved = try tx.moveDeviation(documentID: stored.id, from: state, to: status, level: level, step: stepName,
                                             by: byName, on: day, stepDocumentID: id)
            guard moved else {
                throw .reject("number", "deviation.changed", "avsteget ändrades av någon annan under tiden; försök igen")
            }
        }[0]
    }

    /// The secret values of a registered deviation report.
    func deviationSecrets(_ stored: StoredDocument) throws(DiariumError) -> SecretSet {
        try archivedDeviation(stored).secretSet
    }

    /// The state after `step`, or the reason it is refused.
    func next(_ s: DeviationState, _ step: DeviationStep) throws(DiariumError) -> (status: String, level: String?, step: String, label: String) {
        if s.status == "closed" { throw .reject("step", "deviation.closed", "avsteget är avslutat; inga fler steg kan tas") }
        switch step {
        case .escalate(let code):
            guard let target = deviationData.level(code) else {
                throw .reject("to", "escalation.unknown-level", "är ingen nivå; välj en av: \(deviationData.levels.map(\.code).joined(separator: ", "))")
            }
            guard s.status != "resolved" else { throw .reject("step", "deviation.resolved", "avsteget är redan löst; det kan bara avslutas") }
            guard let expected = deviationData.nextLevel(after: s.level) else {
                throw .reject("to", "escalation.at-top", "avsteget ligger redan hos \(deviationData.levels.last?.label ?? "högsta nivån"), som avgör i sista instans")
            }
            guard target.code == expected.code else {
                let reason = target.order < expected.order ? "går tillbaka" : "hoppar över \(expected.label)"
                let now = s.level.flatMap { deviationData.level($0)?.label }.map { "avsteget ligger hos \($0)" } ?? "avsteget är inte eskalerat ännu"
                throw .reject("to", "escalation.out-of-order", "steget \(reason); \(now) och eskaleras nu till \(expected.label)")
            }
            return ("escalated", target.code, "escalate", "Eskalering av avsteg till \(target.label)")
        case .resolve:
            guard s.status != "resolved" else { throw .reject("step", "deviation.resolved", "avsteget är redan löst") }
            return ("resolved", s.level, "resolve", "Avsteget är åtgärdat")
        case .close:
            guard s.status == "resolved" else { throw .reject("step", "deviation.not-resolved", "avsteget måste vara löst innan det avslutas") }
            return ("closed", s.level, "close", "Avsteget avslutas")
        }
    }
}
