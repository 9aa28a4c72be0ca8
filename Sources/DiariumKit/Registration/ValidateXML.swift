import DiariumModel
import DiariumXML
public import Foundation

/// One problem of `validate`, with its line.
public struct XMLProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { line > 0 ? "rad \(line): \(message)" : message }
}

/// Validation of any XML file against one of our schemas; no store needed.
public struct XMLValidator: Sendable {
    let schemas: SchemaSet

    public init(home: DiariumHome) { schemas = SchemaSet(directory: home.schemas) }

    public var schemaNames: [String] { schemas.names }

    /// Validates the XML at `file` against `schema`, or against the schema its root namespace
    /// names (`urn:diarium:<kind>:1`). Returns the schema used and the problems (none: valid).
    /// A file the hardened parser refuses (DTD, malformed) is reported as a rejection.
    public func validate(file: URL, schema: String?) throws(DiariumError) -> (schema: String, problems: [XMLProblem]) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: file.path, isDirectory: &isDir) else {
            throw .reject("file", "file.not-found", "filen finns inte")
        }
        guard !isDir.boolValue else { throw .reject("file", "file.is-directory", "är en mapp, inte en fil") }
        let data: Data
        do { data = try Data(contentsOf: file) } catch { throw .reject("file", "file.unreadable", "kan inte läsas") }
        let doc: ParsedXMLDocument
        do { doc = try HardenedXMLParser.parse(data, name: file.lastPathComponent) } catch {
            throw .rejected(InputRejected(xmlRejection: error, field: "file", quoting: true))
        }
        let name: String
        if let schema {
            name = schema
        } else if let ns = doc.rootNamespace, ns.hasPrefix("urn:diarium:"), ns.hasSuffix(":1") {
            name = String(ns.dropFirst("urn:diarium:".count).dropLast(2))
        } else {
            throw .reject("schema", "schema.required", "anges med --schema; dokumentets namnrymd pekar inte ut något av våra scheman")
        }
        let issues = try schemas.schema(name).validate(doc)
        return (name, issues.map { XMLProblem(line: $0.line, message: $0.message) })
    }
}
