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
    /// A draft the system opened (from the purchase audit or a procurement documented in spite
    /// of its findings) is taken up by a person and reported.
    case takeUp
    /// A draft found to be no deviation is dismissed, with the reason on record.
    case dismiss
}

extension Diarium {
    func deviationStep(_ numberText: String, _ step: DeviationStep, by: String, note: String, seen: String? = nil) throws(DiariumError) -> Receipt {
        let stored = try document(numberText)
        guard stored.kind == .deviation else {
            throw .reject("number", "deviation.not-a-deviation", "är ingen rapport om avsteg")
        }
        try requireOrganisation(stored.entry.organisation.code)
        let found: DeviationState?
        do { found = try store.deviationState(documentID: stored.id) } catch { throw .store(error) }
        guard let state = found else { throw .internalFault("the deviation row of \(stored.entry.number) is missing") }
        // A form made from another state: someone else took a step since it was opened.
        if let seen, seen != state.status + "|" + (state.level ?? "") {
            throw try deviationChanged(stored, state)
        }
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
            guard moved else { throw try self.deviationChanged(stored, nil) }
        }[0]
    }

    /// The refusal of a step on a deviation that moved meanwhile, saying where it stands now
    /// and who took the last step.
    func deviationChanged(_ stored: StoredDocument, _ state: DeviationState?) throws(DiariumError) -> DiariumError {
        let rows: [DeviationRow]
        do { rows = try store.deviations(DeviationFilter(document: stored.entry.number.description)) } catch { throw .store(error) }
        var now = ""
        if let r = rows.first {
            let status = Self.deviationStatuses[r.status] ?? r.status
            now = ": nu " + status.prefix(1).lowercased() + status.dropFirst()
                + (r.level.flatMap { deviationData.level($0)?.label }.map { " hos \($0)" } ?? "")
            if let last = r.steps.last {
                now += ", senaste steget den \(last.on)" + (last.by.map { " av \($0)" } ?? "") + " (\(last.document))"
            }
        }
        return .reject("state", "deviation.changed",
                       "avsteget har ändrats av någon annan sedan du öppnade det\(now). Ingenting av det du skrev har sparats; se över steget och skicka igen")
    }

    /// The note of each step of the deviation `number`, by the step's document: the text after
    /// the step document's heading lines, read back from the archive.
    func deviationNotes(_ numberText: String) throws(DiariumError) -> [String: String] {
        let stored = try document(numberText)
        guard stored.kind == .deviation else { throw .reject("number", "deviation.not-a-deviation", "är ingen rapport om avsteg") }
        try requireOrganisation(stored.entry.organisation.code)
        let rows: [DeviationRow]
        do { rows = try store.deviations(DeviationFilter(document: stored.entry.number.description)) } catch { throw .store(error) }
        var notes: [String: String] = [:]
        for step in rows.first?.steps ?? [] {
            guard let n = DocumentNumber(parsing: step.document) else { continue }
            let text: String
            do { text = String(decoding: try store.objects.read(try store.document(n).entry.file.sha256), as: UTF8.self) } catch { throw .store(error) }
            if let blank = text.range(of: "\n\n") {
                notes[step.document] = String(text[blank.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return notes
    }

    /// The secret values of a registered deviation report.
    func deviationSecrets(_ stored: StoredDocument) throws(DiariumError) -> SecretSet {
        try archivedDeviation(stored).secretSet
    }

    /// The state after `step`, or the reason it is refused.
    func next(_ s: DeviationState, _ step: DeviationStep) throws(DiariumError) -> (status: String, level: String?, step: String, label: String) {
        if s.status == "closed" { throw .reject("step", "deviation.closed", "avsteget är avslutat; inga fler steg kan tas") }
        if s.status == "dismissed" { throw .reject("step", "deviation.dismissed", "utkastet är avfärdat; inga fler steg kan tas") }
        switch step {
        case .takeUp:
            guard s.status == "draft" else { throw .reject("step", "deviation.not-a-draft", "avsteget är redan rapporterat; bara ett utkast tas upp") }
            return ("reported", s.level, "take-up", "Utkast till avsteg taget upp och rapporterat")
        case .dismiss:
            guard s.status == "draft" else {
                throw .reject("step", "deviation.not-a-draft", "bara ett utkast kan avfärdas; ett rapporterat avsteg löses och avslutas")
            }
            return ("dismissed", s.level, "dismiss", "Utkast till avsteg avfärdat")
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
