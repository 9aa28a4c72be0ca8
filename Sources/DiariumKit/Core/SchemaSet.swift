import DiariumXML
import Foundation

/// The XSDs of `schemas/`, each compiled once on first use and shared (libxml2 allows one
/// compiled schema to serve several threads).
final class SchemaSet: @unchecked Sendable {
    let directory: URL
    private let lock = NSLock()
    private var loaded: [String: XMLSchema] = [:]

    init(directory: URL) { self.directory = directory }

    /// Schema names are plain words (`registration`), so a name can never walk out of the folder.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }

    var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
            .filter { $0.hasSuffix(".xsd") }.map { String($0.dropLast(4)) }.sorted()
    }

    func schema(_ name: String) throws(DiariumError) -> XMLSchema {
        guard Self.isValidName(name), names.contains(name) else {
            throw .reject("schema", "schema.unknown", "okänt schema; välj ett av: \(names.joined(separator: ", "))")
        }
        lock.lock()
        defer { lock.unlock() }
        if let s = loaded[name] { return s }
        do {
            let s = try XMLSchema(contentsOf: directory.appendingPathComponent(name + ".xsd"))
            loaded[name] = s
            return s
        } catch {
            throw .setup(error.description)
        }
    }
}
