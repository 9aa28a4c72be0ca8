public import DiariumModel
public import DiariumRules
import Foundation

/// Output formats of a rendered document.
public enum RenderFormat: String, Sendable, CaseIterable {
    case xml
    case html
    case text = "txt"
}

/// Renders document views through the templates of `templates/`.
public struct Renderer: Sendable {
    public let templates: TemplateSet
    public let legal: LegalData

    public init(templates: TemplateSet, legal: LegalData) {
        self.templates = templates
        self.legal = legal
    }

    /// The registration record (diarieblad) of `entry` for `audience`.
    public func registration(_ entry: RegisterEntry, for audience: Audience, as format: RenderFormat) throws(TemplateError) -> String {
        try registration(RegisterView(entry, for: audience, legal: legal), as: format)
    }

    /// The registration record of a view already made (one that shows a disposal).
    public func registration(_ view: RegisterView, as format: RenderFormat) throws(TemplateError) -> String {
        try templates.render("registration.\(format.rawValue)", view.templateContext)
    }
}
