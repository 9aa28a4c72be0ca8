import DiariumModel
import DiariumText
import DiariumRules

/// Masks a document's marked details for one audience, on the data: every view of a document
/// kind builds its template context through one of these, so the rule is written once.
struct Masker {
    let audience: Audience
    let legal: LegalData
    let markings: [SecrecyMarking]
    /// Marked values, masked wherever they occur (see `DirectProcurement.secretValues`).
    let byValue: [String: SecrecyMarking]
    /// The marked values with the matcher: a field whose text gives one away, however it is
    /// written, is masked whole (the input check refuses such text; this holds for documents
    /// archived before it did, and for masks chosen on a request).
    let secrets: SecretSet
    /// Built-in protections, masked like markings and listed apart.
    let protections: [SecrecyMarking]

    init(audience: Audience, legal: LegalData, markings: [SecrecyMarking], byValue: [String: SecrecyMarking] = [:],
         secrets: SecretSet = SecretSet([]), protections: [SecrecyMarking] = []) {
        self.audience = audience
        self.legal = legal
        self.markings = markings
        self.byValue = byValue
        self.secrets = secrets
        self.protections = protections
    }

    /// The marking under which a public view withholds `value` of `path`, if it does.
    func withholding(_ path: String, _ value: String, display: String? = nil) -> SecrecyMarking? {
        guard audience == .public else { return nil }
        if let m = (markings + protections).first(where: { $0.field.description == path }) ?? byValue[value] { return m }
        if let hit = secrets.firstHit(in: value) ?? display.flatMap({ secrets.firstHit(in: $0) }) { return hit.value.marking }
        return nil
    }

    /// A leaf for the templates: `text` (XML), `display` (people), and `withheld` when masked.
    func field(_ path: String, _ value: String, display: String? = nil) -> [String: Any] {
        if let m = withholding(path, value, display: display) {
            let w = RegisterView.withheld(m.provision, legal: legal)
            let marker = RegisterView.marker(w)
            return ["text": marker, "display": marker, "withheld": ["provision": w.provision, "reference": w.reference]]
        }
        return ["text": value, "display": display ?? value]
    }

    func amount(_ path: String, _ value: Amount) -> [String: Any] { field(path, value.description, display: value.swedish) }

    /// The list of markings, then the built-in protections (`builtin`): the provision always,
    /// the reason for staff only (it may describe the very detail it protects).
    var markingsContext: [[String: Any]] {
        let marked = Set(markings.map(\.field))
        return (markings + protections.filter { !marked.contains($0.field) }).map { m in
            var d: [String: Any] = ["field": m.field.description, "markingProvision": m.provision,
                                    "markingReference": RegisterView.withheld(m.provision, legal: legal).reference]
            if BuiltInProtection.isBuiltIn(m.provision) { d["builtin"] = true }
            if audience == .full { d["reason"] = m.reason }
            return d
        }
    }
}
