import DiariumModel
import DiariumRender
import DiariumRules
import DiariumXML
import Foundation

/// The repository's own templates and schemas, found from this file's path.
enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let templates = root.appendingPathComponent("templates")
    static let schemas = root.appendingPathComponent("schemas")

    static func renderer() throws -> Renderer {
        Renderer(templates: try TemplateSet(directory: templates), legal: try LegalData.bundled())
    }

    static func schema(_ name: String) throws -> XMLSchema {
        try XMLSchema(contentsOf: schemas.appendingPathComponent(name + ".xsd"))
    }
}

func entry(title: String = "Anbud avseende ultraljudsgel", counterparty: String? = "Nordisk Sjukvårdsprodukter AB",
           publicTitle: String? = nil, fileName: String = "anbud.pdf", secrecy: [SecrecyMarking] = []) -> RegisterEntry {
    let org = Organisation(code: "RS", name: "Region Sörmland", organisationNumber: OrganisationNumber(parsing: "232100-0032")!, prefix: "RS")
    return RegisterEntry(
        number: DocumentNumber(parsing: "RS 2026/0042-3")!, caseTitle: "Direktupphandling av ultraljudsgel", organisation: org,
        direction: .incoming, date: CivilDate(parsing: "2026-11-12")!, registeredAt: Date(timeIntervalSince1970: 1_795_000_000),
        registeredBy: "Registrator", counterparty: counterparty, title: title, publicTitle: publicTitle, documentType: "anbud",
        handler: "Åsa Öberg", file: ArchivedFile(name: fileName, mediaType: "application/pdf", size: 1234, sha256: String(repeating: "ab", count: 32)),
        secrecy: secrecy)
}

func mark(_ field: String, _ provision: String = "osl-31-16", reason: String = "Skäl") -> SecrecyMarking {
    SecrecyMarking(field: FieldPath(field), provision: provision, reason: reason)
}
