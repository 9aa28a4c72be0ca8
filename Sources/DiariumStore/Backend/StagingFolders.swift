public import Foundation

/// Folders that a release stages outside the store (beside the requester's target, so that the
/// final rename stays on one file system), registered in the store while they exist: a release
/// killed between staging and publishing leaves a hidden folder that nothing else would ever
/// report, and `verify` lists it.
package struct StagingFolders: StagingRegistry {
    package static let folderName = "staging"
    /// The store folder.
    package let root: URL

    package init(root: URL) { self.root = root }

    /// Registers `folder` before it is created (the marker is on disk first, so a crash right
    /// after creating the folder still leaves it findable).
    package func beginStaging(_ folder: URL) throws(StoreError) -> StagingTicket {
        let dir = root.appendingPathComponent(Self.folderName, isDirectory: true)
        let marker = dir.appendingPathComponent(UUID().uuidString)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try Data(folder.path.utf8).write(to: marker, options: .atomic)
        } catch { throw .io("cannot register the staging folder: \(error.localizedDescription)") }
        try ObjectStore.syncFolder(dir)
        return StagingTicket(marker: marker, folder: folder)
    }

    /// Forgets a staging folder that was published or removed.
    package func endStaging(_ ticket: StagingTicket) {
        try? FileManager.default.removeItem(at: ticket.marker)
    }

    /// Staging folders registered and still present: left by a release that was interrupted.
    package func stagingLeftovers() -> [URL] {
        let dir = root.appendingPathComponent(Self.folderName, isDirectory: true)
        let markers = (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? []
        return markers.sorted { $0.path < $1.path }.compactMap { m in
            guard let path = try? String(contentsOf: m, encoding: .utf8) else { return nil }
            let folder = URL(fileURLWithPath: path, isDirectory: true)
            return FileManager.default.fileExists(atPath: folder.path) ? folder : nil
        }
    }
}
