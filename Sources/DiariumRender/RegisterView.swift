public import DiariumModel
public import DiariumRules
import Foundation

/// Who a view is for: staff see everything; the public sees secret details replaced by a marker.
public enum Audience: String, Sendable, Codable, CaseIterable {
    case full
    case `public`
}

/// A detail withheld from a public view, and the provision it is withheld under.
public struct Withheld: Sendable, Hashable, Codable {
    public let provision: String
    public let reference: String

    public init(provision: String, reference: String) {
        self.provision = provision
        self.reference = reference
    }
}

/// A field as a view shows it: the value, or in a public view a marker naming the provision.
public struct FieldView: Sendable, Hashable, Codable {
    public let text: String
    public let withheld: Withheld?
}

/// A registration record (diarieblad) as one audience may see it. Made on the data, before any
/// template runs: a public view never holds a secret value, so no template, search row or JSON
/// output made from it can contain one.
public struct RegisterView: Sendable, Hashable, Codable {
    public struct OrganisationView: Sendable, Hashable, Codable {
        public let code: String
        public let name: String
        public let organisationNumber: String
    }

    public struct FileView: Sendable, Hashable, Codable {
        public let name: FieldView
        public let mediaType: String
        public let size: Int64
        public let sha256: FieldView
    }

    public struct MarkingView: Sendable, Hashable, Codable {
        public let field: String
        /// The field's name in the register, in Swedish.
        public let fieldLabel: String
        public let provision: String
        public let reference: String
        /// Internal: the reason may describe the protected detail itself.
        public let reason: String?
    }

    public let view: Audience
    public let number: String
    public let caseNumber: String
    public let caseTitle: String
    public let organisation: OrganisationView
    public let direction: String
    public let directionLabel: String
    public let date: String
    public let registeredAt: String
    public let registeredBy: String
    public let counterparty: FieldView?
    public let title: FieldView
    /// The title the public register shows.
    public let publicTitle: String
    public let documentType: String
    public let documentTypeLabel: String
    public let handler: String
    public let file: FileView
    /// Set when the whole content of the document is withheld.
    public let content: Withheld?
    public let markings: [MarkingView]
    /// Set for a disposed document (gallrad): its file is gone, this row stays.
    public var disposal: DisposalView?

    /// What the register shows of a disposal, to everyone.
    public struct DisposalView: Sendable, Hashable, Codable {
        public let disposedAt: String
        public let decision: String
        public let record: String
    }

    /// This view with `mark` shown.
    public func disposed(_ mark: DisposalMark?) -> RegisterView {
        var v = self
        v.disposal = mark.map { DisposalView(disposedAt: Timestamp.iso($0.disposedAt), decision: $0.decision, record: $0.record) }
        return v
    }

    /// The projection of `entry` for `audience`.
    public init(_ entry: RegisterEntry, for audience: Audience, legal: LegalData) {
        // A public detail that gives a marked one away (a secret counterparty named in the
        // title of a document registered before the input check found such text) is withheld
        // with it.
        // Only a public view looks, and only for a marked counterparty or title: most
        // registrations mark neither, and a procurement's markings are in its own file.
        let secrets = audience == .public && Registration.marksDetails(entry.secrecy)
            ? Registration.secretSet(counterparty: entry.counterparty, title: entry.title, secrecy: entry.secrecy, officials: [entry.handler, entry.registeredBy])
            : SecretSet([])
        func withheld(_ field: String) -> Withheld? {
            guard audience == .public else { return nil }
            if let m = entry.marking(for: field) { return Self.withheld(m.provision, legal: legal) }
            let value = field == "title" ? entry.title : field == "counterparty" ? entry.counterparty : nil
            guard let value, let hit = secrets.firstHit(in: value) else { return nil }
            return Self.withheld(hit.value.marking.provision, legal: legal)
        }
        func shown(_ value: String, _ field: String) -> FieldView {
            if let w = withheld(field) { return FieldView(text: Self.marker(w), withheld: w) }
            return FieldView(text: value, withheld: nil)
        }
        view = audience
        number = entry.number.description
        caseNumber = entry.number.caseNumber.description
        caseTitle = entry.caseTitle
        organisation = OrganisationView(
            code: entry.organisation.code, name: entry.organisation.name,
            organisationNumber: entry.organisation.organisationNumber.description)
        direction = entry.direction.rawValue
        directionLabel = entry.direction.swedishLabel
        date = entry.date.description
        registeredAt = Timestamp.iso(entry.registeredAt)
        registeredBy = entry.registeredBy
        counterparty = entry.counterparty.map { shown($0, "counterparty") }
        title = shown(entry.title, "title")
        publicTitle = entry.marking(for: "title") != nil
            ? (entry.publicTitle ?? Self.marker(Self.withheld(entry.marking(for: "title")?.provision ?? "", legal: legal)))
            : title.withheld.map(Self.marker) ?? entry.title
        documentType = entry.documentType
        documentTypeLabel = legal.documentType(entry.documentType)?.label ?? entry.documentType
        handler = entry.handler
        let contentWithheld = withheld("content")
        content = contentWithheld
        // The hash of a file that holds any secret detail would let someone confirm a guess of it
        // (hash the document with each candidate amount): withheld whenever anything is marked.
        let hashWithheld = contentWithheld ?? (audience == .public ? entry.secrecy.first.map { Self.withheld($0.provision, legal: legal) } : nil)
        file = FileView(
            name: (contentWithheld ?? (audience == .public ? secrets.firstHit(in: entry.file.name).map { Self.withheld($0.value.marking.provision, legal: legal) } : nil))
                .map { FieldView(text: Self.marker($0), withheld: $0) } ?? FieldView(text: entry.file.name, withheld: nil),
            mediaType: entry.file.mediaType, size: entry.file.size,
            sha256: hashWithheld.map { FieldView(text: Self.marker($0), withheld: $0) } ?? FieldView(text: entry.file.sha256, withheld: nil))
        markings = entry.secrecy.map { m in
            let w = Self.withheld(m.provision, legal: legal)
            return MarkingView(field: m.field.description, fieldLabel: FieldLabels.label(m.field.description),
                               provision: m.provision, reference: w.reference,
                               reason: audience == .full ? m.reason : nil)
        }
    }

    static func withheld(_ provision: String, legal: LegalData) -> Withheld {
        Withheld(provision: provision, reference: legal.reference(provision))
    }

    /// The marker that stands in for a withheld detail in every public output; a built-in
    /// protection says what is left out, not a secrecy it is not.
    public static func marker(_ w: Withheld) -> String {
        BuiltInProtection.isBuiltIn(w.provision) ? "[\(w.reference) visas inte]" : "[Sekretess enligt \(w.reference)]"
    }

    /// The sentence a page shows in place of a withheld detail ("Uppgift skyddad enligt 31 kap.
    /// 16 § OSL"): the provision, never the value or a hint of its length.
    public static func notice(_ w: Withheld) -> String {
        BuiltInProtection.isBuiltIn(w.provision) ? "Uppgiften visas inte (\(w.reference))" : "Uppgift skyddad enligt \(w.reference)"
    }

    /// The marker for a detail withheld under `provision`.
    public static func marker(_ provision: String, legal: LegalData) -> String { marker(withheld(provision, legal: legal)) }

    /// The labels of the fields that are withheld, for a summary line.
    public var withheldFields: [String] {
        var out: [String] = []
        if counterparty?.withheld != nil { out.append("avsändare/mottagare") }
        if title.withheld != nil { out.append("rubrik") }
        if content != nil { out.append("handlingens innehåll") }
        return out
    }

    /// The tree Mustache renders. Keys never repeat across levels, because Mustache looks a
    /// missing key up in the enclosing context and would otherwise pick up a parent's value.
    public var templateContext: [String: Any] {
        func field(_ f: FieldView) -> [String: Any] {
            var d: [String: Any] = ["text": f.text]
            if let w = f.withheld { d["withheld"] = ["provision": w.provision, "reference": w.reference, "notice": Self.notice(w)] }
            return d
        }
        var c: [String: Any] = [
            "view": view.rawValue,
            "isPublic": view == .public,
            "pageTitle": "\(publicTitle) – \(number)" + (view == .public ? " (offentlig version)" : ""),
            "number": number,
            "caseNumber": caseNumber,
            "caseTitle": caseTitle,
            "organisation": ["code": organisation.code, "name": organisation.name, "organisationNumber": organisation.organisationNumber],
            "direction": direction,
            "directionLabel": directionLabel,
            "date": date,
            "registeredAt": registeredAt,
            "registeredAtLocal": Timestamp.swedishLocal(registeredAt),
            "registeredBy": registeredBy,
            "titleField": field(title),
            "publicTitle": publicTitle,
            "documentType": documentType,
            "documentTypeLabel": documentTypeLabel,
            "handler": handler,
            "file": [
                "fileName": field(file.name), "mediaType": file.mediaType, "size": String(file.size),
                "sizeLabel": ByteCount.swedish(file.size), "sha256": field(file.sha256),
            ] as [String: Any],
            "markings": markings.map { m -> [String: Any] in
                var d: [String: Any] = ["field": m.field, "fieldLabel": m.fieldLabel, "markingProvision": m.provision,
                                        "markingReference": m.reference]
                if let r = m.reason { d["reason"] = r }
                return d
            },
            "hasMarkings": !markings.isEmpty,
            "withheldSummary": withheldFields.joined(separator: ", "),
        ]
        if let cp = counterparty { c["counterparty"] = field(cp) }
        if let d = disposal {
            c["disposal"] = ["disposedAtLocal": Timestamp.swedishLocal(d.disposedAt), "disposalDecision": d.decision, "disposalRecord": d.record]
        }
        if let w = content { c["content"] = ["provision": w.provision, "reference": w.reference, "marker": Self.marker(w), "notice": Self.notice(w)] }
        return c
    }
}
