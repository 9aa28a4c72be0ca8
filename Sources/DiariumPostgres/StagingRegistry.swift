public import DiariumStore
public import Foundation

/// Folders a release stages, registered in the store folder while they exist (as on SQLite).
extension PostgresStore {
    public func beginStaging(_ folder: URL) throws(StoreError) -> StagingTicket { try staging.beginStaging(folder) }
    public func endStaging(_ ticket: StagingTicket) { staging.endStaging(ticket) }
    public func stagingLeftovers() -> [URL] { staging.stagingLeftovers() }
    var staging: StagingFolders { StagingFolders(root: root) }
}
