import Foundation

/// A data file of the rules that cannot be used: missing, not the JSON its loader reads, or with
/// rows that are incomplete or contradict each other. A setup fault for the installer, never the
/// user's: it names the file, so that the one to mend is known.
public struct LegalDataError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file's name in the data folder (`public-holidays.json`); `Data` for the folder itself.
    public let file: String
    /// What is wrong with it, naming the row where one is at fault.
    public let message: String

    public var description: String { "legal data: \(file): \(message)" }
}

/// Reading the data files, each failure naming its file.
enum DataFile {
    /// The data folder shipped with Diarium (Sources/DiariumRules/Data).
    static func bundled() throws(LegalDataError) -> URL {
        guard let url = Bundle.module.url(forResource: "Data", withExtension: nil) else {
            throw LegalDataError(file: "Data", message: "the bundled data folder is missing from the build")
        }
        return url
    }

    /// The file `name` in `directory`, decoded.
    static func decode<T: Decodable>(_: T.Type, _ name: String, in directory: URL) throws(LegalDataError) -> T {
        let url = directory.appendingPathComponent(name), data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw LegalDataError(file: name, message: "cannot be read from \(url.path) (\(error.localizedDescription))")
        }
        do { return try JSONDecoder().decode(T.self, from: data) } catch {
            throw LegalDataError(file: name, message: "not the JSON expected: \(error)")
        }
    }

    /// The rows of the file `name` in `directory`: `{"about": "…", "rows": [...]}`.
    static func rows<Row: Decodable>(_ name: String, in directory: URL) throws(LegalDataError) -> [Row] {
        try decode(RowsFile<Row>.self, name, in: directory).rows
    }
}

/// A data file: `{"about": "…", "rows": [...]}`.
struct RowsFile<Row: Decodable>: Decodable { let rows: [Row] }
