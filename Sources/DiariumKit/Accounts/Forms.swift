import DiariumModel
import DiariumStore
public import Foundation

// What the web's forms keep between requests: drafts to resume, and one-time tokens so that a
// form sent twice registers once.

/// A half-filled form of its owner's.
public struct FormDraft: Sendable, Hashable {
    public let id: Int64
    public let form: String
    public let title: String
    /// The fields as typed: name → values, in the order the form sent them.
    public let fields: [String: [String]]
    public let updatedAt: Date
}

/// How sending a form with a one-time token went.
public enum FormSubmission: Sendable, Hashable {
    /// Sent now: what it registered.
    case submitted(String)
    /// Sent before with the same token: what that registered, nothing new.
    case alreadySubmitted(String)
    /// The same form is being sent right now (or a send stopped half-way).
    case inProgress
}

extension Diarium {
    static let draftForms: Set<String> = ["procurement", "deviation"]

    func saveDraft(id: Int64?, form: String, title: String, fields: [String: [String]]) throws(DiariumError) -> Int64 {
        guard Self.draftForms.contains(form) else { throw .reject("form", "draft.form", "okänt formulär: \(form)") }
        let text = String(decoding: (try? JSONEncoder().encode(fields)) ?? Data("{}".utf8), as: UTF8.self)
        guard text.utf8.count <= 1_000_000 else { throw .reject("form", "draft.size", "utkastet är för stort (högst 1 MB)") }
        let name = actor, now = clock()
        let shortTitle = String(title.trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        return try stored { () throws(StoreError) in
            try store.saveDraft(id: id, account: name, form: form, title: shortTitle.isEmpty ? "Utan rubrik" : shortTitle, fields: text, at: now)
        }
    }

    func drafts(form: String?) throws(DiariumError) -> [FormDraft] {
        let name = actor
        return try stored { () throws(StoreError) in try store.drafts(account: name, form: form) }.map(Self.formDraft)
    }

    func draft(id: Int64, form: String?) throws(DiariumError) -> FormDraft? {
        let name = actor
        return try stored { () throws(StoreError) in try store.draft(id: id, account: name, form: form) }.map(Self.formDraft)
    }

    func deleteDraft(id: Int64) throws(DiariumError) {
        let name = actor
        try stored { () throws(StoreError) in try store.deleteDraft(id: id, account: name) }
    }

    static func formDraft(_ r: FormDraftRow) -> FormDraft {
        let fields = (try? JSONDecoder().decode([String: [String]].self, from: Data(r.fields.utf8))) ?? [:]
        return FormDraft(id: r.id, form: r.form, title: r.title, fields: fields, updatedAt: r.updatedAt)
    }

    /// Claims `token` for the principal, or tells what it registered before.
    func claimForm(_ token: String) throws(DiariumError) -> FormClaim {
        guard (20...100).contains(token.count) else { throw .reject("formToken", "form.token", "formuläret saknar sin engångskod; ladda om sidan och försök igen") }
        let name = actor, now = clock()
        return try stored { () throws(StoreError) in try store.claimFormToken(token, account: name, at: now) }
    }

    func completeForm(_ token: String, result: String) throws(DiariumError) {
        try stored { () throws(StoreError) in try store.completeFormToken(token, result: result) }
    }

    func releaseForm(_ token: String) {
        try? store.releaseFormToken(token)
    }

    /// A new one-time token for a form.
    public func newFormToken() -> String { AccountRules.token() }
}
