public import DiariumKit
import DiariumModel
import DiariumRender
import Foundation

/// What every page needs: the one Diarium of the process, the web templates and the style
/// sheet, loaded once at start.
public struct Site: Sendable {
    let diarium: Diarium
    let templates: TemplateSet
    let styleSheet: Data
    /// Document type code → Swedish label, looked up for every hit.
    let typeLabels: [String: String]
    /// The pickers' lists, made once: the organisations, and the document types by label.
    let organisations: [(code: String, name: String)]
    let sortedTypes: [(code: String, label: String)]
    /// Who the public pages act for: a member of the public, no role.
    var visitor: Principal { Self.visitorPrincipal }
    static let visitorPrincipal = Principal.member(ofThePublic: "allmänheten (webbdiariet)")
    /// The largest file the registrar's upload takes, in bytes.
    let uploadLimit: Int
    /// The server sits behind an HTTPS reverse proxy: cookies are Secure with `__Host-` names
    /// (no other site of the domain can set them), HSTS is sent, and the client's address (for
    /// login throttling) is the last one the proxy added to `X-Forwarded-For`.
    let behindProxy: Bool

    /// Hits per page of the public register.
    static let pageSize = 20

    /// Opens the web templates of `home` (`templates/web`) for `diarium`.
    public init(diarium: Diarium, home: DiariumHome, uploadLimit: Int = 25 * 1_048_576, behindProxy: Bool = false) throws(DiariumError) {
        self.uploadLimit = uploadLimit
        self.behindProxy = behindProxy
        let folder = home.templates.appendingPathComponent("web", isDirectory: true)
        do { templates = try TemplateSet(directory: folder) } catch { throw .setup(error.description) }
        guard let css = try? Data(contentsOf: folder.appendingPathComponent("diarium.css")) else {
            throw .setup("the style sheet templates/web/diarium.css is missing")
        }
        styleSheet = css
        self.diarium = diarium
        typeLabels = Dictionary(diarium.documentTypeLabels.map { ($0.code, $0.label) }, uniquingKeysWith: { first, _ in first })
        organisations = diarium.organisationNames
        sortedTypes = diarium.documentTypeLabels.sorted { $0.label < $1.label }
    }
}
