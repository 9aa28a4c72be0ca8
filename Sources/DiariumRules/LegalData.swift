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
    public static func bundled() throws(LegalDataError) -> LegalData {
        try LegalData(directory: DataFile.bundled())
    }

    /// Loads and checks the data files in `directory`.
    public init(directory: URL) throws(LegalDataError) {
        let provisionsFile = "secrecy-provisions.json", protectionsFile = "built-in-protections.json"
        provisions = try DataFile.rows(provisionsFile, in: directory)
        documentTypes = try DataFile.rows("document-types.json", in: directory)
        func fault(_ message: String) -> LegalDataError { LegalDataError(file: provisionsFile, message: message) }
        var ids = Set<String>()
        for p in provisions where !ids.insert(p.id + "@" + p.validFrom.description).inserted {
            throw fault("duplicate provision row \(p.id) from \(p.validFrom)")
        }
        for p in provisions where p.source.isEmpty {
            throw fault("provision \(p.id) has no source")
        }
        for p in provisions where (p.maxDurationYears.map { $0 <= 0 } ?? false) || (p.validTo.map { $0 < p.validFrom } ?? false) {
            throw fault("provision \(p.id) needs a positive maxDurationYears and validTo after validFrom")
        }
        // An ending event that names no document type could never be matched against a case.
        let codes = Set(documentTypes.map(\.code))
        for p in provisions {
            for code in p.endsWith ?? [] where !codes.contains(code) {
                throw fault("provision \(p.id) ends with \(code), which is no document type")
            }
        }
        protections = try DataFile.rows(protectionsFile, in: directory)
        for p in protections where !BuiltInProtection.isBuiltIn(p.id) || p.source.isEmpty || p.label.isEmpty {
            throw LegalDataError(file: protectionsFile, message: "built-in protection \(p.id) needs an id starting skydd:, a label and a source")
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
}
