import DiariumModel
import DiariumStore
import Foundation

extension Diarium {
    /// Longest reason a hold takes.
    static let maxHoldReasonLength = 500

    /// The subject of a hold as written: a document number or a case number that exists, of an
    /// organisation the principal acts for.
    func holdSubject(_ text: String) throws(DiariumError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = DocumentNumber(parsing: trimmed) {
            let d = try stored { () throws(StoreError) in try store.document(number) }
            try requireOrganisation(d.entry.organisation.code)
            return number.description
        }
        if let number = CaseNumber(parsing: trimmed) {
            let c = try stored { () throws(StoreError) in try store.findCase(number) }
            try requireOrganisation(c.organisation)
            return number.description
        }
        throw .reject("number", "number.invalid", "ska vara ett handlingsnummer (RS 2026/0012-3) eller ett ärendenummer (RS 2026/0012)")
    }

    static func holdReason(_ raw: String) throws(DiariumError) -> String {
        let reason = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if reason.isEmpty { throw .reject("reason", "hold.reason-missing", "ange varför handlingarna inte får gallras") }
        if reason.count > maxHoldReasonLength || reason.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .reject("reason", "hold.reason-invalid", "ska vara en rad text på högst \(maxHoldReasonLength) tecken")
        }
        return reason
    }

    func placeHold(_ number: String, reason raw: String) throws(DiariumError) -> DisposalHold {
        let subject = try holdSubject(number)
        let reason = try Self.holdReason(raw)
        try ensureWritable()
        let hold = DisposalHold(subject: subject, reason: reason, placedBy: actor, placedAt: clock())
        try store.write { (tx: Transaction) throws(DiariumError) in
            guard try tx.placeHold(hold) else {
                throw .reject("number", "hold.exists", "har redan ett gallringsstopp; häv det först för att ändra skälet")
            }
            try tx.appendAudit(AuditEvent(at: hold.placedAt, actor: actor, action: "hold.add", subject: subject, detail: ["reason": reason]))
        }
        return hold
    }

    func liftHold(_ number: String, reason raw: String) throws(DiariumError) -> DisposalHold {
        let subject = try holdSubject(number)
        let reason = try Self.holdReason(raw)
        try ensureWritable()
        let now = clock()
        return try store.write { (tx: Transaction) throws(DiariumError) -> DisposalHold in
            guard let hold = try tx.liftHold(subject: subject) else {
                throw .reject("number", "hold.not-found", "har inget gallringsstopp")
            }
            try tx.appendAudit(AuditEvent(at: now, actor: actor, action: "hold.remove", subject: subject, detail: ["reason": reason]))
            return hold
        }
    }

    /// The holds on documents and cases of the organisations the principal acts for.
    func holds() throws(DiariumError) -> [DisposalHold] {
        let blocks = try stored { () throws(StoreError) in try store.disposalBlocks() }
        return blocks.holds.values.filter { h in
            let prefix = h.subject.split(separator: " ").first.map(String.init) ?? ""
            return store.config.organisations.contains { $0.prefix == prefix && actsFor($0.code) }
        }.sorted { $0.subject < $1.subject }
    }
}
