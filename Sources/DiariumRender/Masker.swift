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
    /// The first of the markings, then the protections, on each path: asked for every field of
    /// a view, where each ask used to join the lists and spell out every path anew.
    private let byPath: [String: SecrecyMarking]

    init(audience: Audience, legal: LegalData, markings: [SecrecyMarking], byValue: [String: SecrecyMarking] = [:],
         secrets: SecretSet = SecretSet([]), protections: [SecrecyMarking] = []) {
        self.audience = audience
        self.legal = legal
        self.markings = markings
        self.byValue = byValue
        self.secrets = secrets
        self.protections = protections
        var byPath: [String: SecrecyMarking] = [:]
        for m in markings + protections where byPath[m.field.description] == nil { byPath[m.field.description] = m }
        self.byPath = byPath
    }

    /// The marking under which a public view withholds `value` of `path`, if it does.
    func withholding(_ path: String, _ value: String, display: String? = nil) -> SecrecyMarking? {
        guard audience == .public else { return nil }
        if let m = byPath[path] ?? byValue[value] { return m }
        if let hit = secrets.firstHit(in: value) { return hit.value.marking }
        // A display that is the value itself was looked through just now.
        if let display, display != value, let hit = secrets.firstHit(in: display) { return hit.value.marking }
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
            var d: [String: Any] = ["field": m.field.description, "fieldLabel": FieldLabels.label(m.field.description), "markingProvision": m.provision,
                                    "markingReference": RegisterView.withheld(m.provision, legal: legal).reference]
            if BuiltInProtection.isBuiltIn(m.provision) { d["builtin"] = true }
            if audience == .full { d["reason"] = m.reason }
            return d
        }
    }
}
