public import DiariumModel
public import Foundation

/// The legal data and code lists the rules read: every legal number or provision is a row here,
/// with its dates and source, never a literal in code.
public struct LegalData: Sendable {
    public let provisions: [SecrecyProvision]
    public let documentTypes: [DocumentType]
    /// Details never shown publicly whatever the markings say (a sole trader's personnummer).
    public let protections: [ProtectionRow]

    public init(provisions: [SecrecyProvision], documentTypes: [DocumentType], protections: [ProtectionRow] = []) {
        self.provisions = provisions
        self.documentTypes = documentTypes
        self.protections = protections
    }

    /// The data shipped with Diarium (Sources/DiariumRules/Data).
    public static func bundled() throws -> LegalData {
        guard let url = Bundle.module.url(forResource: "Data", withExtension: nil) else {
            throw LegalDataError(message: "the bundled data folder is missing from the build")
        }
        return try LegalData(directory: url)
    }

    /// Loads and checks the data files in `directory`.
    public init(directory: URL) throws {
        provisions = try Self.rows(directory.appendingPathComponent("secrecy-provisions.json"))
        documentTypes = try Self.rows(directory.appendingPathComponent("document-types.json"))
        let protectionsFile = directory.appendingPathComponent("built-in-protections.json")
        var ids = Set<String>()
        for p in provisions where !ids.insert(p.id + "@" + p.validFrom.description).inserted {
            throw LegalDataError(message: "duplicate provision row \(p.id) from \(p.validFrom)")
        }
        for p in provisions where p.source.isEmpty {
            throw LegalDataError(message: "provision \(p.id) has no source")
        }
        for p in provisions where (p.maxDurationYears.map { $0 <= 0 } ?? false) || (p.validTo.map { $0 < p.validFrom } ?? false) {
            throw LegalDataError(message: "provision \(p.id) needs a positive maxDurationYears and validTo after validFrom")
        }
        // An ending event that names no document type could never be matched against a case.
        let codes = Set(documentTypes.map(\.code))
        for p in provisions {
            for code in p.endsWith ?? [] where !codes.contains(code) {
                throw LegalDataError(message: "provision \(p.id) ends with \(code), which is no document type")
            }
        }
        do { protections = try Self.rows(protectionsFile) } catch {
            throw LegalDataError(message: "built-in-protections.json: \(error)")
        }
        for p in protections where !BuiltInProtection.isBuiltIn(p.id) || p.source.isEmpty || p.label.isEmpty {
            throw LegalDataError(message: "built-in protection \(p.id) needs an id starting skydd:, a label and a source")
        }
    }

    /// The provision row `id` in force on `date`.
    public func provision(_ id: String, on date: CivilDate) -> SecrecyProvision? {
        provisions.first { $0.id == id && $0.isValid(on: date) }
    }

    /// The newest row of `id`, whatever its dates: for showing a marking made under it.
    public func provision(_ id: String) -> SecrecyProvision? {
        provisions.filter { $0.id == id }.max { $0.validFrom < $1.validFrom }
    }

    /// How a provision is cited to people (`31 kap. 16 § OSL`), or a built-in protection named
    /// (`Personnummer för enskild näringsidkare`); its id when the data lacks it.
    public func reference(_ id: String) -> String { provision(id)?.shortReference ?? protection(id)?.label ?? id }

    public func protection(_ id: String) -> ProtectionRow? { protections.first { $0.id == id } }

    public func documentType(_ code: String) -> DocumentType? {
        documentTypes.first { $0.code == code }
    }

    private struct File<Row: Decodable>: Decodable { let rows: [Row] }

    private static func rows<Row: Decodable>(_ url: URL) throws -> [Row] {
        try JSONDecoder().decode(File<Row>.self, from: Data(contentsOf: url)).rows
    }
}

public struct LegalDataError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { "legal data: \(message)" }
}
