public import Foundation

/// A file a face hands to the Kit: its bytes and the name it had (the name is what errors and
/// the register show). The CLI reads it from a path (`read(_:)`), the web from an upload; the Kit
/// never opens a path of the caller's.
public struct InputFile: Sendable {
    public let name: String
    public let data: Data

    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }

    /// The largest ledger the Kit reads (a region's purchases of several years).
    public static let maxLedgerSize = 2_000_000_000

    /// Reads a regular file at `url`, mapped when it can be (a 2 GB ledger is not copied into
    /// memory). Refused, naming the field `file`: a missing or special file, an unreadable one,
    /// one over `maxSize`.
    public static func read(_ url: URL, maxSize: Int = maxLedgerSize) throws(DiariumError) -> InputFile {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.resolvingSymlinksInPath().path)
        guard attributes?[.type] as? FileAttributeType == .typeRegular else {
            throw .reject("file", "file.not-found", "filen finns inte eller är ingen vanlig fil")
        }
        guard let data = try? Data(contentsOf: url, options: .mappedIfSafe) else {
            throw .reject("file", "file.unreadable", "kan inte läsas")
        }
        guard data.count <= maxSize else {
            let limit = maxSize >= 1_000_000_000 ? "\(maxSize / 1_000_000_000) GB"
                : maxSize >= 1_000_000 ? "\(maxSize / 1_000_000) MB" : "\(maxSize) byte"
            throw .reject("file", "file.too-large", "är större än \(limit)")
        }
        return InputFile(name: url.lastPathComponent, data: data)
    }
}
